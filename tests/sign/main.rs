//! Signed review files: keys, export, verify — with stock OpenSSH
//! (`ssh-keygen -Y sign/verify`) as the reference peer both ways, and every
//! tampered copy refused with its own reason.

#[path = "../common/mod.rs"]
mod common;
mod exports;
mod tampering;

use common::*;
use pingshen::review::rubric::Points;
use pingshen::review::score::Field;
use pingshen::session::Session;
use pingshen::sign::{self, VerifyError, allowed, keys};
use pingshen::store::Store;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A demo store with a few marks of `name`: two clusters complete, one
/// recused, one begun.
fn scored_store(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join("s.db");
    let mut store = Store::open(&db).unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, name).unwrap();
    for (id, base) in [("KH-4201-01", "5"), ("SB-4205-03", "9")] {
        let items = s.rubric(id).unwrap().item_ids();
        for i in items {
            s.set(&mut store, id, Field::Score(i), Some(base)).unwrap();
        }
        let choice = s.rubric(id).unwrap().opinions[0].clone();
        s.set(&mut store, id, Field::Conclusion, Some(&choice))
            .unwrap();
    }
    s.set(
        &mut store,
        "KH-4201-01",
        Field::Comment("P1".into()),
        Some("增长明显"),
    )
    .unwrap();
    s.set(
        &mut store,
        "KH-4201-01",
        Field::Opinion,
        Some("龙头带动强\n建议保留"),
    )
    .unwrap();
    s.set(
        &mut store,
        "KH-4201-02",
        Field::Score("P1".into()),
        Some("3"),
    )
    .unwrap();
    s.set(
        &mut store,
        "KH-4201-02",
        Field::Conflict,
        Some("曾参与规划"),
    )
    .unwrap();
    s.set(
        &mut store,
        "KH-4201-03",
        Field::Score("P2".into()),
        Some("6.5"),
    )
    .unwrap();
    db
}

/// Exports the review of `name` in `db`, signed with the key at `key`.
fn export(db: &Path, name: &str, key: &Path, out: &Path) -> pingshen::session::export::Exported {
    let mut store = Store::open(db).unwrap();
    let b = store.bundle(None).unwrap();
    let r = store.reviewer(name).unwrap();
    let public = keys::load_public(key).unwrap();
    let mut private = || keys::load(key, &mut || None);
    pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, out, true).unwrap()
}

/// `ssh-keygen -Y sign` of `file` (writing `file.sig`), checked to succeed.
fn ssh_sign(key: &Path, namespace: &str, file: &Path) {
    let o = ssh_keygen(
        &[
            "-Y",
            "sign",
            "-f",
            key.to_str().unwrap(),
            "-n",
            namespace,
            file.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `ssh-keygen -Y verify` of a review file and `file.sig` as `principal`.
fn ssh_verify(signers: &Path, principal: &str, file: &Path) -> std::process::Output {
    ssh_verify_in(signers, principal, "pingshen-review", file)
}

/// A key made by ssh-keygen, not by pingshen.
fn openssh_key(dir: &Path, name: &str) -> PathBuf {
    let k = dir.join(name);
    let o = ssh_keygen(
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name,
            "-f",
            k.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    k
}

fn signers_for(dir: &Path, lines: &[String]) -> PathBuf {
    let p = dir.join("allowed_signers");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn verify(file: &Path, signers: &Path) -> Result<sign::Verified, VerifyError> {
    let payload = std::fs::read(file).unwrap();
    let sig = std::fs::read_to_string(format!("{}.sig", file.display())).unwrap();
    let list = allowed::parse(std::fs::read(signers).unwrap(), "a").signers;
    sign::verify(&payload, &sig, &list, sign::now())
}

#[test]
fn a_pingshen_export_verifies_with_stock_ssh_keygen() {
    let tmp = tempfile::tempdir().unwrap();
    let db = scored_store(tmp.path(), "张三");
    let key = tmp.path().join("id_ed25519");
    let public = keys::generate(&key, "张三", None).unwrap();
    let out = tmp.path().join("review.json");
    let e = export(&db, "张三", &key, &out);
    assert_eq!(e.file.summary.complete, 2);
    assert_eq!(e.file.summary.recused, 1);
    let signers = signers_for(
        tmp.path(),
        &[keys::allowed_signers_line("张三", &public).unwrap()],
    );
    let o = ssh_verify(&signers, "张三", &out);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Good \"pingshen-review\" signature for 张三"));
    let v = verify(&out, &signers).unwrap();
    assert_eq!(v.file.reviewer.name, "张三");
    assert_eq!(v.signer_line, 1);
    // A recused cluster carries its reason and no scores.
    let c = v.file.clusters["assessment"]
        .iter()
        .find(|c| c.id == "KH-4201-02")
        .unwrap();
    assert_eq!((c.status.as_str(), c.scores.len()), ("recused", 0));
    assert_eq!(c.conflict.as_deref(), Some("曾参与规划"));
}

#[test]
fn a_file_signed_by_ssh_keygen_with_its_own_key_verifies_with_pingshen() {
    let tmp = tempfile::tempdir().unwrap();
    let db = scored_store(tmp.path(), "Li Si");
    let key = openssh_key(tmp.path(), "lisi");
    let out = tmp.path().join("review.json");
    export(&db, "Li Si", &key, &out);
    // Signed again by OpenSSH itself, replacing pingshen's signature.
    std::fs::remove_file(format!("{}.sig", out.display())).unwrap();
    ssh_sign(&key, "pingshen-review", &out);
    let public = keys::load_public(&key).unwrap();
    // A name with a space is quoted in allowed_signers; OpenSSH agrees.
    let line = keys::allowed_signers_line("Li Si", &public).unwrap();
    assert!(line.starts_with("\"Li Si\" "), "{line}");
    let signers = signers_for(tmp.path(), &[line]);
    let v = verify(&out, &signers).unwrap();
    assert_eq!(v.file.reviewer.name, "Li Si");
    let o = ssh_verify(&signers, "Li Si", &out);
    assert!(o.status.success(), "{}", stderr(&o));
}
