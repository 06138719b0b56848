use std::fs::File;
use std::path::Path;

use crate::bundle::manifest::{FileKind, MANIFEST};

use super::read::*;
use super::write::*;
use super::*;

#[test]
fn round_trip_in_bundle_order_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        ("随州/材料/很长的中文文件名称以超过一百个字节的限制并检验长路径的处理方式是否正确无误.txt".to_string(), FileKind::Evidence),
        ("随州/目录.xlsx".to_string(), FileKind::Catalogue),
        ("随州/表二.xlsx".to_string(), FileKind::Table2),
        ("rubric/assessment.toml".to_string(), FileKind::Rubric),
    ];
    let read = |rel: &str| Ok(rel.as_bytes().to_vec());
    let a = dir.path().join("a.tar");
    let b = dir.path().join("b.tar");
    write(&a, "{}", &files, &read).unwrap();
    write(&b, "{}", &files, &read).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let seen: Vec<String> = Reader::open(&a)
        .unwrap()
        .entries()
        .map(|e| e.unwrap().path)
        .collect();
    assert_eq!(seen[0], MANIFEST);
    assert_eq!(
        &seen[1..],
        &[
            files[3].0.clone(),
            files[2].0.clone(),
            // Catalogues and evidence together, by path.
            files[0].0.clone(),
            files[1].0.clone()
        ]
    );
}

#[test]
fn links_and_climbing_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.tar");
    let mut b = tar::Builder::new(File::create(&path).unwrap());
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    b.append_link(&mut h, "随州/a.txt", "/etc/passwd").unwrap();
    let mut h = tar::Header::new_old();
    h.set_size(1);
    h.set_entry_type(tar::EntryType::Regular);
    // Written raw: the builder itself refuses `..`.
    h.as_old_mut().name[..9].copy_from_slice(b"../x.txt\0");
    h.set_cksum();
    b.append(&h, &b"x"[..]).unwrap();
    b.finish().unwrap();
    drop(b);
    let got: Vec<String> = Reader::open(&path)
        .unwrap()
        .entries()
        .map(|e| match e {
            Err(Bad::NotAFile(p)) => format!("link {p}"),
            Err(Bad::Escapes(p)) => format!("escapes {p}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(got, ["link 随州/a.txt", "escapes ../x.txt"]);
}

/// Reads every entry of the archive at `path`: its path and its data, or
/// what was wrong.
fn listing(path: &Path) -> Vec<String> {
    Reader::open(path)
        .unwrap()
        .entries()
        .map(|e| match e {
            Ok(e) => format!("{} {}", e.path, String::from_utf8_lossy(&e.bytes)),
            Err(Bad::Io(e)) => format!("io {e}"),
            Err(other) => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn ustar_prefixes_pax_paths_and_gnu_long_names_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layouts.tar");
    let long = format!("{}/{}", "目录".repeat(30), "很长的文件名.txt");
    let mut b = tar::Builder::new(File::create(&path).unwrap());
    // ustar: the builder splits the long path into prefix and name.
    let mut h = tar::Header::new_ustar();
    h.set_size(5);
    b.append_data(
        &mut h,
        format!("u/{}", "a".repeat(120)) + "/b.txt",
        &b"ustar"[..],
    )
    .unwrap();
    // pax: a `path` record names the next entry.
    b.append_pax_extensions([("path", long.as_bytes())])
        .unwrap();
    let mut h = tar::Header::new_ustar();
    h.set_size(3);
    h.set_path("short-name.txt").unwrap();
    h.set_cksum();
    b.append(&h, &b"pax"[..]).unwrap();
    // GNU long name, and data of exactly one block.
    let mut h = tar::Header::new_gnu();
    h.set_size(512);
    b.append_data(&mut h, format!("g/{long}"), &[b'x'; 512][..])
        .unwrap();
    b.finish().unwrap();
    drop(b);
    let got = listing(&path);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], format!("u/{}/b.txt ustar", "a".repeat(120)));
    assert_eq!(got[1], format!("{long} pax"));
    assert_eq!(got[2], format!("g/{long} {}", "x".repeat(512)));
}

#[test]
fn a_damaged_header_or_a_cut_file_is_an_error_not_an_end() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.tar");
    let files = vec![
        ("a/1.txt".to_string(), FileKind::Evidence),
        ("a/2.txt".to_string(), FileKind::Evidence),
    ];
    write(&good, "{}", &files, &|rel: &str| {
        Ok(rel.repeat(200).into_bytes())
    })
    .unwrap();
    let bytes = std::fs::read(&good).unwrap();
    assert_eq!(listing(&good).len(), 3);

    // A flipped byte in the second file's header name.
    let second = 512 + 512 + 512 + 1536;
    let mut bad = bytes.clone();
    bad[second] ^= 1;
    let flipped = dir.path().join("flipped.tar");
    std::fs::write(&flipped, &bad).unwrap();
    let got = listing(&flipped);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got[2].starts_with("io ") && got[2].contains("checksum"),
        "{got:?}"
    );

    // Cut inside the second file's data.
    let cut = dir.path().join("cut.tar");
    std::fs::write(&cut, &bytes[..second + 512 + 100]).unwrap();
    let got = listing(&cut);
    assert!(got[2].starts_with("io "), "{got:?}");
}
