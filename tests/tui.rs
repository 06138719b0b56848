//! The terminal UI without a terminal: key sequences through the update
//! logic, and every screen drawn on ratatui's TestBackend (insta snapshots at
//! 80×24 and 120×40, Chinese and English).

mod common;

use common::*;
use pingshen::i18n::{self, Lang};
use pingshen::store::Store;
use pingshen::tui::app::{App, Look, Screen};
use pingshen::tui::keymap::Key;
use pingshen::tui::{Keys, load_keymap, update, views};

/// The UI on `bundle` (imported into `store` if needed), begun as
/// `reviewer` (none: the name is still to be asked).
fn app_on(mut store: Store, bundle: &std::path::Path, reviewer: Option<&str>, look: Look) -> App {
    pingshen::store::import(&mut store, bundle).unwrap();
    let b = store.bundle(None).unwrap();
    let mut app = App::new(store, b, load_keymap(Keys::Default, None).unwrap(), look).unwrap();
    if let Some(name) = reviewer {
        pingshen::tui::session::begin(&mut app, name).unwrap();
    }
    app
}

const COLOUR: Look = Look {
    color: true,
    ascii: false,
};

fn app_with(bundle: &std::path::Path, look: Look) -> App {
    app_on(Store::open_in_memory().unwrap(), bundle, Some("张三"), look)
}

/// The demo as `reviewer`, in the store file at `db` (a restart each call).
fn reopen(db: &std::path::Path, reviewer: &str) -> App {
    app_on(
        Store::open(db).unwrap(),
        &testdata("bundle.tar"),
        Some(reviewer),
        COLOUR,
    )
}

fn demo_app() -> App {
    app_with(&testdata("bundle.tar"), COLOUR)
}

fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        update::on_key(app, Key::parse(k).unwrap_or_else(|| panic!("key {k}")));
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update::on_key(app, Key::parse(&c.to_string()).unwrap());
    }
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    frame_text(w, h, |f| views::draw(f, app))
}

#[test]
fn find_by_initials_open_read_evidence_and_go_back() {
    let mut app = demo_app();
    assert_eq!(app.shown.len(), 140);
    press(&mut app, &["/"]);
    typed(&mut app, "szzyc");
    assert!(app.search.as_ref().is_some_and(|s| !s.hits.is_empty()));
    press(&mut app, &["<Enter>"]);
    assert!(matches!(&app.screen, Screen::Detail(id) if id.0 == "KH-4213-01"));
    press(&mut app, &["e"]);
    assert!(matches!(&app.screen, Screen::Evidence(id) if id.0 == "KH-4213-01"));
    assert_eq!(app.evidence_rows().len(), 8);
    press(&mut app, &["<Tab>"]);
    assert_eq!(
        app.item.as_deref(),
        Some("P1"),
        "the filter walks the rubric items"
    );
    press(&mut app, &["<Esc>"]);
    assert!(matches!(app.screen, Screen::Detail(_)));
    press(&mut app, &["<Esc>"]);
    assert_eq!(app.screen, Screen::List);
    press(&mut app, &["<Right>"]);
    assert!(matches!(app.screen, Screen::Detail(_)), "forward again");
    press(&mut app, &["<Esc>", "<F10>"]);
    assert!(app.quit);
}

#[test]
fn filters_by_round_and_prefecture_without_letter_keys() {
    let mut app = demo_app();
    press(&mut app, &["<F5>"]);
    assert_eq!(app.shown.len(), 110, "assessment");
    press(&mut app, &["<F5>"]);
    assert_eq!(app.shown.len(), 30, "applications");
    press(&mut app, &["<F5>", "<F6>"]);
    assert_eq!(app.prefecture.as_deref(), Some("武汉"));
    assert_eq!(app.shown.len(), 7, "武汉: 4 assessed, 3 applicants");
    press(&mut app, &["<End>"]);
    assert_eq!(app.selected, 6);
    // Sort by each column in turn; sales puts the largest increment first.
    for _ in 0..5 {
        press(&mut app, &["<F7>"]);
    }
    assert_eq!(app.sort, pingshen::tui::app::Sort::Sales);
    let sales: Vec<i64> = app
        .shown
        .iter()
        .map(|&i| app.rows[i].sales_increment.unwrap_or(i64::MIN))
        .collect();
    assert!(sales.windows(2).all(|w| w[0] >= w[1]), "{sales:?}");
    press(&mut app, &["<Down>"]);
    assert_eq!(app.selected, 6, "the selection stops at the end");
}

