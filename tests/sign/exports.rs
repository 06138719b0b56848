//! Exports and keys: deterministic numbered exports, keys others can read
//! or of another kind refused, and keygen, whoami and export from the shell.

use super::*;

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
