//! The committed demo data is what the repository's generator and `pack`
//! make of it: regenerating reproduces every file byte for byte, and packing
//! the submissions reproduces the committed bundle's manifest (its id).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;
use pingshen::bundle::manifest::sha256_file;

fn hashes(root: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk(root, &e.path(), out);
            } else {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, sha256_file(&e.path()).unwrap().0.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn generator_reproduces_the_committed_submissions() {
    let tmp = tempfile::tempdir().unwrap();
    pingshen_testdata::write_demo(tmp.path(), 2018).unwrap();
    let made = hashes(tmp.path());
    let committed = hashes(&testdata("submissions"));
    assert_eq!(made.len(), committed.len());
    for (path, hash) in &made {
        assert_eq!(
            committed.get(path),
            Some(hash),
            "{path} differs: run `cargo run --example gen_sample`"
        );
    }
}

#[test]
fn pack_reproduces_the_committed_bundle() {
    let (tmp, src) = submissions(&[]);
    let out = tmp.path().join("bundle.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::read(&out).unwrap() == fs::read(testdata("bundle.tar")).unwrap(),
        "run `cargo run -- pack testdata/submissions -o testdata/bundle.tar`"
    );
}

#[test]
fn the_demo_has_the_published_distribution() {
    let (m, _) = pingshen::store::read_manifest(&testdata("bundle.tar")).unwrap();
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for f in m
        .files
        .iter()
        .filter(|f| f.kind == pingshen::bundle::manifest::FileKind::Table2)
    {
        per.insert(f.path.split('/').next().unwrap().to_string(), 0);
    }
    assert_eq!(per.len(), 17, "one 表二 per prefecture-level unit");
    let mut store = pingshen::store::Store::open_in_memory().unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    let b = store.bundle(None).unwrap();
    let rows = store.cluster_rows(b.no).unwrap();
    for r in rows
        .iter()
        .filter(|r| r.round == pingshen::model::Round::Assessment)
    {
        *per.get_mut(&r.prefecture).unwrap() += 1;
    }
    let expected = [
        ("武汉", 4),
        ("黄石", 9),
        ("襄阳", 10),
        ("荆州", 11),
        ("宜昌", 12),
        ("十堰", 7),
        ("孝感", 7),
        ("荆门", 8),
        ("鄂州", 5),
        ("黄冈", 8),
        ("咸宁", 12),
        ("随州", 5),
        ("恩施州", 3),
        ("仙桃", 3),
        ("潜江", 3),
        ("天门", 2),
        ("神农架林区", 1),
    ];
    for (p, n) in expected {
        assert_eq!(per[p], n, "{p}");
    }
    assert_eq!(
        rows.iter()
            .filter(|r| r.round == pingshen::model::Round::Assessment)
            .count(),
        110
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r.round == pingshen::model::Round::Application)
            .count(),
        30
    );
}
