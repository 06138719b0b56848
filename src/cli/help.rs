//! The command line as people meet it: clap's help, usage and argument
//! errors in the interface language.

use std::error::Error as _;

use clap::ValueEnum;

use pingshen::config::Config;
use pingshen::i18n::{self, Lang, M, tr, trf};
use pingshen::text::inert;

use super::args::{Cli, LangArg};
use super::settings;

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
    // A flag clap will refuse is no language yet.
    let flag = flag.and_then(|f| LangArg::from_str(&f, true).ok());
    settings::lang(flag, &settings::process_env, &config).unwrap_or(Lang::Zh)
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
                // The values to choose from are named in the Chinese text
                // itself ("[possible values: …]" is clap's).
                let a = if a.get_action().takes_values() && !a.get_possible_values().is_empty() {
                    a.hide_possible_values(true)
                } else {
                    a
                };
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
                        // What the value should have been, where clap knows.
                        ErrorKind::InvalidValue if !expected(&e).is_empty() => trf(
                            M::BadFlag,
                            &[
                                &ctx(ContextKind::InvalidArg),
                                &expected(&e),
                                &ctx(ContextKind::InvalidValue),
                            ],
                        ),
                        ErrorKind::ValueValidation if !expected(&e).is_empty() => trf(
                            M::CliValueExpected,
                            &[
                                &ctx(ContextKind::InvalidArg),
                                &ctx(ContextKind::InvalidValue),
                                &expected(&e),
                            ],
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

/// What an argument error says was expected: clap's list of valid values,
/// or what a value parser says.
fn expected(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    match e.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => e
            .source()
            .map(|s| inert(&s.to_string()).into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clap's own checks of the command as built, in both languages.
    #[test]
    fn the_command_line_is_well_formed_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            command(lang).debug_assert();
        }
    }

    #[test]
    fn chinese_help_names_the_choices_in_chinese_only() {
        let _lang = i18n::speak(Lang::Zh);
        let mut cmd = command(Lang::Zh);
        let help = cmd
            .find_subcommand_mut("merge")
            .map(|m| m.render_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("mean（平均）"), "{help}");
        assert!(help.contains("（默认：trimmed）"), "{help}");
        assert!(!help.contains("possible values"), "{help}");
    }
}
