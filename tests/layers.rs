//! The shape of the house (issue 17): modules import one way, no source file
//! does several jobs' worth of lines, and the core never reaches the UI.
//!
//! The module graph is read from the source: every `crate::…` and `super::…`
//! path (in `use` trees and inline), resolved to the longest module it names.
//! `cargo test --test layers -- --nocapture` prints the folder-level graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Source files longer than this do more than one job.
const MAX_LINES: usize = 500;

/// The crates of the workspace, each with its source root.
fn crates() -> Vec<(&'static str, PathBuf)> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![("pingshen", repo.join("src"))];
    for (name, dir) in [
        ("pingshen-core", "core/src"),
        ("pingshen-testdata", "testdata-gen/src"),
    ] {
        if repo.join(dir).is_dir() {
            out.push((name, repo.join(dir)));
        }
    }
    out
}

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module a file defines: `bundle/mod.rs` and `bundle.rs` are `bundle`.
fn module_of(root: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Module = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its unit tests (tests
/// may reach anywhere).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") || t.starts_with("#[cfg(all(test,") {
            // The test module runs to the end of the file by convention; a
            // single test-only item is skipped up to its end.
            if lines
                .peek()
                .is_some_and(|l| l.trim_start().starts_with("mod tests"))
            {
                break;
            }
            continue;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths of a use tree that starts at `s` (just after `crate::`):
/// `a::b`, `a::{b, c::d}`, `{a, b::c}`.
fn tree(s: &str, prefix: &[String], out: &mut Vec<Module>) -> usize {
    let mut path: Module = prefix.to_vec();
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        if i < s.len() && b[i] == b'{' {
            i += 1;
            loop {
                while i < s.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= s.len() || b[i] == b'}' {
                    return i + 1;
                }
                i += tree(&s[i..], &path, out);
            }
        }
        let start = i;
        while let Some(c) = s[i..].chars().next().filter(|&c| is_ident(c)) {
            i += c.len_utf8();
        }
        if i > start {
            path.push(s[start..i].to_string());
        }
        if s[i..].starts_with("::") {
            i += 2;
            while i < s.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            continue;
        }
        out.push(path);
        return i.max(1);
    }
}

/// Every module path `code` names through `crate::` or `super::`.
fn paths(code: &str, here: &Module) -> Vec<Module> {
    let mut out = Vec::new();
    for (anchor, base) in [
        ("crate::", Vec::new()),
        ("super::", here[..here.len().saturating_sub(1)].to_vec()),
    ] {
        let mut from = 0;
        while let Some(at) = code[from..].find(anchor) {
            let at = from + at;
            let before = code[..at].chars().next_back();
            from = at + anchor.len();
            if before.is_some_and(|c| is_ident(c) || c == ':' || c == '$') {
                continue;
            }
            tree(&code[from..], &base, &mut out);
        }
    }
    out
}

struct Graph {
    /// Module → the modules it names (its own crate only).
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

fn graph(root: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(root, f)).collect();
    let mut edges = BTreeMap::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let here = module_of(root, f);
        let mut to = BTreeSet::new();
        for p in paths(&code_of(&text), &here) {
            // The longest module the path names.
            let m = (0..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|m| modules.contains(m))
                .unwrap_or_default();
            // The crate root only declares modules and re-exports.
            if !m.is_empty() && m != here {
                to.insert(m);
            }
        }
        edges.insert(here, to);
    }
    Graph { edges }
}

