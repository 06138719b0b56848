//! A text field being typed — a score, a comment, the opinion, a reason, a
//! name, a path, a passphrase — and the editing of its text: characters
//! typed or pasted at the caret, deleted, and the caret moved by character,
//! line and column. No terminal here: the view draws it.

use std::path::PathBuf;

use crate::review::score::Field;
use crate::text::{inert, width};

/// What a text field being typed will become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The reviewer's name, asked on first start.
    Reviewer,
    /// A mark on a cluster.
    Mark { cluster: String, field: Field },
    /// Where to write the signed review file.
    ExportPath { incomplete: bool },
    /// The signing key's passphrase (shown masked), then the export.
    Passphrase { out: PathBuf, incomplete: bool },
    /// The panel's opinion on a merged result: a cluster's, or (`None`)
    /// the overall one.
    Panel { cluster: Option<String> },
    /// The leader's key's passphrase (shown masked), then the final result.
    ResultPassphrase,
}

/// A text field being typed: a score, a comment, the opinion, a reason, a
/// name. `caret` is a byte offset into `text`, on a character boundary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Editor {
    pub target: Target,
    pub text: String,
    pub caret: usize,
    /// Why the text would be refused, shown as it is typed.
    pub error: Option<String>,
    /// A note above the text (a restored draft).
    pub note: Option<String>,
    /// Changed since the draft was last saved.
    pub dirty: bool,
}

impl Editor {
    pub fn new(target: Target, text: String) -> Editor {
        Editor {
            caret: text.len(),
            target,
            text,
            error: None,
            note: None,
            dirty: false,
        }
    }

    pub(crate) fn multiline(&self) -> bool {
        match &self.target {
            Target::Mark { field, .. } => field.multiline(),
            Target::Panel { .. } => true,
            _ => false,
        }
    }

    /// Whether the text is kept as a draft while typed.
    pub(crate) fn drafts(&self) -> bool {
        match &self.target {
            Target::Mark { field, .. } => field.is_text(),
            Target::Panel { .. } => true,
            _ => false,
        }
    }

    /// Whether the text is shown masked (a passphrase).
    pub(crate) fn masked(&self) -> bool {
        matches!(
            self.target,
            Target::Passphrase { .. } | Target::ResultPassphrase
        )
    }
}

/// Where a caret key moves the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaretMove {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

impl Editor {
    /// Typed or pasted text, at the caret. A one-line field takes line
    /// breaks as spaces; a multi-line one keeps them, as `\n`.
    pub(crate) fn insert(&mut self, text: &str) {
        let text: String = if self.multiline() {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.replace(['\r', '\n'], " ")
        };
        self.text.insert_str(self.caret, &text);
        self.caret += text.len();
        self.dirty = true;
    }

    /// Deletes the character before the caret (`back`) or after it.
    pub(crate) fn delete(&mut self, back: bool) {
        if back {
            if let Some(c) = self.text[..self.caret].chars().next_back() {
                self.caret -= c.len_utf8();
                self.text.remove(self.caret);
                self.dirty = true;
            }
        } else if self.caret < self.text.len() {
            self.text.remove(self.caret);
            self.dirty = true;
        }
    }

