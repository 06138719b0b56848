//! The reviewer's identity: `keygen` makes or adopts a signing key,
//! `whoami` says whose it is and the line for allowed_signers.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use pingshen::config::Profile;
use pingshen::i18n::{M, tr, trf};
use pingshen::sign::keys;
use pingshen::text::inert;

use super::Run;
use super::settings::key_path;

/// The reviewer's name and signing key path: flags, then the profile, then
/// the default key.
pub fn identity(run: &Run) -> Result<(String, PathBuf)> {
    let profile = match Profile::path() {
        Some(p) => Profile::load(&p)?,
        None => None,
    };
    let name = run
        .settings
        .reviewer
        .clone()
        .or_else(|| profile.as_ref().map(|p| p.name.clone()))
        .ok_or_else(|| anyhow!("{}", tr(M::NoReviewer)))?;
    let key = key_path(run.key_flag.as_deref(), Some(&name))
        .ok_or_else(|| anyhow!("{}", tr(M::NoKey)))?;
    Ok((name, key))
}

/// A passphrase: `PINGSHEN_PASSPHRASE` (for scripts), else asked on the
/// terminal without echo.
pub fn passphrase() -> Option<String> {
    std::env::var("PINGSHEN_PASSPHRASE")
        .ok()
        .or_else(|| keys::read_passphrase(tr(M::AskPassphrase)))
}

/// `whoami`: the reviewer, their key's fingerprint and allowed_signers line.
pub fn whoami(run: &Run, out: &mut impl Write) -> Result<bool> {
    let (name, path) = identity(run)?;
    let key = keys::load_public(&path)?;
    writeln!(out, "{}", trf(M::WhoName, &[&inert(&name)]))?;
    writeln!(
        out,
        "{}",
        trf(M::WhoKey, &[&keys::fingerprint(&key), &path.display()])
    )?;
    let line = keys::allowed_signers_line(&name, &key)?;
    writeln!(out, "{}", tr(M::WhoLine))?;
    writeln!(out, "{line}")?;
    Ok(true)
}

/// A passphrase for a new key: none with `--no-passphrase`, else
/// `PINGSHEN_PASSPHRASE`, else asked twice; `None` when the two differ.
fn new_passphrase(no_passphrase: bool) -> Option<Option<String>> {
    if no_passphrase {
        return Some(None);
    }
    if let Ok(p) = std::env::var("PINGSHEN_PASSPHRASE") {
        return Some(Some(p));
    }
    let a = keys::read_passphrase(tr(M::AskNewPassphrase)).unwrap_or_default();
    if !a.is_empty() {
        let b = keys::read_passphrase(tr(M::AskPassphraseAgain)).unwrap_or_default();
        if a != b {
            eprintln!("{}", tr(M::PassphraseMismatch));
            return None;
        }
    }
    Some(Some(a))
}

/// `keygen`: a new key in the config folder, or (with --key) an existing
/// one checked and adopted; either way kept in reviewer.toml.
pub fn keygen(run: &Run, no_passphrase: bool, out: &mut impl Write) -> Result<bool> {
    let key: Option<&Path> = run.key_flag.as_deref();
    let profile_path = Profile::path().context("no platform config directory")?;
    let mut profile = Profile::load(&profile_path)?.unwrap_or_default();
    let name = run
        .settings
        .reviewer
        .as_deref()
        .map(|n| n.trim().to_string())
        .unwrap_or_else(|| profile.name.clone());
    if name.is_empty() {
        return Err(anyhow!("{}", tr(M::NoReviewer)));
    }
    // Another reviewer on this account: the default key is the account
    // reviewer's, so theirs needs a place of its own.
    let own = profile.name.is_empty() || profile.name == name;
    if !own && key.is_none() {
        return Err(anyhow!(
            "{}",
            trf(M::KeyOtherReviewer, &[&inert(&profile.name), &inert(&name)])
        ));
    }
    // The line must be writable before a key is made for the name.
    if keys::allowed_signers_line(&name, &keys::placeholder()).is_err() {
        return Err(keys::KeyError::Unnameable(inert(&name).into_owned()).into());
    }
    let (path, public, made) = match key {
        // Adopting an existing key: it must be a private, Ed25519 key.
        Some(p) if p.exists() => {
            let k = keys::load(p, &mut passphrase)?;
            (p.to_path_buf(), k.public_key().clone(), false)
        }
        // A new key where asked, or in the config folder.
        other => {
            let p = match other {
                Some(p) => p.to_path_buf(),
                None => keys::default_path().context("no platform config directory")?,
            };
            let Some(pass) = new_passphrase(no_passphrase) else {
                return Ok(false);
            };
            let k = keys::generate(&p, &name, pass.as_deref())?;
            (p, k, true)
        }
    };
    // The account's own reviewer keeps the key in reviewer.toml; another
    // reviewer on a shared account names theirs with --key, and the
    // account's reviewer.toml is left as it is.
    if own {
        profile.name = name.clone();
        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        profile.key = Some(absolute.display().to_string());
        profile.save(&profile_path)?;
    }
    let msg = if made { M::KeyMade } else { M::KeyAdopted };
    writeln!(
        out,
        "{}",
        trf(msg, &[&path.display(), &keys::fingerprint(&public)])
    )?;
    writeln!(out, "{}", tr(M::WhoLine))?;
    // The line names the reviewer whose key it is.
    writeln!(out, "{}", keys::allowed_signers_line(&name, &public)?)?;
    Ok(true)
}
