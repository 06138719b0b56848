//! An evidence file opened in the terminal: its particulars and its text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::text::{fit, inert};
use crate::tui::app::App;
use crate::tui::views::{Theme, overlay};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(v) = &app.viewer else { return };
    let r = overlay(
        frame,
        area,
        area.width.saturating_sub(2).max(20),
        area.height,
    );
    let title = format!(" {} ", inert(&v.title));
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = inner.width as usize;
    let mut lines: Vec<Line<'_>> = v
        .info
        .iter()
        .map(|i| Line::styled(fit(i, w), theme.dim()))
        .collect();
    let room = (inner.height as usize).saturating_sub(lines.len());
    lines.extend(
        v.lines
            .iter()
            .skip(v.scroll)
            .take(room)
            .map(|l| Line::raw(fit(&inert(l), w))),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
