//! Drawing, from `&App` only: the frame (where you are, what the keys do)
//! and one file per screen. Only visible rows are built. Untrusted text is
//! rendered inert and fitted by display width.

mod detail;
mod editor;
mod evidence;
mod help;
mod list;
pub mod progress;
mod search;
mod viewer;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::{M, tr, trf};
use crate::text::{fit, inert};
use crate::tui::action::Action;
use crate::tui::app::{App, Look, Screen};
use crate::tui::keymap::Mode;

/// The smallest terminal drawn; below it the screen says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Styles for the look in force (16 colours, or none under `NO_COLOR`).
pub struct Theme {
    pub look: Look,
}

impl Theme {
    pub fn bar(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn selected(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub fn dim(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    /// A bordered block with a title; ASCII borders on request.
    pub fn block<'a>(&self, title: &'a str) -> Block<'a> {
        let set = if self.look.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        };
        Block::default()
            .borders(Borders::ALL)
            .border_set(set)
            .title(title)
    }

    /// A row of a list: the marker, the text, and the selection style.
    pub fn row(&self, selected: bool, text: &str) -> Line<'static> {
        let text = format!("{}{text}", self.marker(selected));
        if selected {
            Line::styled(text, self.selected())
        } else {
            Line::raw(text)
        }
    }

    /// The marker before a selected row (visible without colour too).
    pub fn marker(&self, selected: bool) -> &'static str {
        match (selected, self.look.ascii) {
            (false, _) => "  ",
            (true, true) => "> ",
            (true, false) => "▶ ",
        }
    }
}

/// The first visible row for a selection in a window of `height` rows.
pub fn scroll(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// A table row: cells fitted to widths, separated by a space.
pub fn cells(parts: &[(&str, usize)]) -> String {
    let mut s = String::new();
    for (i, (t, w)) in parts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&fit(&inert(t), *w));
    }
    s
}

/// The i18n name of an action, for hints and help.
pub fn action_name(a: Action) -> &'static str {
    tr(match a {
        Action::Quit => M::ActQuit,
        Action::Up => M::ActUp,
        Action::Down => M::ActDown,
        Action::PageUp => M::ActPageUp,
        Action::PageDown => M::ActPageDown,
        Action::Top => M::ActTop,
        Action::Bottom => M::ActBottom,
        Action::Open => M::ActOpen,
        Action::Back => M::ActBack,
        Action::Forward => M::ActForward,
        Action::Search => M::ActSearch,
        Action::Evidence => M::ActEvidence,
        Action::Help => M::ActHelp,
        Action::NextRound => M::ActNextRound,
        Action::NextPrefecture => M::ActNextPrefecture,
        Action::NextSort => M::ActNextSort,
        Action::NextItem => M::ActNextItem,
        Action::Cancel => M::ActCancel,
        Action::DeleteBack => M::ActDeleteBack,
        Action::DeleteForward => M::ActDeleteForward,
        Action::Edit => M::ActEdit,
        Action::Comment => M::ActComment,
        Action::Opinion => M::ActOpinion,
        Action::Conclude => M::ActConclude,
        Action::Conflict => M::ActConflict,
        Action::Increase => M::ActIncrease,
        Action::Decrease => M::ActDecrease,
        Action::Clear => M::ActClear,
        Action::Undo => M::ActUndo,
        Action::Redo => M::ActRedo,
        Action::NextIncomplete => M::ActNextIncomplete,
        Action::Progress => M::ActProgress,
        Action::Confirm => M::ActConfirm,
        Action::Export => M::ActExport,
        Action::Newline => M::ActNewline,
        Action::CaretLeft => M::ActCaretLeft,
        Action::CaretRight => M::ActCaretRight,
        Action::CaretUp => M::ActCaretUp,
        Action::CaretDown => M::ActCaretDown,
        Action::CaretHome => M::ActCaretHome,
        Action::CaretEnd => M::ActCaretEnd,
    })
}

