//! The scoring half of `update`: the reviewer's session, text fields,
//! choices, undo and redo, drafts and the remembered spot. Every confirmed
//! value is committed by the session before the screen says so.

use std::path::PathBuf;

use crate::i18n::{M, tr, trf};
use crate::model::{ClusterId, Round};
use crate::review::score::{self, Field, Progress};
use crate::session::{Change, Session};
use crate::tui::app::{App, Chooser, Editor, Purpose, Row, Screen, Sort, Spot, Target};
use crate::tui::nav::{go, show};

/// Longest reviewer name, in characters.
const MAX_NAME: usize = 40;

/// Starts the review as `name`: loads the reviewer's marks, returns to
/// where they left off, and offers back a draft left by a crash.
pub fn begin(app: &mut App, name: &str) -> Result<(), String> {
    let session = Session::begin(&app.store, &app.bundle, name).map_err(|e| e.to_string())?;
    let spot = app
        .store
        .place(session.reviewer.no, app.bundle.no)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<Spot>(&t).ok());
    app.review = Some(session);
    if let Some(spot) = spot {
        restore(app, &spot);
        app.saved_spot = Some(spot);
    }
    offer_draft(app);
    Ok(())
}

/// Asks for the reviewer's name (first start).
pub fn ask_name(app: &mut App) {
    let mut e = Editor::new(Target::Reviewer, String::new());
    e.note = Some(tr(M::AskName).to_string());
    app.editor = Some(e);
}

fn restore(app: &mut App, spot: &Spot) {
    app.round = spot.round.as_deref().and_then(Round::from_key);
    app.prefecture = spot
        .prefecture
        .clone()
        .filter(|p| app.rows.iter().any(|r| &r.prefecture == p));
    app.sort = Sort::from_key(&spot.sort).unwrap_or(Sort::Id);
    app.refilter();
    let cluster = spot
        .cluster
        .clone()
        .filter(|c| app.rows.iter().any(|r| &r.id == c));
    match (spot.screen.as_str(), cluster) {
        ("detail", Some(c)) => show(app, Screen::Detail(ClusterId(c)), spot.selected),
        ("evidence", Some(c)) => show(app, Screen::Evidence(ClusterId(c)), spot.selected),
        _ => {
            app.selected = spot.selected.min(app.shown.len().saturating_sub(1));
        }
    }
}

/// Drops the drafts that say nothing new (the text kept, or a value that
/// was confirmed since), then opens the newest real one, if any, on its
/// cluster.
fn offer_draft(app: &mut App) {
    let Some(r) = &app.review else { return };
    let Ok(drafts) = app.store.drafts(r.reviewer.no, app.bundle.no) else {
        return;
    };
    let mut newest = None;
    for d in drafts {
        let kept = r.value(&d.cluster, &d.field);
        let same = d.text == kept
            || score::clean_text(&d.field, &d.text)
                .ok()
                .flatten()
                .is_some_and(|t| t == kept);
        if same {
            if let Some(no) = r.cluster_no(&d.cluster) {
                let _ = app.store.drop_draft(r.reviewer.no, no, &d.field);
            }
        } else if newest.is_none() {
            newest = Some(d);
        }
    }
    refresh_drafts(app);
    let Some(d) = newest else { return };
    if app.cluster() != Some(d.cluster.as_str()) {
        show(app, Screen::Detail(ClusterId(d.cluster.clone())), 0);
    }
    select_field(app, &d.field);
    open_editor(app, &d.cluster, d.field);
}

/// Reads which fields have drafts, for the marks on rows.
pub fn refresh_drafts(app: &mut App) {
    let Some(r) = &app.review else { return };
    if let Ok(list) = app.store.drafts(r.reviewer.no, app.bundle.no) {
        app.drafts = list.into_iter().map(|d| (d.cluster, d.field)).collect();
    }
}

