//! Signed review files: the reviewer's key, export, and verification that
//! stock OpenSSH can repeat.
//!
//! The review file (`review.json`) is signed with an OpenSSH signature
//! (SSHSIG, Ed25519, SHA-512) in the namespace [`NAMESPACE`], kept beside it
//! as `review.json.sig` — a detached signature, so that
//!
//! ```sh
//! ssh-keygen -Y verify -f allowed_signers -I 张三 -n pingshen-review \
//!     -s review.json.sig < review.json
//! ```
//!
//! checks it with nothing but OpenSSH, and the payload stays plain JSON any
//! tool reads. Verification checks the signature, the namespace and the
//! signer first and only then parses the verified bytes.

pub mod allowed;
pub mod file;
pub mod keys;

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::digest::sha256_bytes;
use crate::i18n::{M, trf};
use crate::sign::allowed::Signer;
use crate::sign::file::{FileError, ReviewFile};

/// The SSHSIG namespace of review files.
pub const NAMESPACE: &str = "pingshen-review";

/// The SSHSIG namespace of a panel's final result (its manifest).
pub const RESULT_NAMESPACE: &str = "pingshen-result";

/// Why a review file is refused. Each has its own exit status.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{}", trf(M::VerifyBadSignature, &[.0]))]
    BadSignature(String),
    #[error("{}", trf(M::VerifyUnknownSigner, &[.0]))]
    UnknownSigner(String),
    /// The namespace found, and the one expected.
    #[error("{}", trf(M::VerifyNamespace, &[.0, .1]))]
    WrongNamespace(String, &'static str),
    /// The key's allowed_signers line (its number, its namespaces) does
    /// not allow signatures in the namespace expected.
    #[error("{}", trf(M::VerifyNamespaceNotAllowed, &[.0, .1, .2]))]
    NamespaceNotAllowed(usize, String, &'static str),
    #[error("{}", trf(M::VerifyExpired, &[.0, .1]))]
    Expired(String, usize),
    #[error("{0}")]
    Malformed(FileError),
    #[error("{0}")]
    WrongVersion(FileError),
    #[error("{}", trf(M::VerifySignerMismatch, &[.0, .1]))]
    SignerMismatch(String, String),
}

impl VerifyError {
    /// The exit status `pingshen verify` ends with.
    pub fn exit_code(&self) -> i32 {
        match self {
            VerifyError::BadSignature(_) => 10,
            VerifyError::UnknownSigner(_) => 11,
            VerifyError::WrongNamespace(..) | VerifyError::NamespaceNotAllowed(..) => 12,
            VerifyError::Expired(..) => 13,
            VerifyError::Malformed(_) => 14,
            VerifyError::WrongVersion(_) => 15,
            VerifyError::SignerMismatch(..) => 16,
        }
    }

    /// A short machine-readable name.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            VerifyError::BadSignature(_) => "bad_signature",
            VerifyError::UnknownSigner(_) => "unknown_signer",
            VerifyError::WrongNamespace(..) | VerifyError::NamespaceNotAllowed(..) => {
                "wrong_namespace"
            }
            VerifyError::Expired(..) => "expired",
            VerifyError::Malformed(_) => "malformed",
            VerifyError::WrongVersion(_) => "wrong_version",
            VerifyError::SignerMismatch(..) => "signer_mismatch",
        }
    }
}

/// A review file that passed.
#[derive(Debug)]
pub struct Verified {
    pub file: ReviewFile,
    /// The allowed_signers line that admitted the key.
    pub signer_line: usize,
    pub fingerprint: String,
    /// SHA-256 of the payload.
    pub sha256: String,
}

/// A signature that checked out, before the content is read: the key's
/// fingerprint and the allowed_signers entries that admit it now.
pub struct Checked<'a> {
    pub fingerprint: String,
    pub signers: Vec<&'a Signer>,
}

/// Checks a payload and its signature against the allowed signers at time
/// `now` (seconds since the epoch): signature, namespace, signer, validity —
/// then parses the verified bytes and checks that the reviewer they name is
/// the signer.
pub fn verify(
    payload: &[u8],
    signature: &str,
    signers: &[Signer],
    now: i64,
) -> Result<Verified, VerifyError> {
    let Checked {
        fingerprint,
        signers: valid,
    } = check_signature(NAMESPACE, payload, signature, signers, now)?;
    // Only now are the bytes read.
    let file = ReviewFile::parse(payload).map_err(|e| match e {
        FileError::Version(..) => VerifyError::WrongVersion(e),
        FileError::Malformed(_) => VerifyError::Malformed(e),
    })?;
    let named = valid.iter().find(|s| s.names(&file.reviewer.name));
    let Some(signer) = named.filter(|_| file.reviewer.key == fingerprint) else {
        return Err(VerifyError::SignerMismatch(
            crate::text::inert(&file.reviewer.name).into_owned(),
            fingerprint,
        ));
    };
    Ok(Verified {
        signer_line: signer.line,
        fingerprint,
        sha256: sha256_bytes(payload).to_string(),
        file,
    })
}

