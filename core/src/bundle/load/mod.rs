//! Reading a whole bundle (or a submissions folder) into the model: the one
//! path both `pack` and `import` take, so that what pack accepts, import
//! reads the same way.
//!
//! Workbooks arrive as bytes from a producer (the submissions folder for
//! pack, the bundle archive for import), are parsed on every core, and their
//! rows go to a [`Sink`] as they are read, so that a national bundle never
//! sits in memory whole. The workbooks that define clusters (表二, 申报表,
//! 附件3) come first; catalogues read before the last of them wait.

mod channel;
mod cross;
mod parse;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::mpsc::Receiver;

use crate::bundle::manifest::FileKind;
use crate::bundle::map::{Catalogue, Summary};
use crate::bundle::source;
use crate::bundle::{Loc, Problems};
use crate::i18n::{M, trf};
use crate::model::{Cluster, ClusterId, Evidence, Round};
use crate::review::rubric::Rubric;

use cross::cross_check;
use parse::{Parsed, parse_stream};

pub use channel::{Book, FileInfo, Sender, Sent, channel};
pub use parse::refusal_message;

/// What to read besides the workbooks.
pub struct Input<'a> {
    pub year: i32,
    /// The rubric of each round: (round, where it came from, its text).
    pub rubrics: Vec<(Round, String, String)>,
    /// Looks an evidence file up by its relative path.
    pub evidence: &'a (dyn Fn(&str) -> Option<FileInfo> + Sync),
    /// The submissions folder (pack), to tell a missing file from a link.
    pub root: Option<&'a Path>,
    /// How many workbooks that define clusters the producer sends (first).
    pub defining: usize,
    /// The roster of designated clusters: where it came from, its text.
    pub roster: Option<(String, String)>,
}

/// True for the workbooks that define clusters.
pub(crate) fn defines_clusters(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Table2 | FileKind::Application | FileKind::Summary
    )
}

/// Everything a bundle holds but its evidence rows (those went to the sink).
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

/// Where loaded rows go: the store (import) or a tally (pack).
pub trait Sink {
    /// Every cluster, once, before any evidence.
    fn clusters(&mut self, clusters: &[Cluster]);
    /// The evidence rows of one cluster, together, as soon as its catalogue
    /// is read. A cluster's rows come in one call, once.
    fn evidence(&mut self, rows: Vec<Evidence>);
}

/// The state of a load between outcomes.
struct Loader<'a, 'i> {
    input: &'a Input<'i>,
    out: Loaded,
    problems: Problems,
    summaries: Vec<(&'static str, Summary)>,
    seen: HashMap<ClusterId, String>,
    defining_left: usize,
    waiting: Vec<(String, Catalogue)>,
    rounds: HashMap<ClusterId, Round>,
    catalogued: HashMap<ClusterId, String>,
    covered: BTreeSet<(ClusterId, String)>,
}

/// Reads everything the producer sends: clusters come back in `Loaded`,
/// evidence goes to the sink as it is read; errors and warnings come back in
/// `Problems`.
pub fn load(
    input: &Input<'_>,
    books: Receiver<Vec<Sent>>,
    sink: &mut dyn Sink,
) -> (Loaded, Problems) {
    let mut l = Loader {
        input,
        out: Loaded::default(),
        problems: Problems::default(),
        summaries: Vec::new(),
        seen: HashMap::new(),
        defining_left: input.defining,
        waiting: Vec::new(),
        rounds: HashMap::new(),
        catalogued: HashMap::new(),
        covered: BTreeSet::new(),
    };
    for (round, origin, text) in &input.rubrics {
        match Rubric::parse(text) {
            Ok(r) if r.round == *round => l.out.rubrics.push((r, origin.clone())),
            Ok(r) => l.problems.error(
                Loc::file(origin),
                format!("round: {:?} ≠ {:?}", r.round, round),
            ),
            Err(e) => l
                .problems
                .error(Loc::file(origin), trf(M::BadToml, &[origin, &e])),
        }
    }
    let rubrics = std::mem::take(&mut l.out.rubrics);
    let resolvers: BTreeMap<Round, _> = rubrics
        .iter()
        .map(|(r, _)| (r.round, r.resolver()))
        .collect();
    if l.defining_left == 0 {
        l.clusters_done(sink);
    }
    parse_stream(books, input.year, |o| {
        l.problems.0.extend(o.problems.0);
        if let (Some(f), Some(info)) = (&o.file, o.info) {
            l.out.workbooks.insert(f.rel.clone(), info);
        }
        let defining = o.file.as_ref().is_some_and(|f| defines_clusters(f.kind));
        match o.parsed {
            Parsed::Clusters(cs) => l.add_clusters(cs),
            Parsed::Summary(p, s) => l.summaries.push((p, *s)),
            Parsed::Catalogue(rel, cat) if l.defining_left > 0 => l.waiting.push((rel, cat)),
            Parsed::Catalogue(rel, cat) => l.catalogue(rel, cat, &resolvers, sink),
            Parsed::Nothing => {}
        }
        if defining {
            l.defining_left = l.defining_left.saturating_sub(1);
            if l.defining_left == 0 {
                l.clusters_done(sink);
                for (rel, cat) in std::mem::take(&mut l.waiting) {
                    l.catalogue(rel, cat, &resolvers, sink);
                }
            }
        }
    });
    // A producer that stopped early (a damaged archive) still gets the
    // catalogues it did send checked.
    if l.defining_left > 0 {
        l.defining_left = 0;
        l.clusters_done(sink);
        for (rel, cat) in std::mem::take(&mut l.waiting) {
            l.catalogue(rel, cat, &resolvers, sink);
        }
    }
    drop(resolvers);
    l.out.rubrics = rubrics;
    cross_check(
        &l.out,
        &l.covered,
        &l.catalogued,
        &l.summaries,
        &mut l.problems,
    );
    match input
        .roster
        .as_ref()
        .map(|(origin, text)| (origin, crate::bundle::roster::Roster::parse(text)))
    {
        Some((_, Ok(roster))) => {
            crate::bundle::roster::check(&roster, &l.out.clusters, &mut l.problems)
        }
        Some((origin, Err(e))) => l
            .problems
            .error(Loc::file(origin), trf(M::BadToml, &[origin, &e])),
        // Without a roster, applications are still checked against the
        // clusters the bundle assesses.
        None => crate::bundle::roster::check(
            &crate::bundle::roster::Roster::default(),
            &l.out.clusters,
            &mut l.problems,
        ),
    }
    (l.out, l.problems)
}

impl Loader<'_, '_> {
    fn add_clusters(&mut self, cs: Vec<Cluster>) {
        for c in cs {
            if let Some(first) = self.seen.get(&c.id) {
                self.problems.error(
                    Loc::file(&c.source),
                    trf(M::DuplicateCluster, &[&c.id, first]),
                );
                continue;
            }
            self.seen.insert(c.id.clone(), c.source.clone());
            self.out.clusters.push(c);
        }
    }

