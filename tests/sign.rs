//! Signed review files: keys, export, verify — with stock OpenSSH
//! (`ssh-keygen -Y sign/verify`) as the reference peer both ways, and every
//! tampered copy refused with its own reason.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use pingshen::review::rubric::Points;
use pingshen::review::score::Field;
use pingshen::session::Session;
use pingshen::sign::{self, VerifyError, allowed, keys};
use pingshen::store::Store;
use proptest::prelude::*;

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

fn ssh_keygen(args: &[&str], stdin: Option<&Path>) -> std::process::Output {
    let mut c = Command::new("ssh-keygen");
    c.args(args);
    if let Some(p) = stdin {
        c.stdin(std::fs::File::open(p).unwrap());
    }
    c.output()
        .expect("ssh-keygen (OpenSSH) is needed; .ci/run installs it")
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

/// `ssh-keygen -Y verify` of `file` and `file.sig` as `principal`.
fn ssh_verify(signers: &Path, principal: &str, file: &Path) -> std::process::Output {
    ssh_keygen(
        &[
            "-Y",
            "verify",
            "-f",
            signers.to_str().unwrap(),
            "-I",
            principal,
            "-n",
            "pingshen-review",
            "-s",
            &format!("{}.sig", file.display()),
        ],
        Some(file),
    )
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

/// One review, exported and signed, with its allowed_signers, made once
/// for the tampering tests.
struct Signed {
    tmp: tempfile::TempDir,
    payload: Vec<u8>,
    sig: String,
    signers: Vec<allowed::Signer>,
}

fn signed() -> Signed {
    let tmp = tempfile::tempdir().unwrap();
    let db = scored_store(tmp.path(), "张三");
    let key = tmp.path().join("k");
    let public = keys::generate(&key, "张三", None).unwrap();
    let out = tmp.path().join("r.json");
    export(&db, "张三", &key, &out);
    let line = keys::allowed_signers_line("张三", &public).unwrap();
    signers_for(tmp.path(), std::slice::from_ref(&line));
    Signed {
        payload: std::fs::read(&out).unwrap(),
        sig: std::fs::read_to_string(format!("{}.sig", out.display())).unwrap(),
        signers: allowed::parse(&line, "a").signers,
        tmp,
    }
}

impl Signed {
    /// What stock OpenSSH says of the review with `sig` for its signature.
    fn openssh_accepts(&self, sig: &[u8]) -> bool {
        // A file of its own per call: the tests sharing this signed review
        // run side by side.
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let file = self.tmp.path().join(format!("flipped-{n}.json"));
        std::fs::write(&file, &self.payload).unwrap();
        std::fs::write(format!("{}.sig", file.display()), sig).unwrap();
        ssh_verify(&self.tmp.path().join("allowed_signers"), "张三", &file)
            .status
            .success()
    }
}

static SIGNED: std::sync::OnceLock<Signed> = std::sync::OnceLock::new();

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Any byte of the payload changed: refused. Any byte of the
    /// signature changed: refused, unless what OpenSSH reads of it is the
    /// same (white space for white space in the base64, anything after the
    /// footer) — and then OpenSSH accepts it too.
    #[test]
    fn any_flipped_byte_is_refused(at in any::<prop::sample::Index>(), bit in 0u8..8, in_sig: bool) {
        let s = SIGNED.get_or_init(signed);
        let mut payload = s.payload.clone();
        let mut sig = s.sig.clone().into_bytes();
        let target = if in_sig { &mut sig } else { &mut payload };
        let i = at.index(target.len());
        target[i] ^= 1 << bit;
        let text = String::from_utf8_lossy(&sig).to_string();
        let r = sign::verify(&payload, &text, &s.signers, sign::now());
        if r.is_ok() {
            prop_assert!(in_sig, "byte {} bit {} of the payload accepted", i, bit);
            prop_assert_eq!(sign::dearmor(&sig), sign::dearmor(s.sig.as_bytes()));
            prop_assert!(s.openssh_accepts(&sig), "byte {} bit {}: ssh-keygen refuses what pingshen accepts", i, bit);
        }
    }
}

/// Every bit of the signature, flipped in turn: refused each time unless
/// the signature OpenSSH reads is the same, and then pingshen's decision
/// is ssh-keygen's.
#[test]
fn every_bit_of_the_signature_matters() {
    let s = SIGNED.get_or_init(signed);
    let sig = s.sig.as_bytes();
    let mut same = 0;
    for i in 0..sig.len() {
        for bit in 0..8 {
            let mut b = sig.to_vec();
            b[i] ^= 1 << bit;
            let text = String::from_utf8_lossy(&b).to_string();
            let r = sign::verify(&s.payload, &text, &s.signers, sign::now());
            if r.is_ok() {
                assert_eq!(
                    sign::dearmor(&b),
                    sign::dearmor(sig),
                    "byte {i} bit {bit} changed the signature and was accepted"
                );
                assert!(s.openssh_accepts(&b), "byte {i} bit {bit}");
                same += 1;
            }
        }
    }
    // A line break turned into another white space, and the last byte.
    assert!(
        same > 0 && same < 40,
        "{same} flips left the signature as it was"
    );
}

#[test]
fn truncation_another_key_another_namespace_another_name_each_have_a_reason() {
    let s = SIGNED.get_or_init(signed);
    let now = sign::now();
    // Truncated payload, truncated signature.
    let r = sign::verify(&s.payload[..s.payload.len() - 2], &s.sig, &s.signers, now);
    assert!(matches!(r, Err(VerifyError::BadSignature(_))), "{r:?}");
    let r = sign::verify(&s.payload, &s.sig[..s.sig.len() / 2], &s.signers, now);
    assert!(matches!(r, Err(VerifyError::BadSignature(_))), "{r:?}");

    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("r.json");
    std::fs::write(&file, &s.payload).unwrap();
    let other = openssh_key(tmp.path(), "other");
    let sign_with = |key: &Path, ns: &str| {
        let _ = std::fs::remove_file(format!("{}.sig", file.display()));
        ssh_sign(key, ns, &file);
        std::fs::read_to_string(format!("{}.sig", file.display())).unwrap()
    };
    // A signature by a key the office does not know.
    let sig = sign_with(&other, "pingshen-review");
    let r = sign::verify(&s.payload, &sig, &s.signers, now);
    assert!(matches!(r, Err(VerifyError::UnknownSigner(_))), "{r:?}");
    // Another namespace (a signature made for something else).
    let sig = sign_with(&other, "file");
    let r = sign::verify(&s.payload, &sig, &s.signers, now);
    assert!(matches!(r, Err(VerifyError::WrongNamespace(_))), "{r:?}");
    // The file names 张三 but 李四 signed it with his own (known) key.
    let sig = sign_with(&other, "pingshen-review");
    let li = keys::load_public(&other).unwrap();
    let mut list = s.signers.clone();
    list.extend(allowed::parse(keys::allowed_signers_line("李四", &li).unwrap(), "a").signers);
    let r = sign::verify(&s.payload, &sig, &list, now);
    assert!(matches!(r, Err(VerifyError::SignerMismatch(..))), "{r:?}");
    // A key the office allowed only for other namespaces.
    let only_git = format!("张三 namespaces=\"git\" {}", li.to_openssh().unwrap());
    let r = sign::verify(
        &s.payload,
        &sig,
        &allowed::parse(&only_git, "a").signers,
        now,
    );
    assert!(
        matches!(&r, Err(e @ VerifyError::NamespaceNotAllowed(1, ns)) if ns == "git"
            && e.to_string().contains("git")),
        "{r:?}"
    );
}

#[test]
fn expired_malformed_and_other_versions_are_refused_by_the_command_with_their_status() {
    let tmp = tempfile::tempdir().unwrap();
    let key = openssh_key(tmp.path(), "k");
    let public = keys::load_public(&key).unwrap();
    let body = public.to_openssh().unwrap();
    let signers = |opts: &str| {
        let p = tmp.path().join(format!("signers{}", opts.len()));
        std::fs::write(&p, format!("张三 {opts} {body}\n").replace("  ", " ")).unwrap();
        p
    };
    let signed_file = |name: &str, bytes: &[u8]| {
        let f = tmp.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        ssh_sign(&key, "pingshen-review", &f);
        f
    };
    let run = |f: &Path, s: &Path| {
        pingshen(&[
            "--lang",
            "en",
            "verify",
            f.to_str().unwrap(),
            "--signers",
            s.to_str().unwrap(),
        ])
    };
    // A real export, signed by this key.
    let db = scored_store(tmp.path(), "张三");
    let good = tmp.path().join("good.json");
    export(&db, "张三", &key, &good);
    let o = run(&good, &signers(""));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("verified: reviewer 张三"),
        "{}",
        stdout(&o)
    );
    // The key's validity ended.
    let o = run(&good, &signers("valid-before=\"20200101Z\""));
    assert_eq!(o.status.code(), Some(13), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("outside its validity"),
        "{}",
        stderr(&o)
    );
    // Not yet valid either.
    let o = run(
        &good,
        &signers("valid-after=\"29990101\",namespaces=\"pingshen-review\""),
    );
    assert_eq!(o.status.code(), Some(13), "{}", stderr(&o));
    // Validly signed, but not a review file.
    let f = signed_file("junk.json", b"{\"scores\": [1, 2");
    let o = run(&f, &signers(""));
    assert_eq!(o.status.code(), Some(14), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("malformed review file"),
        "{}",
        stderr(&o)
    );
    // Another version of the format.
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replace("\"version\":1", "\"version\":2");
    let f = signed_file("v2.json", text.as_bytes());
    let o = run(&f, &signers(""));
    assert_eq!(o.status.code(), Some(15), "{}", stderr(&o));
    assert!(stderr(&o).contains("version 2"), "{}", stderr(&o));
    // A score that is not a decimal, validly signed: malformed, with where.
    let text =
        std::fs::read_to_string(&good)
            .unwrap()
            .replacen("\"scores\":\"5 ", "\"scores\":\"5.0 ", 1);
    assert!(text.contains("5.0 "));
    let f = signed_file("float.json", text.as_bytes());
    let o = run(&f, &signers(""));
    assert_eq!(o.status.code(), Some(14), "{}", stderr(&o));
    // Bad signature and unknown signer through the command too.
    let mut bytes = std::fs::read(&good).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&good, &bytes).unwrap();
    let o = run(&good, &signers(""));
    assert_eq!(o.status.code(), Some(10), "{}", stderr(&o));
    let stranger = openssh_key(tmp.path(), "stranger");
    let other = keys::load_public(&stranger).unwrap().to_openssh().unwrap();
    let p = tmp.path().join("strangers");
    std::fs::write(&p, format!("张三 {other}\n")).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&good, &bytes).unwrap();
    let o = run(&good, &p);
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));
}

