//! OpenSSH `allowed_signers` files (ssh-keygen(1), "ALLOWED SIGNERS"):
//! one signer a line — principals, options, key type, base64 key, comment.
//!
//! ```text
//! 张三 namespaces="pingshen-review" ssh-ed25519 AAAAC3Nza… 张三
//! "Li Si",lisi@office valid-after="20261101",valid-before="20271231Z" ssh-ed25519 AAAA…
//! ```
//!
//! Read exactly as `ssh-keygen -Y verify` reads it (OpenSSH's sshsig.c,
//! misc.c and match.c), so that pingshen admits a signer exactly when stock
//! OpenSSH does on the same file:
//!
//! - the text is bytes, a line ends at `\n` (a `\r` before it is white
//!   space at the end of a field), and a NUL ends the line;
//! - the principals field ends at white space; a `"` anywhere in it starts
//!   a quoted run, without the quotes, up to the next `"`;
//! - principals and namespaces are comma-separated pattern lists matched
//!   byte by byte (`*` any run, `?` one byte, `!` excludes), with nothing
//!   trimmed: `a, b` holds the pattern ` b`;
//! - option values must be double-quoted; an option given twice, an unknown
//!   option or a bad time spoils the line;
//! - a line that does not parse is skipped (OpenSSH logs it and reads on):
//!   [`parse`] reports it with its number and the reason.
//!
//! `cert-authority` lines are read but never admit a plain review key.

mod key;
mod options;
mod pattern;
mod time;

#[cfg(test)]
mod tests;

use ssh_key::PublicKey;

use crate::i18n::{M, tr, trf};

use key::{KeyRead, is_ws, principals_field, read_key};
use options::{OptionFault, parse_options, past_options};

pub use key::b64_decode;
pub use pattern::{glob, matches_list};
pub use time::{days_from_civil, parse_time};

/// One signer of the file.
#[derive(Clone, Debug)]
pub struct Signer {
    /// The line it came from (from 1), for messages.
    pub line: usize,
    /// The principals field as OpenSSH reads it (quotes taken out): a
    /// comma-separated list of patterns.
    pub principals: Vec<u8>,
    /// `namespaces="…"`: a comma-separated list of patterns.
    pub namespaces: Option<Vec<u8>>,
    /// Seconds since the epoch.
    pub valid_after: Option<u64>,
    pub valid_before: Option<u64>,
    pub cert_authority: bool,
    pub key: PublicKey,
}

/// A line that was skipped, and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
#[error("{}", trf(M::SignersLine, &[.path, .line, .message]))]
pub struct SignersError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// An allowed_signers file as read: the signers, and the lines skipped.
#[derive(Clone, Debug, Default)]
pub struct Allowed {
    pub signers: Vec<Signer>,
    /// Lines OpenSSH would skip too, with the reason; and lines holding a
    /// key of a kind that never signs reviews.
    pub skipped: Vec<SignersError>,
}

/// Why a line is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fault {
    /// The principals field does not end (no white space, or an open quote).
    InvalidLine,
    /// An option value opens a quote it does not close.
    UnterminatedOptions,
    MissingKey,
    InvalidKey,
    BadOption(OptionFault),
    /// A key OpenSSH reads but reviews are never signed with.
    UnusedKeyType(String),
}

impl Fault {
    fn text(&self) -> String {
        match self {
            Fault::InvalidLine => tr(M::SignersInvalidLine).into(),
            Fault::UnterminatedOptions => tr(M::SignersOpenQuote).into(),
            Fault::MissingKey => tr(M::SignersMissingKey).into(),
            Fault::InvalidKey => tr(M::SignersInvalidKey).into(),
            Fault::UnusedKeyType(t) => trf(M::SignersUnusedKey, &[t]),
            Fault::BadOption(o) => {
                let why = match o {
                    OptionFault::Unknown => tr(M::SignersUnknownOption).to_string(),
                    OptionFault::Twice(n) => trf(M::SignersOptionTwice, &[n]),
                    OptionFault::Unquoted => tr(M::SignersUnquoted).to_string(),
                    OptionFault::Unterminated => tr(M::SignersOpenQuote).to_string(),
                    OptionFault::BadTime(n) => trf(M::SignersBadTime, &[n]),
                    OptionFault::BeforeAfter => tr(M::SignersBeforeAfter).to_string(),
                    OptionFault::TrailingComma => tr(M::SignersTrailingComma).to_string(),
                };
                trf(M::SignersBadOptions, &[&why])
            }
        }
    }
}

