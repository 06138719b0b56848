//! Hardening (issue 16): what arrives from outside — a file named by
//! --db, a shared store, a rubric, a path, a review file — reaches no
//! further than it should, and every exit leaves things as they were.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::*;

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn chmod(p: &Path, m: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
}

/// Runs the binary as an account that owns nothing here (nobody, where the
/// tests run as root, from a copy in `bin_dir` it may execute wherever
/// the checkout is), so that file modes are enforced.
fn as_other_user(bin_dir: &Path, args: &[&str]) -> Output {
    let root = unsafe { libc::geteuid() } == 0;
    let mut c = if root {
        let bin = bin_dir.join("pingshen");
        if !bin.exists() {
            fs::copy(env!("CARGO_BIN_EXE_pingshen"), &bin).unwrap();
            chmod(&bin, 0o755);
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_pingshen"))
    };
    c.args(args)
        .env_remove("PINGSHEN_LANG")
        .env("HOME", "/nonexistent")
        .output()
        .expect("run pingshen (setpriv from util-linux when root)")
}

/// `--db` on a file that is not a store: refused by name, and the file is
/// left exactly as it was (mode and bytes).
#[test]
fn a_file_that_is_not_a_store_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes.txt");
    fs::write(&notes, "my notes, not a database\n").unwrap();
    chmod(&notes, 0o644);
    let db = notes.to_str().unwrap();
    for args in [
        vec!["--db", db, "bundles"],
        vec!["--db", db, "find", "szzyc"],
        vec![
            "--db",
            db,
            "import",
            testdata("bundle.tar").to_str().unwrap(),
        ],
        vec!["--db", db, "log"],
    ] {
        let o = pingshen(&args);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains(db) && err.contains("不是 pingshen 数据库"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("Error code"), "{err}");
    }
    assert_eq!(mode(&notes), 0o644, "the mode is not changed");
    assert_eq!(
        fs::read_to_string(&notes).unwrap(),
        "my notes, not a database\n"
    );
    let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no -wal or -shm made beside it");
}

/// A shared lookup store its user may only read (0444, in a folder they
/// may not write): `find`, `show`, `bundles` and `log` work, and nothing is
/// written.
#[test]
fn lookups_work_on_a_store_the_user_may_only_read() {
    let tmp = tempfile::tempdir().unwrap();
    chmod(tmp.path(), 0o755);
    let dir = tmp.path().join("shared");
    fs::create_dir(&dir).unwrap();
    let db = dir.join("lookup.db");
    import_demo(db.to_str().unwrap());
    chmod(&db, 0o444);
    for folder_mode in [0o555, 0o777] {
        chmod(&dir, folder_mode);
        let before = fs::read(&db).unwrap();
        let d = db.to_str().unwrap();
        let o = as_other_user(tmp.path(), &["--db", d, "find", "szzyc"]);
        assert!(o.status.success(), "find: {}", stderr(&o));
        assert!(stdout(&o).contains("KH-4213-01"), "{}", stdout(&o));
        let o = as_other_user(tmp.path(), &["--db", d, "show", "KH-4213-01", "--json"]);
        assert!(o.status.success(), "show: {}", stderr(&o));
        assert!(stdout(&o).contains("随州专用汽车产业集群"));
        for cmd in ["bundles", "log"] {
            let o = as_other_user(tmp.path(), &["--db", d, cmd]);
            assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        }
        assert_eq!(fs::read(&db).unwrap(), before, "the store is not written");
        assert_eq!(mode(&db), 0o444);
    }
    chmod(&dir, 0o755);
}

/// A rubric line holding escape sequences (a window title, clear screen)
/// is quoted in pack's error as visible text, with its line.
#[test]
fn rubric_errors_quote_input_inert() {
    let (tmp, src) = submissions(&["天门"]);
    let rubric = tmp.path().join("rubric/assessment.toml");
    let mut text = fs::read_to_string(&rubric).unwrap();
    text.push_str("bad = \u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}\n");
    fs::write(&rubric, text).unwrap();
    let out = tmp.path().join("b.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        !err.chars()
            .any(|c| c != '\n' && pingshen::text::is_dangerous(c)),
        "{err:?}"
    );
    assert!(err.contains("\\u{1b}]0;pwned\\u{7}"), "{err}");
    assert!(!out.exists());
}

/// An absurd maximum is refused at its line, not summed into a negative
/// total.
#[test]
fn rubric_limits_are_enforced_with_the_line() {
    let (tmp, src) = submissions(&["天门"]);
    let rubric = tmp.path().join("rubric/assessment.toml");
    let text = fs::read_to_string(&rubric).unwrap();
    let text = text.replacen("max = 12", "max = 92233720368547758", 1);
    fs::write(&rubric, &text).unwrap();
    let line = text.lines().position(|l| l == "[[items]]").unwrap() + 1;
    let out = tmp.path().join("b.tar");
    let o = pack_en(&src, &out);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "line {line}: items[0] (P1).max: must be more than 0 and at most 1000"
        )),
        "{err}"
    );
}

