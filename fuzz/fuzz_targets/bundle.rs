#![no_main]

// calamine panics on some malformed workbooks, and the reader catches that
// for the one file (`workbook::read_bytes`). libFuzzer's panic hook would
// abort before the catch: the default hook is put back for this target,
// so only panics that escape pingshen end the run (libfuzzer-sys aborts
// on those itself).
libfuzzer_sys::fuzz_target!(
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| pingshen::fuzz::bundle(data)
);
