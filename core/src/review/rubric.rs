//! The rubric of a round, read from the bundle's TOML so that an office can
//! change it without a new release.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{M, tr, trf};
use crate::model::{IndicatorKind, Round};
use crate::review::conditions::Condition;

/// Points in hundredths, so that maxima, steps and later scores are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

impl Points {
    /// Parses `12`, `12.5` or `0.25` exactly; more than two decimals is refused.
    pub fn parse(s: &str) -> Option<Points> {
        let s = s.trim();
        let (neg, body) = s.strip_prefix('-').map_or((false, s), |b| (true, b));
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty()
            || frac.len() > 2
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let i: i64 = int.parse().ok()?;
        let digit = |k: usize| frac.as_bytes().get(k).map_or(0, |b| i64::from(b - b'0'));
        let f = digit(0) * 10 + digit(1);
        let v = i.checked_mul(100)?.checked_add(f)?;
        Some(Points(if neg { -v } else { v }))
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        match a % 100 {
            0 => write!(f, "{sign}{}", a / 100),
            r if r % 10 == 0 => write!(f, "{sign}{}.{}", a / 100, r / 10),
            r => write!(f, "{sign}{}.{r:02}", a / 100),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Str(String),
        }
        let err =
            || serde::de::Error::custom("expected points like 10 or 0.5 (at most two decimals)");
        match Raw::deserialize(d)? {
            Raw::Int(i) => i.checked_mul(100).map(Points).ok_or_else(err),
            // TOML floats such as 0.5 are parsed from their decimal text.
            Raw::Float(x) => Points::parse(&format!("{x}")).ok_or_else(err),
            Raw::Str(s) => Points::parse(&s).ok_or_else(err),
        }
    }
}

/// One item of a rubric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    pub id: String,
    pub name: String,
    pub group: String,
    pub max: Points,
    pub step: Points,
    /// The performance indicators the item draws on.
    #[serde(default)]
    pub indicators: Vec<IndicatorKind>,
    /// The application condition the item scores, with its automatic check.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// Whether the item expects evidence in the catalogue.
    #[serde(default = "yes")]
    pub evidence: bool,
    /// What the experts should look for.
    #[serde(default)]
    pub guidance: String,
    /// Whether a review is complete only once the item is scored.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// The rubric of one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub round: Round,
    pub title: String,
    /// The conclusions an expert chooses from (优秀/合格/… or 推荐/不推荐).
    pub opinions: Vec<String>,
    #[serde(rename = "items")]
    pub items: Vec<RubricItem>,
}

/// A rubric that does not make sense, with the line and field at fault.
/// Every piece of the file it quotes is inert (no escape sequence of a
/// rubric reaches the terminal) and short.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RubricError {
    #[error("{0}")]
    Toml(String),
    #[error("{}", at_line(*line, &format!("items[{index}] ({id}).{field}: {message}")))]
    Item {
        /// 1-based line of the item's `[[items]]`, where known.
        line: Option<usize>,
        index: usize,
        id: String,
        field: &'static str,
        message: String,
    },
    #[error("{}", at_line(*line, &format!("{field}: {message}")))]
    Rubric {
        line: Option<usize>,
        field: &'static str,
        message: String,
    },
}

fn at_line(line: Option<usize>, what: &str) -> String {
    match line {
        Some(n) => trf(M::RubricLine, &[&n, &what]),
        None => what.to_string(),
    }
}

/// The most points an item may be worth, and the rubric's total (in
/// hundredths): a rubric of 100 points, or of 1000, is sensible; one whose
/// total overflows is not.
const MAX_POINTS: i64 = 1000 * 100;
/// At most this many items, conclusions.
const MAX_ITEMS: usize = 200;
const MAX_OPINIONS: usize = 12;
/// Lengths, in characters, of what is shown on screen.
const MAX_ID: usize = 16;
const MAX_NAME: usize = 64;
const MAX_TITLE: usize = 200;
const MAX_GUIDANCE: usize = 4000;

