//! The folder of prefecture submissions that `pack` reads: one folder per
//! prefecture, workbooks recognized by their file names, everything else a
//! candidate evidence file. Paths are kept `/`-separated and relative.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::bundle::manifest::{FileKind, RubricRef};
use crate::bundle::{Loc, Problems};
use crate::i18n::{M, trf};
use crate::model::canonical_prefecture;

/// The office's settings at the root of the submissions folder.
pub(crate) const PACK_CONFIG: &str = "pack.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackConfig {
    pub title: String,
    pub issuer: String,
    pub year: i32,
    /// Rubric files, relative to the submissions folder.
    pub rubrics: Vec<RubricRef>,
    /// The designated clusters of the assessment round (`[[roster]]`).
    #[serde(default)]
    pub roster: Vec<crate::bundle::roster::RosterEntry>,
}

/// A file found in a prefecture folder.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative path, `/`-separated, starting with the prefecture folder.
    pub rel: String,
    pub kind: FileKind,
    pub prefecture: &'static str,
}

/// What kind of workbook a file name says it is; `None` for anything else.
pub(crate) fn classify(name: &str) -> Option<FileKind> {
    let lower = name.to_lowercase();
    if !(lower.ends_with(".xlsx") || lower.ends_with(".xls")) {
        return None;
    }
    let f = crate::text::fold(name);
    if f.contains("表二") || f.contains("业绩指标") {
        Some(FileKind::Table2)
    } else if f.contains("附件3") || f.contains("汇总") {
        Some(FileKind::Summary)
    } else if f.contains("申报表") {
        Some(FileKind::Application)
    } else if f.contains("目录") {
        Some(FileKind::Catalogue)
    } else {
        None
    }
}

/// Files that are never part of a submission: lock files, OS litter.
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name == "Thumbs.db" || name == "desktop.ini"
}

/// The names on disk of files and folders whose names are not UTF-8 (GBK
/// names from a Chinese Windows machine, a USB stick, a zip): their path
/// as text (what catalogues name and the bundle lists) → their path on
/// disk, relative to the root, as the bytes it is.
#[derive(Clone, Debug, Default)]
pub struct DiskNames(HashMap<String, PathBuf>);

impl DiskNames {
    /// `rel`'s path on disk under `root`.
    pub fn path(&self, root: &Path, rel: &str) -> PathBuf {
        match self.0.get(rel) {
            Some(disk) => root.join(disk),
            None => root.join(rel),
        }
    }
}

/// A file or folder name as text: UTF-8 as it is; otherwise read as GBK
/// (`true`), if it is valid GBK; `None` if it is neither.
pub(crate) fn name_text(name: &OsStr) -> Option<(String, bool)> {
    if let Some(s) = name.to_str() {
        return Some((s.to_string(), false));
    }
    let bytes = crate::platform::os_bytes(name)?;
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if !had_errors && !text.chars().any(crate::text::is_dangerous) {
        return Some((text.into_owned(), true));
    }
    None
}

/// A name that is neither UTF-8 nor GBK, shown as its bytes.
fn shown_bytes(name: &OsStr) -> String {
    name.to_string_lossy().escape_debug().to_string()
}

/// Lists the files of every prefecture folder under `root`, with the disk
/// names of those whose names are not UTF-8.
pub fn walk(root: &Path, problems: &mut Problems) -> (Vec<SourceFile>, DiskNames) {
    let mut out = Vec::new();
    let mut names = DiskNames::default();
    let Ok(entries) = fs::read_dir(root) else {
        problems.error(
            Loc::file(&root.display().to_string()),
            trf(M::NotAFolder, &[&root.display()]),
        );
        return (out, names);
    };
    let mut dirs: Vec<_> = entries.flatten().collect();
    dirs.sort_by_key(|e| e.file_name());
    for entry in dirs {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let Some((name, decoded)) = name_text(&entry.file_name()) else {
            continue;
        };
        if !is_dir || ignored(&name) {
            continue;
        }
        match canonical_prefecture(&name) {
            Some(p) => {
                let disk = PathBuf::from(entry.file_name());
                if decoded {
                    names.0.insert(name.clone(), disk.clone());
                }
                let mut at = Walk {
                    prefecture: p,
                    out: &mut out,
                    names: &mut names,
                    problems,
                };
                at.collect(&entry.path(), &name, &disk);
            }
            None => {
                // Folders of the office's own (rubrics, notes) are not submissions.
                continue;
            }
        }
    }
    (out, names)
}

