//! OpenSSH `allowed_signers` files (ssh-keygen(1), "ALLOWED SIGNERS"):
//! one signer a line — principals, options, key type, base64 key, comment.
//!
//! ```text
//! 张三 namespaces="pingshen-review" ssh-ed25519 AAAAC3Nza… 张三
//! "Li Si",lisi@office valid-after="20261101",valid-before="20271231Z" ssh-ed25519 AAAA…
//! ```
//!
//! Principals are comma-separated patterns (`*`, `?`, `!` to negate), quoted
//! when they hold spaces; `namespaces=` limits what a key may sign;
//! `valid-after=` and `valid-before=` bound when (YYYYMMDD[HHMM[SS]], `Z`
//! for UTC, else local time). `cert-authority` lines are not used: review
//! keys are plain keys.

use ssh_key::PublicKey;

use crate::i18n::{M, trf};

/// One signer of the file.
#[derive(Clone, Debug)]
pub struct Signer {
    /// The line it came from (from 1), for messages.
    pub line: usize,
    pub principals: Vec<String>,
    pub namespaces: Option<Vec<String>>,
    /// Seconds since the epoch, UTC.
    pub valid_after: Option<i64>,
    pub valid_before: Option<i64>,
    pub cert_authority: bool,
    pub key: PublicKey,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{}", trf(M::SignersLine, &[.path, .line, .message]))]
pub struct SignersError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// Splits a line into fields at white space, keeping quoted parts (the
/// quotes stay in the field, as options carry them inside).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits at commas outside quotes.
fn commas(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn is_key_type(s: &str) -> bool {
    s.starts_with("ssh-") || s.starts_with("ecdsa-") || s.starts_with("sk-")
}

/// Parses `YYYYMMDD[HHMM[SS]][Z]` into seconds since the epoch.
pub fn parse_time(s: &str) -> Option<i64> {
    let (digits, utc) = match s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        Some(d) => (d, true),
        None => (s, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return None;
    }
    let n = |a: usize, b: usize| digits.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d) = (n(0, 4)?, n(4, 6)?, n(6, 8)?);
    let (h, mi, sec) = (
        n(8, 10).unwrap_or(0),
        n(10, 12).unwrap_or(0),
        n(12, 14).unwrap_or(0),
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    if utc {
        Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec)
    } else {
        local_epoch(y, mo, d, h, mi, sec)
    }
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
    // SAFETY: a zeroed tm is valid; mktime reads and normalizes it.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = (y - 1900) as libc::c_int;
        tm.tm_mon = (mo - 1) as libc::c_int;
        tm.tm_mday = d as libc::c_int;
        tm.tm_hour = h as libc::c_int;
        tm.tm_min = mi as libc::c_int;
        tm.tm_sec = s as libc::c_int;
        tm.tm_isdst = -1;
        let t = libc::mktime(&mut tm);
        (t != -1).then_some(t as i64)
    }
}

