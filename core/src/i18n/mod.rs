//! Every user-facing string, in Chinese (the default) and English.
//!
//! Messages are looked up by key in the table of `messages.rs`. Each
//! declares the names of its placeholders (`KeyRead(path) => "… {path}"`),
//! and [`trf`] takes their values in that order, so a language may place
//! them where its grammar wants. The language is chosen once at start (`--lang`, or `PINGSHEN_LANG`);
//! a thread can be given another with [`speak`] (worker threads are given
//! their parent's), and [`lang`] reads it.

use std::cell::Cell;
use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};

mod help;
mod messages;

pub use help::{ZH_HELP, zh_help};
pub use messages::M;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The language the program was started in (`--lang`): what a thread says
/// things in unless it was given another.
static STARTED_IN: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// The language this thread was given, if any (see [`speak`]).
    static GIVEN: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the language the program speaks, once at start.
pub fn set_lang(lang: Lang) {
    STARTED_IN.store(lang as u8, Ordering::Relaxed);
}

/// The language of messages made on this thread: the one it was given,
/// else the one the program was started in.
pub fn lang() -> Lang {
    GIVEN.with(Cell::get).unwrap_or_else(|| {
        if STARTED_IN.load(Ordering::Relaxed) == Lang::En as u8 {
            Lang::En
        } else {
            Lang::Zh
        }
    })
}

/// Gives this thread `lang` until the guard is dropped: a worker thread
/// takes the language of the thread that started it (pass `lang()` in),
/// and tests in either language run side by side without taking turns.
#[must_use = "the language holds only while the guard lives"]
pub fn speak(lang: Lang) -> Speaking {
    Speaking(GIVEN.with(|g| g.replace(Some(lang))))
}

/// Holds a thread's language (see [`speak`]); the one before comes back
/// when it is dropped.
pub struct Speaking(Option<Lang>);

impl Drop for Speaking {
    fn drop(&mut self) {
        GIVEN.with(|g| g.set(self.0));
    }
}

/// A figure with its unit, as the language writes it (`12万元`, `12 10k yuan`).
pub fn with_unit(figure: &dyn Display, unit: M) -> String {
    trf(M::WithUnit, &[figure, &tr(unit)])
}

/// An operating-system error in the reader's language (the kinds people
/// meet; others keep the system's words).
pub(crate) fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => tr(M::IoNotFound).to_string(),
        K::PermissionDenied => tr(M::IoPermission).to_string(),
        K::AlreadyExists => tr(M::IoExists).to_string(),
        _ => trf(M::IoOther, &[e]),
    }
}

/// A cause kept under an error, whatever its type (an I/O, SQLite, TOML or
/// key error): `#[source]`, so that it is said after the error, not folded
/// into its text.
pub(crate) type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error and its causes, as people read them: each in the interface
/// language where it is the system's (an I/O error), joined by a colon; a
/// cause the error already says is said once.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut at = Some(e);
    while let Some(c) = at {
        at = c.source();
        // A wrapper that says no more than its cause: the cause says it.
        if at.is_some_and(|s| s.to_string() == c.to_string()) {
            continue;
        }
        let t = match c.downcast_ref::<std::io::Error>() {
            Some(io) => io_error(io),
            None => c.to_string(),
        };
        if !t.is_empty() && !parts.last().is_some_and(|l| l.contains(&t)) {
            parts.push(t);
        }
    }
    parts.join(tr(M::CauseSeparator))
}

/// The text of a message in the current language.
pub fn tr(m: M) -> &'static str {
    m.text(lang())
}

/// The text of a message with its named placeholders filled: `args` are
/// the values of the names the table declares for it (`KeyRead(path)`), in
/// that order, so each language may place them where it likes.
pub fn trf(m: M, args: &[&dyn Display]) -> String {
    debug_assert_eq!(args.len(), m.params().len(), "{m:?} takes {:?}", m.params());
    fill(tr(m), m.params(), args)
}

/// Fills `{name}` with the value of `name` among `params`; any other
/// brace is text.
fn fill(template: &str, params: &[&str], args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let name = rest[i + 1..].split_once('}').map(|(n, _)| n);
        match name.and_then(|n| Some((n, params.iter().position(|p| *p == n)?))) {
            Some((n, k)) => {
                if let Some(a) = args.get(k) {
                    out.push_str(&a.to_string());
                }
                rest = &rest[i + n.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `{name}`s of a text, in order.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            match rest[i + 1..].split_once('}') {
                Some((n, _))
                    if n.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()) =>
                {
                    found.push(n);
                    rest = &rest[i + n.len() + 2..];
                }
                _ => rest = &rest[i + 1..],
            }
        }
        found
    }

    #[test]
    fn both_languages_use_exactly_the_placeholders_the_message_declares() {
        for m in M::ALL {
            let declared: BTreeSet<&str> = m.params().iter().copied().collect();
            assert_eq!(declared.len(), m.params().len(), "{m:?}: a name twice");
            for lang in [Lang::Zh, Lang::En] {
                let text = m.text(lang);
                assert!(!text.is_empty(), "{m:?}");
                assert!(!text.contains("{}"), "{m:?}: a placeholder without a name");
                let used: BTreeSet<&str> = placeholders(text).into_iter().collect();
                assert_eq!(used, declared, "{m:?} in {lang:?}: {text}");
            }
        }
    }

    #[test]
    fn english_texts_hold_no_chinese_but_the_names_of_the_forms() {
        // The official forms and the values a form asks for keep their
        // names in English too: they are what is printed on them.
        let names = ["表二", "附件3", "申报表", "是", "否"];
        for m in M::ALL {
            let mut t = m.text(Lang::En).to_string();
            for n in names {
                t = t.replace(n, "");
            }
            assert!(
                !t.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)),
                "{m:?}: {}",
                m.text(Lang::En)
            );
        }
    }

    /// An error keeps its cause, and the chain says both: the system's
    /// words in the reader's language, a cause already said not repeated.
    #[test]
    fn an_error_is_said_with_its_causes() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read {0}")]
        struct Outer(&'static str, #[source] Cause);
        #[derive(Debug, thiserror::Error)]
        #[error("{0}")]
        struct Same(#[source] std::io::Error);
        let missing = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let _lang = speak(Lang::Zh);
        let e = Outer("/x.key", missing().into());
        assert_eq!(error_chain(&e), "cannot read /x.key：文件或文件夹不存在");
        assert_eq!(
            error_chain(&Outer("/x.key", Box::new(Same(missing())))),
            "cannot read /x.key：文件或文件夹不存在",
            "the wrapper that only repeats its cause is said once"
        );
    }

    #[test]
    fn fill_by_name_wherever_a_language_puts_it() {
        let params = ["file", "line"];
        assert_eq!(
            fill("{file} 第 {line} 行", &params, &[&"a.toml", &3]),
            "a.toml 第 3 行"
        );
        assert_eq!(
            fill("line {line} of {file}", &params, &[&"a.toml", &3]),
            "line 3 of a.toml"
        );
        assert_eq!(fill("{file}{file}", &params, &[&"x"]), "xx");
        // Other braces are text.
        assert_eq!(fill("{other} {", &params, &[&1, &2]), "{other} {");
        assert_eq!(fill("no args", &[], &[]), "no args");
        // A message filled as a caller sees it.
        assert_eq!(
            fill(M::KeyRead.text(Lang::En), M::KeyRead.params(), &[&"/k"]),
            "cannot read the key /k"
        );
    }
}
