//! Times in `valid-after` and `valid-before`, read as OpenSSH's
//! `parse_absolute_time` reads them.

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

/// A local time as OpenSSH reads it; as UTC where the system has no local
/// time rules here.
fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    crate::platform::local_epoch(y, mo, d, h, mi, s)
        .unwrap_or_else(|| Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s))
}
