//! A cluster's evidence catalogue, filterable by rubric item, with the
//! selected file's identity.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::text::{fit, inert};
use crate::tui::app::App;
use crate::tui::views::{Theme, cells, scroll};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = &app.detail else { return };
    let item = app.item.as_deref().unwrap_or(tr(M::AllItems));
    let rows = app.evidence_rows();
    let title = format!(
        " {} {} · {} · {} ",
        inert(&d.cluster.id.0),
        tr(M::ScreenEvidence),
        inert(item),
        rows.len()
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table, info] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    let w = table.width as usize;
    let (seq_w, item_w, pages_w) = (4, 6, 5);
    let file_w = if w >= 100 { 40 } else { 0 };
    let title_w = w
        .saturating_sub(2 + seq_w + item_w + pages_w + 3 + if file_w > 0 { file_w + 1 } else { 0 })
        .max(8);
    let mut head = vec![
        (tr(M::FieldSeq), seq_w),
        (tr(M::ColTitle), title_w),
        (tr(M::ColItem), item_w),
        (tr(M::ColPages), pages_w),
    ];
    if file_w > 0 {
        head.push((tr(M::ColFile), file_w));
    }
    let mut lines = vec![Line::styled(format!("  {}", cells(&head)), theme.heading())];
    let height = (table.height as usize).saturating_sub(1);
    let first = scroll(app.selected, height, rows.len());
    for (k, e) in rows.iter().enumerate().skip(first).take(height) {
        let seq = format!("{:>3}", e.seq);
        let pages = e.pages.map(|p| p.to_string()).unwrap_or_default();
        let item = crate::review::documents::Document::from_key(&e.rubric_item)
            .map_or(e.rubric_item.as_str(), |d| d.name());
        let mut parts = vec![
            (seq.as_str(), seq_w),
            (e.title.as_str(), title_w),
            (item, item_w),
            (pages.as_str(), pages_w),
        ];
        if file_w > 0 {
            parts.push((e.path.as_str(), file_w));
        }
        lines.push(theme.row(k == app.selected, &cells(&parts)));
    }
    if rows.is_empty() {
        lines.push(Line::styled(tr(M::NoEvidence).to_string(), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), table);
    if let Some(e) = rows.get(app.selected) {
        let text = trf(M::EvidenceInfo, &[&inert(&e.path), &e.size, &e.sha256]);
        frame.render_widget(
            Paragraph::new(fit(&text, info.width as usize * 2))
                .wrap(ratatui::widgets::Wrap { trim: false })
                .style(theme.dim()),
            info,
        );
    }
}