/// Where each item's `[[items]]` table starts (1-based lines), read from
/// the text apart so that a rubric's errors can name the line.
fn item_lines(text: &str) -> Vec<usize> {
    #[derive(Deserialize)]
    struct Lines {
        #[serde(default)]
        items: Vec<toml::Spanned<toml::Value>>,
    }
    let Ok(l) = toml::from_str::<Lines>(text) else {
        return Vec::new();
    };
    l.items
        .iter()
        .map(|s| line_of(text, s.span().start))
        .collect()
}

/// The 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Whether a one-line text holds a control or bidirectional character.
fn has_control(s: &str) -> bool {
    s.chars().any(crate::text::is_dangerous)
}

impl Rubric {
    /// The ids of its items, in order.
    pub fn item_ids(&self) -> Vec<String> {
        self.items.iter().map(|i| i.id.clone()).collect()
    }

    /// Parses and validates a rubric file's text.
    pub fn parse(text: &str) -> Result<Rubric, RubricError> {
        let r: Rubric = toml::from_str(text)
            .map_err(|e| RubricError::Toml(crate::text::inert_lines(&e.to_string(), 600)))?;
        r.validate(&item_lines(text))?;
        Ok(r)
    }

    fn validate(&self, lines: &[usize]) -> Result<(), RubricError> {
        let whole = |field, message: String| RubricError::Rubric {
            line: None,
            field,
            message,
        };
        if self.items.is_empty() {
            return Err(whole("items", tr(M::RubricNoItems).into()));
        }
        if self.items.len() > MAX_ITEMS {
            return Err(whole("items", trf(M::RubricTooMany, &[&MAX_ITEMS])));
        }
        if self.opinions.is_empty() {
            return Err(whole("opinions", tr(M::RubricNoOpinions).into()));
        }
        if self.opinions.len() > MAX_OPINIONS {
            return Err(whole("opinions", trf(M::RubricTooMany, &[&MAX_OPINIONS])));
        }
        let mut conclusions = BTreeSet::new();
        for o in &self.opinions {
            if o.trim().is_empty() {
                return Err(whole("opinions", tr(M::RubricEmptyId).into()));
            }
            if o.chars().count() > MAX_ID {
                return Err(whole("opinions", trf(M::RubricTooLong, &[&MAX_ID])));
            }
            if has_control(o) {
                return Err(whole("opinions", tr(M::RubricControl).into()));
            }
            if !conclusions.insert(o.trim()) {
                return Err(whole("opinions", tr(M::RubricDuplicateId).into()));
            }
        }
        if self.title.chars().count() > MAX_TITLE {
            return Err(whole("title", trf(M::RubricTooLong, &[&MAX_TITLE])));
        }
        if has_control(&self.title) {
            return Err(whole("title", tr(M::RubricControl).into()));
        }
        let mut seen = BTreeSet::new();
        let mut total: i64 = 0;
        for (index, item) in self.items.iter().enumerate() {
            let bad = |field, message: String| RubricError::Item {
                line: lines.get(index).copied(),
                index,
                id: crate::text::quote(&item.id, MAX_ID),
                field,
                message,
            };
            let said = |m: M| tr(m).to_string();
            if item.id.trim().is_empty() {
                return Err(bad("id", said(M::RubricEmptyId)));
            }
            if item.id.chars().count() > MAX_ID {
                return Err(bad("id", trf(M::RubricTooLong, &[&MAX_ID])));
            }
            if has_control(&item.id) {
                return Err(bad("id", said(M::RubricControl)));
            }
            // Catalogues name items without regard to case or width.
            if !seen.insert(crate::text::fold(&item.id).to_lowercase()) {
                return Err(bad("id", said(M::RubricDuplicateId)));
            }
            for (field, text, max) in [
                ("name", &item.name, MAX_NAME),
                ("group", &item.group, MAX_NAME),
            ] {
                if text.chars().count() > max {
                    return Err(bad(field, trf(M::RubricTooLong, &[&max])));
                }
                if has_control(text) {
                    return Err(bad(field, said(M::RubricControl)));
                }
            }
            if item.name.trim().is_empty() {
                return Err(bad("name", said(M::RubricEmptyId)));
            }
            if item.guidance.chars().count() > MAX_GUIDANCE {
                return Err(bad("guidance", trf(M::RubricTooLong, &[&MAX_GUIDANCE])));
            }
            if item.max.0 <= 0 || item.max.0 > MAX_POINTS {
                return Err(bad("max", said(M::RubricMax)));
            }
            if item.step.0 <= 0 || item.step.0 > item.max.0 || item.max.0 % item.step.0 != 0 {
                return Err(bad("step", said(M::RubricStep)));
            }
            if item.condition.is_some() && self.round != Round::Application {
                return Err(bad("condition", said(M::RubricCondition)));
            }
            total += item.max.0;
            if total > MAX_POINTS {
                return Err(bad("max", said(M::RubricTotal)));
            }
        }
        Ok(())
    }

