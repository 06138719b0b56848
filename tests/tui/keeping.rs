//! What outlives a session: drafts of text being typed, the place the
//! reviewer left, the export, and evidence handed to a desktop viewer.

use crate::At;
use crate::ui::Ui;
use pingshen::i18n::{self, Lang};

#[test]
fn text_typed_is_kept_as_a_draft_and_offered_back() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let mut ui = Ui::reopen(&db, "王五");
    ui.open_cluster("KH-4203-01");
    ui.press(&["<Down>", "c"]);
    ui.typed("投资数据与附件不一致");
    ui.tick();
    ui.kill();
    let ui = Ui::reopen(&db, "王五");
    let d = ui.drawn();
    assert_eq!(d.at(), At::Detail("KH-4203-01".into()));
    let field = d.overlay().expect("the draft is offered back");
    assert!(!field.lines[0].trim().is_empty(), "a note first: {field:?}");
    assert!(
        field
            .lines
            .iter()
            .any(|l| l.trim() == "投资数据与附件不一致"),
        "{field:?}"
    );
    assert!(field.title.contains("P2"), "{}", field.title);
    assert_eq!(d.selected_id(), "P2");
}

#[test]
fn reopening_returns_to_the_same_cluster_screen_and_row() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let mut ui = Ui::reopen(&db, "赵六");
    ui.press(&["<F6>", "<F6>"]);
    ui.press(&["<Down>", "<Enter>", "<Down>", "<Down>", "<Down>"]);
    let here = ui.screen(120, 40);
    assert!(ui.drawn().breadcrumb().contains("黄石"));
    assert_eq!(ui.drawn().selected_id(), "P4");
    ui.exit();
    ui.kill();
    let mut ui = Ui::reopen(&db, "赵六");
    assert_eq!(ui.screen(120, 40), here);
    // The list behind it is still filtered to 黄石.
    ui.press(&["<Esc>"]);
    assert_eq!(ui.drawn().crumbs()[2], "黄石");
}

#[test]
fn back_after_a_restart_reaches_the_list_on_the_cluster_left() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    {
        let mut ui = Ui::reopen(&db, "张三");
        ui.open_cluster("KH-4213-01");
        ui.press(&["e"]);
        ui.exit();
    }
    // Reopened on the evidence, with nothing behind it in the jump list.
    let mut ui = Ui::reopen(&db, "张三");
    assert_eq!(ui.drawn().at(), At::Evidence("KH-4213-01".into()));
    ui.press(&["<Esc>", "<Left>"]);
    let d = ui.drawn();
    assert_eq!(d.at(), At::List, "Esc, then ←: the cluster, then the list");
    assert_eq!(
        d.selected_id(),
        "KH-4213-01",
        "the list selects the cluster left"
    );
    // And Backspace from a restored detail.
    ui.kill();
    let mut ui = {
        let mut a = Ui::reopen(&db, "张三");
        a.open_cluster("KH-4201-03");
        a.exit();
        a.kill();
        Ui::reopen(&db, "张三")
    };
    assert!(matches!(ui.drawn().at(), At::Detail(_)));
    ui.press(&["<Backspace>"]);
    assert_eq!(ui.drawn().at(), At::List);
}

