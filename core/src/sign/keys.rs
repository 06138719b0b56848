//! The reviewer's signing key: Ed25519 in OpenSSH format, made here
//! (`pingshen keygen`, passphrase-protected unless declined) or one the
//! reviewer already has (`~/.ssh/id_ed25519`). A private key file that group
//! or others may read is refused, as ssh refuses it.

use std::path::{Path, PathBuf};

use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey};

use crate::i18n::{Cause, M, trf};
use crate::sign::NAMESPACE;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}", trf(M::KeyRead, &[&.0.display()]))]
    Read(PathBuf, #[source] Cause),
    #[error("{}", trf(M::KeyUnprotected, &[&.0.display(), &format!("{:o}", .1)]))]
    Unprotected(PathBuf, u32),
    #[error("{}", trf(M::KeyNotEd25519, &[&.0.display(), .1]))]
    NotEd25519(PathBuf, String),
    #[error("{}", trf(M::KeyPassphrase, &[&.0.display()]))]
    Passphrase(PathBuf),
    #[error("{}", trf(M::KeyExists, &[&.0.display()]))]
    Exists(PathBuf),
    #[error("{}", trf(M::KeyWrite, &[&.0.display()]))]
    Write(PathBuf, #[source] Cause),
    /// A reviewer name allowed_signers cannot hold as one principal.
    #[error("{}", trf(M::KeyUnnameable, &[.0]))]
    Unnameable(String),
}

/// The default key pair: `id_ed25519` in the config folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pingshen").map(|d| d.config_dir().join("id_ed25519"))
}

/// Refuses a private key file readable by group or others (where the
/// system keeps such modes).
fn check_mode(path: &Path) -> Result<(), KeyError> {
    let meta = std::fs::metadata(path).map_err(|e| KeyError::Read(path.into(), e.into()))?;
    match crate::platform::mode(&meta) {
        Some(mode) if mode & 0o077 != 0 => Err(KeyError::Unprotected(path.into(), mode)),
        _ => Ok(()),
    }
}

/// Reads a private key; `passphrase` is asked only if the key is encrypted.
pub fn load(
    path: &Path,
    passphrase: &mut dyn FnMut() -> Option<String>,
) -> Result<PrivateKey, KeyError> {
    check_mode(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| KeyError::Read(path.into(), e.into()))?;
    let key = PrivateKey::from_openssh(&text).map_err(|e| unreadable(path, &text, e))?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(KeyError::NotEd25519(
            path.into(),
            key.algorithm().to_string(),
        ));
    }
    if !key.is_encrypted() {
        return Ok(key);
    }
    let pass = passphrase().ok_or_else(|| KeyError::Passphrase(path.into()))?;
    key.decrypt(pass.as_bytes())
        .map_err(|_| KeyError::Passphrase(path.into()))
}

/// Reads only the public half (no passphrase needed): `PATH.pub`, else the
/// private key file's public part. Only an Ed25519 key signs reviews: any
/// other kind is refused here, before anything is shown or signed.
pub fn load_public(path: &Path) -> Result<PublicKey, KeyError> {
    let pubfile = PathBuf::from(format!("{}.pub", path.display()));
    let (key, from) = if let Ok(text) = std::fs::read_to_string(&pubfile) {
        let k = PublicKey::from_openssh(text.trim()).map_err(|e| unreadable(&pubfile, &text, e))?;
        (k, pubfile)
    } else {
        check_mode(path)?;
        let text =
            std::fs::read_to_string(path).map_err(|e| KeyError::Read(path.into(), e.into()))?;
        let k = PrivateKey::from_openssh(&text)
            .map(|k| k.public_key().clone())
            .map_err(|e| unreadable(path, &text, e))?;
        (k, path.to_path_buf())
    };
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(KeyError::NotEd25519(from, key.algorithm().to_string()));
    }
    Ok(key)
}

