//! Exporting the signed review file from the UI: a word first about
//! drafts not confirmed and clusters not complete, then where to write it,
//! then the key's passphrase where it is protected.

use std::path::{Path, PathBuf};

use crate::i18n::{M, error_chain, tr, trf};
use crate::tui::app::{App, Chooser, Purpose};
use crate::tui::editor::{Editor, Target};
use crate::tui::score::set_error;

/// Starts an export: asks first whether an incomplete review should go out,
/// then where to write it, then (for a protected key) the passphrase.
pub(crate) fn export(app: &mut App) {
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
pub(crate) fn export_checked(app: &mut App) {
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

pub(crate) fn ask_export_path(app: &mut App, incomplete: bool) {
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

/// Enter on the path: the passphrase next for a protected key, else the
/// file is written.
pub(crate) fn confirm_path(app: &mut App, text: &str, incomplete: bool) {
    let out = PathBuf::from(text.trim());
    if text.trim().is_empty() {
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

/// Writes the review file, signing it with the key (decrypted with
/// `passphrase` where it is protected).
pub(crate) fn write_export(
    app: &mut App,
    out: PathBuf,
    incomplete: bool,
    passphrase: Option<String>,
) {
    let (Some(r), Some(key)) = (&app.review, app.key.clone()) else {
        return;
    };
    let reviewer = r.reviewer.clone();
    let public = match crate::sign::keys::load_public(&key) {
        Ok(p) => p,
        Err(e) => {
            set_error(app, error_chain(&e));
            return;
        }
    };
    let mut pass = passphrase;
    let mut private = || crate::sign::keys::load(&key, &mut || pass.take());
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
        Err(e) => set_error(app, error_chain(&e)),
    }
}

/// Whether the private key file is protected by a passphrase.
pub(crate) fn key_is_protected(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| ssh_key::PrivateKey::from_openssh(t).ok())
        .is_some_and(|k| k.is_encrypted())
}
