//! The terminal UI without a terminal: keys pressed and text typed through
//! the update logic, and every screen drawn on ratatui's TestBackend (insta
//! snapshots at 80×24 and 120×40, Chinese and English). The tests read what
//! is drawn (`common::screen`), never the UI's state.

#[path = "../common/mod.rs"]
mod common;
mod keeping;
mod navigation;
mod scoring;
mod ui;

use common::screen::At;
use common::*;
use pingshen::i18n::{self, Lang};
use pingshen::tui::Keys;
use pingshen::tui::app::Look;
use ui::{COLOUR, Start, Ui};

/// Both sizes of a screen, as snapshots named `{name}_{tag}_{w}x{h}`.
fn snap(ui: &Ui, name: &str, tag: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), ui.screen(w, h));
    }
}

#[test]
fn every_screen_at_both_sizes_in_both_languages() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut ui = Ui::demo();
        snap(&ui, "list", tag);
        ui.press(&["/"]);
        ui.typed("cyqjy");
        snap(&ui, "search", tag);
        ui.press(&["<Enter>"]);
        snap(&ui, "detail", tag);
        // A cluster the pre-screen found something on: it comes first.
        let mut found = Ui::demo();
        found.open_cluster("KH-4203-01");
        snap(&found, "detail_findings", tag);
        ui.press(&["e"]);
        snap(&ui, "evidence", tag);
        ui.press(&["?"]);
        snap(&ui, "help", tag);
        ui.press(&["<Esc>", "<Esc>", "<Esc>", "/"]);
        ui.typed("SB-4205-03");
        ui.press(&["<Enter>"]);
        snap(&ui, "application", tag);
    }
}

#[test]
fn scoring_screens_at_both_sizes_in_both_languages() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut ui = Ui::demo();
        ui.open_cluster("KH-4201-02");
        ui.typed("10");
        ui.press(&["<Enter>", "<Down>"]);
        ui.typed("6.5");
        ui.press(&["<Enter>", "c"]);
        ui.typed("新增就业与附件一致");
        ui.press(&["<Enter>", "<Down>"]);
        ui.typed("9.3");
        snap(&ui, "score_refused", tag);
        ui.press(&["<Esc>", "r"]);
        snap(&ui, "conclusion", tag);
        ui.press(&["2", "o"]);
        ui.typed("集群龙头带动作用明显，");
        ui.press(&["<Enter>"]);
        ui.typed("固定资产投资增长较快。");
        snap(&ui, "opinion", tag);
        ui.press(&["<C-s>"]);
        snap(&ui, "scored", tag);
        ui.press(&["<Esc>"]);
        snap(&ui, "list_scored", tag);
        ui.press(&["v"]);
        snap(&ui, "progress", tag);
        ui.press(&["<Esc>"]);
        ui.open_cluster("SB-4205-03");
        ui.press(&["x"]);
        ui.typed("本人为该集群企业顾问");
        ui.press(&["<Enter>"]);
        snap(&ui, "recused_application", tag);
    }
}

#[test]
fn too_small_says_so_instead_of_drawing_garbage() {
    let ui = Ui::demo();
    for (w, h) in [(40, 10), (59, 24), (80, 11), (1, 1)] {
        let text = ui.screen(w, h);
        assert!(text.contains("60") || w < 10, "{w}x{h}: {text}");
        assert!(!text.contains("KH-4201-01"), "{w}x{h}");
    }
}

