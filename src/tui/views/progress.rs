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
pub(crate) fn bar(done: usize, n: usize, cols: usize, ascii: bool) -> String {
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
    // The whole bundle in the title; a line per prefecture, in two columns
    // when they do not fit one.
    let (all, each) = match rows.split_first() {
        Some((a, rest)) => (Some(a), rest),
        None => (None, &rows[..]),
    };
    let room = area.height.saturating_sub(4).max(1) as usize;
    let two = each.len() > room && w >= 60;
    let per_col = if two {
        each.len().div_ceil(2)
    } else {
        each.len()
    };
    let h = (per_col as u16 + 2).min(area.height);
    let r = overlay(frame, area, w, h);
    let title = match all {
        Some((_, done, n)) => format!(
            " {} · {} {} ",
            tr(M::ProgressTitle),
            tr(M::AllBundle),
            bar(*done, *n, 10, app.look.ascii)
        ),
        None => format!(" {} ", tr(M::ProgressTitle)),
    };
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = inner.width as usize;
    let col_w = if two { (iw - 1) / 2 } else { iw };
    let name_w = each
        .iter()
        .map(|(n, _, _)| crate::text::width(n))
        .max()
        .unwrap_or(6)
        .max(6);
    let bar_w = col_w.saturating_sub(name_w + 14).clamp(4, 30);
    let text = |(name, done, n): &(String, usize, usize)| {
        fit(
            &format!(
                "{} {}",
                fit(&inert(name), name_w),
                bar(*done, *n, bar_w, app.look.ascii)
            ),
            col_w,
        )
    };
    let lines: Vec<Line<'_>> = (0..per_col)
        .map(|k| {
            let left = each.get(k).map(text).unwrap_or_default();
            match each.get(k + per_col).filter(|_| two) {
                Some(right) => Line::raw(format!("{} {}", fit(&left, col_w), text(right))),
                None => Line::raw(left),
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
