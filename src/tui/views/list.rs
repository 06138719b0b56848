//! The cluster list: filters, columns fitted to the width, the selection.
//!
//! Columns are measured, not guessed: each is as wide as its header and
//! its widest value; the name takes what is left, up to a cap (a wide
//! terminal shows more columns, not a longer name), and optional columns
//! give way on a narrow one. A column the list is sorted by is always
//! shown. Figures line up on the decimal point.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::lookup::round_name;
use crate::model::Yuan;
use crate::text::width as cols;
use crate::tui::app::{App, Sort};
use crate::tui::views::{Theme, cells, scroll};

/// The narrowest the name column gets before optional columns give way.
const MIN_NAME: usize = 8;
/// The widest the name column gets.
const MAX_NAME: usize = 36;
/// Optional columns are shown while the name keeps this much.
const COMFORTABLE_NAME: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Name,
    Prefecture,
    Industry,
    Round,
    Sales,
    Growth,
    Marks,
    Status,
    Total,
}

impl Col {
    fn head(self) -> &'static str {
        match self {
            Col::Id => tr(M::ColId),
            Col::Name => tr(M::ColName),
            Col::Prefecture => tr(M::ColPrefecture),
            Col::Industry => tr(M::ColIndustry),
            Col::Round => tr(M::ColRound),
            Col::Sales => tr(M::ColSales),
            Col::Growth => tr(M::ColGrowth),
            Col::Marks => "",
            Col::Status => tr(M::ColProgress),
            Col::Total => tr(M::ColTotal),
        }
    }

    /// Right-aligned (figures).
    fn right(self) -> bool {
        matches!(self, Col::Sales | Col::Growth | Col::Total)
    }
}

/// The sort's name, for the title.
pub(crate) fn sort_name(s: Sort) -> &'static str {
    match s {
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
    }
}

/// The columns shown at `width`, each with its width.
fn layout(app: &App, width: usize) -> Vec<(Col, usize)> {
    let m = &app.measured;
    let measure = |c: Col| -> usize {
        let value = match c {
            // What is left: counted apart.
            Col::Name => return 0,
            Col::Id => m.id,
            Col::Prefecture => m.prefecture,
            Col::Industry => m.industry.min(16),
            Col::Round => cols(round_name(crate::model::Round::Assessment))
                .max(cols(round_name(crate::model::Round::Application))),
            Col::Sales => m.sales,
            Col::Growth => 7,
            Col::Marks => 2,
            Col::Status => cols(tr(M::ShortInProgress)).max(cols(tr(M::ShortComplete))),
            Col::Total => 5,
        };
        value.max(cols(c.head()))
    };
    // The columns every list shows, and the optional ones in the order
    // they are added while the name keeps a comfortable width; the column
    // the list is sorted by is always shown.
    let sorted_by = |c: Col| {
        matches!(
            (app.sort, c),
            (Sort::Industry, Col::Industry)
                | (Sort::Growth, Col::Growth)
                | (Sort::Round, Col::Round)
                | (Sort::Total, Col::Total)
        )
    };
    let order = [
        Col::Id,
        Col::Name,
        Col::Prefecture,
        Col::Industry,
        Col::Round,
        Col::Sales,
        Col::Growth,
        Col::Marks,
        Col::Status,
        Col::Total,
    ];
    let optional = [Col::Total, Col::Round, Col::Growth, Col::Industry];
    let mut chosen: Vec<Col> = order
        .iter()
        .copied()
        .filter(|c| !optional.contains(c) || sorted_by(*c))
        .collect();
    let used = |set: &[Col]| {
        2 + set.iter().map(|c| measure(*c)).sum::<usize>() + set.len().saturating_sub(1)
    };
    for c in optional {
        if chosen.contains(&c) {
            continue;
        }
        let mut with = chosen.clone();
        with.push(c);
        if width.saturating_sub(used(&with)) >= COMFORTABLE_NAME {
            chosen = with;
        }
    }
    let mut shown: Vec<(Col, usize)> = order
        .iter()
        .filter(|c| chosen.contains(c))
        .map(|c| (*c, measure(*c)))
        .collect();
    let sum = |s: &[(Col, usize)]| {
        2 + s.iter().map(|(_, w)| w).sum::<usize>() + s.len().saturating_sub(1)
    };
    // Still too narrow: the prefecture to its first characters.
    if width.saturating_sub(sum(&shown)) < MIN_NAME
        && let Some(p) = shown.iter_mut().find(|(c, _)| *c == Col::Prefecture)
    {
        p.1 = p.1.min(6);
    }
    let name = width.saturating_sub(sum(&shown)).clamp(MIN_NAME, MAX_NAME);
    if let Some(n) = shown.iter_mut().find(|(c, _)| *c == Col::Name) {
        n.1 = name;
    }
    shown
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let round = app.round.map_or(tr(M::AllRounds), round_name);
    let pref = app.prefecture.as_deref().unwrap_or(tr(M::AllPrefectures));
    let title = format!(
        " {} · {} · {} · {} ",
        round,
        crate::text::inert(pref),
        trf(M::SortBy, &[&sort_name(app.sort)]),
        trf(M::Showing, &[&app.shown.len(), &app.rows.len()])
    );
    // What the marks column says, at the foot of the list.
    let legend = format!(
        " {} ",
        trf(
            M::ListLegend,
            &[&"!", &if app.look.ascii { "~" } else { "✎" }]
        )
    );
    let block = theme.block(&title).title_bottom(legend);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = inner.width as usize;
    let decimals = app.measured.decimals;
    let columns = layout(app, width);
    let head: Vec<(&str, usize)> = columns.iter().map(|(c, w)| (c.head(), *w)).collect();
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
    let draft = if app.look.ascii { "~" } else { "✎" };
    for (k, &i) in app.shown.iter().enumerate().skip(first).take(height) {
        let r = &app.rows[i];
        let total = app
            .review
            .as_ref()
            .and_then(|rv| rv.total(&r.id))
            .map(|t| t.to_string())
            .unwrap_or_default();
        let values: Vec<String> = columns
            .iter()
            .map(|(c, w)| {
                let v = match c {
                    Col::Id => r.id.clone(),
                    Col::Name => r.name.clone(),
                    Col::Prefecture => r.prefecture.clone(),
                    Col::Industry => r.industry.clone(),
                    Col::Round => round_name(r.round).to_string(),
                    Col::Sales => r
                        .sales_increment
                        .map(|v| Yuan(v).wan_fixed(decimals))
                        .unwrap_or_default(),
                    Col::Growth => r
                        .sales_growth
                        .map(|g| format!("{g:.1}%"))
                        .unwrap_or_default(),
                    // A check flag (a stated increment that is not current −
                    // previous), and a draft not yet confirmed.
                    Col::Marks => format!(
                        "{}{}",
                        if r.flagged { "!" } else { " " },
                        if app.has_draft(&r.id) { draft } else { "" }
                    ),
                    Col::Status => short(app.progress_of(&r.id)).to_string(),
                    Col::Total => total.clone(),
                };
                if c.right() {
                    let pad = w.saturating_sub(cols(&v));
                    format!("{}{v}", " ".repeat(pad))
                } else {
                    v
                }
            })
            .collect();
        let parts: Vec<(&str, usize)> = values
            .iter()
            .zip(&columns)
            .map(|(v, (_, w))| (v.as_str(), *w))
            .collect();
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
