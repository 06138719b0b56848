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

use ssh_key::PublicKey;

use crate::i18n::{M, tr, trf};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OptionFault {
    Unknown,
    Twice(&'static str),
    Unquoted,
    Unterminated,
    BadTime(&'static str),
    BeforeAfter,
    TrailingComma,
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

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// OpenSSH's `strdelimw` on the principals field: the field (quotes taken
/// out) and where the rest of the line starts.
fn principals_field(cp: &[u8]) -> Option<(Vec<u8>, usize)> {
    let at = cp.iter().position(|&b| is_ws(b) || b == b'"')?;
    if cp[at] == b'"' {
        let close = at + 1 + cp[at + 1..].iter().position(|&b| b == b'"')?;
        let mut field = cp[..at].to_vec();
        field.extend_from_slice(&cp[at + 1..close]);
        let rest = close + 1 + cp[close + 1..].iter().take_while(|&&b| is_ws(b)).count();
        return Some((field, rest));
    }
    let rest = at + 1 + cp[at + 1..].iter().take_while(|&&b| is_ws(b)).count();
    Some((cp[..at].to_vec(), rest))
}

/// A key type's family, by the full names OpenSSH's `sshkey_read` takes
/// (short names such as `ED25519` it does not take there).
fn key_family(name: &[u8]) -> Option<&'static str> {
    const FULL: &[(&str, &str)] = &[
        ("ssh-ed25519", "ed25519"),
        ("ssh-ed25519-cert-v01@openssh.com", "ed25519-cert"),
        ("sk-ssh-ed25519@openssh.com", "sk-ed25519"),
        ("sk-ssh-ed25519-cert-v01@openssh.com", "sk-ed25519-cert"),
        ("ssh-rsa", "rsa"),
        ("rsa-sha2-256", "rsa"),
        ("rsa-sha2-512", "rsa"),
        ("ssh-rsa-cert-v01@openssh.com", "rsa-cert"),
        ("rsa-sha2-256-cert-v01@openssh.com", "rsa-cert"),
        ("rsa-sha2-512-cert-v01@openssh.com", "rsa-cert"),
        ("ssh-dss", "dsa"),
        ("ssh-dss-cert-v01@openssh.com", "dsa-cert"),
        ("ecdsa-sha2-nistp256", "ecdsa"),
        ("ecdsa-sha2-nistp384", "ecdsa"),
        ("ecdsa-sha2-nistp521", "ecdsa"),
        ("ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-cert"),
        ("ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-cert"),
        ("ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-cert"),
        ("sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa"),
        ("webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa"),
        (
            "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "sk-ecdsa-cert",
        ),
    ];
    FULL.iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, f)| *f)
}

/// What OpenSSH's `sshkey_read` makes of the start of `cp`.
enum KeyRead {
    /// Not a key: OpenSSH then reads options first.
    No,
    Key(PublicKey),
    /// A key OpenSSH reads that never signs a review.
    Unused(String),
}

fn read_key(cp: &[u8]) -> KeyRead {
    let Some(space) = cp.iter().position(|&b| b == b' ' || b == b'\t') else {
        return KeyRead::No;
    };
    let name = &cp[..space];
    let Some(family) = key_family(name) else {
        return KeyRead::No;
    };
    let start = space
        + cp[space..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
    if start >= cp.len() {
        return KeyRead::No;
    }
    let end = start
        + cp[start..]
            .iter()
            .position(|&b| b == b' ' || b == b'\t')
            .unwrap_or(cp.len() - start);
    let Some(blob) = b64_decode(&cp[start..end]) else {
        return KeyRead::No;
    };
    // The blob names its own type: it must be of the family the line says.
    let Some(len) = blob
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    else {
        return KeyRead::No;
    };
    let Some(inner) = blob.get(4..4 + len) else {
        return KeyRead::No;
    };
    if key_family(inner) != Some(family) {
        return KeyRead::No;
    }
    if family != "ed25519" {
        return KeyRead::Unused(String::from_utf8_lossy(name).into_owned());
    }
    match PublicKey::from_bytes(&blob) {
        Ok(k) => KeyRead::Key(k),
        Err(_) => KeyRead::No,
    }
}

/// OpenSSH's `sshkey_advance_past_options`: the end of the options field,
/// or `None` where a quote is left open.
fn past_options(cp: &[u8]) -> Option<usize> {
    let mut quoted = false;
    let mut i = 0;
    while i < cp.len() && (quoted || (cp[i] != b' ' && cp[i] != b'\t')) {
        if cp[i] == b'\\' && cp.get(i + 1) == Some(&b'"') {
            i += 1;
        } else if cp[i] == b'"' {
            quoted = !quoted;
        }
        i += 1;
    }
    (!(i >= cp.len() && quoted)).then_some(i)
}

#[derive(Default)]
struct Options {
    cert_authority: bool,
    namespaces: Option<Vec<u8>>,
    valid_after: Option<u64>,
    valid_before: Option<u64>,
}

/// OpenSSH's `opt_dequote`: a double-quoted value (`\"` inside stands for
/// a quote) and what follows it.
fn dequote(s: &[u8]) -> Result<(Vec<u8>, &[u8]), OptionFault> {
    if s.first() != Some(&b'"') {
        return Err(OptionFault::Unquoted);
    }
    let mut out = Vec::new();
    let mut i = 1;
    while i < s.len() && s[i] != b'"' {
        if s[i] == b'\\' && s.get(i + 1) == Some(&b'"') {
            i += 1;
        }
        out.push(s[i]);
        i += 1;
    }
    if i >= s.len() {
        return Err(OptionFault::Unterminated);
    }
    Ok((out, &s[i + 1..]))
}

/// Case-insensitive `name=` at the start of `s`: what follows it.
fn option<'a>(s: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let n = name.len();
    (s.len() > n && s[..n].eq_ignore_ascii_case(name.as_bytes()) && s[n] == b'=')
        .then(|| &s[n + 1..])
}

