//! The options field of a line (`namespaces="…"`, `valid-after="…"`,
//! `valid-before="…"`, `cert-authority`), read as OpenSSH's
//! `sshsig_parse_options` reads it.

use super::time::parse_time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OptionFault {
    Unknown,
    Twice(&'static str),
    Unquoted,
    Unterminated,
    BadTime(&'static str),
    BeforeAfter,
    TrailingComma,
}

/// OpenSSH's `sshkey_advance_past_options`: the end of the options field,
/// or `None` where a quote is left open.
pub(super) fn past_options(cp: &[u8]) -> Option<usize> {
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
pub(super) struct Options {
    pub(super) cert_authority: bool,
    pub(super) namespaces: Option<Vec<u8>>,
    pub(super) valid_after: Option<u64>,
    pub(super) valid_before: Option<u64>,
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
pub(super) fn option<'a>(s: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let n = name.len();
    (s.len() > n && s[..n].eq_ignore_ascii_case(name.as_bytes()) && s[n] == b'=')
        .then(|| &s[n + 1..])
}

/// OpenSSH's `sshsigopt_parse`.
pub(super) fn parse_options(mut s: &[u8]) -> Result<Options, OptionFault> {
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
