//! A cluster: its facts, the indicators with growth and checks, the
//! application conditions, and the rubric items with their evidence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::lookup::round_name;
use crate::review::conditions::Status;
use crate::review::score::Field;
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
    let mut focus = 0;
    if let Some(r) = &d.rubric {
        let id = c.id.0.as_str();
        let marks = app.review.as_ref().and_then(|rv| rv.marks_of(id));
        let progress = app.progress_of(id);
        let total = app.review.as_ref().and_then(|rv| rv.total(id));
        let head = format!(
            "{} · {} {}/{} · {}",
            tr(M::RubricItems),
            tr(M::ColTotal),
            total.map_or("—".to_string(), |t| t.to_string()),
            r.total(),
            progress.name()
        );
        lines.push(Line::styled(fit(&head, w), theme.heading()));
        if let Some(why) = marks.and_then(|m| m.conflict()) {
            lines.push(Line::styled(
                fit(&trf(M::RecusedBanner, &[&inert(why)]), w),
                theme.warn(),
            ));
        }
        let name_w = r
            .items
            .iter()
            .map(|i| crate::text::width(&i.name))
            .max()
            .unwrap_or(8)
            .clamp(8, if w >= 100 { 24 } else { 16 });
        for (k, item) in r.items.iter().enumerate() {
            let n = d
                .evidence
                .iter()
                .filter(|e| e.rubric_item == item.id)
                .count();
            let score = marks
                .and_then(|m| m.score(&item.id))
                .map_or("—".to_string(), |p| p.to_string());
            let comment = marks
                .and_then(|m| m.get(&Field::Comment(item.id.clone())))
                .map(|t| inert(t).into_owned())
                .unwrap_or_default();
            let check = item
                .condition
                .and_then(|cond| d.conditions.iter().find(|k| k.condition == cond))
                .map(|k| format!("[{}] ", k.status.name()))
                .unwrap_or_default();
            let text = format!(
                "{:<4} {} {:>5}/{:<3} {} {:<3} {check}{comment}",
                inert(&item.id),
                fit(&inert(&item.name), name_w),
                score,
                item.max.to_string(),
                tr(M::LabelEvidence),
                n
            );
            let selected = app.selected == k;
            if selected {
                focus = lines.len();
            }
            let mut line = theme.row(selected, &fit(&text, w.saturating_sub(2)));
            if !selected && n == 0 && item.evidence && score == "—" {
                line = line.style(theme.dim());
            }
            lines.push(line);
        }
        let n = r.items.len();
        let conclusion = marks
            .and_then(|m| m.get(&Field::Conclusion))
            .map_or("—".to_string(), |t| inert(t).into_owned());
        let summary = if c.application.is_some() {
            let count = |s: Status| d.conditions.iter().filter(|k| k.status == s).count();
            trf(
                M::ConditionSummary,
                &[
                    &count(Status::Pass),
                    &count(Status::Fail),
                    &count(Status::Unknown),
                ],
            )
        } else {
            String::new()
        };
        let label_w = 10;
        let conclusion_line = format!(
            "{} {}  {}",
            fit(tr(M::FieldConclusion), label_w),
            conclusion,
            summary
        );
        if app.selected == n {
            focus = lines.len();
        }
        lines.push(theme.row(
            app.selected == n,
            &fit(&conclusion_line, w.saturating_sub(2)),
        ));
        let opinion = marks.and_then(|m| m.get(&Field::Opinion));
        let first = opinion
            .map(|t| {
                let more = if t.contains('\n') { " …" } else { "" };
                format!("{}{more}", inert(t.lines().next().unwrap_or_default()))
            })
            .unwrap_or_else(|| "—".to_string());
        let opinion_line = format!("{} {}", fit(tr(M::FieldOpinion), label_w), first);
        if app.selected == n + 1 {
            focus = lines.len();
        }
        lines.push(theme.row(
            app.selected == n + 1,
            &fit(&opinion_line, w.saturating_sub(2)),
        ));
        // The rest of a long opinion, under its row.
        for l in opinion.into_iter().flat_map(|t| t.lines().skip(1)).take(6) {
            lines.push(Line::styled(
                fit(&format!("  {} {}", " ".repeat(label_w), inert(l)), w),
                theme.dim(),
            ));
        }
    }
    let height = inner.height as usize;
    let first = scroll(focus, height, lines.len());
    let visible: Vec<Line<'_>> = lines.into_iter().skip(first).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
