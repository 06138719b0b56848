//! The command line: parsing (clap derive) and dispatch to the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};

use pingshen::bundle::{self, pack, template};
use pingshen::config::{Config, Profile};
use pingshen::i18n::{self, Lang, M, tr, trf};
use pingshen::lookup;
use pingshen::merge;
use pingshen::sign::{self, allowed, keys};
use pingshen::store::{self, ImportOutcome, Store};
use pingshen::text::inert;
use pingshen::tui::Keys;
use pingshen::tui::app::{App, Look};
use pingshen::tui::score as tui_score;

/// pingshen (评审): expert review of industrial-cluster submissions.
#[derive(Parser, Debug)]
#[command(name = "pingshen", version, about)]
pub struct Cli {
    /// The database to use instead of the one in the platform data directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Use the demo store (`demo.db` beside the real one, where `demo`
    /// keeps its scores): `pingshen --demo log`.
    #[arg(long, global = true, conflicts_with = "db")]
    pub demo: bool,
    /// Interface language: zh (default) or en.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Draw borders and symbols in ASCII.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Key map: default or vim.
    #[arg(long, global = true, value_name = "MAP")]
    pub keys: Option<String>,
    /// The reviewer (for a shared account); else `PINGSHEN_REVIEWER`, else
    /// the name kept in reviewer.toml, asked on first start.
    #[arg(long, global = true, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// The signing key (an OpenSSH Ed25519 private key); else the one in
    /// reviewer.toml, else id_ed25519 in the config folder.
    #[arg(long, global = true, value_name = "PATH")]
    pub key: Option<PathBuf>,
    /// Without a command: the terminal UI on the most recently used bundle.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import a bundle if needed, then open it in the terminal UI.
    Open { bundle: PathBuf },
    /// Try pingshen on the sample bundle: the terminal UI on a terminal, in
    /// the demo store (kept apart from real reviews, and across restarts);
    /// otherwise a lookup printed from a temporary store.
    Demo {
        /// The bundle to use (the sample in testdata by default).
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// What to look up.
        #[arg(default_value = "szzyc")]
        query: String,
    },
    /// Write blank workbook templates to send to prefectures.
    Template {
        dir: PathBuf,
        /// The assessment year the templates are for.
        #[arg(long, default_value_t = 2018)]
        year: i32,
    },
    /// Turn a folder of prefecture submissions into a verified bundle.
    Pack {
        src: PathBuf,
        #[arg(short, long, value_name = "BUNDLE")]
        out: PathBuf,
    },
    /// Verify a bundle and load it into the store.
    Import { bundle: PathBuf },
    /// List the imported bundles.
    Bundles,
    /// Find clusters by name, pinyin initials or id.
    Find {
        query: String,
        /// The bundle (a prefix of its id); the most recently used by default.
        #[arg(long)]
        bundle: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show a cluster: figures, checks, evidence.
    Show {
        id: String,
        #[arg(long)]
        bundle: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Make the reviewer's Ed25519 signing key (passphrase asked without
    /// echo) in the config folder, or at --key PATH; an existing key at
    /// --key is checked and adopted instead. Kept in reviewer.toml.
    Keygen {
        /// No passphrase on the new key.
        #[arg(long)]
        no_passphrase: bool,
    },
    /// The reviewer's name, key fingerprint and allowed_signers line.
    Whoami,
    /// Write the signed review file (FILE and FILE.sig).
    Export {
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        /// Export even if some clusters are not complete (the file says so).
        #[arg(long)]
        incomplete: bool,
        #[arg(long)]
        bundle: Option<String>,
    },
    /// Check a signed review file against an allowed_signers file, and its
    /// content against the bundle it names (from --bundle, or the store).
    Verify {
        file: PathBuf,
        /// The signature (FILE.sig by default).
        #[arg(long)]
        sig: Option<PathBuf>,
        #[arg(long, value_name = "ALLOWED_SIGNERS")]
        signers: PathBuf,
        /// The bundle file the review is checked against (else the store).
        #[arg(long, value_name = "BUNDLE")]
        bundle: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Merge the panel's signed review files into one result: an Excel
    /// workbook, CSV and JSON beside it, and a result manifest.
    Merge {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_name = "ALLOWED_SIGNERS")]
        signers: PathBuf,
        /// The bundle file every review is checked against; else the store
        /// (--db, --demo, or the default one) that imported it.
        #[arg(long, value_name = "BUNDLE")]
        bundle: Option<PathBuf>,
        /// CSV cells exactly as they are, for scripts (by default a text
        /// cell Excel or WPS would run as a formula starts with ').
        #[arg(long)]
        raw_csv: bool,
        /// mean, median, or trimmed (drop one highest and one lowest).
        #[arg(long, default_value = "trimmed")]
        rule: String,
        /// The fewest valid scores for the trimmed rule.
        #[arg(long, default_value_t = 5)]
        trim_from: usize,
        /// Flag clusters whose totals spread wider than this.
        #[arg(long, default_value = "15")]
        max_spread: String,
        /// Flag clusters whose totals' standard deviation exceeds this.
        #[arg(long, default_value = "6")]
        max_sd: String,
        /// Of two different files of one reviewer with the same sequence, use this one.
        #[arg(long, value_name = "FILE")]
        prefer: Vec<PathBuf>,
        #[arg(short, long, value_name = "RESULT.xlsx")]
        out: PathBuf,
        /// Sign the result manifest with your key (namespace pingshen-result).
        #[arg(long)]
        sign: bool,
    },
    /// Browse a merged result in the terminal (RESULT.json, or the
    /// workbook beside it).
    Results { result: PathBuf },
    /// The audit log: every change of every score, comment, conclusion,
    /// opinion and conflict, oldest first (of one reviewer with --reviewer).
    Log {
        /// Only this cluster.
        #[arg(long)]
        cluster: Option<String>,
        #[arg(long)]
        bundle: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The language asked for on the command line, before clap reads it (its
/// help and errors are given in that language).
fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--lang" {
            flag = it.next().map(|v| v.to_string());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v.to_string());
        }
    }
    let config = Config::path()
        .and_then(|p| Config::load(&p).ok())
        .unwrap_or_default();
    choose_lang(flag.as_deref(), &config).unwrap_or(Lang::Zh)
}

