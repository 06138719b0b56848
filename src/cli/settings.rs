//! The settings a command runs with, resolved in one place: command-line
//! flags win over environment variables, which win over `config.toml`, which
//! wins over the defaults. A value that is not one of the allowed ones is an
//! error that names where it came from, in the interface language.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::ValueEnum;

use pingshen::config::{Config, Profile};
use pingshen::i18n::{Lang, M, trf};
use pingshen::sign::keys;
use pingshen::text::inert;
use pingshen::tui::Keys;

use super::args::{Cli, KeysArg, LangArg};

/// Where a setting's text came from, for an error that says so.
#[derive(Clone, Copy)]
enum Source<'a> {
    Env(&'a str),
    Config(&'a str),
}

impl Source<'_> {
    fn name(self) -> String {
        match self {
            Source::Env(var) => var.to_string(),
            Source::Config(field) => format!("config.toml: {field}"),
        }
    }
}

/// Reads a value of a clap enum from the environment or the config file,
/// as the flag would read it.
fn choice<T: ValueEnum>(text: &str, from: Source) -> Result<T> {
    T::from_str(text.trim(), true).map_err(|_| {
        let allowed: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_string())
            .collect();
        anyhow!(
            "{}",
            trf(
                M::BadFlag,
                &[&from.name(), &allowed.join(", "), &inert(text)]
            )
        )
    })
}

/// The first of flag, environment variable and config field that is set.
fn first<T: ValueEnum>(
    flag: Option<T>,
    env: &dyn Fn(&str) -> Option<String>,
    var: &str,
    config: Option<&str>,
    field: &str,
) -> Result<Option<T>> {
    if flag.is_some() {
        return Ok(flag);
    }
    if let Some(v) = env(var) {
        return choice(&v, Source::Env(var)).map(Some);
    }
    match config {
        Some(v) => choice(v, Source::Config(field)).map(Some),
        None => Ok(None),
    }
}

/// The interface language: `--lang`, `PINGSHEN_LANG`, `lang` in the
/// config, else Chinese.
pub fn lang(
    flag: Option<LangArg>,
    env: &dyn Fn(&str) -> Option<String>,
    config: &Config,
) -> Result<Lang> {
    Ok(
        first(flag, env, "PINGSHEN_LANG", config.lang.as_deref(), "lang")?
            .map_or(Lang::Zh, Lang::from),
    )
}

/// How a command runs: who reviews with which key, and how the terminal
/// UI looks, which keys it takes and what opens files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    pub keys: Keys,
    pub ascii: bool,
    /// The reviewer named by `--reviewer` or `PINGSHEN_REVIEWER` (else the
    /// profile's, asked for on first start).
    pub reviewer: Option<String>,
    /// The command that opens evidence files where there is a display.
    pub opener: Option<String>,
}

impl Settings {
    /// Resolves every setting of `cli`; `env` reads an environment
    /// variable (the process's own outside tests).
    pub fn resolve(
        cli: &Cli,
        env: &dyn Fn(&str) -> Option<String>,
        config: &Config,
    ) -> Result<Settings> {
        let keys: Option<KeysArg> = first(
            cli.keys,
            env,
            "PINGSHEN_KEYS",
            config.keys.as_deref(),
            "keys",
        )?;
        Ok(Settings {
            lang: lang(cli.lang, env, config)?,
            keys: keys.map_or(Keys::Default, Keys::from),
            ascii: cli.ascii || config.ascii,
            reviewer: cli
                .reviewer
                .clone()
                .or_else(|| env("PINGSHEN_REVIEWER"))
                .filter(|n| !n.trim().is_empty()),
            opener: env("PINGSHEN_OPENER")
                .filter(|o| !o.trim().is_empty())
                .or_else(|| config.opener.clone()),
        })
    }
}

/// The process's environment, as `Settings::resolve` reads it.
pub fn process_env(var: &str) -> Option<String> {
    std::env::var(var).ok()
}

/// The signing key: `--key`, else the one in reviewer.toml, else
/// `default` (id_ed25519 in the config folder) — if it exists.
///
/// The profile's key and the default one belong to the profile's reviewer:
/// another reviewer on a shared account names theirs with `--key`, so that
/// nobody signs with someone else's key by accident.
pub fn choose_key(
    flag: Option<&Path>,
    reviewer: Option<&str>,
    profile: Option<&Profile>,
    default: Option<PathBuf>,
) -> Option<PathBuf> {
    if let Some(k) = flag {
        return Some(k.to_path_buf()).filter(|p| p.exists());
    }
    if let (Some(name), Some(p)) = (reviewer, profile)
        && p.name != name
    {
        return None;
    }
    profile
        .and_then(|p| p.key.as_ref().map(PathBuf::from))
        .or(default)
        .filter(|p| p.exists())
}

/// The profile kept in the config folder, if there is one that reads.
pub fn saved_profile() -> Option<Profile> {
    Profile::path().and_then(|p| Profile::load(&p).ok().flatten())
}

