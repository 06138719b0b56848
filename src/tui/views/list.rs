//! The cluster list: filters, columns fitted to the width, the selection.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::lookup::round_name;
use crate::model::Yuan;
use crate::tui::app::{App, Sort};
use crate::tui::views::{Theme, cells, scroll};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let round = app.round.map_or(tr(M::AllRounds), round_name);
    let pref = app.prefecture.as_deref().unwrap_or(tr(M::AllPrefectures));
    let sort = match app.sort {
        Sort::Id => tr(M::ColId),
        Sort::Name => tr(M::ColName),
        Sort::Prefecture => tr(M::ColPrefecture),
        Sort::Industry => tr(M::ColIndustry),
        Sort::Round => tr(M::ColRound),
        Sort::Sales => tr(M::ColSales),
        Sort::Growth => tr(M::ColGrowth),
        Sort::Flags => tr(M::ColFlags),
        Sort::Progress => tr(M::ColProgress),
        Sort::Total => tr(M::ColTotal),
    };
    let title = format!(
        " {} · {} · {} · {} ",
        round,
        crate::text::inert(pref),
        trf(M::SortBy, &[&sort]),
        trf(M::Showing, &[&app.shown.len(), &app.rows.len()])
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = inner.width as usize;
    // id, prefecture, round and sales keep their width; the name takes the rest.
    let round_w = [
        round_name(crate::model::Round::Assessment),
        round_name(crate::model::Round::Application),
        tr(M::ColRound),
    ]
    .iter()
    .map(|s| crate::text::width(s))
    .max()
    .unwrap_or(4);
    let wide = width >= 100;
    // Ids keep their width (most are 10 columns, some 12).
    let id_w = app
        .rows
        .iter()
        .map(|r| crate::text::width(&r.id))
        .max()
        .unwrap_or(10)
        .clamp(8, 14);
    let (pref_w, sales_w, flag_w) = (10, if wide { 14 } else { 12 }, 2);
    let (status_w, total_w) = (4, 5);
    let (industry_w, growth_w) = if wide { (14, 7) } else { (0, 0) };
    let fixed = 2
        + id_w
        + pref_w
        + round_w
        + sales_w
        + flag_w
        + status_w
        + total_w
        + 7
        + if wide { industry_w + growth_w + 2 } else { 0 };
    let name_w = width.saturating_sub(fixed).max(8);
    let mut head = vec![
        (tr(M::ColId), id_w),
        (tr(M::ColName), name_w),
        (tr(M::ColPrefecture), pref_w),
    ];
    if wide {
        head.push((tr(M::ColIndustry), industry_w));
    }
    head.extend([(tr(M::ColRound), round_w), (tr(M::ColSales), sales_w)]);
    if wide {
        head.push((tr(M::ColGrowth), growth_w));
    }
    head.push(("", flag_w));
    head.extend([(tr(M::ColProgress), status_w), (tr(M::ColTotal), total_w)]);
    let mut lines = Vec::new();
    if let Some(r) = &app.review {
        // The bundle's and the chosen prefecture's, in one pass (each draw).
        let (mut all, mut here) = ((0, 0), (0, 0));
        for row in &app.rows {
            let settled = usize::from(r.progress(&row.id).settled());
            all = (all.0 + settled, all.1 + 1);
            if app.prefecture.as_ref() == Some(&row.prefecture) {
                here = (here.0 + settled, here.1 + 1);
            }
        }
        let bar = crate::tui::views::progress::bar;
        let mut text = format!(
            "{} {}",
            tr(M::LabelProgress),
            bar(all.0, all.1, 20, app.look.ascii)
        );
        if let Some(p) = &app.prefecture {
            text.push_str(&format!(
                "   {} {}",
                crate::text::inert(p),
                bar(here.0, here.1, 10, app.look.ascii)
            ));
        }
        lines.push(Line::raw(crate::text::fit(&text, width)));
    }
    lines.push(Line::styled(format!("  {}", cells(&head)), theme.heading()));

    let height = (inner.height as usize).saturating_sub(lines.len());
    let first = scroll(app.selected, height, app.shown.len());
    for (k, &i) in app.shown.iter().enumerate().skip(first).take(height) {
        let r = &app.rows[i];
        let sales = r.sales_increment.map(|v| Yuan(v).wan()).unwrap_or_default();
        let sales = format!("{sales:>sales_w$}");
        let mut parts = vec![
            (r.id.as_str(), id_w),
            (r.name.as_str(), name_w),
            (r.prefecture.as_str(), pref_w),
        ];
        if wide {
            parts.push((r.industry.as_str(), industry_w));
        }
        parts.extend([(round_name(r.round), round_w), (sales.as_str(), sales_w)]);
        let growth = r
            .sales_growth
            .map(|g| format!("{g:>6.1}%"))
            .unwrap_or_default();
        if wide {
            parts.push((growth.as_str(), growth_w));
        }
        // A check flag: a stated increment that is not current − previous.
        parts.push((if r.flagged { "!" } else { "" }, flag_w));
        let progress = app.progress_of(&r.id);
        let total = app
            .review
            .as_ref()
            .and_then(|rv| rv.total(&r.id))
            .map(|t| format!("{:>5}", t.to_string()))
            .unwrap_or_default();
        parts.extend([(short(progress), status_w), (total.as_str(), total_w)]);
        lines.push(theme.row(k == app.selected, &cells(&parts)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A cluster's review status in four columns.
fn short(p: crate::review::score::Progress) -> &'static str {
    use crate::review::score::Progress;
    tr(match p {
        Progress::NotStarted => M::ShortNotStarted,
        Progress::InProgress => M::ShortInProgress,
        Progress::Complete => M::ShortComplete,
        Progress::Recused => M::ShortRecused,
    })
}
