//! Drawing the results view: the ranking list with its filters, and one
//! cluster's scores side by side per reviewer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::text::{fit, inert, width};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::views::{Theme, cells, scroll};

use super::Results;

/// Why a cluster is flagged, in a few characters for the list.
fn why_short(c: &crate::merge::ClusterResult) -> String {
    use crate::merge::Divergence;
    c.divergence
        .iter()
        .map(|d| match d {
            Divergence::Spread { spread, .. } => trf(M::DivSpreadShort, &[spread]),
            Divergence::Sd { sd, .. } => trf(M::DivSdShort, &[sd]),
            Divergence::Conclusions { .. } => tr(M::DivConclusionsShort).to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rule a cluster's final score came by, short.
fn rule_short(r: Option<crate::merge::Rule>) -> &'static str {
    use crate::merge::Rule;
    match r {
        Some(Rule::Mean) => tr(M::RuleMeanShort),
        Some(Rule::Median) => tr(M::RuleMedianShort),
        Some(Rule::Trimmed) => tr(M::RuleTrimmedShort),
        None => "",
    }
}

/// What the results view's keys do where they differ from the reviewer's.
fn action_name(a: Action) -> &'static str {
    match a {
        Action::NextSort | Action::Progress => tr(M::OnlyDivergent),
        Action::Open => tr(M::ActOpen),
        Action::Opinion => tr(M::ActPanelOpinion),
        Action::Export => tr(M::ActFinalize),
        a => a.describe(),
    }
}

impl Results {
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        self.draw_screen(frame);
        if self.look.ascii {
            crate::tui::views::ascii_only(frame);
        }
    }

    fn draw_screen(&mut self, frame: &mut Frame<'_>) {
        let theme = Theme { look: self.look };
        let area = frame.area();
        let [top, body, status, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.page = (body.height as usize).saturating_sub(3).max(1);
        let bar = format!(
            "pingshen · {} · {} {} · {}",
            tr(M::ResultsTitle),
            tr(M::LabelBundle),
            crate::text::short(&self.result.bundle.id),
            rule_short(Some(self.result.options.rule))
        );
        frame.render_widget(
            Paragraph::new(fit(&bar, top.width as usize)).style(theme.bar()),
            top,
        );
        match self.open {
            Some(i) => self.draw_cluster(frame, body, i, &theme),
            None => self.draw_list(frame, body, &theme),
        }
        if let Some((msg, good)) = &self.leader.status {
            crate::tui::views::draw_status(frame, status, msg, *good, &theme);
        }
        // Hints and help from the key map, as in the reviewer's UI.
        let mode = self.mode();
        let wanted = self.keymap.results_footer(mode);
        let hints = crate::tui::views::hints(&self.keymap, mode, wanted, &action_name);
        frame.render_widget(
            Paragraph::new(crate::tui::views::footer_of(
                hints,
                foot.width as usize,
                &theme,
            )),
            foot,
        );
        if self.help {
            crate::tui::views::help::draw_with(
                frame,
                body,
                &self.keymap,
                (
                    tr(M::ResultsHelp),
                    &[
                        Mode::Global,
                        Mode::List,
                        Mode::Detail,
                        Mode::Search,
                        Mode::Edit,
                    ],
                    &action_name,
                ),
                self.help_scroll,
                &theme,
            );
        }
        self.draw_leader(frame, body, &theme);
    }

    fn draw_list(&self, frame: &mut Frame<'_>, area: ratatui::layout::Rect, theme: &Theme) {
        let r = &self.result;
        let round = self
            .round
            .as_deref()
            .and_then(crate::model::Round::from_key)
            .map_or(tr(M::AllRounds), crate::lookup::round_name);
        let pref = self.prefecture.as_deref().unwrap_or(tr(M::AllPrefectures));
        let mut title = format!(
            " {} · {} · {}{} ",
            round,
            inert(pref),
            trf(M::Showing, &[&self.shown.len(), &r.clusters.len()]),
            if self.only_divergent {
                format!(" · {}", tr(M::OnlyDivergent))
            } else {
                String::new()
            }
        );
        if let Some(q) = &self.query {
            title.push_str(&format!("· {}{} ", tr(M::SearchPrompt), inert(q)));
        }
        let block = theme.block(&title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width as usize;
        // Measured columns; the name and the reason for a flag share what
        // is left, optional columns while the name keeps room.
        let shown: Vec<&crate::merge::ClusterResult> =
            self.shown.iter().map(|&i| &r.clusters[i]).collect();
        let round_of = |c: &crate::merge::ClusterResult| {
            crate::model::Round::from_key(&c.round).map_or(c.round.clone(), |x| {
                crate::lookup::round_name(x).to_string()
            })
        };
        let rank_of = |c: &crate::merge::ClusterResult| {
            // A tied rank is marked `=` (2=), as ranking tables mark it.
            c.rank.map_or("—".to_string(), |x| {
                if c.tied {
                    format!("{x}=")
                } else {
                    x.to_string()
                }
            })
        };
        let widest = |head: &str, f: &dyn Fn(&crate::merge::ClusterResult) -> String| {
            r.clusters
                .iter()
                .map(|c| width(&f(c)))
                .max()
                .unwrap_or(0)
                .max(width(head))
        };
        let rank_w = widest(tr(M::ColRank), &rank_of);
        let id_w = widest(tr(M::ColId), &|c| c.id.clone());
        let final_w = widest(tr(M::ColFinal), &|c| {
            c.score.map_or(String::new(), |p| p.to_string())
        });
        let why_w = widest(tr(M::ColDivergence), &|c| {
            let w = why_short(c);
            if w.is_empty() { w } else { format!("! {w}") }
        })
        .min(24);
        let round_w = widest(tr(M::ColRound), &round_of);
        let pref_w = widest(tr(M::ColPrefecture), &|c| c.prefecture.clone());
        let rule_w = widest(tr(M::ColRule), &|c| rule_short(c.rule_used).to_string());
        let n_w = widest(tr(M::ColCount), &|c| {
            c.total.as_ref().map_or(0, |t| t.n).to_string()
        });
        let base = 2 + rank_w + id_w + final_w + why_w + 4;
        let mut optional = Vec::new();
        let mut used = base;
        for (col, cw) in [
            ("rule", rule_w),
            ("pref", pref_w),
            ("n", n_w),
            ("round", round_w),
        ] {
            if w.saturating_sub(used + cw + 1) >= 18 {
                optional.push(col);
                used += cw + 1;
            }
        }
        let name_w = w.saturating_sub(used).clamp(8, 36);
        let has = |c: &str| optional.contains(&c);
        let mut head: Vec<(&str, usize)> = Vec::new();
        if has("round") {
            head.push((tr(M::ColRound), round_w));
        }
        head.extend([
            (tr(M::ColRank), rank_w),
            (tr(M::ColId), id_w),
            (tr(M::ColName), name_w),
        ]);
        if has("pref") {
            head.push((tr(M::ColPrefecture), pref_w));
        }
        head.push((tr(M::ColFinal), final_w));
        if has("rule") {
            head.push((tr(M::ColRule), rule_w));
        }
        if has("n") {
            head.push((tr(M::ColCount), n_w));
        }
        head.push((tr(M::ColDivergence), why_w));
        let mut lines: Vec<Line<'_>> = self.overall_line(w, theme).into_iter().collect();
        lines.push(Line::styled(format!("  {}", cells(&head)), theme.heading()));
        let height = (inner.height as usize).saturating_sub(lines.len());
        let first = scroll(self.selected, height, shown.len());
        for (k, c) in shown.iter().enumerate().skip(first).take(height) {
            let right =
                |t: String, n: usize| format!("{}{t}", " ".repeat(n.saturating_sub(width(&t))));
            let mut row: Vec<(String, usize)> = Vec::new();
            if has("round") {
                row.push((round_of(c), round_w));
            }
            row.extend([
                (right(rank_of(c), rank_w), rank_w),
                (c.id.clone(), id_w),
                (c.name.clone(), name_w),
            ]);
            if has("pref") {
                row.push((c.prefecture.clone(), pref_w));
            }
            row.push((
                right(c.score.map_or("—".to_string(), |p| p.to_string()), final_w),
                final_w,
            ));
            if has("rule") {
                row.push((rule_short(c.rule_used).to_string(), rule_w));
            }
            if has("n") {
                row.push((
                    right(c.total.as_ref().map_or(0, |t| t.n).to_string(), n_w),
                    n_w,
                ));
            }
            let why = why_short(c);
            let flag = if why.is_empty() {
                String::new()
            } else {
                format!("! {why}")
            };
            row.push((flag, why_w));
            let parts: Vec<(&str, usize)> = row.iter().map(|(t, n)| (t.as_str(), *n)).collect();
            let mut line = theme.row(k == self.selected, &cells(&parts));
            if k != self.selected && !c.divergence.is_empty() {
                line = line.style(theme.warn());
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_cluster(
        &self,
        frame: &mut Frame<'_>,
        area: ratatui::layout::Rect,
        i: usize,
        theme: &Theme,
    ) {
        let r = &self.result;
        let c = &r.clusters[i];
        let title = format!(" {} {} ", inert(&c.id), inert(&c.name));
        let block = theme.block(&title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width as usize;
        let items = r.items.get(&c.round).cloned().unwrap_or_default();
        let mut lines: Vec<Line<'_>> = Vec::new();
        let head = format!(
            "{}{}{}  {}{}{}",
            tr(M::ColRank),
            tr(M::Colon),
            c.rank.map_or("—".into(), |x| if c.tied {
                format!("{x}{}", trf(M::Paren, &[&tr(M::Tied)]))
            } else {
                x.to_string()
            }),
            tr(M::ColFinal),
            tr(M::Colon),
            c.score.map_or("—".into(), |p| format!(
                "{p}{}",
                trf(
                    M::Paren,
                    &[&c.rule_used
                        .map(|x| x.describe(r.options.trim_from))
                        .unwrap_or_default()]
                )
            ))
        );
        for l in crate::text::wrap_words(&head, w) {
            lines.push(Line::styled(l, theme.heading()));
        }
        for d in &c.divergence {
            lines.push(Line::styled(
                fit(&format!("! {}", inert(&d.text())), w),
                theme.warn(),
            ));
        }
        lines.extend(self.panel_lines(c, w, theme));
        // Scores side by side: a row per reviewer, a column per item, each
        // column as wide as its widest figure — never a figure wider than
        // its column, which would shift the rest under the wrong item. Items
        // that do not fit the width go on in a second block below.
        let name_w = r
            .reviewers
            .iter()
            .map(|x| width(&x.name))
            .max()
            .unwrap_or(6)
            .clamp(width(tr(M::LabelReviewer)).min(8), 12);
        let dash = "—".to_string();
        let mark_of = |k: usize| c.marks.get(&k).filter(|m| m.status != "recused");
        let score_of = |k: usize, j: usize| {
            mark_of(k)
                .and_then(|m| m.scores.get(j).copied().flatten())
                .map_or(dash.clone(), |p| p.to_string())
        };
        let figure_of = |j: usize, pick: usize| {
            c.items
                .get(j)
                .and_then(|s| s.as_ref())
                .map_or(dash.clone(), |s| {
                    [s.mean, s.median, s.final_score][pick].to_string()
                })
        };
        let mut col = 3;
        for (j, item) in items.iter().enumerate() {
            col = col.max(width(item).min(6));
            for k in 0..r.reviewers.len() {
                col = col.max(width(&score_of(k, j)));
            }
            for pick in 0..3 {
                col = col.max(width(&figure_of(j, pick)));
            }
        }
        let total = tr(M::ColTotal);
        // The total and the conclusion after the last block.
        let tail = 8 + width(tr(M::FieldConclusion)).max(8);
        let per = (w.saturating_sub(name_w + tail) / (col + 1)).max(1);
        let chunks: Vec<Vec<usize>> = (0..items.len())
            .collect::<Vec<_>>()
            .chunks(per)
            .map(<[usize]>::to_vec)
            .collect();
        for (b, chunk) in chunks.iter().enumerate() {
            let last = b + 1 == chunks.len();
            let mut header = fit(tr(M::LabelReviewer), name_w);
            for &j in chunk {
                header.push_str(&format!(
                    " {:>col$}",
                    fit(&inert(&items[j]), col).trim_end()
                ));
            }
            if last {
                header.push_str(&format!(
                    " {}{total} {}",
                    " ".repeat(6usize.saturating_sub(width(total))),
                    tr(M::FieldConclusion)
                ));
            }
            lines.push(Line::styled(fit(&header, w), theme.heading()));
            for (k, rv) in r.reviewers.iter().enumerate() {
                let mut row = fit(&inert(&rv.name), name_w);
                match c.marks.get(&k) {
                    Some(m) if m.status == "recused" => {
                        row.push_str(&format!(" {}", tr(M::ProgressRecused)));
                    }
                    Some(m) => {
                        for &j in chunk {
                            row.push_str(&format!(" {:>col$}", score_of(k, j)));
                        }
                        if last {
                            let t = m.total.map_or("—".to_string(), |p| p.to_string());
                            row.push_str(&format!(
                                " {t:>6} {}",
                                inert(m.conclusion.as_deref().unwrap_or("—"))
                            ));
                        }
                    }
                    None => row.push_str(&format!(" {}", tr(M::ProgressNotStarted))),
                }
                lines.push(Line::raw(fit(&row, w)));
            }
            // The figures per item.
            for (label, pick) in [(M::ColMean, 0usize), (M::ColMedian, 1), (M::ColFinal, 2)] {
                let mut row = fit(tr(label), name_w);
                for &j in chunk {
                    row.push_str(&format!(" {:>col$}", figure_of(j, pick)));
                }
                lines.push(Line::styled(fit(&row, w), theme.dim()));
            }
        }
        // Comments, conclusions and opinions, reviewer by reviewer.
        for (k, rv) in r.reviewers.iter().enumerate() {
            let Some(m) = c.marks.get(&k) else { continue };
            if let Some(why) = &m.conflict {
                lines.push(Line::raw(fit(
                    &format!(
                        "{}{}{} {}",
                        inert(&rv.name),
                        tr(M::Colon),
                        tr(M::ProgressRecused),
                        inert(why)
                    ),
                    w,
                )));
            }
            for (item, text) in &m.comments {
                lines.push(Line::raw(fit(
                    &format!(
                        "{} · {}{}{}",
                        inert(&rv.name),
                        inert(item),
                        tr(M::Colon),
                        inert(text)
                    ),
                    w,
                )));
            }
            if let Some(o) = &m.opinion {
                for (j, l) in o.lines().enumerate() {
                    let who = if j == 0 {
                        format!(
                            "{} · {}{}",
                            inert(&rv.name),
                            tr(M::FieldOpinion),
                            tr(M::Colon)
                        )
                    } else {
                        String::new()
                    };
                    lines.push(Line::raw(fit(&format!("{who}{}", inert(l)), w)));
                }
            }
        }
        let height = inner.height as usize;
        let first = self.scroll.min(lines.len().saturating_sub(height));
        let visible: Vec<Line<'_>> = lines.into_iter().skip(first).take(height).collect();
        frame.render_widget(Paragraph::new(visible), inner);
    }
}
