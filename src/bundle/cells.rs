//! Cell values → numbers, the way people type them: numbers stored as text,
//! thousands separators, full-width digits, units stated in the header.

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
    pub fn in_label(label: &str) -> Option<Unit> {
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
    pub fn in_note(text: &str) -> Option<Unit> {
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
pub type CellResult<T> = Result<Option<T>, String>;

/// Marks that mean "nothing to report" in a numeric column.
fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "--" | "—" | "——" | "/" | "无" | "—-" | "－")
}

/// The cell's text folded for number parsing, or `None` when the cell is blank.
fn numeric_text(s: &str) -> Option<String> {
    let f: String = text::fold(s)
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | '\''))
        .collect();
    (!f.is_empty() && !is_dash(&f)).then_some(f)
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
/// people), exactly for typed text and rounded for binary numbers.
pub fn scaled_int(v: &Value, unit: Unit) -> CellResult<i64> {
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
            Some(f) => parse_decimal(&f)
                .and_then(|(m, sc)| scale_exact(m, sc, unit.factor()))
                .map(Some)
                .ok_or_else(|| expected(unit, v)),
        },
        _ => Err(expected(unit, v)),
    }
}

/// A whole number (counts, item numbers, pages).
pub fn whole(v: &Value) -> CellResult<i64> {
    let err = || trf(M::ExpectedInteger, &[&v.describe()]);
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Some(*n as i64)),
        Value::Text(s) => match numeric_text(s) {
            None => Ok(None),
            Some(f) => match parse_decimal(&f) {
                Some((m, 0)) => i64::try_from(m).map(Some).map_err(|_| err()),
                _ => Err(err()),
            },
        },
        _ => Err(err()),
    }
}

/// A real number (percentages, energy intensity); a trailing % is allowed.
pub fn real(v: &Value, unit: Unit) -> CellResult<f64> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.is_finite() => Ok(Some(*n)),
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
pub fn yes_no(v: &Value) -> CellResult<bool> {
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
pub fn text_of(v: &Value) -> CellResult<String> {
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

/// The unit description used when the header states none.
pub fn unit_assumed(unit: Unit) -> String {
    trf(M::UnitAssumed, &[&unit.name()])
}

/// "a blank cell" / "空白": for messages about required cells.
pub fn missing(what: M) -> String {
    trf(M::MissingValue, &[&tr(what)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn money_from_text_is_exact() {
        assert_eq!(
            scaled_int(&t("12,345.6789"), Unit::Wan),
            Ok(Some(123_456_789))
        );
        assert_eq!(
            scaled_int(&t("１２，３４５．６"), Unit::Wan),
            Ok(Some(123_456_000))
        );
        assert_eq!(scaled_int(&t(" 3.5 "), Unit::Yi), Ok(Some(350_000_000)));
        assert_eq!(scaled_int(&t("-"), Unit::Wan), Ok(None));
        assert_eq!(scaled_int(&Value::Number(0.1), Unit::Wan), Ok(Some(1_000)));
        assert!(scaled_int(&t("约3亿"), Unit::Wan).is_err());
        assert!(scaled_int(&t("1.2.3"), Unit::Wan).is_err());
        assert!(scaled_int(&Value::Date("2018-01-01".into()), Unit::Wan).is_err());
    }

    #[test]
    fn units_from_labels_and_notes() {
        let f = |s: &str| Unit::in_label(&text::fold(s));
        assert_eq!(f("销售收入（万元）"), Some(Unit::Wan));
        assert_eq!(f("年销售额(亿元)"), Some(Unit::Yi));
        assert_eq!(f("就业人数（人）"), Some(Unit::Person));
        assert_eq!(f("增速（%）"), Some(Unit::Percent));
        assert_eq!(f("集群名称"), None);
        assert_eq!(Unit::in_note("单位：亿元"), Some(Unit::Yi));
        assert_eq!(Unit::in_note("填报单位：随州市经信局"), None);
    }

    #[test]
    fn whole_numbers_and_answers() {
        assert_eq!(whole(&t("１２")), Ok(Some(12)));
        assert!(whole(&t("12.5")).is_err());
        assert_eq!(whole(&Value::Number(3.0)), Ok(Some(3)));
        assert_eq!(real(&t("12.5%"), Unit::Percent), Ok(Some(12.5)));
        assert_eq!(yes_no(&t("是")), Ok(Some(true)));
        assert_eq!(yes_no(&t("不达标")), Ok(Some(false)));
        assert!(yes_no(&t("也许")).is_err());
    }
}