#[test]
fn exports_are_deterministic_numbered_and_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let db = scored_store(tmp.path(), "张三");
    let key = tmp.path().join("k");
    keys::generate(&key, "张三", None).unwrap();
    let a = export(&db, "张三", &key, &tmp.path().join("a.json"));
    let b = export(&db, "张三", &key, &tmp.path().join("b.json"));
    assert_eq!((a.file.sequence, b.file.sequence), (1, 2));
    assert_eq!(a.file.previous, None);
    assert_eq!(b.file.previous.as_deref(), Some(a.sha256.as_str()));
    let lines = |p: &Path| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| {
                !l.starts_with("\"sequence\"")
                    && !l.starts_with("\"previous\"")
                    && !l.starts_with("\"exported_at\"")
            })
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        lines(&a.path),
        lines(&b.path),
        "the same but for number and time"
    );
    let bytes = std::fs::read(&b.path).unwrap();
    assert!(!bytes.starts_with(&[0xef, 0xbb, 0xbf]) && !bytes.contains(&b'\r'));
    assert!(
        !String::from_utf8_lossy(&bytes).contains("5.0"),
        "no floats"
    );
    let parsed = pingshen::sign::file::ReviewFile::parse(&bytes).unwrap();
    assert_eq!(parsed, b.file);
    assert_eq!(parsed.to_bytes(), bytes, "round trip, byte for byte");
    let c = parsed.clusters["assessment"]
        .iter()
        .find(|c| c.id == "KH-4201-01")
        .unwrap();
    assert_eq!(c.opinion.as_deref(), Some("龙头带动强\n建议保留"));
    assert_eq!(c.scores.len(), 12);
    assert!(c.scores.iter().all(|s| *s == Points::parse("5")));
    assert_eq!(c.comments["P1"], "增长明显");
    let begun = parsed.clusters["assessment"]
        .iter()
        .find(|c| c.id == "KH-4201-03")
        .unwrap();
    assert_eq!(begun.scores[1], Points::parse("6.5"));
    let text = String::from_utf8_lossy(&bytes).to_string();
    assert!(
        text.contains("\"scores\":\"- 6.5 - - - - - - - - - -\""),
        "{text}"
    );
    assert_eq!(
        begun.scores.iter().flatten().count(),
        1,
        "null where not scored"
    );
}

