use crate::model::Round;

use super::parse::*;
use super::*;

#[test]
fn canonical_lines_read_as_serde_reads_them() {
    let kinds = [
        FileKind::Table2,
        FileKind::Summary,
        FileKind::Application,
        FileKind::Catalogue,
        FileKind::Evidence,
        FileKind::Rubric,
    ];
    for (i, kind) in kinds.into_iter().enumerate() {
        let f = FileEntry {
            path: format!("随州/材料/{i} 文件.pdf"),
            kind,
            size: [0, 7, 10, 12345, u64::MAX, 1 << 40][i],
            sha256: Digest([i as u8 * 40; 32]),
        };
        let line = serde_json::to_string(&f).unwrap();
        assert_eq!(canonical_entry(line.as_bytes()), Some(f), "{line}");
    }
    // Lines the fast reader leaves to serde (escapes, other layouts,
    // leading zeros, upper-case hex, other keys, trailing text).
    let h = "ab".repeat(32);
    for line in [
        format!(r#"{{"path":"a\"b","kind":"evidence","size":1,"sha256":"{h}"}}"#),
        format!(r#"{{"path":"a\u0041","kind":"evidence","size":1,"sha256":"{h}"}}"#),
        format!(r#"{{"path": "a","kind":"evidence","size":1,"sha256":"{h}"}}"#),
        format!(r#"{{"path":"a","kind":"evidence","size":01,"sha256":"{h}"}}"#),
        format!(r#"{{"path":"a","kind":"evidence","size":1.0,"sha256":"{h}"}}"#),
        format!(r#"{{"path":"a","kind":"other","size":1,"sha256":"{h}"}}"#),
        format!(r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{h}","x":1}}"#),
        format!(r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{h}"}} "#),
        format!(r#"{{"path":"a","kind":"evidence","size":99999999999999999999,"sha256":"{h}"}}"#),
    ] {
        assert_eq!(canonical_entry(line.as_bytes()), None, "{line}");
    }
    // Upper-case hex is read the same way by both.
    let upper = format!(
        r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{}"}}"#,
        "AB".repeat(32)
    );
    let by_serde: FileEntry = serde_json::from_str(&upper).unwrap();
    assert_eq!(canonical_entry(upper.as_bytes()), Some(by_serde));
    // Not hex: refused by both.
    for bad in ["g", "é", " ", "ab\u{0}"] {
        let digits = format!("{}{bad}", "a".repeat(64 - bad.len()));
        assert_eq!(Digest::parse(&digits), None, "{digits:?}");
    }
    assert_eq!(Digest::parse(&"a".repeat(63)), None);
}

#[test]
fn canonical_text_is_order_independent() {
    let e = |p: &str| FileEntry {
        path: p.into(),
        kind: FileKind::Evidence,
        size: 1,
        sha256: Digest([0; 32]),
    };
    let mut m = Manifest {
        format: FORMAT,
        title: "t".into(),
        issuer: "i".into(),
        year: 2018,
        rounds: vec![Round::Application, Round::Assessment],
        rubrics: vec![],
        files: vec![e("b"), e("a")],
    };
    let one = m.to_text();
    m.files.reverse();
    m.rounds.reverse();
    assert_eq!(one, m.to_text());
    let back = Manifest::parse(&one).unwrap();
    assert_eq!(back.files[0].path, "a");
    assert_eq!(
        crate::digest::sha256_bytes(b"abc").to_string(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

fn sample() -> Manifest {
    let e = |p: &str, k| FileEntry {
        path: p.into(),
        kind: k,
        size: 7,
        sha256: Digest([3; 32]),
    };
    Manifest {
        format: FORMAT,
        title: "标题 \"引号\"\n换行".into(),
        issuer: "i".into(),
        year: 2018,
        rounds: vec![Round::Assessment],
        rubrics: vec![RubricRef {
            round: Round::Assessment,
            path: "rubric/assessment.toml".into(),
        }],
        files: vec![
            e("武汉/表二.xlsx", FileKind::Table2),
            e("武汉/证明材料/a, b.pdf", FileKind::Evidence),
        ],
    }
}

fn streamed(text: &str) -> Result<Manifest, String> {
    parse_streamed(
        &mut std::io::BufReader::new(text.as_bytes()),
        text.len() as u64,
    )
}

#[test]
fn streamed_parsing_agrees_with_parsing_whole() {
    let m = sample();
    let text = m.to_text();
    assert_eq!(streamed(&text).unwrap(), Manifest::parse(&text).unwrap());
    // Other layouts of the same JSON: read whole.
    let compact = serde_json::to_string(&m).unwrap();
    assert_eq!(streamed(&compact).unwrap(), m);
    let pretty = serde_json::to_string_pretty(&m).unwrap();
    assert_eq!(streamed(&pretty).unwrap(), m);
    // No files at all.
    let mut empty = m.clone();
    empty.files.clear();
    assert_eq!(streamed(&empty.to_text()).unwrap(), empty);
}

#[test]
fn streamed_parsing_refuses_what_parsing_whole_refuses() {
    let text = sample().to_text();
    assert!(streamed(&format!("{text}garbage")).is_err());
    let broken = text.replacen("\"kind\":\"table2\"", "\"kind\":\"spreadsheet\"", 1);
    let e = streamed(&broken).unwrap_err();
    assert!(e.starts_with("files[0]"), "{e}");
    assert!(streamed(&text.replacen("\"year\": 2018", "\"year\": \"x\"", 1)).is_err());
    let half = &text.as_bytes()[..text.len() / 2];
    assert!(parse_streamed(&mut std::io::BufReader::new(half), half.len() as u64).is_err());
}
