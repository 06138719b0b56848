//! A cluster: its facts, the indicators with growth and checks, the
//! application conditions, and the rubric items with their evidence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr};
use crate::lookup::round_name;
use crate::review::conditions::Status;
use crate::text::{fit, inert};
use crate::tui::app::App;
use crate::tui::views::{Theme, scroll};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = &app.detail else { return };
    let c = &d.cluster;
    let title = format!(" {} {} ", inert(&c.id.0), inert(&c.name));
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let colon = tr(M::Colon);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let facts = format!(
        "{}{colon}{}  {}{colon}{}  {}{colon}{}  {}{colon}{}",
        tr(M::LabelRound),
        round_name(c.round),
        tr(M::LabelPrefecture),
        inert(&c.prefecture),
        tr(M::LabelCounty),
        inert(&c.county),
        tr(M::LabelIndustry),
        inert(&c.industry)
    );
    lines.push(Line::raw(fit(&facts, w)));

    if !c.indicators.is_empty() {
        let table = crate::lookup::indicator_table(d);
        let name_w = table
            .iter()
            .map(|r| crate::text::width(&r[0]))
            .max()
            .unwrap_or(8)
            .clamp(8, 30);
        for (k, r) in table.iter().enumerate() {
            let text = format!(
                "{} {:>13} {:>13} {:>12} {:>7} {}",
                fit(&r[0], name_w),
                r[1],
                r[2],
                r[3],
                r[4],
                r[5]
            );
            let style = if k == 0 {
                theme.heading()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(fit(&text, w), style));
        }
        for f in &d.flags {
            lines.push(Line::styled(
                fit(&format!("! {}", f.message), w),
                theme.warn(),
            ));
        }
    }
    if c.application.is_some() {
        lines.push(Line::styled(
            tr(M::LabelConditions).to_string(),
            theme.heading(),
        ));
        for k in &d.conditions {
            let text = format!(
                "{} {} {}",
                fit(k.condition.name(), 10),
                fit(k.status.name(), 10),
                k.reason
            );
            let style = if k.status == Status::Fail {
                theme.warn()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(fit(&text, w), style));
        }
    }
    if let Some(r) = &d.rubric {
        lines.push(Line::styled(
            tr(M::RubricItems).to_string(),
            theme.heading(),
        ));
        for item in &r.items {
            let n = d
                .evidence
                .iter()
                .filter(|e| e.rubric_item == item.id)
                .count();
            let text = format!(
                "{:<4} {} {:>5}  {} {}",
                item.id,
                fit(&item.name, 24),
                item.max.to_string(),
                tr(M::LabelEvidence),
                n
            );
            lines.push(Line::styled(
                fit(&text, w),
                if n == 0 && item.evidence {
                    theme.dim()
                } else {
                    ratatui::style::Style::default()
                },
            ));
        }
    }
    let height = inner.height as usize;
    let first = scroll(app.selected, height, lines.len());
    let visible: Vec<Line<'_>> = lines.into_iter().skip(first).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
