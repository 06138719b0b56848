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
    let root = unsafe { libc_geteuid() } == 0;
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

unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
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
