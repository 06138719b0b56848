//! Folders of one person's data (the store, the config folder with the
//! signing key and profile): created readable by their owner alone.

use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents, each new one 0700; an existing
/// folder is left as it is.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    crate::platform::private_dir(std::fs::DirBuilder::new().recursive(true)).create(dir)
}

/// Makes a new folder in `parent` named `prefix` and a random suffix, 0700,
/// created exclusively: never one that was there before (or a link planted
/// in its place in a shared temporary folder).
pub fn fresh_dir(parent: &Path, prefix: &str) -> io::Result<std::path::PathBuf> {
    use std::hash::{BuildHasher, Hasher};
    for _ in 0..16 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let dir = parent.join(format!(
            "{prefix}{}-{:016x}",
            std::process::id(),
            h.finish()
        ));
        match crate::platform::private_dir(&mut std::fs::DirBuilder::new()).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no fresh name for a private folder",
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_folders_are_owner_only_and_old_ones_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
        let new = old.join("a/b");
        super::create_dir_all(&new).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o700);
        assert_eq!(mode(&old.join("a")), 0o700);
        assert_eq!(mode(&old), 0o755);
    }
}
