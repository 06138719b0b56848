//! The merged result through the command line and in the results view,
//! driven by keys and read from the screen.

use super::*;

#[test]
fn merge_and_results_through_the_command_line() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let signers = panel.signers_file();
    // The output folder is made as needed.
    let out = panel.path("out/result.xlsx");
    let mut args: Vec<String> = vec![
        "--db".into(),
        panel.db.display().to_string(),
        "merge".into(),
    ];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend([
        "--signers".into(),
        signers.display().to_string(),
        "--rule".into(),
        "trimmed".into(),
        "-o".into(),
        out.display().to_string(),
    ]);
    let mut signed = args.clone();
    signed.extend([
        "--sign".into(),
        "--reviewer".into(),
        "A".into(),
        "--key".into(),
        panel.path("A.key").display().to_string(),
    ]);
    let a: Vec<&str> = signed.iter().map(String::as_str).collect();
    let o = pingshen(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    // The manifest's signature checks out with OpenSSH, in its own namespace.
    let line = panel.lines[0].replace("pingshen-review", "pingshen-result");
    let office = panel.path("office_signers");
    std::fs::write(&office, line + "\n").unwrap();
    let manifest = panel.path("out/result.manifest.json");
    let v = ssh_verify_in(&office, "A", "pingshen-result", &manifest);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(stdout(&o).contains("已合并 5 位评审专家"), "{}", stdout(&o));
    assert!(stderr(&o).contains("B 未完成 138 个集群"), "{}", stderr(&o));
    assert!(stderr(&o).contains("A 未完成 137 个集群"), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(panel.path("out/result.json")).unwrap()).unwrap();
    let x = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == X)
        .unwrap();
    assert_eq!(x["score"], "64");
    assert_eq!(x["name"], "东西湖食品加工产业集群", "names from the store");
    let csv = std::fs::read_to_string(panel.path("out/result.ranking.csv")).unwrap();
    assert!(csv.lines().nth(1).unwrap().contains("KH-4201-03"), "{csv}");
    let manifest = std::fs::read_to_string(panel.path("out/result.manifest.json")).unwrap();
    assert_eq!(manifest.matches("\"used\"").count(), 5, "{manifest}");
    // A bad rule is refused with what was expected.
    let mut bad = a.clone();
    let i = bad.iter().position(|x| *x == "trimmed").unwrap();
    bad[i] = "average";
    let o = pingshen(&bad);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("mean, median, trimmed") && stderr(&o).contains("average"),
        "{}",
        stderr(&o)
    );
}

fn screen(app: &mut pingshen::tui::results::Results, w: u16, h: u16) -> String {
    frame_text(w, h, |f| app.draw(f))
}

/// The results view, read at a size that cuts nothing and shows every row.
fn drawn(app: &mut pingshen::tui::results::Results) -> common::screen::Drawn {
    common::screen::Drawn::new(screen(app, 160, 220))
}

/// The cluster ids of the rows of the results list.
fn ids(d: &common::screen::Drawn) -> Vec<String> {
    d.body()
        .iter()
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("KH-") || w.starts_with("SB-"))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_results_view_ranks_filters_and_lays_reviewers_side_by_side() {
    use pingshen::i18n::{self, Lang};
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let mut panel = Panel::new();
    let mut files = five(&mut panel);
    // A comment and an opinion to show beside the scores.
    panel.annotate("D", "销售数据存疑", "材料不足，\n建议不合格。");
    files[3] = panel.review(
        &Plan {
            name: "D",
            scored: vec![],
            recused: vec![],
        },
        "D2.json",
    );
    let r = panel.merge(&files);
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut app = pingshen::tui::results::Results::new(
            r.clone(),
            load_keymap(Keys::Default, None).unwrap(),
            pingshen::tui::app::Look {
                color: true,
                ascii: false,
            },
        );
        let press =
            |app: &mut pingshen::tui::results::Results, k: &str| app.on_key(Key::parse(k).unwrap());
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("results_{tag}_{w}x{h}"), screen(&mut app, w, h));
        }
        // Divergent only: X (conclusions differ) alone.
        press(&mut app, "<F7>");
        let d = drawn(&mut app);
        assert_eq!(d.showing().0, 1);
        assert!(d.selected().unwrap().contains(X), "{}", d.text);
        press(&mut app, "<Enter>");
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen(&mut app, w, h);
            assert!(
                text.contains("销售数据存疑") && text.contains("建议不合格"),
                "{text}"
            );
            insta::assert_snapshot!(format!("results_cluster_{tag}_{w}x{h}"), text);
        }
        press(&mut app, "<Esc>");
        press(&mut app, "<F7>");
        // By prefecture: the one the title names; its clusters are the
        // rows, and only they.
        press(&mut app, "<F6>");
        let d = drawn(&mut app);
        let title = d.title();
        let p = title.split(" · ").nth(1).unwrap();
        let mut theirs: Vec<&str> = r
            .clusters
            .iter()
            .filter(|c| c.prefecture == p)
            .map(|c| c.id.as_str())
            .collect();
        theirs.sort();
        let mut shown = ids(&d);
        shown.sort();
        assert!(!shown.is_empty(), "{title}");
        assert_eq!(shown, theirs, "{title}");
        press(&mut app, "q");
        assert!(app.quitting());
    }
}

