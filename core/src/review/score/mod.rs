//! What a reviewer records about a cluster — scores, comments, the
//! conclusion, the written opinion, a conflict of interest — and the rules
//! they obey: a score within the item's range and on its step, a conclusion
//! from the round's choices, text cleaned before it is kept.
//!
//! Everything is kept as text under a field key (`score:P1`, `comment:P1`,
//! `conclusion`, `opinion`, `conflict`), so that the store, the audit log,
//! undo and the review file treat every kind of mark alike.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::i18n::{M, tr, trf};
use crate::review::rubric::{Points, Rubric, RubricItem};

/// A mark of one reviewer on one cluster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The score of a rubric item.
    Score(String),
    /// The comment on a rubric item.
    Comment(String),
    /// The conclusion: one of the round's opinion choices.
    Conclusion,
    /// The written opinion on the cluster.
    Opinion,
    /// A declared conflict of interest (回避), with its reason.
    Conflict,
}

impl Field {
    /// The key the store and the audit log use.
    pub fn key(&self) -> String {
        match self {
            Field::Score(i) => format!("score:{i}"),
            Field::Comment(i) => format!("comment:{i}"),
            Field::Conclusion => "conclusion".into(),
            Field::Opinion => "opinion".into(),
            Field::Conflict => "conflict".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Field> {
        if let Some(i) = key.strip_prefix("score:") {
            return Some(Field::Score(i.to_string()));
        }
        if let Some(i) = key.strip_prefix("comment:") {
            return Some(Field::Comment(i.to_string()));
        }
        match key {
            "conclusion" => Some(Field::Conclusion),
            "opinion" => Some(Field::Opinion),
            "conflict" => Some(Field::Conflict),
            _ => None,
        }
    }

    /// How people call the field: `P1 分数`, `意见`.
    pub fn label(&self) -> String {
        match self {
            Field::Score(i) => format!("{i} {}", tr(M::FieldScore)),
            Field::Comment(i) => format!("{i} {}", tr(M::FieldComment)),
            Field::Conclusion => tr(M::FieldConclusion).into(),
            Field::Opinion => tr(M::FieldOpinion).into(),
            Field::Conflict => tr(M::FieldConflict).into(),
        }
    }

    /// Whether the field holds several lines of text.
    pub fn multiline(&self) -> bool {
        matches!(self, Field::Opinion)
    }

    /// Whether the field is typed text (kept as a draft while typed).
    pub fn is_text(&self) -> bool {
        matches!(self, Field::Comment(_) | Field::Opinion | Field::Conflict)
    }
}

/// Longest comment or reason kept, in characters.
pub(crate) const MAX_LINE: usize = 2_000;

/// Longest written opinion kept, in characters.
pub(crate) const MAX_TEXT: usize = 20_000;

/// A value refused, and why (nothing is stored).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{}", trf(M::ScoreNotNumber, &[.0]))]
    NotANumber(String),
    #[error("{}", trf(M::ScoreRange, &[.0, .1]))]
    OutOfRange(Points, Points),
    #[error("{}", trf(M::ScoreStep, &[.0, .1]))]
    OffStep(Points, Points),
    #[error("{}", trf(M::UnknownItem, &[.0]))]
    UnknownItem(String),
    #[error("{}", trf(M::UnknownConclusion, &[.0, .1]))]
    UnknownConclusion(String, String),
    #[error("{}", trf(M::TooLong, &[.0]))]
    TooLong(usize),
    #[error("{}", tr(M::ReasonNeeded))]
    ReasonNeeded,
    #[error("{}", tr(M::Recused))]
    Recused,
}

/// Checks a typed score against its item: a number (full-width digits
/// too), within 0..=max, on the item's step.
pub fn check_score(item: &RubricItem, typed: &str) -> Result<Points, Refused> {
    let folded = crate::text::fold(typed).replace('。', ".");
    let p = Points::parse(&folded).ok_or_else(|| Refused::NotANumber(typed.trim().into()))?;
    if p.0 < 0 || p > item.max {
        return Err(Refused::OutOfRange(Points(0), item.max));
    }
    if p.0 % item.step.0 != 0 {
        return Err(Refused::OffStep(item.step, item.max));
    }
    Ok(p)
}

/// A score one step up or down from `from` (nothing yet counts as 0),
/// kept within the item's range.
pub fn stepped(item: &RubricItem, from: Option<Points>, up: bool) -> Points {
    let now = from.map_or(0, |p| p.0);
    // Back onto the step grid first, should the rubric have changed.
    let on = now - now.rem_euclid(item.step.0);
    let next = match (up, from.is_some(), on == now) {
        (true, _, _) => on + item.step.0,
        (false, true, true) => on - item.step.0,
        (false, _, _) => on,
    };
    Points(next.clamp(0, item.max.0))
}

/// Cleans typed text before it is kept: NFC, no control characters (a
/// line break is kept where the field has lines), tabs as spaces, trimmed;
/// empty text means "no value".
pub fn clean_text(field: &Field, text: &str) -> Result<Option<String>, Refused> {
    let multiline = field.multiline();
    let mut s: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .filter(|c| !c.is_control() || (multiline && *c == '\n'))
        .filter(|c| !crate::text::is_dangerous(*c) || (multiline && *c == '\n'))
        .collect();
    s = crate::text::clean(&s);
    if multiline {
        // Trailing spaces on each line carry nothing.
        s = s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    }
    let limit = if multiline { MAX_TEXT } else { MAX_LINE };
    let n = s.chars().count();
    if n > limit {
        return Err(Refused::TooLong(limit));
    }
    Ok((!s.is_empty()).then_some(s))
}

/// Checks a new value for a field of a cluster under its rubric, returning
/// the text to keep (`None` clears the field).
pub fn check(
    rubric: &Rubric,
    field: &Field,
    typed: Option<&str>,
) -> Result<Option<String>, Refused> {
    let item = |id: &str| {
        rubric
            .items
            .iter()
            .find(|i| i.id == id)
            .ok_or_else(|| Refused::UnknownItem(id.to_string()))
    };
    let Some(typed) = typed else {
        if let Field::Score(i) | Field::Comment(i) = field {
            item(i)?;
        }
        return Ok(None);
    };
    match field {
        Field::Score(i) => {
            if typed.trim().is_empty() {
                return Ok(None);
            }
            check_score(item(i)?, typed).map(|p| Some(p.to_string()))
        }
        Field::Comment(i) => {
            item(i)?;
            clean_text(field, typed)
        }
        Field::Conclusion => {
            let t = crate::text::clean(typed);
            if t.is_empty() {
                return Ok(None);
            }
            if rubric.opinions.contains(&t) {
                Ok(Some(t))
            } else {
                Err(Refused::UnknownConclusion(t, rubric.opinions.join("/")))
            }
        }
        Field::Opinion => clean_text(field, typed),
        Field::Conflict => clean_text(field, typed)?
            .map(Some)
            .ok_or(Refused::ReasonNeeded),
    }
}

/// Where a reviewer stands with a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Progress {
    NotStarted,
    InProgress,
    /// Every required item scored and a conclusion given.
    Complete,
    /// A conflict declared: not scored by this reviewer.
    Recused,
}