#[test]
fn search_finds_evidence_titles_and_jumps_to_the_item() {
    let mut app = demo_app();
    press(&mut app, &["/"]);
    typed(&mut app, "产学研合作协议");
    let s = app.search.as_ref().unwrap();
    assert!(
        s.hits
            .iter()
            .any(|h| matches!(h, pingshen::tui::app::Hit::Evidence { .. }))
    );
    // Walk to the first evidence hit and open it.
    while !matches!(
        app.search.as_ref().unwrap().hits[app.search.as_ref().unwrap().selected],
        pingshen::tui::app::Hit::Evidence { .. }
    ) {
        press(&mut app, &["<Down>"]);
    }
    press(&mut app, &["<Enter>"]);
    assert!(matches!(app.screen, Screen::Evidence(_)));
    let e = app.evidence_rows()[app.selected];
    assert!(e.title.contains("产学研合作协议"), "{}", e.title);
}

#[test]
fn every_screen_at_both_sizes_in_both_languages() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut app = demo_app();
        let snap = |name: &str, app: &App| {
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), screen_text(app, w, h));
            }
        };
        snap("list", &app);
        press(&mut app, &["/"]);
        typed(&mut app, "cyqjy");
        snap("search", &app);
        press(&mut app, &["<Enter>"]);
        snap("detail", &app);
        // A cluster the pre-screen found something on: it comes first.
        let mut found = demo_app();
        press(&mut found, &["/"]);
        typed(&mut found, "KH-4203-01");
        press(&mut found, &["<Enter>"]);
        snap("detail_findings", &found);
        press(&mut app, &["e"]);
        snap("evidence", &app);
        press(&mut app, &["?"]);
        snap("help", &app);
        press(&mut app, &["<Esc>", "<Esc>", "<Esc>", "/"]);
        typed(&mut app, "SB-4205-03");
        press(&mut app, &["<Enter>"]);
        snap("application", &app);
    }
}

#[test]
fn too_small_says_so_instead_of_drawing_garbage() {
    let app = demo_app();
    for (w, h) in [(40, 10), (59, 24), (80, 11), (1, 1)] {
        let text = screen_text(&app, w, h);
        assert!(text.contains("60") || w < 10, "{w}x{h}: {text}");
        assert!(!text.contains("KH-4201-01"), "{w}x{h}");
    }
}

#[test]
fn ascii_borders_and_no_colour_still_show_the_selection() {
    let app = app_with(
        &testdata("bundle.tar"),
        Look {
            color: false,
            ascii: true,
        },
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.lines().nth(1).unwrap().starts_with('+'), "{text}");
    assert!(text.lines().nth(1).unwrap().ends_with("-+"), "{text}");
    assert!(
        text.contains("> KH-4201-01"),
        "a visible marker, not only colour"
    );
    for c in text.chars() {
        assert!(
            c.is_ascii() || !matches!(c, '─' | '│' | '┌' | '┐' | '└' | '┘' | '▶'),
            "{c:?}"
        );
    }
}

#[test]
fn escape_sequences_in_workbook_text_are_drawn_inert() {
    let (tmp, src) = submissions(&["神农架林区"]);
    std::fs::remove_file(src.join("神农架林区/表二 业绩指标.xlsx")).unwrap();
    std::fs::copy(
        testdata("broken/表二-escape.xlsx"),
        src.join("神农架林区/表二 业绩指标.xlsx"),
    )
    .unwrap();
    let out = tmp.path().join("b.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut app = app_with(&out, COLOUR);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    press(&mut app, &["<Enter>"]);
    let text = screen_text(&app, 120, 40);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
}

#[test]
fn an_evidence_file_opens_as_text_with_its_particulars() {
    // No display here: the file is shown in the terminal.
    let mut app = demo_app();
    press(&mut app, &["/"]);
    typed(&mut app, "KH-4213-01");
    press(&mut app, &["<Enter>", "e", "<Enter>"]);
    let v = app.viewer.as_ref().expect("a viewer");
    assert!(v.info[0].contains("SHA-256"), "{:?}", v.info);
    assert!(
        v.lines
            .iter()
            .any(|l| l.contains("随州专用汽车产业集群（KH-4213-01）")),
        "{:?}",
        v.lines
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("集群发展规划及年度实施方案"), "{text}");
    press(&mut app, &["<Esc>"]);
    assert!(app.viewer.is_none());
    assert!(
        matches!(app.screen, Screen::Evidence(_)),
        "Esc closes the file, not the screen"
    );
}

#[test]
fn a_pdf_shows_its_text_layer_and_pages_never_its_source() {
    let mut app = demo_app();
    app.opener = Some(String::new());
    open_cluster(&mut app, "KH-429006-02");
    press(&mut app, &["e"]);
    let at = app
        .evidence_rows()
        .iter()
        .position(|e| e.path.ends_with(".pdf"))
        .expect("a PDF among the evidence");
    app.selected = at;
    press(&mut app, &["<Enter>"]);
    let v = app.viewer.as_ref().expect("a viewer");
    assert!(v.info.iter().any(|l| l.contains("PDF")), "{:?}", v.info);
    assert!(
        v.lines.iter().any(|l| l.contains("KH-429006-02")),
        "{:?}",
        v.lines
    );
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("endobj") && !text.contains("%PDF"), "{text}");
}

