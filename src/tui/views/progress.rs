//! Progress: the whole bundle and each prefecture, clusters settled
//! (complete or recused) out of all.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr};
use crate::text::{fit, inert};
use crate::tui::app::App;
use crate::tui::views::{Theme, overlay};

/// A bar of `cols` columns filled for `done` of `n`, with the figures.
pub fn bar(done: usize, n: usize, cols: usize, ascii: bool) -> String {
    let filled = (done * cols).checked_div(n).unwrap_or(0);
    let (full, empty) = if ascii { ('#', '.') } else { ('█', '░') };
    let pct = (done * 100).checked_div(n).unwrap_or(0);
    format!(
        "{}{} {done}/{n} {pct}%",
        full.to_string().repeat(filled),
        empty.to_string().repeat(cols - filled)
    )
}

/// Settled and all clusters, for the whole bundle and each prefecture.
fn figures(app: &App) -> Vec<(String, usize, usize)> {
    let Some(r) = &app.review else {
        return Vec::new();
    };
    let mut out = vec![(tr(M::AllBundle).to_string(), 0, 0)];
    for p in app.prefectures() {
        let (done, n) = r.settled(
            app.rows
                .iter()
                .filter(|x| x.prefecture == p)
                .map(|x| x.id.as_str()),
        );
        out[0].1 += done;
        out[0].2 += n;
        out.push((p, done, n));
    }
    out
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let w = area.width.saturating_sub(4).clamp(20, 70);
    let rows = figures(app);
    let h = (rows.len() as u16 + 2).min(area.height);
    let r = overlay(frame, area, w, h);
    let title = format!(" {} ", tr(M::ProgressTitle));
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = inner.width as usize;
    let bar_w = iw.saturating_sub(12 + 16).clamp(5, 30);
    let lines: Vec<Line<'_>> = rows
        .iter()
        .enumerate()
        .map(|(k, (name, done, n))| {
            let text = format!(
                "{} {}",
                fit(&inert(name), 12),
                bar(*done, *n, bar_w, app.look.ascii)
            );
            if k == 0 {
                Line::styled(fit(&text, iw), theme.heading())
            } else {
                Line::raw(fit(&text, iw))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
