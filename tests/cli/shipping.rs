//! What ships beside the binary: its version line, the shell completions
//! and the manual pages, each checked by the tool that reads it.

use crate::common::*;
use std::process::Command;

#[test]
fn version_names_the_version_the_commit_and_the_build_day() {
    let o = pingshen(&["--version"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stdout(&o);
    let want = format!("pingshen {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&want), "{line}");
    // The commit this checkout is at (a source archive says it in COMMIT).
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .or_else(|| std::fs::read_to_string(repo().join("COMMIT")).ok())
        .map(|c| c.trim().chars().take(12).collect::<String>())
        .unwrap_or_else(|| "unknown".into());
    assert!(line.contains(&format!("commit {head}, built ")), "{line}");
    let day = line
        .rsplit("built ")
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(')');
    let b = day.as_bytes();
    assert!(
        b.len() == 10 && b[4] == b'-' && b[7] == b'-' && day.starts_with("20"),
        "not a YYYY-MM-DD day: {line}"
    );
}

#[test]
fn bash_completion_loads_and_offers_the_commands() {
    let o = pingshen(&["completions", "bash"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("pingshen.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    // Loaded into bash, asked to complete `pingshen im`, it offers `import`.
    let probe = format!(
        "source '{}'; COMP_WORDS=(pingshen im); COMP_CWORD=1; COMP_LINE='pingshen im'; \
         COMP_POINT=11; _pingshen pingshen im pingshen; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let b = Command::new("bash").args(["-c", &probe]).output().unwrap();
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let offered = String::from_utf8_lossy(&b.stdout);
    assert_eq!(offered.trim(), "import", "{offered}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = pingshen(&["completions", shell]);
        assert!(
            o.status.success() && stdout(&o).contains("import"),
            "{shell}"
        );
    }
    let o = pingshen(&["completions", "tcsh"]);
    assert!(!o.status.success());
}

#[test]
fn manual_pages_render_in_both_languages() {
    for (lang, heading, about) in [
        ("zh", "选项", "核验评审包并导入数据库"),
        (
            "en",
            "Options",
            "Verify a bundle and load it into the store",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("man1");
        let o = pingshen(&["--lang", lang, "man", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut pages: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        pages.sort();
        for page in [
            "pingshen.1",
            "pingshen-import.1",
            "pingshen-merge.1",
            "pingshen-demo.1",
        ] {
            assert!(pages.iter().any(|p| p == page), "{page} missing: {pages:?}");
        }
        // groff reads it without a warning, and the page says what the command does.
        let g = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(dir.join("pingshen-import.1"))
            .output();
        if let Ok(g) = g {
            assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
            assert!(
                g.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&g.stderr)
            );
        }
        let text = std::fs::read_to_string(dir.join("pingshen-import.1")).unwrap();
        assert!(text.contains(about), "{text}");
        assert!(
            text.to_lowercase().contains(&heading.to_lowercase()),
            "{text}"
        );
        let top = std::fs::read_to_string(dir.join("pingshen.1")).unwrap();
        assert!(top.contains("pingshen\\-merge(1)"), "{top}");
    }
}