/// The command line as clap knows it, its help in Chinese where that is the
/// language (clap's own texts are the doc comments, in English).
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        tr(M::CliUsage)
    );
    let zh_args = |c: clap::Command, prefix: &str| -> clap::Command {
        let ids: Vec<String> = c.get_arguments().map(|a| a.get_id().to_string()).collect();
        let mut c = c;
        for id in ids {
            let key = if id == "demo" && prefix.is_empty() {
                "demo.flag".to_string()
            } else {
                id.clone()
            };
            let text = i18n::zh_help(&format!("{prefix}{key}")).or_else(|| i18n::zh_help(&key));
            let positional = c
                .get_arguments()
                .find(|a| a.get_id() == id.as_str())
                .is_some_and(|a| a.is_positional());
            let heading = if positional {
                tr(M::CliArguments)
            } else {
                tr(M::CliOptions)
            };
            c = c.mut_arg(id.as_str(), |a| {
                let mut a = a.help_heading(heading);
                // Placeholders in Chinese too: <路径>, not <PATH>.
                let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
                let names: Vec<&'static str> = a
                    .get_value_names()
                    .map(|v| v.iter().map(|n| zh_value_name(n.as_str())).collect())
                    .unwrap_or_default();
                if !names.is_empty() {
                    a = a.value_names(names);
                } else if takes_value || a.is_positional() {
                    a = a.value_name(zh_value_name(&id.to_uppercase()));
                }
                // The default in the same words ("[default: 20]" is clap's).
                let default: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                match text {
                    Some(t) if !default.is_empty() => a
                        .hide_default_value(true)
                        .help(format!("{t}{}", trf(M::CliDefault, &[&default.join(", ")]))),
                    Some(t) => a.help(t),
                    None => a,
                }
            });
        }
        // Help and version flags of our own, with Chinese texts.
        c.disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help(i18n::zh_help("help").unwrap_or_default())
                    .help_heading(tr(M::CliOptions)),
            )
            .subcommand_value_name(tr(M::CliCommandName))
    };
    // "[OPTIONS]" in the usage, in Chinese.
    let usage = |c: &clap::Command| -> String {
        let mut built = c.clone();
        built.build();
        let u = built.render_usage().to_string();
        u.split_once(": ")
            .map_or(u.clone(), |(_, rest)| rest.to_string())
            .replace("[OPTIONS]", tr(M::CliOptionsUsage))
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = zh_args(
        cmd.about(i18n::zh_help("about").unwrap_or_default())
            .help_template(template.clone())
            .subcommand_help_heading(tr(M::CliCommands))
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help(i18n::zh_help("version").unwrap_or_default())
                    .help_heading(tr(M::CliOptions)),
            ),
        "",
    );
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |c| {
            let about = i18n::zh_help(&name).unwrap_or_default();
            zh_args(
                c.about(about).help_template(template.clone()),
                &format!("{name}."),
            )
        });
    }
    // The usage lines, once every argument has its Chinese placeholder.
    let top = usage(&cmd);
    let subs: Vec<(String, String)> = cmd
        .get_subcommands()
        .map(|c| {
            let u = usage(c).replacen(c.get_name(), &format!("pingshen {}", c.get_name()), 1);
            (c.get_name().to_string(), u)
        })
        .collect();
    cmd = cmd.override_usage(top);
    for (name, u) in subs {
        cmd = cmd.mut_subcommand(name.as_str(), |c| c.override_usage(u));
    }
    cmd
}

/// A value's placeholder in Chinese (clap keeps `'static` names).
fn zh_value_name(n: &str) -> &'static str {
    match n {
        "PATH" => "路径",
        "NAME" => "姓名",
        "LANG" => "语言",
        "MAP" => "按键方案",
        "BUNDLE" => "评审包",
        "RESULT.xlsx" => "结果.xlsx",
        "ALLOWED_SIGNERS" => "allowed_signers",
        "FILES" => "评审文件",
        "FILE" | "RESULT" => "文件",
        "QUERY" => "查找内容",
        "LIMIT" | "TRIM_FROM" => "数量",
        "YEAR" => "年度",
        "RULE" => "规则",
        "MAX_SPREAD" | "MAX_SD" => "分值",
        "SIG" => "签名文件",
        "CLUSTER" => "编号",
        "ID" => "编号",
        "DIR" | "SRC" => "文件夹",
        other => String::leak(other.to_string()),
    }
}