/// One line, as OpenSSH's `parse_principals_key_and_options` reads it:
/// `Ok(None)` for a blank or comment line.
fn parse_line(line: &[u8], number: usize) -> Result<Option<Signer>, Fault> {
    let lead = line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let cp = &line[lead..];
    if cp.is_empty() || cp[0] == b'#' {
        return Ok(None);
    }
    let (principals, rest) = principals_field(cp).ok_or(Fault::InvalidLine)?;
    let cp = &cp[rest..];
    let (opts, key) = match read_key(cp) {
        KeyRead::Key(k) => (&cp[..0], Ok(k)),
        KeyRead::Unused(t) => (&cp[..0], Err(t)),
        KeyRead::No => {
            let end = past_options(cp).ok_or(Fault::UnterminatedOptions)?;
            if end >= cp.len() {
                return Err(Fault::MissingKey);
            }
            let after = end + 1;
            let skip = cp[after..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            match read_key(&cp[after + skip..]) {
                KeyRead::Key(k) => (&cp[..end], Ok(k)),
                KeyRead::Unused(t) => (&cp[..end], Err(t)),
                KeyRead::No => return Err(Fault::InvalidKey),
            }
        }
    };
    let o = parse_options(opts).map_err(Fault::BadOption)?;
    let key = key.map_err(Fault::UnusedKeyType)?;
    Ok(Some(Signer {
        line: number,
        principals,
        namespaces: o.namespaces,
        valid_after: o.valid_after,
        valid_before: o.valid_before,
        cert_authority: o.cert_authority,
        key,
    }))
}

/// Reads an allowed_signers file; `path` names it in what is reported.
/// Lines that do not parse are skipped, as OpenSSH skips them, and listed.
pub fn parse(text: impl AsRef<[u8]>, path: &str) -> Allowed {
    let mut out = Allowed::default();
    let text = text.as_ref();
    let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    if text.ends_with(b"\n") || text.is_empty() {
        lines.pop();
    }
    for (i, raw) in lines.into_iter().enumerate() {
        // A NUL ends the line, as it ends a C string.
        let line = raw.split(|&b| b == 0).next().unwrap_or_default();
        match parse_line(line, i + 1) {
            Ok(Some(s)) => out.signers.push(s),
            Ok(None) => {}
            Err(f) => out.skipped.push(SignersError {
                path: path.to_string(),
                line: i + 1,
                message: f.text(),
            }),
        }
    }
    out
}

impl Signer {
    /// Whether a principal is among this signer's patterns (a negated
    /// pattern that matches excludes it).
    pub(crate) fn names(&self, principal: &str) -> bool {
        matches_list(principal.as_bytes(), &self.principals)
    }

    pub(crate) fn allows_namespace(&self, ns: &str) -> bool {
        self.namespaces
            .as_ref()
            .is_none_or(|list| matches_list(ns.as_bytes(), list))
    }

    pub(crate) fn valid_at(&self, t: i64) -> bool {
        let t = t.max(0) as u64;
        self.valid_after.is_none_or(|a| t >= a) && self.valid_before.is_none_or(|b| t <= b)
    }

    /// The principals as people read them.
    pub fn principals_text(&self) -> String {
        crate::text::inert(&String::from_utf8_lossy(&self.principals)).into_owned()
    }

    /// The namespaces it allows, as written.
    pub(crate) fn namespaces_text(&self) -> Option<String> {
        self.namespaces
            .as_ref()
            .map(|n| String::from_utf8_lossy(n).into_owned())
    }
}

/// A principal as an allowed_signers line writes it, so that OpenSSH reads
/// it back as this one name: quoted when it holds white space or begins
/// with `#`. A name OpenSSH cannot hold as one literal principal (a comma,
/// a pattern character `*` `?`, a leading `!`, a double quote, a control
/// character) gets `None`.
pub(crate) fn quote_principal(name: &str) -> Option<String> {
    if name.is_empty()
        || name.starts_with('!')
        || name.contains(['"', ',', '*', '?'])
        || name.chars().any(char::is_control)
    {
        return None;
    }
    if name.bytes().any(is_ws) || name.starts_with('#') {
        Some(format!("\"{name}\""))
    } else {
        Some(name.to_string())
    }
}
