//! Reading a whole bundle (or a submissions folder) into the model: the one
//! path both `pack` and `import` take, so that what pack accepts, import
//! reads the same way.
//!
//! Workbooks arrive as bytes from a producer (the submissions folder for
//! pack, the bundle archive for import), are parsed on every core, and their
//! rows go to a [`Sink`] as they are read, so that a national bundle never
//! sits in memory whole. The workbooks that define clusters (表二, 申报表,
//! 附件3) come first; catalogues read before the last of them wait.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::bundle::Severity;
use crate::bundle::manifest::{self, FileKind};
use crate::bundle::map::{self, Catalogue, Ctx, Summary};
use crate::bundle::source::{self, Refusal, SourceFile};
use crate::bundle::{Loc, Problem, Problems, form, workbook};
use crate::i18n::{M, trf};
use crate::model::{Cluster, ClusterId, Evidence, IndicatorKind, Round, canonical_prefecture};
use crate::review::conditions;
use crate::review::rubric::Rubric;

/// An evidence file's identity, as hashed by pack or listed by the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub sha256: manifest::Digest,
    pub size: u64,
}

/// A workbook to read: which file it is, and its bytes.
pub struct Book {
    pub file: SourceFile,
    pub bytes: Vec<u8>,
    /// The digest of `bytes` when the sender has already computed it (the
    /// import checks every file against its manifest); otherwise the parser
    /// computes it.
    pub sha256: Option<manifest::Digest>,
}

/// What the producer sends: a workbook, or why one could not be had.
pub type Sent = Result<Book, Box<Problem>>;

/// Workbooks travel to the parsers, and their outcomes back, a few at a
/// time: most are small, and one thread wake-up for each cost more than
/// a few percent of an import.
const BATCH: usize = 8;

/// The producer's end of the way to [`load`]: workbooks are sent in
/// batches (a workbook that defines clusters at once, since the loader
/// waits for all of those); the rest goes when flushed or dropped.
pub struct Sender {
    tx: SyncSender<Vec<Sent>>,
    buf: Vec<Sent>,
}

/// A producer's end and the loader's end.
pub fn channel() -> (Sender, Receiver<Vec<Sent>>) {
    let (tx, rx) = sync_channel(1);
    (
        Sender {
            tx,
            buf: Vec::with_capacity(BATCH),
        },
        rx,
    )
}

impl Sender {
    /// Sends a workbook on (false once the loader has stopped).
    pub fn send(&mut self, sent: Sent) -> bool {
        let defining = sent.as_ref().is_ok_and(|b| defines_clusters(b.file.kind));
        self.buf.push(sent);
        if defining || self.buf.len() >= BATCH {
            self.flush()
        } else {
            true
        }
    }

