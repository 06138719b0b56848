//! Text hygiene: normalization of what we read, and inert rendering of what we print.
//!
//! Workbook text is untrusted. It is stored as read (NFC, trimmed), and every
//! place that prints it goes through [`inert`], so that control characters and
//! escape sequences are shown as visible text instead of reaching a terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// Trims surrounding white space (including the ideographic space) and
/// normalizes to NFC.
pub(crate) fn clean(s: &str) -> String {
    let t = s.trim_matches(is_space);
    // Most cells are already NFC; skip the (slow) recomposition for them.
    if t.chars().all(nfc_stable) {
        t.to_string()
    } else {
        t.nfc().collect()
    }
}

/// Normalizes a header label or a typed number for matching: NFKC (full-width
/// digits and letters become ASCII), all white space removed.
pub(crate) fn fold(s: &str) -> String {
    if s.chars().all(stable) {
        s.chars().filter(|c| !is_space(*c)).collect()
    } else {
        s.nfkc().filter(|c| !is_space(*c)).collect()
    }
}

/// Characters that no normalization form changes and that never combine:
/// ASCII and the CJK Unified Ideographs, which make up most workbook text.
fn stable(c: char) -> bool {
    c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Characters NFC leaves alone and that never compose: the NFKC-stable
/// ones, CJK punctuation, full-width forms and common quotes and dashes
/// (NFKC changes the latter; NFC does not).
fn nfc_stable(c: char) -> bool {
    stable(c)
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}' || c == '\u{a0}'
}

/// True for characters that must never be sent raw to a terminal: C0 and C1
/// controls, DEL, and the bidirectional overrides that reorder what is shown.
pub fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Renders untrusted text inert: every dangerous character becomes a visible
/// `\u{..}` escape. Borrowed when there is nothing to replace.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Renders untrusted text of several lines inert, as error messages that
/// quote a file do: line breaks are kept, every other dangerous character
/// becomes a visible escape, and the whole is cut at `max` characters.
pub fn inert_lines(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max) + 8);
    let mut shown = 0;
    for c in s.chars() {
        let before = out.len();
        if c != '\n' && is_dangerous(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
        shown += out[before..].chars().count();
        if shown > max {
            out.truncate(before);
            out.push('…');
            break;
        }
    }
    out
}

/// Untrusted text for a one-line message: inert, and cut at `max`
/// characters with an ellipsis.
pub(crate) fn quote(s: &str, max: usize) -> String {
    let t = inert(s);
    match t.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.into_owned(),
    }
}

/// The first twelve characters of an id (a bundle's hash), as lists show
/// it; never cut inside a character, whatever the id holds.
pub fn short(id: &str) -> &str {
    id.char_indices().nth(12).map_or(id, |(i, _)| &id[..i])
}

/// Display width of text in terminal columns (CJK counts two).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Pads or truncates `s` to exactly `cols` display columns; truncation ends
/// with an ellipsis and never splits a wide character.
pub fn fit(s: &str, cols: usize) -> String {
    let w = width(s);
    if w <= cols {
        let mut out = s.to_string();
        out.extend(std::iter::repeat_n(' ', cols - w));
        return out;
    }
    if cols == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > cols - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    used += 1;
    out.extend(std::iter::repeat_n(' ', cols - used));
    out
}

