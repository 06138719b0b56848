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
use crate::tui::views::Theme;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = &app.detail else { return };
    let c = &d.cluster;
    let title = format!(" {} {} ", inert(&c.id.0), inert(&c.name));
    let inner = theme.block(&title).inner(area);
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
    for l in crate::text::wrap_words(&facts, w) {
        lines.push(Line::raw(l));
    }
    // What the pre-screen found comes first: the expert reads the figures
    // knowing what is wrong with them.
    if !d.findings.is_empty() {
        lines.push(Line::styled(
            fit(&trf(M::LabelFindings, &[&d.findings.len()]), w),
            theme.heading(),
        ));
        for f in &d.findings {
            for l in crate::text::wrap_words(&format!("! {}", inert(&f.message)), w) {
                lines.push(Line::styled(l, theme.warn()));
            }
        }
    }

    if !c.indicators.is_empty() {
        let table = crate::lookup::indicator_table(d);
        // Each figure column as wide as its widest entry; the names take
        // what is left.
        let col = |k: usize| {
            table
                .iter()
                .map(|r| crate::text::width(&r[k]))
                .max()
                .unwrap_or(0)
        };
        // On a narrow screen the previous year gives way (the growth says
        // how it compares); the increment, the growth and the unit never.
        let all_w: usize = (1..6).map(|k| col(k) + 1).sum();
        let keep_previous = w.saturating_sub(all_w) >= 10;
        let shown: Vec<usize> = (1..6).filter(|&k| k != 1 || keep_previous).collect();
        let fixed: usize = shown.iter().map(|&k| col(k) + 1).sum();
        let name_w = col(0).min(w.saturating_sub(fixed)).max(6);
        let right = |t: &str, n: usize| {
            format!("{}{t}", " ".repeat(n.saturating_sub(crate::text::width(t))))
        };
        for (k, r) in table.iter().enumerate() {
            let mut text = fit(&r[0], name_w);
            for &c in &shown {
                text.push(' ');
                if c == 5 {
                    text.push_str(&fit(&r[c], col(c)));
                } else {
                    text.push_str(&right(&r[c], col(c)));
                }
            }
            let style = if k == 0 {
                theme.heading()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(fit(&text, w), style));
        }
        // The checks, where the store has no findings to say them.
        if d.findings.is_empty() {
            for f in &d.flags {
                lines.push(Line::styled(
                    fit(&format!("! {}", f.message), w),
                    theme.warn(),
                ));
            }
        }
    }
    if let Some(a) = &c.application {
        // Every figure of the form, two to a line where they fit.
        lines.push(Line::styled(
            fit(tr(M::LabelApplication), w),
            theme.heading(),
        ));
        let fields: Vec<String> = crate::lookup::application_fields(a)
            .into_iter()
            .map(|(l, v)| format!("{l}{colon}{v}"))
            .collect();
        let half = w.saturating_sub(1) / 2;
        let mut k = 0;
        while k < fields.len() {
            let one = &fields[k];
            match fields.get(k + 1) {
                Some(two) if crate::text::width(one) <= half && crate::text::width(two) <= half => {
                    lines.push(Line::raw(fit(&format!("{} {two}", fit(one, half)), w)));
                    k += 2;
                }
                _ => {
                    lines.push(Line::raw(fit(one, w)));
                    k += 1;
                }
            }
        }
        if !a.core_enterprises.is_empty() {
            lines.push(Line::raw(fit(
                &format!("{}{colon}", tr(M::LabelCoreEnterprises)),
                w,
            )));
            for e in &a.core_enterprises {
                let sales = e
                    .sales
                    .map(|s| crate::i18n::with_unit(&s.wan(), M::WanYuan))
                    .unwrap_or_else(|| tr(M::NotGiven).to_string());
                lines.push(Line::raw(fit(
                    &format!("  {} {sales}", fit(&inert(&e.name), 28)),
                    w,
                )));
            }
        }
        lines.push(Line::styled(
            tr(M::LabelConditions).to_string(),
            theme.heading(),
        ));
        let name_w = d
            .conditions
            .iter()
            .map(|k| crate::text::width(k.condition.name()))
            .max()
            .unwrap_or(8);
        let status_w = d
            .conditions
            .iter()
            .map(|k| crate::text::width(k.status.name()))
            .max()
            .unwrap_or(8);
        // The reason wrapped under itself, never cut.
        let indent = name_w + status_w + 2;
        for k in &d.conditions {
            let style = if k.status == Status::Fail {
                theme.warn()
            } else {
                ratatui::style::Style::default()
            };
            let reason = crate::text::wrap_words(&k.reason, w.saturating_sub(indent).max(10));
            for (j, part) in reason.iter().enumerate() {
                let text = if j == 0 {
                    format!(
                        "{} {} {part}",
                        fit(k.condition.name(), name_w),
                        fit(k.status.name(), status_w)
                    )
                } else {
                    format!("{}{part}", " ".repeat(indent))
                };
                lines.push(Line::styled(fit(&text, w), style));
            }
        }
    }
    let mut focus = 0;
    let mut focus_end = 0;
    let draft_mark = if app.look.ascii { "~ " } else { "✎ " };
    // The application's own documents, above the evidence per item: each
    // with the title it was filed under, or said missing.
    let required = crate::review::documents::Document::required(c.round);
    if !required.is_empty() {
        lines.push(Line::styled(fit(tr(M::LabelDocuments), w), theme.heading()));
        let (yes, no) = if app.look.ascii {
            ("+", "x")
        } else {
            ("✓", "✗")
        };
        for doc in required {
            let filed: Vec<&str> = d
                .evidence
                .iter()
                .filter(|e| e.rubric_item == doc.key())
                .map(|e| e.title.as_str())
                .collect();
            let (line, style) = if filed.is_empty() {
                (
                    format!("{no} {}  {}", doc.name(), tr(M::DocumentMissing)),
                    theme.warn(),
                )
            } else {
                (
                    format!("{yes} {}  {}", doc.name(), inert(&filed.join("；"))),
                    ratatui::style::Style::default(),
                )
            };
            lines.push(Line::styled(fit(&line, w), style));
        }
    }
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
            let drafted = [
                Field::Score(item.id.clone()),
                Field::Comment(item.id.clone()),
            ]
            .into_iter()
            .any(|f| app.drafts.contains(&(id.to_string(), f)));
            let text = format!(
                "{:<4} {} {:>5}/{:<3} {} {:<3} {}{check}{comment}",
                inert(&item.id),
                fit(&inert(&item.name), name_w),
                score,
                item.max.to_string(),
                tr(M::LabelEvidence),
                n,
                if drafted { draft_mark } else { "" }
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
            if selected {
                // What the item is scored on: the rubric's guidance, its
                // range and step, and the evidence the catalogue links to it.
                let pad = "    ";
                let inner_w = w.saturating_sub(pad.len());
                if !item.guidance.trim().is_empty() {
                    let text = format!("{}{colon}{}", tr(M::Guidance), inert(&item.guidance));
                    for l in crate::text::wrap_words(&text, inner_w).into_iter().take(3) {
                        lines.push(Line::styled(format!("{pad}{l}"), theme.dim()));
                    }
                }
                let linked: Vec<String> = d
                    .evidence
                    .iter()
                    .filter(|e| e.rubric_item == item.id)
                    .map(|e| format!("{}. {}", e.seq, inert(&e.title)))
                    .collect();
                let mut facts = trf(M::ScoreHint, &[&item.max, &item.step]);
                if !linked.is_empty() {
                    facts.push_str(&format!(
                        " · {}{colon}{}",
                        tr(M::LinkedEvidence),
                        linked.join(tr(M::Semi))
                    ));
                }
                lines.push(Line::styled(fit(&format!("{pad}{facts}"), w), theme.dim()));
                focus_end = lines.len() - 1;
            }
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
        let opinion_drafted = app.drafts.contains(&(id.to_string(), Field::Opinion));
        if app.selected == n {
            focus = lines.len();
            focus_end = focus;
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
        let opinion_line = format!(
            "{} {}{}",
            fit(tr(M::FieldOpinion), label_w),
            if opinion_drafted { draft_mark } else { "" },
            first
        );
        if app.selected == n + 1 {
            focus = lines.len();
            focus_end = focus;
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
    // As much as fits above the selected row and what it shows under it;
    // PgUp/PgDn look further up or down from there.
    let height = inner.height as usize;
    let focus_end = focus_end.max(focus);
    let base = (focus_end + 1).saturating_sub(height).min(focus);
    let last = lines.len().saturating_sub(height);
    let first = (base as isize + app.detail_offset).clamp(0, last as isize) as usize;
    let mut block = theme.block(&title);
    if lines.len() > height {
        let more = match (first > 0, first < last) {
            (true, true) => M::MoreAboveBelow,
            (true, false) => M::MoreAbove,
            _ => M::MoreBelow,
        };
        block = block.title_bottom(format!(" {} ", tr(more)));
    }
    frame.render_widget(block, area);
    let visible: Vec<Line<'_>> = lines.into_iter().skip(first).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
