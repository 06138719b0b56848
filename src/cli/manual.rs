//! `completions` and `man`: the shell completions and the manual pages,
//! made from the command line as clap knows it (in the interface language),
//! so they never drift from what the binary accepts.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use pingshen::i18n::{Lang, M, trf};

use super::help::command;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, lang: Lang, out: &mut impl Write) -> Result<bool> {
    let mut cmd = command(lang);
    clap_complete::generate(shell, &mut cmd, "pingshen", out);
    Ok(true)
}

/// Writes `pingshen.1` and a page per command (`pingshen-import.1`, …)
/// into `dir`, and names what it wrote.
pub fn man_pages(dir: &Path, lang: Lang, out: &mut impl Write) -> Result<bool> {
    pingshen::private::create_dir_all(dir)?;
    let mut cmd = command(lang);
    cmd.build();
    // Built, every command knows its display name (`pingshen-import`).
    let pages = std::iter::once(&cmd).chain(cmd.get_subcommands());
    for page in pages {
        let name = page
            .get_display_name()
            .unwrap_or(page.get_name())
            .to_string();
        let mut bytes = Vec::new();
        clap_mangen::Man::new(page.clone())
            .date(env!("PINGSHEN_DATE"))
            .source(format!("pingshen {}", env!("CARGO_PKG_VERSION")))
            .render(&mut bytes)?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, bytes).with_context(|| path.display().to_string())?;
        writeln!(
            out,
            "{}",
            trf(M::ManPageWritten, &[&path.display().to_string()])
        )?;
    }
    Ok(true)
}
