//! Reading a whole bundle (or a submissions folder) into the model: the one
//! path both `pack` and `import` take, so that what pack accepts, import
//! reads the same way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::bundle::manifest::FileKind;
use crate::bundle::map::{self, Catalogue, Ctx, Summary};
use crate::bundle::source::{self, Inside, Refusal, SourceFile};
use crate::bundle::{Loc, Problems, form, workbook};
use crate::i18n::{M, trf};
use crate::model::{
    Cluster, ClusterId, Evidence, IndicatorKind, Round, Yuan, canonical_prefecture,
};
use crate::review::conditions;
use crate::review::rubric::Rubric;

/// An evidence file's identity, as hashed by pack or listed by the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub sha256: String,
    pub size: u64,
}

/// What to read.
pub struct Input<'a> {
    pub root: &'a Path,
    pub year: i32,
    /// Workbooks (of the four kinds) and candidate evidence files.
    pub files: &'a [SourceFile],
    /// The rubric of each round: (round, where it came from, its text).
    pub rubrics: Vec<(Round, String, String)>,
    /// Looks an evidence file up by its relative path.
    pub evidence: &'a (dyn Fn(&str) -> Option<FileInfo> + Sync),
    /// What a workbook must hash to (import), or `None` (pack).
    pub expected: &'a (dyn Fn(&str) -> Option<FileInfo> + Sync),
}

/// Everything a bundle holds, as the store keeps it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub clusters: Vec<Cluster>,
    pub evidence: Vec<Evidence>,
    pub rubrics: Vec<(Rubric, String)>,
    /// Relative paths of the evidence files the catalogues list.
    pub listed: BTreeSet<String>,
    /// The identity of every workbook read, from the bytes that were parsed.
    pub workbooks: BTreeMap<String, FileInfo>,
}

/// What one workbook yielded.
enum Parsed {
    Clusters(Vec<Cluster>),
    Summary(&'static str, Summary),
    Catalogue(String, Catalogue),
    Nothing,
}

/// What one workbook yielded, the identity of its bytes, and its problems.
type Outcome = (Parsed, Option<FileInfo>, Problems);

fn parse_one(inside: &Inside<'_>, input: &Input<'_>, f: &SourceFile) -> Outcome {
    let mut problems = Problems::default();
    let bytes = match inside.read(&f.rel) {
        Ok(b) => b,
        Err(r) => {
            problems.error(Loc::file(&f.rel), refusal_message(&r, &f.rel));
            return (Parsed::Nothing, None, problems);
        }
    };
    let info = FileInfo {
        sha256: crate::bundle::manifest::sha256_bytes(&bytes),
        size: bytes.len() as u64,
    };
    if (input.expected)(&f.rel).is_some_and(|want| want != info) {
        problems.error(
            Loc::file(&f.rel),
            trf(M::HashMismatch, &[&crate::text::inert(&f.rel)]),
        );
        return (Parsed::Nothing, None, problems);
    }
    let year = input.year;
    let sheets = match workbook::read_bytes(bytes, workbook::is_xls(Path::new(&f.rel))) {
        Ok(s) => s,
        Err(e) => {
            let loc = match e.sheet() {
                Some(s) => Loc::sheet(&f.rel, s),
                None => Loc::file(&f.rel),
            };
            problems.error(loc, e.to_string());
            return (Parsed::Nothing, Some(info), problems);
        }
    };
    let mut ctx = Ctx {
        file: &f.rel,
        year,
        prefecture: Some(f.prefecture),
        problems: &mut problems,
    };
    let parsed = match f.kind {
        FileKind::Table2 => Parsed::Clusters(map::read_table2(&sheets, &mut ctx)),
        FileKind::Application => Parsed::Clusters(
            form::read_application(&sheets, &mut ctx)
                .into_iter()
                .collect(),
        ),
        FileKind::Summary => Parsed::Summary(f.prefecture, map::read_summary(&sheets, &mut ctx)),
        FileKind::Catalogue => match map::read_catalogue(&sheets, &mut ctx) {
            Some(c) => Parsed::Catalogue(f.rel.clone(), c),
            None => Parsed::Nothing,
        },
        FileKind::Evidence | FileKind::Rubric => Parsed::Nothing,
    };
    (parsed, Some(info), problems)
}

/// The message for a file that could not be read safely.
pub fn refusal_message(r: &Refusal, rel: &str) -> String {
    let rel = crate::text::inert(rel);
    match r {
        Refusal::Missing => trf(M::FileMissing, &[&rel]),
        Refusal::Escapes => trf(M::PathEscapes, &[&rel]),
        Refusal::Unreadable(e) => format!("{rel}: {e}"),
    }
}

/// Parses the workbooks on every core; results come back in input order.
fn parse_all(input: &Input<'_>, books: &[&SourceFile]) -> Vec<Outcome> {
    let inside = Inside::new(input.root);
    let inside = &inside;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads <= 1 || books.len() < 8 {
        return books.iter().map(|f| parse_one(inside, input, f)).collect();
    }
    let chunk = books.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = books
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|f| parse_one(inside, input, f))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Reads everything; errors and warnings come back in `Problems`.
pub fn load(input: &Input<'_>) -> (Loaded, Problems) {
    let mut problems = Problems::default();
    let mut out = Loaded::default();
    for (round, origin, text) in &input.rubrics {
        match Rubric::parse(text) {
            Ok(r) if r.round == *round => out.rubrics.push((r, origin.clone())),
            Ok(r) => problems.error(
                Loc::file(origin),
                format!("round: {:?} ≠ {:?}", r.round, round),
            ),
            Err(e) => problems.error(Loc::file(origin), trf(M::BadToml, &[origin, &e])),
        }
    }

    let books: Vec<&SourceFile> = input
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Evidence)
        .collect();
    let mut summaries = Vec::new();
    let mut catalogues = Vec::new();
    let mut seen: HashMap<ClusterId, String> = HashMap::new();
    for ((parsed, info, p), f) in parse_all(input, &books).into_iter().zip(&books) {
        problems.0.extend(p.0);
        if let Some(info) = info {
            out.workbooks.insert(f.rel.clone(), info);
        }
        match parsed {
            Parsed::Clusters(cs) => {
                for c in cs {
                    if let Some(first) = seen.get(&c.id) {
                        problems.error(
                            Loc::file(&c.source),
                            trf(M::DuplicateCluster, &[&c.id, first]),
                        );
                        continue;
                    }
                    seen.insert(c.id.clone(), c.source.clone());
                    out.clusters.push(c);
                }
            }
            Parsed::Summary(p, s) => summaries.push((p, s)),
            Parsed::Catalogue(rel, c) => catalogues.push((rel, c)),
            Parsed::Nothing => {}
        }
    }

