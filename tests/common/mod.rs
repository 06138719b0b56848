//! Helpers shared by the end-to-end tests: copies of the demo data in
//! temporary folders, and running the real binary.

#![allow(dead_code)]

pub mod screen;

#[allow(unused_imports)]
pub use screen::frame_text;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pingshen::bundle::manifest::{self, FORMAT, FileEntry, FileKind, Manifest, RubricRef};
use pingshen::bundle::{archive, source};
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

/// Imports the sample bundle into the store at `db`.
pub fn import_demo(db: &str) {
    let o = pingshen(&[
        "--db",
        db,
        "import",
        testdata("bundle.tar").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
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
    let (files, _) = source::walk(src, &mut problems);
    let mut entries = Vec::new();
    for f in &files {
        let (sha256, size) = manifest::sha256_file(&src.join(&f.rel)).unwrap();
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
        let text = fs::read(testdata(&path)).unwrap();
        entries.push(FileEntry {
            path: path.clone(),
            kind: FileKind::Rubric,
            size: text.len() as u64,
            sha256: pingshen::digest::sha256_bytes(&text),
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
    let list: Vec<(String, FileKind)> = m.files.iter().map(|f| (f.path.clone(), f.kind)).collect();
    let read = |rel: &str| match rel.strip_prefix("rubric/") {
        Some(_) => fs::read(testdata(rel)),
        None => fs::read(src.join(rel)),
    };
    archive::write(out, &m.to_text(), &list, &read).unwrap();
}

/// An entry to write into a rewritten archive.
pub enum Raw {
    File(String, Vec<u8>),
    Link(String, String),
}

/// Rewrites a bundle archive: `edit` gets every entry and says what stands
/// in its place.
pub fn rewrite(bundle: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<Raw>) {
    let mut old = tar::Archive::new(fs::File::open(bundle).unwrap());
    let mut raws = Vec::new();
    for e in old.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_str().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
        raws.extend(edit(&path, bytes));
    }
    let mut b = tar::Builder::new(Vec::new());
    for raw in raws {
        let mut h = tar::Header::new_gnu();
        match raw {
            Raw::File(path, bytes) => {
                h.set_size(bytes.len() as u64);
                h.set_entry_type(tar::EntryType::Regular);
                b.append_data(&mut h, path, &bytes[..]).unwrap();
            }
            Raw::Link(path, target) => {
                h.set_size(0);
                h.set_entry_type(tar::EntryType::Symlink);
                b.append_link(&mut h, path, target).unwrap();
            }
        }
    }
    fs::write(bundle, b.into_inner().unwrap()).unwrap();
}

/// A workbook as LibreOffice prints it: converted to PDF headless (with a
/// profile of its own, so tests can convert side by side). LibreOffice is
/// the peer for print layout; `.ci/run` installs it.
pub fn print_to_pdf(xlsx: &Path) -> PathBuf {
    let dir = xlsx.parent().unwrap();
    let profile = dir.join("lo-profile");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .output()
        .expect("soffice (LibreOffice calc) must be installed: .ci/run installs it");
    assert!(o.status.success(), "soffice: {}", stderr(&o));
    let pdf = xlsx.with_extension("pdf");
    assert!(pdf.exists(), "soffice wrote no PDF: {}", stdout(&o));
    pdf
}

/// The size in points (width, height) of each page of a PDF, by `pdfinfo`.
pub fn pdf_pages(pdf: &Path) -> Vec<(f64, f64)> {
    let o = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "10000"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed: .ci/run installs it");
    assert!(o.status.success(), "pdfinfo: {}", stderr(&o));
    stdout(&o)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            // "Page    1 size: 841.89 x 595.304 pts (A4)"
            (nums[1], nums[2])
        })
        .collect()
}

/// The text of a PDF laid out as printed, by `pdftotext -layout`.
pub fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    stdout(&o)
}

/// The text of page `page` (from 1) of a PDF, in reading order.
pub fn pdf_page_text(pdf: &Path, page: usize) -> String {
    pdf_region(pdf, page, 0.0, 10_000.0)
}

/// The text of a band of page `page` (from 1) of a PDF: `height` points
/// from `top` points down, across the page's width (a page header or
/// footer).
pub fn pdf_region(pdf: &Path, page: usize, top: f64, height: f64) -> String {
    let page = page.to_string();
    let o = Command::new("pdftotext")
        .args([
            "-f", &page, "-l", &page, "-r", "72", "-x", "0", "-W", "10000",
        ])
        .args([
            "-y",
            &format!("{}", top as i64),
            "-H",
            &format!("{}", height as i64),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    stdout(&o).replace('\u{c}', "").trim().to_string()
}

/// `ssh-keygen ARGS`, reading `stdin` if given: OpenSSH, the reference
/// peer for signatures.
pub fn ssh_keygen(args: &[&str], stdin: Option<&Path>) -> Output {
    let mut c = Command::new("ssh-keygen");
    c.args(args);
    if let Some(p) = stdin {
        c.stdin(fs::File::open(p).unwrap());
    }
    c.output()
        .expect("ssh-keygen (OpenSSH) is needed; .ci/run installs it")
}

/// `ssh-keygen -Y verify` of `file` and `file.sig` as `principal`, in
/// `namespace`.
pub fn ssh_verify_in(signers: &Path, principal: &str, namespace: &str, file: &Path) -> Output {
    ssh_keygen(
        &[
            "-Y",
            "verify",
            "-f",
            signers.to_str().unwrap(),
            "-I",
            principal,
            "-n",
            namespace,
            "-s",
            &format!("{}.sig", file.display()),
        ],
        Some(file),
    )
}

/// `pingshen --lang en pack SRC -o OUT`.
pub fn pack_en(src: &Path, out: &Path) -> Output {
    pingshen(&[
        "--lang",
        "en",
        "pack",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
}

/// Runs pingshen with `args` under a pseudo-terminal; what the terminal got.
pub fn on_terminal(args: &[&str]) -> String {
    let mut line = String::from(env!("CARGO_BIN_EXE_pingshen"));
    for a in args {
        line.push_str(" '");
        line.push_str(a);
        line.push('\'');
    }
    let o = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("PINGSHEN_LANG")
        .output()
        .expect("script (util-linux) runs");
    assert!(
        o.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}
