//! The user's settings: `config.toml` in the platform config folder.
//!
//! ```toml
//! lang = "en"          # zh (default) or en
//! keys = "vim"         # default or vim; keymap.toml beside it overrides single keys
//! ascii = true         # ASCII borders and symbols
//! opener = "evince"    # the command that opens evidence files where there is a display
//! ```
//!
//! Command-line flags win over environment variables, which win over this
//! file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    pub keys: Option<String>,
    #[serde(default)]
    pub ascii: bool,
    pub opener: Option<String>,
}

/// A config file that does not parse, with its line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Config {
    /// The default location of the file.
    pub fn path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "pingshen")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// Reads the file; a missing file is the default settings.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Ok(Config::default());
        };
        toml::from_str(&text).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            }),
            message: e.message().to_string(),
        })
    }
}

/// The reviewer using this account: `reviewer.toml` beside `config.toml`,
/// written on first start (the signing key joins it later).
///
/// ```toml
/// name = "张三"
/// key = "/home/zhang/.config/pingshen/id_ed25519"   # the signing key
/// ```
#[derive(Clone, Debug, Default, serde::Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{}", crate::i18n::trf(crate::i18n::M::ProfileRead, &[&.0]))]
    Read(String, #[source] crate::i18n::Cause),
    #[error("{}", crate::i18n::trf(crate::i18n::M::ProfileSave, &[&.0]))]
    Save(String, #[source] crate::i18n::Cause),
}

impl Profile {
    pub fn path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "pingshen")
            .map(|d| d.config_dir().join("reviewer.toml"))
    }

    /// The profile, or none when the file does not exist yet.
    pub fn load(path: &Path) -> Result<Option<Profile>, ProfileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(ProfileError::Read(path.display().to_string(), e.into()));
            }
        };
        let p: Profile = toml::from_str(&text)
            .map_err(|e| ProfileError::Read(path.display().to_string(), e.into()))?;
        Ok((!p.name.trim().is_empty()).then_some(p))
    }

    /// Writes the profile (owner-only, replaced atomically).
    pub fn save(&self, path: &Path) -> Result<(), ProfileError> {
        let err = |e: crate::i18n::Cause| ProfileError::Save(path.display().to_string(), e);
        let text = toml::to_string(self).map_err(|e| err(e.into()))?;
        if let Some(dir) = path.parent() {
            crate::private::create_dir_all(dir).map_err(|e| err(e.into()))?;
        }
        let tmp = path.with_extension("toml.tmp");
        {
            use std::io::Write;
            let mut o = std::fs::OpenOptions::new();
            crate::platform::private_file(o.write(true).create(true).truncate(true));
            let mut f = o.open(&tmp).map_err(|e| err(e.into()))?;
            f.write_all(text.as_bytes()).map_err(|e| err(e.into()))?;
            f.sync_all().map_err(|e| err(e.into()))?;
        }
        std::fs::rename(&tmp, path).map_err(|e| err(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_errors_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        assert_eq!(Config::load(&p).unwrap(), Config::default());
        std::fs::write(&p, "lang = \"en\"\nkeys = \"vim\"\nascii = true\n").unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(
            (c.lang.as_deref(), c.keys.as_deref(), c.ascii),
            (Some("en"), Some("vim"), true)
        );
        std::fs::write(&p, "lang = \"en\"\n\ncolour = \"red\"\n").unwrap();
        let e = Config::load(&p).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn the_profile_is_saved_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/reviewer.toml");
        assert_eq!(Profile::load(&p).unwrap(), None);
        Profile {
            name: "张三".into(),
            key: None,
        }
        .save(&p)
        .unwrap();
        assert_eq!(Profile::load(&p).unwrap().unwrap().name, "张三");
        std::fs::write(&p, "nom = 1\n").unwrap();
        assert!(Profile::load(&p).is_err());
    }
}
