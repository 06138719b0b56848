//! How long a confirmed score takes to be durable, with the figures the
//! README quotes:
//!
//!     cargo run --release --example bench_score
//!
//! A fresh store in target/bench-score (on the disk the build uses) holds
//! the sample bundle; one reviewer then scores every item of every cluster
//! (about 1,200 commits) through the terminal UI's own path — the digits
//! typed, Enter — and each Enter is timed until it returns, which is when
//! the score is committed (WAL, `synchronous=FULL`, one fsync) and the
//! screen may say so. The same for drafts saved while typing, and for the
//! checkpoint the UI runs only when idle.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::store::Store;
use pingshen::tui::app::{App, Look, Screen};
use pingshen::tui::keymap::Key;
use pingshen::tui::{Keys, load_keymap, session, update};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut t: Vec<Duration>) {
    t.sort();
    let at = |q: f64| ms(t[((t.len() - 1) as f64 * q) as usize]);
    println!(
        "{name:<34} n={:<5} median {:.3} ms  p95 {:.3} ms  max {:.3} ms",
        t.len(),
        at(0.5),
        at(0.95),
        ms(*t.last().unwrap_or(&Duration::ZERO))
    );
}

fn key(app: &mut App, k: &str) -> Result<()> {
    update::on_key(app, Key::parse(k).context("key")?);
    Ok(())
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-score");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut store = Store::open(&dir.join("s.db"))?;
    pingshen::store::import(&mut store, &root.join("testdata/bundle.tar"))?;
    store.manual_checkpoints()?;
    let bundle = store.bundle(None)?;
    let look = Look {
        color: true,
        ascii: false,
    };
    let mut app = App::new(store, bundle, load_keymap(Keys::Default, None)?, look)?;
    session::begin(&mut app, "基准测试").map_err(anyhow::Error::msg)?;

    let ids: Vec<String> = app.rows.iter().map(|r| r.id.clone()).collect();
    let mut enter = Vec::new();
    let mut typing = Vec::new();
    let mut drafts = Vec::new();
    let mut checkpoints = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        pingshen::tui::nav::show(
            &mut app,
            Screen::Detail(pingshen::model::ClusterId(id.clone())),
            0,
        );
        let items = app.detail_rows().saturating_sub(2);
        for _ in 0..items {
            let t = Instant::now();
            key(&mut app, "5")?;
            typing.push(t.elapsed());
            let t = Instant::now();
            key(&mut app, "<Enter>")?;
            enter.push(t.elapsed());
            anyhow::ensure!(app.editor.is_none(), "refused: {:?}", app.status);
            // Enter went on to the next item.
        }
        anyhow::ensure!(app.selected == items, "every item scored in one flow");
        // A comment typed on every tenth cluster, its draft saved as the
        // loop does every two seconds.
        if n % 10 == 0 {
            key(&mut app, "<Up>")?;
            key(&mut app, "c")?;
            for c in "证明材料与申报数据一致".chars() {
                update::on_key(&mut app, Key::parse(&c.to_string()).context("key")?);
                let t = Instant::now();
                session::save_draft(&mut app);
                drafts.push(t.elapsed());
            }
            key(&mut app, "<Esc>")?;
        }
        let t = Instant::now();
        session::idle(&mut app);
        checkpoints.push(t.elapsed());
    }
    println!(
        "{} clusters, {} scores committed; store {}",
        ids.len(),
        enter.len(),
        dir.join("s.db").display()
    );
    summary("a digit typed (no commit)", typing);
    summary("Enter: score committed, durable", enter);
    summary("draft saved while typing", drafts);
    summary("idle: spot saved + checkpoint", checkpoints);
    Ok(())
}