    /// Moves the caret: left/right by a character, home/end of the line,
    /// up/down a line at the same column (in characters).
    pub(crate) fn move_caret(&mut self, how: CaretMove) {
        let t = &self.text;
        let at = self.caret;
        let line_start = t[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = t[at..].find('\n').map_or(t.len(), |i| at + i);
        let col = t[line_start..at].chars().count();
        let at_col = |start: usize, end: usize| {
            t[start..end]
                .char_indices()
                .nth(col)
                .map_or(end, |(i, _)| start + i)
        };
        self.caret = match how {
            CaretMove::Left => t[..at]
                .chars()
                .next_back()
                .map_or(at, |c| at - c.len_utf8()),
            CaretMove::Right => t[at..].chars().next().map_or(at, |c| at + c.len_utf8()),
            CaretMove::Home => line_start,
            CaretMove::End => line_end,
            CaretMove::Up if line_start > 0 => {
                let prev_start = t[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
                at_col(prev_start, line_start - 1)
            }
            CaretMove::Down if line_end < t.len() => {
                let next_end = t[line_end + 1..]
                    .find('\n')
                    .map_or(t.len(), |i| line_end + 1 + i);
                at_col(line_end + 1, next_end)
            }
            CaretMove::Up | CaretMove::Down => at,
        };
    }
}

/// A one-line field's text as it fits `room` columns: scrolled so that the
/// caret stays in view, inert. Returns the text shown and the caret's
/// column in it.
pub(crate) fn one_line(text: &str, caret: usize, room: usize) -> (String, usize) {
    let before = inert(&text[..caret]).into_owned();
    let after = inert(&text[caret..]).into_owned();
    let bw = width(&before);
    let mut shown = before.clone();
    let mut col = bw;
    if bw + 1 > room {
        let mut skip = 0;
        let mut cut = 0;
        for (i, ch) in before.char_indices() {
            if bw - skip < room {
                cut = i;
                break;
            }
            skip += width(ch.encode_utf8(&mut [0; 4]));
            cut = i + ch.len_utf8();
        }
        shown = before[cut..].to_string();
        col = width(&shown);
    }
    shown.push_str(&after);
    (shown, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opinion(text: &str) -> Editor {
        Editor::new(
            Target::Mark {
                cluster: "KH-4201-01".into(),
                field: Field::Opinion,
            },
            text.into(),
        )
    }

    fn score(text: &str) -> Editor {
        Editor::new(
            Target::Mark {
                cluster: "KH-4201-01".into(),
                field: Field::Score("1.1".into()),
            },
            text.into(),
        )
    }

    /// The text with a `|` where the caret is.
    fn shown(e: &Editor) -> String {
        format!("{}|{}", &e.text[..e.caret], &e.text[e.caret..])
    }

    #[test]
    fn typing_goes_in_at_the_caret_and_marks_the_text_changed() {
        let mut e = opinion("集群发展");
        assert!(!e.dirty);
        e.move_caret(CaretMove::Left);
        e.move_caret(CaretMove::Left);
        e.insert("产业");
        assert_eq!(shown(&e), "集群产业|发展");
        assert!(e.dirty);
    }

    #[test]
    fn line_breaks_stay_in_an_opinion_and_become_spaces_in_a_score() {
        let mut e = opinion("");
        e.insert("一\r\n二\r三");
        assert_eq!(e.text, "一\n二\n三");
        let mut s = score("");
        s.insert("12\n.5\r\n");
        assert_eq!(s.text, "12 .5  ");
        assert!(!s.text.contains('\n'));
    }

    #[test]
    fn deleting_takes_whole_characters_and_stops_at_the_ends() {
        let mut e = opinion("甲乙丙");
        e.delete(true);
        assert_eq!(shown(&e), "甲乙|");
        e.delete(false);
        assert_eq!(shown(&e), "甲乙|", "nothing after the caret");
        e.move_caret(CaretMove::Home);
        e.delete(true);
        assert_eq!(shown(&e), "|甲乙", "nothing before the caret");
        e.delete(false);
        assert_eq!(shown(&e), "|乙");
    }

    #[test]
    fn the_caret_moves_by_characters_and_keeps_its_column_across_lines() {
        let mut e = opinion("第一行文字\n短\n第三行很长的文字");
        // To the start, then right three characters on the first line.
        e.move_caret(CaretMove::Up);
        e.move_caret(CaretMove::Up);
        e.move_caret(CaretMove::Home);
        for _ in 0..3 {
            e.move_caret(CaretMove::Right);
        }
        assert_eq!(shown(&e), "第一行|文字\n短\n第三行很长的文字");
        // A shorter line: the caret stops at its end.
        e.move_caret(CaretMove::Down);
        assert_eq!(shown(&e), "第一行文字\n短|\n第三行很长的文字");
        // Down again: the column is that of the short line now.
        e.move_caret(CaretMove::Down);
        assert_eq!(shown(&e), "第一行文字\n短\n第|三行很长的文字");
        e.move_caret(CaretMove::End);
        assert_eq!(shown(&e), "第一行文字\n短\n第三行很长的文字|");
        // Past the last line and the end: nowhere to go.
        e.move_caret(CaretMove::Down);
        e.move_caret(CaretMove::Right);
        assert_eq!(shown(&e), "第一行文字\n短\n第三行很长的文字|");
        e.move_caret(CaretMove::Home);
        e.move_caret(CaretMove::Left);
        assert_eq!(shown(&e), "第一行文字\n短|\n第三行很长的文字");
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_caret_in_view() {
        // Fits: shown whole, the caret after the text.
        assert_eq!(one_line("12.5", 4, 10), ("12.5".to_string(), 4));
        // Wide characters (two columns each) past the room: the start is
        // cut so that the caret's column stays inside.
        let text = "湖北省武汉市光谷生物医药产业集群";
        let (shown, col) = one_line(text, text.len(), 10);
        assert!(col < 10, "{col}");
        assert!(text.ends_with(&shown), "{shown}");
        assert_eq!(width(&shown), col);
        // The caret in the middle: what follows it is kept after it.
        let caret = text.char_indices().nth(8).map(|(i, _)| i).unwrap_or(0);
        let (shown, col) = one_line(text, caret, 10);
        assert!(col < 10, "{col}");
        assert!(shown.ends_with("产业集群"), "{shown}");
        // Control characters are shown inert, never sent to the terminal.
        let (shown, _) = one_line("a\u{1b}[2Jb", 6, 40);
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
    }
}
