//! A decision rule as an office writes it: the rubric's `[decision]`
//! table, or a merge option file with an `[assessment]` and an
//! `[application]` table. What is left out keeps the default; what does
//! not make sense is refused by field, saying what was expected.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{DecisionRule, GradeBy, Split, Tie};
use crate::i18n::{M, tr, trf};
use crate::model::Round;
use crate::review::rubric::Points;

/// A grade and the least final score it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub grade: String,
    pub from: Points,
}

/// A rule as written; every field may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSpec {
    /// Assessment: `score`, `majority` or `lower_of_both`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<Band>>,
    /// Assessment: `lower`, `score` or `undecided`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_split: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_reviews: Option<usize>,
    /// Applications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_off: Option<Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<bool>,
    /// Applications: `include`, `exclude` or `undecided`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_tie: Option<String>,
}

/// A rule that does not make sense: the field, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", trf(M::DecisionBad, &[.field, .message]))]
pub struct DecisionError {
    pub field: String,
    pub message: String,
}

fn bad(field: &str, message: String) -> DecisionError {
    DecisionError {
        field: field.to_string(),
        message,
    }
}

/// One of `values` by name.
fn one_of<T: Copy>(field: &str, given: &str, values: &[(&str, T)]) -> Result<T, DecisionError> {
    values
        .iter()
        .find(|(n, _)| *n == given)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
            let quoted = crate::text::quote(given, 40);
            bad(field, trf(M::DecOneOf, &[&names.join(", "), &quoted]))
        })
}

impl DecisionSpec {
    /// The rule for a round whose conclusions are `opinions` (best first):
    /// the default with what is written over it.
    pub fn rule(&self, round: Round, opinions: &[String]) -> Result<DecisionRule, DecisionError> {
        let at_least_one = |field: &str, n: Option<usize>| match n {
            Some(0) => Err(bad(field, tr(M::DecAtLeastOne).into())),
            _ => Ok(()),
        };
        at_least_one("min_reviews", self.min_reviews)?;
        let round_name = tr(match round {
            Round::Assessment => M::RoundAssessment,
            Round::Application => M::RoundApplication,
        });
        let not_here = |field: &str| bad(field, trf(M::DecNotForRound, &[&round_name]));
        match DecisionRule::default_for(round, opinions) {
            DecisionRule::Grade(mut g) => {
                for (field, given) in [
                    ("cut_off", self.cut_off.is_some()),
                    ("places", self.places.is_some()),
                    ("majority", self.majority.is_some()),
                    ("on_tie", self.on_tie.is_some()),
                ] {
                    if given {
                        return Err(not_here(field));
                    }
                }
                if let Some(by) = &self.by {
                    g.by = one_of(
                        "by",
                        by,
                        &[
                            ("score", GradeBy::Score),
                            ("majority", GradeBy::Majority),
                            ("lower_of_both", GradeBy::LowerOfBoth),
                        ],
                    )?;
                }
                if let Some(s) = &self.on_split {
                    g.on_split = one_of(
                        "on_split",
                        s,
                        &[
                            ("lower", Split::Lower),
                            ("score", Split::Score),
                            ("undecided", Split::Undecided),
                        ],
                    )?;
                }
                if let Some(bands) = &self.bands {
                    g.bands = bands.iter().map(|b| (b.grade.clone(), b.from)).collect();
                }
                g.min_reviews = self.min_reviews.unwrap_or(g.min_reviews);
                let needs_bands = g.by != GradeBy::Majority || g.on_split == Split::Score;
                if needs_bands && g.bands.is_empty() {
                    return Err(bad("bands", tr(M::DecBandsNeeded).into()));
                }
                for (i, (grade, _)) in g.bands.iter().enumerate() {
                    if !opinions.contains(grade) {
                        let field = format!("bands[{i}].grade");
                        let quoted = crate::text::quote(grade, 40);
                        return Err(bad(
                            &field,
                            trf(M::DecBandGrade, &[&quoted, &opinions.join(", ")]),
                        ));
                    }
                }
                let descending = g.bands.windows(2).all(|w| w[0].1 > w[1].1);
                if !g.bands.is_empty()
                    && (!descending || g.bands.last().map(|b| b.1) != Some(Points(0)))
                {
                    return Err(bad("bands", tr(M::DecBandsOrder).into()));
                }
                Ok(DecisionRule::Grade(g))
            }
            DecisionRule::Recommend(mut r) => {
                for (field, given) in [
                    ("by", self.by.is_some()),
                    ("bands", self.bands.is_some()),
                    ("on_split", self.on_split.is_some()),
                ] {
                    if given {
                        return Err(not_here(field));
                    }
                }
                at_least_one("places", self.places)?;
                if self.cut_off.is_some_and(|c| c < Points(0)) {
                    return Err(bad("cut_off", tr(M::DecAtLeastZero).into()));
                }
                // What is written replaces the default's criteria as a
                // whole: a rule of places alone has no cut-off.
                if self.cut_off.is_some() || self.places.is_some() || self.majority.is_some() {
                    r.cut_off = self.cut_off;
                    r.places = self.places;
                    r.majority = self.majority.unwrap_or(false);
                }
                if r.cut_off.is_none() && r.places.is_none() && !r.majority {
                    return Err(bad("majority", tr(M::DecNoCriterion).into()));
                }
                if let Some(t) = &self.on_tie {
                    r.on_tie = one_of(
                        "on_tie",
                        t,
                        &[
                            ("include", Tie::Include),
                            ("exclude", Tie::Exclude),
                            ("undecided", Tie::Undecided),
                        ],
                    )?;
                }
                r.min_reviews = self.min_reviews.unwrap_or(r.min_reviews);
                Ok(DecisionRule::Recommend(r))
            }
        }
    }
}

/// Reads a merge option file: `[assessment]` and `[application]` tables,
/// each a [`DecisionSpec`]. Errors name the file and the table's field.
pub fn read_option_file(path: &Path) -> Result<BTreeMap<Round, DecisionSpec>, DecisionError> {
    let name = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| bad(&name, crate::i18n::error_chain(&e)))?;
    let tables: BTreeMap<String, toml::Value> = toml::from_str(&text)
        .map_err(|e| bad(&name, crate::text::inert_lines(&e.to_string(), 600)))?;
    let mut out = BTreeMap::new();
    for (key, value) in tables {
        let round = Round::from_key(&key).ok_or_else(|| {
            let quoted = crate::text::quote(&key, 40);
            bad(&name, trf(M::DecFileTable, &[&quoted]))
        })?;
        let spec: DecisionSpec = value.try_into().map_err(|e: toml::de::Error| {
            bad(
                &format!("{name} [{key}]"),
                crate::text::inert_lines(e.message(), 600),
            )
        })?;
        out.insert(round, spec);
    }
    Ok(out)
}