/// The signature file as `ssh-keygen -Y verify` reads it (OpenSSH's
/// `sshsig_dearmor`): the exact header line (LF, so a CRLF file is
/// refused), then base64 (white space anywhere) up to the first footer;
/// whatever follows the footer is not read.
pub fn dearmor(signature: &[u8]) -> Result<Vec<u8>, String> {
    const BEGIN: &[u8] = b"-----BEGIN SSH SIGNATURE-----\n";
    const END: &[u8] = b"\n-----END SSH SIGNATURE-----";
    let body = signature
        .strip_prefix(BEGIN)
        .ok_or_else(|| crate::i18n::tr(M::SigNoHeader).to_string())?;
    let end = memchr::memmem::find(body, END)
        .ok_or_else(|| crate::i18n::tr(M::SigNoFooter).to_string())?;
    let b64 = &body[..end];
    if b64.contains(&0) {
        return Err(crate::i18n::tr(M::SigNotBase64).into());
    }
    allowed::b64_decode(b64).ok_or_else(|| crate::i18n::tr(M::SigNotBase64).into())
}

/// A signature blob in the one armour ssh-keygen writes (70 columns).
fn armor(blob: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::with_capacity(blob.len() * 4 / 3 + 4);
    for c in blob.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                b64.push(A[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = String::from("-----BEGIN SSH SIGNATURE-----\n");
    for line in b64.as_bytes().chunks(70) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END SSH SIGNATURE-----\n");
    out
}

/// The signature's part of [`verify`]: the signature over the exact bytes,
/// in `namespace`, and a signer of allowed_signers that admits the key in
/// it now.
pub fn check_signature<'a>(
    namespace: &'static str,
    payload: &[u8],
    signature: &str,
    signers: &'a [Signer],
    now: i64,
) -> Result<Checked<'a>, VerifyError> {
    let blob = dearmor(signature.as_bytes()).map_err(VerifyError::BadSignature)?;
    // The blob read by a strict decoder, and written back to the same
    // bytes: nothing a lenient reading could let through (a length it
    // ignores, trailing data).
    let canonical = armor(&blob);
    let sig = SshSig::from_pem(&canonical).map_err(|e| VerifyError::BadSignature(e.to_string()))?;
    if sig.to_pem(LineEnding::LF).ok().as_deref() != Some(canonical.as_str()) {
        return Err(VerifyError::BadSignature(
            crate::i18n::tr(M::SigNotCanonical).into(),
        ));
    }
    // What OpenSSH accepts, of the keys reviews are signed with: version 1,
    // Ed25519, a SHA-512 or SHA-256 digest. (The version is not signed.)
    if sig.version() != SshSig::VERSION || sig.algorithm() != ssh_key::Algorithm::Ed25519 {
        return Err(VerifyError::BadSignature(
            crate::i18n::tr(M::SigNotEd25519).into(),
        ));
    }
    if sig.namespace() != namespace {
        return Err(VerifyError::WrongNamespace(
            crate::text::inert(sig.namespace()).into_owned(),
            namespace,
        ));
    }
    let key = PublicKey::from(sig.public_key().clone());
    key.verify(namespace, payload, &sig)
        .map_err(|_| VerifyError::BadSignature(crate::i18n::tr(M::SigMismatch).into()))?;
    let fingerprint = keys::fingerprint(&key);
    let known: Vec<&Signer> = signers
        .iter()
        .filter(|s| !s.cert_authority && s.key.key_data() == key.key_data())
        .collect();
    let Some(first) = known.first() else {
        return Err(VerifyError::UnknownSigner(fingerprint));
    };
    let in_ns: Vec<&Signer> = known
        .iter()
        .copied()
        .filter(|s| s.allows_namespace(namespace))
        .collect();
    let Some(line) = in_ns.first().map(|s| s.line) else {
        return Err(VerifyError::NamespaceNotAllowed(
            first.line,
            crate::text::inert(&first.namespaces_text().unwrap_or_default()).into_owned(),
            namespace,
        ));
    };
    let valid: Vec<&Signer> = in_ns.into_iter().filter(|s| s.valid_at(now)).collect();
    if valid.is_empty() {
        return Err(VerifyError::Expired(fingerprint, line));
    }
    Ok(Checked {
        fingerprint,
        signers: valid,
    })
}

/// The current time, seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Signs bytes as a review file.
pub fn sign(key: &PrivateKey, payload: &[u8]) -> Result<String, SignError> {
    sign_in(NAMESPACE, key, payload)
}

/// Signs bytes in `namespace` (SHA-512, armoured as ssh-keygen writes).
pub fn sign_in(namespace: &str, key: &PrivateKey, payload: &[u8]) -> Result<String, SignError> {
    let sig = key.sign(namespace, HashAlg::Sha512, payload)?;
    Ok(sig.to_pem(LineEnding::LF)?)
}

/// A signature that could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SignError(#[from] ssh_key::Error);
