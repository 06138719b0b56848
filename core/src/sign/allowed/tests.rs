use super::key::*;
use super::pattern::*;
use super::time::*;
use super::*;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfkLW5CKAE4GYuWbHuJWlmUzoRjEYhSrXUUyWJwBqBz";

fn one(line: &str) -> Result<Signer, String> {
    let a = parse(line, "a");
    match (a.signers.into_iter().next(), a.skipped.into_iter().next()) {
        (Some(s), _) => Ok(s),
        (None, Some(e)) => Err(e.message),
        (None, None) => Err("nothing".into()),
    }
}

#[test]
fn lines_with_options_quotes_and_comments() {
    let text = format!(
        "# the panel\n\n张三 namespaces=\"pingshen-review\" {KEY} 张三\n\"Li Si,lisi@*\" valid-after=\"20261101\",valid-before=\"20271231Z\" {KEY}\n"
    );
    let a = parse(&text, "allowed_signers");
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    let s = a.signers;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].line, 3);
    assert!(s[0].names("张三") && !s[0].names("李四"));
    assert!(s[0].allows_namespace("pingshen-review") && !s[0].allows_namespace("file"));
    assert!(s[1].names("Li Si") && s[1].names("lisi@office"));
    assert!(s[1].allows_namespace("anything"));
    let before = (days_from_civil(2027, 12, 31) * 86_400) as u64;
    assert_eq!(s[1].valid_before, Some(before));
    assert!(s[1].valid_at(before as i64) && !s[1].valid_at(before as i64 + 1));
}

#[test]
fn quoted_principal_lists_as_openssh_reads_them() {
    let s = one(&format!("\"李四,张三\" {KEY}")).unwrap();
    assert!(s.names("李四") && s.names("张三"));
    let s = one(&format!("\"Li Si\" {KEY}")).unwrap();
    assert!(s.names("Li Si"));
    // The quote closes before the comma: the rest is read as options.
    assert!(one(&format!("\"李 四\",张三 {KEY}")).is_err());
}

#[test]
fn broken_lines_are_skipped_with_their_number_and_the_rest_read() {
    let a = parse(
        format!(
            "ok {KEY}\nbroken ssh-ed25519 AAAA\nx valid-after=\"2026\" {KEY}\nx frobnicate {KEY}\ny {KEY}\n"
        ),
        "a",
    );
    assert_eq!(a.signers.len(), 2);
    assert_eq!(
        a.skipped.iter().map(|e| e.line).collect::<Vec<_>>(),
        [2, 3, 4]
    );
}

#[test]
fn options_as_openssh_reads_them() {
    let ns = |o: &str| one(&format!("x {o} {KEY}"));
    assert!(ns("namespaces=pingshen-review").is_err(), "unquoted");
    assert!(ns("valid-before=20270101").is_err(), "unquoted");
    assert!(ns("namespaces=\"a\",namespaces=\"b\"").is_err(), "twice");
    assert!(ns("namespaces=\"a\",").is_err(), "trailing comma");
    assert!(ns("NAMESPACES=\"a\"").is_ok(), "names in any case");
    let s = ns("namespaces=\"file, pingshen-review\"").unwrap();
    assert!(!s.allows_namespace("pingshen-review"), "the space stays");
    let s = ns("namespaces=\"*,!pingshen-review\"").unwrap();
    assert!(!s.allows_namespace("pingshen-review") && s.allows_namespace("file"));
    assert!(
        ns("valid-after=\"20270101\",valid-before=\"20260101\"").is_err(),
        "before ≤ after"
    );
}

#[test]
fn patterns_match_bytes() {
    assert!(glob(b"*", "张三".as_bytes()));
    assert!(glob(b"zh?ng*", b"zhang san"));
    assert!(!glob(b"zh?ng", b"zhang san"));
    // 张 is three bytes: `?` is one of them.
    assert!(!glob("?三".as_bytes(), "张三".as_bytes()));
    assert!(glob("???三".as_bytes(), "张三".as_bytes()));
    assert!(matches_list(b"alice", b"*,!mallory"));
    assert!(!matches_list(b"mallory", b"*,!mallory"));
    assert!(!matches_list(b"b", b"a, b"));
}

#[test]
fn times_in_utc_and_their_forms() {
    assert_eq!(parse_time(b"19700101Z"), None, "0 is no time");
    assert_eq!(parse_time(b"197001010001Z"), Some(60));
    assert_eq!(parse_time(b"19700101000001Z"), Some(1));
    assert_eq!(parse_time(b"19700101000001UTC"), Some(1));
    assert_eq!(parse_time(b"1970010"), None);
    assert_eq!(parse_time(b"19701301Z"), None);
}

#[test]
fn base64_as_openssh_decodes_it() {
    assert_eq!(b64_decode(b"aGk=").unwrap(), b"hi");
    assert_eq!(b64_decode(b"aG\nk =").unwrap(), b"hi");
    assert_eq!(b64_decode(b"aGk").as_deref(), None, "unpadded tail");
    assert_eq!(b64_decode(b"aGl=").as_deref(), None, "bits past the end");
    assert_eq!(b64_decode(b"aQ==").unwrap(), b"i");
    assert_eq!(b64_decode(b"aQ=").as_deref(), None);
    assert_eq!(b64_decode(b"aGk=x").as_deref(), None);
}

#[test]
fn written_principals_read_back_as_one_name() {
    for name in ["张三", "Li Si", "#1", "王 五 "] {
        let line = format!("{} {KEY}", quote_principal(name).unwrap());
        let s = one(&line).unwrap();
        assert!(s.names(name), "{line}");
    }
    for bad in ["a\"b", "a,b", "x*y", "x?", "!x", "a\tb\n"] {
        assert_eq!(quote_principal(bad), None, "{bad:?}");
    }
}
