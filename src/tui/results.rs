//! The results view of a merge (`pingshen results RESULT.json`): the
//! ranking by round, filtered by round and prefecture, divergent clusters
//! highlighted (or alone); a cluster's scores side by side per reviewer with
//! their comments, conclusions and opinions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::merge::MergeResult;
use crate::text::{fit, inert, width};
use crate::tui::action::Action;
use crate::tui::app::Look;
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::views::{Theme, cells, scroll};

pub struct Results {
    pub result: MergeResult,
    pub keymap: Keymap,
    pub look: Look,
    pub round: Option<String>,
    pub prefecture: Option<String>,
    pub only_divergent: bool,
    /// Indices into `result.clusters` shown, in rank order.
    pub shown: Vec<usize>,
    pub selected: usize,
    /// The cluster open, if any.
    pub open: Option<usize>,
    pub scroll: usize,
    pub help: bool,
    pub quit: bool,
    pub page: usize,
}

impl Results {
    pub fn new(result: MergeResult, keymap: Keymap, look: Look) -> Results {
        let mut r = Results {
            result,
            keymap,
            look,
            round: None,
            prefecture: None,
            only_divergent: false,
            shown: Vec::new(),
            selected: 0,
            open: None,
            scroll: 0,
            help: false,
            quit: false,
            page: 10,
        };
        r.refilter();
        r
    }

    fn refilter(&mut self) {
        let r = &self.result;
        self.shown = (0..r.clusters.len())
            .filter(|&i| {
                let c = &r.clusters[i];
                self.round.as_ref().is_none_or(|x| &c.round == x)
                    && self.prefecture.as_ref().is_none_or(|p| &c.prefecture == p)
                    && (!self.only_divergent || !c.divergence.is_empty())
            })
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    fn rounds(&self) -> Vec<String> {
        let mut v: Vec<String> = self.result.items.keys().cloned().collect();
        v.sort();
        v
    }

    fn prefectures(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for c in &self.result.clusters {
            if !c.prefecture.is_empty() && !v.contains(&c.prefecture) {
                v.push(c.prefecture.clone());
            }
        }
        v.sort();
        v
    }

    fn mode(&self) -> Mode {
        if self.help {
            Mode::Help
        } else if self.open.is_some() {
            Mode::Detail
        } else {
            Mode::List
        }
    }

    /// Applies a key through the key map.
    pub fn on_key(&mut self, key: Key) {
        let Some(action) = self.keymap.action(self.mode(), &key) else {
            return;
        };
        let next = |all: Vec<String>, now: &Option<String>| match now {
            None => all.first().cloned(),
            Some(x) => all
                .iter()
                .position(|a| a == x)
                .and_then(|i| all.get(i + 1).cloned()),
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Cancel if self.help => self.help = false,
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-(self.page as isize)),
            Action::PageDown => self.step(self.page as isize),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Open | Action::Edit if self.open.is_none() => {
                self.open = self.shown.get(self.selected).copied();
                self.scroll = 0;
            }
            Action::Back | Action::Cancel => {
                self.open = None;
            }
            Action::NextRound => {
                self.round = next(self.rounds(), &self.round);
                self.selected = 0;
                self.refilter();
            }
            Action::NextPrefecture => {
                self.prefecture = next(self.prefectures(), &self.prefecture);
                self.selected = 0;
                self.refilter();
            }
            Action::NextSort | Action::Progress => {
                self.only_divergent = !self.only_divergent;
                self.selected = 0;
                self.refilter();
            }
            _ => {}
        }
    }

