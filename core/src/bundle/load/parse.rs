//! Parsing the workbooks as they arrive, on every core: each becomes the
//! clusters, figures, catalogues and problems it holds, or a refusal that
//! says why.

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, sync_channel};

use crate::bundle::manifest::FileKind;
use crate::bundle::map::{self, Catalogue, Ctx, Summary};
use crate::bundle::source::{Refusal, SourceFile};
use crate::bundle::{Loc, Problem, Problems, form, workbook};
use crate::i18n::{M, trf};
use crate::model::Cluster;

use super::channel::{Book, FileInfo, Sent};

/// What one workbook yielded.
pub(super) enum Parsed {
    Clusters(Vec<Cluster>),
    Summary(&'static str, Box<Summary>),
    Catalogue(String, Catalogue),
    Nothing,
}

/// A workbook read: which it was, what it yielded, the identity of its
/// bytes, and its problems.
pub(super) struct Outcome {
    pub(super) file: Option<SourceFile>,
    pub(super) parsed: Parsed,
    pub(super) info: Option<FileInfo>,
    pub(super) problems: Problems,
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
pub(super) fn parse_stream(books: Receiver<Vec<Sent>>, year: i32, mut each: impl FnMut(Outcome)) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let books = Mutex::new(books);
    let (tx, rx) = sync_channel::<Vec<Outcome>>(threads);
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let books = &books;
            s.spawn(move || {
                let _lang = crate::i18n::speak(lang);
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