/// The signing key for `reviewer` on this account (see `choose_key`).
pub fn key_path(flag: Option<&Path>, reviewer: Option<&str>) -> Option<PathBuf> {
    choose_key(
        flag,
        reviewer,
        saved_profile().as_ref(),
        keys::default_path(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("pingshen").chain(args.iter().copied())).unwrap()
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    fn config(text: &str) -> Config {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn defaults_when_nothing_is_said() {
        let s = Settings::resolve(&cli(&[]), &env(&[]), &Config::default()).unwrap();
        assert_eq!(
            s,
            Settings {
                lang: Lang::Zh,
                keys: Keys::Default,
                ascii: false,
                reviewer: None,
                opener: None,
            }
        );
    }

    #[test]
    fn flags_win_over_the_environment_which_wins_over_the_config() {
        let c = config("lang = \"zh\"\nkeys = \"default\"\nopener = \"evince\"\nascii = true");
        let e = env(&[
            ("PINGSHEN_LANG", "en"),
            ("PINGSHEN_KEYS", "vim"),
            ("PINGSHEN_OPENER", "okular"),
            ("PINGSHEN_REVIEWER", "李四"),
        ]);
        let s = Settings::resolve(&cli(&[]), &e, &c).unwrap();
        assert_eq!((s.lang, s.keys), (Lang::En, Keys::Vim));
        assert_eq!(s.opener.as_deref(), Some("okular"));
        assert_eq!(s.reviewer.as_deref(), Some("李四"));
        assert!(s.ascii, "the config's ascii holds without the flag");
        let s = Settings::resolve(
            &cli(&["--lang", "zh", "--keys", "default", "--reviewer", "张三"]),
            &e,
            &c,
        )
        .unwrap();
        assert_eq!((s.lang, s.keys), (Lang::Zh, Keys::Default));
        assert_eq!(s.reviewer.as_deref(), Some("张三"));
        // The config alone.
        let s = Settings::resolve(
            &cli(&[]),
            &env(&[]),
            &config("lang = \"EN\"\nkeys = \"vim\""),
        )
        .unwrap();
        assert_eq!((s.lang, s.keys), (Lang::En, Keys::Vim));
        assert_eq!(s.opener, None);
    }

    #[test]
    fn the_names_people_write_for_a_language_are_understood() {
        for (flag, want) in [
            ("中文", Lang::Zh),
            ("zh-CN", Lang::Zh),
            ("English", Lang::En),
        ] {
            let s = Settings::resolve(&cli(&["--lang", flag]), &env(&[]), &Config::default());
            assert_eq!(s.unwrap().lang, want, "{flag}");
            let e = env(&[("PINGSHEN_LANG", flag)]);
            assert_eq!(lang(None, &e, &Config::default()).unwrap(), want, "{flag}");
        }
    }

    #[test]
    fn a_bad_value_names_where_it_came_from_and_what_was_expected() {
        // In either language (other tests set it): where, what was
        // expected, what was found.
        let said = |e: anyhow::Error, parts: [&str; 3]| {
            let e = e.to_string();
            assert!(e.starts_with(parts[0]), "{e}");
            assert!(parts.iter().all(|p| e.contains(p)), "{e}");
        };
        let e = Settings::resolve(
            &cli(&[]),
            &env(&[("PINGSHEN_KEYS", "emacs")]),
            &Config::default(),
        );
        said(e.unwrap_err(), ["PINGSHEN_KEYS", "default, vim", "emacs"]);
        let e = lang(None, &env(&[]), &config("lang = \"fr\""));
        said(e.unwrap_err(), ["config.toml: lang", "zh, en", "fr"]);
        // A bad value below a good one that wins is never read.
        let s = Settings::resolve(
            &cli(&["--keys", "vim"]),
            &env(&[("PINGSHEN_KEYS", "emacs")]),
            &Config::default(),
        );
        assert_eq!(s.unwrap().keys, Keys::Vim);
        // Clap refuses a bad flag itself.
        assert!(Cli::try_parse_from(["pingshen", "--keys", "emacs"]).is_err());
        // Control characters in the value reach the message inert.
        let e = lang(
            None,
            &env(&[("PINGSHEN_LANG", "\u{1b}[2J")]),
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(!e.contains('\u{1b}'), "{e:?}");
    }

    #[test]
    fn an_empty_reviewer_or_opener_is_no_reviewer_or_opener() {
        let e = env(&[("PINGSHEN_REVIEWER", "  "), ("PINGSHEN_OPENER", "")]);
        let s = Settings::resolve(&cli(&[]), &e, &config("opener = \"evince\"")).unwrap();
        assert_eq!(s.reviewer, None);
        assert_eq!(s.opener.as_deref(), Some("evince"));
    }

    #[test]
    fn a_key_belongs_to_its_reviewer() {
        let tmp = tempfile::tempdir().unwrap();
        let own = tmp.path().join("own");
        let default = tmp.path().join("id_ed25519");
        let flag = tmp.path().join("flag");
        for p in [&own, &default, &flag] {
            std::fs::write(p, "k").unwrap();
        }
        let profile = Profile {
            name: "张三".into(),
            key: Some(own.display().to_string()),
        };
        let pick = |flag: Option<&Path>, who: Option<&str>, p: Option<&Profile>| {
            choose_key(flag, who, p, Some(default.clone()))
        };
        assert_eq!(
            pick(Some(&flag), Some("李四"), Some(&profile)),
            Some(flag.clone())
        );
        assert_eq!(pick(None, Some("张三"), Some(&profile)), Some(own.clone()));
        assert_eq!(pick(None, None, Some(&profile)), Some(own.clone()));
        // Another reviewer on the account gets no key of the profile's.
        assert_eq!(pick(None, Some("李四"), Some(&profile)), None);
        assert_eq!(pick(None, None, None), Some(default.clone()));
        // Only keys that exist.
        assert_eq!(pick(Some(&tmp.path().join("nope")), None, None), None);
        std::fs::remove_file(&own).unwrap();
        assert_eq!(pick(None, None, Some(&profile)), None);
        assert_eq!(pick(None, None, Some(&Profile::default())), Some(default));
    }
}