    fn clusters_done(&mut self, sink: &mut dyn Sink) {
        self.out.clusters.sort_by(|a, b| a.id.cmp(&b.id));
        self.rounds = self
            .out
            .clusters
            .iter()
            .map(|c| (c.id.clone(), c.round))
            .collect();
        sink.clusters(&self.out.clusters);
    }

    fn catalogue<'r, F>(
        &mut self,
        rel: String,
        mut cat: Catalogue,
        resolvers: &BTreeMap<Round, F>,
        sink: &mut dyn Sink,
    ) where
        F: Fn(&str) -> Option<&'r crate::review::rubric::RubricItem>,
    {
        let problems = &mut self.problems;
        let Some(round) = self.rounds.get(&cat.cluster) else {
            problems.error(
                Loc::file(&rel),
                trf(
                    M::EvidenceUnknownCluster,
                    &[&crate::text::inert(&cat.cluster.0)],
                ),
            );
            return;
        };
        if let Some(first) = self.catalogued.insert(cat.cluster.clone(), rel.clone()) {
            problems.error(
                Loc::file(&rel),
                trf(M::DuplicateCluster, &[&cat.cluster, &first]),
            );
            return;
        }
        let resolve = resolvers.get(round);
        let mut seqs = BTreeSet::new();
        // The items this catalogue covers: a handful, however many rows.
        let mut covered: BTreeSet<&'r str> = BTreeSet::new();
        let mut rows = Vec::with_capacity(cat.items.len());
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
            let Some(info) = (self.input.evidence)(&path) else {
                // A link that leads outside is there, but not inside the bundle.
                let there = self
                    .input
                    .root
                    .is_some_and(|r| r.join(&path).symlink_metadata().is_ok());
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
            let key: &'r str = match resolve.and_then(|r| r(&item.rubric_item)) {
                Some(ri) => &ri.id,
                // Not a rubric item: one of the application's documents.
                None => match crate::review::documents::Document::named(&item.rubric_item) {
                    Some(d) => d.key(),
                    None => "",
                },
            };
            if key.is_empty() {
                problems.error(
                    cat.rubric_loc(&rel, &item),
                    trf(
                        M::UnknownRubricItem,
                        &[&crate::text::inert(&item.rubric_item)],
                    ),
                );
                continue;
            }
            covered.insert(key);
            rows.push(Evidence {
                cluster: cat.cluster.clone(),
                seq: item.seq,
                title: item.title,
                rubric_item: key.to_string(),
                pages: item.pages,
                path,
                sha256: info.sha256,
                size: info.size,
            });
        }
        if !rows.is_empty() {
            self.out.evidence += rows.len();
            sink.evidence(rows);
        }
        for id in covered {
            self.covered.insert((cat.cluster.clone(), id.to_string()));
        }
    }
}
