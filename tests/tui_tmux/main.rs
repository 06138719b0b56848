//! The real binary in a real terminal: tmux runs it in an 80×24 pane,
//! `send-keys` types, `capture-pane` reads the screen (as fzf's tests do).

#![cfg(unix)]

#[path = "../common/mod.rs"]
mod common;
mod durability;
mod terminal;

use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

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
