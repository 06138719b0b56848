//! Reviews through the library: validation, the store, the audit log,
//! undo and redo, conflicts, drafts, several reviewers and sessions.

mod common;

use common::*;
use pingshen::review::score::{Field, Progress, Refused};
use pingshen::session::{Session, SessionError};
use pingshen::store::Store;

const A: &str = "KH-4201-01";

fn demo_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("s.db")).unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    store
}

fn score(s: &str) -> Field {
    Field::Score(s.into())
}

#[test]
fn scores_are_validated_committed_and_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, "张三").unwrap();
    let c = s
        .set(&mut store, A, score("P1"), Some("8.5"))
        .unwrap()
        .unwrap();
    assert_eq!((c.old, c.new.as_deref()), (None, Some("8.5")));
    // Refused values store nothing.
    for bad in ["13", "8.3", "很好"] {
        assert!(matches!(
            s.set(&mut store, A, score("P1"), Some(bad)),
            Err(SessionError::Refused(_))
        ));
    }
    // The same value again changes nothing and logs nothing.
    assert!(
        s.set(&mut store, A, score("P1"), Some("8.50"))
            .unwrap()
            .is_none()
    );
    drop(s);
    drop(store);
    // Another process (a fresh open) sees the committed value.
    let store = Store::open(&tmp.path().join("s.db")).unwrap();
    let s = Session::begin(&store, &b, "张三").unwrap();
    assert_eq!(
        s.marks_of(A).unwrap().score("P1"),
        pingshen::review::rubric::Points::parse("8.5")
    );
    let log = store.log(b.no, None, None).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].field.as_str(), log[0].new.as_deref()),
        ("score:P1", Some("8.5"))
    );
}

#[test]
fn undo_and_redo_are_changes_too() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, "张三").unwrap();
    s.set(&mut store, A, score("P1"), Some("8")).unwrap();
    s.set(&mut store, A, score("P1"), Some("9")).unwrap();
    s.set(&mut store, A, Field::Comment("P1".into()), Some("增长明显"))
        .unwrap();
    assert_eq!(
        s.undo(&mut store).unwrap().unwrap().field,
        Field::Comment("P1".into())
    );
    s.undo(&mut store).unwrap();
    assert_eq!(s.marks_of(A).unwrap().get(&score("P1")), Some("8"));
    s.redo(&mut store).unwrap();
    assert_eq!(s.marks_of(A).unwrap().get(&score("P1")), Some("9"));
    // A new change forgets what could be redone.
    s.set(&mut store, A, score("P2"), Some("5")).unwrap();
    assert!(s.redo(&mut store).unwrap().is_none());
    let hows: Vec<String> = store
        .log(b.no, Some("张三"), Some(A))
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {:?}", e.how, e.field, e.new))
        .collect();
    assert_eq!(
        hows,
        [
            "set score:P1 Some(\"8\")",
            "set score:P1 Some(\"9\")",
            "set comment:P1 Some(\"增长明显\")",
            "undo comment:P1 None",
            "undo score:P1 Some(\"8\")",
            "redo score:P1 Some(\"9\")",
            "set score:P2 Some(\"5\")",
        ]
    );
}

#[test]
fn a_declared_conflict_takes_no_scores() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, "李四").unwrap();
    assert!(matches!(
        s.set(&mut store, A, Field::Conflict, Some(" ")),
        Err(SessionError::Refused(Refused::ReasonNeeded))
    ));
    s.set(&mut store, A, Field::Conflict, Some("曾参与该集群规划编制"))
        .unwrap();
    assert_eq!(s.progress(A), Progress::Recused);
    assert!(matches!(
        s.set(&mut store, A, score("P1"), Some("8")),
        Err(SessionError::Refused(Refused::Recused))
    ));
    // The store refuses too, whatever the caller believes.
    let no = s.cluster_no(A).unwrap();
    assert!(
        store
            .record(
                s.reviewer.no,
                no,
                &score("P1"),
                Some("8"),
                pingshen::store::How::Set
            )
            .is_err()
    );
    // Withdrawn, the cluster takes scores again.
    s.set(&mut store, A, Field::Conflict, None).unwrap();
    s.set(&mut store, A, score("P1"), Some("8")).unwrap();
    assert_eq!(s.progress(A), Progress::InProgress);
}

#[test]
fn reviewers_do_not_mix_and_one_reviewer_reviews_from_one_session() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let b = store.bundle(None).unwrap();
    let mut zhang = Session::begin(&store, &b, "张三").unwrap();
    let mut other = Store::open(&tmp.path().join("s.db")).unwrap();
    let mut li = Session::begin(&other, &b, "李四").unwrap();
    zhang.set(&mut store, A, score("P1"), Some("10")).unwrap();
    li.set(&mut other, A, score("P1"), Some("6")).unwrap();
    // A second session as 张三 on the same store is refused, by name.
    let third = Store::open(&tmp.path().join("s.db")).unwrap();
    match Session::begin(&third, &b, "张三") {
        Err(e @ SessionError::Busy { .. }) => {
            let m = e.to_string();
            assert!(m.contains("张三") && m.contains("pid"), "{m}");
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a second session as the same reviewer"),
    }
    drop(zhang);
    let again = Session::begin(&third, &b, "张三").unwrap();
    assert_eq!(again.marks_of(A).unwrap().get(&score("P1")), Some("10"));
    let li_again = Store::open(&tmp.path().join("s.db"))
        .unwrap()
        .marks(li.reviewer.no, b.no)
        .unwrap();
    assert_eq!(li_again[A].get(&score("P1")), Some("6"));
}

#[test]
fn drafts_are_kept_until_a_value_is_confirmed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = demo_store(tmp.path());
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, "张三").unwrap();
    let no = s.cluster_no(A).unwrap();
    store
        .save_draft(s.reviewer.no, no, &Field::Opinion, "该集群龙头带动")
        .unwrap();
    let d = store.drafts(s.reviewer.no, b.no).unwrap();
    assert_eq!(
        (d[0].cluster.as_str(), d[0].text.as_str()),
        (A, "该集群龙头带动")
    );
    s.set(
        &mut store,
        A,
        Field::Opinion,
        Some("该集群龙头带动作用强。"),
    )
    .unwrap();
    assert!(store.drafts(s.reviewer.no, b.no).unwrap().is_empty());
}
