//! Handing evidence to the desktop's viewer: the file is written where the
//! viewer can open it — a folder of this process alone, made fresh (0700,
//! created exclusively, so nothing planted in a shared temporary folder is
//! reused or followed), each file 0600 and created new, never through a
//! link — and the folder is removed when the hand-over ends.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A private folder for files handed to a viewer; removed with it.
#[derive(Debug)]
pub struct HandOver {
    dir: PathBuf,
    next: u32,
}

impl HandOver {
    /// Makes a fresh private folder in `parent` (the system's temporary
    /// folder in use).
    pub(crate) fn new_in(parent: &Path) -> io::Result<HandOver> {
        let dir = crate::private::fresh_dir(parent, "pingshen-open-")?;
        Ok(HandOver { dir, next: 0 })
    }

    /// In the system's temporary folder.
    pub fn new() -> io::Result<HandOver> {
        HandOver::new_in(&std::env::temp_dir())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` under the last part of `rel` (the evidence's path in
    /// the bundle) in a new subfolder of its own, so that the same name
    /// twice never meets an existing file. Returns the file's path.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        self.next += 1;
        let sub = self.dir.join(self.next.to_string());
        make_private_dir(&sub)?;
        let path = sub.join(file_name(rel));
        let mut f = create_private_file(&path)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        Ok(path)
    }
}

impl Drop for HandOver {
    fn drop(&mut self) {
        // remove_dir_all does not follow links inside the folder.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The name a viewer sees: the last part of the bundle path, without
/// anything that could make it another path or a hidden file.
fn file_name(rel: &str) -> String {
    let last = rel.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .map(|c| if c.is_control() || c == '/' { '_' } else { c })
        .collect();
    let clean = clean.trim_start_matches('.').trim();
    if clean.is_empty() {
        "evidence".to_string()
    } else {
        clean.to_string()
    }
}

fn make_private_dir(dir: &Path) -> io::Result<()> {
    // Not recursive: an existing folder (or a link in its place) is an
    // error, never reused.
    crate::platform::private_dir(&mut fs::DirBuilder::new()).create(dir)
}

fn create_private_file(path: &Path) -> io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    crate::platform::no_follow(crate::platform::private_file(
        o.write(true).create_new(true),
    ))
    .open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_go_to_a_fresh_private_folder_removed_at_the_end() {
        let tmp = tempfile::tempdir().unwrap();
        let mut h = HandOver::new_in(tmp.path()).unwrap();
        let dir = h.dir().to_path_buf();
        assert_eq!(mode(&dir), 0o700);
        let a = h.write("随州/材料/01 规划.pdf", b"one").unwrap();
        let b = h.write("随州/材料/01 规划.pdf", b"two").unwrap();
        assert_ne!(a, b, "the same name twice is two files");
        assert_eq!(a.file_name().unwrap(), "01 规划.pdf");
        assert_eq!(mode(&a), 0o600);
        assert_eq!(fs::read(&b).unwrap(), b"two");
        drop(h);
        assert!(!dir.exists(), "removed with the hand-over");
    }

    #[test]
    fn planted_links_are_never_followed_and_old_folders_never_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim.txt");
        fs::write(&victim, "precious").unwrap();
        // Plant a link where a hand-over's file would go.
        let mut h = HandOver::new_in(tmp.path()).unwrap();
        let sub = h.dir().join("1");
        fs::create_dir(&sub).unwrap();
        std::os::unix::fs::symlink(&victim, sub.join("x.pdf")).unwrap();
        assert!(
            h.write("a/x.pdf", b"bundle bytes").is_err(),
            "its folder is taken"
        );
        let path = h.dir().join("2").join("x.pdf");
        fs::create_dir(h.dir().join("2")).ok();
        std::os::unix::fs::symlink(&victim, &path).ok();
        assert!(h.write("a/x.pdf", b"bundle bytes").is_err());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        // A link in place of the folder itself is not used either.
        let planted = tmp.path().join("planted");
        std::os::unix::fs::symlink(tmp.path(), &planted).unwrap();
        assert!(make_private_dir(&planted).is_err());
        drop(h);
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn names_stay_names() {
        assert_eq!(file_name("a/b/../..\\.hidden"), "hidden");
        assert_eq!(file_name("a/\u{1b}[2J.pdf"), "_[2J.pdf");
        assert_eq!(file_name(""), "evidence");
    }
}
