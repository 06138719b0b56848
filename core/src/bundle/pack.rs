//! `pack`: a folder of prefecture submissions → a verified bundle folder.
//!
//! Everything is validated first; a bundle with errors is not written. The
//! bundle is assembled in a temporary folder beside the target and renamed
//! into place, so that nothing half-written is ever left under its name.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::bundle::archive;
use crate::bundle::load::{self, Book, FileInfo, Input, Loaded};
use crate::bundle::manifest::{self, FORMAT, FileEntry, FileKind, Manifest, RubricRef};
use crate::bundle::source::{self, Inside, PACK_CONFIG, PackConfig, Refusal, SourceFile};
use crate::bundle::{Loc, Problem, Problems, Severity};
use crate::i18n::{M, trf};

/// The outcome of a pack: the problems found and, when there were no
/// errors, the manifest written and its id.
#[derive(Debug)]
pub struct PackReport {
    pub problems: Vec<Problem>,
    pub written: Option<(Manifest, String)>,
    pub clusters: usize,
    pub evidence: usize,
}

impl PackReport {
    pub fn errors(&self) -> Vec<&Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{}", trf(M::NoPackConfig, &[.0]))]
    NoConfig(String),
    #[error("{}", trf(M::BadToml, &[.0, .1]))]
    BadConfig(String, String),
    #[error("{}", trf(M::OutputExists, &[&.0.display()]))]
    OutputExists(PathBuf),
    #[error("{0}")]
    Io(String, #[source] io::Error),
}

/// Hashes files under `root` on every core, never through a link.
pub(crate) fn hash_all(inside: &Inside<'_>, rels: &[&str]) -> Vec<Result<FileInfo, Refusal>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Sizes are learnt as files are read: progress counts files here.
    let _progress = crate::progress::begin(crate::progress::Task::Hash, 0, rels.len() as u64);
    let hash = |rel: &&str| {
        let f = inside.open(rel)?;
        let (sha256, size) = manifest::sha256_read(f).map_err(Refusal::Unreadable)?;
        crate::progress::add(size, 1);
        Ok(FileInfo { sha256, size })
    };
    if threads <= 1 || rels.len() < 64 {
        return rels.iter().map(hash).collect();
    }
    let chunk = rels.len().div_ceil(threads);
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        let handles: Vec<_> = rels
            .chunks(chunk)
            .map(|part| {
                (
                    part,
                    s.spawn(move || {
                        let _lang = crate::i18n::speak(lang);
                        part.iter().map(hash).collect::<Vec<_>>()
                    }),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, h)| {
                // A hasher that failed hashed nothing: each of its files is
                // refused, never left out.
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|_| Err(Refusal::Unreadable(std::io::Error::other("internal error"))))
                        .collect()
                })
            })
            .collect()
    })
}

fn read_config(src: &Path) -> Result<(PackConfig, Vec<(RubricRef, String)>), PackError> {
    let path = src.join(PACK_CONFIG);
    let text =
        fs::read_to_string(&path).map_err(|_| PackError::NoConfig(path.display().to_string()))?;
    let config: PackConfig = toml::from_str(&text).map_err(|e| {
        PackError::BadConfig(
            PACK_CONFIG.into(),
            crate::text::inert_lines(&e.to_string(), 600),
        )
    })?;
    let max = crate::bundle::manifest::MAX_TITLE;
    for (field, v) in [("title", &config.title), ("issuer", &config.issuer)] {
        let why = if v.chars().count() > max {
            crate::i18n::trf(M::RubricTooLong, &[&max])
        } else if v.chars().any(crate::text::is_dangerous) {
            crate::i18n::tr(M::RubricControl).to_string()
        } else {
            continue;
        };
        return Err(PackError::BadConfig(
            PACK_CONFIG.into(),
            format!("{field}: {why}"),
        ));
    }
    let mut rubrics = Vec::new();
    for r in &config.rubrics {
        let p = src.join(&r.path);
        let text = fs::read_to_string(&p).map_err(|e| PackError::Io(p.display().to_string(), e))?;
        rubrics.push((r.clone(), text));
    }
    Ok((config, rubrics))
}