/// The hints of a mode, from the active key map.
fn hints(app: &App, mode: Mode) -> Vec<(String, &'static str)> {
    let wanted: &[Action] = match mode {
        Mode::List => &[
            Action::Open,
            Action::Search,
            Action::NextIncomplete,
            Action::NextRound,
            Action::NextPrefecture,
            Action::Progress,
            Action::Help,
            Action::Quit,
        ],
        Mode::Detail => &[
            Action::Edit,
            Action::Comment,
            Action::Conflict,
            Action::Undo,
            Action::NextIncomplete,
            Action::Evidence,
            Action::Back,
            Action::Help,
        ],
        Mode::Edit => &[Action::Confirm, Action::Newline, Action::Cancel],
        Mode::Choose => &[Action::Open, Action::Cancel, Action::Up, Action::Down],
        Mode::Evidence => &[
            Action::Open,
            Action::NextItem,
            Action::Back,
            Action::Help,
            Action::Quit,
        ],
        Mode::Search => &[Action::Open, Action::Cancel, Action::Up, Action::Down],
        Mode::Help | Mode::Global => &[Action::Cancel],
    };
    let one_line = app.editor.as_ref().is_some_and(|e| !e.multiline());
    wanted
        .iter()
        .filter(|a| !(one_line && **a == Action::Confirm))
        .filter_map(|a| {
            let keys = app.keymap.keys_for(mode, *a);
            // Prefer a key an input method leaves alone: not a letter.
            let key = keys
                .iter()
                .find(|k| k.typed().is_none_or(|c| !c.is_alphabetic()))
                .or(keys.first())?;
            // Enter saves a one-line field.
            let name =
                if *a == Action::Newline && !app.editor.as_ref().is_some_and(|e| e.multiline()) {
                    tr(M::ActConfirm)
                } else {
                    action_name(*a)
                };
            Some((key.to_string(), name))
        })
        .collect()
}

/// Where the user is: bundle › prefecture › cluster › screen.
fn breadcrumb(app: &App) -> String {
    let mut parts = vec![tr(M::LabelBundle).to_string() + " " + app.bundle.short_id()];
    if let Some(r) = &app.review {
        parts.insert(0, inert(&r.reviewer.name).into_owned());
    }
    let screen = match &app.screen {
        Screen::List => tr(M::ScreenList),
        Screen::Detail(_) => tr(M::ScreenDetail),
        Screen::Evidence(_) => tr(M::ScreenEvidence),
    };
    match (&app.screen, &app.detail) {
        (Screen::Detail(_) | Screen::Evidence(_), Some(d)) => {
            parts.push(inert(&d.cluster.prefecture).to_string());
            parts.push(format!(
                "{} {}",
                inert(&d.cluster.id.0),
                inert(&d.cluster.name)
            ));
        }
        _ => {
            if let Some(p) = &app.prefecture {
                parts.push(inert(p).to_string());
            }
        }
    }
    parts.push(screen.to_string());
    format!("pingshen · {}", parts.join(" › "))
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let theme = Theme { look: app.look };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = trf(
            M::TooSmall,
            &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height],
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [top, body, status, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(fit(&breadcrumb(app), top.width as usize)).style(theme.bar()),
        top,
    );
    match &app.screen {
        Screen::List => list::draw(frame, body, app, &theme),
        Screen::Detail(_) => detail::draw(frame, body, app, &theme),
        Screen::Evidence(_) => evidence::draw(frame, body, app, &theme),
    }
    if let Some(msg) = &app.status {
        frame.render_widget(
            Paragraph::new(fit(&inert(msg), status.width as usize)).style(theme.warn()),
            status,
        );
    }
    let mut spans = Vec::new();
    for (key, name) in hints(app, app.mode()) {
        spans.push(Span::styled(format!(" {key} "), theme.bar()));
        spans.push(Span::raw(format!(" {name} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), foot);
    if app.search.is_some() {
        search::draw(frame, body, app, &theme);
    }
    if app.viewer.is_some() {
        viewer::draw(frame, body, app, &theme);
    }
    if app.progress {
        progress::draw(frame, body, app, &theme);
    }
    if app.chooser.is_some() {
        editor::draw_chooser(frame, body, app, &theme);
    }
    if app.help {
        help::draw(frame, body, app, &theme);
    }
    if app.editor.is_some() {
        editor::draw(frame, body, app, &theme);
    }
}

/// A centred rectangle inside `area`, cleared, for overlays.
pub fn overlay(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    clear(frame, r);
    r
}

/// Clears a rectangle for an overlay, and a wide character cut by its left
/// edge (its second half lies under the overlay; a terminal would draw it
/// over the border).
pub fn clear(frame: &mut Frame<'_>, r: Rect) {
    frame.render_widget(Clear, r);
    if r.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in r.y..r.y + r.height {
        if let Some(cell) = buf.cell_mut((r.x - 1, y))
            && crate::text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