/// Parses the command line, with help and errors in the reader's language.
pub fn parse() -> std::result::Result<Cli, i32> {
    use clap::FromArgMatches;
    use clap::error::{ContextKind, ErrorKind};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = early_lang(&args);
    i18n::set_lang(lang);
    let matches = match command(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let code = e.exit_code();
            match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                }
                _ if lang == Lang::En => {
                    let _ = e.print();
                }
                kind => {
                    let ctx = |k: ContextKind| {
                        e.get(k)
                            .map(|v| inert(&v.to_string()).into_owned())
                            .unwrap_or_default()
                    };
                    let msg = match kind {
                        ErrorKind::UnknownArgument => {
                            trf(M::CliUnknownArgument, &[&ctx(ContextKind::InvalidArg)])
                        }
                        ErrorKind::InvalidSubcommand => trf(
                            M::CliUnknownCommand,
                            &[&ctx(ContextKind::InvalidSubcommand)],
                        ),
                        ErrorKind::InvalidValue | ErrorKind::ValueValidation => trf(
                            M::CliInvalidValue,
                            &[
                                &ctx(ContextKind::InvalidArg),
                                &ctx(ContextKind::InvalidValue),
                            ],
                        ),
                        ErrorKind::MissingRequiredArgument => {
                            trf(M::CliMissing, &[&ctx(ContextKind::InvalidArg)])
                        }
                        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
                            trf(M::CliTooMany, &[&ctx(ContextKind::InvalidValue)])
                        }
                        ErrorKind::NoEquals => trf(M::CliNoValue, &[&ctx(ContextKind::InvalidArg)]),
                        ErrorKind::ArgumentConflict => trf(
                            M::CliConflict,
                            &[&ctx(ContextKind::InvalidArg), &ctx(ContextKind::PriorArg)],
                        ),
                        _ => tr(M::CliOther).to_string(),
                    };
                    eprintln!("pingshen: {msg}");
                    for k in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
                        let s = ctx(k);
                        if !s.is_empty() {
                            eprintln!("  {}", trf(M::CliMaybe, &[&s]));
                        }
                    }
                    eprintln!("{}", tr(M::CliMore));
                }
            }
            return Err(code);
        }
    };
    Cli::from_arg_matches(&matches).map_err(|e| {
        let _ = e.print();
        2
    })
}

pub fn choose_lang(flag: Option<&str>, config: &Config) -> Result<Lang> {
    let chosen = flag
        .map(str::to_string)
        .or_else(|| std::env::var("PINGSHEN_LANG").ok())
        .or_else(|| config.lang.clone());
    match chosen {
        None => Ok(Lang::Zh),
        Some(s) => Lang::parse(&s)
            .ok_or_else(|| anyhow!("{}", trf(M::BadFlag, &[&"--lang", &"zh, en", &inert(&s)]))),
    }
}

/// An allowed_signers file, read as OpenSSH reads it; the lines OpenSSH
/// would skip are named on stderr.
fn read_signers(path: &Path) -> Result<Vec<allowed::Signer>> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    let a = allowed::parse(&bytes, &path.display().to_string());
    for e in &a.skipped {
        eprintln!("{}", inert(&format!("{e} — {}", tr(M::SignersSkipped))));
    }
    Ok(a.signers)
}

/// The bundle `id` as a store holds it: the store named by --db or
/// --demo, else the default one if it exists (never created here).
fn stored_reference(db: Option<&Path>, id: &str) -> Option<merge::Reference> {
    let path = db.map(Path::to_path_buf).or_else(Store::default_path)?;
    if !path.exists() {
        return None;
    }
    let store = Store::open_read_only(&path).ok()?;
    let b = store.bundle(Some(id)).ok().filter(|b| b.id == id)?;
    merge::Reference::from_store(&store, &b).ok()
}

/// The store a lookup reads: it must exist already (a lookup never makes
/// an empty store, nor folders, where a path was mistyped).
fn existing_store(db: Option<&Path>) -> Result<Store> {
    let path = existing_store_path(db)?;
    Ok(Store::open(&path)?)
}

/// Where the existing store is: an error naming what is missing if it is
/// not there.
fn existing_store_path(db: Option<&Path>) -> Result<PathBuf> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => Store::default_path().context("no platform data directory; use --db PATH")?,
    };
    if !path.exists() {
        if let Some(dir) = path
            .parent()
            .filter(|d| db.is_some() && !d.as_os_str().is_empty() && !d.exists())
        {
            return Err(anyhow!("{}", trf(M::StoreFolderMissing, &[&dir.display()])));
        }
        return Err(anyhow!("{}", trf(M::StoreMissing, &[&path.display()])));
    }
    Ok(path)
}

/// The store a lookup reads, opened for reading only (a shared store the
/// user may only read serves lookups too).
fn lookup_store(db: Option<&Path>) -> Result<Store> {
    let path = existing_store_path(db)?;
    Ok(Store::open_read_only(&path)?)
}

fn open_store(db: Option<&Path>) -> Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => Store::default_path().context("no platform data directory; use --db PATH")?,
    };
    Ok(Store::open(&path)?)
}