/// One prefecture folder being listed.
struct Walk<'w> {
    prefecture: &'static str,
    out: &'w mut Vec<SourceFile>,
    names: &'w mut DiskNames,
    problems: &'w mut Problems,
}

impl Walk<'_> {
    /// Lists `dir`, whose path is `rel` as text and `disk` on disk.
    fn collect(&mut self, dir: &Path, rel: &str, disk: &Path) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let raw = e.file_name();
            let Some((name, decoded)) = name_text(&raw) else {
                let shown = format!("{}/{}", rel, shown_bytes(&raw));
                self.problems
                    .error(Loc::file(&shown), trf(M::UndecodableName, &[&shown]));
                continue;
            };
            if ignored(&name) {
                continue;
            }
            let child_rel = format!("{rel}/{name}");
            let child_disk = disk.join(&raw);
            // Under a folder with such a name, every path differs on disk.
            if decoded || self.names.0.contains_key(rel) {
                self.names.0.insert(child_rel.clone(), child_disk.clone());
            }
            if decoded {
                self.problems
                    .warn(Loc::file(&child_rel), crate::i18n::tr(M::NameReadAsGbk));
            }
            // Links are neither followed nor listed: they could lead anywhere.
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                self.collect(&e.path(), &child_rel, &child_disk);
            } else if t.is_file() {
                self.out.push(SourceFile {
                    rel: child_rel,
                    kind: classify(&name).unwrap_or(FileKind::Evidence),
                    prefecture: self.prefecture,
                });
            }
        }
    }
}

/// Joins a path typed in a catalogue (either separator) to the catalogue's
/// folder. Absolute paths, drive letters and `..` are refused: evidence
/// stays inside the bundle.
pub(crate) fn resolve(base_dir: &str, typed: &str) -> Option<String> {
    // Most typed paths are plain names under plain folders: joined as they
    // are (what the general way below gives them too, tested).
    let plain = crate::bundle::archive::names_only;
    let t = typed.trim();
    if !t.contains('\\')
        && t.as_bytes().get(1) != Some(&b':')
        && plain(t)
        && (base_dir.is_empty() || plain(base_dir))
    {
        let mut joined = String::with_capacity(base_dir.len() + 1 + t.len());
        if !base_dir.is_empty() {
            joined.push_str(base_dir);
            joined.push('/');
        }
        joined.push_str(t);
        return Some(joined);
    }
    resolve_any(base_dir, typed)
}