#[test]
fn export_from_the_tui_asks_for_an_incomplete_review_a_path_and_the_passphrase() {
    let _lang = i18n::speak(Lang::Zh);
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("id_ed25519");
    let public = pingshen::sign::keys::generate(&key, "张三", Some("口令 pass")).unwrap();
    let mut ui = Ui::demo();
    ui.app_mut().set_key(Some(key.clone()));
    ui.open_cluster("KH-4201-01");
    ui.typed("8");
    ui.press(&["<Enter>", "E"]);
    // Incomplete: asked first; Esc-like "cancel" is the first choice.
    let asked = ui.drawn().overlay().expect("asked");
    assert!(asked.text().contains("0 / 140"), "{asked:?}");
    ui.typed("2");
    let asked = ui.drawn().overlay().expect("the path");
    let path = asked.lines.last().unwrap();
    assert!(path.ends_with(".review.json"), "{asked:?}");
    for _ in 0..path.chars().count() {
        ui.press(&["<Backspace>"]);
    }
    let out = tmp.path().join("张三.review.json");
    ui.paste(&out.display().to_string());
    ui.press(&["<Enter>"]);
    // The passphrase is typed masked: not on the screen.
    ui.typed("口令 pass");
    let text = ui.screen(80, 24);
    assert!(
        !text.contains("口令 pass") && text.contains("•••••••"),
        "{text}"
    );
    ui.press(&["<Enter>"]);
    let d = ui.drawn();
    assert!(d.overlay().is_none(), "{:?}", d.status());
    assert!(d.status().unwrap().contains("已导出"));
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

#[test]
fn stale_drafts_are_dropped_pending_ones_marked_and_named_before_export() {
    let _lang = i18n::speak(Lang::Zh);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    {
        let mut ui = Ui::reopen(&db, "张三");
        ui.open_cluster("KH-4201-01");
        // An opinion saved after a draft of it was kept: no draft remains.
        ui.press(&["o"]);
        ui.typed("意见");
        ui.tick();
        ui.press(&["<C-s>"]);
        let s = ui.screen(120, 40);
        assert!(!s.contains('✎'), "no draft marked: {s}");
        // The same text again, saved: still none.
        ui.press(&["o"]);
        ui.tick();
        ui.press(&["<C-s>"]);
        // A comment typed and left: a pending draft, marked.
        ui.press(&["<Home>", "c"]);
        ui.typed("待核实");
        ui.press(&["<Esc>"]);
        let s = ui.screen(80, 24);
        assert!(s.contains('✎'), "{s}");
        ui.press(&["<Esc>"]);
        let s = ui.screen(80, 24);
        let row = s.lines().find(|l| l.contains("KH-4201-01")).unwrap();
        assert!(row.contains('✎'), "the list marks it: {row}");
        ui.exit();
    }
    // Restarted: the opinion is not offered again; the comment draft is.
    let mut ui = Ui::reopen(&db, "张三");
    let field = ui.drawn().overlay().expect("the real draft offered");
    assert!(
        field.lines.iter().any(|l| l.trim() == "待核实"),
        "{field:?}"
    );
    ui.press(&["<Esc>"]);
    // Export names the pending draft before anything else.
    let key = tmp.path().join("k");
    pingshen::sign::keys::generate(&key, "张三", None).unwrap();
    ui.app_mut().set_key(Some(key));
    ui.press(&["E"]);
    let asked = ui.drawn().overlay().expect("asked first");
    let question = asked.text();
    assert!(
        question.contains("KH-4201-01") && question.contains("草稿"),
        "{question}"
    );
}

/// Evidence handed to a desktop viewer goes to a fresh private folder
/// (0700) as a private file (0600), and the folder is gone with the app.
#[test]
fn evidence_handed_to_a_viewer_stays_private_and_is_removed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let record = tmp.path().join("seen");
    let viewer = tmp.path().join("viewer.sh");
    // The viewer notes the modes of the folder and the file, then the path.
    std::fs::write(
        &viewer,
        format!(
            "#!/bin/sh\n{{ stat -c '%a' \"$(dirname \"$(dirname \"$1\")\")\" \"$1\"; echo \"$1\"; }} > {0}.tmp\nmv {0}.tmp {0}\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut ui = Ui::demo();
    ui.app_mut()
        .set_opener(Some(viewer.to_str().unwrap().to_string()));
    ui.open_cluster("KH-4213-01");
    ui.press(&["e", "<Enter>"]);
    assert!(ui.drawn().overlay().is_none(), "handed over, not shown");
    for _ in 0..100 {
        if record.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let seen = std::fs::read_to_string(&record).unwrap();
    let seen: Vec<&str> = seen.lines().collect();
    assert_eq!(seen[..2], ["700", "600"]);
    let handed = std::path::Path::new(seen[2]);
    let dir = handed.parent().unwrap().parent().unwrap();
    assert!(dir.exists(), "there while the app runs");
    ui.kill();
    assert!(!dir.exists(), "removed when the app ends");
}
