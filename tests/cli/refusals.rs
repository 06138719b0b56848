//! Bundles refused before anything is imported: changed files and
//! workbooks, links, unlisted files, paths that climb out, truncation.

use super::*;

#[test]
fn a_changed_file_is_refused_by_name_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let before = counts(&db);

    let (_btmp, out) = small_bundle();
    let changed =
        "随州/考核材料/KH-4213-01 随州专用汽车产业集群/材料/02 公共服务平台建设情况说明.txt";
    rewrite(&out, |path, bytes| {
        vec![Raw::File(
            path.to_string(),
            if path == changed {
                b"tampered".to_vec()
            } else {
                bytes
            },
        )]
    });
    let o = pingshen(&["--db", &db, "--lang", "en", "import", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "the file was changed (SHA-256 mismatch): {changed}"
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&db), before);
}

/// Import is refused with one of `expected` and leaves the store empty.
fn import_refused(bundle: &Path, expected: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    let o = pingshen(&[
        "--db",
        &db,
        "--lang",
        "en",
        "import",
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        expected.iter().any(|e| stderr(&o).contains(e)),
        "{expected:?} in\n{}",
        stderr(&o)
    );
    let store = Store::open(Path::new(&db)).unwrap();
    assert_eq!(store.counts().unwrap(), [0; 5], "nothing was imported");
}

#[test]
fn a_changed_workbook_is_refused_before_it_is_read() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, mut bytes| {
        if path == "随州/表二 业绩指标.xlsx" {
            let n = bytes.len();
            bytes[n - 30] ^= 1;
        }
        vec![Raw::File(path.to_string(), bytes)]
    });
    import_refused(
        &bundle,
        &["the file was changed (SHA-256 mismatch): 随州/表二 业绩指标.xlsx"],
    );
}

#[test]
fn a_link_in_a_bundle_is_not_followed() {
    let (_tmp, bundle) = small_bundle();
    let file = "随州/考核材料/KH-4213-01 随州专用汽车产业集群/材料/02 公共服务平台建设情况说明.txt";
    rewrite(&bundle, |path, bytes| match path == file {
        true => vec![Raw::Link(path.to_string(), "/etc/passwd".to_string())],
        false => vec![Raw::File(path.to_string(), bytes)],
    });
    import_refused(&bundle, &[&format!("the path escapes the bundle: {file}")]);
}

#[test]
fn a_file_the_manifest_does_not_list_is_refused() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, bytes| {
        let mut out = vec![Raw::File(path.to_string(), bytes)];
        if path.ends_with("表二 业绩指标.xlsx") {
            out.push(Raw::File("随州/extra.txt".into(), b"slipped in".to_vec()));
        }
        out
    });
    import_refused(
        &bundle,
        &["a file the manifest does not list (or lists once): 随州/extra.txt"],
    );
}

#[test]
fn a_manifest_path_that_climbs_out_is_refused() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, bytes| {
        let bytes = match path {
            "manifest.json" => String::from_utf8(bytes)
                .unwrap()
                .replacen(
                    "\"path\":\"随州/考核材料/",
                    "\"path\":\"../随州/考核材料/",
                    1,
                )
                .into_bytes(),
            _ => bytes,
        };
        vec![Raw::File(path.to_string(), bytes)]
    });
    import_refused(&bundle, &["the path escapes the bundle: ../随州/考核材料/"]);
}

#[test]
fn a_truncated_bundle_is_refused() {
    let (_tmp, bundle) = small_bundle();
    let bytes = fs::read(&bundle).unwrap();
    fs::write(&bundle, &bytes[..bytes.len() * 2 / 3]).unwrap();
    import_refused(
        &bundle,
        &["the bundle file is damaged", "the bundle lacks the file"],
    );
}
