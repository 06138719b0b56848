//! The real binary in a real terminal: tmux runs it in an 80×24 pane,
//! `send-keys` types, `capture-pane` reads the screen (as fzf's tests do).

#![cfg(unix)]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// A tmux server of its own, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("pingshen-{name}-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&o.stdout).to_string()
    }

    /// Starts `cmd` in a detached 80×24 session that stays after it exits.
    fn start(&self, cmd: &str, env: &[(&str, &str)]) {
        self.start_named("t", cmd, env);
    }

    fn start_named(&self, session: &str, cmd: &str, env: &[(&str, &str)]) {
        let mut args = vec!["new-session", "-d", "-s", session, "-x", "80", "-y", "24"];
        let envs: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for e in &envs {
            args.extend(["-e", e]);
        }
        args.push(cmd);
        self.run(&args);
        self.run(&["set-option", "-t", session, "remain-on-exit", "on"]);
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "t", k]);
        }
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    fn pane(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_string()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("waited for {text:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True while a process whose command line mentions `marker` is alive.
fn running(marker: &str) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|e| {
        std::fs::read(e.path().join("cmdline"))
            .is_ok_and(|c| String::from_utf8_lossy(&c).contains(marker))
            && std::fs::read_to_string(e.path().join("stat")).is_ok_and(|s| !s.contains(") Z "))
    })
}

/// Settings and data of a temporary home, so that tests never touch the
/// user's (and start as a newcomer does).
fn home(tmp: &std::path::Path) -> Vec<(String, String)> {
    vec![
        (
            "XDG_CONFIG_HOME".into(),
            tmp.join("config").display().to_string(),
        ),
        (
            "XDG_DATA_HOME".into(),
            tmp.join("data").display().to_string(),
        ),
    ]
}