/// Runs a command; `Ok(false)` means it ran but found nothing or refused
/// (exit status 1, message already printed).
pub fn run(cli: Cli) -> Result<bool> {
    let config = match Config::path() {
        Some(p) => Config::load(&p)?,
        None => Config::default(),
    };
    i18n::set_lang(choose_lang(cli.lang.as_deref(), &config)?);
    let mut cli = cli;
    if cli.demo {
        cli.db = Some(demo_store_path()?);
    }
    let keys = cli
        .keys
        .clone()
        .or_else(|| std::env::var("PINGSHEN_KEYS").ok())
        .or_else(|| config.keys.clone());
    let reviewer = cli
        .reviewer
        .clone()
        .or_else(|| std::env::var("PINGSHEN_REVIEWER").ok())
        .filter(|n| !n.trim().is_empty());
    let ui = Ui {
        reviewer: reviewer.clone(),
        key: key_path(cli.key.as_deref(), reviewer.as_deref()),
        opener: std::env::var("PINGSHEN_OPENER")
            .ok()
            .or_else(|| config.opener.clone()),
        ascii: cli.ascii || config.ascii,
        keys: match keys.as_deref().unwrap_or("default") {
            "default" => Keys::Default,
            "vim" => Keys::Vim,
            other => {
                return Err(anyhow!(
                    "{}",
                    trf(M::BadFlag, &[&"--keys", &"default, vim", &inert(other)])
                ));
            }
        },
    };
    let Some(command) = cli.command else {
        let store = existing_store(cli.db.as_deref())?;
        let bundle = store.bundle(None)?;
        return tui(store, bundle, ui);
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    match command {
        Command::Open { bundle } => {
            let mut store = open_store(cli.db.as_deref())?;
            let id = match store::import(&mut store, &bundle) {
                Ok(ImportOutcome::Imported { id, .. })
                | Ok(ImportOutcome::AlreadyImported { id }) => id,
                Err(store::ImportError::Problems(p)) => {
                    eprint!(
                        "{}",
                        bundle::report_bounded(&p.iter().collect::<Vec<_>>(), M::ReportMoreImport)
                    );
                    eprintln!("{}", trf(M::ImportErrors, &[&p.len()]));
                    return Ok(false);
                }
                Err(e) => return Err(e.into()),
            };
            let b = store.bundle(Some(&id))?;
            drop(out);
            tui(store, b, ui)
        }
        Command::Demo { bundle, query } => {
            if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                drop(out);
                demo_tui(cli.db.as_deref(), bundle, ui)
            } else {
                demo(bundle, &query, &mut out)
            }
        }
        Command::Template { dir, year } => {
            let n = template::write_blank(&dir, year)?;
            writeln!(out, "{}", trf(M::TemplatesWritten, &[&n, &dir.display()]))?;
            Ok(true)
        }
        Command::Pack { src, out: dest } => {
            let report = pack::pack(&src, &dest)?;
            // The pre-screen goes back to the prefectures, bundle or not.
            let sheet = bundle::prescreen::path_beside(&dest);
            bundle::prescreen::write(&sheet, &report.problems)
                .map_err(|e| anyhow::anyhow!("{}: {e}", sheet.display()))?;
            let all: Vec<&bundle::Problem> = report.problems.iter().collect();
            eprint!("{}", bundle::report_bounded(&all, M::ReportMore));
            eprintln!("{}", trf(M::PrescreenWritten, &[&sheet.display()]));
            let errors = report.errors();
            if !errors.is_empty() {
                eprintln!("{}", trf(M::PackErrors, &[&errors.len()]));
                return Ok(false);
            }
            if let Some((m, id)) = &report.written {
                writeln!(
                    out,
                    "{}",
                    trf(
                        M::PackDone,
                        &[
                            &dest.display(),
                            &report.clusters,
                            &report.evidence,
                            &m.files.len(),
                            id
                        ]
                    )
                )?;
            }
            Ok(true)
        }
        Command::Import { bundle: dir } => {
            pingshen::trace::mark("command starts");
            let mut store = open_store(cli.db.as_deref())?;
            let done = match store::import(&mut store, &dir) {
                Ok(outcome) => {
                    if let ImportOutcome::Imported { warnings, .. } = &outcome
                        && !warnings.is_empty()
                    {
                        eprint!(
                            "{}",
                            bundle::report_bounded(
                                &warnings.iter().collect::<Vec<_>>(),
                                M::ReportMoreImport
                            )
                        );
                    }
                    writeln!(out, "{}", outcome_line(&outcome))?;
                    Ok(true)
                }
                Err(store::ImportError::Problems(p)) => {
                    eprint!(
                        "{}",
                        bundle::report_bounded(&p.iter().collect::<Vec<_>>(), M::ReportMoreImport)
                    );
                    eprintln!("{}", trf(M::ImportErrors, &[&p.len()]));
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            };
            // Closing checkpoints the WAL into the database file.
            drop(store);
            pingshen::trace::mark("store closed");
            done
        }
        Command::Bundles => {
            let store = lookup_store(cli.db.as_deref())?;
            for b in store.bundles()? {
                writeln!(
                    out,
                    "{}  {}  {}  {}",
                    b.short_id(),
                    b.year,
                    b.clusters,
                    inert(&b.title)
                )?;
            }
            Ok(true)
        }
        Command::Find {
            query,
            bundle,
            limit,
            json,
        } => {
            let store = lookup_store(cli.db.as_deref())?;
            let b = store.bundle(bundle.as_deref())?;
            let rows = lookup::find(&store, &b, &query, limit)?;
            if json {
                pingshen::json::write_inert(&mut out, &rows)?;
            } else if rows.is_empty() {
                eprintln!("{}", trf(M::NoMatches, &[&inert(&query)]));
                return Ok(false);
            } else {
                out.write_all(lookup::find_text(&rows).as_bytes())?;
            }
            Ok(!rows.is_empty())
        }
        Command::Show { id, bundle, json } => {
            let store = lookup_store(cli.db.as_deref())?;
            let b = store.bundle(bundle.as_deref())?;
            let Some(d) = lookup::detail(&store, &b, &id)? else {
                if json {
                    writeln!(out, "null")?;
                }
                eprintln!("{}", trf(M::NotFound, &[&inert(&id)]));
                return Ok(false);
            };
            if json {
                pingshen::json::write_inert(&mut out, &d)?;
            } else {
                out.write_all(lookup::detail_text(&d).as_bytes())?;
            }
            Ok(true)
        }
        Command::Keygen { no_passphrase } => keygen(
            cli.key.as_deref(),
            reviewer.as_deref(),
            no_passphrase,
            &mut out,
        ),
        Command::Whoami => {
            let (name, path) = identity(cli.key.as_deref(), reviewer.as_deref())?;
            let key = keys::load_public(&path)?;
            writeln!(out, "{}", trf(M::WhoName, &[&inert(&name)]))?;
            writeln!(
                out,
                "{}",
                trf(M::WhoKey, &[&keys::fingerprint(&key), &path.display()])
            )?;
            let line = keys::allowed_signers_line(&name, &key)?;
            writeln!(out, "{}", tr(M::WhoLine))?;
            writeln!(out, "{line}")?;
            Ok(true)
        }
        Command::Export {
            out: dest,
            incomplete,
            bundle,
        } => {
            let (name, path) = identity(cli.key.as_deref(), reviewer.as_deref())?;
            let mut store = open_store(cli.db.as_deref())?;
            let b = store.bundle(bundle.as_deref())?;
            let public = keys::load_public(&path)?;
            let mut key = || keys::load(&path, &mut passphrase).map_err(|e| e.to_string());
            let r = store.reviewer(&name)?;
            match pingshen::session::export::export(
                &mut store, &b, &r, &public, &mut key, &dest, incomplete,
            ) {
                Ok(e) => {
                    let s = &e.file.summary;
                    writeln!(
                        out,
                        "{}",
                        trf(
                            M::Exported,
                            &[
                                &e.path.display(),
                                &e.file.sequence,
                                &(s.complete + s.recused),
                                &s.clusters,
                                &e.sig_path.display()
                            ]
                        )
                    )?;
                    Ok(true)
                }
                Err(e @ pingshen::session::export::ExportError::Incomplete(..)) => {
                    eprintln!("{e}");
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Verify {
            file,
            sig,
            signers,
            bundle,
            json,
        } => {
            let payload = std::fs::read(&file).with_context(|| file.display().to_string())?;
            let sig_path = sig.unwrap_or_else(|| PathBuf::from(format!("{}.sig", file.display())));
            let sig_bytes =
                std::fs::read(&sig_path).with_context(|| sig_path.display().to_string())?;
            let list = read_signers(&signers)?;
            let v = sign::verify(
                &payload,
                &String::from_utf8_lossy(&sig_bytes),
                &list,
                sign::now(),
            )?;
            // The content, against the bundle the file names.
            let reference = match &bundle {
                Some(p) => Some(merge::Reference::from_bundle(p)?),
                None => stored_reference(cli.db.as_deref(), &v.file.bundle.id),
            };
            let short = pingshen::text::short(&v.file.bundle.id);
            match &reference {
                Some(r) => {
                    merge::check::check(&v.file, r)?;
                    eprintln!("{}", trf(M::CheckedAgainst, &[&short]));
                }
                None => eprintln!("{}", trf(M::NotCheckedContent, &[&short])),
            }
            let f = &v.file;
            if json {
                let s = &f.summary;
                pingshen::json::write_inert(
                    &mut out,
                    &serde_json::json!({
                        "verified": true,
                        "reviewer": f.reviewer.name,
                        "key": v.fingerprint,
                        "signer_line": v.signer_line,
                        "bundle": f.bundle.id,
                        "sequence": f.sequence,
                        "sha256": v.sha256,
                        "complete": f.complete,
                        "summary": s,
                    }),
                )?;
                return Ok(true);
            }
            let s = &f.summary;
            let scores: usize = f
                .clusters
                .values()
                .flatten()
                .map(|c| c.scores.iter().flatten().count())
                .sum();
            writeln!(
                out,
                "{}",
                trf(
                    M::Verified,
                    &[&inert(&f.reviewer.name), &v.fingerprint, &v.signer_line]
                )
            )?;
            writeln!(
                out,
                "{}",
                trf(
                    M::VerifiedBundle,
                    &[
                        &pingshen::text::short(&f.bundle.id),
                        &inert(&f.bundle.title),
                        &f.sequence,
                        &tr(if f.complete {
                            M::Complete
                        } else {
                            M::Incomplete
                        })
                    ]
                )
            )?;
            writeln!(
                out,
                "{}",
                trf(
                    M::VerifiedCounts,
                    &[
                        &s.clusters,
                        &s.complete,
                        &s.in_progress,
                        &s.not_started,
                        &s.recused,
                        &scores
                    ]
                )
            )?;
            Ok(true)
        }
        Command::Merge {
            files,
            signers,
            rule,
            trim_from,
            max_spread,
            max_sd,
            prefer,
            out: dest,
            sign: sign_it,
            bundle,
            raw_csv,
        } => {
            let points = |s: &str, what: &str| {
                pingshen::review::rubric::Points::parse(s)
                    .filter(|p| p.0 >= 0)
                    .ok_or_else(|| {
                        anyhow!(
                            "{}",
                            trf(M::BadFlag, &[&format!("--{what}"), &"15, 7.5", &inert(s)])
                        )
                    })
            };
            let options = merge::Options {
                rule: merge::Rule::parse(&rule).ok_or_else(|| {
                    anyhow!(
                        "{}",
                        trf(
                            M::BadFlag,
                            &[&"--rule", &"mean, median, trimmed", &inert(&rule)]
                        )
                    )
                })?,
                trim_from,
                max_spread: points(&max_spread, "max-spread")?,
                max_sd: points(&max_sd, "max-sd")?,
            };
            let list = read_signers(&signers)?;
            // Every review is checked against its bundle: the bundle file,
            // or a store that imported it.
            let given = match &bundle {
                Some(p) => Some(merge::Reference::from_bundle(p)?),
                None => None,
            };
            let db = cli.db.clone();
            let at_hand = move |id: &str| -> Option<merge::Reference> {
                match &given {
                    Some(r) => (r.id == id).then(|| r.clone()),
                    None => stored_reference(db.as_deref(), id),
                }
            };
            let result = match merge::merge(&files, &list, sign::now(), &options, &prefer, &at_hand)
            {
                Ok(r) => r,
                Err(merge::MergeError::Nothing(inputs)) => {
                    for i in &inputs {
                        print_input(i);
                    }
                    eprintln!("{}", tr(M::MergeNothing));
                    return Ok(false);
                }
                Err(
                    e @ (merge::MergeError::SameSequence { .. }
                    | merge::MergeError::SameName { .. }
                    | merge::MergeError::NoBundle(_)),
                ) => {
                    eprintln!("{}", inert(&e.to_string()));
                    return Ok(false);
                }
                Err(e) => return Err(e.into()),
            };
            for i in &result.inputs {
                print_input(i);
            }
            for p in &result.repeated {
                eprintln!("{}", inert(&trf(M::MergeGivenTwice, &[p])));
            }
            // Who has not completed what: a line per reviewer (the
            // workbook lists every cluster).
            let mut by_reviewer: std::collections::BTreeMap<&str, Vec<&str>> =
                std::collections::BTreeMap::new();
            for (who, cluster) in result.missing() {
                by_reviewer.entry(who).or_default().push(cluster);
            }
            for (who, list) in &by_reviewer {
                let mut ids: Vec<String> =
                    list.iter().take(5).map(|c| inert(c).into_owned()).collect();
                if list.len() > 5 {
                    ids.push("…".into());
                }
                eprintln!(
                    "{}",
                    trf(
                        M::MergeMissing,
                        &[&inert(who), &list.len(), &ids.join("、")]
                    )
                );
            }
            let written = merge::output::write(&result, &dest, !raw_csv)?;
            let divergent = result
                .clusters
                .iter()
                .filter(|c| !c.divergence.is_empty())
                .count();
            writeln!(
                out,
                "{}",
                trf(
                    M::MergeDone,
                    &[&result.reviewers.len(), &result.clusters.len(), &divergent]
                )
            )?;
            for p in &written {
                writeln!(out, "  {}", p.display())?;
            }
            if sign_it {
                let manifest = written
                    .iter()
                    .find(|p| p.to_string_lossy().ends_with(".manifest.json"))
                    .cloned()
                    .context("no manifest")?;
                let (_, key_file) = identity(cli.key.as_deref(), reviewer.as_deref())?;
                let key = keys::load(&key_file, &mut passphrase)?;
                let bytes = std::fs::read(&manifest)?;
                let sig = key
                    .sign("pingshen-result", ssh_key::HashAlg::Sha512, &bytes)
                    .map_err(|e| anyhow!("{e}"))?
                    .to_pem(ssh_key::LineEnding::LF)
                    .map_err(|e| anyhow!("{e}"))?;
                let sig_path = PathBuf::from(format!("{}.sig", manifest.display()));
                std::fs::write(&sig_path, sig)?;
                writeln!(out, "  {}", sig_path.display())?;
            }
            // Outputs are written either way; a script tells a merge that
            // refused an input by its status.
            let refused = result
                .inputs
                .iter()
                .filter(|i| matches!(i.outcome, merge::Outcome::Refused { .. }))
                .count();
            if refused > 0 {
                eprintln!("{}", trf(M::MergeRefusedSome, &[&refused]));
            }
            Ok(refused == 0)
        }
        Command::Results { result } => {
            // The workbook's name will do: the JSON lies beside it.
            let result = if result.extension().is_some_and(|e| e == "xlsx") {
                result.with_extension("json")
            } else {
                result
            };
            let r = merge::MergeResult::read(&result)?;
            drop(out);
            results_tui(r, &ui)
        }
        Command::Log {
            cluster,
            bundle,
            json,
        } => {
            let store = lookup_store(cli.db.as_deref())?;
            let b = store.bundle(bundle.as_deref())?;
            let entries = store.log(b.no, cli.reviewer.as_deref(), cluster.as_deref())?;
            if json {
                pingshen::json::write_inert(&mut out, &entries)?;
            } else {
                out.write_all(pingshen::session::log_text(&entries).as_bytes())?;
            }
            Ok(true)
        }
    }
}

/// The signing key: `--key`, else the one in reviewer.toml, else
/// id_ed25519 in the config folder — if it exists.
///
/// The profile's key and the default one belong to the profile's reviewer:
/// another reviewer on a shared account names theirs with `--key`, so that
/// nobody signs with someone else's key by accident.
fn key_path(key: Option<&Path>, reviewer: Option<&str>) -> Option<PathBuf> {
    if let Some(k) = key {
        return Some(k.to_path_buf()).filter(|p| p.exists());
    }
    let profile = Profile::path().and_then(|p| Profile::load(&p).ok().flatten());
    if let (Some(name), Some(p)) = (reviewer, &profile)
        && p.name != name
    {
        return None;
    }
    profile
        .and_then(|p| p.key.map(PathBuf::from))
        .or_else(keys::default_path)
        .filter(|p| p.exists())
}

/// The reviewer's name and signing key path: flags, then the profile, then
/// the default key.
fn identity(key: Option<&Path>, reviewer: Option<&str>) -> Result<(String, PathBuf)> {
    let profile = match Profile::path() {
        Some(p) => Profile::load(&p)?,
        None => None,
    };
    let name = reviewer
        .map(str::to_string)
        .or_else(|| profile.as_ref().map(|p| p.name.clone()))
        .ok_or_else(|| anyhow!("{}", tr(M::NoReviewer)))?;
    let key = key_path(key, Some(&name)).ok_or_else(|| anyhow!("{}", tr(M::NoKey)))?;
    Ok((name, key))
}

/// A passphrase: `PINGSHEN_PASSPHRASE` (for scripts), else asked on the
/// terminal without echo.
fn passphrase() -> Option<String> {
    std::env::var("PINGSHEN_PASSPHRASE")
        .ok()
        .or_else(|| keys::read_passphrase(tr(M::AskPassphrase)))
}

/// `keygen`: a new key in the config folder, or (with --key) an existing
/// one checked and adopted; either way kept in reviewer.toml.
fn keygen(
    key: Option<&Path>,
    reviewer: Option<&str>,
    no_passphrase: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let profile_path = Profile::path().context("no platform config directory")?;
    let mut profile = Profile::load(&profile_path)?.unwrap_or_default();
    let name = reviewer
        .map(|n| n.trim().to_string())
        .unwrap_or_else(|| profile.name.clone());
    if name.is_empty() {
        return Err(anyhow!("{}", tr(M::NoReviewer)));
    }
    // Another reviewer on this account: the default key is the account
    // reviewer's, so theirs needs a place of its own.
    let own = profile.name.is_empty() || profile.name == name;
    if !own && key.is_none() {
        return Err(anyhow!(
            "{}",
            trf(M::KeyOtherReviewer, &[&inert(&profile.name), &inert(&name)])
        ));
    }
    // The line must be writable before a key is made for the name.
    if keys::allowed_signers_line(&name, &keys::placeholder()).is_err() {
        return Err(keys::KeyError::Unnameable(inert(&name).into_owned()).into());
    }
    let pass_for_new = || -> Result<Option<Option<String>>> {
        if no_passphrase {
            return Ok(Some(None));
        }
        if let Ok(p) = std::env::var("PINGSHEN_PASSPHRASE") {
            return Ok(Some(Some(p)));
        }
        let a = keys::read_passphrase(tr(M::AskNewPassphrase)).unwrap_or_default();
        if !a.is_empty() {
            let b = keys::read_passphrase(tr(M::AskPassphraseAgain)).unwrap_or_default();
            if a != b {
                eprintln!("{}", tr(M::PassphraseMismatch));
                return Ok(None);
            }
        }
        Ok(Some(Some(a)))
    };
    let (path, public, made) = match key {
        // Adopting an existing key: it must be a private, Ed25519 key.
        Some(p) if p.exists() => {
            let k = keys::load(p, &mut passphrase)?;
            (p.to_path_buf(), k.public_key().clone(), false)
        }
        // A new key where asked, or in the config folder.
        other => {
            let p = match other {
                Some(p) => p.to_path_buf(),
                None => keys::default_path().context("no platform config directory")?,
            };
            let Some(pass) = pass_for_new()? else {
                return Ok(false);
            };
            let k = keys::generate(&p, &name, pass.as_deref())?;
            (p, k, true)
        }
    };
    // The account's own reviewer keeps the key in reviewer.toml; another
    // reviewer on a shared account names theirs with --key, and the
    // account's reviewer.toml is left as it is.
    if own {
        profile.name = name.clone();
        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        profile.key = Some(absolute.display().to_string());
        profile.save(&profile_path)?;
    }
    let msg = if made { M::KeyMade } else { M::KeyAdopted };
    writeln!(
        out,
        "{}",
        trf(msg, &[&path.display(), &keys::fingerprint(&public)])
    )?;
    writeln!(out, "{}", tr(M::WhoLine))?;
    // The line names the reviewer whose key it is.
    writeln!(out, "{}", keys::allowed_signers_line(&name, &public)?)?;
    Ok(true)
}

/// One line per input file of a merge: what became of it (on stderr when
/// refused).
fn print_input(i: &merge::Input) {
    let (what, why) = match &i.outcome {
        merge::Outcome::Used => (tr(M::OutcomeUsed), String::new()),
        merge::Outcome::Duplicate { of } => (tr(M::OutcomeDuplicate), of.clone()),
        merge::Outcome::Superseded { by } => (tr(M::OutcomeSuperseded), by.clone()),
        merge::Outcome::Refused { reason, .. } => (tr(M::OutcomeRefused), reason.clone()),
    };
    let line = trf(M::MergeInput, &[&i.path, &what, &why]);
    let line = inert(line.trim_end()).into_owned();
    if matches!(i.outcome, merge::Outcome::Refused { .. }) {
        eprintln!("{line}");
    } else {
        // A closed pipe here is the reader's choice, not an error.
        let _ = writeln!(std::io::stdout(), "{line}");
    }
}

/// The results view of a merged result.
fn results_tui(r: merge::MergeResult, ui: &Ui) -> Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(anyhow!("{}", pingshen::i18n::tr(M::NeedsTerminal)));
    }
    let user = pingshen::tui::user_keymap_path();
    let keymap = pingshen::tui::load_keymap(ui.keys, user.as_deref())?;
    let look = Look {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: ui.ascii,
    };
    let mut app = pingshen::tui::results::Results::new(r, keymap, look);
    pingshen::tui::results::run(&mut app)?;
    Ok(true)
}

/// How the terminal UI looks, which keys it takes, what opens files.
#[derive(Clone)]
struct Ui {
    reviewer: Option<String>,
    key: Option<PathBuf>,
    ascii: bool,
    keys: Keys,
    opener: Option<String>,
}

/// Runs the terminal UI on a bundle of the store.
fn tui(store: Store, bundle: pingshen::store::BundleInfo, ui: Ui) -> Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(anyhow!("{}", pingshen::i18n::tr(M::NeedsTerminal)));
    }
    let user = pingshen::tui::user_keymap_path();
    let keymap = pingshen::tui::load_keymap(ui.keys, user.as_deref())?;
    store.touch(bundle.no)?;
    let look = Look {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: ui.ascii,
    };
    store.manual_checkpoints()?;
    let mut app = App::new(store, bundle, keymap, look)?;
    app.opener = ui.opener;
    app.key = ui.key;
    // The reviewer: named on the command line, or kept from an earlier
    // start (asked for, and kept, on the first).
    let name = match ui.reviewer {
        Some(n) => Some(n),
        None => {
            app.profile = Profile::path();
            match &app.profile {
                Some(p) => Profile::load(p)?.map(|p| p.name),
                None => None,
            }
        }
    };
    match name {
        Some(n) => tui_score::begin(&mut app, n.trim()).map_err(|e| anyhow!(e))?,
        None => tui_score::ask_name(&mut app),
    }
    pingshen::tui::run(&mut app)?;
    Ok(true)
}

