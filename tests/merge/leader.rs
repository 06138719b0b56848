//! The panel leader's part, on the demo panel's merged result: the panel's
//! opinions typed in the results view (kept as drafts, kept in the store
//! once confirmed, under the result), the final result written and signed
//! by keys, and that signature checked by `pingshen verify` and by stock
//! `ssh-keygen -Y verify`; an output changed after signing is refused by
//! name.

use super::panel::Merged;
use super::*;
use common::screen::Drawn;
use pingshen::tui::keymap::Key;
use pingshen::tui::results::Results;
use pingshen::tui::{Keys, load_keymap};

fn view(m: &Merged, key: &Path) -> Results {
    let r = merge::MergeResult::read(&m.beside(".json")).unwrap();
    let mut app = Results::new(
        r,
        load_keymap(Keys::Default, None).unwrap(),
        pingshen::tui::app::Look {
            color: false,
            ascii: false,
        },
    );
    app.set_store(Store::open(&m.panel.store).unwrap());
    app.set_source(m.beside(".json"));
    app.set_key(Some(key.to_path_buf()));
    app.set_leader(Some("张三".into()));
    app
}

fn drawn(app: &mut Results, w: u16, h: u16) -> Drawn {
    Drawn::new(frame_text(w, h, |f| app.draw(f)))
}

fn press(app: &mut Results, keys: &[&str]) {
    for k in keys {
        app.on_key(Key::parse(k).unwrap());
    }
}

fn typed(app: &mut Results, text: &str) {
    for c in text.chars() {
        app.on_key(Key::parse(&c.to_string()).unwrap());
    }
}

/// What the store keeps for the result (read on a connection of its own).
fn kept(m: &Merged) -> pingshen::store::PanelKept {
    let r = merge::MergeResult::read(&m.beside(".json")).unwrap();
    Store::open(&m.panel.store)
        .unwrap()
        .panel_opinions(&r.identity())
        .unwrap()
}

#[test]
fn the_leader_writes_the_panels_opinions_and_signs_the_final_result() {
    let m = Merged::new();
    let key = m.panel.keys[0].1.clone();
    let mut app = view(&m, &key);
    // The list says the overall opinion is not written, and how to.
    let d = drawn(&mut app, 80, 24);
    assert!(
        d.text.contains("专家组总体意见：（未填写；按 o 填写）"),
        "{}",
        d.text
    );
    assert!(d.footer().contains("组意见"), "{}", d.footer());

    // The first cluster: its decision and grounds, no opinion yet.
    press(&mut app, &["<Enter>"]);
    let d = drawn(&mut app, 80, 24);
    let id = "KH-4201-01";
    assert!(d.title().contains(id), "{}", d.text);
    assert!(d.text.contains("决定：合格"), "{}", d.text);
    assert!(
        d.text.contains("专家组意见：（未填写；按 o 填写）"),
        "{}",
        d.text
    );

    // Typed, left with Esc: a draft, said so; nothing kept yet.
    press(&mut app, &["o"]);
    let field = drawn(&mut app, 80, 24).overlay().expect("the field");
    assert_eq!(field.title, format!("专家组意见 · {id}"));
    typed(&mut app, "产业特色鲜明");
    press(&mut app, &["<Enter>"]);
    typed(&mut app, "建议评为合格");
    press(&mut app, &["<Esc>"]);
    let d = drawn(&mut app, 80, 24);
    assert!(d.overlay().is_none(), "{}", d.text);
    assert_eq!(
        d.status().as_deref(),
        Some("未确认的文字已存为草稿，再次打开时恢复")
    );
    assert!(kept(&m).clusters.is_empty());

    // Opened again, in a new session: the draft comes back, said so.
    drop(app);
    let mut app = view(&m, &key);
    press(&mut app, &["<Enter>", "o"]);
    let field = drawn(&mut app, 80, 24).overlay().unwrap();
    assert!(field.lines[0].starts_with("已恢复"), "{:?}", field.lines);
    assert_eq!(field.lines[1..3], ["产业特色鲜明", "建议评为合格"]);
    // Confirmed: kept in the store, shown on the cluster.
    press(&mut app, &["<C-s>"]);
    let d = drawn(&mut app, 80, 24);
    assert_eq!(d.status().as_deref(), Some("专家组意见已保存"));
    assert!(d.text.contains("专家组意见：产业特色鲜明"), "{}", d.text);
    assert_eq!(kept(&m).clusters[id], "产业特色鲜明\n建议评为合格");

    // The overall opinion, from the list.
    press(&mut app, &["<Esc>", "<F11>"]);
    let field = drawn(&mut app, 80, 24).overlay().unwrap();
    assert_eq!(field.title, "专家组总体意见");
    typed(&mut app, "评审程序规范，结果客观公正");
    press(&mut app, &["<F2>"]);
    let d = drawn(&mut app, 80, 24);
    assert!(
        d.text
            .contains("专家组总体意见：评审程序规范，结果客观公正"),
        "{}",
        d.text
    );

    // The final result: asked first, Esc leaves it unsigned.
    let sig = m.beside(".manifest.json.sig");
    press(&mut app, &["E"]);
    let q = drawn(&mut app, 80, 24).overlay().unwrap();
    assert_eq!(q.title, "最终结果");
    let text = q.lines.concat();
    assert!(
        text.contains("张三") && text.contains("集群意见：1 条"),
        "{text}"
    );
    press(&mut app, &["<Esc>"]);
    assert!(!sig.exists());
    // Enter: written again and signed.
    press(&mut app, &["E", "<Enter>"]);
    let d = drawn(&mut app, 120, 30);
    let status = d.status().unwrap_or_default();
    assert!(status.starts_with("已写出 15 个文件并签署"), "{}", d.text);
    assert!(sig.exists());

    // The files carry the opinions, in the result and on the panel sheet.
    let r = m.result();
    assert_eq!(r.panel.leader.as_deref(), Some("张三"));
    assert_eq!(
        r.panel.overall.as_deref(),
        Some("评审程序规范，结果客观公正")
    );
    assert_eq!(r.panel.clusters[id], "产业特色鲜明\n建议评为合格");
    let sheet = m.sheet("专家组意见").concat().join("\n");
    assert!(sheet.contains("评审程序规范，结果客观公正"), "{sheet}");
    assert!(sheet.contains("产业特色鲜明\n建议评为合格"), "{sheet}");

    // Stock OpenSSH verifies it in its namespace, as the leader.
    let manifest = m.beside(".manifest.json");
    let v = ssh_verify_in(
        &m.panel.office_signers,
        "张三",
        "pingshen-result",
        &manifest,
    );
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // So does pingshen, with every output beside it.
    let verify = |signers: &Path| {
        pingshen(&[
            "--lang",
            "zh",
            "verify",
            manifest.to_str().unwrap(),
            "--signers",
            signers.to_str().unwrap(),
        ])
    };
    let o = verify(&m.panel.office_signers);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("验证通过：最终结果由专家组组长 张三 签署"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("13 个结果文件与签名一致"),
        "{}",
        stdout(&o)
    );
    // The experts' allowed_signers admits the key for reviews only.
    let o = verify(&m.panel.allowed_signers);
    assert_eq!(o.status.code(), Some(12), "{}", stderr(&o));
    // OpenSSH refuses it there too.
    let v = ssh_verify_in(
        &m.panel.allowed_signers,
        "张三",
        "pingshen-result",
        &manifest,
    );
    assert!(!v.status.success());
    // An output changed after signing: refused, by name.
    let public = m.beside(".public.csv");
    let mut csv = std::fs::read_to_string(&public).unwrap();
    csv = csv.replacen("不合格", "合格", 1);
    std::fs::write(&public, csv).unwrap();
    let o = verify(&m.panel.office_signers);
    assert_eq!(o.status.code(), Some(17), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("输出文件 result.public.csv 与签名时不同"),
        "{}",
        stderr(&o)
    );
    // The manifest itself changed: the signature no longer holds.
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replacen("张三", "李四", 1)).unwrap();
    let o = verify(&m.panel.office_signers);
    assert_eq!(o.status.code(), Some(10), "{}", stderr(&o));
    let v = ssh_verify_in(
        &m.panel.office_signers,
        "张三",
        "pingshen-result",
        &manifest,
    );
    assert!(!v.status.success(), "OpenSSH agrees");
}

