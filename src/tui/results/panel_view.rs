//! Drawing the panel leader's part of the results view: a cluster's
//! decision and the panel's opinion on it, the overall opinion over the
//! list, the field being typed and the final result's question.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr, trf};
use crate::merge::ClusterResult;
use crate::text::{fit, inert, wrap_words};
use crate::tui::action::Action;
use crate::tui::editor::Target;
use crate::tui::keymap::Mode;
use crate::tui::views::Theme;

use super::Results;

impl Results {
    /// The key that writes the panel's opinion, as the footer shows it.
    fn opinion_key(&self, mode: Mode) -> String {
        self.keymap
            .keys_for(mode, Action::Opinion)
            .first()
            .map_or(String::new(), ToString::to_string)
    }

    /// An opinion (or the hint to write it) after `label`, wrapped to `w`.
    fn opinion_lines(&self, label: &str, text: Option<&str>, mode: Mode, w: usize) -> Vec<String> {
        let text = match text {
            Some(t) => inert(t).into_owned(),
            None if self.leader.store.is_some() => {
                trf(M::PanelNotWritten, &[&self.opinion_key(mode)])
            }
            None => tr(M::NotWritten).to_string(),
        };
        wrap_words(&format!("{label}{}{text}", tr(M::Colon)), w)
    }

    /// A cluster's decision with its grounds, and the panel's opinion.
    pub(super) fn panel_lines(
        &self,
        c: &ClusterResult,
        w: usize,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(d) = &c.decision {
            let text = format!(
                "{}{}{}{}",
                tr(M::ColDecision),
                tr(M::Colon),
                inert(&d.outcome_text()),
                trf(M::Paren, &[&inert(&d.reasons_text())])
            );
            for l in wrap_words(&text, w) {
                lines.push(Line::styled(l, theme.heading()));
            }
        }
        let kept = self.leader.kept.clusters.get(&c.id).map(String::as_str);
        for l in self.opinion_lines(tr(M::ColPanelOpinion), kept, Mode::Detail, w) {
            lines.push(Line::raw(l));
        }
        lines
    }

    /// The overall opinion, on a line over the list (only where it can be
    /// written or was).
    pub(super) fn overall_line(&self, w: usize, theme: &Theme) -> Option<Line<'static>> {
        if self.leader.store.is_none() && self.result.panel.overall.is_none() {
            return None;
        }
        let kept = self
            .leader
            .kept
            .overall
            .as_deref()
            .or(self.result.panel.overall.as_deref());
        // One line: the first of the text, cut to the width.
        let first = kept.map(|t| t.lines().next().unwrap_or_default().to_string());
        let l = self.opinion_lines(
            tr(M::PanelOverallTitle),
            first.as_deref(),
            Mode::List,
            usize::MAX / 2,
        );
        Some(Line::styled(fit(&l.concat(), w), theme.dim()))
    }

    /// The field being typed and the final result's question, over `area`.
    pub(super) fn draw_leader(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        if let Some(e) = &self.leader.editor {
            let title = match &e.target {
                Target::Panel { cluster: Some(c) } => trf(M::PanelOpinionOn, &[&inert(c)]),
                Target::Panel { cluster: None } => tr(M::PanelOverallTitle).to_string(),
                _ => tr(M::LabelPassphrase).to_string(),
            };
            crate::tui::views::editor::draw_field(frame, area, e, &title, theme);
        }
        if let Some(question) = &self.leader.confirming {
            let choices = [tr(M::ExportCancel), tr(M::FinalizeGo)];
            let w = area.width.saturating_sub(4).clamp(20, 72);
            let (q, _) = crate::text::wrap(question, w.saturating_sub(2) as usize, 0);
            let h = (q.len() + choices.len() + 2) as u16;
            let r = crate::tui::views::overlay(frame, area, w, h);
            let title = format!(" {} ", tr(M::FinalizeTitle));
            let block = theme.block(&title);
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let iw = inner.width as usize;
            let mut lines: Vec<Line<'_>> = q.iter().map(|l| Line::raw(fit(l, iw))).collect();
            for (k, s) in choices.iter().enumerate() {
                lines.push(theme.row(
                    k == 1,
                    &fit(&format!("{} {s}", k + 1), iw.saturating_sub(2)),
                ));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
