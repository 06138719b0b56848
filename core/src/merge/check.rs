//! A signed review file's content checked against its bundle: a signature
//! proves who wrote the file, not that what it says fits the review form.
//! Every round, cluster, score, status, conclusion and text is checked
//! against the bundle's rubric and cluster list before anything counts.

use std::collections::BTreeSet;

use crate::i18n::{M, trf};
use crate::merge::reference::Reference;
use crate::review::rubric::Points;
use crate::review::score::{Field, MAX_LINE, MAX_TEXT, Progress};
use crate::sign::file::{ClusterReview, ReviewFile};
use crate::text::inert;

/// What in a review file does not fit its bundle; the first found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The file reviews another bundle than the one given (short ids).
    #[error("{}", trf(M::MergeOtherBundle, &[.0, .1]))]
    OtherBundle(String, String),
    #[error("{}", trf(M::CheckRubric, &[.0]))]
    Rubric(String),
    #[error("{}", trf(M::CheckRounds, &[.0, .1]))]
    Rounds(String, String),
    #[error("{}", trf(M::CheckItems, &[.0]))]
    Items(String),
    #[error("{}", trf(M::CheckUnknownCluster, &[.0]))]
    UnknownCluster(String),
    #[error("{}", trf(M::CheckMissingCluster, &[.0, .1]))]
    MissingCluster(String, usize),
    #[error("{}", trf(M::CheckWrongRound, &[.0, .1]))]
    WrongRound(String, String),
    #[error("{}", trf(M::CheckRange, &[.0, .1, .2, .3]))]
    OutOfRange(String, String, Points, Points),
    #[error("{}", trf(M::CheckStep, &[.0, .1, .2, .3]))]
    OffStep(String, String, Points, Points),
    #[error("{}", trf(M::CheckConclusion, &[.0, .1, .2]))]
    Conclusion(String, String, String),
    #[error("{}", trf(M::CheckStatus, &[.0, .1, .2]))]
    Status(String, String, String),
    #[error("{}", trf(M::CheckCompleteMissing, &[.0, .1]))]
    CompleteMissing(String, String),
    #[error("{}", trf(M::CheckText, &[.0, .1]))]
    Text(String, String),
}

fn status_key(p: Progress) -> &'static str {
    match p {
        Progress::NotStarted => "not_started",
        Progress::InProgress => "in_progress",
        Progress::Complete => "complete",
        Progress::Recused => "recused",
    }
}

/// Text a reviewer could have typed: within its length, and no control
/// characters but the line breaks of an opinion.
fn text_ok(t: &str, multiline: bool) -> bool {
    let limit = if multiline { MAX_TEXT } else { MAX_LINE };
    t.chars().count() <= limit
        && !t
            .chars()
            .any(|c| crate::text::is_dangerous(c) && !(multiline && c == '\n'))
}

/// Checks a verified review file against the bundle it names.
pub fn check(file: &ReviewFile, r: &Reference) -> Result<(), ContentError> {
    if file.bundle.id != r.id {
        return Err(ContentError::OtherBundle(
            crate::text::short(&file.bundle.id).to_string(),
            crate::text::short(&r.id).to_string(),
        ));
    }
    // Every round of the bundle has its rubric and items in the file; a
    // round without clusters may have no list.
    let have: BTreeSet<&str> = r.rounds.keys().map(String::as_str).collect();
    let given: BTreeSet<&str> = file
        .rubrics
        .keys()
        .chain(file.items.keys())
        .chain(file.clusters.keys())
        .map(String::as_str)
        .collect();
    if given != have || file.rubrics.len() != have.len() || file.items.len() != have.len() {
        let list = |s: &BTreeSet<&str>| s.iter().copied().collect::<Vec<_>>().join(", ");
        return Err(ContentError::Rounds(
            inert(&list(&given)).into_owned(),
            list(&have),
        ));
    }
    for (key, round) in &r.rounds {
        if file.rubrics.get(key) != Some(&round.sha256) {
            return Err(ContentError::Rubric(key.clone()));
        }
        let items = round.rubric.item_ids();
        if file.items.get(key) != Some(&items) {
            return Err(ContentError::Items(key.clone()));
        }
        let list = file
            .clusters
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut expected = round.clusters.iter().peekable();
        let mut missing: Vec<&str> = Vec::new();
        for c in list {
            // Both lists are in id order: walk them together.
            while let Some(e) = expected.next_if(|e| e.id < c.id) {
                missing.push(&e.id);
            }
            if expected.next_if(|e| e.id == c.id).is_none() {
                return Err(match r.cluster(&c.id) {
                    Some((other, _)) => {
                        ContentError::WrongRound(inert(&c.id).into_owned(), other.to_string())
                    }
                    None => ContentError::UnknownCluster(inert(&c.id).into_owned()),
                });
            }
            check_cluster(c, &round.rubric)?;
        }
        missing.extend(expected.map(|e| e.id.as_str()));
        if let Some(first) = missing.first() {
            return Err(ContentError::MissingCluster(
                first.to_string(),
                missing.len(),
            ));
        }
    }
    Ok(())
}

fn check_cluster(
    c: &ClusterReview,
    rubric: &crate::review::rubric::Rubric,
) -> Result<(), ContentError> {
    let id = || inert(&c.id).into_owned();
    for (item, s) in rubric.items.iter().zip(&c.scores) {
        let Some(p) = s else { continue };
        if p.0 < 0 || *p > item.max {
            return Err(ContentError::OutOfRange(
                id(),
                item.id.clone(),
                *p,
                item.max,
            ));
        }
        if p.0 % item.step.0 != 0 {
            return Err(ContentError::OffStep(id(), item.id.clone(), *p, item.step));
        }
    }
    if let Some(con) = &c.conclusion
        && !rubric.opinions.contains(con)
    {
        return Err(ContentError::Conclusion(
            id(),
            inert(con).into_owned(),
            rubric.opinions.join("/"),
        ));
    }
    let texts = c
        .comments
        .iter()
        .map(|(k, v)| {
            (
                format!("{k} {}", crate::i18n::tr(M::FieldComment)),
                v,
                false,
            )
        })
        .chain(c.opinion.iter().map(|v| (Field::Opinion.label(), v, true)))
        .chain(
            c.conflict
                .iter()
                .map(|v| (Field::Conflict.label(), v, false)),
        );
    for (what, v, multiline) in texts {
        if !text_ok(v, multiline) {
            return Err(ContentError::Text(id(), inert(&what).into_owned()));
        }
    }
    // Where the marks put the reviewer, by the rule the store uses.
    let unscored = rubric
        .items
        .iter()
        .enumerate()
        .find(|(k, i)| i.required && !matches!(c.scores.get(*k), Some(Some(_))))
        .map(|(_, i)| i.id.clone());
    let actual = Progress::of(
        c.conflict.is_some(),
        c.conclusion.is_some(),
        unscored.is_none(),
        c.scores.iter().any(Option::is_some)
            || !c.comments.is_empty()
            || c.conclusion.is_some()
            || c.opinion.is_some(),
    );
    if c.status == "complete" && actual == Progress::InProgress {
        let what = unscored.unwrap_or_else(|| Field::Conclusion.label());
        return Err(ContentError::CompleteMissing(id(), what));
    }
    if c.status != status_key(actual) {
        return Err(ContentError::Status(
            id(),
            inert(&c.status).into_owned(),
            status_key(actual).to_string(),
        ));
    }
    Ok(())
}
