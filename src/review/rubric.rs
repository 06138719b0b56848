//! The rubric of a round, read from the bundle's TOML so that an office can
//! change it without a new release.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{M, tr};
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

/// A rubric that does not make sense, with the field at fault.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RubricError {
    #[error("{0}")]
    Toml(String),
    #[error("items[{index}] ({id}).{field}: {message}")]
    Item {
        index: usize,
        id: String,
        field: &'static str,
        message: String,
    },
    #[error("{field}: {message}")]
    Rubric {
        field: &'static str,
        message: String,
    },
}

impl Rubric {
    /// The ids of its items, in order.
    pub fn item_ids(&self) -> Vec<String> {
        self.items.iter().map(|i| i.id.clone()).collect()
    }

    /// Parses and validates a rubric file's text.
    pub fn parse(text: &str) -> Result<Rubric, RubricError> {
        let r: Rubric = toml::from_str(text).map_err(|e| RubricError::Toml(e.to_string()))?;
        r.validate()?;
        Ok(r)
    }

    fn validate(&self) -> Result<(), RubricError> {
        if self.items.is_empty() {
            return Err(RubricError::Rubric {
                field: "items",
                message: tr(M::RubricNoItems).into(),
            });
        }
        if self.opinions.is_empty() {
            return Err(RubricError::Rubric {
                field: "opinions",
                message: tr(M::RubricNoOpinions).into(),
            });
        }
        let mut seen = BTreeSet::new();
        for (index, item) in self.items.iter().enumerate() {
            let bad = |field, message: M| RubricError::Item {
                index,
                id: item.id.clone(),
                field,
                message: tr(message).to_string(),
            };
            if item.id.trim().is_empty() {
                return Err(bad("id", M::RubricEmptyId));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(bad("id", M::RubricDuplicateId));
            }
            if item.max.0 <= 0 {
                return Err(bad("max", M::RubricMax));
            }
            if item.step.0 <= 0 || item.max.0 % item.step.0 != 0 {
                return Err(bad("step", M::RubricStep));
            }
            if item.condition.is_some() && self.round != Round::Application {
                return Err(bad("condition", M::RubricCondition));
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
    pub fn resolver<'a>(&'a self) -> impl Fn(&str) -> Option<&'a RubricItem> + 'a {
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
            let path = format!("{}/testdata/rubric/{f}.toml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let r = Rubric::parse(&text).unwrap();
            assert_eq!(r.total(), Points(10_000), "{f} adds up to 100");
        }
    }

    #[test]
    fn catalogues_name_items_by_id_or_name_as_written_or_folded() {
        let path = format!(
            "{}/testdata/rubric/assessment.toml",
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
        let want = format!(
            "items[0] (P1).step: {}",
            M::RubricStep.text(crate::i18n::lang())
        );
        assert_eq!(e.to_string(), want);
    }
}