/// Wraps prose to `cols` display columns for reading: Latin words are
/// kept whole (broken only when longer than a line), CJK text breaks
/// between any two characters, `\n` breaks the line; no line is wider than
/// `cols`. Control characters are shown inert.
pub fn wrap_words(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        // Words (runs of non-space, non-wide characters) and single wide
        // characters, each with the spaces before it.
        let mut tokens: Vec<(String, String)> = Vec::new();
        let mut space = String::new();
        for c in para.chars() {
            let shown = inert(c.encode_utf8(&mut [0; 4])).into_owned();
            if c == ' ' {
                space.push(' ');
            } else if width(&shown) > 1 {
                tokens.push((std::mem::take(&mut space), shown));
            } else {
                match tokens.last_mut() {
                    Some((sp, word))
                        if space.is_empty()
                            && word
                                .chars()
                                .last()
                                .is_some_and(|l| width(&l.to_string()) == 1) =>
                    {
                        let _ = sp;
                        word.push_str(&shown);
                    }
                    _ => tokens.push((std::mem::take(&mut space), shown)),
                }
            }
        }
        for (sp, word) in tokens {
            let ww = width(&word);
            let sw = if used == 0 { 0 } else { sp.len() };
            if used + sw + ww <= cols {
                if used > 0 {
                    line.push_str(&sp);
                }
                line.push_str(&word);
                used += sw + ww;
                continue;
            }
            if used > 0 {
                // Closing punctuation never starts a line: the character
                // before it goes down with it.
                let carried = if is_closing(&word) && line.chars().count() > 1 {
                    line.pop()
                } else {
                    None
                };
                out.push(std::mem::take(&mut line));
                used = 0;
                if let Some(c) = carried {
                    line.push(c);
                    used = width(&c.to_string());
                }
            }
            // A word longer than a line is broken where the line is full.
            for c in word.chars() {
                let cw = width(&c.to_string());
                if used + cw > cols {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// CJK punctuation that closes: it belongs at the end of a line.
fn is_closing(token: &str) -> bool {
    matches!(
        token,
        "，" | "。"
            | "、"
            | "；"
            | "："
            | "！"
            | "？"
            | "）"
            | "」"
            | "』"
            | "”"
            | "’"
            | "》"
            | "〉"
    )
}

/// Wraps text to `cols` display columns (a hard line break at `\n`, a soft
/// one where a line is full), and finds the caret, a byte offset into
/// `text`: its wrapped line and column. Control characters are shown inert.
pub fn wrap(text: &str, cols: usize, caret: usize) -> (Vec<String>, (usize, usize)) {
    let cols = cols.max(2);
    let mut lines = vec![String::new()];
    let mut used = 0;
    let mut at = (0, 0);
    for (i, c) in text.char_indices() {
        if i == caret {
            at = (lines.len() - 1, used);
        }
        if c == '\n' {
            lines.push(String::new());
            used = 0;
            continue;
        }
        let shown = inert(c.encode_utf8(&mut [0; 4])).into_owned();
        let w = width(&shown);
        if used + w > cols {
            lines.push(String::new());
            used = 0;
            if i == caret {
                at = (lines.len() - 1, 0);
            }
        }
        if let Some(last) = lines.last_mut() {
            last.push_str(&shown);
        }
        used += w;
    }
    if caret >= text.len() {
        at = (lines.len() - 1, used);
        if used >= cols {
            lines.push(String::new());
            at = (lines.len() - 1, 0);
        }
    }
    (lines, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_between_words_and_between_cjk_characters() {
        assert_eq!(
            wrap_words("export the signed review file", 12),
            ["export the", "signed", "review file"]
        );
        assert_eq!(
            wrap_words("在评分项上输入数字", 8),
            ["在评分项", "上输入数", "字"]
        );
        assert_eq!(wrap_words("a\nb", 5), ["a", "b"]);
        // Closing punctuation does not start a line.
        assert_eq!(wrap_words("甲乙丙丁。", 8), ["甲乙丙", "丁。"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        for l in wrap_words("Enter 保存并到下一项 on an item row, type digits", 10) {
            assert!(width(&l) <= 10, "{l:?}");
        }
    }

    #[test]
    fn clean_trims_ideographic_space_and_composes() {
        assert_eq!(clean("\u{3000} 随州 \u{a0}"), "随州");
        assert_eq!(clean("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn fast_paths_agree_with_normalization() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            if stable(c) {
                assert_eq!(s.nfkc().collect::<String>(), s, "{c:?}");
            }
            if nfc_stable(c) {
                assert_eq!(s.nfc().collect::<String>(), s, "{c:?}");
                // None of them is the second half of a composition, so a
                // string made only of them is NFC as it stands.
                for first in ['A', 'e', 'か', 'ア', '\u{1100}', '国'] {
                    let pair = format!("{first}{c}");
                    assert_eq!(pair.nfc().collect::<String>(), pair, "{first:?}+{c:?}");
                }
            }
        }
    }

    #[test]
    fn fold_turns_full_width_digits_ascii() {
        assert_eq!(fold("１２，３４５．６"), "12,345.6");
        assert_eq!(fold("销售 收入（万元）"), "销售收入(万元)");
    }

    #[test]
    fn inert_shows_escapes_as_text() {
        let s = "随州\u{1b}[31m红\u{7}\u{202e}";
        let out = inert(s);
        assert!(!out.chars().any(is_dangerous), "{out:?}");
        assert_eq!(out, "随州\\u{1b}[31m红\\u{7}\\u{202e}");
        assert!(matches!(inert("plain 文本"), Cow::Borrowed(_)));
    }

    #[test]
    fn fit_respects_wide_characters() {
        assert_eq!(fit("随州专用车", 6), "随州… ");
        assert_eq!(width(&fit("随州专用车", 6)), 6);
        assert_eq!(fit("随州专用车", 7), "随州专…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_finds_the_caret() {
        let (lines, at) = wrap("随州专用车\nab", 6, "随州专".len());
        assert_eq!(lines, ["随州专", "用车", "ab"]);
        assert_eq!(at, (1, 0));
        let (_, at) = wrap("随州\nab", 6, "随州\nab".len());
        assert_eq!(at, (1, 2));
        let (lines, at) = wrap("", 6, 0);
        assert_eq!((lines.len(), at), (1, (0, 0)));
        let (lines, at) = wrap("abcdef", 6, 6);
        assert_eq!((lines.len(), at), (2, (1, 0)));
    }
}
