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

#[path = "../tests/common/screen.rs"]
mod screen;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::i18n::{M, tr};
use pingshen::store::Store;
use pingshen::tui::app::{App, Look};
use pingshen::tui::keymap::Key;
use pingshen::tui::{Keys, load_keymap, session, update, views};

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

/// The screen, read as the tests read it (never timed).
fn drawn(app: &App) -> screen::Drawn {
    screen::Drawn::new(screen::frame_text(160, 50, |f| views::draw(f, app)))
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

    let clusters = drawn(&app).showing().1;
    let conclusion = tr(M::FieldConclusion);
    let mut enter = Vec::new();
    let mut typing = Vec::new();
    let mut drafts = Vec::new();
    let mut checkpoints = Vec::new();
    // Down the list, each cluster opened with Enter and scored item by
    // item until the selection reaches the conclusion row.
    for n in 0..clusters {
        if n > 0 {
            key(&mut app, "<Down>")?;
        }
        key(&mut app, "<Enter>")?;
        anyhow::ensure!(
            matches!(drawn(&app).at(), screen::At::Detail(_)),
            "cluster {n} opened"
        );
        while drawn(&app).selected_id() != conclusion {
            let t = Instant::now();
            key(&mut app, "5")?;
            typing.push(t.elapsed());
            let t = Instant::now();
            key(&mut app, "<Enter>")?;
            enter.push(t.elapsed());
            let d = drawn(&app);
            anyhow::ensure!(d.overlay().is_none(), "refused: {:?}", d.status());
            // Enter went on to the next item.
        }
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
        key(&mut app, "<Esc>")?;
    }
    println!(
        "{} clusters, {} scores committed; store {}",
        clusters,
        enter.len(),
        dir.join("s.db").display()
    );
    summary("a digit typed (no commit)", typing);
    summary("Enter: score committed, durable", enter);
    summary("draft saved while typing", drafts);
    summary("idle: spot saved + checkpoint", checkpoints);
    Ok(())
}