    fn step(&mut self, by: isize) {
        if self.open.is_some() {
            self.scroll = (self.scroll as isize).saturating_add(by).clamp(0, 10_000) as usize;
            return;
        }
        let n = self.shown.len();
        self.selected = if n == 0 {
            0
        } else {
            (self.selected as isize)
                .saturating_add(by)
                .clamp(0, n as isize - 1) as usize
        };
    }

    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        self.draw_screen(frame);
        if self.look.ascii {
            crate::tui::views::ascii_only(frame);
        }
    }

    fn draw_screen(&mut self, frame: &mut Frame<'_>) {
        let theme = Theme { look: self.look };
        let area = frame.area();
        let [top, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.page = (body.height as usize).saturating_sub(3).max(1);
        let bar = format!(
            "pingshen · {} · {} {} · {}",
            tr(M::ResultsTitle),
            tr(M::LabelBundle),
            crate::text::short(&self.result.bundle.id),
            self.result.rule_text()
        );
        frame.render_widget(
            Paragraph::new(fit(&bar, top.width as usize)).style(theme.bar()),
            top,
        );
        match self.open {
            Some(i) => self.draw_cluster(frame, body, i, &theme),
            None => self.draw_list(frame, body, &theme),
        }
        let hint = tr(if self.open.is_some() {
            M::ResultsHintDetail
        } else {
            M::ResultsHintList
        });
        frame.render_widget(
            Paragraph::new(Line::from(Span::raw(fit(hint, foot.width as usize)))),
            foot,
        );
        if self.help {
            let lines: Vec<Line<'_>> = tr(M::ResultsHelp).lines().map(Line::raw).collect();
            let r =
                crate::tui::views::overlay(frame, body, body.width.saturating_sub(4), body.height);
            let block = theme.block(tr(M::ScreenHelp));
            let inner = block.inner(r);
            frame.render_widget(block, r);
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }

    fn draw_list(&self, frame: &mut Frame<'_>, area: ratatui::layout::Rect, theme: &Theme) {
        let r = &self.result;
        let round = self
            .round
            .as_deref()
            .and_then(crate::model::Round::from_key)
            .map_or(tr(M::AllRounds), crate::lookup::round_name);
        let pref = self.prefecture.as_deref().unwrap_or(tr(M::AllPrefectures));
        let title = format!(
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
        let block = theme.block(&title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width as usize;
        let fixed = 4 + 4 + 12 + 10 + 8 + 4 + 8 + 6 + 9;
        let name_w = w.saturating_sub(fixed).max(8);
        let head = cells(&[
            (tr(M::ColRound), 4),
            (tr(M::ColRank), 4),
            (tr(M::ColId), 12),
            (tr(M::ColName), name_w),
            (tr(M::ColPrefecture), 10),
            (tr(M::ColFinal), 8),
            (tr(M::ColCount), 4),
            (tr(M::ColSpread), 8),
            (tr(M::ColDivergence), 6),
        ]);
        let mut lines = vec![Line::styled(format!("  {head}"), theme.heading())];
        let height = (inner.height as usize).saturating_sub(1);
        let first = scroll(self.selected, height, self.shown.len());
        for (k, &i) in self.shown.iter().enumerate().skip(first).take(height) {
            let c = &r.clusters[i];
            // A tied rank is marked `=` (2=), as ranking tables mark it.
            let rank = c.rank.map_or("—".to_string(), |x| {
                if c.tied {
                    format!("{x}=")
                } else {
                    x.to_string()
                }
            });
            let score = c
                .score
                .map_or("—".to_string(), |p| format!("{:>8}", p.to_string()));
            let n = c.total.as_ref().map_or(0, |t| t.n).to_string();
            let spread = c
                .total
                .as_ref()
                .map_or(String::new(), |t| format!("{:>8}", t.spread.to_string()));
            let round: String = crate::model::Round::from_key(&c.round)
                .map_or(c.round.clone(), |x| {
                    crate::lookup::round_name(x).to_string()
                });
            let flag = if c.divergence.is_empty() { "" } else { "!" };
            let text = cells(&[
                (&round, 4),
                (&rank, 4),
                (&c.id, 12),
                (&c.name, name_w),
                (&c.prefecture, 10),
                (&score, 8),
                (&n, 4),
                (&spread, 8),
                (flag, 6),
            ]);
            let mut line = theme.row(k == self.selected, &text);
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
                format!("{x}（{}）", tr(M::Tied))
            } else {
                x.to_string()
            }),
            tr(M::ColFinal),
            tr(M::Colon),
            c.score.map_or("—".into(), |p| p.to_string())
        );
        lines.push(Line::styled(fit(&head, w), theme.heading()));
        for d in &c.divergence {
            lines.push(Line::styled(
                fit(&format!("! {}", inert(&d.text())), w),
                theme.warn(),
            ));
        }
        // Scores side by side: a row per reviewer, a column per item.
        let name_w = r
            .reviewers
            .iter()
            .map(|x| width(&x.name))
            .max()
            .unwrap_or(6)
            .clamp(width(tr(M::LabelReviewer)).min(8), 12);
        // Item columns as wide as the terminal allows (a score is at most
        // five characters, "12.25"), leaving room for the total and the
        // conclusion.
        let col = (w.saturating_sub(name_w + 7 + 6) / items.len().max(1))
            .saturating_sub(1)
            .clamp(3, 5);
        let mut header = fit(tr(M::LabelReviewer), name_w);
        for it in &items {
            header.push_str(&format!(" {:>col$}", fit(&inert(it), col).trim_end()));
        }
        let total = tr(M::ColTotal);
        header.push_str(&format!(
            " {}{total} {}",
            " ".repeat(6usize.saturating_sub(width(total))),
            tr(M::FieldConclusion)
        ));
        lines.push(Line::styled(fit(&header, w), theme.heading()));
        for (k, rv) in r.reviewers.iter().enumerate() {
            let mut row = fit(&inert(&rv.name), name_w);
            match c.marks.get(&k) {
                Some(m) if m.status == "recused" => {
                    row.push_str(&format!(" {}", tr(M::ProgressRecused)));
                }
                Some(m) => {
                    for s in m
                        .scores
                        .iter()
                        .chain(std::iter::repeat(&None))
                        .take(items.len())
                    {
                        let v = s.map_or("—".to_string(), |p| p.to_string());
                        row.push_str(&format!(" {v:>col$}"));
                    }
                    let t = m.total.map_or("—".to_string(), |p| p.to_string());
                    row.push_str(&format!(
                        " {t:>6} {}",
                        inert(m.conclusion.as_deref().unwrap_or("—"))
                    ));
                }
                None => row.push_str(&format!(" {}", tr(M::ProgressNotStarted))),
            }
            lines.push(Line::raw(fit(&row, w)));
        }
        // The figures per item.
        for (label, pick) in [(M::ColMean, 0usize), (M::ColMedian, 1), (M::ColFinal, 2)] {
            let mut row = fit(tr(label), name_w);
            for s in &c.items {
                let v = s.as_ref().map_or("—".to_string(), |s| {
                    [s.mean, s.median, s.final_score][pick].to_string()
                });
                row.push_str(&format!(" {v:>col$}"));
            }
            lines.push(Line::styled(fit(&row, w), theme.dim()));
        }
        // Comments, conclusions and opinions, reviewer by reviewer.
        for (k, rv) in r.reviewers.iter().enumerate() {
            let Some(m) = c.marks.get(&k) else { continue };
            if let Some(why) = &m.conflict {
                lines.push(Line::raw(fit(
                    &format!(
                        "{}：{} {}",
                        inert(&rv.name),
                        tr(M::ProgressRecused),
                        inert(why)
                    ),
                    w,
                )));
            }
            for (item, text) in &m.comments {
                lines.push(Line::raw(fit(
                    &format!("{} · {}：{}", inert(&rv.name), inert(item), inert(text)),
                    w,
                )));
            }
            if let Some(o) = &m.opinion {
                for (j, l) in o.lines().enumerate() {
                    let who = if j == 0 {
                        format!("{} · {}：", inert(&rv.name), tr(M::FieldOpinion))
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

impl crate::tui::Screen for Results {
    fn draw(&mut self, frame: &mut Frame<'_>) {
        Results::draw(self, frame);
    }
    fn key(&mut self, key: Key) {
        self.on_key(key);
    }
    fn quit(&self) -> bool {
        self.quit
    }
}

/// Runs the results view until the user quits.
pub fn run(app: &mut Results) -> std::io::Result<()> {
    crate::tui::run_screen(app)
}
