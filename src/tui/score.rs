//! Scoring: opening a mark's field, committing what is typed or chosen
//! (scores, comments, the conclusion, the opinion, a conflict of
//! interest), undo and redo, and the next cluster left to do. Every
//! confirmed value is committed by the session before the screen says so.

use crate::i18n::{M, error_chain, tr, trf};
use crate::model::ClusterId;
use crate::review::score::{self, Field, Progress};
use crate::session::Change;
use crate::tui::app::{App, Chooser, Purpose, Row, Screen};
use crate::tui::editor::{CaretMove, Editor, Target};
use crate::tui::nav::go;

/// Puts the detail selection on the row of a field.
pub(crate) fn select_field(app: &mut App, field: &Field) {
    let Some(r) = app.detail.as_ref().and_then(|d| d.rubric.as_ref()) else {
        return;
    };
    let n = r.items.len();
    app.selected = match field {
        Field::Score(i) | Field::Comment(i) => r.items.iter().position(|x| &x.id == i).unwrap_or(0),
        Field::Conclusion => n,
        Field::Opinion => n + 1,
        Field::Conflict => app.selected,
    };
}

/// The value now, or the draft left of it, in an editor.
pub(crate) fn open_editor(app: &mut App, cluster: &str, field: Field) {
    let Some(r) = &app.review else { return };
    let current = r.value(cluster, &field).to_string();
    let draft = r
        .cluster_no(cluster)
        .and_then(|no| app.store.draft(r.reviewer.no, no, &field).ok().flatten());
    let mut e = Editor::new(
        Target::Mark {
            cluster: cluster.to_string(),
            field,
        },
        String::new(),
    );
    match draft {
        Some((text, at)) if text != current => {
            e.note = Some(trf(M::DraftRestored, &[&at]));
            e.text = text;
        }
        _ => e.text = current,
    }
    e.caret = e.text.len();
    app.editor = Some(e);
}

/// The cluster scored here, refused with a message where there is none
/// or the reviewer declared a conflict (for anything but the conflict).
fn scorable(app: &mut App, field: &Field) -> Option<String> {
    let id = app.cluster()?.to_string();
    if app.screen != Screen::Detail(ClusterId(id.clone())) && *field != Field::Conflict {
        return None;
    }
    if *field != Field::Conflict && app.progress_of(&id) == Progress::Recused {
        app.status = Some(tr(M::Recused).to_string());
        return None;
    }
    Some(id)
}

fn selected_item(app: &App) -> Option<String> {
    match app.detail_row()? {
        Row::Item(i) => Some(i),
        _ => None,
    }
}

/// Enter on a detail row: score the item, choose the conclusion, or write
/// the opinion.
pub(crate) fn edit(app: &mut App) {
    match app.detail_row() {
        Some(Row::Item(i)) => edit_field(app, Field::Score(i)),
        Some(Row::Conclusion) => conclude(app),
        Some(Row::Opinion) => edit_field(app, Field::Opinion),
        None => {}
    }
}

pub(crate) fn edit_field(app: &mut App, field: Field) {
    if let Some(id) = scorable(app, &field) {
        select_field(app, &field);
        open_editor(app, &id, field);
        revalidate(app);
    }
}

pub(crate) fn comment(app: &mut App) {
    if let Some(i) = selected_item(app) {
        edit_field(app, Field::Comment(i));
    }
}

/// A digit typed on an item row starts its score with that digit.
pub(crate) fn start_score(app: &mut App, c: char) {
    let Some(item) = selected_item(app) else {
        return;
    };
    let field = Field::Score(item);
    if let Some(id) = scorable(app, &field) {
        let mut e = Editor::new(Target::Mark { cluster: id, field }, c.to_string());
        e.caret = e.text.len();
        app.editor = Some(e);
        revalidate(app);
    }
}

pub(crate) fn conclude(app: &mut App) {
    let Some(id) = scorable(app, &Field::Conclusion) else {
        return;
    };
    let Some(r) = &app.review else { return };
    let Some(rubric) = r.rubric(&id) else { return };
    let choices = rubric.opinions.clone();
    let now = r.marks_of(&id).and_then(|m| m.get(&Field::Conclusion));
    let selected = now
        .and_then(|n| choices.iter().position(|c| c == n))
        .unwrap_or(0);
    let n = app.detail_rows();
    app.selected = n.saturating_sub(2);
    app.chooser = Some(Chooser {
        cluster: id,
        purpose: Purpose::Conclusion,
        choices,
        selected,
        query: String::new(),
    });
}