#[test]
fn ascii_borders_and_no_colour_still_show_the_selection() {
    let look = Look {
        color: false,
        ascii: true,
    };
    let ui = Ui::with(&testdata("bundle.tar"), look);
    let text = ui.screen(80, 24);
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
    let mut ui = Ui::with(&out, COLOUR);
    let text = ui.screen(120, 40);
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    ui.press(&["<Enter>"]);
    let text = ui.screen(120, 40);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
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
    let mut ui = Ui::with(&out, COLOUR);
    insta::assert_snapshot!("empty_zh_80x24", ui.screen(80, 24));
    for k in [
        "<Enter>", "e", "<Down>", "<End>", "<F5>", "<F6>", "s", "/", "x", "<Enter>", "<Esc>", "?",
        "<Esc>", "<Left>", "<Right>",
    ] {
        ui.press(&[k]);
        ui.screen(80, 24);
    }
    assert_eq!(ui.drawn().at(), At::List);
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
    let ui = Ui::with(&out, COLOUR);
    for (w, h) in [(80, 24), (81, 24), (120, 40)] {
        let text = ui.screen(w, h);
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

#[test]
fn narrow_english_screens_keep_units_and_figures_whole() {
    let _lang = i18n::speak(Lang::En);
    let mut ui = Ui::demo();
    let list = ui.screen(60, 20);
    let head = list.lines().nth(3).unwrap();
    assert!(head.contains("sales+ 10k yuan"), "{list}");
    assert!(list.contains("215,944.72"), "{list}");
    ui.open_cluster("KH-4201-01");
    let detail = ui.screen(60, 20);
    for whole in ["10k yuan", "11.8%", "2,045,984.72"] {
        assert!(detail.contains(whole), "{whole}:\n{detail}");
    }
}

#[test]
fn the_help_scrolls_to_every_binding_on_a_small_terminal() {
    let _lang = i18n::speak(Lang::Zh);
    let mut ui = Ui::demo();
    ui.press(&["?"]);
    let first = ui.screen(80, 24);
    assert!(
        first.contains("在评分项上直接输入数"),
        "how to score, first: {first}"
    );
    assert!(!first.contains("行尾"));
    ui.press(&["<PageDown>", "<End>"]);
    let text = ui.screen(80, 24);
    assert!(text.contains("行尾"), "{text}");
}

/// The footer (last line), the status (the line above it) and the help's
/// lines of a screen at 80×24: none cut (no `…` where a line was fitted),
/// and the footer shows the help key wherever help can be opened.
fn nothing_cut(ui: &Ui, at: &str, over: Over) {
    let text = ui.screen(80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let footer = lines[23];
    let status = lines[22];
    assert!(!footer.contains('…'), "{at}: the footer is cut: {footer}");
    assert!(
        pingshen::text::width(footer) <= 80,
        "{at}: the footer is wider than the screen: {footer}"
    );
    assert!(!status.ends_with('…'), "{at}: the status is cut: {status}");
    let help = i18n::M::ActHelp.text(i18n::lang());
    match over {
        Over::Help => {
            for l in &lines[2..21] {
                assert!(!l.contains('…'), "{at}: a help line is cut: {l}");
            }
        }
        // Read-only, as the help is: its keys are the help's.
        Over::Progress => {}
        Over::Nothing => assert!(
            footer.contains(&format!(" {help} ")) || footer.ends_with(help),
            "{at}: no help key in the footer: {footer}"
        ),
    }
}

/// What lies over the screen being checked.
#[derive(Clone, Copy)]
enum Over {
    Nothing,
    Help,
    Progress,
}

#[test]
fn no_footer_status_or_help_line_is_cut_at_80x24() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        for (keys, name) in [(Keys::Default, "default"), (Keys::Vim, "vim")] {
            let mut ui = Start {
                keys,
                ..Start::default()
            }
            .ui();
            let check = |ui: &Ui, state: &str| {
                nothing_cut(ui, &format!("{tag}/{name}/{state}"), Over::Nothing)
            };
            check(&ui, "list");
            for k in 0..8 {
                ui.press(&["<F1>"]);
                for _ in 0..k {
                    ui.press(&["<PageDown>"]);
                }
                nothing_cut(&ui, &format!("{tag}/{name}/help page {k}"), Over::Help);
                ui.press(&["<Esc>"]);
            }
            ui.press(&["<F3>"]);
            ui.typed("cyqjy");
            check(&ui, "search");
            ui.press(&["<Enter>"]);
            check(&ui, "detail");
            ui.typed("99");
            check(&ui, "score refused");
            ui.press(&["<Backspace>", "<Enter>"]);
            check(&ui, "score saved");
            ui.press(&["<F2>"]);
            check(&ui, "comment");
            ui.press(&["<Esc>"]);
            ui.press(&["<F8>"]);
            check(&ui, "conclusion chooser");
            ui.press(&["<Esc>", "<F11>"]);
            check(&ui, "opinion");
            ui.press(&["<Esc>", "<F4>"]);
            check(&ui, "evidence");
            ui.press(&["<Esc>", "<Esc>", "<F12>"]);
            nothing_cut(&ui, &format!("{tag}/{name}/progress"), Over::Progress);
        }
    }
}
