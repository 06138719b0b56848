//! Cell values → numbers, the way people type them: numbers stored as text,
//! thousands separators, full-width digits, units stated in the header.

#[cfg(test)]
mod tests;

use crate::bundle::workbook::Value;
use crate::i18n::{M, tr, trf};
use crate::text;

/// A unit stated in a header (or a 单位： note above the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    Wan,
    Yi,
    Person,
    WanPerson,
    Percent,
    /// Tonnes of standard coal per 万元 of value added.
    TcePerWan,
    Count,
}

impl Unit {
    /// The unit named in a (folded) header label, if any. Units are usually
    /// in brackets; a bare 万元/亿元 anywhere in the label counts too.
    pub(crate) fn in_label(label: &str) -> Option<Unit> {
        let l = label;
        if l.contains("标准煤") || l.contains("标煤") || l.contains("tce") {
            Some(Unit::TcePerWan)
        } else if l.contains("亿元") {
            Some(Unit::Yi)
        } else if l.contains("万元") {
            Some(Unit::Wan)
        } else if l.contains("(元)") || l.ends_with("元)") {
            Some(Unit::Yuan)
        } else if l.contains("万人") {
            Some(Unit::WanPerson)
        } else if l.contains("(人)") || l.contains("人次") {
            Some(Unit::Person)
        } else if l.contains('%') || l.contains("百分比") {
            Some(Unit::Percent)
        } else if l.contains("(家)")
            || l.contains("(个)")
            || l.contains("(件)")
            || l.contains("(项)")
        {
            Some(Unit::Count)
        } else {
            None
        }
    }

    /// A 单位：万元 style note, as offices put above a table.
    pub(crate) fn in_note(text: &str) -> Option<Unit> {
        let f = text::fold(text);
        let i = f.find("单位:").map(|i| i + "单位:".len())?;
        let rest = &f[i..];
        if rest.starts_with("亿元") {
            Some(Unit::Yi)
        } else if rest.starts_with("万元") {
            Some(Unit::Wan)
        } else if rest.starts_with('元') {
            Some(Unit::Yuan)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
            Unit::Yi => "亿元",
            Unit::Person => "人",
            Unit::WanPerson => "万人",
            Unit::Percent => "%",
            Unit::TcePerWan => "吨标准煤/万元",
            Unit::Count => "个",
        }
    }

    /// Yuan (or persons) per unit, for the units that scale to a stored integer.
    fn factor(self) -> i64 {
        match self {
            Unit::Yuan | Unit::Person | Unit::Count => 1,
            Unit::Wan | Unit::WanPerson => 10_000,
            Unit::Yi => 100_000_000,
            Unit::Percent | Unit::TcePerWan => 1,
        }
    }
}

/// A refused cell: what was expected, and what was found.
pub(crate) type CellResult<T> = Result<Option<T>, String>;

/// Marks that mean "nothing to report" in a numeric column.
fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "--" | "—" | "——" | "/" | "无" | "—-" | "－")
}

/// The cell's text folded for number parsing, or `None` when the cell is
/// blank: separators dropped, every minus sign a `-` (U+2212, full-width),
/// an accounting negative `(11,769.25)` a negative.
fn numeric_text(s: &str) -> Option<String> {
    let f: String = text::fold(s)
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | '\''))
        .map(|c| {
            if matches!(c, '\u{2212}' | '\u{fe63}') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if f.is_empty() || is_dash(&f) {
        return None;
    }
    match f.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) if !inner.starts_with('-') => Some(format!("-{inner}")),
        _ => Some(f),
    }
}

/// The kind of quantity a unit measures: a cell's own unit must be of its
/// column's kind.
fn kind(u: Unit) -> u8 {
    match u {
        Unit::Yuan | Unit::Wan | Unit::Yi => 0,
        Unit::Person | Unit::WanPerson => 1,
        Unit::Count => 2,
        Unit::Percent => 3,
        Unit::TcePerWan => 4,
    }
}

