//! The command line's arguments, as clap derives them. Options with a fixed
//! set of values are enums, so clap checks them and lists them in help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use pingshen::i18n::{Lang, M, tr};
use pingshen::merge::Rule;
use pingshen::review::rubric::Points;
use pingshen::tui::Keys;

/// pingshen (评审): expert review of industrial-cluster submissions.
#[derive(Parser, Debug)]
#[command(name = "pingshen", version = env!("PINGSHEN_VERSION"), about)]
pub struct Cli {
    /// The database to use instead of the one in the platform data directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Use the demo store (`demo.db` beside the real one, where `demo`
    /// keeps its scores): `pingshen --demo log`.
    #[arg(long, global = true, conflicts_with = "db")]
    pub demo: bool,
    /// Interface language: zh (default) or en.
    #[arg(
        long,
        global = true,
        value_name = "LANG",
        value_enum,
        ignore_case = true
    )]
    pub lang: Option<LangArg>,
    /// Draw borders and symbols in ASCII.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Key map: default or vim.
    #[arg(
        long,
        global = true,
        value_name = "MAP",
        value_enum,
        ignore_case = true
    )]
    pub keys: Option<KeysArg>,
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
        /// The bundle to use (the sample built into the binary by default).
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
    Merge(MergeArgs),
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
    /// Print the shell completions for bash, zsh, fish, elvish or
    /// PowerShell: `pingshen completions bash > /etc/bash_completion.d/pingshen`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (pingshen.1 and one per command) into DIR,
    /// in the interface language.
    Man { dir: PathBuf },
}

/// `merge`'s arguments.
#[derive(Args, Debug)]
pub struct MergeArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_name = "ALLOWED_SIGNERS")]
    pub signers: PathBuf,
    /// The bundle file every review is checked against; else the store
    /// (--db, --demo, or the default one) that imported it.
    #[arg(long, value_name = "BUNDLE")]
    pub bundle: Option<PathBuf>,
    /// CSV cells exactly as they are, for scripts (by default a text
    /// cell Excel or WPS would run as a formula starts with ').
    #[arg(long)]
    pub raw_csv: bool,
    /// mean, median, or trimmed (drop one highest and one lowest).
    #[arg(long, value_enum, default_value_t = RuleArg::Trimmed)]
    pub rule: RuleArg,
    /// The fewest valid scores for the trimmed rule.
    #[arg(long, default_value_t = 5)]
    pub trim_from: usize,
    /// Flag clusters whose totals spread wider than this.
    #[arg(long, default_value = "15", value_parser = points)]
    pub max_spread: Points,
    /// Flag clusters whose totals' standard deviation exceeds this.
    #[arg(long, default_value = "6", value_parser = points)]
    pub max_sd: Points,
    /// The office's decision rules ([assessment] and [application]
    /// tables), over the rubric's [decision] and the defaults.
    #[arg(long, value_name = "RULES.toml")]
    pub decision: Option<PathBuf>,
    /// Of two different files of one reviewer with the same sequence, use this one.
    #[arg(long, value_name = "FILE")]
    pub prefer: Vec<PathBuf>,
    #[arg(short, long, value_name = "RESULT.xlsx")]
    pub out: PathBuf,
    /// Sign the result manifest with your key (namespace pingshen-result).
    #[arg(long)]
    pub sign: bool,
}

/// `--lang`: the interface language (and the names people write for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    #[value(
        alias = "zh-cn",
        alias = "zh_cn",
        alias = "cn",
        alias = "chinese",
        alias = "中文"
    )]
    Zh,
    #[value(alias = "en-us", alias = "en_us", alias = "english")]
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--keys`: the shipped key map to start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeysArg {
    Default,
    Vim,
}

impl From<KeysArg> for Keys {
    fn from(k: KeysArg) -> Keys {
        match k {
            KeysArg::Default => Keys::Default,
            KeysArg::Vim => Keys::Vim,
        }
    }
}

/// `merge --rule`: how a cluster's final score is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    Mean,
    Median,
    Trimmed,
}

impl From<RuleArg> for Rule {
    fn from(r: RuleArg) -> Rule {
        match r {
            RuleArg::Mean => Rule::Mean,
            RuleArg::Median => Rule::Median,
            RuleArg::Trimmed => Rule::Trimmed,
        }
    }
}

/// A threshold in points (`15`, `7.5`): not negative, at most two decimals.
fn points(s: &str) -> Result<Points, String> {
    Points::parse(s)
        .filter(|p| p.0 >= 0)
        .ok_or_else(|| tr(M::PointsExpected).to_string())
}