    let rounds: BTreeMap<ClusterId, Round> = out
        .clusters
        .iter()
        .map(|c| (c.id.clone(), c.round))
        .collect();
    let mut catalogued: BTreeMap<ClusterId, String> = BTreeMap::new();
    let resolvers: BTreeMap<Round, _> = out
        .rubrics
        .iter()
        .map(|(r, _)| (r.round, r.resolver()))
        .collect();
    for (rel, cat) in catalogues {
        let Some(round) = rounds.get(&cat.cluster) else {
            problems.error(
                Loc::file(&rel),
                trf(
                    M::EvidenceUnknownCluster,
                    &[&crate::text::inert(&cat.cluster.0)],
                ),
            );
            continue;
        };
        if let Some(first) = catalogued.insert(cat.cluster.clone(), rel.clone()) {
            problems.error(
                Loc::file(&rel),
                trf(M::DuplicateCluster, &[&cat.cluster, &first]),
            );
            continue;
        }
        let resolve = resolvers.get(round);
        let mut seqs = BTreeSet::new();
        for item in cat.items {
            if !seqs.insert(item.seq) {
                problems.error(item.loc.clone(), trf(M::DuplicateSeq, &[&item.seq]));
                continue;
            }
            let Some(path) = source::resolve(source::parent(&rel), &item.path) else {
                problems.error(
                    item.loc.clone(),
                    trf(M::PathEscapes, &[&crate::text::inert(&item.path)]),
                );
                continue;
            };
            let Some(info) = (input.evidence)(&path) else {
                // A link that leads outside is there, but not inside the bundle.
                let there = input.root.join(&path).symlink_metadata().is_ok();
                let m = if there {
                    M::PathEscapes
                } else {
                    M::EvidenceMissing
                };
                problems.error(item.loc.clone(), trf(m, &[&crate::text::inert(&path)]));
                continue;
            };
            let rubric_item = match resolve.and_then(|r| r(&item.rubric_item)) {
                Some(ri) => ri.id.clone(),
                None => {
                    problems.error(
                        item.rubric_loc.clone(),
                        trf(
                            M::UnknownRubricItem,
                            &[&crate::text::inert(&item.rubric_item)],
                        ),
                    );
                    continue;
                }
            };
            out.listed.insert(path.clone());
            out.evidence.push(Evidence {
                cluster: cat.cluster.clone(),
                seq: item.seq,
                title: item.title,
                rubric_item,
                pages: item.pages,
                path,
                sha256: info.sha256,
                size: info.size,
            });
        }
    }

    drop(resolvers);
    cross_check(&out, &summaries, &mut problems);
    out.clusters.sort_by(|a, b| a.id.cmp(&b.id));
    out.evidence
        .sort_by(|a, b| (&a.cluster, a.seq).cmp(&(&b.cluster, b.seq)));
    (out, problems)
}

/// The warnings that do not stop a bundle: figures that disagree, items
/// without evidence.
fn cross_check(out: &Loaded, summaries: &[(&'static str, Summary)], problems: &mut Problems) {
    for c in &out.clusters {
        for flag in conditions::flags(c) {
            problems.warn(Loc::file(&c.source), flag.message);
        }
    }
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
            let Some(c) = found else { continue };
            for (i, kind) in IndicatorKind::ALL.into_iter().enumerate() {
                if let (Some(v), Some(ind)) = (row.increments[i], c.indicator(kind))
                    && v != ind.increment
                {
                    problems.warn(
                        row.loc.clone(),
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
                problems.warn(
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
                    let unit = if kind.is_money() {
                        Yuan(v).wan()
                    } else {
                        v.to_string()
                    };
                    let sum_text = conditions::amount(kind, sum);
                    problems.warn(
                        t.loc.clone(),
                        trf(
                            M::SummaryTotalMismatch,
                            &[&conditions::indicator_name(kind), &unit, &sum_text],
                        ),
                    );
                }
            }
        }
    }
    let covered: BTreeSet<(&ClusterId, &str)> = out
        .evidence
        .iter()
        .map(|e| (&e.cluster, e.rubric_item.as_str()))
        .collect();
    for c in &out.clusters {
        let Some((rubric, _)) = out.rubrics.iter().find(|(r, _)| r.round == c.round) else {
            continue;
        };
        for item in rubric.items.iter().filter(|i| i.evidence) {
            if !covered.contains(&(&c.id, item.id.as_str())) {
                problems.warn(
                    Loc::file(&c.source),
                    trf(
                        M::ItemNoEvidence,
                        &[&c.id, &format!("{} {}", item.id, item.name)],
                    ),
                );
            }
        }
    }
}
