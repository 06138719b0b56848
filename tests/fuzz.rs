//! The fuzz targets (`pingshen::fuzz`) driven by seeded mutation on the
//! stable toolchain, as CI runs them: each target's corpus in
//! `fuzz/corpus/<target>` is mutated (bytes flipped, set to values that
//! parsers care about, inserted, deleted, duplicated, cut off, spliced
//! with another seed) with a fixed seed, so a run is repeatable and a
//! finding reproduces. Every input must be handled: no panic, no abort,
//! nothing unsafe to print. Findings — of this harness or of `cargo fuzz`
//! (see `fuzz/README.md`) — are kept in `fuzz/regressions/<target>` and
//! replayed here first.
//!
//! `PINGSHEN_FUZZ_CASES` sets the number of mutants per target (default
//! 4000; the bundle target runs a quarter of them, each a whole import).

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

/// One edit of a seed; positions and lengths are fractions of its size.
#[derive(Clone, Debug)]
enum Edit {
    Flip(f64, u8),
    Set(f64, u8),
    Insert(f64, Vec<u8>),
    Delete(f64, f64),
    Duplicate(f64, f64),
    Truncate(f64),
    Splice(f64, usize, f64),
}

/// Bytes that parsers of text, tar, zip and OLE files turn on.
const INTERESTING: &[u8] = &[
    0, 0xff, 0x7f, 0x80, 0x1b, b'"', b'\'', b'\\', b'\n', b'[', b']', b'=', b'{', b'}', b',', b':',
    b'<', b'>', b'/', b'.', b'0', b'9', b'#', 0x20, 0xe2,
];

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        (at.clone(), prop::sample::select(INTERESTING)).prop_map(|(a, b)| Edit::Set(a, b)),
        (
            at.clone(),
            prop::collection::vec(prop::sample::select(INTERESTING), 1..16)
        )
            .prop_map(|(a, v)| Edit::Insert(a, v)),
        (at.clone(), 0.0..0.2f64).prop_map(|(a, l)| Edit::Delete(a, l)),
        (at.clone(), 0.0..0.1f64).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        (0.0..1.0f64).prop_map(Edit::Truncate),
        (at.clone(), any::<usize>(), 0.0..1.0f64).prop_map(|(a, s, f)| Edit::Splice(a, s, f)),
    ]
}

fn apply(mut v: Vec<u8>, edits: &[Edit], seeds: &[Vec<u8>]) -> Vec<u8> {
    let pos = |v: &Vec<u8>, f: f64| ((v.len() as f64) * f) as usize;
    for e in edits {
        match e {
            Edit::Flip(a, b) if !v.is_empty() => {
                let i = pos(&v, *a).min(v.len() - 1);
                v[i] ^= b | 1;
            }
            Edit::Set(a, b) if !v.is_empty() => {
                let i = pos(&v, *a).min(v.len() - 1);
                v[i] = *b;
            }
            Edit::Insert(a, bytes) => {
                let i = pos(&v, *a);
                v.splice(i..i, bytes.iter().copied());
            }
            Edit::Delete(a, l) => {
                let i = pos(&v, *a);
                let n = pos(&v, *l).max(1).min(v.len() - i);
                v.drain(i..i + n);
            }
            Edit::Duplicate(a, l) => {
                let i = pos(&v, *a);
                let n = pos(&v, *l).min(v.len() - i);
                let part: Vec<u8> = v[i..i + n].to_vec();
                v.splice(i..i, part);
            }
            Edit::Truncate(f) => {
                let n = pos(&v, *f);
                v.truncate(n);
            }
            Edit::Splice(a, s, f) if !seeds.is_empty() => {
                let other = &seeds[s % seeds.len()];
                let from = ((other.len() as f64) * f) as usize;
                let i = pos(&v, *a);
                v.truncate(i);
                v.extend_from_slice(&other[from..]);
            }
            _ => {}
        }
    }
    v
}

fn cases() -> u32 {
    std::env::var("PINGSHEN_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4000)
}

/// calamine panics on some malformed workbooks; the reader catches that
/// for the one file (tested), so its panic messages are noise here.
fn quiet_caught_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info
                .location()
                .is_some_and(|l| l.file().contains("calamine"))
            {
                return;
            }
            default(info);
        }));
    });
}

fn run(target: &str) {
    quiet_caught_reader_panics();
    let f = pingshen::fuzz::TARGETS
        .iter()
        .find(|(n, _)| *n == target)
        .map(|(_, f)| *f)
        .unwrap();
    // Findings first: each must stay handled.
    for bytes in files_in(&fuzz_dir().join("regressions").join(target)) {
        f(&bytes);
    }
    let seeds = files_in(&fuzz_dir().join("corpus").join(target));
    assert!(!seeds.is_empty(), "fuzz/corpus/{target} holds the seeds");
    for s in &seeds {
        f(s);
    }
    let n = if target == "bundle" {
        cases() / 4
    } else {
        cases()
    };
    let config = Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    };
    // A fixed seed per target: the same mutants every run.
    let mut key = [0u8; 32];
    key[..target.len().min(32)].copy_from_slice(&target.as_bytes()[..target.len().min(32)]);
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let strategy = (0..seeds.len(), prop::collection::vec(edit(), 1..8));
    let ran = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |(i, edits)| {
        ran.set(ran.get() + 1);
        let input = apply(seeds[i].clone(), &edits, &seeds);
        let outcome = std::panic::catch_unwind(|| f(&input));
        if outcome.is_err() {
            // Kept for `cargo fuzz run <target> <file>` and for replay.
            let dir = std::env::temp_dir()
                .join("pingshen-fuzz-findings")
                .join(target);
            let _ = fs::create_dir_all(&dir);
            let path = dir.join(format!("{:016x}", fxhash(&input)));
            let _ = fs::write(&path, &input);
            return Err(TestCaseError::fail(format!(
                "{target}: finding saved to {}",
                path.display()
            )));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "{target}: {} mutants of {} seeds handled",
        ran.get(),
        seeds.len()
    );
    assert_eq!(ran.get(), n, "every mutant ran");
}

fn fxhash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325u64, |h, x| {
        (h ^ u64::from(*x)).wrapping_mul(0x100000001b3)
    })
}

#[test]
fn fuzz_bundle() {
    run("bundle");
}

#[test]
fn fuzz_manifest() {
    run("manifest");
}

#[test]
fn fuzz_workbook() {
    run("workbook");
}

#[test]
fn fuzz_review_file() {
    run("review_file");
}

#[test]
fn fuzz_allowed_signers() {
    run("allowed_signers");
}

#[test]
fn fuzz_rubric() {
    run("rubric");
}

#[test]
fn fuzz_keymap() {
    run("keymap");
}

/// Every target the library names has a test here and a corpus.
#[test]
fn every_target_is_fuzzed() {
    let src = include_str!("fuzz.rs");
    for (name, _) in pingshen::fuzz::TARGETS {
        assert!(src.contains(&format!("fn fuzz_{name}()")), "{name}");
        assert!(fuzz_dir().join("corpus").join(name).is_dir(), "{name}");
    }
}