/// A merge run again on the same reviews carries the opinions the leader
/// kept; a merge that writes the outputs again leaves no signature that no
/// longer signs them.
#[test]
fn merging_again_keeps_the_panels_opinions_and_drops_a_stale_signature() {
    let m = Merged::new();
    let key = m.panel.keys[0].1.clone();
    let mut app = view(&m, &key);
    press(&mut app, &["o"]);
    typed(&mut app, "总体意见");
    press(&mut app, &["<C-s>", "E", "2"]);
    assert!(m.beside(".manifest.json.sig").exists());
    drop(app);
    let again = Merged::merge_into(&m.panel, &m.out);
    assert!(!m.beside(".manifest.json.sig").exists());
    assert_eq!(again.panel.overall.as_deref(), Some("总体意见"));
    assert_eq!(again.panel.leader, None);
}

/// The right edges (in display columns) of the words of a line after its
/// first `skip` columns.
fn right_edges(line: &str, skip: usize) -> Vec<usize> {
    let mut edges = Vec::new();
    let mut col = 0;
    let mut in_word = false;
    for ch in line.chars() {
        let w = pingshen::text::width(ch.encode_utf8(&mut [0; 4]));
        if ch == ' ' || ch == '│' {
            if in_word && col > skip {
                edges.push(col);
            }
            in_word = false;
        } else {
            in_word = true;
        }
        col += w;
    }
    edges
}

/// On a cluster, every figure stands right under its item, at 80 columns
/// as at 120, however wide the figures (10.75, 8.88): items that do not
/// fit go on in a block below rather than shift.
#[test]
fn the_figures_on_a_cluster_stand_under_their_items() {
    let m = Merged::new();
    let mut app = view(&m, &m.panel.keys[0].1);
    // The second: four reviews, means of two decimals.
    press(&mut app, &["<Down>", "<Enter>"]);
    for (w, h) in [(80, 40), (120, 40)] {
        let d = drawn(&mut app, w, h);
        let lines = d.body();
        let mut heads = 0;
        let mut edges: Option<Vec<usize>> = None;
        for l in &lines {
            let l = l.trim_start_matches('│');
            if l.starts_with("评审专家") {
                heads += 1;
                edges = Some(right_edges(l, 8));
                continue;
            }
            let Some(e) = &edges else { continue };
            let figures = ["张三", "李四", "王五", "赵六", "平均", "中位数", "最终得分"];
            if !figures.iter().any(|f| l.starts_with(f)) || l.contains(" · ") {
                continue;
            }
            for x in right_edges(l, 8) {
                assert!(e.contains(&x), "{w} columns: {l:?} off {e:?}\n{}", d.text);
            }
        }
        assert!(heads >= 1, "{}", d.text);
        assert!(
            d.text.contains("10.75") && d.text.contains("8.88"),
            "{}",
            d.text
        );
    }
}
