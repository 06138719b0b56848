//! Helpers shared by the end-to-end tests: copies of the demo data in
//! temporary folders, and running the real binary.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pingshen::bundle::manifest::{
    self, FORMAT, FileEntry, FileKind, MANIFEST, Manifest, RubricRef,
};
use pingshen::bundle::source;
use pingshen::model::Round;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn testdata(rel: &str) -> PathBuf {
    repo().join("testdata").join(rel)
}

/// Runs the binary with `args`; `PINGSHEN_LANG` is cleared so that tests
/// choose the language themselves.
pub fn pingshen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(args)
        .env_remove("PINGSHEN_LANG")
        .output()
        .expect("run pingshen")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the demo submissions holding only `prefectures`
/// (all of them when empty), laid out as `tmp/submissions` beside
/// `tmp/rubric` so that pack.toml's rubric paths still hold.
pub fn submissions(prefectures: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("submissions");
    copy_dir(&testdata("rubric"), &tmp.path().join("rubric"));
    fs::create_dir_all(&src).unwrap();
    fs::copy(testdata("submissions/pack.toml"), src.join("pack.toml")).unwrap();
    for e in fs::read_dir(testdata("submissions")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.file_type().unwrap().is_dir()
            && (prefectures.is_empty() || prefectures.contains(&name.as_str()))
        {
            copy_dir(&e.path(), &src.join(&name));
        }
    }
    (tmp, src)
}

/// Writes a bundle from a submissions folder without validating anything:
/// how a bundle with a broken workbook reaches `import` (a hand-made or
/// tampered bundle).
pub fn unchecked_bundle(src: &Path, out: &Path) {
    let mut problems = pingshen::bundle::Problems::default();
    let files = source::walk(src, &mut problems);
    let mut entries = Vec::new();
    for f in &files {
        let to = out.join(&f.rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(src.join(&f.rel), &to).unwrap();
        let (sha256, size) = manifest::sha256_file(&to).unwrap();
        entries.push(FileEntry {
            path: f.rel.clone(),
            kind: f.kind,
            size,
            sha256,
        });
    }
    let mut rubrics = Vec::new();
    for round in Round::ALL {
        let path = format!("rubric/{}.toml", round.key());
        let text = fs::read_to_string(testdata(&path)).unwrap();
        fs::create_dir_all(out.join("rubric")).unwrap();
        fs::write(out.join(&path), &text).unwrap();
        entries.push(FileEntry {
            path: path.clone(),
            kind: FileKind::Rubric,
            size: text.len() as u64,
            sha256: manifest::sha256_bytes(text.as_bytes()),
        });
        rubrics.push(RubricRef { round, path });
    }
    let m = Manifest {
        format: FORMAT,
        title: "unchecked".into(),
        issuer: "tests".into(),
        year: 2018,
        rounds: Round::ALL.to_vec(),
        rubrics,
        files: entries,
    };
    fs::write(out.join(MANIFEST), m.to_text()).unwrap();
}