#[test]
fn the_results_view_draws_at_any_size() {
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    let mut app = pingshen::tui::results::Results::new(
        r,
        load_keymap(Keys::Default, None).unwrap(),
        pingshen::tui::app::Look {
            color: false,
            ascii: true,
        },
    );
    // No size panics, and a screen with room shows what it should: the
    // ranking first, then each view the keys lead to.
    assert!(screen(&mut app, 200, 60).contains(X));
    for k in ["<Enter>", "?", "<Esc>", "<Esc>", "<F7>", "<Enter>"] {
        for (w, h) in [(1, 1), (10, 3), (30, 8), (59, 11)] {
            screen(&mut app, w, h);
        }
        assert!(!screen(&mut app, 200, 60).trim().is_empty(), "after {k}");
        app.on_key(Key::parse(k).unwrap());
    }
}

#[test]
fn the_results_view_searches_says_why_and_by_which_rule_with_any_key_map() {
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let _lang = pingshen::i18n::speak(pingshen::i18n::Lang::Zh);
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    for keys in [Keys::Default, Keys::Vim] {
        let mut app = pingshen::tui::results::Results::new(
            r.clone(),
            load_keymap(keys, None).unwrap(),
            pingshen::tui::app::Look {
                color: true,
                ascii: false,
            },
        );
        let press =
            |app: &mut pingshen::tui::results::Results, k: &str| app.on_key(Key::parse(k).unwrap());
        // Why X diverges, and by which rule each final score came, in the list.
        let text = screen(&mut app, 80, 24);
        let row = text.lines().find(|l| l.contains(X)).unwrap();
        assert!(
            row.contains("结论不一") && row.contains("去高去低平均"),
            "{row}"
        );
        let row = text.lines().find(|l| l.contains(Y)).unwrap();
        assert!(row.contains("平均"), "{row}");
        // `/` finds by pinyin initials; Esc drops the search.
        press(&mut app, "/");
        for c in "dxh".chars() {
            press(&mut app, &c.to_string());
        }
        let d = drawn(&mut app);
        assert_eq!(d.showing().0, 1, "{keys:?}");
        assert_eq!(ids(&d), [X]);
        press(&mut app, "<Enter>");
        press(&mut app, "<Enter>");
        assert!(drawn(&mut app).title().starts_with(X), "X open");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("去掉一个最高分和一个最低分"), "{text}");
        press(&mut app, "<Esc>");
        press(&mut app, "<Esc>");
        let d = drawn(&mut app);
        assert!(
            d.showing().0 > 100 && !d.title().contains("dxh"),
            "{}",
            d.title()
        );
        // The vim map's keys work here too.
        if keys == Keys::Vim {
            let rows = ids(&d);
            let at = |d: &common::screen::Drawn| {
                let s = d.selected().unwrap();
                rows.iter().position(|id| s.contains(id.as_str())).unwrap()
            };
            let before = at(&d);
            press(&mut app, "j");
            assert_eq!(at(&drawn(&mut app)), before + 1);
        }
        // Help from the key map: the bindings and the intro.
        press(&mut app, "?");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("只看分歧") && text.contains("并列"), "{text}");
    }
}
