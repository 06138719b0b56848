//! `merge --bundle` reads the whole bundle to check every review against
//! it: on a terminal it shows how far that has got.

use super::*;

#[test]
fn merge_shows_the_bundle_being_read_on_a_terminal() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let signers = panel.signers_file();
    let out = panel.path("result.xlsx");
    let bundle = testdata("bundle.tar");
    let mut args = vec!["--lang", "en", "merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend([
        "--signers",
        signers.to_str().unwrap(),
        "--bundle",
        bundle.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let seen = on_terminal(&args);
    assert!(seen.contains("reading the bundle"), "{seen}");
    assert!(seen.contains("/1363 files"), "{seen}");
    assert!(out.exists(), "{seen}");
}