#[cfg(not(unix))]
fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Parses an allowed_signers file's text; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Vec<Signer>, SignersError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| SignersError {
            path: path.to_string(),
            line,
            message,
        };
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let f = fields(t);
        if f.len() < 3 {
            return Err(err(
                "expected: principals [options] key-type base64-key [comment]".into(),
            ));
        }
        let principals: Vec<String> = commas(&f[0])
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let (options, key_at) = if is_key_type(&f[1]) {
            (None, 1)
        } else {
            (Some(f[1].as_str()), 2)
        };
        let mut s = Signer {
            line,
            principals,
            namespaces: None,
            valid_after: None,
            valid_before: None,
            cert_authority: false,
            key: {
                let ty = f.get(key_at).ok_or_else(|| err("no key type".into()))?;
                let b64 = f
                    .get(key_at + 1)
                    .ok_or_else(|| err("no base64 key".into()))?;
                PublicKey::from_openssh(&format!("{ty} {b64}"))
                    .map_err(|e| err(format!("key: {e}")))?
            },
        };
        for opt in options.map(commas).unwrap_or_default() {
            let (name, value) = match opt.split_once('=') {
                Some((n, v)) => (
                    n.to_ascii_lowercase(),
                    Some(v.trim_matches('"').to_string()),
                ),
                None => (opt.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("cert-authority", None) => s.cert_authority = true,
                ("namespaces", Some(v)) => {
                    s.namespaces = Some(v.split(',').map(|x| x.trim().to_string()).collect())
                }
                ("valid-after", Some(v)) => {
                    s.valid_after =
                        Some(parse_time(&v).ok_or_else(|| err(format!("valid-after: {v}")))?)
                }
                ("valid-before", Some(v)) => {
                    s.valid_before =
                        Some(parse_time(&v).ok_or_else(|| err(format!("valid-before: {v}")))?)
                }
                (other, _) => return Err(err(format!("unknown option {other:?}"))),
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// OpenSSH's wildcard match: `*` any run, `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
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
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

impl Signer {
    /// Whether a principal is among this signer's patterns (a negated
    /// pattern that matches excludes it).
    pub fn names(&self, principal: &str) -> bool {
        let mut yes = false;
        for p in &self.principals {
            if let Some(neg) = p.strip_prefix('!') {
                if glob(neg, principal) {
                    return false;
                }
            } else if glob(p, principal) {
                yes = true;
            }
        }
        yes
    }

    pub fn allows_namespace(&self, ns: &str) -> bool {
        self.namespaces
            .as_ref()
            .is_none_or(|list| list.iter().any(|n| glob(n, ns)))
    }

    pub fn valid_at(&self, t: i64) -> bool {
        self.valid_after.is_none_or(|a| t >= a) && self.valid_before.is_none_or(|b| t <= b)
    }
}

/// A principal as an allowed_signers line writes it: quoted when it holds
/// white space or a comma.
pub fn quote_principal(name: &str) -> String {
    if name.chars().any(|c| c.is_whitespace() || c == ',') {
        format!("\"{}\"", name.replace('"', ""))
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfkLW5CKAE4GYuWbHuJWlmUzoRjEYhSrXUUyWJwBqBz";

    #[test]
    fn lines_with_options_quotes_and_comments() {
        let text = format!(
            "# the panel\n\n张三 namespaces=\"pingshen-review\" {KEY} 张三\n\"Li Si\",lisi@* valid-after=\"20261101\",valid-before=\"20271231Z\" {KEY}\n"
        );
        let s = parse(&text, "allowed_signers").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].line, 3);
        assert!(s[0].names("张三") && !s[0].names("李四"));
        assert!(s[0].allows_namespace("pingshen-review") && !s[0].allows_namespace("file"));
        assert!(s[1].names("Li Si") && s[1].names("lisi@office"));
        assert!(s[1].allows_namespace("anything"));
        let before = days_from_civil(2027, 12, 31) * 86_400;
        assert_eq!(s[1].valid_before, Some(before));
        assert!(s[1].valid_at(before) && !s[1].valid_at(before + 1));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse(&format!("ok {KEY}\nbroken ssh-ed25519 AAAA\n"), "a").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse(&format!("x valid-after=\"2026\" {KEY}\n"), "a").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse(&format!("x frobnicate {KEY}\n"), "a").unwrap_err();
        assert!(e.message.contains("frobnicate"));
    }

    #[test]
    fn patterns_as_openssh_matches_them() {
        assert!(glob("*", "张三"));
        assert!(glob("zh?ng*", "zhang san"));
        assert!(!glob("zh?ng", "zhang san"));
        let s = parse(&format!("*,!mallory {KEY}"), "a").unwrap();
        assert!(s[0].names("alice") && !s[0].names("mallory"));
    }

    #[test]
    fn times_in_utc_and_their_forms() {
        assert_eq!(parse_time("19700101Z"), Some(0));
        assert_eq!(parse_time("197001010001Z"), Some(60));
        assert_eq!(parse_time("19700101000001Z"), Some(1));
        assert_eq!(parse_time("1970010"), None);
        assert_eq!(parse_time("19701301Z"), None);
    }
}