/// Puts the detail selection on the row of a field.
fn select_field(app: &mut App, field: &Field) {
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
fn open_editor(app: &mut App, cluster: &str, field: Field) {
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
pub fn edit(app: &mut App) {
    match app.detail_row() {
        Some(Row::Item(i)) => edit_field(app, Field::Score(i)),
        Some(Row::Conclusion) => conclude(app),
        Some(Row::Opinion) => edit_field(app, Field::Opinion),
        None => {}
    }
}

pub fn edit_field(app: &mut App, field: Field) {
    if let Some(id) = scorable(app, &field) {
        select_field(app, &field);
        open_editor(app, &id, field);
        revalidate(app);
    }
}

pub fn comment(app: &mut App) {
    if let Some(i) = selected_item(app) {
        edit_field(app, Field::Comment(i));
    }
}

/// A digit typed on an item row starts its score with that digit.
pub fn start_score(app: &mut App, c: char) {
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

pub fn conclude(app: &mut App) {
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
pub fn conflict(app: &mut App) {
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
pub fn step_score(app: &mut App, up: bool) {
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

pub fn clear(app: &mut App) {
    if let Some(item) = selected_item(app) {
        let field = Field::Score(item);
        if let Some(id) = scorable(app, &field) {
            commit(app, &id, field, None);
        }
    }
}

/// Records a value through the session; the status line acknowledges it
/// only once it is committed.
fn commit(app: &mut App, cluster: &str, field: Field, typed: Option<&str>) -> bool {
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
            app.status = Some(e.to_string());
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

pub fn undo(app: &mut App, redo: bool) {
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
        Err(e) => app.status = Some(e.to_string()),
    }
}

/// Opens the next cluster (in list order, after the current one) that is
/// neither complete nor recused, on its first missing row.
pub fn next_incomplete(app: &mut App) {
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

// Text fields.

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

/// Typed or pasted text, at the caret.
pub fn insert(app: &mut App, text: &str) {
    let Some(e) = app.editor.as_mut() else { return };
    let text: String = if e.multiline() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.replace(['\r', '\n'], " ")
    };
    e.text.insert_str(e.caret, &text);
    e.caret += text.len();
    e.dirty = true;
    revalidate(app);
}

pub fn delete(app: &mut App, back: bool) {
    let Some(e) = app.editor.as_mut() else { return };
    if back {
        if let Some(c) = e.text[..e.caret].chars().next_back() {
            e.caret -= c.len_utf8();
            e.text.remove(e.caret);
            e.dirty = true;
        }
    } else if e.caret < e.text.len() {
        e.text.remove(e.caret);
        e.dirty = true;
    }
    revalidate(app);
}

/// Moves the caret: left/right by a character, home/end of the line,
/// up/down a line at the same column (in characters).
pub fn caret(app: &mut App, how: CaretMove) {
    let Some(e) = app.editor.as_mut() else { return };
    let t = &e.text;
    let line_start = t[..e.caret].rfind('\n').map_or(0, |i| i + 1);
    let line_end = t[e.caret..].find('\n').map_or(t.len(), |i| e.caret + i);
    let col = t[line_start..e.caret].chars().count();
    let at_col = |start: usize, end: usize| {
        t[start..end]
            .char_indices()
            .nth(col)
            .map_or(end, |(i, _)| start + i)
    };
    e.caret = match how {
        CaretMove::Left => t[..e.caret]
            .chars()
            .next_back()
            .map_or(e.caret, |c| e.caret - c.len_utf8()),
        CaretMove::Right => t[e.caret..]
            .chars()
            .next()
            .map_or(e.caret, |c| e.caret + c.len_utf8()),
        CaretMove::Home => line_start,
        CaretMove::End => line_end,
        CaretMove::Up if line_start > 0 => {
            let prev_start = t[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            at_col(prev_start, line_start - 1)
        }
        CaretMove::Down if line_end < t.len() => {
            let next_end = t[line_end + 1..]
                .find('\n')
                .map_or(t.len(), |i| line_end + 1 + i);
            at_col(line_end + 1, next_end)
        }
        CaretMove::Up | CaretMove::Down => e.caret,
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaretMove {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

/// Enter: a new line in the opinion; in a score, save it and go on to the
/// next item (a cluster scored with digits and Enter alone); else confirm.
pub fn newline(app: &mut App) {
    if app.editor.as_ref().is_some_and(Editor::multiline) {
        insert(app, "\n");
    } else if editing_score(app) {
        confirm_and_move(app, 1);
    } else {
        confirm(app);
    }
}

/// Whether the field being typed is a score.
pub fn editing_score(app: &App) -> bool {
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
pub fn confirm_and_move(app: &mut App, by: isize) {
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
        confirm(app);
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

/// Confirms the text: committed, or refused with the reason (the text stays
/// open to correct).
pub fn confirm(app: &mut App) {
    let Some(e) = app.editor.clone() else { return };
    match e.target {
        Target::Reviewer => {
            let name = score::clean_text(&Field::Comment(String::new()), &e.text)
                .ok()
                .flatten()
                .filter(|n| n.chars().count() <= MAX_NAME);
            let Some(name) = name else {
                set_error(app, tr(M::NameNeeded).to_string());
                return;
            };
            if let Err(msg) = begin(app, &name) {
                set_error(app, msg);
                return;
            }
            if app
                .editor
                .as_ref()
                .is_some_and(|x| x.target == Target::Reviewer)
            {
                app.editor = None;
            }
            let keep = |p: &std::path::Path| {
                let mut profile = crate::config::Profile::load(p)
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                profile.name = name.clone();
                profile.save(p)
            };
            if let Some(p) = app.profile.clone()
                && let Err(err) = keep(&p)
            {
                app.status = Some(err.to_string());
                return;
            }
            app.done(trf(M::Welcome, &[&name]));
        }
        Target::ExportPath { incomplete } => {
            let out = PathBuf::from(e.text.trim());
            if e.text.trim().is_empty() {
                return;
            }
            match &app.key {
                Some(k) if key_is_protected(k) => {
                    app.editor = Some(Editor::new(
                        Target::Passphrase { out, incomplete },
                        String::new(),
                    ));
                }
                _ => write_export(app, out, incomplete, None),
            }
        }
        Target::Passphrase { out, incomplete } => {
            write_export(app, out, incomplete, Some(e.text.clone()));
        }
        Target::Mark { cluster, field } => {
            let typed = (!e.text.trim().is_empty()).then_some(e.text.as_str());
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
    }
}

// Export.

/// Starts an export: asks first whether an incomplete review should go out,
/// then where to write it, then (for a protected key) the passphrase.
pub fn export(app: &mut App) {
    if app.review.is_none() {
        return;
    }
    if app.key.as_ref().is_none_or(|k| !k.exists()) {
        app.status = Some(tr(M::NoKey).to_string());
        return;
    }
    // Typed but not confirmed text is not in the export: say so first.
    if !app.drafts.is_empty()
        && !matches!(&app.chooser, Some(c) if c.purpose == Purpose::ExportDrafts)
    {
        let mut clusters: Vec<&str> = app.drafts.iter().map(|(c, _)| c.as_str()).collect();
        clusters.dedup();
        let mut named = clusters
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join(tr(M::ListSep));
        if clusters.len() > 3 {
            named.push('…');
        }
        app.chooser = Some(Chooser {
            cluster: trf(
                M::ExportDrafts,
                &[&app.drafts.len(), &crate::text::inert(&named)],
            ),
            purpose: Purpose::ExportDrafts,
            choices: vec![
                tr(M::ExportCancel).to_string(),
                tr(M::ExportWithoutDrafts).to_string(),
            ],
            selected: 0,
            query: String::new(),
        });
        return;
    }
    export_checked(app);
}

/// The export after the drafts were seen to.
fn export_checked(app: &mut App) {
    let Some(r) = &app.review else { return };
    let (done, n) = r.settled(app.rows.iter().map(|x| x.id.as_str()));
    if done < n {
        app.chooser = Some(Chooser {
            cluster: trf(M::ExportAnyway, &[&done, &n]),
            purpose: Purpose::ExportIncomplete,
            choices: vec![
                tr(M::ExportCancel).to_string(),
                tr(M::ExportIncompleteChoice).to_string(),
            ],
            selected: 0,
            query: String::new(),
        });
    } else {
        ask_export_path(app, false);
    }
}

fn ask_export_path(app: &mut App, incomplete: bool) {
    let Some(r) = &app.review else { return };
    let name: String = r
        .reviewer
        .name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let file = format!("{name}-{}.review.json", app.bundle.short_id());
    let path = std::env::current_dir()
        .map(|d| d.join(&file))
        .unwrap_or_else(|_| file.into());
    let mut e = Editor::new(
        Target::ExportPath { incomplete },
        path.display().to_string(),
    );
    e.note = Some(tr(M::ExportWhere).to_string());
    app.editor = Some(e);
}

/// Writes the review file, signing it with the key (decrypted with
/// `passphrase` where it is protected).
fn write_export(app: &mut App, out: PathBuf, incomplete: bool, passphrase: Option<String>) {
    let (Some(r), Some(key)) = (&app.review, app.key.clone()) else {
        return;
    };
    let reviewer = r.reviewer.clone();
    let public = match crate::sign::keys::load_public(&key) {
        Ok(p) => p,
        Err(e) => {
            set_error(app, e.to_string());
            return;
        }
    };
    let mut pass = passphrase;
    let mut private =
        || crate::sign::keys::load(&key, &mut || pass.take()).map_err(|e| e.to_string());
    let bundle = app.bundle.clone();
    match crate::session::export::export(
        &mut app.store,
        &bundle,
        &reviewer,
        &public,
        &mut private,
        &out,
        incomplete,
    ) {
        Ok(x) => {
            app.editor = None;
            let s = &x.file.summary;
            app.done(trf(
                M::Exported,
                &[
                    &x.path.display(),
                    &x.file.sequence,
                    &(s.complete + s.recused),
                    &s.clusters,
                    &x.sig_path.display(),
                ],
            ));
        }
        Err(e) => set_error(app, e.to_string()),
    }
}

/// Whether the private key file is protected by a passphrase.
fn key_is_protected(path: &std::path::Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| ssh_key::PrivateKey::from_openssh(t).ok())
        .is_some_and(|k| k.is_encrypted())
}

fn set_error(app: &mut App, msg: String) {
    if let Some(e) = app.editor.as_mut() {
        e.error = Some(msg.clone());
    }
    app.status = Some(msg);
}

/// Esc: closes the field; typed text not confirmed is kept as a draft,
/// offered back when the field is opened again. Without a name there is
/// nothing to do but leave.
pub fn cancel_edit(app: &mut App) {
    let Some(e) = app.editor.take() else { return };
    match &e.target {
        Target::Reviewer => app.quit = true,
        Target::ExportPath { .. } | Target::Passphrase { .. } => {}
        Target::Mark { cluster, field } => {
            if e.drafts() && keep_draft(app, cluster, field, &e.text) {
                app.done(tr(M::DraftKept).to_string());
            }
        }
    }
}

/// Keeps typed text as the field's draft — unless it is empty or the same
/// as the value kept, when any draft is dropped. True when a draft is kept.
fn keep_draft(app: &mut App, cluster: &str, field: &Field, text: &str) -> bool {
    let Some(r) = &app.review else { return false };
    let keep = !text.trim().is_empty() && text != r.value(cluster, field);
    let text = if keep { text } else { "" };
    if let Some(no) = r.cluster_no(cluster)
        && let Err(err) = app.store.save_draft(r.reviewer.no, no, field, text)
    {
        app.status = Some(err.to_string());
        return false;
    }
    let key = (cluster.to_string(), field.clone());
    if keep {
        app.drafts.insert(key);
    } else {
        app.drafts.remove(&key);
    }
    keep
}

/// Saves the text being typed as a draft, if it changed since last saved.
pub fn save_draft(app: &mut App) {
    let Some(e) = app.editor.as_ref() else { return };
    if !e.dirty || !e.drafts() {
        return;
    }
    if let Target::Mark { cluster, field } = e.target.clone() {
        let text = e.text.clone();
        keep_draft(app, &cluster, &field, &text);
    }
    if let Some(e) = app.editor.as_mut() {
        e.dirty = false;
    }
}

// Choices.

pub fn choose_step(app: &mut App, by: isize) {
    if let Some(c) = app.chooser.as_mut() {
        let n = c.choices.len().max(1) as isize;
        c.selected = (c.selected as isize + by).rem_euclid(n) as usize;
    }
}

/// Picks the `k`th choice (typed digit, from 1).
pub fn choose_nth(app: &mut App, k: usize) {
    if let Some(c) = app.chooser.as_mut()
        && k >= 1
        && k <= c.choices.len()
    {
        c.selected = k - 1;
        choose(app);
    }
}

pub fn choose(app: &mut App) {
    let Some(c) = app.chooser.take() else { return };
    match c.purpose {
        Purpose::Conclusion => {
            let v = c.choices.get(c.selected).cloned();
            commit(app, &c.cluster, Field::Conclusion, v.as_deref());
        }
        Purpose::Withdraw => {
            if c.selected == 1 {
                commit(app, &c.cluster, Field::Conflict, None);
            }
        }
        Purpose::ExportIncomplete => {
            if c.selected == 1 {
                ask_export_path(app, true);
            }
        }
        Purpose::ExportDrafts => {
            if c.selected == 1 {
                export_checked(app);
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

// Housekeeping.

/// Done while the reviewer pauses: the spot saved if it moved, the log
/// checkpointed after commits. Nothing here runs while keys wait.
pub fn idle(app: &mut App) {
    save_draft(app);
    save_spot(app);
    if app.commits > 0 && app.store.checkpoint().is_ok() {
        app.commits = 0;
    }
}

fn save_spot(app: &mut App) {
    let Some(r) = &app.review else { return };
    let spot = app.spot();
    if app.saved_spot.as_ref() == Some(&spot) {
        return;
    }
    if let Ok(text) = serde_json::to_string(&spot)
        && app
            .store
            .save_place(r.reviewer.no, app.bundle.no, &text)
            .is_ok()
    {
        app.saved_spot = Some(spot);
    }
}

/// On the way out (quit, hang-up, SIGTERM): the draft, the spot, a checkpoint.
pub fn on_exit(app: &mut App) {
    if let Some(e) = app.editor.as_mut() {
        e.dirty = true;
    }
    save_draft(app);
    save_spot(app);
    let _ = app.store.checkpoint();
}