#[test]
fn keys_readable_by_others_or_not_ed25519_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let key = openssh_key(tmp.path(), "k");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = keys::load(&key, &mut || None).unwrap_err();
        assert!(matches!(e, keys::KeyError::Unprotected(..)), "{e}");
    }
    let rsa = tmp.path().join("rsa");
    let o = ssh_keygen(
        &[
            "-q",
            "-t",
            "rsa",
            "-b",
            "1024",
            "-N",
            "",
            "-f",
            rsa.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success());
    let e = keys::load(&rsa, &mut || None).unwrap_err();
    assert!(matches!(e, keys::KeyError::NotEd25519(..)), "{e}");
    // ECDSA (which this build does not even decode), the private key and
    // its public half: the same clear refusal, naming the kind.
    let ec = tmp.path().join("ec");
    let o = ssh_keygen(
        &["-q", "-t", "ecdsa", "-N", "", "-f", ec.to_str().unwrap()],
        None,
    );
    assert!(o.status.success());
    let e = keys::load(&ec, &mut || None).unwrap_err();
    assert!(
        matches!(&e, keys::KeyError::NotEd25519(_, t) if t == "ecdsa-sha2-nistp256"),
        "{e}"
    );
    let e = keys::load_public(&ec).unwrap_err();
    assert!(matches!(e, keys::KeyError::NotEd25519(..)), "{e}");
    std::fs::remove_file(format!("{}.pub", ec.display())).unwrap();
    let e = keys::load_public(&ec).unwrap_err();
    assert!(matches!(e, keys::KeyError::NotEd25519(..)), "{e}");
    // whoami with such a key says it cannot sign reviews: no line printed.
    let o = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["--lang", "en", "--reviewer", "张三", "--key"])
        .arg(&ec)
        .arg("whoami")
        .env("XDG_CONFIG_HOME", tmp.path().join("config"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot sign reviews"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("namespaces="), "{}", stdout(&o));
    // A passphrase-protected key: the wrong passphrase is refused.
    let p = tmp.path().join("locked");
    keys::generate(&p, "张三", Some("correct horse")).unwrap();
    assert!(keys::load(&p, &mut || Some("wrong".into())).is_err());
    assert!(keys::load(&p, &mut || Some("correct horse".into())).is_ok());
    assert!(matches!(
        keys::generate(&p, "张三", None),
        Err(keys::KeyError::Exists(_))
    ));
}

#[test]
fn keygen_whoami_and_export_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let db = scored_store(tmp.path(), "张三");
    let env = [
        ("XDG_CONFIG_HOME", tmp.path().join("config")),
        ("XDG_DATA_HOME", tmp.path().join("data")),
    ];
    let run = |args: &[&str], pass: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_pingshen"));
        c.args(args).env_remove("PINGSHEN_LANG");
        for (k, v) in &env {
            c.env(k, v);
        }
        match pass {
            Some(p) => c.env("PINGSHEN_PASSPHRASE", p),
            None => c.env_remove("PINGSHEN_PASSPHRASE"),
        };
        c.output().unwrap()
    };
    let o = run(&["--reviewer", "张三", "keygen"], Some("s3cret"));
    assert!(o.status.success(), "{}", stderr(&o));
    let key = tmp.path().join("config/pingshen/id_ed25519");
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .contains("OPENSSH PRIVATE KEY")
    );
    let o = run(&["whoami"], None);
    let who = stdout(&o);
    assert!(
        who.contains("评审专家：张三") && who.contains("SHA256:"),
        "{who}"
    );
    let line = who.lines().last().unwrap().to_string();
    let signers = signers_for(tmp.path(), &[line]);
    // Incomplete: refused unless asked for, before any passphrase.
    let out = tmp.path().join("r.json");
    let dbs = db.to_str().unwrap();
    let o = run(&["--db", dbs, "export", "-o", out.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--incomplete") && !out.exists());
    let o = run(
        &[
            "--db",
            dbs,
            "export",
            "-o",
            out.to_str().unwrap(),
            "--incomplete",
        ],
        Some("s3cret"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &[
            "verify",
            out.to_str().unwrap(),
            "--signers",
            signers.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["reviewer"], "张三");
    assert_eq!(v["complete"], false);
    assert_eq!(v["summary"]["recused"], 1);
    // A key for another reviewer on this account: the line names 李四 and
    // checks out with OpenSSH as 李四's; reviewer.toml still names 张三.
    let profile = tmp.path().join("config/pingshen/reviewer.toml");
    let before = std::fs::read_to_string(&profile).unwrap();
    let o = run(&["--reviewer", "李四", "keygen", "--no-passphrase"], None);
    assert!(!o.status.success(), "the default key is 张三's place");
    assert!(stderr(&o).contains("--key"), "{}", stderr(&o));
    let li_key = tmp.path().join("k/李四");
    let o = run(
        &[
            "--reviewer",
            "李四",
            "--key",
            li_key.to_str().unwrap(),
            "keygen",
            "--no-passphrase",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let li_line = stdout(&o).lines().last().unwrap().to_string();
    assert!(li_line.starts_with("李四 "), "{li_line}");
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), before);
    let li_signers = signers_for(&tmp.path().join("k"), &[li_line]);
    let li_file = tmp.path().join("k/probe.txt");
    std::fs::write(&li_file, "probe").unwrap();
    ssh_sign(&li_key, "pingshen-review", &li_file);
    let o = ssh_verify(&li_signers, "李四", &li_file);
    assert!(o.status.success(), "{}", stderr(&o));
    // Another reviewer on this account does not sign with 张三's key.
    let other = tmp.path().join("other.json");
    let o = run(
        &[
            "--db",
            dbs,
            "--reviewer",
            "李四",
            "export",
            "-o",
            other.to_str().unwrap(),
            "--incomplete",
        ],
        Some("s3cret"),
    );
    assert!(!o.status.success() && !other.exists(), "{}", stdout(&o));
    assert!(stderr(&o).contains("--key"), "{}", stderr(&o));
    // The wrong passphrase writes nothing.
    let out2 = tmp.path().join("r2.json");
    let o = run(
        &[
            "--db",
            dbs,
            "export",
            "-o",
            out2.to_str().unwrap(),
            "--incomplete",
        ],
        Some("wrong"),
    );
    assert!(!o.status.success() && !out2.exists(), "{}", stderr(&o));
}
