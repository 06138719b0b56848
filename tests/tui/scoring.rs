//! Scoring as an expert does it: digits on an item, steps, undo, the
//! conclusion, the opinion, a conflict of interest; what the store keeps.

use crate::At;
use crate::ui::{Start, Ui};
use pingshen::i18n::{self, Lang, M, tr};

/// The text of the field being typed (its first line inside the box).
fn field(ui: &Ui) -> Option<String> {
    let b = ui.drawn().overlay()?;
    b.lines.first().map(|l| l.trim().to_string())
}

/// The lines of the field's box below the text: its note and its error.
fn field_says(ui: &Ui) -> String {
    let b = ui.drawn().overlay().expect("a field");
    b.lines[1..].concat()
}

/// The detail's heading of the score: "评分项 · 总分 63/100 · 进行中".
fn progress(ui: &Ui) -> String {
    let d = ui.drawn();
    let heading = d.body().into_iter().find(|l| l.starts_with(tr(M::ColItem)));
    let heading = heading.unwrap_or_else(|| panic!("no score heading:\n{}", d.text));
    heading.rsplit(" · ").next().unwrap().trim().to_string()
}

#[test]
fn scores_typed_stepped_refused_undone_and_stored() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    ui.open_cluster("KH-4201-01");
    // Digits on an item start its score; Enter confirms.
    ui.typed("8.5");
    assert_eq!(field(&ui).as_deref(), Some("8.5"));
    ui.press(&["<Enter>"]);
    assert!(ui.drawn().overlay().is_none());
    assert_eq!(ui.stored("KH-4201-01")["score:P1"], "8.5");
    assert!(ui.drawn().status().unwrap().contains("8.5"), "acknowledged");
    // Enter went on to P2. Off the step: refused at once, as typed, and on
    // Enter; nothing stored, and the field stays on P2.
    assert_eq!(ui.drawn().selected_id(), "P2");
    ui.typed("7.3");
    assert!(field_says(&ui).contains("0.5"), "{}", field_says(&ui));
    ui.press(&["<Enter>"]);
    assert!(field(&ui).is_some(), "the field stays open to correct");
    assert!(!ui.stored("KH-4201-01").contains_key("score:P2"));
    ui.press(&["<Backspace>"]);
    ui.typed("5");
    ui.press(&["<Enter>"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P2"], "7.5");
    assert_eq!(ui.drawn().selected_id(), "P3", "on to P3");
    // Stepping commits each step, within range; at the top it says so.
    ui.press(&["<Up>", "+", "+"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P2"], "8", "max is 8");
    ui.press(&["+"]);
    let status = ui.drawn().status();
    assert!(
        status.as_deref().unwrap().contains("最高分 8"),
        "{status:?}"
    );
    ui.press(&["-"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P2"], "7.5");
    // Undo walks back through the changes; redo forward.
    ui.press(&["u", "u"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P2"], "7.5");
    ui.press(&["<C-z>"]);
    assert!(!ui.stored("KH-4201-01").contains_key("score:P2"));
    ui.press(&["<C-y>"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P2"], "7.5");
    // The audit log has every step, undo and redo included.
    assert_eq!(
        ui.log("KH-4201-01"),
        ["set", "set", "set", "set", "undo", "undo", "undo", "redo"],
        "a step past the maximum changes nothing and logs nothing"
    );
}

#[test]
fn a_cluster_is_complete_with_every_item_and_a_conclusion() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    ui.open_cluster("SB-4205-03");
    assert_eq!(progress(&ui), tr(M::ProgressNotStarted));
    // Digits and Enter alone: each Enter saves and goes on to the next item,
    // until the conclusion row.
    let mut items = 0;
    while ui.drawn().selected_id() != tr(M::FieldConclusion) {
        ui.typed("9");
        ui.press(&["<Enter>"]);
        items += 1;
        assert!(items <= 20, "never reached the conclusion");
    }
    assert_eq!(items, 7, "application: the seven conditions");
    assert_eq!(progress(&ui), tr(M::ProgressInProgress));
    // Enter on the conclusion row: the round's choices; a digit picks.
    ui.press(&["<Enter>"]);
    let c = ui.drawn().overlay().expect("choices");
    let choices: Vec<&str> = c.lines[c.lines.len() - 2..]
        .iter()
        .map(|l| l.trim_start_matches(['▶', ' ']))
        .collect();
    assert_eq!(choices, ["1 推荐", "2 不推荐"]);
    ui.typed("1");
    assert_eq!(ui.stored("SB-4205-03")["conclusion"], "推荐");
    assert_eq!(progress(&ui), tr(M::ProgressComplete));
    // The opinion: several lines, Enter breaks the line, Ctrl-S saves.
    ui.press(&["<Down>", "<Enter>"]);
    ui.typed("龙头带动强");
    ui.press(&["<Enter>"]);
    ui.typed("建议推荐");
    ui.press(&["<C-s>"]);
    assert_eq!(ui.stored("SB-4205-03")["opinion"], "龙头带动强\n建议推荐");
    // Next incomplete skips what is settled.
    ui.press(&["<F9>"]);
    let At::Detail(next) = ui.drawn().at() else {
        panic!("a detail screen")
    };
    assert_ne!(next, "SB-4205-03");
    let settled = [tr(M::ProgressComplete), tr(M::ProgressRecused)];
    assert!(!settled.contains(&progress(&ui).as_str()), "{next}");
}

#[test]
fn a_conflict_takes_a_reason_and_then_no_scores() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    ui.open_cluster("KH-4202-01");
    ui.press(&["<C-x>"]);
    // No reason: refused, the field stays.
    ui.press(&["<Enter>"]);
    assert!(field_says(&ui).contains(tr(M::ReasonNeeded)));
    ui.typed("本人曾参与该集群规划编制");
    ui.press(&["<Enter>"]);
    assert_eq!(
        ui.stored("KH-4202-01")["conflict"],
        "本人曾参与该集群规划编制"
    );
    ui.typed("5");
    assert!(ui.drawn().overlay().is_none(), "no score field opens");
    ui.press(&["+"]);
    assert!(!ui.stored("KH-4202-01").contains_key("score:P1"));
    assert!(ui.drawn().status().unwrap().contains("回避"));
    let text = ui.screen(80, 24);
    assert!(text.contains("已声明回避"), "{text}");
    // Withdrawn through the same key, second choice.
    ui.press(&["x", "<Down>", "<Enter>"]);
    assert!(!ui.stored("KH-4202-01").contains_key("conflict"));
}

#[test]
fn a_pasted_score_is_a_typed_score() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    ui.open_cluster("KH-4201-01");
    ui.paste(" 8.5 ");
    assert_eq!(field(&ui).as_deref(), Some("8.5"));
    ui.press(&["<Enter>"]);
    assert_eq!(ui.stored("KH-4201-01")["score:P1"], "8.5");
    // Refused as typing is refused.
    ui.paste("7.3");
    assert!(field_says(&ui).contains("0.5"), "{}", field_says(&ui));
}

#[test]
fn the_first_start_asks_for_the_name() {
    let _lang = i18n::speak(Lang::Zh);
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("reviewer.toml");
    let mut ui = Start {
        reviewer: None,
        profile: Some(profile.clone()),
        ..Start::default()
    }
    .ui();
    let asked = ui.drawn().overlay().expect("the name asked");
    assert_eq!(asked.title, tr(M::LabelReviewer));
    ui.press(&["<Enter>"]);
    let d = ui.drawn();
    assert!(d.overlay().is_some(), "a name is needed");
    assert!(!d.breadcrumb().contains("张三"));
    ui.typed("张三");
    ui.press(&["<Enter>"]);
    let d = ui.drawn();
    assert!(d.overlay().is_none());
    assert_eq!(d.crumbs()[0], "张三", "{}", d.breadcrumb());
    assert_eq!(
        pingshen::config::Profile::load(&profile)
            .unwrap()
            .unwrap()
            .name,
        "张三"
    );
}

/// On the list, the opinion key opens the selected cluster at its opinion,
/// ready to type; what is saved is that cluster's.
#[test]
fn the_opinion_key_on_the_list_writes_the_selected_clusters_opinion() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    let id = ui.drawn().selected_id();
    ui.press(&["o"]);
    let d = ui.drawn();
    assert_eq!(d.at(), At::Detail(id.clone()));
    let b = d.overlay().expect("the opinion's field");
    assert!(b.title.contains(&id), "{}", b.title);
    ui.typed("整体较好");
    ui.press(&["<C-s>"]);
    assert_eq!(ui.stored(&id)["opinion"], "整体较好");
}