    /// The total of the maxima.
    pub fn total(&self) -> Points {
        Points(self.items.iter().map(|i| i.max.0).sum())
    }

    /// Looks items up by id or name, as catalogues name either: folded
    /// (full-width, spaces) and without regard to case.
    pub(crate) fn resolver<'a>(&'a self) -> impl Fn(&str) -> Option<&'a RubricItem> + 'a {
        let key = |s: &str| crate::text::fold(s).to_lowercase();
        let map: std::collections::HashMap<String, &RubricItem> = self
            .items
            .iter()
            .flat_map(|i| [(key(&i.name), i), (key(&i.id), i)])
            .collect();
        // Most catalogues write the id or name exactly as the rubric does:
        // found without folding (a national bundle asks 175,000 times).
        let exact: std::collections::HashMap<&str, &RubricItem> = self
            .items
            .iter()
            .flat_map(|i| [(i.name.as_str(), i), (i.id.as_str(), i)])
            .collect();
        move |text| exact.get(text).or_else(|| map.get(&key(text))).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_exact() {
        assert_eq!(Points::parse("12.5"), Some(Points(1250)));
        assert_eq!(Points::parse("0.25"), Some(Points(25)));
        assert_eq!(Points::parse("1.234"), None);
        assert_eq!(Points(1250).to_string(), "12.5");
        assert_eq!(Points(25).to_string(), "0.25");
        assert_eq!(Points(1000).to_string(), "10");
    }

    #[test]
    fn shipped_rubrics_are_valid() {
        for f in ["assessment", "application"] {
            let path = format!("{}/../testdata/rubric/{f}.toml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let r = Rubric::parse(&text).unwrap();
            assert_eq!(r.total(), Points(10_000), "{f} adds up to 100");
        }
    }

    #[test]
    fn catalogues_name_items_by_id_or_name_as_written_or_folded() {
        let path = format!(
            "{}/../testdata/rubric/assessment.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let r = Rubric::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let resolve = r.resolver();
        let first = &r.items[0];
        let id = |t: &str| resolve(t).map(|i| i.id.clone());
        assert_eq!(id(&first.id), Some(first.id.clone()));
        assert_eq!(id(&first.name), Some(first.id.clone()));
        // Lower case, full-width, spaces: the same item.
        let folded: String = first
            .id
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 0xff41).unwrap(),
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xff10).unwrap(),
                c => c,
            })
            .collect();
        assert_eq!(id(&format!(" {folded} ")), Some(first.id.clone()));
        assert_eq!(id("没有这一项"), None);
    }

    #[test]
    fn bad_step_names_the_item_and_field() {
        let text = r#"
round = "assessment"
title = "t"
opinions = ["合格"]
[[items]]
id = "P1"
name = "新增销售收入"
group = "业绩指标"
max = 10
step = 3
"#;
        let e = Rubric::parse(text).unwrap_err();
        let want = trf(
            M::RubricLine,
            &[
                &5,
                &format!(
                    "items[0] (P1).step: {}",
                    M::RubricStep.text(crate::i18n::lang())
                ),
            ],
        );
        assert_eq!(e.to_string(), want);
    }

    fn rubric_with(items: &str) -> String {
        format!("round = \"assessment\"\ntitle = \"t\"\nopinions = [\"合格\"]\n{items}")
    }

    fn item(id: &str, max: &str, step: &str) -> String {
        format!(
            "\n[[items]]\nid = \"{id}\"\nname = \"n\"\ngroup = \"g\"\nmax = {max}\nstep = {step}\n"
        )
    }

    /// The field at fault, and the line of its item.
    fn fault(text: &str) -> (Option<usize>, &'static str) {
        match Rubric::parse(text).unwrap_err() {
            RubricError::Item { line, field, .. } => (line, field),
            RubricError::Rubric { line, field, .. } => (line, field),
            RubricError::Toml(m) => panic!("{m}"),
        }
    }

    #[test]
    fn limits_keep_totals_sensible_and_name_the_line() {
        let ok = item("P1", "10", "0.5");
        // Huge maxima no longer overflow the total: refused at their line.
        let huge = rubric_with(&format!("{ok}{}", item("P2", "92233720368547758", "1")));
        assert_eq!(fault(&huge), (Some(12), "max"));
        assert_eq!(
            fault(&rubric_with(&item("P1", "1001", "1"))),
            (Some(5), "max")
        );
        assert!(Rubric::parse(&rubric_with(&item("P1", "1000", "1"))).is_ok());
        // Several items over 1000 in all.
        let many: String = (0..3).map(|i| item(&format!("P{i}"), "400", "1")).collect();
        assert_eq!(fault(&rubric_with(&many)), (Some(19), "max"));
        // A step above the maximum, or not dividing it, or nothing.
        assert_eq!(
            fault(&rubric_with(&item("P1", "2", "4"))),
            (Some(5), "step")
        );
        assert_eq!(
            fault(&rubric_with(&item("P1", "10", "3"))),
            (Some(5), "step")
        );
        assert_eq!(
            fault(&rubric_with(&item("P1", "10", "0"))),
            (Some(5), "step")
        );
        assert_eq!(
            fault(&rubric_with(&item("P1", "10", "-1"))),
            (Some(5), "step")
        );
        // Ids unique as catalogues read them: case and width folded.
        let twice = rubric_with(&format!("{ok}{}", item("ｐ1", "10", "1")));
        assert_eq!(fault(&twice), (Some(12), "id"));
        // Control characters in what the screen shows.
        assert_eq!(
            fault(&rubric_with(&item("P\\u001b", "10", "1"))),
            (Some(5), "id")
        );
        assert_eq!(
            fault(&rubric_with(&item(&"P".repeat(17), "10", "1"))),
            (Some(5), "id")
        );
        let title =
            "round = \"assessment\"\ntitle = \"\\u001b]0;x\\u0007\"\nopinions = [\"合格\"]\n";
        assert_eq!(fault(&format!("{title}{ok}")), (None, "title"));
        let no_conclusion =
            "round = \"assessment\"\ntitle = \"t\"\nopinions = [\"合格\", \"合格\"]\n";
        assert_eq!(fault(&format!("{no_conclusion}{ok}")), (None, "opinions"));
    }

    /// A rubric line holding escape sequences is quoted inert: the TOML
    /// error shows it, but as visible text.
    #[test]
    fn toml_errors_quote_the_line_inert_and_short() {
        let text = format!(
            "{}\nbroken = \x1b]0;pwned\x07\x1b[2J\u{202e}{}\n",
            rubric_with(&item("P1", "10", "1")),
            "x".repeat(5000)
        );
        let e = Rubric::parse(&text).unwrap_err().to_string();
        assert!(e.contains("\\u{1b}"), "{e}");
        assert!(
            !e.chars().any(|c| c != '\n' && crate::text::is_dangerous(c)),
            "{e:?}"
        );
        assert!(e.chars().count() <= 601, "{}", e.chars().count());
    }
}
