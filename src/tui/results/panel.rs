//! The panel's own words on a merged result, written by its leader in the
//! results view: an opinion per cluster and an overall one, typed in the
//! experts' editor, kept as drafts while typed and in the store once
//! confirmed (under the result's identity); then the final result — the
//! result's files written again with those opinions and their manifest
//! signed with the leader's key (namespace `pingshen-result`).

use std::path::PathBuf;
use std::time::Instant;

use crate::i18n::{M, error_chain, tr, trf};
use crate::merge::PanelOpinions;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::editor::{CaretMove, Editor, Target};

use super::Results;

/// What the leader's session holds beyond the result: the store that
/// keeps the opinions, where the result's files are, the key that signs.
#[derive(Default)]
pub(crate) struct Leader {
    pub store: Option<Store>,
    /// The result's JSON; the workbook and the rest beside it.
    pub source: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub name: Option<String>,
    /// The result's identity, under which the store keeps the opinions.
    pub identity: String,
    pub kept: crate::store::PanelKept,
    /// The field being typed.
    pub editor: Option<Editor>,
    /// The final result's question, while it is open (made once, when
    /// asked: drawing it reads nothing).
    pub confirming: Option<String>,
    /// The last action's outcome: (message, good).
    pub status: Option<(String, bool)>,
    pub drafted: Option<Instant>,
}

impl Results {
    /// The store that keeps the panel's opinions. Opinions the result
    /// already carries (a final result opened on another machine) are kept
    /// there when it holds none for this result.
    pub fn set_store(&mut self, mut store: Store) {
        let id = self.result.identity();
        if let Ok(kept) = store.panel_opinions(&id)
            && kept == Default::default()
        {
            let p = &self.result.panel;
            if let Some(o) = &p.overall {
                let _ = store.set_panel_opinion(&id, None, o);
            }
            for (c, o) in &p.clusters {
                let _ = store.set_panel_opinion(&id, Some(c), o);
            }
        }
        self.leader.kept = store.panel_opinions(&id).unwrap_or_default();
        self.leader.identity = id;
        self.leader.store = Some(store);
    }

    /// The result's JSON, whose files the final result writes again.
    pub fn set_source(&mut self, path: PathBuf) {
        self.leader.source = Some(path);
    }

    /// The leader's signing key.
    pub fn set_key(&mut self, key: Option<PathBuf>) {
        self.leader.key = key;
    }

    /// The leader's name, as the final result names them.
    pub fn set_leader(&mut self, name: Option<String>) {
        self.leader.name = name;
    }

    fn refuse(&mut self, msg: String) {
        self.leader.status = Some((msg, false));
    }

    /// Opens the panel's opinion on `cluster` (`None`: the overall one): a
    /// draft left unconfirmed comes back, else the text kept.
    pub(super) fn open_opinion(&mut self, cluster: Option<String>) {
        let Some(store) = &self.leader.store else {
            return self.refuse(tr(M::PanelNoStore).to_string());
        };
        let id = &self.leader.identity;
        let kept = match &cluster {
            Some(c) => self.leader.kept.clusters.get(c).cloned(),
            None => self.leader.kept.overall.clone(),
        };
        let draft = store.panel_draft(id, cluster.as_deref()).ok().flatten();
        let target = Target::Panel { cluster };
        let e = match draft {
            Some((text, at)) => {
                let mut e = Editor::new(target, text);
                e.note = Some(trf(M::PanelDraftRestored, &[&at]));
                e
            }
            None => Editor::new(target, kept.unwrap_or_default()),
        };
        self.leader.editor = Some(e);
    }

    /// A key while a field is typed.
    pub(super) fn edit_key(&mut self, action: Option<Action>, typed: Option<char>) {
        let Some(e) = self.leader.editor.as_mut() else {
            return;
        };
        match action {
            Some(Action::Cancel) => self.cancel_edit(),
            Some(Action::Confirm) => self.confirm_edit(),
            Some(Action::Newline) if e.multiline() => e.insert("\n"),
            Some(Action::Newline) => self.confirm_edit(),
            Some(Action::DeleteBack) => e.delete(true),
            Some(Action::DeleteForward) => e.delete(false),
            Some(Action::CaretLeft) => e.move_caret(CaretMove::Left),
            Some(Action::CaretRight) => e.move_caret(CaretMove::Right),
            Some(Action::CaretUp) => e.move_caret(CaretMove::Up),
            Some(Action::CaretDown) => e.move_caret(CaretMove::Down),
            Some(Action::CaretHome) => e.move_caret(CaretMove::Home),
            Some(Action::CaretEnd) => e.move_caret(CaretMove::End),
            Some(_) => {}
            None => {
                if let Some(c) = typed {
                    e.insert(c.encode_utf8(&mut [0; 4]));
                }
            }
        }
    }

    /// Pasted text, into the field being typed.
    pub(super) fn paste_text(&mut self, text: &str) {
        if let Some(e) = self.leader.editor.as_mut() {
            e.insert(text);
        }
    }