impl Progress {
    pub fn name(self) -> &'static str {
        tr(match self {
            Progress::NotStarted => M::ProgressNotStarted,
            Progress::InProgress => M::ProgressInProgress,
            Progress::Complete => M::ProgressComplete,
            Progress::Recused => M::ProgressRecused,
        })
    }

    /// The one rule of where a reviewer stands: a declared conflict is
    /// recused; a conclusion with every required item scored is complete;
    /// any other mark is in progress.
    pub(crate) fn of(
        conflict: bool,
        conclusion: bool,
        all_required: bool,
        any_mark: bool,
    ) -> Progress {
        if conflict {
            Progress::Recused
        } else if conclusion && all_required {
            Progress::Complete
        } else if any_mark {
            Progress::InProgress
        } else {
            Progress::NotStarted
        }
    }

    /// Settled: nothing more is expected of the reviewer.
    pub fn settled(self) -> bool {
        matches!(self, Progress::Complete | Progress::Recused)
    }
}

/// One reviewer's marks on one cluster, by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub values: BTreeMap<Field, String>,
}

impl Marks {
    pub fn get(&self, field: &Field) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    pub fn set(&mut self, field: &Field, value: Option<String>) {
        match value {
            Some(v) => self.values.insert(field.clone(), v),
            None => self.values.remove(field),
        };
    }

    pub fn score(&self, item: &str) -> Option<Points> {
        self.get(&Field::Score(item.to_string()))
            .and_then(Points::parse)
    }

    pub fn conflict(&self) -> Option<&str> {
        self.get(&Field::Conflict)
    }

    /// The sum of the scores given to the rubric's items.
    pub fn total(&self, rubric: &Rubric) -> Points {
        Points(
            rubric
                .items
                .iter()
                .filter_map(|i| self.score(&i.id))
                .map(|p| p.0)
                .sum(),
        )
    }

    /// Required items not scored yet, in rubric order.
    pub fn missing<'a>(&self, rubric: &'a Rubric) -> Vec<&'a RubricItem> {
        self.unscored(rubric).collect()
    }

    /// The same, without building a list (progress is asked for on every
    /// draw of the cluster list).
    fn unscored<'a>(&self, rubric: &'a Rubric) -> impl Iterator<Item = &'a RubricItem> {
        let scored: Vec<&str> = self
            .values
            .iter()
            .filter_map(|(f, v)| match f {
                Field::Score(i) if Points::parse(v).is_some() => Some(i.as_str()),
                _ => None,
            })
            .collect();
        rubric
            .items
            .iter()
            .filter(move |i| i.required && !scored.contains(&i.id.as_str()))
    }

    pub fn progress(&self, rubric: &Rubric) -> Progress {
        Progress::of(
            self.conflict().is_some(),
            self.get(&Field::Conclusion).is_some(),
            self.unscored(rubric).next().is_none(),
            self.values.keys().any(|f| !matches!(f, Field::Conflict)),
        )
    }
}