/// [`resolve`] for any typed path.
fn resolve_any(base_dir: &str, typed: &str) -> Option<String> {
    let typed = typed.trim().replace('\\', "/");
    if typed.starts_with('/') || typed.as_bytes().get(1) == Some(&b':') {
        return None;
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for comp in Path::new(&typed).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Why a file of a bundle could not be read.
#[derive(Debug)]
pub enum Refusal {
    /// Not there.
    Missing,
    /// A link, `..`, or not a regular file: it could lead outside the bundle.
    Escapes,
    Unreadable(std::io::Error),
    /// A workbook larger than any table needs (its size), left unread.
    TooLarge(u64),
}

/// Reads files under a root without ever following a link: every folder on
/// the way is checked once (and remembered), the file itself is opened with
/// `O_NOFOLLOW`. Shared by the threads that read a bundle.
pub(crate) struct Inside<'a> {
    root: &'a Path,
    checked: std::sync::Mutex<std::collections::HashSet<String>>,
    names: DiskNames,
}

impl<'a> Inside<'a> {
    /// Reads files under `root` whose names on disk are not UTF-8 by the
    /// names `walk` found.
    pub(crate) fn with_names(root: &'a Path, names: DiskNames) -> Inside<'a> {
        Inside {
            root,
            checked: Default::default(),
            names,
        }
    }

    fn disk(&self, rel: &str) -> PathBuf {
        self.names.path(self.root, rel)
    }

    fn folders_ok(&self, rel: &str) -> Result<(), Refusal> {
        let parent = parent(rel);
        // Files of one folder come together: one look-up settles them all.
        if parent.is_empty() || self.checked.lock().is_ok_and(|c| c.contains(parent)) {
            return Ok(());
        }
        let mut prefix = String::new();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if self.checked.lock().is_ok_and(|c| c.contains(&prefix)) {
                continue;
            }
            match fs::symlink_metadata(self.disk(&prefix)) {
                Ok(m) if m.is_dir() => {
                    if let Ok(mut c) = self.checked.lock() {
                        c.insert(prefix.clone());
                    }
                }
                Ok(_) => return Err(Refusal::Escapes),
                Err(_) => return Err(Refusal::Missing),
            }
        }
        Ok(())
    }

    /// Opens the regular file at `rel`.
    pub fn open(&self, rel: &str) -> Result<fs::File, Refusal> {
        if !crate::bundle::archive::plain(rel) {
            return Err(Refusal::Escapes);
        }
        self.folders_ok(rel)?;
        let mut opts = fs::OpenOptions::new();
        crate::platform::no_follow(opts.read(true));
        let f = match opts.open(self.disk(rel)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refusal::Missing),
            Err(e)
                if fs::symlink_metadata(self.disk(rel))
                    .is_ok_and(|m| m.file_type().is_symlink()) =>
            {
                let _ = e;
                return Err(Refusal::Escapes);
            }
            Err(e) => return Err(Refusal::Unreadable(e)),
        };
        match f.metadata() {
            Ok(m) if m.is_file() => Ok(f),
            Ok(_) => Err(Refusal::Escapes),
            Err(e) => Err(Refusal::Unreadable(e)),
        }
    }

    /// Reads the regular file at `rel` whole, when it is no larger than
    /// a workbook can be (`workbook::MAX_FILE`).
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, Refusal> {
        use std::io::Read;
        let max = crate::bundle::workbook::MAX_FILE;
        let f = self.open(rel)?;
        let mut buf = Vec::new();
        f.take(max + 1)
            .read_to_end(&mut buf)
            .map_err(Refusal::Unreadable)?;
        if buf.len() as u64 > max {
            let size = self
                .open(rel)
                .ok()
                .and_then(|f| f.metadata().ok())
                .map_or(max + 1, |m| m.len());
            return Err(Refusal::TooLarge(size));
        }
        Ok(buf)
    }
}

/// The folder part of a relative path.
pub(crate) fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_the_kind() {
        assert_eq!(classify("表二 业绩指标.xlsx"), Some(FileKind::Table2));
        assert_eq!(classify("附件3 数据汇总表.XLS"), Some(FileKind::Summary));
        assert_eq!(classify("申报表.xlsx"), Some(FileKind::Application));
        assert_eq!(classify("证明材料目录.xlsx"), Some(FileKind::Catalogue));
        assert_eq!(classify("目录.pdf"), None);
        assert_eq!(classify("规划.xlsx"), None);
    }

    #[test]
    fn typed_paths_stay_inside() {
        assert_eq!(
            resolve("随州/KH-1", "材料\\01.pdf").as_deref(),
            Some("随州/KH-1/材料/01.pdf")
        );
        assert_eq!(
            resolve("随州/KH-1", "./a.txt").as_deref(),
            Some("随州/KH-1/a.txt")
        );
        assert_eq!(resolve("随州/KH-1", "../KH-2/a.txt"), None);
        assert_eq!(resolve("随州/KH-1", "/etc/passwd"), None);
        assert_eq!(resolve("随州/KH-1", "C:\\x.pdf"), None);
        assert_eq!(resolve("随州/KH-1", "a/../../b"), None);
    }

    #[test]
    fn plain_paths_join_as_the_general_way_joins_them() {
        for base in ["", "随州", "随州/KH-1", "随州/KH-1/材料"] {
            for typed in [
                "a.txt",
                " 材料/01 规划.pdf ",
                "材料/子/02.txt",
                "a:b/c.txt",
                "x.",
                "..x/y",
                "材料\\01.pdf",
                "./a.txt",
                "a//b",
                "a/b/",
                "../a",
                "/a",
                "C:x",
                "",
            ] {
                assert_eq!(
                    resolve(base, typed),
                    resolve_any(base, typed),
                    "{base:?} + {typed:?}"
                );
            }
        }
    }
}