/// OpenSSH's `sshsigopt_parse`.
fn parse_options(mut s: &[u8]) -> Result<Options, OptionFault> {
    let mut o = Options::default();
    while let Some(&c) = s.first() {
        if c == b' ' || c == b'\t' {
            break;
        }
        if s.len() >= 14 && s[..14].eq_ignore_ascii_case(b"cert-authority") {
            o.cert_authority = true;
            s = &s[14..];
        } else if let Some(rest) = option(s, "namespaces") {
            if o.namespaces.is_some() {
                return Err(OptionFault::Twice("namespaces"));
            }
            let (v, rest) = dequote(rest)?;
            o.namespaces = Some(v);
            s = rest;
        } else if let Some(rest) = option(s, "valid-after") {
            if o.valid_after.is_some() {
                return Err(OptionFault::Twice("valid-after"));
            }
            let (v, rest) = dequote(rest)?;
            o.valid_after = Some(parse_time(&v).ok_or(OptionFault::BadTime("valid-after"))?);
            s = rest;
        } else if let Some(rest) = option(s, "valid-before") {
            if o.valid_before.is_some() {
                return Err(OptionFault::Twice("valid-before"));
            }
            let (v, rest) = dequote(rest)?;
            o.valid_before = Some(parse_time(&v).ok_or(OptionFault::BadTime("valid-before"))?);
            s = rest;
        }
        match s.first() {
            None | Some(b' ') | Some(b'\t') => break,
            Some(b',') => {
                s = &s[1..];
                if s.is_empty() {
                    return Err(OptionFault::TrailingComma);
                }
            }
            Some(_) => return Err(OptionFault::Unknown),
        }
    }
    if let (Some(a), Some(b)) = (o.valid_after, o.valid_before)
        && b <= a
    {
        return Err(OptionFault::BeforeAfter);
    }
    Ok(o)
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

/// OpenSSH's `parse_absolute_time`: `YYYYMMDD[HHMM[SS]]`, then `Z` or `UTC`
/// for UTC, else local time; seconds since the epoch, never 0.
pub fn parse_time(s: &[u8]) -> Option<u64> {
    let (digits, utc) = if s.len() > 1 && s[s.len() - 1].eq_ignore_ascii_case(&b'z') {
        (&s[..s.len() - 1], true)
    } else if s.len() > 3 && s[s.len() - 3..].eq_ignore_ascii_case(b"utc") {
        (&s[..s.len() - 3], true)
    } else {
        (s, false)
    };
    if ![8, 12, 14].contains(&digits.len()) {
        return None;
    }
    // strptime reads each field after optional spaces, as digits only.
    let field = |a: usize, b: usize, lo: i64, hi: i64| -> Option<i64> {
        let f = digits.get(a..b)?;
        let d = &f[f.iter().take_while(|&&c| c == b' ').count()..];
        if d.is_empty() || !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v: i64 = std::str::from_utf8(d).ok()?.parse().ok()?;
        (lo..=hi).contains(&v).then_some(v)
    };
    let y = field(0, 4, 0, 9999)?;
    let mo = field(4, 6, 1, 12)?;
    let d = field(6, 8, 1, 31)?;
    let (h, mi, sec) = match digits.len() {
        8 => (0, 0, 0),
        12 => (field(8, 10, 0, 23)?, field(10, 12, 0, 59)?, 0),
        _ => (
            field(8, 10, 0, 23)?,
            field(10, 12, 0, 59)?,
            field(12, 14, 0, 61)?,
        ),
    };
    let t = if utc {
        days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec
    } else {
        local_epoch(y, mo, d, h, mi, sec)?
    };
    (t > 0).then_some(t as u64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(unix)]
fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    // SAFETY: a zeroed tm is valid; mktime reads and normalizes it. As in
    // OpenSSH, tm_isdst stays 0.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = (y - 1900) as libc::c_int;
        tm.tm_mon = (mo - 1) as libc::c_int;
        tm.tm_mday = d as libc::c_int;
        tm.tm_hour = h as libc::c_int;
        tm.tm_min = mi as libc::c_int;
        tm.tm_sec = s as libc::c_int;
        let t = libc::mktime(&mut tm);
        (t >= 0).then_some(t as i64)
    }
}

