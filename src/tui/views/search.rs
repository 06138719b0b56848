//! The search overlay: the query (with the real cursor at its end, where an
//! input method places its window) and the hits, clusters and evidence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::text::{fit, inert, width};
use crate::tui::app::{App, Hit};
use crate::tui::views::{Theme, overlay, scroll};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(s) = &app.search else { return };
    let w = area.width.saturating_sub(4).max(20);
    let h = area.height.saturating_sub(2).max(6);
    let r = overlay(frame, area, w, h);
    let title = format!(
        " {} · {} ",
        tr(M::ScreenSearch),
        trf(M::SearchHits, &[&s.hits.len()])
    );
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = inner.width as usize;
    let prompt = tr(M::SearchPrompt);
    let query = inert(&s.query);
    let mut lines = vec![Line::raw(fit(&format!("{prompt}{query}"), iw))];
    let height = (inner.height as usize).saturating_sub(1);
    let first = scroll(s.selected, height, s.hits.len());
    for (k, hit) in s.hits.iter().enumerate().skip(first).take(height) {
        let text = match hit {
            Hit::Cluster(i) => {
                let c = &app.rows[*i];
                format!(
                    "{} {} {} {}",
                    fit(tr(M::HitCluster), 4),
                    fit(&inert(&c.id), 12),
                    inert(&c.name),
                    inert(&c.prefecture)
                )
            }
            Hit::Evidence { title } => {
                let t = &app.titles[*title];
                format!(
                    "{} {} {:>3} {}",
                    fit(tr(M::HitEvidence), 4),
                    fit(&inert(&t.cluster), 12),
                    t.seq,
                    inert(&t.title)
                )
            }
        };
        lines.push(theme.row(k == s.selected, &fit(&text, iw.saturating_sub(2))));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let caret = (width(prompt) + width(&query)).min(iw.saturating_sub(1)) as u16;
    frame.set_cursor_position((inner.x + caret, inner.y));
}