/// A unit written inside the cell after the figure (`385,210.45万元`,
/// `3家`): the figure and the unit.
fn cell_unit(f: &str) -> (&str, Option<Unit>) {
    const SUFFIXES: &[(&str, Unit)] = &[
        ("亿元", Unit::Yi),
        ("万元", Unit::Wan),
        ("元", Unit::Yuan),
        ("万人", Unit::WanPerson),
        ("人", Unit::Person),
        ("名", Unit::Person),
        ("家", Unit::Count),
        ("件", Unit::Count),
        ("个", Unit::Count),
        ("项", Unit::Count),
        ("户", Unit::Count),
    ];
    for (suffix, u) in SUFFIXES {
        if let Some(rest) = f.strip_suffix(suffix) {
            return (rest.trim_end(), Some(*u));
        }
    }
    (f, None)
}

/// Parses a plain decimal (`-1234.5`) exactly into mantissa and scale.
fn parse_decimal(s: &str) -> Option<(i128, u32)> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if int.len() + frac.len() > 30 {
        return None;
    }
    let digits = format!("{int}{frac}");
    let m: i128 = digits.parse().ok()?;
    Some((if neg { -m } else { m }, frac.len() as u32))
}

/// `mantissa / 10^scale * factor`, rounded half away from zero to an integer.
fn scale_exact(m: i128, scale: u32, factor: i64) -> Option<i64> {
    let num = m.checked_mul(factor as i128)?;
    let den = 10i128.checked_pow(scale)?;
    let q = num / den;
    let r = num % den;
    let q = if r.abs() * 2 >= den && den > 1 {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(q).ok()
}

fn expected(unit: Unit, v: &Value) -> String {
    trf(M::ExpectedNumberIn, &[&unit.name(), &v.describe()])
}

/// An amount scaled by its unit to an integer (yuan for money, persons for
/// people), exactly for typed text and rounded for binary numbers. A unit
/// written in the cell (`385,210.45万元`, `3,852,104,500元`) is the unit
/// it is read in; a unit of another kind is refused.
pub(crate) fn scaled_int(v: &Value, unit: Unit) -> CellResult<i64> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) => {
            let x = n * unit.factor() as f64;
            if x.is_finite() && x.abs() < 9e15 {
                Ok(Some(x.round() as i64))
            } else {
                Err(expected(unit, v))
            }
        }
        Value::Text(s) => match numeric_text(s) {
            None => Ok(None),
            Some(f) => {
                let (figure, stated) = cell_unit(&f);
                let u = match stated {
                    None => unit,
                    Some(c) if kind(c) == kind(unit) => c,
                    // 3家 in a column of counts kept in persons' stead.
                    Some(Unit::Count) if kind(unit) == 1 => unit,
                    Some(_) => return Err(expected(unit, v)),
                };
                parse_decimal(figure)
                    .and_then(|(m, sc)| scale_exact(m, sc, u.factor()))
                    .map(Some)
                    .ok_or_else(|| expected(unit, v))
            }
        },
        _ => Err(expected(unit, v)),
    }
}

/// Whether a cell states its amount more precisely than it can be kept (a
/// fraction of a yuan, of a person): it is rounded, and said so.
pub(crate) fn excess_precision(v: &Value, unit: Unit) -> bool {
    match v {
        // The number to the 15 significant digits a spreadsheet keeps and
        // shows, checked exactly: 0.1+0.2 is 0.3, no float noise.
        Value::Number(n) => decimal15(*n).is_some_and(|(m, sc)| finer(m, sc, unit)),
        Value::Text(s) => numeric_text(s).is_some_and(|f| {
            let (figure, stated) = cell_unit(&f);
            let u = stated.filter(|c| kind(*c) == kind(unit)).unwrap_or(unit);
            finer_than(figure, u)
        }),
        _ => false,
    }
}

/// Whether a plain decimal in `unit` has digits below what is kept.
fn finer_than(figure: &str, unit: Unit) -> bool {
    parse_decimal(figure).is_some_and(|(m, sc)| finer(m, sc, unit))
}

/// Whether mantissa × 10^-scale in `unit` has digits below what is kept.
fn finer(m: i128, scale: u32, unit: Unit) -> bool {
    let num = m.saturating_mul(unit.factor() as i128);
    10i128.checked_pow(scale).is_some_and(|den| num % den != 0)
}

/// A number as the decimal of its 15 significant digits: (mantissa, scale).
fn decimal15(n: f64) -> Option<(i128, u32)> {
    if !n.is_finite() {
        return None;
    }
    let s = format!("{n:.14e}");
    let (mant, exp) = s.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let m: i128 = mant.replace('.', "").parse().ok()?;
    let scale = 14 - exp;
    if scale <= 0 {
        return m
            .checked_mul(10i128.checked_pow(scale.unsigned_abs())?)
            .map(|m| (m, 0));
    }
    Some((m, scale as u32))
}