#[cfg(not(unix))]
fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// OpenSSH's `b64_pton`: white space anywhere is skipped, padding is
/// checked, and the bits past the last byte must be zero.
pub fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut state) = (0u32, 0u8);
    let mut i = 0;
    let mut padded = false;
    while i < s.len() && s[i] != 0 {
        let c = s[i];
        i += 1;
        if space(c) {
            continue;
        }
        if c == b'=' {
            padded = true;
            break;
        }
        acc = (acc << 6) | value(c)?;
        state += 1;
        if state == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            state = 0;
        }
    }
    if !padded {
        return (state == 0).then_some(out);
    }
    let rest = |from: usize| s[from..].iter().take_while(|&&c| c != 0);
    match state {
        2 => {
            // A second `=`, after any white space; then only white space.
            let mut r = rest(i).copied().skip_while(|&c| space(c));
            if r.next() != Some(b'=') || !r.all(space) {
                return None;
            }
            if acc & 0x0f != 0 {
                return None;
            }
            out.push((acc >> 4) as u8);
        }
        3 => {
            if !rest(i).all(|&c| space(c)) || acc & 0x03 != 0 {
                return None;
            }
            out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
        }
        _ => return None,
    }
    Some(out)
}

/// OpenSSH's `match_pattern`: `*` any run of bytes, `?` one byte.
pub fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < text.len() {
        if pi < pattern.len() && (pattern[pi] == b'?' || pattern[pi] == text[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < pattern.len() && pattern[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < pattern.len() && pattern[pi] == b'*' {
        pi += 1;
    }
    pi == pattern.len()
}

/// OpenSSH's `match_pattern_list`: whether `text` matches a pattern of the
/// comma-separated `list` and none of its `!` patterns.
pub fn matches_list(text: &[u8], list: &[u8]) -> bool {
    let mut yes = false;
    let mut i = 0;
    while i < list.len() {
        let negated = list[i] == b'!';
        if negated {
            i += 1;
        }
        let end = i + list[i..]
            .iter()
            .position(|&b| b == b',')
            .unwrap_or(list.len() - i);
        let sub = &list[i..end];
        // OpenSSH gives up on a pattern of 1,023 bytes or more.
        if sub.len() >= 1023 {
            return false;
        }
        i = if end < list.len() { end + 1 } else { end };
        if glob(sub, text) {
            if negated {
                return false;
            }
            yes = true;
        }
    }
    yes
}

impl Signer {
    /// Whether a principal is among this signer's patterns (a negated
    /// pattern that matches excludes it).
    pub fn names(&self, principal: &str) -> bool {
        matches_list(principal.as_bytes(), &self.principals)
    }

    pub fn allows_namespace(&self, ns: &str) -> bool {
        self.namespaces
            .as_ref()
            .is_none_or(|list| matches_list(ns.as_bytes(), list))
    }

    pub fn valid_at(&self, t: i64) -> bool {
        let t = t.max(0) as u64;
        self.valid_after.is_none_or(|a| t >= a) && self.valid_before.is_none_or(|b| t <= b)
    }

    /// The principals as people read them.
    pub fn principals_text(&self) -> String {
        crate::text::inert(&String::from_utf8_lossy(&self.principals)).into_owned()
    }

    /// The namespaces it allows, as written.
    pub fn namespaces_text(&self) -> Option<String> {
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
pub fn quote_principal(name: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfkLW5CKAE4GYuWbHuJWlmUzoRjEYhSrXUUyWJwBqBz";

    fn one(line: &str) -> Result<Signer, String> {
        let a = parse(line, "a");
        match (a.signers.into_iter().next(), a.skipped.into_iter().next()) {
            (Some(s), _) => Ok(s),
            (None, Some(e)) => Err(e.message),
            (None, None) => Err("nothing".into()),
        }
    }

    #[test]
    fn lines_with_options_quotes_and_comments() {
        let text = format!(
            "# the panel\n\n张三 namespaces=\"pingshen-review\" {KEY} 张三\n\"Li Si,lisi@*\" valid-after=\"20261101\",valid-before=\"20271231Z\" {KEY}\n"
        );
        let a = parse(&text, "allowed_signers");
        assert!(a.skipped.is_empty(), "{:?}", a.skipped);
        let s = a.signers;
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].line, 3);
        assert!(s[0].names("张三") && !s[0].names("李四"));
        assert!(s[0].allows_namespace("pingshen-review") && !s[0].allows_namespace("file"));
        assert!(s[1].names("Li Si") && s[1].names("lisi@office"));
        assert!(s[1].allows_namespace("anything"));
        let before = (days_from_civil(2027, 12, 31) * 86_400) as u64;
        assert_eq!(s[1].valid_before, Some(before));
        assert!(s[1].valid_at(before as i64) && !s[1].valid_at(before as i64 + 1));
    }

    #[test]
    fn quoted_principal_lists_as_openssh_reads_them() {
        let s = one(&format!("\"李四,张三\" {KEY}")).unwrap();
        assert!(s.names("李四") && s.names("张三"));
        let s = one(&format!("\"Li Si\" {KEY}")).unwrap();
        assert!(s.names("Li Si"));
        // The quote closes before the comma: the rest is read as options.
        assert!(one(&format!("\"李 四\",张三 {KEY}")).is_err());
    }

    #[test]
    fn broken_lines_are_skipped_with_their_number_and_the_rest_read() {
        let a = parse(
            format!(
                "ok {KEY}\nbroken ssh-ed25519 AAAA\nx valid-after=\"2026\" {KEY}\nx frobnicate {KEY}\ny {KEY}\n"
            ),
            "a",
        );
        assert_eq!(a.signers.len(), 2);
        assert_eq!(
            a.skipped.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
    }

    #[test]
    fn options_as_openssh_reads_them() {
        let ns = |o: &str| one(&format!("x {o} {KEY}"));
        assert!(ns("namespaces=pingshen-review").is_err(), "unquoted");
        assert!(ns("valid-before=20270101").is_err(), "unquoted");
        assert!(ns("namespaces=\"a\",namespaces=\"b\"").is_err(), "twice");
        assert!(ns("namespaces=\"a\",").is_err(), "trailing comma");
        assert!(ns("NAMESPACES=\"a\"").is_ok(), "names in any case");
        let s = ns("namespaces=\"file, pingshen-review\"").unwrap();
        assert!(!s.allows_namespace("pingshen-review"), "the space stays");
        let s = ns("namespaces=\"*,!pingshen-review\"").unwrap();
        assert!(!s.allows_namespace("pingshen-review") && s.allows_namespace("file"));
        assert!(
            ns("valid-after=\"20270101\",valid-before=\"20260101\"").is_err(),
            "before ≤ after"
        );
    }

    #[test]
    fn patterns_match_bytes() {
        assert!(glob(b"*", "张三".as_bytes()));
        assert!(glob(b"zh?ng*", b"zhang san"));
        assert!(!glob(b"zh?ng", b"zhang san"));
        // 张 is three bytes: `?` is one of them.
        assert!(!glob("?三".as_bytes(), "张三".as_bytes()));
        assert!(glob("???三".as_bytes(), "张三".as_bytes()));
        assert!(matches_list(b"alice", b"*,!mallory"));
        assert!(!matches_list(b"mallory", b"*,!mallory"));
        assert!(!matches_list(b"b", b"a, b"));
    }

    #[test]
    fn times_in_utc_and_their_forms() {
        assert_eq!(parse_time(b"19700101Z"), None, "0 is no time");
        assert_eq!(parse_time(b"197001010001Z"), Some(60));
        assert_eq!(parse_time(b"19700101000001Z"), Some(1));
        assert_eq!(parse_time(b"19700101000001UTC"), Some(1));
        assert_eq!(parse_time(b"1970010"), None);
        assert_eq!(parse_time(b"19701301Z"), None);
    }

    #[test]
    fn base64_as_openssh_decodes_it() {
        assert_eq!(b64_decode(b"aGk=").unwrap(), b"hi");
        assert_eq!(b64_decode(b"aG\nk =").unwrap(), b"hi");
        assert_eq!(b64_decode(b"aGk").as_deref(), None, "unpadded tail");
        assert_eq!(b64_decode(b"aGl=").as_deref(), None, "bits past the end");
        assert_eq!(b64_decode(b"aQ==").unwrap(), b"i");
        assert_eq!(b64_decode(b"aQ=").as_deref(), None);
        assert_eq!(b64_decode(b"aGk=x").as_deref(), None);
    }

    #[test]
    fn written_principals_read_back_as_one_name() {
        for name in ["张三", "Li Si", "#1", "王 五 "] {
            let line = format!("{} {KEY}", quote_principal(name).unwrap());
            let s = one(&line).unwrap();
            assert!(s.names(name), "{line}");
        }
        for bad in ["a\"b", "a,b", "x*y", "x?", "!x", "a\tb\n"] {
            assert_eq!(quote_principal(bad), None, "{bad:?}");
        }
    }
}
