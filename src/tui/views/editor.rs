//! Text being typed (a score, a comment, the opinion, a reason, a name) and
//! short choice lists. The real cursor sits at the caret, where an input
//! method places its window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::review::score::Field;
use crate::text::{fit, inert, width, wrap};
use crate::tui::app::{App, Purpose};
use crate::tui::editor::{Editor, Target, one_line};
use crate::tui::views::{Theme, overlay, scroll};

/// The title of a field: what it is, for which cluster, and its rule.
fn title(app: &App, target: &Target) -> String {
    match target {
        Target::Reviewer => tr(M::LabelReviewer).to_string(),
        Target::ExportPath { .. } => tr(M::ExportConfirmTitle).to_string(),
        Target::Passphrase { .. } | Target::ResultPassphrase => tr(M::LabelPassphrase).to_string(),
        // The results view titles its own fields.
        Target::Panel { .. } => String::new(),
        Target::Mark { cluster, field } => {
            let item = match field {
                Field::Score(i) | Field::Comment(i) => app
                    .review
                    .as_ref()
                    .and_then(|r| r.rubric(cluster))
                    .and_then(|r| r.items.iter().find(|x| &x.id == i)),
                _ => None,
            };
            let mut t = format!("{} · {}", inert(cluster), field.label());
            if let Some(it) = item {
                t.push_str(&format!(" · {}", inert(&it.name)));
                if matches!(field, Field::Score(_)) {
                    t.push_str(&format!(" · {}", trf(M::ScoreHint, &[&it.max, &it.step])));
                }
            }
            t
        }
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(e) = &app.editor else { return };
    draw_field(frame, area, e, &title(app, &e.target), theme);
}

/// A field being typed, titled `title`, low over `area`; the terminal's
/// cursor at its caret.
pub(crate) fn draw_field(
    frame: &mut Frame<'_>,
    area: Rect,
    e: &Editor,
    title: &str,
    theme: &Theme,
) {
    let multi = e.multiline();
    let extra = usize::from(e.note.is_some()) + usize::from(e.error.is_some());
    let w = area.width.saturating_sub(4).max(20);
    let h = if multi {
        area.height.saturating_sub(2).clamp(6, 14)
    } else {
        (3 + extra as u16).min(area.height)
    };
    let r = {
        // Fields sit low, leaving the figures and the row in view, above
        // the bottom border of what lies under them.
        let h = h.min(area.height.saturating_sub(1));
        let r = Rect {
            x: area.x + (area.width - w.min(area.width)) / 2,
            y: area.y + area.height.saturating_sub(h + 1),
            width: w.min(area.width),
            height: h,
        };
        crate::tui::views::clear(frame, r);
        r
    };
    let t = format!(" {title} ");
    let block = theme.block(&t);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = inner.width as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    if let Some(n) = &e.note {
        lines.push(Line::styled(fit(n, iw), theme.dim()));
    }
    let top = lines.len();
    let room = (inner.height as usize).saturating_sub(top + usize::from(e.error.is_some()));
    // A passphrase is shown as dots, one per character typed.
    let masked;
    let e = if e.masked() {
        let mut m = e.clone();
        m.text = "•".repeat(e.text.chars().count());
        m.caret = "•".len() * e.text[..e.caret].chars().count();
        masked = m;
        &masked
    } else {
        e
    };
    let (text_lines, (row, col)) = if multi {
        wrap(&e.text, iw.saturating_sub(1), e.caret)
    } else {
        // One line, scrolled so that the caret stays in view.
        let (shown, col) = one_line(&e.text, e.caret, iw);
        (vec![fit(&shown, iw)], (0, col))
    };
    let first = scroll(row, room, text_lines.len());
    for l in text_lines.iter().skip(first).take(room) {
        lines.push(Line::raw(l.clone()));
    }
    if let Some(err) = &e.error {
        while lines.len() < top + room {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(fit(&inert(err), iw), theme.warn()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let y = inner.y + (top + row - first) as u16;
    let x = inner.x + (col.min(iw.saturating_sub(1))) as u16;
    frame.set_cursor_position((x, y));
}

/// A choice list: the question it asks, then the choices (digits pick).
pub(crate) fn draw_chooser(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(c) = &app.chooser else { return };
    let (title, question) = match c.purpose {
        Purpose::Conclusion => (
            format!(" {} · {} ", inert(&c.cluster), tr(M::FieldConclusion)),
            tr(M::ChooseConclusion).to_string(),
        ),
        Purpose::Withdraw => (
            format!(" {} · {} ", inert(&c.cluster), tr(M::FieldConflict)),
            tr(M::WithdrawQuestion).to_string(),
        ),
        Purpose::Prefecture => (
            format!(" {} ", tr(M::ActChoosePrefecture)),
            format!("{}{}", tr(M::ChoosePrefecture), inert(&c.query)),
        ),
        // The question is the chooser's text; it may be long.
        Purpose::ExportIncomplete | Purpose::ExportDrafts => (
            format!(" {} ", tr(M::ExportConfirmTitle)),
            inert(&c.cluster).into_owned(),
        ),
    };
    let widest = c.choices.iter().map(|s| width(s) + 2).max().unwrap_or(4);
    let w = (widest + 8)
        .max(width(&title) + 4)
        .max(width(&question).min(60) + 4)
        .min(area.width.saturating_sub(4).max(20) as usize) as u16;
    let (q, _) = wrap(&question, (w as usize).saturating_sub(2), 0);
    let h = (c.choices.len() + q.len() + 2) as u16;
    let r = overlay(frame, area, w, h);
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = inner.width as usize;
    let mut lines: Vec<Line<'_>> = q.iter().map(|l| Line::raw(fit(l, iw))).collect();
    let room = (inner.height as usize).saturating_sub(lines.len());
    let first = scroll(c.selected, room, c.choices.len());
    for (k, s) in c.choices.iter().enumerate().skip(first).take(room) {
        lines.push(theme.row(
            k == c.selected,
            &fit(&format!("{} {}", k + 1, inert(s)), iw.saturating_sub(2)),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