/// `show --json | head -1`: the reader stopped reading, which is not an
/// error: exit 0, nothing on stderr.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::os::fd::{FromRawFd, OwnedFd};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    import_demo(db);
    for args in [
        vec!["--db", db, "show", "KH-4213-01", "--json"],
        vec!["--db", db, "find", "集群", "--json", "--limit", "500"],
        vec!["--db", db, "find", "集群", "--limit", "500"],
        vec!["--db", db, "show", "KH-4213-01"],
    ] {
        let mut fds = [0; 2];
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // Close the reading end: every write fails with EPIPE.
        drop(unsafe { OwnedFd::from_raw_fd(fds[0]) });
        let write_end = unsafe { OwnedFd::from_raw_fd(fds[1]) };
        let o = Command::new(env!("CARGO_BIN_EXE_pingshen"))
            .args(&args)
            .stdout(write_end)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

/// JSON numbers are the decimals shown on screen, and find and show name
/// the same things alike.
#[test]
fn json_numbers_are_as_shown_and_names_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    import_demo(db);
    let o = pingshen(&["--db", db, "find", "KH-4213-01", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let row = &rows[0];
    let o = pingshen(&["--db", db, "show", "KH-4213-01", "--json"]);
    let show: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = stdout(&pingshen(&["--db", db, "show", "KH-4213-01"]));
    // The growth of sales, as the screen shows it (16.5%).
    let growth = row["sales_growth_pct"].as_f64().unwrap();
    assert_eq!(show["growth_pct"][0].as_f64().unwrap(), growth);
    assert!(text.contains(&format!("{growth:.1}%")), "{text}");
    for g in show["growth_pct"].as_array().unwrap() {
        let s = g.to_string();
        assert!(
            s.split('.').nth(1).is_none_or(|d| d.len() == 1),
            "one decimal: {s}"
        );
    }
    for key in ["id", "round", "name", "prefecture", "industry"] {
        assert_eq!(row[key], show["cluster"][key], "{key}");
    }
    let sales = &show["cluster"]["indicators"][0];
    assert_eq!(sales["kind"], "sales");
    assert_eq!(row["sales_increment"], sales["increment"]);
}

/// The config folder (the profile, maybe the key) and a key's folder are
/// made owner-only, as the data folder is.
#[test]
fn folders_made_for_keys_and_profiles_are_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let key = tmp.path().join("keys/mine/id_ed25519");
    let o = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["--reviewer", "张三", "--key", key.to_str().unwrap()])
        .args(["keygen", "--no-passphrase"])
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_DATA_HOME", tmp.path().join("data"))
        .env_remove("PINGSHEN_LANG")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(key.parent().unwrap()), 0o700);
    assert_eq!(mode(&tmp.path().join("keys")), 0o700);
    assert_eq!(mode(&key), 0o600);
    let profile_dir = config.join("pingshen");
    assert!(
        profile_dir.join("reviewer.toml").exists(),
        "the key is kept in the profile"
    );
    assert_eq!(mode(&profile_dir), 0o700);
    assert_eq!(mode(&profile_dir.join("reviewer.toml")), 0o600);
}

/// `demo` works from the binary alone: copied into an empty folder, run
/// there with no checkout anywhere near, it finds its sample.
#[test]
fn demo_works_from_a_copied_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("pingshen");
    fs::copy(env!("CARGO_BIN_EXE_pingshen"), &bin).unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = Command::new(&bin)
        .arg("demo")
        .current_dir(&empty)
        .env_remove("PINGSHEN_LANG")
        .env("HOME", tmp.path().join("home"))
        .env("XDG_DATA_HOME", tmp.path().join("data"))
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("KH-4213-01") && text.contains("随州专用汽车产业集群"),
        "{text}"
    );
    assert_eq!(
        fs::read_dir(&empty).unwrap().count(),
        0,
        "nothing left in the folder"
    );
    let left: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with("pingshen-demo-"))
        .collect();
    assert!(left.is_empty(), "its temporary store is removed: {left:?}");
}

