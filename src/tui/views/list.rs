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
    let (id_w, pref_w, sales_w, flag_w) = (12, 10, 14, 2);
    let wide = width >= 100;
    let (industry_w, growth_w) = if wide { (14, 7) } else { (0, 0) };
    let fixed = 2
        + id_w
        + pref_w
        + round_w
        + sales_w
        + flag_w
        + 5
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
    let mut lines = vec![Line::styled(format!("  {}", cells(&head)), theme.heading())];

    let height = (inner.height as usize).saturating_sub(1);
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
        lines.push(theme.row(k == app.selected, &cells(&parts)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
