//! Merging signed review files: reviewers made by the tests (keys, scores,
//! exports from the demo bundle), figures checked against hand-computed
//! expectations, every refusal, order independence, and a workbook whose
//! text stays text.

#[path = "../common/mod.rs"]
mod common;
mod decisions;
mod figures;
mod leader;
mod panel;
mod progress;
mod refusals;
mod results;

use common::*;
use pingshen::merge::{self, MergeError, Options, Outcome, Rule};
use pingshen::review::rubric::Points;
use pingshen::review::score::Field;
use pingshen::session::Session;
use pingshen::sign::{self, allowed, keys};
use pingshen::store::Store;
use std::path::{Path, PathBuf};

const X: &str = "KH-4201-01";

const Y: &str = "KH-4201-02";

const Z: &str = "KH-4201-03";

/// What one reviewer does on the demo bundle.
struct Plan<'a> {
    name: &'a str,
    /// (cluster, P1 score, conclusion); every other item gets 5.
    scored: Vec<(&'a str, &'a str, &'a str)>,
    recused: Vec<&'a str>,
}

struct Panel {
    tmp: tempfile::TempDir,
    db: PathBuf,
    lines: Vec<String>,
}

impl Panel {
    fn new() -> Panel {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("s.db");
        let mut store = Store::open(&db).unwrap();
        pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
        Panel {
            tmp,
            db,
            lines: Vec::new(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Scores as planned (in the shared store) and exports to `file`.
    fn review(&mut self, plan: &Plan, file: &str) -> PathBuf {
        let key = self.path(&format!("{}.key", plan.name));
        if !key.exists() {
            let public = keys::generate(&key, plan.name, None).unwrap();
            self.lines
                .push(keys::allowed_signers_line(plan.name, &public).unwrap());
        }
        let mut store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        {
            let mut s = Session::begin(&store, &b, plan.name).unwrap();
            for (cluster, p1, conclusion) in &plan.scored {
                let items = s.rubric(cluster).unwrap().item_ids();
                for i in items {
                    let v = if i == "P1" { *p1 } else { "5" };
                    s.set(&mut store, cluster, Field::Score(i), Some(v))
                        .unwrap();
                }
                s.set(&mut store, cluster, Field::Conclusion, Some(conclusion))
                    .unwrap();
            }
            for cluster in &plan.recused {
                s.set(&mut store, cluster, Field::Conflict, Some("回避理由"))
                    .unwrap();
            }
        }
        let out = self.path(file);
        let r = store.reviewer(plan.name).unwrap();
        let public = keys::load_public(&key).unwrap();
        let mut private = || keys::load(&key, &mut || None);
        pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &out, true)
            .unwrap();
        out
    }

    /// `reviewer`'s comment on P1 of X and opinion on X, in the store.
    fn annotate(&self, reviewer: &str, comment: &str, opinion: &str) {
        let mut store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        let mut s = Session::begin(&store, &b, reviewer).unwrap();
        s.set(&mut store, X, Field::Comment("P1".into()), Some(comment))
            .unwrap();
        s.set(&mut store, X, Field::Opinion, Some(opinion)).unwrap();
    }

    fn signers(&self) -> Vec<allowed::Signer> {
        allowed::parse(self.lines.join("\n"), "allowed_signers").signers
    }

    /// Merges `files` with the default options, the panel's signers and
    /// its store's names, and no rival files.
    fn merge(&self, files: &[PathBuf]) -> merge::MergeResult {
        self.merge_with(files, &Options::default())
    }

    /// [`Panel::merge`] with options of the test's own.
    fn merge_with(&self, files: &[PathBuf], o: &Options) -> merge::MergeResult {
        merge::merge(files, &self.signers(), sign::now(), o, &[], &self.names()).unwrap()
    }

    fn signers_file(&self) -> PathBuf {
        let p = self.path("allowed_signers");
        std::fs::write(&p, self.lines.join("\n") + "\n").unwrap();
        p
    }

    /// The demo bundle as the panel's store holds it.
    fn reference(&self) -> merge::Reference {
        let store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        merge::Reference::from_store(&store, &b).unwrap()
    }

    /// The bundles at hand for a merge: the panel's.
    fn names(&self) -> impl Fn(&str) -> Option<merge::Reference> + '_ {
        let r = self.reference();
        move |id: &str| (id == r.id).then(|| r.clone())
    }
}

/// Five reviewers: on X all five complete (P1 10, 8, 12, 2, 9 → totals 65,
/// 63, 67, 57, 64), on Y four complete and E recused, on Z only A.
fn five(panel: &mut Panel) -> Vec<PathBuf> {
    let plans = [
        ("A", "10", "合格"),
        ("B", "8", "合格"),
        ("C", "12", "合格"),
        ("D", "2", "不合格"),
        ("E", "9", "合格"),
    ];
    let mut files = Vec::new();
    for (name, p1, conclusion) in plans {
        let mut scored = vec![(X, p1, conclusion)];
        let mut recused = Vec::new();
        if name == "E" {
            recused.push(Y);
        } else {
            scored.push((Y, p1, "合格"));
        }
        if name == "A" {
            scored.push((Z, "12", "优秀"));
        }
        files.push(panel.review(
            &Plan {
                name,
                scored,
                recused,
            },
            &format!("{name}.json"),
        ));
    }
    files
}

/// Gives `to` the signature of `from` (the file itself is copied or
/// changed by the caller).
fn copy_sig(from: &Path, to: &Path) {
    std::fs::copy(
        format!("{}.sig", from.display()),
        format!("{}.sig", to.display()),
    )
    .unwrap();
}

fn cluster<'a>(r: &'a merge::MergeResult, id: &str) -> &'a merge::ClusterResult {
    r.clusters.iter().find(|c| c.id == id).unwrap()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}
