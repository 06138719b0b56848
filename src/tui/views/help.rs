//! Help, generated from the active key map: every binding of every mode.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr};
use crate::text::fit;
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::views::{Theme, action_name, overlay};

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Global => "*",
        Mode::List => tr(M::ScreenList),
        Mode::Detail => tr(M::ScreenDetail),
        Mode::Evidence => tr(M::ScreenEvidence),
        Mode::Search => tr(M::ScreenSearch),
        Mode::Help => tr(M::ActHelp),
        Mode::Edit => tr(M::ScreenEdit),
        Mode::Choose => tr(M::ScreenChoose),
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let r = overlay(
        frame,
        area,
        area.width.saturating_sub(4).max(20),
        area.height,
    );
    let block = theme.block(tr(M::ScreenHelp));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        let listing = app.keymap.listing(mode);
        if listing.is_empty() {
            continue;
        }
        lines.push(Line::styled(
            format!("[{}]", mode_name(mode)),
            theme.heading(),
        ));
        for (keys, action) in listing {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            lines.push(Line::raw(fit(
                &format!("  {} {}", fit(&keys.join(" "), 22), action_name(action)),
                w,
            )));
        }
    }
    // Two columns when the lines would not fit one; scrolled (Up, Down,
    // pages) when they would not fit two.
    let height = inner.height as usize;
    let cols = if w >= 60 { 2 } else { 1 };
    let skip = app
        .help_scroll
        .min(lines.len().saturating_sub(height * cols));
    let lines: Vec<Line<'_>> = lines.into_iter().skip(skip).collect();
    if lines.len() > height && w >= 60 {
        let half = w / 2;
        let left: Vec<Line<'_>> = lines.iter().take(height).cloned().collect();
        let right: Vec<Line<'_>> = lines.iter().skip(height).take(height).cloned().collect();
        let [a, b] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Length(half as u16),
            ratatui::layout::Constraint::Min(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(left), a);
        frame.render_widget(Paragraph::new(right), b);
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
