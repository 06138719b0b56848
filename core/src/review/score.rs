//! What a reviewer records about a cluster — scores, comments, the
//! conclusion, the written opinion, a conflict of interest — and the rules
//! they obey: a score within the item's range and on its step, a conclusion
//! from the round's choices, text cleaned before it is kept.
//!
//! Everything is kept as text under a field key (`score:P1`, `comment:P1`,
//! `conclusion`, `opinion`, `conflict`), so that the store, the audit log,
//! undo and the review file treat every kind of mark alike.

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rubric() -> Rubric {
        let path = format!(
            "{}/../testdata/rubric/assessment.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        Rubric::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn item(max: i64, step: i64) -> RubricItem {
        let mut i = rubric().items[0].clone();
        i.max = Points(max);
        i.step = Points(step);
        i
    }

    #[test]
    fn scores_within_range_and_on_step() {
        let p1 = item(1200, 50);
        assert_eq!(check_score(&p1, "8.5"), Ok(Points(850)));
        assert_eq!(check_score(&p1, " 12 "), Ok(Points(1200)));
        assert_eq!(check_score(&p1, "0"), Ok(Points(0)));
        assert_eq!(check_score(&p1, "８．５"), Ok(Points(850)), "full width");
        assert_eq!(
            check_score(&p1, "12.5"),
            Err(Refused::OutOfRange(Points(0), Points(1200)))
        );
        assert_eq!(
            check_score(&p1, "-1"),
            Err(Refused::OutOfRange(Points(0), Points(1200)))
        );
        assert_eq!(
            check_score(&p1, "8.3"),
            Err(Refused::OffStep(Points(50), Points(1200)))
        );
        assert!(matches!(
            check_score(&p1, "八"),
            Err(Refused::NotANumber(_))
        ));
        assert!(matches!(
            check_score(&p1, "8.125"),
            Err(Refused::NotANumber(_))
        ));
    }

    #[test]
    fn stepping_stays_in_range() {
        let p1 = item(1200, 50);
        assert_eq!(stepped(&p1, None, true), Points(50));
        assert_eq!(stepped(&p1, None, false), Points(0));
        assert_eq!(stepped(&p1, Some(Points(1200)), true), Points(1200));
        assert_eq!(stepped(&p1, Some(Points(0)), false), Points(0));
        assert_eq!(stepped(&p1, Some(Points(820)), true), Points(850));
        assert_eq!(stepped(&p1, Some(Points(820)), false), Points(800));
    }

    #[test]
    fn conclusions_come_from_the_rubric_and_conflicts_need_a_reason() {
        let r = rubric();
        assert_eq!(
            check(&r, &Field::Conclusion, Some("合格")),
            Ok(Some("合格".into()))
        );
        assert!(matches!(
            check(&r, &Field::Conclusion, Some("推荐")),
            Err(Refused::UnknownConclusion(..))
        ));
        assert_eq!(
            check(&r, &Field::Conflict, Some("  ")),
            Err(Refused::ReasonNeeded)
        );
        assert_eq!(
            check(&r, &Field::Score("Z9".into()), Some("1")),
            Err(Refused::UnknownItem("Z9".into()))
        );
    }

    #[test]
    fn text_is_cleaned_and_lines_kept_only_in_opinions() {
        assert_eq!(
            clean_text(&Field::Opinion, "  第一行\t \r\n第二行\u{1b}[31m  \n").unwrap(),
            Some("第一行\n第二行[31m".into())
        );
        assert_eq!(
            clean_text(&Field::Comment("P1".into()), "a\nb").unwrap(),
            Some("ab".into())
        );
        assert_eq!(clean_text(&Field::Opinion, " \n ").unwrap(), None);
        let long = "字".repeat(MAX_LINE + 1);
        assert_eq!(
            clean_text(&Field::Comment("P1".into()), &long),
            Err(Refused::TooLong(MAX_LINE))
        );
    }

    #[test]
    fn progress_needs_every_required_item_and_a_conclusion() {
        let r = rubric();
        let mut m = Marks::default();
        assert_eq!(m.progress(&r), Progress::NotStarted);
        m.set(&Field::Comment("P1".into()), Some("看材料".into()));
        assert_eq!(m.progress(&r), Progress::InProgress);
        for i in &r.items {
            m.set(&Field::Score(i.id.clone()), Some(i.max.to_string()));
        }
        assert_eq!(m.progress(&r), Progress::InProgress, "no conclusion yet");
        assert_eq!(m.total(&r), Points(10_000));
        m.set(&Field::Conclusion, Some("优秀".into()));
        assert_eq!(m.progress(&r), Progress::Complete);
        m.set(&Field::Score("W3".into()), None);
        assert_eq!(m.progress(&r), Progress::InProgress);
        assert_eq!(m.missing(&r)[0].id, "W3");
        m.set(&Field::Conflict, Some("本人曾参与该集群规划编制".into()));
        assert_eq!(m.progress(&r), Progress::Recused);
    }

    #[test]
    fn field_keys_round_trip() {
        for f in [
            Field::Score("P1".into()),
            Field::Comment("W8".into()),
            Field::Conclusion,
            Field::Opinion,
            Field::Conflict,
        ] {
            assert_eq!(Field::parse(&f.key()), Some(f));
        }
        assert_eq!(Field::parse("total"), None);
    }

    proptest! {
        /// Whatever is typed, a score is accepted exactly when it is a
        /// number within range on the step, and is then kept exactly.
        #[test]
        fn accepted_scores_obey_range_and_step(
            max_steps in 1i64..60,
            step in prop::sample::select(vec![25i64, 50, 100, 200, 500]),
            hundredths in -500i64..7000,
        ) {
            let it = item(max_steps * step, step);
            let typed = Points(hundredths).to_string();
            match check_score(&it, &typed) {
                Ok(p) => {
                    prop_assert_eq!(p, Points(hundredths));
                    prop_assert!(p.0 >= 0 && p <= it.max && p.0 % step == 0);
                    prop_assert_eq!(check_score(&it, &p.to_string()), Ok(p));
                }
                Err(Refused::OutOfRange(..)) => prop_assert!(hundredths < 0 || hundredths > it.max.0),
                Err(Refused::OffStep(..)) => prop_assert!(hundredths % step != 0),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
        }

        /// Stepping from anything lands within range, on the step.
        #[test]
        fn steps_land_on_the_grid(
            max_steps in 1i64..60,
            step in prop::sample::select(vec![25i64, 50, 100]),
            from in prop::option::of(0i64..7000),
            up: bool,
        ) {
            let it = item(max_steps * step, step);
            let p = stepped(&it, from.map(Points), up);
            prop_assert!(p.0 >= 0 && p <= it.max && p.0 % step == 0);
            prop_assert!(check_score(&it, &p.to_string()).is_ok());
        }

        /// Any typed text is kept free of control characters.
        #[test]
        fn kept_text_has_no_control_characters(s in "\\PC*[\\x00-\\x1f\\x7f]?\\PC*") {
            if let Ok(Some(t)) = clean_text(&Field::Comment("P1".into()), &s) {
                prop_assert!(!t.chars().any(|c| c.is_control()));
            }
        }
    }
}
