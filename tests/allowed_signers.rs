//! pingshen's signer decisions against stock OpenSSH's: a corpus of
//! allowed_signers files (quoting, patterns, negation, options, times,
//! broken lines, other key kinds, line ends) × signed review files (and
//! signature files re-wrapped, with an extra newline, with CRLF …), each
//! decided by `pingshen::sign::verify` and by `ssh-keygen -Y verify` at the
//! same verification time. Every decision must be the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use pingshen::review::score::Field;
use pingshen::session::Session;
use pingshen::sign::{self, allowed, keys};
use pingshen::store::Store;

/// The time both verify at: 2027-06-01T00:00:00Z.
const WHEN: &str = "20270601000000Z";

fn when() -> i64 {
    allowed::parse_time(WHEN.as_bytes()).unwrap() as i64
}

fn ssh_keygen(args: &[&str]) -> std::process::Output {
    Command::new("ssh-keygen")
        .args(args)
        .output()
        .expect("ssh-keygen (OpenSSH) is needed; .ci/run installs it")
}

/// A key made by ssh-keygen; its public line (`type base64`).
fn key(dir: &Path, name: &str, kind: &str) -> (PathBuf, String) {
    let k = dir.join(name);
    let o = ssh_keygen(&[
        "-q",
        "-t",
        kind,
        "-N",
        "",
        "-C",
        "",
        "-f",
        k.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let public = std::fs::read_to_string(format!("{}.pub", k.display())).unwrap();
    let mut w = public.split_whitespace();
    let line = format!("{} {}", w.next().unwrap(), w.next().unwrap());
    (k, line)
}

/// A review file of `reviewer` on the demo bundle (one score given),
/// exported and signed with `key`.
fn review(dir: &Path, db: &Path, reviewer: &str, key: &Path, file: &str) -> PathBuf {
    let mut store = Store::open(db).unwrap();
    let b = store.bundle(None).unwrap();
    {
        let mut s = Session::begin(&store, &b, reviewer).unwrap();
        s.set(
            &mut store,
            "KH-4201-01",
            Field::Score("P1".into()),
            Some("8"),
        )
        .unwrap();
    }
    let r = store.reviewer(reviewer).unwrap();
    let public = keys::load_public(key).unwrap();
    let mut private = || keys::load(key, &mut || None);
    let out = dir.join(file);
    pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &out, true)
        .unwrap();
    out
}

/// A signed file to decide: the payload, its reviewer (the principal asked
/// for), and the signature file's bytes.
struct Case {
    label: String,
    payload: PathBuf,
    principal: String,
    sig: Vec<u8>,
}

fn variants_of(label: &str, payload: &Path, principal: &str) -> Vec<Case> {
    let sig = std::fs::read(format!("{}.sig", payload.display())).unwrap();
    let text = String::from_utf8(sig.clone()).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let armour = |lines: Vec<String>| {
        format!(
            "-----BEGIN SSH SIGNATURE-----\n{}\n-----END SSH SIGNATURE-----\n",
            lines.join("\n")
        )
    };
    let wrapped = |w: usize| {
        armour(
            body.as_bytes()
                .chunks(w)
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect(),
        )
    };
    let mut out = vec![
        ("as signed", sig.clone()),
        ("an extra newline", [sig.clone(), b"\n".to_vec()].concat()),
        ("base64 re-wrapped at 64", wrapped(64).into_bytes()),
        ("base64 on one line", wrapped(body.len()).into_bytes()),
        ("CRLF line ends", text.replace('\n', "\r\n").into_bytes()),
        ("a blank line first", [b"\n".to_vec(), sig.clone()].concat()),
        (
            "text after the footer",
            [sig.clone(), b"trailing words\n".to_vec()].concat(),
        ),
        (
            "spaces inside the base64",
            text.replacen("\n", "\n  ", 2).into_bytes(),
        ),
        ("no newline at the end", sig[..sig.len() - 1].to_vec()),
    ];
    if label != "张三" {
        out.truncate(1);
    }
    out.into_iter()
        .map(|(what, sig)| Case {
            label: format!("{label}, {what}"),
            payload: payload.to_path_buf(),
            principal: principal.to_string(),
            sig,
        })
        .collect()
}

fn openssh(dir: &Path, signers: &Path, c: &Case) -> bool {
    let sig = dir.join("case.sig");
    std::fs::write(&sig, &c.sig).unwrap();
    Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(signers)
        .args(["-I", &c.principal, "-n", sign::NAMESPACE, "-s"])
        .arg(&sig)
        .arg(format!("-Overify-time={WHEN}"))
        .stdin(std::fs::File::open(&c.payload).unwrap())
        .output()
        .unwrap()
        .status
        .success()
}

fn pingshen_decides(signers: &[u8], c: &Case) -> bool {
    let payload = std::fs::read(&c.payload).unwrap();
    let list = allowed::parse(signers, "allowed_signers").signers;
    sign::verify(&payload, &String::from_utf8_lossy(&c.sig), &list, when()).is_ok()
}

#[test]
fn every_decision_equals_ssh_keygen_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = dir.join("s.db");
    let mut store = Store::open(&db).unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    drop(store);
    let (k1, z) = key(dir, "zhang", "ed25519");
    let (k2, l) = key(dir, "li", "ed25519");
    let (_, ec) = key(dir, "ec", "ecdsa");
    let (_, rsa) = key(dir, "rsa", "rsa");
    let zhang = review(dir, &db, "张三", &k1, "zhang.json");
    let li = review(dir, &db, "李四", &k2, "li.json");
    let li_space = review(dir, &db, "李 四", &k2, "li-space.json");
    let mut cases = variants_of("张三", &zhang, "张三");
    cases.extend(variants_of("李四", &li, "李四"));
    cases.extend(variants_of("李 四", &li_space, "李 四"));

    // The ed25519 key of 张三 under another type name, and its base64 broken.
    let blob = z.split(' ').nth(1).unwrap().to_string();
    let corpus: Vec<(&str, String)> = vec![
        ("plain", format!("张三 {z}\n李四 {l}\n")),
        (
            "namespace",
            format!("张三 namespaces=\"pingshen-review\" {z}\n"),
        ),
        (
            "all but ours",
            format!("张三 namespaces=\"*,!pingshen-review\" {z}\n"),
        ),
        (
            "ours and not ours",
            format!("张三 namespaces=\"pingshen-review,!pingshen-review\" {z}\n"),
        ),
        (
            "quoted list",
            format!("\"李四,张三\" {z}\n\"李四,张三\" {l}\n"),
        ),
        (
            "quote closed before a comma",
            format!("\"李 四\",张三 {z}\n\"李 四\",张三 {l}\n"),
        ),
        ("quoted name with a space", format!("\"李 四\" {l}\n")),
        ("unquoted list", format!("张三,李四 {z}\n张三,李四 {l}\n")),
        ("quoted single", format!("\"张三\" {z}\n")),
        ("quote inside the field", format!("张\"三\" {z}\n")),
        ("unterminated principal quote", format!("\"张三 {z}\n")),
        (
            "unquoted namespaces",
            format!("张三 namespaces=pingshen-review {z}\n"),
        ),
        (
            "unquoted valid-before",
            format!("张三 valid-before=20990101 {z}\n"),
        ),
        (
            "space after a comma",
            format!("张三 namespaces=\"file, pingshen-review\" {z}\n"),
        ),
        (
            "no space after a comma",
            format!("张三 namespaces=\"file,pingshen-review\" {z}\n"),
        ),
        (
            "namespaces twice",
            format!("张三 namespaces=\"a\",namespaces=\"pingshen-review\" {z}\n"),
        ),
        (
            "valid-before twice",
            format!("张三 valid-before=\"20990101\",valid-before=\"20990102\" {z}\n"),
        ),
        (
            "option names in capitals",
            format!("张三 NAMESPACES=\"pingshen-review\" {z}\n"),
        ),
        (
            "namespace pattern *",
            format!("张三 namespaces=\"pingshen-*\" {z}\n"),
        ),
        (
            "namespace pattern ?",
            format!("张三 namespaces=\"pingshen-revie?\" {z}\n"),
        ),
        ("empty namespaces", format!("张三 namespaces=\"\" {z}\n")),
        (
            "escaped quote in namespaces",
            format!("张三 namespaces=\"pingshen\\\"-review\" {z}\n"),
        ),
        (
            "unterminated option quote",
            format!("张三 namespaces=\"pingshen-review {z}\n"),
        ),
        (
            "options end with a comma",
            format!("张三 namespaces=\"pingshen-review\", {z}\n"),
        ),
        ("unknown option", format!("张三 frobnicate {z}\n")),
        ("cert-authority", format!("张三 cert-authority {z}\n")),
        ("two ? for a six-byte name", format!("?? {z}\n")),
        ("six ? for a six-byte name", format!("?????? {z}\n")),
        ("one ? for 三", format!("张? {z}\n")),
        ("three ? for 三", format!("张??? {z}\n")),
        ("any principal", format!("* {z}\n")),
        ("anyone but 张三", format!("*,!张三 {z}\n")),
        ("only a negation", format!("!张三 {z}\n")),
        ("another principal", format!("李四 {z}\n")),
        ("another key", format!("张三 {l}\n")),
        (
            "a broken line, then the signer",
            format!("this is not a signer line\n张三 {z}\n"),
        ),
        (
            "another's broken line first",
            format!("李四 frobnicate {l}\n张三 {z}\n"),
        ),
        (
            "the signer's own broken line first",
            format!("张三 frobnicate {z}\n张三 {z}\n"),
        ),
        (
            "the signer's broken line only",
            format!("张三 namespaces=pingshen-review {z}\n"),
        ),
        (
            "not yet valid",
            format!("张三 valid-after=\"20990101\" {z}\n"),
        ),
        ("expired", format!("张三 valid-before=\"20200101\" {z}\n")),
        (
            "valid now, UTC",
            format!("张三 valid-after=\"20200101\",valid-before=\"20990101Z\" {z}\n"),
        ),
        (
            "valid now, UTC spelled out",
            format!("张三 valid-before=\"209901010000UTC\" {z}\n"),
        ),
        (
            "before earlier than after",
            format!("张三 valid-before=\"20200101\",valid-after=\"20990101\" {z}\n"),
        ),
        ("the epoch", format!("张三 valid-after=\"19700101Z\" {z}\n")),
        (
            "a time of bad length",
            format!("张三 valid-before=\"2099010\" {z}\n"),
        ),
        (
            "expired then valid",
            format!("张三 valid-before=\"20200101\" {z}\n张三 {z}\n"),
        ),
        ("leading white space and a tab", format!("  张三\t{z}\n")),
        ("comment only", format!("# 张三 {z}\n")),
        ("a comment after the key", format!("张三 {z} 张三的密钥\n")),
        ("CRLF lines", format!("张三 {z}\r\n李四 {l}\r\n")),
        ("no newline at the end", format!("张三 {z}")),
        ("blank lines", format!("\n\n张三 {z}\n\n")),
        ("key type short name", format!("张三 ED25519 {blob}\n")),
        ("key under another type", format!("张三 ssh-rsa {blob}\n")),
        (
            "broken base64",
            format!("张三 ssh-ed25519 {}x\n张三 {z}\n", &blob[..blob.len() - 4]),
        ),
        ("principal and nothing else", format!("张三\n张三 {z}\n")),
        (
            "an ECDSA key, then the signer",
            format!("张三 {ec}\n张三 {z}\n"),
        ),
        ("an ECDSA key only", format!("张三 {ec}\n")),
        ("an RSA key only", format!("张三 {rsa}\n")),
        ("a NUL in another line", format!("李四\0 {l}\n张三 {z}\n")),
    ];
    assert!(corpus.len() >= 40);
    let signers = dir.join("allowed_signers");
    let mut disagreements = Vec::new();
    let mut accepted = 0;
    for (name, text) in &corpus {
        std::fs::write(&signers, text).unwrap();
        for c in &cases {
            let theirs = openssh(dir, &signers, c);
            let ours = pingshen_decides(text.as_bytes(), c);
            accepted += usize::from(ours);
            if theirs != ours {
                disagreements.push(format!(
                    "{name} × {}: ssh-keygen {}, pingshen {}",
                    c.label,
                    if theirs { "accepts" } else { "refuses" },
                    if ours { "accepts" } else { "refuses" }
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} decisions differ:\n{}",
        disagreements.len(),
        corpus.len() * cases.len(),
        disagreements.join("\n")
    );
    // The corpus decides both ways.
    assert!(
        accepted > 50 && accepted < corpus.len() * cases.len() / 2,
        "{accepted}"
    );
}

#[test]
fn skipped_lines_are_named_by_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = dir.join("s.db");
    let mut store = Store::open(&db).unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    drop(store);
    let (k1, z) = key(dir, "zhang", "ed25519");
    let zhang = review(dir, &db, "张三", &k1, "zhang.json");
    let signers = dir.join("allowed_signers");
    std::fs::write(
        &signers,
        format!("李四 namespaces=pingshen-review {z}\n张三 {z}\n"),
    )
    .unwrap();
    let o = pingshen(&[
        "--lang",
        "en",
        "verify",
        zhang.to_str().unwrap(),
        "--signers",
        signers.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("line 1") && err.contains("double quotes") && err.contains("skipped"),
        "{err}"
    );
}