#[test]
fn a_growing_query_finds_what_a_fresh_search_finds() {
    // Narrowing must never lose a hit: compare with a search typed at once.
    for query in [
        "szz",
        "szzyc",
        "cyq",
        "KH-42",
        "随州",
        "产学研",
        "zdqc",
        "zhu",
        "qiche",
        "gongye",
    ] {
        let mut grown = demo_app();
        press(&mut grown, &["/"]);
        typed(&mut grown, query);
        // A fresh search: the whole query set at once (one character more,
        // taken back, so that nothing is left to narrow from).
        let mut fresh = demo_app();
        press(&mut fresh, &["/"]);
        if let Some(s) = fresh.search.as_mut() {
            s.query = format!("{query}x");
            s.matched = None;
        }
        press(&mut fresh, &["<Backspace>"]);
        assert_eq!(
            grown.search.as_ref().unwrap().hits,
            fresh.search.as_ref().unwrap().hits,
            "{query}"
        );
    }
}

#[test]
fn an_empty_bundle_draws_and_takes_every_key() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("submissions");
    copy_dir(&testdata("rubric"), &tmp.path().join("rubric"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(testdata("submissions/pack.toml"), src.join("pack.toml")).unwrap();
    let out = tmp.path().join("empty.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let _lang = i18n::speak(Lang::Zh);
    let mut app = app_with(&out, COLOUR);
    insta::assert_snapshot!("empty_zh_80x24", screen_text(&app, 80, 24));
    for k in [
        "<Enter>", "e", "<Down>", "<End>", "<F5>", "<F6>", "s", "/", "x", "<Enter>", "<Esc>", "?",
        "<Esc>", "<Left>", "<Right>",
    ] {
        press(&mut app, &[k]);
        screen_text(&app, 80, 24);
    }
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn long_names_are_cut_at_a_character_boundary_with_an_ellipsis() {
    use pingshen::bundle::fields::TABLE2_TEMPLATE_ORDER;
    use pingshen::bundle::template::{Cell, write_table2};
    let (tmp, src) = submissions(&["神农架林区"]);
    let long = "神农架林区绿色食品暨中药材暨生态旅游商品深加工暨电子商务产业集群";
    let row: Vec<Cell> = TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|k| match *k {
            "id" => Cell::from("KH-429021-01"),
            "name" => Cell::from(long),
            "prefecture" => Cell::from("神农架林区"),
            "county" | "industry" => Cell::from("绿色食品"),
            _ => Cell::Number(100.0),
        })
        .collect();
    write_table2(&src.join("神农架林区/表二 业绩指标.xlsx"), 2018, &[row]).unwrap();
    let out = tmp.path().join("long.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let app = app_with(&out, COLOUR);
    for (w, h) in [(80, 24), (81, 24), (120, 40)] {
        let text = screen_text(&app, w, h);
        for line in text.lines() {
            assert!(pingshen::text::width(line) <= w as usize, "{w}: {line}");
        }
        let row = text.lines().find(|l| l.contains("KH-429021-01")).unwrap();
        assert!(
            row.contains("神农架林区绿色食品") && row.contains('…'),
            "{w}: {row}"
        );
    }
}

/// The marks of a cluster as the store has them (not as the screen does).
fn stored(app: &App, cluster: &str) -> std::collections::BTreeMap<String, String> {
    let r = app.review.as_ref().unwrap();
    app.store
        .marks(r.reviewer.no, app.bundle.no)
        .unwrap()
        .get(cluster)
        .map(|m| m.values.iter().map(|(f, v)| (f.key(), v.clone())).collect())
        .unwrap_or_default()
}

/// Opens a cluster by id through the search.
fn open_cluster(app: &mut App, id: &str) {
    press(app, &["/"]);
    typed(app, id);
    press(app, &["<Enter>"]);
    assert!(matches!(&app.screen, Screen::Detail(c) if c.0 == id));
}

#[test]
fn scores_typed_stepped_refused_undone_and_stored() {
    let _lang = i18n::speak(Lang::Zh);
    let mut app = demo_app();
    open_cluster(&mut app, "KH-4201-01");
    // Digits on an item start its score; Enter confirms.
    typed(&mut app, "8.5");
    assert!(app.editor.is_some());
    press(&mut app, &["<Enter>"]);
    assert!(app.editor.is_none());
    assert_eq!(stored(&app, "KH-4201-01")["score:P1"], "8.5");
    assert!(
        app.status.as_deref().unwrap().contains("8.5"),
        "acknowledged"
    );
    // Enter went on to P2. Off the step: refused at once, as typed, and on
    // Enter; nothing stored, and the field stays on P2.
    assert_eq!(app.selected, 1);
    typed(&mut app, "7.3");
    let e = app.editor.as_ref().unwrap();
    assert!(e.error.as_deref().unwrap().contains("0.5"), "{:?}", e.error);
    press(&mut app, &["<Enter>"]);
    assert!(app.editor.is_some(), "the field stays open to correct");
    assert!(!stored(&app, "KH-4201-01").contains_key("score:P2"));
    press(&mut app, &["<Backspace>"]);
    typed(&mut app, "5");
    press(&mut app, &["<Enter>"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P2"], "7.5");
    assert_eq!(app.selected, 2, "on to P3");
    // Stepping commits each step, within range; at the top it says so.
    press(&mut app, &["<Up>", "+", "+"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P2"], "8", "max is 8");
    press(&mut app, &["+"]);
    assert!(
        app.status.as_deref().unwrap().contains("最高分 8"),
        "{:?}",
        app.status
    );
    press(&mut app, &["-"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P2"], "7.5");
    // Undo walks back through the changes; redo forward.
    press(&mut app, &["u", "u"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P2"], "7.5");
    press(&mut app, &["<C-z>"]);
    assert!(!stored(&app, "KH-4201-01").contains_key("score:P2"));
    press(&mut app, &["<C-y>"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P2"], "7.5");
    // The audit log has every step, undo and redo included.
    let log = app
        .store
        .log(app.bundle.no, None, Some("KH-4201-01"))
        .unwrap();
    let hows: Vec<&str> = log.iter().map(|e| e.how.as_str()).collect();
    assert_eq!(
        hows,
        ["set", "set", "set", "set", "undo", "undo", "undo", "redo"],
        "a step past the maximum changes nothing and logs nothing"
    );
}

#[test]
fn a_cluster_is_complete_with_every_item_and_a_conclusion() {
    let mut app = demo_app();
    open_cluster(&mut app, "SB-4205-03");
    let items = app
        .detail
        .as_ref()
        .unwrap()
        .rubric
        .as_ref()
        .unwrap()
        .items
        .len();
    assert_eq!(items, 7, "application: the seven conditions");
    // Digits and Enter alone: each Enter saves and goes on to the next item.
    for _ in 0..items {
        typed(&mut app, "9");
        press(&mut app, &["<Enter>"]);
    }
    assert_eq!(app.selected, items, "on the conclusion row");
    assert_eq!(
        app.progress_of("SB-4205-03"),
        pingshen::review::score::Progress::InProgress
    );
    // Enter on the conclusion row: the round's choices; a digit picks.
    press(&mut app, &["<Enter>"]);
    let c = app.chooser.as_ref().expect("choices");
    assert_eq!(c.choices, ["推荐", "不推荐"]);
    typed(&mut app, "1");
    assert_eq!(stored(&app, "SB-4205-03")["conclusion"], "推荐");
    assert_eq!(
        app.progress_of("SB-4205-03"),
        pingshen::review::score::Progress::Complete
    );
    // The opinion: several lines, Enter breaks the line, Ctrl-S saves.
    press(&mut app, &["<Down>", "<Enter>"]);
    typed(&mut app, "龙头带动强");
    press(&mut app, &["<Enter>"]);
    typed(&mut app, "建议推荐");
    press(&mut app, &["<C-s>"]);
    assert_eq!(
        stored(&app, "SB-4205-03")["opinion"],
        "龙头带动强\n建议推荐"
    );
    // Next incomplete skips what is settled.
    press(&mut app, &["<F9>"]);
    let Screen::Detail(next) = &app.screen else {
        panic!("a detail screen")
    };
    assert_ne!(next.0, "SB-4205-03");
    assert!(!app.progress_of(&next.0).settled());
}

#[test]
fn a_conflict_takes_a_reason_and_then_no_scores() {
    let mut app = demo_app();
    open_cluster(&mut app, "KH-4202-01");
    press(&mut app, &["<C-x>"]);
    // No reason: refused, the field stays.
    press(&mut app, &["<Enter>"]);
    assert!(app.editor.as_ref().unwrap().error.is_some());
    typed(&mut app, "本人曾参与该集群规划编制");
    press(&mut app, &["<Enter>"]);
    assert_eq!(
        stored(&app, "KH-4202-01")["conflict"],
        "本人曾参与该集群规划编制"
    );
    typed(&mut app, "5");
    assert!(app.editor.is_none(), "no score field opens");
    press(&mut app, &["+"]);
    assert!(!stored(&app, "KH-4202-01").contains_key("score:P1"));
    assert!(app.status.as_deref().unwrap().contains("回避"));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("已声明回避"), "{text}");
    // Withdrawn through the same key, second choice.
    press(&mut app, &["x", "<Down>", "<Enter>"]);
    assert!(!stored(&app, "KH-4202-01").contains_key("conflict"));
}

#[test]
fn text_typed_is_kept_as_a_draft_and_offered_back() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let open = || reopen(&db, "王五");
    let mut app = open();
    open_cluster(&mut app, "KH-4203-01");
    press(&mut app, &["<Down>", "c"]);
    typed(&mut app, "投资数据与附件不一致");
    // What the loop does every two seconds while typing.
    pingshen::tui::session::save_draft(&mut app);
    drop(app); // as if killed: nothing more runs
    let app = open();
    assert!(matches!(&app.screen, Screen::Detail(c) if c.0 == "KH-4203-01"));
    let e = app.editor.as_ref().expect("the draft is offered back");
    assert_eq!(e.text, "投资数据与附件不一致");
    assert!(e.note.is_some());
    assert_eq!(
        app.detail_row(),
        Some(pingshen::tui::app::Row::Item("P2".into()))
    );
}

#[test]
fn reopening_returns_to_the_same_cluster_screen_and_row() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let open = || reopen(&db, "赵六");
    let mut app = open();
    press(&mut app, &["<F6>", "<F6>"]);
    press(
        &mut app,
        &["<Down>", "<Enter>", "<Down>", "<Down>", "<Down>"],
    );
    let here = app.spot();
    pingshen::tui::session::on_exit(&mut app);
    drop(app);
    let app = open();
    assert_eq!(app.spot(), here);
    assert_eq!(app.prefecture.as_deref(), Some("黄石"));
    assert_eq!(app.selected, 3);
}

#[test]
fn the_first_start_asks_for_the_name() {
    let mut app = app_on(
        Store::open_in_memory().unwrap(),
        &testdata("bundle.tar"),
        None,
        COLOUR,
    );
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("reviewer.toml");
    app.profile = Some(profile.clone());
    pingshen::tui::session::ask_name(&mut app);
    press(&mut app, &["<Enter>"]);
    assert!(app.review.is_none(), "a name is needed");
    typed(&mut app, "张三");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.review.as_ref().unwrap().reviewer.name, "张三");
    assert_eq!(
        pingshen::config::Profile::load(&profile)
            .unwrap()
            .unwrap()
            .name,
        "张三"
    );
}

#[test]
fn scoring_screens_at_both_sizes_in_both_languages() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut app = demo_app();
        let snap = |name: &str, app: &App| {
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), screen_text(app, w, h));
            }
        };
        open_cluster(&mut app, "KH-4201-02");
        typed(&mut app, "10");
        press(&mut app, &["<Enter>", "<Down>"]);
        typed(&mut app, "6.5");
        press(&mut app, &["<Enter>", "c"]);
        typed(&mut app, "新增就业与附件一致");
        press(&mut app, &["<Enter>", "<Down>"]);
        typed(&mut app, "9.3");
        snap("score_refused", &app);
        press(&mut app, &["<Esc>", "r"]);
        snap("conclusion", &app);
        press(&mut app, &["2", "o"]);
        typed(&mut app, "集群龙头带动作用明显，");
        press(&mut app, &["<Enter>"]);
        typed(&mut app, "固定资产投资增长较快。");
        snap("opinion", &app);
        press(&mut app, &["<C-s>"]);
        snap("scored", &app);
        press(&mut app, &["<Esc>"]);
        snap("list_scored", &app);
        press(&mut app, &["v"]);
        snap("progress", &app);
        press(&mut app, &["<Esc>"]);
        open_cluster(&mut app, "SB-4205-03");
        press(&mut app, &["x"]);
        typed(&mut app, "本人为该集群企业顾问");
        press(&mut app, &["<Enter>"]);
        snap("recused_application", &app);
    }
}

#[test]
fn the_help_scrolls_to_every_binding_on_a_small_terminal() {
    let _lang = i18n::speak(Lang::Zh);
    let mut app = demo_app();
    press(&mut app, &["?"]);
    let first = screen_text(&app, 80, 24);
    assert!(
        first.contains("在评分项上直接输入数"),
        "how to score, first: {first}"
    );
    assert!(!first.contains("行尾"));
    press(&mut app, &["<PageDown>", "<End>"]);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("行尾"), "{text}");
}

#[test]
fn export_from_the_tui_asks_for_an_incomplete_review_a_path_and_the_passphrase() {
    let _lang = i18n::speak(Lang::Zh);
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("id_ed25519");
    let public = pingshen::sign::keys::generate(&key, "张三", Some("口令 pass")).unwrap();
    let mut app = demo_app();
    app.key = Some(key.clone());
    open_cluster(&mut app, "KH-4201-01");
    typed(&mut app, "8");
    press(&mut app, &["<Enter>", "E"]);
    // Incomplete: asked first; Esc-like "cancel" is the first choice.
    let c = app.chooser.as_ref().expect("asked");
    assert!(c.cluster.contains("0 / 140"), "{}", c.cluster);
    typed(&mut app, "2");
    let e = app.editor.as_ref().expect("the path");
    assert!(e.text.ends_with(".review.json"), "{}", e.text);
    let n = e.text.chars().count();
    for _ in 0..n {
        press(&mut app, &["<Backspace>"]);
    }
    let out = tmp.path().join("张三.review.json");
    for c in out.display().to_string().chars() {
        pingshen::tui::score::insert(&mut app, &c.to_string());
    }
    press(&mut app, &["<Enter>"]);
    // The passphrase is typed masked: not on the screen.
    typed(&mut app, "口令 pass");
    let text = screen_text(&app, 80, 24);
    assert!(
        !text.contains("口令 pass") && text.contains("•••••••"),
        "{text}"
    );
    press(&mut app, &["<Enter>"]);
    assert!(app.editor.is_none(), "{:?}", app.status);
    assert!(app.status.as_deref().unwrap().contains("已导出"));
    let payload = std::fs::read(&out).unwrap();
    let sig = std::fs::read_to_string(format!("{}.sig", out.display())).unwrap();
    let signers = pingshen::sign::allowed::parse(
        pingshen::sign::keys::allowed_signers_line("张三", &public).unwrap(),
        "a",
    )
    .signers;
    let v = pingshen::sign::verify(&payload, &sig, &signers, pingshen::sign::now()).unwrap();
    assert!(!v.file.complete);
    assert_eq!(v.file.summary.in_progress, 1);
}

/// The footer (last line), the status (the line above it) and the help's
/// lines of a screen at 80×24: none cut (no `…` where a line was fitted),
/// and the footer shows the help key wherever help can be opened.
fn nothing_cut(app: &App, lang: &str, keys: &str, state: &str) {
    let text = screen_text(app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let footer = lines[23];
    let status = lines[22];
    let at = format!("{lang}/{keys}/{state}");
    assert!(!footer.contains('…'), "{at}: the footer is cut: {footer}");
    assert!(
        pingshen::text::width(footer) <= 80,
        "{at}: the footer is wider than the screen: {footer}"
    );
    assert!(!status.ends_with('…'), "{at}: the status is cut: {status}");
    let help = i18n::M::ActHelp.text(i18n::lang());
    let mode = app.mode();
    if !matches!(mode, pingshen::tui::keymap::Mode::Help) {
        assert!(
            footer.contains(&format!(" {help} ")) || footer.ends_with(help),
            "{at}: no help key in the footer: {footer}"
        );
    }
    if app.help {
        for l in &lines[2..21] {
            assert!(!l.contains('…'), "{at}: a help line is cut: {l}");
        }
    }
}

#[test]
fn no_footer_status_or_help_line_is_cut_at_80x24() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        for (keys, name) in [(Keys::Default, "default"), (Keys::Vim, "vim")] {
            let mut app = demo_app();
            app.keymap = load_keymap(keys, None).unwrap();
            let check = |app: &App, state: &str| nothing_cut(app, tag, name, state);
            check(&app, "list");
            for k in 0..8 {
                press(&mut app, &["<F1>"]);
                for _ in 0..k {
                    press(&mut app, &["<PageDown>"]);
                }
                check(&app, &format!("help page {k}"));
                press(&mut app, &["<Esc>"]);
            }
            press(&mut app, &["<F3>"]);
            typed(&mut app, "cyqjy");
            check(&app, "search");
            press(&mut app, &["<Enter>"]);
            check(&app, "detail");
            typed(&mut app, "99");
            check(&app, "score refused");
            press(&mut app, &["<Backspace>", "<Enter>"]);
            check(&app, "score saved");
            press(&mut app, &["<F2>"]);
            check(&app, "comment");
            press(&mut app, &["<Esc>"]);
            press(&mut app, &["<F8>"]);
            check(&app, "conclusion chooser");
            press(&mut app, &["<Esc>", "<F11>"]);
            check(&app, "opinion");
            press(&mut app, &["<Esc>", "<F4>"]);
            check(&app, "evidence");
            press(&mut app, &["<Esc>", "<Esc>", "<F12>"]);
            check(&app, "progress");
        }
    }
}

#[test]
fn back_after_a_restart_reaches_the_list_on_the_cluster_left() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    {
        let mut app = reopen(&db, "张三");
        open_cluster(&mut app, "KH-4213-01");
        press(&mut app, &["e"]);
        pingshen::tui::session::on_exit(&mut app);
    }
    // Reopened on the evidence, with nothing behind it in the jump list.
    let mut app = reopen(&db, "张三");
    assert!(matches!(&app.screen, Screen::Evidence(c) if c.0 == "KH-4213-01"));
    for back in ["<Esc>", "<Left>"] {
        press(&mut app, &[back]);
    }
    assert_eq!(
        app.screen,
        Screen::List,
        "Esc, then ←: the cluster, then the list"
    );
    let row = &app.rows[app.shown[app.selected]];
    assert_eq!(row.id, "KH-4213-01", "the list selects the cluster left");
    // And Backspace from a restored detail.
    drop(app);
    let mut app = {
        let mut a = reopen(&db, "张三");
        open_cluster(&mut a, "KH-4201-03");
        pingshen::tui::session::on_exit(&mut a);
        drop(a);
        reopen(&db, "张三")
    };
    assert!(matches!(&app.screen, Screen::Detail(_)));
    press(&mut app, &["<Backspace>"]);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn sorting_filtering_and_returning_from_search_keep_the_selected_cluster() {
    let mut app = demo_app();
    press(
        &mut app,
        &["<Down>", "<Down>", "<Down>", "<Down>", "<Down>"],
    );
    let chosen = app.rows[app.shown[app.selected]].id.clone();
    let at = |app: &App| app.rows[app.shown[app.selected]].id.clone();
    for _ in 0..pingshen::tui::app::Sort::ALL.len() {
        press(&mut app, &["s"]);
        assert_eq!(at(&app), chosen, "sorted by {:?}", app.sort);
    }
    press(&mut app, &["r"]);
    assert_eq!(at(&app), chosen, "its round filtered");
    // Opened through search, then back: the list is on the searched cluster.
    press(&mut app, &["r", "r"]);
    open_cluster(&mut app, "KH-4213-01");
    press(&mut app, &["<Esc>"]);
    assert_eq!(app.screen, Screen::List);
    assert_eq!(at(&app), "KH-4213-01");
    // Prefectures both ways, and by typing their pinyin.
    press(&mut app, &["p"]);
    let first = app.prefecture.clone().unwrap();
    press(&mut app, &["P"]);
    assert_eq!(app.prefecture, None);
    press(&mut app, &["P"]);
    assert_eq!(app.prefecture.as_deref(), Some("神农架林区"), "the last");
    press(&mut app, &["f"]);
    typed(&mut app, "suizhou");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.prefecture.as_deref(), Some("随州"));
    assert!(app.shown.iter().all(|&i| app.rows[i].prefecture == "随州"));
    assert_ne!(first, "随州");
    // Sorted by prefecture: the province's order.
    app.prefecture = None;
    app.refilter();
    while app.sort != pingshen::tui::app::Sort::Prefecture {
        press(&mut app, &["s"]);
    }
    let order: Vec<&str> = app
        .shown
        .iter()
        .map(|&i| app.rows[i].prefecture.as_str())
        .fold(Vec::new(), |mut v, p| {
            if v.last() != Some(&p) {
                v.push(p);
            }
            v
        });
    assert_eq!(&order[..3], ["武汉", "黄石", "十堰"]);
}

#[test]
fn stale_drafts_are_dropped_pending_ones_marked_and_named_before_export() {
    let _lang = i18n::speak(Lang::Zh);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    {
        let mut app = reopen(&db, "张三");
        open_cluster(&mut app, "KH-4201-01");
        // An opinion saved after a draft of it was kept: no draft remains.
        press(&mut app, &["o"]);
        typed(&mut app, "意见");
        pingshen::tui::session::save_draft(&mut app);
        press(&mut app, &["<C-s>"]);
        assert!(app.drafts.is_empty(), "{:?}", app.drafts);
        // The same text again, saved: still none.
        press(&mut app, &["o"]);
        pingshen::tui::session::save_draft(&mut app);
        press(&mut app, &["<C-s>"]);
        // A comment typed and left: a pending draft, marked.
        press(&mut app, &["<Home>", "c"]);
        typed(&mut app, "待核实");
        press(&mut app, &["<Esc>"]);
        assert!(app.has_draft("KH-4201-01"));
        let s = screen_text(&app, 80, 24);
        assert!(s.contains('✎'), "{s}");
        press(&mut app, &["<Esc>"]);
        let s = screen_text(&app, 80, 24);
        let row = s.lines().find(|l| l.contains("KH-4201-01")).unwrap();
        assert!(row.contains('✎'), "the list marks it: {row}");
        pingshen::tui::session::on_exit(&mut app);
    }
    // Restarted: the opinion is not offered again; the comment draft is.
    let mut app = reopen(&db, "张三");
    let e = app.editor.as_ref().expect("the real draft offered");
    assert_eq!(e.text, "待核实");
    press(&mut app, &["<Esc>"]);
    // Export names the pending draft before anything else.
    let key = tmp.path().join("k");
    pingshen::sign::keys::generate(&key, "张三", None).unwrap();
    app.key = Some(key);
    press(&mut app, &["E"]);
    let c = app.chooser.as_ref().expect("asked first");
    assert!(
        c.cluster.contains("KH-4201-01") && c.cluster.contains("草稿"),
        "{}",
        c.cluster
    );
}

#[test]
fn narrow_english_screens_keep_units_and_figures_whole() {
    let _lang = i18n::speak(Lang::En);
    let mut app = demo_app();
    let list = screen_text(&app, 60, 20);
    let head = list.lines().nth(3).unwrap();
    assert!(head.contains("sales+ 10k yuan"), "{list}");
    assert!(list.contains("215,944.72"), "{list}");
    open_cluster(&mut app, "KH-4201-01");
    let detail = screen_text(&app, 60, 20);
    for whole in ["10k yuan", "11.8%", "2,045,984.72"] {
        assert!(detail.contains(whole), "{whole}:\n{detail}");
    }
}

#[test]
fn a_pasted_score_is_a_typed_score() {
    let _lang = i18n::speak(Lang::Zh);
    let mut app = demo_app();
    open_cluster(&mut app, "KH-4201-01");
    update::on_paste(&mut app, " 8.5 ");
    assert_eq!(app.editor.as_ref().map(|e| e.text.trim()), Some("8.5"));
    press(&mut app, &["<Enter>"]);
    assert_eq!(stored(&app, "KH-4201-01")["score:P1"], "8.5");
    // Refused as typing is refused.
    update::on_paste(&mut app, "7.3");
    let e = app.editor.as_ref().unwrap();
    assert!(e.error.as_deref().unwrap().contains("0.5"), "{:?}", e.error);
}

/// Evidence handed to a desktop viewer goes to a fresh private folder
/// (0700) as a private file (0600), and the folder is gone with the app.
#[test]
fn evidence_handed_to_a_viewer_stays_private_and_is_removed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let record = tmp.path().join("seen");
    let viewer = tmp.path().join("viewer.sh");
    std::fs::write(
        &viewer,
        format!(
            "#!/bin/sh\nstat -c '%a' \"$(dirname \"$(dirname \"$1\")\")\" \"$1\" > {0}.tmp\nmv {0}.tmp {0}\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut app = demo_app();
    app.opener = Some(viewer.to_str().unwrap().to_string());
    open_cluster(&mut app, "KH-4213-01");
    press(&mut app, &["e", "<Enter>"]);
    assert!(app.viewer.is_none(), "handed over, not shown");
    let dir = app.hand_over.as_ref().unwrap().dir().to_path_buf();
    for _ in 0..100 {
        if record.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let seen = std::fs::read_to_string(&record).unwrap();
    assert_eq!(seen.split_whitespace().collect::<Vec<_>>(), ["700", "600"]);
    drop(app);
    assert!(!dir.exists(), "removed when the app ends");
}