/// Declares a conflict (asking the reason), or offers to withdraw one.
pub(crate) fn conflict(app: &mut App) {
    let Some(id) = scorable(app, &Field::Conflict) else {
        return;
    };
    if app.progress_of(&id) == Progress::Recused {
        app.chooser = Some(Chooser {
            cluster: id,
            purpose: Purpose::Withdraw,
            choices: vec![
                tr(M::KeepConflict).to_string(),
                tr(M::WithdrawConflict).to_string(),
            ],
            selected: 0,
            query: String::new(),
        });
    } else {
        open_editor(app, &id, Field::Conflict);
        if let Some(e) = app.editor.as_mut()
            && e.note.is_none()
        {
            e.note = Some(tr(M::ConflictNote).to_string());
        }
    }
}

/// Raises or lowers the selected item's score by its step, committed.
pub(crate) fn step_score(app: &mut App, up: bool) {
    let Some(item) = selected_item(app) else {
        return;
    };
    let field = Field::Score(item.clone());
    let Some(id) = scorable(app, &field) else {
        return;
    };
    let Some(r) = &app.review else { return };
    let Some(it) = r
        .rubric(&id)
        .and_then(|r| r.items.iter().find(|i| i.id == item))
    else {
        return;
    };
    let now = r.marks_of(&id).and_then(|m| m.score(&item));
    let next = score::stepped(it, now, up);
    if now == Some(next) {
        app.status = Some(trf(
            if up { M::AtMaximum } else { M::AtMinimum },
            &[&item, &next],
        ));
        return;
    }
    commit(app, &id, field, Some(&next.to_string()));
}

pub(crate) fn clear(app: &mut App) {
    if let Some(item) = selected_item(app) {
        let field = Field::Score(item);
        if let Some(id) = scorable(app, &field) {
            commit(app, &id, field, None);
        }
    }
}

/// Records a value through the session; the status line acknowledges it
/// only once it is committed.
pub(crate) fn commit(app: &mut App, cluster: &str, field: Field, typed: Option<&str>) -> bool {
    let Some(r) = app.review.as_mut() else {
        return false;
    };
    let label = field.label();
    let key = (cluster.to_string(), field.clone());
    match r.set(&mut app.store, cluster, field, typed) {
        Ok(Some(c)) => {
            app.commits += 1;
            app.drafts.remove(&key);
            app.done(trf(M::Saved, &[&cluster, &label, &shown(&c.new)]));
            true
        }
        Ok(None) => {
            app.drafts.remove(&key);
            true
        }
        Err(e) => {
            app.status = Some(error_chain(&e));
            false
        }
    }
}

fn shown(v: &Option<String>) -> String {
    match v {
        Some(v) => {
            let first = v.lines().next().unwrap_or_default();
            let more = if v.contains('\n') { "…" } else { "" };
            format!("{first}{more}")
        }
        None => tr(M::Empty).to_string(),
    }
}

pub(crate) fn undo(app: &mut App, redo: bool) {
    let Some(r) = app.review.as_mut() else { return };
    let result = if redo {
        r.redo(&mut app.store)
    } else {
        r.undo(&mut app.store)
    };
    match result {
        Ok(Some(Change {
            cluster,
            field,
            old,
            new,
        })) => {
            app.commits += 1;
            let (from, to) = if redo { (old, new) } else { (new, old) };
            app.done(trf(
                if redo { M::Redone } else { M::Undone },
                &[&cluster, &field.label(), &shown(&from), &shown(&to)],
            ));
        }
        Ok(None) => {
            app.status = Some(
                tr(if redo {
                    M::NothingToRedo
                } else {
                    M::NothingToUndo
                })
                .into(),
            )
        }
        Err(e) => app.status = Some(error_chain(&e)),
    }
}

