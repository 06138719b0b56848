//! Benchmarks of the terminal UI on the national-scale bundle, with the
//! figures the README quotes:
//!
//!     cargo build --release && cargo run --release --example bench && \
//!       cargo run --release --example bench_tui
//!
//! (`bench` makes and imports the national bundle into target/national.)
//!
//! - the first frame: opening the store, loading the cluster list and the
//!   reviewer's review, and drawing it (in-process; process start adds a
//!   few ms);
//! - one search keystroke over all clusters and evidence titles: update
//!   plus render;
//! - the bytes written to the terminal when the selection moves one row at
//!   80×24.

#[path = "../tests/common/screen.rs"]
mod screen;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::store::Store;
use pingshen::tui::app::{App, Look};
use pingshen::tui::keymap::Key;
use pingshen::tui::{Keys, load_keymap, update, views};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The allocator of the pingshen binary, so that in-process figures are the
/// binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A writer that counts what goes through it (the count is shared, so it
/// can be read while the terminal owns the writer).
#[derive(Clone, Default)]
struct Counter(std::rc::Rc<std::cell::Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<()> {
    let db = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/national/bench-0.db");
    if !db.exists() {
        anyhow::bail!(
            "run `cargo run --release --example bench` first (it imports the national bundle)"
        );
    }
    let keymap = load_keymap(Keys::Default, None)?;
    let look = Look {
        color: true,
        ascii: false,
    };
    let viewport = Viewport::Fixed(Rect::new(0, 0, 80, 24));
    // How many titles the search looks at (counted on a connection of its
    // own, before the clock starts).
    let titles = {
        let store = Store::open(&db)?;
        let bundle = store.bundle(None).context("bundle")?;
        store.evidence_titles(bundle.no)?.len()
    };

    let start = Instant::now();
    let store = Store::open(&db)?;
    let bundle = store.bundle(None).context("bundle")?;
    let mut app = App::new(store, bundle, keymap, look)?;
    // As a reviewer starts: with their review (marks, rubrics) loaded.
    pingshen::tui::session::begin(&mut app, "基准测试").map_err(anyhow::Error::msg)?;
    let counter = Counter::default();
    let mut term = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions { viewport },
    )?;
    term.draw(|f| views::draw(f, &app))?;
    let first = start.elapsed();
    println!("clusters: {}", drawn(&app).showing().1);
    println!(
        "first frame (open store, load list and review, draw): {:>6.1} ms",
        ms(first)
    );

    // Moving the selection one row.
    let before = counter.0.get();
    update::on_key(&mut app, Key::parse("<Down>").context("key")?);
    term.draw(|f| views::draw(f, &app))?;
    let moved = counter.0.get() - before;
    println!("selection moved one row, bytes written:     {moved:>8}");

    // Search: the first keystroke also loads the evidence titles.
    let t = Instant::now();
    update::on_key(&mut app, Key::parse("/").context("key")?);
    term.draw(|f| views::draw(f, &app))?;
    println!(
        "opening search (loads {titles} titles):      {:>8.1} ms",
        ms(t.elapsed())
    );
    let mut each = Vec::new();
    let mut typed = String::new();
    for c in "szzyc".chars() {
        let t = Instant::now();
        update::on_key(&mut app, Key::parse(&c.to_string()).context("key")?);
        term.draw(|f| views::draw(f, &app))?;
        each.push(t.elapsed());
        typed.push(c);
        let took = t.elapsed();
        // The hits, as the search's box counts them (read after the clock).
        let search = drawn(&app).overlay().context("the search")?;
        println!("  {typed:<6} {:>6.1} ms  {}", ms(took), search.title);
    }
    let worst = each.iter().max().copied().unwrap_or_default();
    each.sort();
    println!(
        "search keystroke, update + draw, median:    {:>8.1} ms",
        ms(each[each.len() / 2])
    );
    println!(
        "search keystroke, update + draw, worst:     {:>8.1} ms",
        ms(worst)
    );
    // The in-process reviewer ends first: the process started next takes
    // the reviewer's lock, not a second session beside this one.
    drop(term);
    drop(app);
    whole_process_first_frame(&db)?;
    Ok(())
}

/// The screen, read as the tests read it.
fn drawn(app: &App) -> screen::Drawn {
    screen::Drawn::new(screen::frame_text(160, 50, |f| views::draw(f, app)))
}

/// The whole process: start `pingshen` on a pseudo-terminal (util-linux
/// `script`) and time until the first frame (the first cluster id) is
/// written; then stop it.
fn whole_process_first_frame(db: &Path) -> Result<()> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .context("target dir")?
        .join("pingshen");
    if !bin.exists() || Command::new("script").arg("--version").output().is_err() {
        println!("(the whole-process first frame needs target/release/pingshen and `script`)");
        return Ok(());
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let cmd = format!(
            "stty cols 80 rows 24; exec {} --db {} --reviewer 基准测试",
            bin.display(),
            db.display()
        );
        let start = Instant::now();
        // A home of its own: the user's settings are neither read nor written.
        let home = db.with_file_name("bench-home");
        let mut child = Command::new("script")
            .args(["-qfec", &cmd, "/dev/null"])
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut out = child.stdout.take().context("stdout")?;
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).contains("KH-") {
            let n = out.read(&mut buf)?;
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        times.push(start.elapsed());
        let _ = child.kill();
        let _ = child.wait();
    }
    times.sort();
    println!(
        "first frame, whole process on a pty (median of 5): {:>6.1} ms",
        ms(times[times.len() / 2])
    );
    Ok(())
}
