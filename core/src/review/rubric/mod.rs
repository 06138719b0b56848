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
    /// How the merged result becomes the panel's decision (else the
    /// default; see `review::decision`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<crate::review::decision::DecisionSpec>,
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
        if let Some(d) = &self.decision {
            d.rule(self.round, &self.opinions)
                .map_err(|e| whole("decision", e.to_string()))?;
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

    /// The rule that decides the round: the rubric's, else the default.
    pub fn decision_rule(&self) -> crate::review::decision::DecisionRule {
        let default =
            || crate::review::decision::DecisionRule::default_for(self.round, &self.opinions);
        match &self.decision {
            Some(d) => d
                .rule(self.round, &self.opinions)
                .unwrap_or_else(|_| default()),
            None => default(),
        }
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
mod tests;