    /// Keeps what is typed as a draft, if it changed since last kept.
    pub(super) fn save_draft(&mut self) {
        let (Some(e), Some(store)) = (self.leader.editor.as_mut(), &self.leader.store) else {
            return;
        };
        if !e.dirty || !e.drafts() {
            return;
        }
        if let Target::Panel { cluster } = &e.target
            && store
                .save_panel_draft(&self.leader.identity, cluster.as_deref(), &e.text)
                .is_ok()
        {
            e.dirty = false;
        }
        self.leader.drafted = Some(Instant::now());
    }

    /// Esc: the field closes; typed text not confirmed stays a draft.
    fn cancel_edit(&mut self) {
        if self
            .leader
            .editor
            .as_ref()
            .is_some_and(|e| e.dirty && e.drafts())
        {
            self.save_draft();
            self.leader.status = Some((tr(M::DraftKept).to_string(), true));
        }
        self.leader.editor = None;
    }

    /// Confirms the field: the opinion kept, or the passphrase used.
    fn confirm_edit(&mut self) {
        let Some(e) = self.leader.editor.clone() else {
            return;
        };
        match e.target {
            Target::Panel { cluster } => {
                let Some(store) = self.leader.store.as_mut() else {
                    return self.refuse(tr(M::PanelNoStore).to_string());
                };
                let text = e.text.trim_end().to_string();
                let id = &self.leader.identity;
                match store.set_panel_opinion(id, cluster.as_deref(), &text) {
                    Ok(()) => {
                        self.leader.kept = store.panel_opinions(id).unwrap_or_default();
                        self.leader.editor = None;
                        self.leader.status = Some((tr(M::PanelKept).to_string(), true));
                    }
                    Err(err) => self.refuse(error_chain(&err)),
                }
            }
            Target::ResultPassphrase => {
                self.leader.editor = None;
                self.finalize(Some(e.text));
            }
            _ => self.leader.editor = None,
        }
    }

    /// The final result's question: what will be written and signed.
    pub(super) fn ask_finalize(&mut self) {
        if self.leader.source.is_none() {
            return self.refuse(tr(M::FinalizeNoSource).to_string());
        }
        if self.leader.key.as_ref().is_none_or(|k| !k.exists()) {
            return self.refuse(tr(M::NoKey).to_string());
        }
        if self.leader.name.is_none() {
            return self.refuse(tr(M::FinalizeNoLeader).to_string());
        }
        self.leader.confirming = Some(self.finalize_question());
    }

    /// The question's text.
    fn finalize_question(&self) -> String {
        let l = &self.leader;
        let drafts = l
            .store
            .as_ref()
            .and_then(|s| s.panel_drafts(&l.identity).ok())
            .map_or(0, |d| d.len());
        let overall = if l.kept.overall.is_some() {
            tr(M::OverallWritten)
        } else {
            tr(M::OverallMissing)
        };
        trf(
            M::FinalizeQuestion,
            &[
                &crate::text::inert(l.name.as_deref().unwrap_or_default()),
                &overall,
                &l.kept.clusters.len(),
                &drafts,
            ],
        )
    }

    /// A key while the question is open: Enter (or 2) writes and signs,
    /// Esc (or 1) does not.
    pub(super) fn answer(&mut self, action: Option<Action>, typed: Option<char>) {
        let go = match (action, typed) {
            (Some(Action::Open | Action::Confirm), _) | (_, Some('2')) => true,
            (Some(Action::Cancel | Action::Quit), _) | (_, Some('1')) => false,
            _ => return,
        };
        self.leader.confirming = None;
        if go {
            let protected = self
                .leader
                .key
                .as_deref()
                .is_some_and(crate::tui::export::key_is_protected);
            if protected {
                self.leader.editor = Some(Editor::new(Target::ResultPassphrase, String::new()));
            } else {
                self.finalize(None);
            }
        }
    }

    /// Writes the final result: the outputs again with the panel's
    /// opinions, their manifest signed.
    fn finalize(&mut self, passphrase: Option<String>) {
        let (Some(source), Some(key)) = (self.leader.source.clone(), self.leader.key.clone())
        else {
            return;
        };
        let mut pass = passphrase;
        let key = match crate::sign::keys::load(&key, &mut || pass.take()) {
            Ok(k) => k,
            Err(e) => return self.refuse(error_chain(&e)),
        };
        let panel = PanelOpinions {
            leader: self.leader.name.clone(),
            overall: self.leader.kept.overall.clone(),
            clusters: self.leader.kept.clusters.clone(),
        };
        let out = source.with_extension("xlsx");
        match crate::merge::output::finalize(&mut self.result, panel, &out, &key) {
            Ok(written) => {
                let sig = written.last().cloned().unwrap_or_default();
                self.leader.status =
                    Some((trf(M::Finalized, &[&written.len(), &sig.display()]), true));
            }
            Err(e) => self.refuse(error_chain(&e)),
        }
    }
}