/// Validates `src` and, when it has no errors, writes the bundle to `out`.
pub fn pack(src: &Path, out: &Path) -> Result<PackReport, PackError> {
    let (config, rubric_texts) = read_config(src)?;
    // The roster travels in the bundle, so that import finds the same.
    let roster_text = (!config.roster.is_empty()).then(|| {
        crate::bundle::roster::Roster {
            cluster: config.roster.clone(),
        }
        .to_text()
    });
    if out.exists() {
        return Err(PackError::OutputExists(out.to_path_buf()));
    }
    let mut problems = Problems::default();
    let (files, names) = source::walk(src, &mut problems);
    // Workbooks are hashed from the bytes they are read from; the rest here.
    let inside = Inside::with_names(src, names);
    let rels: Vec<&str> = files
        .iter()
        .filter(|f| f.kind == FileKind::Evidence)
        .map(|f| f.rel.as_str())
        .collect();
    let mut infos: BTreeMap<String, FileInfo> = rels
        .iter()
        .zip(hash_all(&inside, &rels))
        .filter_map(|(r, i)| Some((r.to_string(), i.ok()?)))
        .collect();
    let mut books: Vec<&SourceFile> = files
        .iter()
        .filter(|f| f.kind != FileKind::Evidence)
        .collect();
    books.sort_by(|a, b| (archive::rank(a.kind), &a.rel).cmp(&(archive::rank(b.kind), &b.rel)));
    let input = Input {
        root: Some(src),
        year: config.year,
        rubrics: rubric_texts
            .iter()
            .map(|(r, t)| (r.round, r.path.clone(), t.clone()))
            .collect(),
        evidence: &|rel| infos.get(rel).cloned(),
        defining: books
            .iter()
            .filter(|f| load::defines_clusters(f.kind))
            .count(),
        roster: roster_text.clone().map(|t| (PACK_CONFIG.to_string(), t)),
    };
    let mut tally = Tally::default();
    let (mut tx, rx) = load::channel();
    let lang = crate::i18n::lang();
    let (loaded, mut found) = std::thread::scope(|s| {
        s.spawn(|| {
            let _lang = crate::i18n::speak(lang);
            for f in books {
                let sent = inside
                    .read(&f.rel)
                    .map(|bytes| Book {
                        file: f.clone(),
                        bytes,
                        sha256: None,
                    })
                    .map_err(|r| {
                        Box::new(Problem::new(
                            Severity::Error,
                            Loc::file(&f.rel),
                            load::refusal_message(&r, &f.rel),
                        ))
                    });
                if !tx.send(sent) {
                    break;
                }
            }
            drop(tx);
        });
        load::load(&input, rx, &mut tally)
    });
    drop(input);
    infos.extend(loaded.workbooks.clone());
    problems.0.append(&mut found.0);
    for f in files
        .iter()
        .filter(|f| f.kind == FileKind::Evidence && !tally.listed.contains(&f.rel))
    {
        problems.warn(
            Loc::file(&f.rel),
            trf(M::UnlistedFile, &[&crate::text::inert(&f.rel)]),
        );
    }
    let mut report = PackReport {
        clusters: loaded.clusters.len(),
        evidence: loaded.evidence,
        problems: Vec::new(),
        written: None,
    };
    if problems.has_errors() {
        report.problems = problems.sorted();
        return Ok(report);
    }
    let manifest = build_manifest(
        &config,
        &files,
        &infos,
        &loaded,
        &tally.listed,
        &rubric_texts,
        roster_text.as_deref(),
    );
    write(
        &inside,
        out,
        &manifest,
        &rubric_texts,
        roster_text.as_deref(),
    )?;
    let id = crate::digest::sha256_bytes(manifest.to_text().as_bytes()).to_string();
    report.problems = problems.sorted();
    report.written = Some((manifest, id));
    Ok(report)
}

