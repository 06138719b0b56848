//! A signed file changed in any way is refused, each change with its own
//! reason: every bit of the signature, truncation, another key, namespace or
//! name, expiry, malformed signatures, other versions.

use super::*;

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
    assert!(
        matches!(r, Err(VerifyError::WrongNamespace(_, "pingshen-review"))),
        "{r:?}"
    );
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
        matches!(&r, Err(e @ VerifyError::NamespaceNotAllowed(1, ns, _)) if ns == "git"
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
