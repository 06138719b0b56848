//! Finding and reading: the list's filters and sorts, the search, the
//! detail and evidence screens, and the way back.

use crate::At;
use crate::common::screen::Drawn;
use crate::ui::Ui;
use pingshen::i18n::{M, tr, trf};

/// The list's rows on the screen (all of them at a size that shows them),
/// each split into its columns, without the selection's marker.
fn rows(d: &Drawn) -> Vec<Vec<String>> {
    d.body()
        .iter()
        .map(|l| l.chars().skip(2).collect::<String>())
        .filter(|l| l.starts_with("KH-") || l.starts_with("SB-"))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The ids of the list's rows on the screen.
fn ids(d: &Drawn) -> Vec<String> {
    rows(d).into_iter().map(|r| r[0].clone()).collect()
}

/// The sales increment of a list row, in 万元 (none: not given).
fn sales(row: &[String]) -> Option<f64> {
    row.iter()
        .skip(3)
        .find_map(|c| c.replace(',', "").parse::<f64>().ok())
}

#[test]
fn find_by_initials_open_read_evidence_and_go_back() {
    let mut ui = Ui::demo();
    assert_eq!(ui.drawn().showing(), (140, 140));
    ui.press(&["/"]);
    ui.typed("szzyc");
    let search = ui.drawn().overlay().expect("the search");
    assert!(search.selected().is_some(), "a hit: {search:?}");
    ui.press(&["<Enter>"]);
    assert_eq!(ui.drawn().at(), At::Detail("KH-4213-01".into()));
    ui.press(&["e"]);
    let d = ui.drawn();
    assert_eq!(d.at(), At::Evidence("KH-4213-01".into()));
    assert!(d.title().ends_with("· 8"), "{}", d.title());
    assert!(d.title().contains(tr(M::AllItems)), "{}", d.title());
    ui.press(&["<Tab>"]);
    let d = ui.drawn();
    assert!(
        d.title().contains("· P1 ·"),
        "the filter walks the rubric items: {}",
        d.title()
    );
    ui.press(&["<Esc>"]);
    assert!(matches!(ui.drawn().at(), At::Detail(_)));
    ui.press(&["<Esc>"]);
    assert_eq!(ui.drawn().at(), At::List);
    ui.press(&["<Right>"]);
    assert!(matches!(ui.drawn().at(), At::Detail(_)), "forward again");
    ui.press(&["<Esc>", "<F10>"]);
    assert!(ui.quitting());
}

#[test]
fn filters_by_round_and_prefecture_without_letter_keys() {
    let mut ui = Ui::demo();
    ui.press(&["<F5>"]);
    assert_eq!(ui.drawn().showing(), (110, 140), "assessment");
    ui.press(&["<F5>"]);
    assert_eq!(ui.drawn().showing(), (30, 140), "applications");
    ui.press(&["<F5>", "<F6>"]);
    let d = ui.drawn();
    assert!(d.title().contains("武汉"), "{}", d.title());
    assert_eq!(d.crumbs()[2], "武汉");
    assert_eq!(d.showing(), (7, 140), "武汉: 4 assessed, 3 applicants");
    let wuhan = ids(&d);
    assert_eq!(wuhan.len(), 7);
    ui.press(&["<End>"]);
    assert_eq!(ui.drawn().selected_id(), wuhan[6]);
    // Sort by each column in turn; sales puts the largest increment first.
    for _ in 0..5 {
        ui.press(&["<F7>"]);
    }
    let d = ui.drawn();
    let by_sales = trf(M::SortBy, &[&tr(M::ColSales)]);
    assert!(d.title().contains(&by_sales), "{}", d.title());
    let sales: Vec<f64> = rows(&d)
        .iter()
        .map(|r| sales(r).unwrap_or(f64::MIN))
        .collect();
    assert_eq!(sales.len(), 7);
    assert!(sales.windows(2).all(|w| w[0] >= w[1]), "{sales:?}");
    let last = ids(&d)[6].clone();
    ui.press(&["<Down>"]);
    assert_eq!(
        ui.drawn().selected_id(),
        last,
        "the selection stops at the end"
    );
}

#[test]
fn search_finds_evidence_titles_and_jumps_to_the_item() {
    let mut ui = Ui::demo();
    ui.press(&["/"]);
    ui.typed("产学研合作协议");
    let evidence = tr(M::HitEvidence);
    let search = ui.drawn().overlay().unwrap();
    assert!(
        search
            .lines
            .iter()
            .any(|l| l.trim_start_matches(['▶', ' ']).starts_with(evidence)),
        "{search:?}"
    );
    // Walk to the first evidence hit and open it.
    while !ui
        .drawn()
        .overlay()
        .unwrap()
        .selected()
        .unwrap()
        .starts_with(evidence)
    {
        ui.press(&["<Down>"]);
    }
    ui.press(&["<Enter>"]);
    let d = ui.drawn();
    assert!(matches!(d.at(), At::Evidence(_)));
    let row = d.selected().unwrap();
    assert!(row.contains("产学研合作协议"), "{row}");
}

#[test]
fn an_evidence_file_opens_as_text_with_its_particulars() {
    // No display here: the file is shown in the terminal.
    let mut ui = Ui::demo();
    ui.open_cluster("KH-4213-01");
    ui.press(&["e", "<Enter>"]);
    let v = ui.drawn().overlay().expect("a viewer");
    assert!(v.text().contains("SHA-256"), "{v:?}");
    assert!(
        v.text().contains("随州专用汽车产业集群（KH-4213-01）"),
        "{v:?}"
    );
    let text = ui.screen(80, 24);
    assert!(text.contains("集群发展规划及年度实施方案"), "{text}");
    ui.press(&["<Esc>"]);
    let d = ui.drawn();
    assert!(d.overlay().is_none());
    assert!(
        matches!(d.at(), At::Evidence(_)),
        "Esc closes the file, not the screen"
    );
}

#[test]
fn a_pdf_shows_its_text_layer_and_pages_never_its_source() {
    let mut ui = Ui::demo();
    ui.app_mut().set_opener(Some(String::new()));
    ui.open_cluster("KH-429006-02");
    ui.press(&["e"]);
    // Down the evidence until the particulars below the list name a PDF.
    let rows = ui
        .drawn()
        .title()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    for _ in 0..rows {
        let d = ui.drawn();
        let particulars = d.body().iter().rev().take(3).cloned().collect::<String>();
        if particulars.contains(".pdf") {
            break;
        }
        ui.press(&["<Down>"]);
    }
    ui.press(&["<Enter>"]);
    let v = ui.drawn().overlay().expect("a viewer");
    assert!(v.text().contains("PDF"), "{v:?}");
    assert!(v.text().contains("KH-429006-02"), "{v:?}");
    let text = ui.screen(80, 24);
    assert!(!text.contains("endobj") && !text.contains("%PDF"), "{text}");
}

/// Every hit of the search on the screen (tall enough for all of them).
fn hits(ui: &Ui) -> Vec<String> {
    ui.drawn_at(160, 220).overlay().unwrap().lines[1..]
        .iter()
        .map(|l| l.trim_start_matches(['▶', ' ']).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_growing_query_finds_what_a_fresh_search_finds() {
    // Narrowing must never lose a hit: compare with the query pasted at
    // once into an empty search, where there is nothing to narrow from.
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
        let mut grown = Ui::demo();
        grown.press(&["/"]);
        grown.typed(query);
        let mut fresh = Ui::demo();
        fresh.press(&["/"]);
        fresh.paste(query);
        let (grown, fresh) = (hits(&grown), hits(&fresh));
        assert!(!fresh.is_empty(), "{query}");
        assert_eq!(grown, fresh, "{query}");
    }
}

#[test]
fn sorting_filtering_and_returning_from_search_keep_the_selected_cluster() {
    let mut ui = Ui::demo();
    ui.press(&["<Down>", "<Down>", "<Down>", "<Down>", "<Down>"]);
    let chosen = ui.drawn().selected_id();
    assert_eq!(chosen, "KH-4202-02");
    for _ in 0..10 {
        ui.press(&["s"]);
        let d = ui.drawn();
        assert_eq!(d.selected_id(), chosen, "{}", d.title());
    }
    ui.press(&["r"]);
    assert_eq!(ui.drawn().selected_id(), chosen, "its round filtered");
    // Opened through search, then back: the list is on the searched cluster.
    ui.press(&["r", "r"]);
    ui.open_cluster("KH-4213-01");
    ui.press(&["<Esc>"]);
    let d = ui.drawn();
    assert_eq!(d.at(), At::List);
    assert_eq!(d.selected_id(), "KH-4213-01");
    // Prefectures both ways, and by typing their pinyin.
    let crumbs = |ui: &Ui| ui.drawn().crumbs().len();
    let all = crumbs(&ui);
    ui.press(&["p"]);
    let first = ui.drawn().crumbs()[2].clone();
    ui.press(&["P"]);
    assert_eq!(crumbs(&ui), all, "all prefectures again");
    ui.press(&["P"]);
    assert_eq!(ui.drawn().crumbs()[2], "神农架林区", "the last");
    ui.press(&["f"]);
    ui.typed("suizhou");
    ui.press(&["<Enter>"]);
    let d = ui.drawn_at(160, 220);
    assert_eq!(d.crumbs()[2], "随州");
    let shown = rows(&d);
    assert_eq!(shown.len(), d.showing().0);
    assert!(shown.iter().all(|r| r[2] == "随州"), "{shown:?}");
    assert_ne!(first, "随州");
    // Sorted by prefecture: the province's order.
    while crumbs(&ui) != all {
        ui.press(&["p"]);
    }
    let by = trf(M::SortBy, &[&tr(M::ColPrefecture)]);
    while !ui.drawn().title().contains(&by) {
        ui.press(&["s"]);
    }
    let order = rows(&ui.drawn_at(160, 220))
        .iter()
        .map(|r| r[2].clone())
        .fold(Vec::new(), |mut v: Vec<String>, p| {
            if v.last() != Some(&p) {
                v.push(p);
            }
            v
        });
    assert_eq!(&order[..3], ["武汉", "黄石", "十堰"]);
}
