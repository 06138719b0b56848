//! The checks across workbooks once all are read: figures that disagree
//! between tables, items without evidence. Warnings; they do not stop a
//! bundle.

use std::collections::{BTreeSet, HashMap};

use crate::bundle::Severity;
use crate::bundle::map::Summary;
use crate::bundle::{Loc, Problems};
use crate::i18n::{M, trf};
use crate::model::{Cluster, ClusterId, IndicatorKind, Round, canonical_prefecture};
use crate::review::conditions;

use super::Loaded;

/// The warnings that do not stop a bundle: figures that disagree, items
/// without evidence.
pub(super) fn cross_check(
    out: &Loaded,
    covered: &BTreeSet<(ClusterId, String)>,
    catalogued: &HashMap<ClusterId, String>,
    summaries: &[(&'static str, Summary)],
    problems: &mut Problems,
) {
    for (prefecture, s) in summaries {
        let clusters: Vec<&Cluster> = out
            .clusters
            .iter()
            .filter(|c| {
                c.round == Round::Assessment
                    && canonical_prefecture(&c.prefecture) == Some(prefecture)
            })
            .collect();
        for row in &s.rows {
            let found = clusters.iter().find(|c| match &row.id {
                Some(id) => c.id.0 == *id,
                None => c.name == row.name,
            });
            let Some(c) = found else {
                // A row of 附件3 that no 表二 cluster of the prefecture has.
                let what = row.id.clone().unwrap_or_else(|| row.name.clone());
                problems.finding(
                    Severity::Warning,
                    None,
                    M::SummaryUnknownCluster,
                    row.loc.clone(),
                    trf(M::SummaryUnknownCluster, &[&crate::text::inert(&what)]),
                );
                continue;
            };
            for (i, kind) in IndicatorKind::ALL.into_iter().enumerate() {
                if let (Some(v), Some(ind)) = (row.increments[i], c.indicator(kind))
                    && v != ind.increment
                {
                    problems.finding(
                        Severity::Warning,
                        Some(&c.id.0),
                        M::SummaryMismatch,
                        row.at[i].clone(),
                        trf(
                            M::SummaryMismatch,
                            &[
                                &c.id,
                                &conditions::indicator_name(kind),
                                &conditions::amount(kind, v),
                                &conditions::amount(kind, ind.increment),
                            ],
                        ),
                    );
                }
            }
        }
        for c in &clusters {
            let listed = s
                .rows
                .iter()
                .any(|r| r.id.as_deref() == Some(c.id.0.as_str()) || r.name == c.name);
            if !listed && let Some(first) = s.rows.first() {
                problems.finding(
                    Severity::Warning,
                    Some(&c.id.0),
                    M::SummaryMissingCluster,
                    Loc::file(&first.loc.file),
                    trf(M::SummaryMissingCluster, &[&c.id]),
                );
            }
        }
        if let Some(t) = &s.totals {
            for (i, kind) in IndicatorKind::ALL.into_iter().enumerate() {
                let sum: i64 = s.rows.iter().filter_map(|r| r.increments[i]).sum();
                if let Some(v) = t.increments[i]
                    && v != sum
                {
                    problems.finding(
                        Severity::Warning,
                        None,
                        M::SummaryTotalMismatch,
                        t.at[i].clone(),
                        trf(
                            M::SummaryTotalMismatch,
                            &[
                                &conditions::indicator_name(kind),
                                &conditions::amount(kind, v),
                                &conditions::amount(kind, sum),
                            ],
                        ),
                    );
                }
            }
        }
    }
    for c in &out.clusters {
        let Some((rubric, _)) = out.rubrics.iter().find(|(r, _)| r.round == c.round) else {
            continue;
        };
        // The application's own documents, where its round asks for them.
        for d in crate::review::documents::Document::required(c.round) {
            if !covered.contains(&(c.id.clone(), d.key().to_string())) {
                let at = catalogued
                    .get(&c.id)
                    .map_or(c.source.as_str(), String::as_str);
                problems.finding(
                    Severity::Warning,
                    Some(&c.id.0),
                    M::MissingDocument,
                    Loc::file(at),
                    trf(M::MissingDocument, &[&c.id, &d.name()]),
                );
            }
        }
        for item in rubric.items.iter().filter(|i| i.evidence) {
            if !covered.contains(&(c.id.clone(), item.id.clone())) {
                problems.finding(
                    Severity::Warning,
                    Some(&c.id.0),
                    M::ItemNoEvidence,
                    Loc::file(
                        catalogued
                            .get(&c.id)
                            .map_or(c.source.as_str(), String::as_str),
                    ),
                    trf(
                        M::ItemNoEvidence,
                        &[&c.id, &format!("{} {}", item.id, item.name)],
                    ),
                );
            }
        }
    }
}