/// The terminal UI on the sample bundle, in a store of its own (`demo.db`
/// beside the real one, or `--db`): scores given in the demo are kept
/// there across restarts, apart from real reviews.
fn demo_tui(db: Option<&Path>, bundle: Option<PathBuf>, ui: Ui) -> Result<bool> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => demo_store_path()?,
    };
    let mut store = Store::open(&path)?;
    let bundle = match bundle {
        Some(b) => b,
        // Beside the demo store, which opens evidence from it later.
        None => sample_bundle_in(path.parent().unwrap_or(Path::new(".")))?,
    };
    let id = match store::import(&mut store, &bundle)? {
        ImportOutcome::Imported { id, .. } | ImportOutcome::AlreadyImported { id } => id,
    };
    let b = store.bundle(Some(&id))?;
    tui(store, b, ui)
}

/// Where the demo keeps its store: `demo.db` beside the real one.
fn demo_store_path() -> Result<PathBuf> {
    Ok(Store::default_path()
        .context("no platform data directory; use --db PATH")?
        .with_file_name("demo.db"))
}

/// The sample bundle: `testdata/bundle.tar` under the current folder, else the
/// one this binary was built beside.
/// The sample bundle, built into the binary: `demo` works from the binary
/// alone, wherever it was copied.
static SAMPLE_BUNDLE: &[u8] = include_bytes!("../testdata/bundle.tar");

