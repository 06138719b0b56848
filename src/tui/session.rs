//! The reviewer's session as the UI keeps it: starting as a named
//! reviewer (asked on first start, kept in the profile), the remembered
//! spot, drafts of text typed but not confirmed, and what is saved while
//! the reviewer pauses and on the way out.

use crate::config::Profile;
use crate::i18n::{M, error_chain, tr, trf};
use crate::model::{ClusterId, Round};
use crate::review::score::{self, Field};
use crate::session::Session;
use crate::tui::app::{App, Screen, Sort, Spot};
use crate::tui::editor::{Editor, Target};
use crate::tui::nav::show;
use crate::tui::score::{open_editor, select_field, set_error};

/// Longest reviewer name, in characters.
const MAX_NAME: usize = 40;

/// Starts the review as `name`: loads the reviewer's marks, returns to
/// where they left off, and offers back a draft left by a crash.
pub fn begin(app: &mut App, name: &str) -> Result<(), String> {
    let session = Session::begin(&app.store, &app.bundle, name).map_err(|e| error_chain(&e))?;
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

/// Enter on the name asked at first start: the session begins, and the
/// name is kept in the profile for the next start.
pub(crate) fn confirm_name(app: &mut App, text: &str) {
    let name = score::clean_text(&Field::Comment(String::new()), text)
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
        let mut profile = Profile::load(p).ok().flatten().unwrap_or_default();
        profile.name = name.clone();
        profile.save(p)
    };
    if let Some(p) = app.profile.clone()
        && let Err(err) = keep(&p)
    {
        app.status = Some(error_chain(&err));
        return;
    }
    app.done(trf(M::Welcome, &[&name]));
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
pub(crate) fn refresh_drafts(app: &mut App) {
    let Some(r) = &app.review else { return };
    if let Ok(list) = app.store.drafts(r.reviewer.no, app.bundle.no) {
        app.drafts = list.into_iter().map(|d| (d.cluster, d.field)).collect();
    }
}

/// Keeps typed text as the field's draft — unless it is empty or the same
/// as the value kept, when any draft is dropped. True when a draft is kept.
pub(crate) fn keep_draft(app: &mut App, cluster: &str, field: &Field, text: &str) -> bool {
    let Some(r) = &app.review else { return false };
    let keep = !text.trim().is_empty() && text != r.value(cluster, field);
    let text = if keep { text } else { "" };
    if let Some(no) = r.cluster_no(cluster)
        && let Err(err) = app.store.save_draft(r.reviewer.no, no, field, text)
    {
        app.status = Some(error_chain(&err));
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