fn env_of(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn command(db: &str, extra: &str) -> String {
    format!(
        "{} --db {db} {extra} open {}",
        env!("CARGO_BIN_EXE_pingshen"),
        testdata("bundle.tar").display()
    )
}

#[test]
fn browse_by_keyboard_alone_and_quit_with_the_terminal_intact() {
    assert!(
        have_tmux(),
        "tmux is needed for the terminal tests (.ci/run installs it)"
    );
    let t = Tmux::new("browse");
    // A shell around it stays, so the terminal can be looked at afterwards.
    // The README's run command: the demo, on the sample bundle.
    let demo = format!(
        "cd {} && {} demo",
        repo().display(),
        env!("CARGO_BIN_EXE_pingshen")
    );
    let cmd = format!("sh -c '{demo}; echo EXITED=$?; sleep 60'");
    let tmp = tempfile::tempdir().unwrap();
    let mut env = home(tmp.path());
    env.push(("PINGSHEN_LANG".into(), "zh".into()));
    t.start(&cmd, &env_of(&env));
    // A newcomer is asked their name first.
    t.wait_for("请输入您的姓名");
    t.keys(&["张三"]);
    t.wait_for("张三");
    t.keys(&["Enter"]);
    t.wait_for("显示 140 / 140 个集群");
    t.keys(&["/"]);
    t.wait_for("搜索（中文");
    t.keys(&["szzyc"]);
    t.wait_for("KH-4213-01");
    t.keys(&["Enter"]);
    let s = t.wait_for("业绩指标");
    assert!(
        s.contains("随州专用汽车产业集群") && s.contains("销售收入"),
        "{s}"
    );
    t.keys(&["e"]);
    t.wait_for("集群发展规划及年度实施方案");
    // One Esc at a time, as a person presses them: two at once arrive as
    // one escape sequence.
    t.keys(&["Escape"]);
    t.wait_for("业绩指标");
    t.keys(&["Escape"]);
    t.wait_for("显示 140 / 140 个集群");
    t.keys(&["q"]);
    t.wait_for("EXITED=0");
    assert_eq!(
        t.pane("#{alternate_on}"),
        "0",
        "the alternate screen is left"
    );
    assert_eq!(t.pane("#{cursor_flag}"), "1", "the cursor is shown again");
    assert!(
        !t.screen().contains("显示 140"),
        "the UI is gone from the screen"
    );
}

#[test]
fn plain_ascii_without_colour_in_an_80x24_pane() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").display().to_string();
    let t = Tmux::new("ascii");
    let mut env = home(tmp.path());
    env.extend([
        ("NO_COLOR".into(), "1".into()),
        ("PINGSHEN_LANG".into(), "en".into()),
    ]);
    t.start(&command(&db, "--ascii --reviewer tester"), &env_of(&env));
    let s = t.wait_for("showing 140 of 140 clusters");
    assert!(s.lines().nth(1).is_some_and(|l| l.starts_with('+')), "{s}");
    assert!(s.contains("> KH-4201-01"), "{s}");
    assert!(!s.contains('│') && !s.contains('─'), "{s}");
    t.keys(&["F10"]);
    let start = Instant::now();
    while t.pane("#{pane_dead}") != "1" {
        assert!(start.elapsed() < Duration::from_secs(10), "F10 quits");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_dropped_link_ends_the_process() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("hangup.db").display().to_string();
    let t = Tmux::new("hup");
    t.start(
        &command(&db, "--reviewer tester"),
        &env_of(&home(tmp.path())),
    );
    t.wait_for("KH-4201-01");
    assert!(running(&db));
    // Killing the session hangs up the pane's terminal: SIGHUP.
    t.run(&["kill-session", "-t", "t"]);
    let start = Instant::now();
    while running(&db) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "pingshen kept running after SIGHUP"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The scores a detail screen shows: (item, score) for every scored row.
fn scores_on_screen(screen: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in screen.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() < 4 {
            continue;
        }
        let id = t[1];
        let is_item = id.len() == 2
            && (id.starts_with('P') || id.starts_with('W'))
            && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !is_item {
            continue;
        }
        if let Some(cell) = t.iter().find(|x| x.contains('/'))
            && let Some((score, _max)) = cell.split_once('/')
            && score != "—"
        {
            out.push((id.to_string(), score.to_string()));
        }
    }
    out
}

/// The reviewer's scores on a cluster, read from the store afterwards.
fn stored_scores(db: &str, reviewer: &str, cluster: &str) -> Vec<(String, String)> {
    let store = pingshen::store::Store::open(std::path::Path::new(db)).unwrap();
    let b = store.bundle(None).unwrap();
    let r = store.reviewer(reviewer).unwrap();
    let marks = store.marks(r.no, b.no).unwrap();
    let mut out: Vec<(String, String)> = marks
        .get(cluster)
        .map(|m| {
            m.values
                .iter()
                .filter_map(|(f, v)| match f {
                    pingshen::review::score::Field::Score(i) => Some((i.clone(), v.clone())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A small deterministic generator: the kill points vary, the test repeats.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn kill_9_at_any_point_never_loses_an_acknowledged_score() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("crash.db").display().to_string();
    import_demo(&db);
    let env = home(tmp.path());
    let items = ["P1", "P2", "P3", "P4", "W1", "W2", "W3", "W4"];
    let mut rng = Lcg(20261127);
    let mut killed_unacknowledged = 0;
    let mut verified = 0;
    for round in 0..12 {
        let t = Tmux::new(&format!("crash{round}"));
        t.start(&command(&db, "--reviewer 张三"), &env_of(&env));
        // Reopened where the last round was killed (the list at first).
        t.wait_for("pingshen · 张三");
        // The same cluster every round: scores overwrite scores.
        t.keys(&["/"]);
        t.wait_for("搜索（中文");
        t.keys(&["KH-4201-03"]);
        t.wait_for("编号）：KH-4201-03");
        t.keys(&["Enter"]);
        t.wait_for("评分项");
        let mut last = t.screen();
        // Items typed this round and not waited for: the screen may still
        // show their older value while the store already holds the new one.
        let mut in_flight: Vec<&str> = Vec::new();
        let n = 1 + rng.below(items.len() as u64) as usize;
        for (k, item) in items.iter().enumerate().take(n) {
            let score = format!("{}", 1 + rng.below(5));
            in_flight.push(item);
            t.keys(&[&score]);
            match rng.below(3) {
                // Typed, not confirmed: nothing acknowledged for it.
                0 if k == n - 1 => {
                    killed_unacknowledged += 1;
                    break;
                }
                // Confirmed, and waited for on the screen.
                1 => {
                    t.keys(&["Enter"]);
                    let ack = (item.to_string(), score.clone());
                    let start = Instant::now();
                    while !scores_on_screen(&last).contains(&ack) {
                        assert!(start.elapsed() < Duration::from_secs(15), "{last}");
                        last = t.screen();
                    }
                    in_flight.retain(|i| i != item);
                }
                // Confirmed, and killed without waiting.
                _ => t.keys(&["Enter"]),
            }
            // Enter saved the score and went on to the next item.
        }
        last = {
            let now = t.screen();
            if now.contains("评分项") { now } else { last }
        };
        let pid = t.pane("#{pane_pid}");
        Command::new("kill").args(["-9", &pid]).status().unwrap();
        let shown: Vec<(String, String)> = scores_on_screen(&last)
            .into_iter()
            .filter(|(i, _)| !in_flight.contains(&i.as_str()))
            .collect();
        let stored = stored_scores(&db, "张三", "KH-4201-03");
        verified += shown.len();
        for s in &shown {
            assert!(
                stored.contains(s),
                "round {round}: {s:?} was on the screen but not in the store {stored:?}\n{last}"
            );
        }
    }
    assert!(killed_unacknowledged > 0, "some kills fell mid-typing");
    assert!(verified >= 12, "scores on screen were checked: {verified}");
    // And the audit log holds every change the rounds made.
    let o = pingshen(&["--db", &db, "log", "--cluster", "KH-4201-03"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("张三"), "{}", stdout(&o));
}

#[test]
fn a_hang_up_mid_comment_keeps_the_draft_and_a_second_session_is_told() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("hup.db").display().to_string();
    import_demo(&db);
    let env = home(tmp.path());
    let t = Tmux::new("draft");
    t.start(&command(&db, "--reviewer 张三"), &env_of(&env));
    t.wait_for("KH-4201-01");
    t.keys(&["Enter"]);
    t.wait_for("评分项");
    t.keys(&["9"]);
    t.keys(&["Enter"]);
    t.wait_for("= 9");
    // Enter went on to P2: back up to P1.
    t.keys(&["Up"]);
    // The same reviewer from a second terminal is told, and nothing opens.
    t.start_named(
        "second",
        &format!(
            "sh -c '{}; echo EXITED=$?; sleep 60'",
            command(&db, "--reviewer 张三")
        ),
        &env_of(&env),
    );
    let start = Instant::now();
    loop {
        let s = t.run(&["capture-pane", "-p", "-t", "second"]);
        if s.contains("EXITED=") {
            assert!(s.contains("另一个会话") && !s.contains("EXITED=0"), "{s}");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "{s}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A comment typed, not confirmed, then the link drops (SIGHUP) at once.
    t.keys(&["c"]);
    t.wait_for("P1 评语");
    t.keys(&["产值数据待核实"]);
    t.wait_for("产值数据待核实");
    // The real cursor sits after the text (seven wide characters from the
    // field's left edge at column 3), where an input method opens.
    assert_eq!(t.pane("#{cursor_flag} #{cursor_x}"), "1 17");
    t.run(&["kill-server"]);
    let start = Instant::now();
    while running(&db) {
        assert!(start.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Reopened: the same cluster, the draft offered back, the score kept.
    let t = Tmux::new("draft2");
    t.start(&command(&db, "--reviewer 张三"), &env_of(&env));
    let s = t.wait_for("已恢复");
    assert!(
        s.contains("产值数据待核实") && s.contains("KH-4201-01"),
        "{s}"
    );
    assert_eq!(
        stored_scores(&db, "张三", "KH-4201-01"),
        [("P1".to_string(), "9".to_string())]
    );
    t.keys(&["Enter"]);
    t.wait_for("已保存");
    t.keys(&["q"]);
    let o = pingshen(&["--db", &db, "log"]);
    let log = stdout(&o);
    assert!(
        log.contains("P1 分数: （空） → “9”") && log.contains("P1 评语: （空） → “产值数据待核实”"),
        "{log}"
    );
}

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

#[test]
fn a_draft_typed_two_seconds_ago_survives_kill_9() {
    assert!(have_tmux(), "tmux is needed for the terminal tests");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("k.db").display().to_string();
    import_demo(&db);
    let env = home(tmp.path());
    let t = Tmux::new("draft9");
    t.start(&command(&db, "--reviewer 张三"), &env_of(&env));
    t.wait_for("KH-4201-01");
    t.keys(&["Enter"]);
    t.wait_for("评分项");
    t.keys(&["o"]);
    t.wait_for("评审意见");
    t.keys(&["龙头企业带动作用强"]);
    t.wait_for("龙头企业带动作用强");
    std::thread::sleep(Duration::from_millis(2500));
    let pid = t.pane("#{pane_pid}");
    Command::new("kill").args(["-9", &pid]).status().unwrap();
    let t = Tmux::new("draft9b");
    t.start(&command(&db, "--reviewer 张三"), &env_of(&env));
    let s = t.wait_for("已恢复");
    assert!(s.contains("龙头企业带动作用强"), "{s}");
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
