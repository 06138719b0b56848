//! A drawn screen read as a person reads it: where they are (the top line),
//! the title of what is shown, the selected row (its ▶ marker), the status
//! line, the footer, and the box drawn over the screen, if any. Tests (and
//! the benchmarks that drive the UI) assert on this, not on the UI's state.

#![allow(dead_code)]

use pingshen::i18n::{M, tr};
use pingshen::text::width;

/// The text of one frame drawn on ratatui's TestBackend, a line per row,
/// wide characters counted once (the cell after one is its second half).
pub fn frame_text(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame<'_>)) -> String {
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("a frame drawn");
    t.draw(draw).expect("a frame drawn");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = pingshen::text::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One frame's text, a line per terminal row.
pub struct Drawn {
    pub text: String,
    lines: Vec<String>,
}

/// Which screen the top line says the user is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    List,
    /// The detail of the cluster with this id.
    Detail(String),
    /// The evidence of the cluster with this id.
    Evidence(String),
}

/// A box drawn over the screen: its title and its lines, inside its border.
#[derive(Clone, Debug)]
pub struct Boxed {
    pub title: String,
    pub lines: Vec<String>,
}

impl Boxed {
    /// Every line, joined (a question wraps over several).
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.trim_end()).collect()
    }

    /// The selected line, without its marker.
    pub fn selected(&self) -> Option<String> {
        self.lines.iter().find_map(|l| unmarked(l))
    }
}

/// A line that starts with the selection marker, without it.
fn unmarked(line: &str) -> Option<String> {
    line.strip_prefix("▶ ")
        .or_else(|| line.strip_prefix("> "))
        .map(|l| l.trim_end().to_string())
}

/// The part of a line between two display columns (a wide character counts
/// two; one cut by either edge is left out).
fn columns(line: &str, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for c in line.chars() {
        let w = width(&c.to_string());
        if at >= from && at + w <= to {
            out.push(c);
        }
        at += w;
    }
    out
}

/// The display column where `pat` starts in `line`.
fn column_of(line: &str, pat: char, after: usize) -> Option<usize> {
    let mut at = 0;
    for c in line.chars() {
        if c == pat && at >= after {
            return Some(at);
        }
        at += width(&c.to_string());
    }
    None
}

impl Drawn {
    pub fn new(text: String) -> Drawn {
        let lines = text.lines().map(str::to_string).collect();
        Drawn { text, lines }
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The top line: pingshen · reviewer › bundle › … › screen.
    pub fn breadcrumb(&self) -> &str {
        &self.lines[0]
    }

    /// The parts of the top line after `pingshen · `.
    pub fn crumbs(&self) -> Vec<String> {
        let top = self.breadcrumb();
        let top = top.strip_prefix("pingshen · ").unwrap_or(top);
        top.split(" › ").map(|s| s.trim().to_string()).collect()
    }

    /// The screen the top line names, and its cluster.
    pub fn at(&self) -> At {
        let crumbs = self.crumbs();
        let last = crumbs.last().map(String::as_str).unwrap_or_default();
        let cluster = || {
            let c = crumbs.len().checked_sub(2).map(|i| crumbs[i].as_str());
            let id = c.and_then(|c| c.split_whitespace().next());
            id.unwrap_or_default().to_string()
        };
        if last == tr(M::ScreenList) {
            At::List
        } else if last == tr(M::ScreenDetail) {
            At::Detail(cluster())
        } else if last == tr(M::ScreenEvidence) {
            At::Evidence(cluster())
        } else {
            panic!("no screen named on the top line: {}", self.breadcrumb())
        }
    }

    /// The title of the screen's frame (its second line).
    pub fn title(&self) -> String {
        let l = self.lines[1].trim_start_matches(['┌', '+']);
        l.split('─').next().unwrap_or_default().trim().to_string()
    }

    /// The lines inside the screen's frame, below its title.
    pub fn body(&self) -> Vec<String> {
        let n = self.lines.len();
        self.lines[2..n.saturating_sub(3)]
            .iter()
            .map(|l| {
                let inside: String = l.chars().skip(1).collect();
                let inside = inside.strip_suffix(['│', '|']).unwrap_or(&inside);
                inside.to_string()
            })
            .collect()
    }

    /// The selected row of the screen, without its marker.
    pub fn selected(&self) -> Option<String> {
        self.body().iter().find_map(|l| unmarked(l))
    }

    /// The first word of the selected row: a cluster's id on the list, an
    /// item's on the detail.
    pub fn selected_id(&self) -> String {
        let s = self
            .selected()
            .unwrap_or_else(|| panic!("nothing selected:\n{}", self.text));
        s.split_whitespace().next().unwrap_or_default().to_string()
    }

    /// The status line (above the footer), without its mark; none if blank.
    pub fn status(&self) -> Option<String> {
        let s = self.lines[self.lines.len() - 2].trim();
        let s = ["✓ ", "OK ", "! "]
            .iter()
            .find_map(|m| s.strip_prefix(m))
            .unwrap_or(s);
        (!s.is_empty()).then(|| s.to_string())
    }

    pub fn footer(&self) -> &str {
        &self.lines[self.lines.len() - 1]
    }

    /// The box drawn over the screen (a search, a field being typed, a
    /// choice, a file, the help), if any.
    pub fn overlay(&self) -> Option<Boxed> {
        let n = self.lines.len();
        let top = (2..n - 3).find(|&y| column_of(&self.lines[y], '┌', 1).is_some())?;
        let line = &self.lines[top];
        let left = column_of(line, '┌', 1)?;
        let right = column_of(line, '┐', left)?;
        let title = columns(line, left + 1, right);
        let title = title.trim_matches(|c| c == '─' || c == ' ').to_string();
        let mut lines = Vec::new();
        for l in &self.lines[top + 1..n - 2] {
            if column_of(l, '└', left) == Some(left) {
                break;
            }
            lines.push(columns(l, left + 1, right).trim_end().to_string());
        }
        Some(Boxed { title, lines })
    }

    /// The numbers in the list's title: clusters shown, of how many.
    pub fn showing(&self) -> (usize, usize) {
        let title = self.title();
        let numbers: Vec<usize> = title
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        match numbers[..] {
            [.., shown, total] => (shown, total),
            _ => panic!("no count in the title: {title}"),
        }
    }
}
