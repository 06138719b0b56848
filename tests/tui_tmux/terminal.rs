//! The terminal kept sane: passphrases read without echo (and echo back
//! after Ctrl-C), the results view, and resizing in every screen.

use super::*;

#[test]
fn keygen_reads_the_passphrase_without_echo() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let env = home(tmp.path());
    let t = Tmux::new("keygen");
    let cmd = format!(
        "sh -c '{} --reviewer 张三 keygen; echo EXITED=$?; sleep 60'",
        env!("CARGO_BIN_EXE_pingshen")
    );
    let mut e = env.clone();
    e.push(("PINGSHEN_LANG".into(), "zh".into()));
    t.start(&cmd, &env_of(&e));
    t.wait_for("为新密钥设置口令");
    t.keys(&["s3cret-口令"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().contains("s3cret"), "{}", t.screen());
    t.keys(&["Enter"]);
    t.wait_for("再输入一次");
    t.keys(&["s3cret-口令", "Enter"]);
    let s = t.wait_for("EXITED=");
    assert!(s.contains("EXITED=0") && s.contains("已生成密钥"), "{s}");
    assert!(!s.contains("s3cret"), "{s}");
    let key = tmp.path().join("config/pingshen/id_ed25519");
    // Protected: OpenSSH itself needs the passphrase to read it.
    let wrong = Command::new("ssh-keygen")
        .args(["-y", "-P", "wrong", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    let right = Command::new("ssh-keygen")
        .args(["-y", "-P", "s3cret-口令", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(right.status.success(), "{}", stderr(&right));
    assert!(stdout(&right).starts_with("ssh-ed25519 "));
}

/// Ctrl-C at the passphrase prompt ends keygen and gives the terminal its
/// echo back (the shell after it shows what is typed).
#[test]
fn ctrl_c_at_the_passphrase_prompt_restores_echo() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let env = home(tmp.path());
    let t = Tmux::new("keygen-ctrl-c");
    let cmd = format!(
        "sh -c 'trap : INT; {} --reviewer 张三 keygen; echo EXITED=$?; stty -a | tr \" \" \"\\n\" | grep -x -- -*echo; sleep 60'",
        env!("CARGO_BIN_EXE_pingshen")
    );
    let mut e = env.clone();
    e.push(("PINGSHEN_LANG".into(), "zh".into()));
    t.start(&cmd, &env_of(&e));
    t.wait_for("为新密钥设置口令");
    t.keys(&["half-typed", "C-c"]);
    let s = t.wait_for("EXITED=");
    std::thread::sleep(Duration::from_millis(300));
    let s = t.screen() + &s;
    assert!(s.contains("EXITED=130"), "ended by the interrupt: {s}");
    assert!(s.lines().any(|l| l.trim() == "echo"), "echo is back: {s}");
    assert!(!s.lines().any(|l| l.trim() == "-echo"), "{s}");
    assert!(!tmp.path().join("config/pingshen/id_ed25519").exists());
}

#[test]
fn the_results_view_opens_on_a_merged_result() {
    use pingshen::review::score::Field;
    use pingshen::session::Session;
    use pingshen::sign::{self, allowed, keys};
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    import_demo(db.to_str().unwrap());
    let mut lines = Vec::new();
    let mut files = Vec::new();
    for (name, p1) in [("张三", "10"), ("李四", "2")] {
        let key = tmp.path().join(name);
        let public = keys::generate(&key, name, None).unwrap();
        lines.push(keys::allowed_signers_line(name, &public).unwrap());
        let mut store = pingshen::store::Store::open(&db).unwrap();
        let b = store.bundle(None).unwrap();
        let mut s = Session::begin(&store, &b, name).unwrap();
        s.set(
            &mut store,
            "KH-4201-01",
            Field::Score("P1".into()),
            Some(p1),
        )
        .unwrap();
        drop(s);
        let r = store.reviewer(name).unwrap();
        let mut private = || keys::load(&key, &mut || None);
        let out = tmp.path().join(format!("{name}.json"));
        pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &out, true)
            .unwrap();
        files.push(out);
    }
    let signers = allowed::parse(lines.join("\n"), "a").signers;
    let reference = {
        let store = pingshen::store::Store::open(&db).unwrap();
        let b = store.bundle(None).unwrap();
        pingshen::merge::Reference::from_store(&store, &b).unwrap()
    };
    let at_hand = |_: &str| Some(reference.clone());
    let result = pingshen::merge::merge(
        &files,
        &signers,
        sign::now(),
        &pingshen::merge::Options::default(),
        &[],
        &at_hand,
    )
    .unwrap();
    let out = tmp.path().join("r/result.xlsx");
    pingshen::merge::output::write(&result, &out, true).unwrap();
    let t = Tmux::new("results");
    let cmd = format!(
        "{} results {}",
        env!("CARGO_BIN_EXE_pingshen"),
        tmp.path().join("r/result.xlsx").display()
    );
    let mut env = home(tmp.path());
    env.push(("PINGSHEN_LANG".into(), "zh".into()));
    t.start(&cmd, &env_of(&env));
    t.wait_for("评审结果");
    t.wait_for("KH-4201-01");
    t.keys(&["Enter"]);
    let s = t.wait_for("评审专家");
    assert!(s.contains("张三") && s.contains("李四"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("显示 140 / 140");
    t.keys(&["q"]);
    let start = Instant::now();
    while t.pane("#{pane_dead}") != "1" {
        assert!(start.elapsed() < Duration::from_secs(10), "q quits");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether the screen is drawn for a `w`-column window: a bottom border
/// that spans it.
fn drawn_at(screen: &str, w: usize) -> bool {
    screen.lines().any(|l| {
        let l = l.trim_end();
        (l.starts_with('└') || l.starts_with('+')) && pingshen::text::width(l) == w
    })
}

#[test]
fn resizing_in_every_screen_redraws_at_once_and_never_quits() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").display().to_string();
    import_demo(&db);
    let t = Tmux::new("resize");
    let cmd = format!(
        "sh -c '{} --reviewer 张三; echo EXITED=$?; sleep 60'",
        command(&db, "")
    );
    t.start(&cmd, &env_of(&home(tmp.path())));
    t.wait_for("显示 140 / 140 个集群");
    let sizes = [(100, 30), (80, 24), (120, 40), (64, 20), (90, 28)];
    let mut n = 0;
    let mut resize = |t: &Tmux| {
        let (w, h) = sizes[n % sizes.len()];
        n += 1;
        t.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
        // Drawn at the new size with no key pressed.
        let start = Instant::now();
        while !drawn_at(&t.screen(), w) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "not redrawn at {w}×{h} after resize {n}:\n{}",
                t.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!t.screen().contains("EXITED"), "quit after resize {n}");
    };
    // The list, searching, a cluster, a score typed, the opinion editor,
    // the help: a resize, then a key, in each.
    for (keys, shows) in [
        (vec!["Down"], "KH-4201-02"),
        (vec!["/"], "搜索"),
        (vec!["szzyc"], "KH-4213-01"),
        (vec!["Enter"], "业绩指标"),
        (vec!["8"], "8"),
        (vec!["Escape"], "业绩指标"),
        (vec!["?"], "帮助"),
        (vec!["Escape"], "业绩指标"),
    ] {
        resize(&t);
        resize(&t);
        t.keys(&keys);
        t.wait_for(shows);
        resize(&t);
    }
    assert!(n >= 20, "{n} resizes");
    assert!(!t.screen().contains("EXITED"));
    assert_eq!(t.pane("#{pane_dead}"), "0", "still running");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_for("EXITED=0");
}
