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
}
