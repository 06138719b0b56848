//! Help, generated from the active key map: how to score, what the marks
//! mean, then every binding of every mode — laid out in one or two columns
//! sized before the lines are made, so that nothing is cut.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{M, tr};
use crate::text::{fit, width, wrap_words};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::views::{Theme, overlay};

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Global => tr(M::HelpEverywhere),
        Mode::List => tr(M::ScreenList),
        Mode::Detail => tr(M::ScreenDetail),
        Mode::Evidence => tr(M::ScreenEvidence),
        Mode::Search => tr(M::ScreenSearch),
        Mode::Help => tr(M::ActHelp),
        Mode::Edit => tr(M::ScreenEdit),
        Mode::Choose => tr(M::ScreenChoose),
    }
}

/// The help's lines for a column `w` wide: the intro wrapped, then the
/// bindings of `modes` (keys, then what they do), every line within `w`.
pub(crate) fn lines(
    keymap: &Keymap,
    intro: &str,
    modes: &[Mode],
    name: &dyn Fn(Action) -> &'static str,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    out.extend(wrap_words(intro, w).into_iter().map(Line::raw));
    let keys_w = (w / 2).clamp(8, 20);
    for &mode in modes {
        let listing = keymap.listing(mode);
        if listing.is_empty() {
            continue;
        }
        out.push(Line::raw(""));
        out.push(Line::styled(fit(mode_name(mode), w), theme.heading()));
        for (keys, action) in listing {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            let mut keys_text = keys.join(" ");
            // Keys that do not fit their column go on a line of their own.
            if width(&keys_text) > keys_w {
                out.push(Line::raw(fit(&format!("  {keys_text}"), w)));
                keys_text = String::new();
            }
            let name_lines = wrap_words(name(action), w.saturating_sub(keys_w + 3).max(4));
            for (k, n) in name_lines.into_iter().enumerate() {
                let left = if k == 0 { keys_text.as_str() } else { "" };
                out.push(Line::raw(fit(&format!("  {} {n}", fit(left, keys_w)), w)));
            }
        }
    }
    out
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let draft = if app.look.ascii { "~" } else { "✎" };
    let intro = crate::i18n::trf(M::HelpIntro, &[&draft]);
    let name = |a: Action| a.describe();
    draw_with(
        frame,
        area,
        &app.keymap,
        (&intro, &Mode::ALL, &name),
        app.help_scroll,
        theme,
    );
}

/// The help overlay for a key map: the intro, then the bindings of `modes`,
/// scrolled down `scroll` lines.
pub(crate) fn draw_with(
    frame: &mut Frame<'_>,
    area: Rect,
    keymap: &Keymap,
    (intro, modes, name): (&str, &[Mode], &dyn Fn(Action) -> &'static str),
    scroll: usize,
    theme: &Theme,
) {
    let r = overlay(
        frame,
        area,
        area.width.saturating_sub(4).max(20),
        area.height,
    );
    let title = format!(" {} ", tr(M::ScreenHelp));
    let block = theme.block(&title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = inner.width as usize;
    let height = inner.height as usize;
    // Two columns where there is room for them, each laid out for its own
    // width; scrolled (Up, Down, pages) when they do not fit.
    let two = w >= 70;
    let col = if two { (w - 2) / 2 } else { w };
    let all = lines(keymap, intro, modes, name, col, theme);
    let per_screen = height * if two { 2 } else { 1 };
    let skip = scroll.min(all.len().saturating_sub(per_screen));
    let shown: Vec<Line<'_>> = all.into_iter().skip(skip).collect();
    if two {
        let [a, _, b] = Layout::horizontal([
            Constraint::Length(col as u16),
            Constraint::Length(2),
            Constraint::Min(1),
        ])
        .areas(inner);
        let left: Vec<Line<'_>> = shown.iter().take(height).cloned().collect();
        let right: Vec<Line<'_>> = shown.iter().skip(height).take(height).cloned().collect();
        frame.render_widget(Paragraph::new(left), a);
        frame.render_widget(Paragraph::new(right), b);
    } else {
        frame.render_widget(Paragraph::new(shown), inner);
    }
}