/// Opens the next cluster (in list order, after the current one) that is
/// neither complete nor recused, on its first missing row.
pub(crate) fn next_incomplete(app: &mut App) {
    let Some(r) = &app.review else { return };
    let n = app.shown.len();
    if n == 0 {
        return;
    }
    let start = match app.cluster() {
        Some(id) => app
            .shown
            .iter()
            .position(|&i| app.rows[i].id == id)
            .map_or(0, |p| p + 1),
        None => app.selected,
    };
    let found = (0..n)
        .map(|k| app.shown[(start + k) % n])
        .find(|&i| !r.progress(&app.rows[i].id).settled());
    let Some(i) = found else {
        app.done(tr(M::AllSettled).to_string());
        return;
    };
    let id = app.rows[i].id.clone();
    let row = match (r.rubric(&id), r.marks_of(&id)) {
        (Some(rb), Some(m)) => match m.missing(rb).first() {
            Some(item) => rb.items.iter().position(|x| x.id == item.id).unwrap_or(0),
            None => rb.items.len(),
        },
        _ => 0,
    };
    if let Some(p) = app.shown.iter().position(|&k| k == i)
        && app.screen == Screen::List
    {
        app.selected = p;
    }
    go(app, Screen::Detail(ClusterId(id)), row);
}

fn revalidate(app: &mut App) {
    let Some(e) = app.editor.as_mut() else { return };
    let Target::Mark {
        cluster,
        field: Field::Score(item),
    } = &e.target
    else {
        e.error = None;
        return;
    };
    let item = app
        .review
        .as_ref()
        .and_then(|r| r.rubric(cluster))
        .and_then(|r| r.items.iter().find(|i| &i.id == item));
    e.error = match item {
        Some(it) if !e.text.trim().is_empty() => {
            score::check_score(it, &e.text).err().map(|x| x.to_string())
        }
        _ => None,
    };
}

/// Typed or pasted text, at the caret; checked as it is typed.
pub(crate) fn insert(app: &mut App, text: &str) {
    let Some(e) = app.editor.as_mut() else { return };
    e.insert(text);
    revalidate(app);
}

/// Deletes the character before (`back`) or after the caret.
pub(crate) fn delete(app: &mut App, back: bool) {
    let Some(e) = app.editor.as_mut() else { return };
    e.delete(back);
    revalidate(app);
}

/// Moves the caret in the field being typed.
pub(crate) fn caret(app: &mut App, how: CaretMove) {
    if let Some(e) = app.editor.as_mut() {
        e.move_caret(how);
    }
}

/// Enter on a mark: committed, or refused with the reason (the text stays
/// open to correct).
pub(crate) fn confirm_mark(app: &mut App, cluster: String, field: Field, text: &str) {
    let typed = (!text.trim().is_empty()).then_some(text);
    if field == Field::Conflict && typed.is_none() {
        set_error(app, tr(M::ReasonNeeded).to_string());
        return;
    }
    if commit(app, &cluster, field, typed) {
        app.editor = None;
    } else if let Some(msg) = app.status.clone() {
        set_error(app, msg);
    }
}

/// Whether the field being typed is a score.
pub(crate) fn editing_score(app: &App) -> bool {
    matches!(
        &app.editor,
        Some(Editor {
            target: Target::Mark {
                field: Field::Score(_),
                ..
            },
            ..
        })
    )
}

/// Saves the score being typed and moves `by` rows (the next item, or the
/// one before); a score refused stays open with its reason. An empty
/// score moves on without a change.
pub(crate) fn confirm_and_move(app: &mut App, by: isize) {
    if !editing_score(app) {
        return;
    }
    let blank = app
        .editor
        .as_ref()
        .is_some_and(|e| e.text.trim().is_empty());
    if blank {
        app.editor = None;
    } else {
        if let Some(Editor {
            target: Target::Mark { cluster, field },
            text,
            ..
        }) = app.editor.clone()
        {
            confirm_mark(app, cluster, field, &text);
        }
        if app.editor.is_some() {
            return;
        }
    }
    let n = app.detail_rows();
    if n > 0 {
        app.selected = (app.selected as isize + by).clamp(0, n as isize - 1) as usize;
        app.detail_offset = 0;
    }
}

pub(crate) fn set_error(app: &mut App, msg: String) {
    if let Some(e) = app.editor.as_mut() {
        e.error = Some(msg.clone());
    }
    app.status = Some(msg);
}
