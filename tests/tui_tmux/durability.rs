//! Nothing acknowledged is lost: kill -9 at any point, a hang-up mid
//! comment, a draft typed two seconds before the kill.

use super::*;

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