/// Makes a key pair at `path` (and `path.pub`), owner-only, encrypted when
/// a passphrase is given. An existing key is never overwritten.
pub fn generate(
    path: &Path,
    comment: &str,
    passphrase: Option<&str>,
) -> Result<PublicKey, KeyError> {
    let write_err = |e: Cause| KeyError::Write(path.into(), e);
    if path.exists() {
        return Err(KeyError::Exists(path.into()));
    }
    let mut key =
        PrivateKey::random(&mut OsRng, Algorithm::Ed25519).map_err(|e| write_err(e.into()))?;
    key.set_comment(comment);
    let public = key.public_key().clone();
    if let Some(p) = passphrase.filter(|p| !p.is_empty()) {
        key = key
            .encrypt(&mut OsRng, p)
            .map_err(|e| write_err(e.into()))?;
    }
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| write_err(e.into()))?;
    if let Some(dir) = path.parent() {
        crate::private::create_dir_all(dir).map_err(|e| write_err(e.into()))?;
    }
    write_private(path, text.as_bytes()).map_err(|e| write_err(e.into()))?;
    let pubtext = public.to_openssh().map_err(|e| write_err(e.into()))?;
    std::fs::write(format!("{}.pub", path.display()), format!("{pubtext}\n"))
        .map_err(|e| write_err(e.into()))?;
    Ok(public)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    crate::platform::private_file(o.write(true).create_new(true));
    let mut f = o.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A public key that stands for any (to check that a name can be written
/// in an allowed_signers line before a key is made).
pub fn placeholder() -> PublicKey {
    PublicKey::from(ssh_key::public::Ed25519PublicKey([0; 32]))
}

/// `SHA256:…`, as ssh-keygen prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The line the office adds to its allowed_signers file for this reviewer;
/// refused for a name OpenSSH cannot read back as one principal.
pub fn allowed_signers_line(name: &str, key: &PublicKey) -> Result<String, KeyError> {
    let principal = crate::sign::allowed::quote_principal(name)
        .ok_or_else(|| KeyError::Unnameable(crate::text::inert(name).into_owned()))?;
    let mut k = key.clone();
    k.set_comment("");
    let body = k.to_openssh().unwrap_or_default();
    Ok(format!(
        "{principal} namespaces=\"{NAMESPACE}\" {} {}",
        body.trim(),
        name
    ))
}

/// The key type a key file names, when the key itself cannot be read (a
/// kind this build does not decode): the first word of a public key line,
/// or the type of the public key inside an OpenSSH private key.
fn named_type(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(body) = t
        .strip_prefix("-----BEGIN OPENSSH PRIVATE KEY-----")
        .and_then(|b| b.split("-----END").next())
    {
        let blob = crate::sign::allowed::b64_decode(body.as_bytes())?;
        /// An SSH string at the start of `r`, and what follows it.
        fn string(r: &[u8]) -> Option<(&[u8], &[u8])> {
            let n = u32::from_be_bytes(r.get(..4)?.try_into().ok()?) as usize;
            Some((r.get(4..4 + n)?, &r[4 + n..]))
        }
        let r = blob.strip_prefix(b"openssh-key-v1\0")?;
        let (_cipher, r) = string(r)?;
        let (_kdf, r) = string(r)?;
        let (_options, r) = string(r)?;
        // The number of keys, then the first public key and its type.
        let (public, _) = string(r.get(4..)?)?;
        let (kind, _) = string(public)?;
        return Some(String::from_utf8_lossy(kind).into_owned());
    }
    t.split_whitespace()
        .next()
        .filter(|w| w.len() < 64 && w.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
}

/// A key that cannot be read: refused as not Ed25519 when it names
/// another kind, else as unreadable.
fn unreadable(path: &Path, text: &str, e: ssh_key::Error) -> KeyError {
    match named_type(text).filter(|t| t != "ssh-ed25519") {
        Some(t) => KeyError::NotEd25519(path.into(), crate::text::inert(&t).into_owned()),
        None => KeyError::Read(path.into(), e.into()),
    }
}

/// Reads a passphrase from the terminal without echo (see
/// [`crate::platform::read_passphrase`]).
pub fn read_passphrase(prompt: &str) -> Option<String> {
    crate::platform::read_passphrase(prompt)
}
