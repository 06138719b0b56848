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
    /// Sorted by id.
    pub clusters: Vec<Cluster>,
    /// How many evidence rows went to the sink.
    pub evidence: usize,
    pub rubrics: Vec<(Rubric, String)>,
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

/// Parses workbooks on every core, handing each outcome to `each` on the
/// calling thread as soon as it is ready (in no particular order). Only a
/// few outcomes wait at a time, so a national bundle never sits in memory
/// whole.
fn parse_stream(
    input: &Input<'_>,
    books: &[&SourceFile],
    mut each: impl FnMut(&SourceFile, Outcome),
) {
    let inside = Inside::new(input.root);
    let inside = &inside;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads <= 1 || books.len() < 8 {
        for f in books {
            each(f, parse_one(inside, input, f));
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Outcome)>(threads * 2);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(f) = books.get(i) else { break };
                    if tx.send((i, parse_one(inside, input, f))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, outcome) in rx {
            each(books[i], outcome);
        }
    });
}

/// Where loaded rows go: the store (import) or a tally (pack).
pub trait Sink {
    /// Every cluster, once, before any evidence.
    fn clusters(&mut self, clusters: &[Cluster]);
    /// One evidence row, as soon as its catalogue is read.
    fn evidence(&mut self, e: Evidence);
}

/// Reads everything: clusters come back in `Loaded`, evidence goes to the
/// sink as it is read; errors and warnings come back in `Problems`.
pub fn load(input: &Input<'_>, sink: &mut dyn Sink) -> (Loaded, Problems) {
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

    // First the workbooks that define clusters (few), then the catalogues.
    let (catalogues, books): (Vec<&SourceFile>, Vec<&SourceFile>) = input
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Evidence)
        .partition(|f| f.kind == FileKind::Catalogue);
    let mut summaries = Vec::new();
    let mut seen: HashMap<ClusterId, String> = HashMap::new();
    parse_stream(input, &books, |f, (parsed, info, p)| {
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
            Parsed::Catalogue(..) | Parsed::Nothing => {}
        }
    });
    out.clusters.sort_by(|a, b| a.id.cmp(&b.id));
    sink.clusters(&out.clusters);

    let rounds: HashMap<ClusterId, Round> = out
        .clusters
        .iter()
        .map(|c| (c.id.clone(), c.round))
        .collect();
    let resolvers: BTreeMap<Round, _> = out
        .rubrics
        .iter()
        .map(|(r, _)| (r.round, r.resolver()))
        .collect();
    let mut catalogued: HashMap<ClusterId, String> = HashMap::new();
    let mut covered: BTreeSet<(ClusterId, String)> = BTreeSet::new();
    parse_stream(input, &catalogues, |f, (parsed, info, p)| {
        problems.0.extend(p.0);
        if let Some(info) = info {
            out.workbooks.insert(f.rel.clone(), info);
        }
        let Parsed::Catalogue(rel, mut cat) = parsed else {
            return;
        };
        let Some(round) = rounds.get(&cat.cluster) else {
            problems.error(
                Loc::file(&rel),
                trf(
                    M::EvidenceUnknownCluster,
                    &[&crate::text::inert(&cat.cluster.0)],
                ),
            );
            return;
        };
        if let Some(first) = catalogued.insert(cat.cluster.clone(), rel.clone()) {
            problems.error(
                Loc::file(&rel),
                trf(M::DuplicateCluster, &[&cat.cluster, &first]),
            );
            return;
        }
        let resolve = resolvers.get(round);
        let mut seqs = BTreeSet::new();
        for item in std::mem::take(&mut cat.items) {
            if !seqs.insert(item.seq) {
                problems.error(
                    cat.path_loc(&rel, &item),
                    trf(M::DuplicateSeq, &[&item.seq]),
                );
                continue;
            }
            let Some(path) = source::resolve(source::parent(&rel), &item.path) else {
                problems.error(
                    cat.path_loc(&rel, &item),
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
                problems.error(
                    cat.path_loc(&rel, &item),
                    trf(m, &[&crate::text::inert(&path)]),
                );
                continue;
            };
            let Some(ri) = resolve.and_then(|r| r(&item.rubric_item)) else {
                problems.error(
                    cat.rubric_loc(&rel, &item),
                    trf(
                        M::UnknownRubricItem,
                        &[&crate::text::inert(&item.rubric_item)],
                    ),
                );
                continue;
            };
            covered.insert((cat.cluster.clone(), ri.id.clone()));
            out.evidence += 1;
            sink.evidence(Evidence {
                cluster: cat.cluster.clone(),
                seq: item.seq,
                title: item.title,
                rubric_item: ri.id.clone(),
                pages: item.pages,
                path,
                sha256: info.sha256,
                size: info.size,
            });
        }
    });
    drop(resolvers);
    cross_check(&out, &covered, &summaries, &mut problems);
    (out, problems)
}

/// The warnings that do not stop a bundle: figures that disagree, items
/// without evidence.
fn cross_check(
    out: &Loaded,
    covered: &BTreeSet<(ClusterId, String)>,
    summaries: &[(&'static str, Summary)],
    problems: &mut Problems,
) {
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
    for c in &out.clusters {
        let Some((rubric, _)) = out.rubrics.iter().find(|(r, _)| r.round == c.round) else {
            continue;
        };
        for item in rubric.items.iter().filter(|i| i.evidence) {
            if !covered.contains(&(c.id.clone(), item.id.clone())) {
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