/// Writes the built-in sample bundle to `dir` (unless it is there already,
/// byte for byte) and returns its path.
fn sample_bundle_in(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("sample-bundle.tar");
    let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == SAMPLE_BUNDLE.len() as u64)
        && std::fs::read(&path).is_ok_and(|b| b == SAMPLE_BUNDLE);
    if !same {
        pingshen::private::create_dir_all(dir)?;
        let tmp = dir.join(format!("sample-bundle.tar.{}.partial", std::process::id()));
        std::fs::write(&tmp, SAMPLE_BUNDLE).with_context(|| format!("{}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("{}", path.display()))?;
    }
    Ok(path)
}

/// What an import says it did, in a line.
fn outcome_line(outcome: &ImportOutcome) -> String {
    match outcome {
        ImportOutcome::Imported {
            id,
            year,
            title,
            clusters,
            evidence,
            ..
        } => trf(
            M::Imported,
            &[
                &pingshen::text::short(id),
                year,
                &inert(title),
                clusters,
                evidence,
            ],
        ),
        ImportOutcome::AlreadyImported { id } => {
            trf(M::AlreadyImported, &[&pingshen::text::short(id)])
        }
    }
}

/// Imports the sample into a temporary store (the user's store is not
/// touched), then shows what a lookup gives.
fn demo(bundle: Option<PathBuf>, query: &str, out: &mut impl Write) -> Result<bool> {
    let dir = pingshen::private::fresh_dir(&std::env::temp_dir(), "pingshen-demo-")?;
    let result = (|| -> Result<bool> {
        let bundle = match bundle {
            Some(b) => b,
            None => sample_bundle_in(&dir)?,
        };
        let mut store = Store::open(&dir.join("demo.db"))?;
        let imported = outcome_line(&store::import(&mut store, &bundle)?);
        writeln!(out, "{imported}\n\n$ pingshen find {query}")?;
        let b = store.bundle(None)?;
        let rows = lookup::find(&store, &b, query, 10)?;
        out.write_all(lookup::find_text(&rows).as_bytes())?;
        if let Some(first) = rows.first()
            && let Some(d) = lookup::detail(&store, &b, &first.id)?
        {
            writeln!(out, "\n$ pingshen show {}", inert(&first.id))?;
            out.write_all(lookup::detail_text(&d).as_bytes())?;
        }
        Ok(!rows.is_empty())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Prints an error for people: the message and its causes, inert.
pub fn print_error(e: &anyhow::Error) {
    // The system's own errors in the reader's language.
    let say = |c: &(dyn std::error::Error + 'static)| match c.downcast_ref::<std::io::Error>() {
        Some(io) => i18n::io_error(io),
        None => c.to_string(),
    };
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let t = say(cause);
        // Library errors often repeat their cause: say it once.
        if !parts.last().is_some_and(|l| l.contains(&t)) {
            parts.push(t);
        }
    }
    // Inert, of bounded length; a quoted file's lines stay lines.
    eprintln!(
        "pingshen: {}",
        pingshen::text::inert_lines(&parts.join(": "), 4000)
    );
}