/// Strongly connected components with more than one member (Tarjan).
fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    struct T<'a, N: Ord> {
        edges: &'a BTreeMap<N, BTreeSet<N>>,
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        on: BTreeSet<N>,
        out: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(t: &mut T<N>, v: &N) {
        let n = t.index.len();
        t.index.insert(v.clone(), n);
        t.low.insert(v.clone(), n);
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        for w in t.edges.get(v).into_iter().flatten() {
            if !t.index.contains_key(w) {
                visit(t, w);
                let l = t.low[w].min(t.low[v]);
                t.low.insert(v.clone(), l);
            } else if t.on.contains(w) {
                let l = t.index[w].min(t.low[v]);
                t.low.insert(v.clone(), l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                scc.push(w);
                if done {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "(root)".into()
    } else {
        m.join("::")
    }
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let mut found = Vec::new();
    for (krate, root) in crates() {
        let g = graph(&root);
        for scc in cycles(&g.edges) {
            found.push(format!(
                "{krate}: {}",
                scc.iter().map(name).collect::<Vec<_>>().join(" ↔ ")
            ));
        }
    }
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn folders_are_layers() {
    let mut found = Vec::new();
    for (krate, root) in crates() {
        let g = graph(&root);
        let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in &g.edges {
            let f = from.first().cloned().unwrap_or_default();
            let entry = top.entry(f.clone()).or_default();
            for t in to {
                let t = t[0].clone();
                if t != f {
                    entry.insert(t);
                }
            }
        }
        println!("{krate}:");
        for (f, to) in &top {
            println!(
                "  {f} → {}",
                to.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        for scc in cycles(&top) {
            found.push(format!("{krate}: {}", scc.join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "folder cycles:\n{}", found.join("\n"));
}

/// The core crate cannot reach the terminal: neither ratatui nor crossterm
/// is anywhere in its dependency tree, so a `use ratatui` in the core does
/// not compile. (`cargo tree -p pingshen-core | grep -c ratatui` prints 0.)
#[test]
fn the_core_has_no_terminal_in_its_dependency_tree() {
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "--prefix",
            "none",
            "-p",
            "pingshen-core",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.starts_with("pingshen-core "), "{tree}");
    assert!(tree.lines().any(|l| l.starts_with("rusqlite ")), "{tree}");
    let terminal: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("ratatui") || l.starts_with("crossterm"))
        .collect();
    assert!(
        terminal.is_empty(),
        "the core reaches the terminal: {terminal:?}"
    );
}

/// Tables exempt from the length limit: files that hold one table and
/// nothing else (checked: at most 60 lines of theirs are not table rows).
const TABLES: &[&str] = &["core/src/i18n/messages.rs"];

/// A row of the message table: `Key => "…", "…";` or, with named
/// placeholders, `Key(name, other) => "…", "…";` (a long one wraps).
fn table_row(line: &str) -> bool {
    let t = line.trim();
    let key = |k: &str| {
        let (name, params) = k.split_once('(').unwrap_or((k, ")"));
        name.chars().all(|c| c.is_ascii_alphanumeric())
            && params.strip_suffix(')').is_some_and(|p| {
                p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_, ".contains(c))
            })
    };
    t.is_empty()
        || t.starts_with("//")
        || t.starts_with('"')
        || t.split_once(" =>")
            .is_some_and(|(k, _)| key(k) && t.ends_with(';') || t.ends_with(','))
}

/// Every Rust file of the repository: the crates' sources, the tests, the
/// examples and the fuzz targets.
fn every_rust_file() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for (_, root) in crates() {
        rust_files(&root, &mut out);
    }
    for dir in ["tests", "examples", "benches", "fuzz/fuzz_targets"] {
        if repo.join(dir).is_dir() {
            rust_files(&repo.join(dir), &mut out);
        }
    }
    out.sort();
    out
}

/// What differs between systems is in one module (docs/platforms.md): no
/// other file of the program calls libc or the Unix extensions of std.
#[test]
fn only_the_platform_module_speaks_to_the_system() {
    let mut found = Vec::new();
    for (_, root) in crates() {
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        for f in files {
            if f.components().any(|c| c.as_os_str() == "platform") {
                continue;
            }
            let code = code_of(&fs::read_to_string(&f).unwrap());
            for needle in [
                "libc::",
                "std::os::unix",
                "std::os::windows",
                "cfg(unix)",
                "cfg(windows)",
            ] {
                if code.contains(needle) {
                    found.push(format!("{}: {needle}", f.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "outside core/src/platform: {found:#?}");
}

#[test]
fn no_source_file_does_several_jobs() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    let files = every_rust_file();
    assert!(files.len() > 100, "{} files", files.len());
    for file in files {
        let rel = file.strip_prefix(repo).unwrap_or(&file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(&file).unwrap();
        if TABLES.contains(&rel.as_str()) {
            let other = text.lines().filter(|l| !table_row(l)).count();
            assert!(other <= 60, "{rel}: {other} lines are not table rows");
            continue;
        }
        let n = text.lines().count();
        if n > MAX_LINES {
            long.push(format!("{rel} ({n} lines)"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_reader_of_imports_reads_use_trees() {
    let here: Module = vec!["bundle".into(), "form".into()];
    let code =
        "use crate::{a::b, c::{d::E, f}};\nlet x = crate::g::h(); use super::ctx::Ctx; $crate::no;";
    let got: BTreeSet<String> = paths(code, &here).iter().map(name).collect();
    let want: BTreeSet<String> = ["a::b", "c::d::E", "c::f", "g::h", "bundle::ctx::Ctx"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(got, want);
    let mut e: BTreeMap<u8, BTreeSet<u8>> = BTreeMap::new();
    e.insert(1, [2].into());
    e.insert(2, [3].into());
    e.insert(3, [1].into());
    e.insert(4, [1].into());
    assert_eq!(cycles(&e), vec![vec![1, 2, 3]]);
}
