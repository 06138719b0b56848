//! Drawing, from `&App` only: the frame (where you are, what the keys do)
//! and one file per screen. Only visible rows are built. Untrusted text is
//! rendered inert and fitted by display width.

mod detail;
pub(crate) mod editor;
mod evidence;
pub(crate) mod help;
mod list;
pub(crate) mod progress;
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
use crate::tui::app::{App, Look, Overlay, Screen};
use crate::tui::keymap::Mode;

/// The smallest terminal drawn; below it the screen says so.
pub(crate) const MIN_WIDTH: u16 = 60;
pub(crate) const MIN_HEIGHT: u16 = 12;

/// Styles for the look in force (16 colours, or none under `NO_COLOR`).
pub(crate) struct Theme {
    pub look: Look,
}

impl Theme {
    pub(crate) fn bar(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    pub(crate) fn selected(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub(crate) fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub(crate) fn warn(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub(crate) fn good(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::Green)
        } else {
            Style::default()
        }
    }

    pub(crate) fn dim(&self) -> Style {
        if self.look.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    /// A bordered block with a title; ASCII borders on request.
    pub(crate) fn block<'a>(&self, title: &'a str) -> Block<'a> {
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
    pub(crate) fn row(&self, selected: bool, text: &str) -> Line<'static> {
        let text = format!("{}{text}", self.marker(selected));
        if selected {
            Line::styled(text, self.selected())
        } else {
            Line::raw(text)
        }
    }

    /// The marker before a selected row (visible without colour too).
    pub(crate) fn marker(&self, selected: bool) -> &'static str {
        match (selected, self.look.ascii) {
            (false, _) => "  ",
            (true, true) => "> ",
            (true, false) => "▶ ",
        }
    }
}

/// The first visible row for a selection in a window of `height` rows.
pub(crate) fn scroll(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// A table row: cells fitted to widths, separated by a space.
pub(crate) fn cells(parts: &[(&str, usize)]) -> String {
    let mut s = String::new();
    for (i, (t, w)) in parts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&fit(&inert(t), *w));
    }
    s
}

/// Which of an action's keys a hint shows: a letter or sign first, then a
/// named key (Enter, Esc), then a Ctrl key, F-keys last (terminals such as
/// GNOME Terminal and Windows Terminal take F1, F10 and F11 for themselves).
fn hint_rank(k: &crate::tui::keymap::Key) -> u8 {
    use crate::tui::keymap::Code;
    match k.code {
        _ if k.typed().is_some_and(|c| !c.is_whitespace()) => 0,
        Code::F(_) => 3,
        _ if k.ctrl || k.alt => 2,
        _ => 1,
    }
}

/// The hints for `actions` in a mode, from the key map; the help's last
/// (the footer always keeps room for it). `name` may rename an action.
pub(crate) fn hints(
    keymap: &crate::tui::keymap::Keymap,
    mode: Mode,
    actions: &[Action],
    name: &dyn Fn(Action) -> &'static str,
) -> Vec<(String, &'static str)> {
    actions
        .iter()
        .chain(std::iter::once(&Action::Help))
        .filter(|a| !(mode == Mode::Help && **a == Action::Help))
        .filter_map(|a| {
            let keys = keymap.keys_for(mode, *a);
            let key = keys.iter().min_by_key(|k| hint_rank(k))?;
            let shown = key.to_string();
            let shown = shown
                .strip_prefix('<')
                .and_then(|k| k.strip_suffix('>'))
                .unwrap_or(&shown)
                .to_string();
            Some((shown, name(*a)))
        })
        .collect()
}

/// The reviewer's UI's hints for its mode now.
fn app_hints(app: &App) -> Vec<(String, &'static str)> {
    let mode = app.mode();
    let one_line = app.editor.as_ref().is_some_and(|e| !e.multiline());
    let actions: Vec<Action> = app
        .keymap
        .footer(mode)
        .iter()
        .copied()
        .filter(|a| !(one_line && *a == Action::Confirm))
        .collect();
    // Enter saves a one-line field.
    let name = |a: Action| {
        if a == Action::Newline && one_line {
            tr(M::ActConfirm)
        } else {
            Action::describe(a)
        }
    };
    hints(&app.keymap, mode, &actions, &name)
}