/// A whole number (counts, item numbers, pages).
pub(crate) fn whole(v: &Value) -> CellResult<i64> {
    let err = || trf(M::ExpectedInteger, &[&v.describe()]);
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Some(*n as i64)),
        Value::Text(s) => match numeric_text(s) {
            None => Ok(None),
            // Counts with their measure word: 3家, 45件, 2个, 5,292人.
            Some(f) => match parse_decimal(match cell_unit(&f) {
                (figure, Some(Unit::Count | Unit::Person)) => figure,
                _ => &f,
            }) {
                Some((m, 0)) => i64::try_from(m).map(Some).map_err(|_| err()),
                _ => Err(err()),
            },
        },
        _ => Err(err()),
    }
}

/// A real number (percentages, energy intensity); a trailing % is allowed.
pub(crate) fn real(v: &Value, unit: Unit) -> CellResult<f64> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.is_finite() => Ok(Some(*n)),
        // A cell formatted as a percentage holds the fraction: 14.2% is 0.142.
        Value::Percent(p) if unit == Unit::Percent && p.is_finite() => {
            Ok(Some((p * 100.0 * 1e9).round() / 1e9))
        }
        Value::Text(s) => match numeric_text(s) {
            None => Ok(None),
            Some(f) => {
                let f = f.strip_suffix('%').unwrap_or(&f);
                parse_decimal(f)
                    .map(|(m, sc)| Some(m as f64 / 10f64.powi(sc as i32)))
                    .ok_or_else(|| expected(unit, v))
            }
        },
        _ => Err(expected(unit, v)),
    }
}

/// A yes/no answer (是/否, 有/无, 达标/不达标, √/×).
pub(crate) fn yes_no(v: &Value) -> CellResult<bool> {
    let s = match v {
        Value::Empty => return Ok(None),
        Value::Bool(b) => return Ok(Some(*b)),
        other => text::fold(&other.as_text()),
    };
    match s.as_str() {
        "" => Ok(None),
        "是" | "有" | "达标" | "√" | "✓" | "Y" | "y" | "yes" | "Yes" | "YES" | "TRUE" => {
            Ok(Some(true))
        }
        "否" | "无" | "不达标" | "未达标" | "×" | "✗" | "N" | "n" | "no" | "No" | "NO"
        | "FALSE" => Ok(Some(false)),
        _ => Err(trf(M::ExpectedYesNo, &[&v.describe()])),
    }
}

/// Text, trimmed and NFC; numbers are accepted as their text (an id typed as 101).
pub(crate) fn text_of(v: &Value) -> CellResult<String> {
    match v {
        Value::Empty => Ok(None),
        Value::Text(s) => {
            let c = text::clean(s);
            Ok((!c.is_empty()).then_some(c))
        }
        Value::Number(_) => Ok(Some(v.as_text())),
        _ => Err(trf(M::ExpectedText, &[&v.describe()])),
    }
}

/// A cluster id as people type it, normalized: NFKC (full-width letters,
/// digits and dashes become ASCII), trimmed, upper case, every dash a `-`;
/// then checked to be an id — two letters (KH for the assessment, SB for
/// applications, or others an office uses), the prefecture's code of four
/// or six digits, a number: `KH-4213-01`, `SB-429004-02`.
pub(crate) fn cluster_id(v: &Value) -> CellResult<String> {
    let raw = match v {
        Value::Empty => return Ok(None),
        Value::Text(s) => s.clone(),
        _ => return Err(trf(M::ExpectedId, &[&v.describe()])),
    };
    let id: String = text::fold(&raw)
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{30fc}' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    if id.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = id.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && matches!(parts[1].len(), 4 | 6)
        && parts[1].bytes().all(|b| b.is_ascii_digit())
        && (1..=4).contains(&parts[2].len())
        && parts[2].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(Some(id))
    } else {
        Err(trf(M::ExpectedId, &[&v.describe()]))
    }
}

/// The unit description used when the header states none.
pub(crate) fn unit_assumed(unit: Unit) -> String {
    trf(M::UnitAssumed, &[&unit.name()])
}

/// "a blank cell" / "空白": for messages about required cells.
pub fn missing(what: M) -> String {
    trf(M::MissingValue, &[&tr(what)])
}