/// A compressed copy of a bundle is named for what it is, with how to
/// unpack it.
#[test]
fn a_compressed_bundle_says_how_to_unpack_it() {
    let tmp = tempfile::tempdir().unwrap();
    let gz = tmp.path().join("bundle.tar.gz");
    let o = Command::new("gzip")
        .arg("-c")
        .arg(testdata("bundle.tar"))
        .output()
        .unwrap();
    fs::write(&gz, &o.stdout).unwrap();
    let db = tmp.path().join("s.db");
    let o = pingshen(&["--db", db.to_str().unwrap(), "import", gz.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("是 gzip 压缩文件") && err.contains("gunzip -k"),
        "{err}"
    );
}

/// A copy cut short names that cause first, then the first missing files
/// and a count — not a line for each of a thousand files — and says
/// nothing was imported (not pack's wording).
#[test]
fn a_truncated_bundle_reports_its_cause_briefly() {
    let tmp = tempfile::tempdir().unwrap();
    let cut = tmp.path().join("cut.tar");
    let bytes = fs::read(testdata("bundle.tar")).unwrap();
    fs::write(&cut, &bytes[..2_000_000]).unwrap();
    let db = tmp.path().join("s.db");
    let o = pingshen(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        cut.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.lines().count() < 60,
        "{} lines:\n{err}",
        err.lines().count()
    );
    let first = err.lines().nth(2).unwrap();
    assert!(
        first.contains("评审包提前结束"),
        "the cause comes first: {err}"
    );
    assert!(
        err.contains("未导入任何内容") && !err.contains("未写出评审包"),
        "{err}"
    );
}

/// A manifest listing 200,000 files that never come prints a bounded
/// report, and a 10 MB title is refused, not printed.
#[test]
fn phantom_entries_and_huge_titles_stay_bounded() {
    use pingshen::bundle::manifest::{Digest, FileEntry, FileKind, Manifest};
    let tmp = tempfile::tempdir().unwrap();
    let write = |m: &Manifest, name: &str| {
        let path = tmp.path().join(name);
        let mut b = tar::Builder::new(fs::File::create(&path).unwrap());
        let text = m.to_text();
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, "manifest.json", text.as_bytes())
            .unwrap();
        b.finish().unwrap();
        path
    };
    let (_, mut m) = read_demo_manifest();
    m.files = (0..200_000)
        .map(|i| FileEntry {
            path: format!("随州/材料/{i}.pdf"),
            kind: FileKind::Evidence,
            size: 1,
            sha256: Digest([0; 32]),
        })
        .collect();
    let phantom = write(&m, "phantom.tar");
    let db = tmp.path().join("s.db");
    let o = pingshen(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        phantom.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.len() < 20_000, "{} bytes", o.stderr.len());
    m.files.clear();
    m.title = "长".repeat(10_000_000 / 3);
    let titled = write(&m, "title.tar");
    let o = pingshen(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        titled.to_str().unwrap(),
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(o.stderr.len() < 10_000, "{} bytes", o.stderr.len());
    assert!(
        stderr(&o).contains("title: longer than 200 characters"),
        "{}",
        stderr(&o)
    );
}

fn read_demo_manifest() -> (String, pingshen::bundle::manifest::Manifest) {
    let (m, id) = pingshen::store::read_manifest(&testdata("bundle.tar")).unwrap();
    (id, m)
}

/// Names from a Chinese Windows machine (GBK bytes, not UTF-8) are read as
/// the names they are: the catalogue's paths find them, the bundle lists
/// them in UTF-8, and the expert opens the evidence after import.
#[test]
fn gbk_file_names_are_read_as_gbk_and_their_evidence_opens() {
    use std::os::unix::ffi::OsStrExt;
    let (tmp, src) = submissions(&["天门"]);
    let cluster = src.join("天门/考核材料/KH-429006-01 天门纺织服装产业集群");
    let gbk = |s: &str| {
        let (b, _, bad) = encoding_rs::GBK.encode(s);
        assert!(!bad);
        std::ffi::OsStr::from_bytes(&b).to_os_string()
    };
    let folder = cluster.join(gbk("材料"));
    fs::rename(cluster.join("材料"), &folder).unwrap();
    let name = "01 集群发展规划及年度实施方案.txt";
    let original = fs::read(folder.join(name)).unwrap();
    fs::rename(folder.join(name), folder.join(gbk(name))).unwrap();
    assert!(std::str::from_utf8(folder.join(gbk(name)).as_os_str().as_bytes()).is_err());
    let out = tmp.path().join("b.tar");
    let o = pack_en(&src, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("read as GBK"), "{}", stderr(&o));
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    let o = pingshen(&["--db", db, "import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pingshen(&["--db", db, "show", "KH-429006-01", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let path = format!("天门/考核材料/KH-429006-01 天门纺织服装产业集群/材料/{name}");
    let e = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path.as_str())
        .unwrap_or_else(|| panic!("{path} in {v}"));
    // The bytes the expert opens (read from the bundle, as the TUI does)
    // are the file's.
    let bytes = pingshen::bundle::archive::read_file(&out, e["path"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(bytes, original);
}