/// A footer of `hints`: as many as fit the width, and the help's always.
/// The status line: what an action did, or why it was refused — the two
/// look different, with colour and without.
pub(crate) fn draw_status(frame: &mut Frame<'_>, area: Rect, msg: &str, good: bool, theme: &Theme) {
    let (mark, style) = match (good, theme.look.ascii) {
        (true, false) => ("✓ ", theme.good()),
        (true, true) => ("OK ", theme.good()),
        (false, _) => ("! ", theme.warn()),
    };
    frame.render_widget(
        Paragraph::new(fit(&format!("{mark}{}", inert(msg)), area.width as usize)).style(style),
        area,
    );
}

pub(crate) fn footer_of(
    mut all: Vec<(String, &'static str)>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let help = all
        .last()
        .filter(|(_, n)| *n == Action::describe(Action::Help))
        .cloned();
    if help.is_some() {
        all.pop();
    }
    let w = |(k, n): &(String, &str)| crate::text::width(k) + crate::text::width(n) + 4;
    let mut room = width.saturating_sub(help.as_ref().map_or(0, w));
    let mut spans = Vec::new();
    for h in all.iter().chain(help.iter()) {
        let need = w(h);
        let is_help = help.as_ref() == Some(h);
        if !is_help && need > room {
            continue;
        }
        if !is_help {
            room -= need;
        }
        spans.push(Span::styled(format!(" {} ", h.0), theme.bar()));
        spans.push(Span::raw(format!(" {} ", h.1)));
    }
    Line::from(spans)
}

/// The reviewer's UI's footer.
pub(crate) fn footer(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    footer_of(app_hints(app), width, theme)
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
        draw_status(frame, status, msg, app.status_good, &theme);
    }
    frame.render_widget(
        Paragraph::new(footer(app, foot.width as usize, &theme)),
        foot,
    );
    draw_overlay(frame, body, app, &theme);
    if app.look.ascii {
        ascii_only(frame);
    }
}

/// ASCII for every symbol the interface draws (borders are ASCII already):
/// a terminal without Unicode fonts shows no box of question marks.
pub(crate) fn ascii_only(frame: &mut Frame<'_>) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    for y in area.y..area.y + area.height {
        for x in area.x..area.x + area.width {
            if let Some(cell) = buf.cell_mut((x, y)) {
                let to = match cell.symbol() {
                    "—" | "–" | "─" => "-",
                    "…" | "✎" => "~",
                    "·" | "│" => "|",
                    "›" | "▶" => ">",
                    "↑" => "^",
                    "↓" => "v",
                    "░" => ".",
                    "█" => "#",
                    "•" => "*",
                    "✓" => "+",
                    "≥" => ">",
                    "≤" => "<",
                    _ => continue,
                };
                cell.set_symbol(to);
            }
        }
    }
}

/// The overlay on top, the one App::overlay names.
fn draw_overlay(frame: &mut Frame<'_>, body: Rect, app: &App, theme: &Theme) {
    let theme = Theme { look: theme.look };
    match app.overlay() {
        Some(Overlay::Search) => search::draw(frame, body, app, &theme),
        Some(Overlay::Viewer) => viewer::draw(frame, body, app, &theme),
        Some(Overlay::Progress) => progress::draw(frame, body, app, &theme),
        Some(Overlay::Chooser) => editor::draw_chooser(frame, body, app, &theme),
        Some(Overlay::Help) => help::draw(frame, body, app, &theme),
        Some(Overlay::Editor) => editor::draw(frame, body, app, &theme),
        None => {}
    }
}

/// A centred rectangle inside `area`, cleared, for overlays: within the
/// borders of what lies under it (its top and bottom rows, its first and
/// last columns stay), with a blank column either side.
pub(crate) fn overlay(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let area = Rect {
        x: area.x,
        y: area.y + 1,
        width: area.width,
        height: area.height.saturating_sub(2),
    };
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

/// Clears a rectangle for an overlay with a blank column either side, so
/// that nothing of what lies under it shows beside its border; and a wide
/// character cut by that margin (its second half would lie under it, and a
/// terminal would draw it over the margin).
pub(crate) fn clear(frame: &mut Frame<'_>, r: Rect) {
    let area = frame.area();
    let left = r.x.saturating_sub(1).max(area.x + 1).min(r.x);
    let right = (r.x + r.width + 1)
        .min(area.x + area.width - 1)
        .max(r.x + r.width);
    let m = Rect {
        x: left,
        y: r.y,
        width: right - left,
        height: r.height,
    };
    frame.render_widget(Clear, m);
    if m.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in m.y..m.y + m.height {
        if let Some(cell) = buf.cell_mut((m.x - 1, y))
            && crate::text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
