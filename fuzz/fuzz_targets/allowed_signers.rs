#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pingshen::fuzz::allowed_signers(data));