    /// Sends whatever waits for a full batch.
    pub fn flush(&mut self) -> bool {
        if self.buf.is_empty() {
            return true;
        }
        let batch = std::mem::replace(&mut self.buf, Vec::with_capacity(BATCH));
        self.tx.send(batch).is_ok()
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.flush();
    }
}

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
pub fn defines_clusters(kind: FileKind) -> bool {
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

/// What one workbook yielded.
enum Parsed {
    Clusters(Vec<Cluster>),
    Summary(&'static str, Box<Summary>),
    Catalogue(String, Catalogue),
    Nothing,
}

/// A workbook read: which it was, what it yielded, the identity of its
/// bytes, and its problems.
struct Outcome {
    file: Option<SourceFile>,
    parsed: Parsed,
    info: Option<FileInfo>,
    problems: Problems,
}

fn parse_book(book: Book, year: i32) -> Outcome {
    let Book {
        file: f,
        bytes,
        sha256,
    } = book;
    let mut problems = Problems::default();
    let info = FileInfo {
        sha256: sha256.unwrap_or_else(|| crate::digest::sha256_bytes(&bytes)),
        size: bytes.len() as u64,
    };
    let sheets = match workbook::read_bytes(bytes, workbook::is_xls(Path::new(&f.rel))) {
        Ok(s) => s,
        Err(e) => {
            let loc = match e.sheet() {
                Some(s) => Loc::sheet(&f.rel, s),
                None => Loc::file(&f.rel),
            };
            problems.error(loc, e.to_string());
            return Outcome {
                file: Some(f),
                parsed: Parsed::Nothing,
                info: Some(info),
                problems,
            };
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
        FileKind::Summary => {
            Parsed::Summary(f.prefecture, Box::new(map::read_summary(&sheets, &mut ctx)))
        }
        FileKind::Catalogue => match map::read_catalogue(&sheets, &mut ctx) {
            Some(c) => Parsed::Catalogue(f.rel.clone(), c),
            None => Parsed::Nothing,
        },
        FileKind::Evidence | FileKind::Rubric | FileKind::Roster => Parsed::Nothing,
    };
    Outcome {
        file: Some(f),
        parsed,
        info: Some(info),
        problems,
    }
}

/// The message for a file that could not be read safely.
pub fn refusal_message(r: &Refusal, rel: &str) -> String {
    let rel = crate::text::inert(rel);
    match r {
        Refusal::Missing => trf(M::FileMissing, &[&rel]),
        Refusal::Escapes => trf(M::PathEscapes, &[&rel]),
        Refusal::Unreadable(e) => format!("{rel}: {e}"),
        Refusal::TooLarge(size) => trf(
            M::WorkbookFileTooLarge,
            &[&rel, &(size >> 20), &(workbook::MAX_FILE >> 20)],
        ),
    }
}

/// Parses what the producer sends on every core and hands each outcome to
/// `each` on the calling thread as soon as it is ready. Only a few
/// workbooks wait at a time.
fn parse_stream(books: Receiver<Vec<Sent>>, year: i32, mut each: impl FnMut(Outcome)) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let books = Mutex::new(books);
    let (tx, rx) = sync_channel::<Vec<Outcome>>(threads);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let books = &books;
            s.spawn(move || {
                loop {
                    let next = match books.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok(batch) = next else { break };
                    let outcomes = batch
                        .into_iter()
                        .map(|sent| match sent {
                            Ok(book) => {
                                // A parser that fails does so for its file,
                                // which is refused.
                                let rel = book.file.rel.clone();
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    parse_book(book, year)
                                }))
                                .unwrap_or_else(|_| Outcome {
                                    file: None,
                                    parsed: Parsed::Nothing,
                                    info: None,
                                    problems: Problems(vec![Problem::new(
                                        crate::bundle::Severity::Error,
                                        Loc::file(&rel),
                                        crate::i18n::trf(M::ReaderFailed, &[&"—"]),
                                    )]),
                                })
                            }
                            Err(problem) => Outcome {
                                file: None,
                                parsed: Parsed::Nothing,
                                info: None,
                                problems: Problems(vec![*problem]),
                            },
                        })
                        .collect();
                    if tx.send(outcomes).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for outcome in rx.into_iter().flatten() {
            each(outcome);
        }
    });
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

/// The warnings that do not stop a bundle: figures that disagree, items
/// without evidence.
fn cross_check(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn book(rel: &str, kind: FileKind) -> Sent {
        Ok(Book {
            file: SourceFile {
                rel: rel.into(),
                kind,
                prefecture: "随州",
            },
            bytes: Vec::new(),
            sha256: None,
        })
    }

    fn names(batch: Vec<Sent>) -> Vec<String> {
        batch
            .into_iter()
            .map(|s| s.map(|b| b.file.rel).unwrap_or_default())
            .collect()
    }

    #[test]
    fn batches_fill_up_but_a_defining_workbook_and_the_end_go_at_once() {
        let (mut tx, rx) = channel();
        for i in 0..BATCH - 2 {
            assert!(tx.send(book(&format!("c{i}"), FileKind::Catalogue)));
        }
        assert!(rx.try_recv().is_err(), "a batch waits to be full");
        assert!(tx.send(book("t", FileKind::Table2)));
        let first = names(rx.try_recv().unwrap());
        assert_eq!(first.len(), BATCH - 1, "sent before the batch is full");
        assert_eq!(first.last().map(String::as_str), Some("t"));
        assert!(tx.send(book("last", FileKind::Catalogue)));
        drop(tx);
        assert_eq!(names(rx.try_recv().unwrap()), ["last"]);
        assert!(rx.recv().is_err(), "then the channel ends");
    }
}