/// What pack keeps of the evidence rows: which files the catalogues list.
#[derive(Default)]
struct Tally {
    listed: BTreeSet<String>,
}

impl load::Sink for Tally {
    fn clusters(&mut self, _: &[crate::model::Cluster]) {}
    fn evidence(&mut self, rows: Vec<crate::model::Evidence>) {
        self.listed.extend(rows.into_iter().map(|e| e.path));
    }
}

/// The bundle path of a round's rubric.
pub(crate) fn rubric_path(round: crate::model::Round) -> String {
    format!("rubric/{}.toml", round.key())
}

fn build_manifest(
    config: &PackConfig,
    files: &[SourceFile],
    infos: &BTreeMap<String, FileInfo>,
    loaded: &Loaded,
    listed: &BTreeSet<String>,
    rubrics: &[(RubricRef, String)],
    roster: Option<&str>,
) -> Manifest {
    let mut entries: Vec<FileEntry> = files
        .iter()
        .filter(|f| f.kind != FileKind::Evidence || listed.contains(&f.rel))
        .filter_map(|f| {
            let info = infos.get(&f.rel)?;
            Some(FileEntry {
                path: f.rel.clone(),
                kind: f.kind,
                size: info.size,
                sha256: info.sha256,
            })
        })
        .collect();
    for (r, text) in rubrics {
        entries.push(FileEntry {
            path: rubric_path(r.round),
            kind: FileKind::Rubric,
            size: text.len() as u64,
            sha256: crate::digest::sha256_bytes(text.as_bytes()),
        });
    }
    if let Some(text) = roster {
        entries.push(FileEntry {
            path: crate::bundle::roster::ROSTER_PATH.to_string(),
            kind: FileKind::Roster,
            size: text.len() as u64,
            sha256: crate::digest::sha256_bytes(text.as_bytes()),
        });
    }
    let rounds: BTreeSet<_> = loaded.clusters.iter().map(|c| c.round).collect();
    Manifest {
        format: FORMAT,
        title: config.title.clone(),
        issuer: config.issuer.clone(),
        year: config.year,
        rounds: rounds.into_iter().collect(),
        rubrics: rubrics
            .iter()
            .map(|(r, _)| RubricRef {
                round: r.round,
                path: rubric_path(r.round),
            })
            .collect(),
        files: entries,
    }
}

/// Writes the bundle archive. Every file is read again and must still hash
/// as validated: a file changed while packing stops the pack.
fn write(
    inside: &Inside<'_>,
    out: &Path,
    manifest: &Manifest,
    rubrics: &[(RubricRef, String)],
    roster: Option<&str>,
) -> Result<(), PackError> {
    let files: Vec<(String, FileKind)> = manifest
        .files
        .iter()
        .map(|f| (f.path.clone(), f.kind))
        .collect();
    let read = |rel: &str| -> io::Result<Vec<u8>> {
        let bytes = match rubrics.iter().find(|(r, _)| rubric_path(r.round) == rel) {
            Some((_, text)) => text.as_bytes().to_vec(),
            None if rel == crate::bundle::roster::ROSTER_PATH => {
                roster.unwrap_or_default().as_bytes().to_vec()
            }
            None => inside
                .read(rel)
                .map_err(|r| io::Error::other(load::refusal_message(&r, rel)))?,
        };
        if manifest.file(rel).map(|f| f.sha256) != Some(crate::digest::sha256_bytes(&bytes)) {
            return Err(io::Error::other(trf(
                M::HashMismatch,
                &[&crate::text::inert(rel)],
            )));
        }
        Ok(bytes)
    };
    let total = manifest.files.iter().map(|f| f.size).sum();
    let _progress = crate::progress::begin(crate::progress::Task::Write, total, files.len() as u64);
    archive::write(out, &manifest.to_text(), &files, &read)
        .map_err(|e| PackError::Io(out.display().to_string(), e))
}
