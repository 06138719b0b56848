//! What Enter, Esc and a digit do in the field being typed or the choice
//! list open: each kind of field and choice goes to the part that owns it
//! (scoring, the session, the export, navigation).

use crate::i18n::{M, tr};
use crate::review::score::Field;
use crate::tui::app::{App, Purpose};
use crate::tui::editor::{Editor, Target};
use crate::tui::{export, score, session};

/// Confirms the text: committed, or refused with the reason (the text stays
/// open to correct).
pub(crate) fn confirm(app: &mut App) {
    let Some(e) = app.editor.clone() else { return };
    match e.target {
        Target::Reviewer => session::confirm_name(app, &e.text),
        Target::ExportPath { incomplete } => export::confirm_path(app, &e.text, incomplete),
        Target::Passphrase { out, incomplete } => {
            export::write_export(app, out, incomplete, Some(e.text.clone()));
        }
        Target::Mark { cluster, field } => score::confirm_mark(app, cluster, field, &e.text),
        // The results view's own fields never open here.
        Target::Panel { .. } | Target::ResultPassphrase => app.editor = None,
    }
}

/// Enter: a new line in the opinion; in a score, save it and go on to the
/// next item (a cluster scored with digits and Enter alone); else confirm.
pub(crate) fn newline(app: &mut App) {
    if app.editor.as_ref().is_some_and(Editor::multiline) {
        score::insert(app, "\n");
    } else if score::editing_score(app) {
        score::confirm_and_move(app, 1);
    } else {
        confirm(app);
    }
}

/// Esc: closes the field; typed text not confirmed is kept as a draft,
/// offered back when the field is opened again. Without a name there is
/// nothing to do but leave.
pub(crate) fn cancel_edit(app: &mut App) {
    let Some(e) = app.editor.take() else { return };
    match &e.target {
        Target::Reviewer => app.quit = true,
        Target::ExportPath { .. }
        | Target::Passphrase { .. }
        | Target::Panel { .. }
        | Target::ResultPassphrase => {}
        Target::Mark { cluster, field } => {
            if e.drafts() && session::keep_draft(app, cluster, field, &e.text) {
                app.done(tr(M::DraftKept).to_string());
            }
        }
    }
}

/// Moves the choice list's selection `by` rows, round the ends.
pub(crate) fn choose_step(app: &mut App, by: isize) {
    if let Some(c) = app.chooser.as_mut() {
        let n = c.choices.len().max(1) as isize;
        c.selected = (c.selected as isize + by).rem_euclid(n) as usize;
    }
}

/// Picks the `k`th choice (typed digit, from 1).
pub(crate) fn choose_nth(app: &mut App, k: usize) {
    if let Some(c) = app.chooser.as_mut()
        && k >= 1
        && k <= c.choices.len()
    {
        c.selected = k - 1;
        choose(app);
    }
}

/// Enter on a choice list: the choice made.
pub(crate) fn choose(app: &mut App) {
    let Some(c) = app.chooser.take() else { return };
    match c.purpose {
        Purpose::Conclusion => {
            let v = c.choices.get(c.selected).cloned();
            score::commit(app, &c.cluster, Field::Conclusion, v.as_deref());
        }
        Purpose::Withdraw => {
            if c.selected == 1 {
                score::commit(app, &c.cluster, Field::Conflict, None);
            }
        }
        Purpose::ExportIncomplete => {
            if c.selected == 1 {
                export::ask_export_path(app, true);
            }
        }
        Purpose::ExportDrafts => {
            if c.selected == 1 {
                export::export_checked(app);
            }
        }
        Purpose::Prefecture => {
            // The first choice is every prefecture.
            if let Some(p) = c.choices.get(c.selected) {
                app.prefecture = (p != tr(M::AllPrefectures)).then(|| p.clone());
                app.refilter();
            }
        }
    }
}
