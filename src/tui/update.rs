//! The only place the UI state changes: a key becomes an action through the
//! key map, and the action is applied here.

use crate::i18n::{M, error_chain, trf};
use crate::model::{ClusterId, Round};
use crate::review::score::Field;
use crate::tui::action::Action;
use crate::tui::app::{App, Chooser, Hit, Overlay, Purpose, Screen, SearchState, Viewer};
use crate::tui::editor::CaretMove;
use crate::tui::keymap::{Key, Mode};
use crate::tui::nav::{back, forward, go, step};
use crate::tui::{export, prompt, score};

/// Most search hits listed.
const MAX_HITS: usize = 200;

/// Handles one key press.
pub fn on_key(app: &mut App, key: Key) {
    let mode = app.mode();
    // Typing a prefecture's name: letters are the name, not commands.
    if mode == Mode::Choose
        && app
            .chooser
            .as_ref()
            .is_some_and(|c| c.purpose == Purpose::Prefecture)
        && let Some(c) = key.typed().filter(|c| c.is_alphanumeric())
    {
        if let Some(x) = app.chooser.as_mut() {
            x.query.push(c);
        }
        narrow_prefectures(app);
        return;
    }
    if let Some(action) = app.keymap.action(mode, &key) {
        apply(app, action);
        return;
    }
    let Some(c) = key.typed() else { return };
    match mode {
        Mode::Search => {
            if let Some(s) = app.search.as_mut() {
                s.query.push(c);
                research(app);
            }
        }
        Mode::Edit => score::insert(app, c.encode_utf8(&mut [0; 4])),
        Mode::Choose => {
            if app
                .chooser
                .as_ref()
                .is_some_and(|x| x.purpose == Purpose::Prefecture)
            {
                if let Some(x) = app.chooser.as_mut() {
                    x.query.push(c);
                }
                narrow_prefectures(app);
            } else if let Some(d) = c.to_digit(10) {
                prompt::choose_nth(app, d as usize);
            }
        }
        Mode::Detail if c.is_ascii_digit() || c == '.' || c.is_numeric() => {
            app.status = None;
            score::start_score(app, c);
        }
        _ => {}
    }
}

/// Pasted text (bracketed paste): into the field being typed or the search;
/// on an item row, a pasted score starts the score as typing does.
pub fn on_paste(app: &mut App, text: &str) {
    match app.mode() {
        Mode::Edit => score::insert(app, text),
        Mode::Detail => {
            let t = text.trim();
            let mut chars = t.chars();
            if let Some(first) = chars.next()
                && (first.is_ascii_digit() || first.is_numeric() || first == '.')
            {
                app.status = None;
                score::start_score(app, first);
                score::insert(app, chars.as_str());
            }
        }
        Mode::Search => {
            if let Some(s) = app.search.as_mut() {
                s.query
                    .extend(text.chars().filter(|c| !c.is_control()).take(200));
                research(app);
            }
        }
        _ => {}
    }
}

/// Applies an action.
pub(crate) fn apply(app: &mut App, action: Action) {
    app.status = None;
    app.status_good = false;
    match action {
        Action::Quit => app.quit = true,
        Action::Help => {
            app.help = !app.help;
            app.help_scroll = 0;
        }
        Action::Cancel if app.editor.is_some() => prompt::cancel_edit(app),
        Action::Cancel if app.chooser.is_some() => app.chooser = None,
        Action::Cancel => match app.overlay() {
            Some(Overlay::Help) => app.help = false,
            Some(Overlay::Viewer) => app.viewer = None,
            Some(Overlay::Progress) => app.progress = false,
            Some(Overlay::Search) => app.search = None,
            Some(Overlay::Editor | Overlay::Chooser) | None => {}
        },
        Action::Up if app.chooser.is_some() => prompt::choose_step(app, -1),
        Action::Down if app.chooser.is_some() => prompt::choose_step(app, 1),
        Action::Open if app.chooser.is_some() => prompt::choose(app),
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        // On a cluster the pages scroll what is shown (the form and the
        // checks above the items); elsewhere they move the selection.
        Action::PageUp | Action::PageDown if app.mode() == Mode::Detail => {
            let by = (app.page.max(2) / 2) as isize;
            app.detail_offset += if action == Action::PageUp { -by } else { by };
            app.detail_offset = app.detail_offset.clamp(-60, 60);
        }
        Action::PageUp => step(app, -(app.page.max(1) as isize)),
        Action::PageDown => step(app, app.page.max(1) as isize),
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Back => back(app),
        Action::Forward => forward(app),
        Action::Search => start_search(app),
        Action::Evidence => to_evidence(app),
        Action::NextRound => {
            app.round = match app.round {
                None => Some(Round::Assessment),
                Some(Round::Assessment) => Some(Round::Application),
                Some(Round::Application) => None,
            };
            app.refilter();
        }
        Action::NextPrefecture => {
            let all = app.prefectures();
            let next = match &app.prefecture {
                None => all.first().cloned(),
                Some(p) => all
                    .iter()
                    .position(|x| x == p)
                    .and_then(|i| all.get(i + 1).cloned()),
            };
            app.prefecture = next;
            app.refilter();
        }
        Action::NextSort => {
            app.sort = app.sort.next();
            app.refilter();
        }
        Action::NextItem => {
            let items: Vec<String> = app
                .detail
                .as_ref()
                .and_then(|d| d.rubric.as_ref())
                .map(|r| r.item_ids())
                .unwrap_or_default();
            app.item = match &app.item {
                None => items.first().cloned(),
                Some(i) => items
                    .iter()
                    .position(|x| x == i)
                    .and_then(|k| items.get(k + 1).cloned()),
            };
            app.selected = 0;
        }
        Action::DeleteBack if app.editor.is_some() => score::delete(app, true),
        Action::DeleteBack if app.chooser.is_some() => {
            if let Some(c) = app.chooser.as_mut() {
                c.query.pop();
            }
            narrow_prefectures(app);
        }
        Action::DeleteBack => {
            if let Some(s) = app.search.as_mut() {
                s.query.pop();
                research(app);
            }
        }
        Action::DeleteForward => score::delete(app, false),
        Action::Edit => score::edit(app),
        Action::Comment => score::comment(app),
        // On the list: the selected cluster opens at its opinion.
        Action::Opinion if app.mode() == Mode::List => {
            open(app);
            if app.mode() == Mode::Detail {
                score::edit_field(app, Field::Opinion);
            }
        }
        Action::Opinion => score::edit_field(app, Field::Opinion),
        Action::Conclude => score::conclude(app),
        Action::Conflict => score::conflict(app),
        Action::Increase => score::step_score(app, true),
        Action::Decrease => score::step_score(app, false),
        Action::Clear => score::clear(app),
        Action::Undo => score::undo(app, false),
        Action::Redo => score::undo(app, true),
        Action::NextIncomplete => score::next_incomplete(app),
        Action::Progress => app.progress = !app.progress,
        Action::Confirm => prompt::confirm(app),
        Action::Export => export::export(app),
        Action::Newline => prompt::newline(app),
        Action::CaretLeft => score::caret(app, CaretMove::Left),
        Action::CaretRight => score::caret(app, CaretMove::Right),
        // A score is one line: up and down leave it for the item before or after.
        Action::CaretUp if score::editing_score(app) => score::confirm_and_move(app, -1),
        Action::CaretDown if score::editing_score(app) => score::confirm_and_move(app, 1),
        Action::CaretUp => score::caret(app, CaretMove::Up),
        Action::CaretDown => score::caret(app, CaretMove::Down),
        Action::NextField => score::confirm_and_move(app, 1),
        Action::PreviousField => score::confirm_and_move(app, -1),
        Action::PreviousPrefecture => {
            let all = app.prefectures();
            app.prefecture = match &app.prefecture {
                None => all.last().cloned(),
                Some(p) => all
                    .iter()
                    .position(|x| x == p)
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| all.get(i).cloned()),
            };
            app.refilter();
        }
        Action::ChoosePrefecture => choose_prefecture(app),
        Action::CaretHome => score::caret(app, CaretMove::Home),
        Action::CaretEnd => score::caret(app, CaretMove::End),
    }
}

/// The cluster the list selection is on.
fn selected_cluster(app: &App) -> Option<ClusterId> {
    app.shown
        .get(app.selected)
        .map(|&i| ClusterId(app.rows[i].id.clone()))
}

fn open(app: &mut App) {
    if let Some(s) = app.search.take() {
        match s.hits.get(s.selected) {
            Some(Hit::Cluster(i)) => {
                let id = ClusterId(app.rows[*i].id.clone());
                go(app, Screen::Detail(id), 0);
            }
            Some(Hit::Evidence { title }) => {
                let t = &app.titles[*title];
                let (id, seq) = (ClusterId(t.cluster.clone()), t.seq);
                go(app, Screen::Evidence(id), 0);
                let at = app
                    .evidence_rows()
                    .iter()
                    .position(|e| e.seq == seq)
                    .unwrap_or(0);
                app.selected = at;
            }
            None => app.search = Some(s),
        }
        return;
    }
    match app.screen.clone() {
        Screen::List => {
            if let Some(id) = selected_cluster(app) {
                go(app, Screen::Detail(id), 0);
            }
        }
        Screen::Detail(id) => go(app, Screen::Evidence(id), 0),
        Screen::Evidence(_) => {
            if let Some(e) = app.evidence_rows().get(app.selected).map(|e| (*e).clone()) {
                open_evidence(app, &e);
            }
        }
    }
}

fn to_evidence(app: &mut App) {
    let id = match &app.screen {
        Screen::List => selected_cluster(app),
        Screen::Detail(id) => Some(id.clone()),
        Screen::Evidence(_) => None,
    };
    if let Some(id) = id {
        go(app, Screen::Evidence(id), 0);
    }
}

fn start_search(app: &mut App) {
    if app.titles.is_empty() {
        match app.store.evidence_titles(app.bundle.no) {
            Ok(list) => {
                app.titles = list
                    .into_iter()
                    .map(|(cluster, seq, title)| crate::search::TitleRow::new(cluster, seq, title))
                    .collect();
            }
            Err(e) => app.status = Some(error_chain(&e)),
        }
    }
    app.search = Some(SearchState::default());
    research(app);
}

/// Ranks clusters and evidence titles for the query, best first. A query
/// that extends the last one looks only among what that one matched; a
/// single Latin letter looks at clusters only (it matches half of any
/// bundle's titles, and says nothing yet).
fn research(app: &mut App) {
    let Some(s) = app.search.as_mut() else { return };
    let query = s.query.clone();
    // Narrowing holds while the matcher looks at the same things: the same
    // script, and (for Latin letters) full pinyin from the third letter on.
    let same_rules = |q: &str| {
        q.is_ascii() == query.is_ascii() && (!q.is_ascii() || q.len() >= 3 || query.len() < 3)
    };
    let previous = s
        .matched
        .take()
        .filter(|(q, _, _)| !q.is_empty() && query.starts_with(q.as_str()) && same_rules(q));
    let mut scored: Vec<(i64, Hit)> = Vec::new();
    let mut matched = (query.clone(), Vec::new(), Vec::new());
    if !query.is_empty() {
        // None: every entry.
        let (clusters, titles) = match &previous {
            Some((_, c, t)) => (Some(c.as_slice()), Some(t.as_slice())),
            None => (None, None),
        };
        let titles = if query.is_ascii() && query.chars().count() < 2 {
            Some(&[][..])
        } else {
            titles
        };
        let c = app.matcher.matches(&app.rows, clusters, &query);
        let t = app.matcher.matches(&app.titles, titles, &query);
        matched.1 = c.iter().map(|(i, _)| *i).collect();
        matched.2 = t.iter().map(|(i, _)| *i).collect();
        scored.reserve(c.len() + t.len());
        scored.extend(c.into_iter().map(|(i, s)| (s, Hit::Cluster(i))));
        scored.extend(t.into_iter().map(|(i, s)| (s, Hit::Evidence { title: i })));
        // Best first; clusters before evidence on equal scores (they are
        // what people look for); then in list order. Only the shown hits
        // are sorted.
        let key = |h: &(i64, Hit)| {
            let (kind, idx) = match h.1 {
                Hit::Cluster(i) => (0, i),
                Hit::Evidence { title } => (1, title),
            };
            (std::cmp::Reverse(h.0), kind, idx)
        };
        if scored.len() > MAX_HITS {
            scored.select_nth_unstable_by_key(MAX_HITS, key);
            scored.truncate(MAX_HITS);
        }
        scored.sort_by_key(key);
    }
    if let Some(s) = app.search.as_mut() {
        s.hits = scored.into_iter().map(|(_, h)| h).collect();
        s.selected = 0;
        // A single Latin letter did not look at the titles: nothing to narrow.
        s.matched = (!(query.is_ascii() && query.chars().count() < 2)).then_some(matched);
    }
}

/// The prefectures to choose from: every one, then each, in the
/// province's order.
fn choose_prefecture(app: &mut App) {
    let mut choices = vec![crate::i18n::tr(M::AllPrefectures).to_string()];
    choices.extend(app.prefectures());
    let selected = app
        .prefecture
        .as_ref()
        .and_then(|p| choices.iter().position(|c| c == p))
        .unwrap_or(0);
    app.chooser = Some(Chooser {
        cluster: String::new(),
        purpose: Purpose::Prefecture,
        choices,
        selected,
        query: String::new(),
    });
}

/// Narrows the prefecture chooser to the names that match what is typed:
/// part of the name, or the start of its pinyin or initials (`suizhou`,
/// `sz`).
fn narrow_prefectures(app: &mut App) {
    let mut all = vec![crate::i18n::tr(M::AllPrefectures).to_string()];
    all.extend(app.prefectures());
    let Some(c) = app.chooser.as_mut() else {
        return;
    };
    let q = c.query.to_lowercase();
    c.choices = all
        .into_iter()
        .enumerate()
        .filter(|(k, p)| {
            if q.is_empty() {
                return true;
            }
            if *k == 0 {
                return false;
            }
            let (pinyin, initials) = crate::search::romanize(p);
            p.contains(&c.query) || pinyin.starts_with(&q) || initials.starts_with(&q)
        })
        .map(|(_, p)| p)
        .collect();
    c.selected = 0;
}

/// Opens an evidence file: read from the bundle and checked against its
/// SHA-256; handed to the viewer command where there is a display
/// (the configured opener, else `xdg-open` under X or Wayland), otherwise shown
/// here: its particulars and, for text, the text.
fn open_evidence(app: &mut App, e: &crate::model::Evidence) {
    let bundle = std::path::PathBuf::from(&app.bundle.source_path);
    let bytes = match crate::bundle::archive::read_file(&bundle, &e.path) {
        Ok(Some(b)) if crate::digest::sha256_bytes(&b) == e.sha256 => Some(b),
        Ok(Some(_)) => {
            app.status = Some(trf(M::HashMismatch, &[&crate::text::inert(&e.path)]));
            return;
        }
        _ => None,
    };
    if let (Some(b), Some(opener)) = (&bytes, opener(app))
        && hand_over(app, &opener, &e.path, b).is_ok()
    {
        return;
    }
    let mut info = vec![trf(
        M::EvidenceInfo,
        &[&crate::text::inert(&e.path), &e.size, &e.sha256],
    )];
    if let Some(p) = e.pages {
        info.push(format!("{}: {p}", crate::i18n::tr(M::ColPages)));
    }
    if bytes.is_none() {
        info.push(trf(M::OpenHint, &[&bundle.display()]));
    }
    // What the file is, from its bytes: a PDF's text layer, an image's
    // size, text as text; never raw bytes on the terminal.
    let shown = bytes
        .as_deref()
        .map(crate::preview::preview)
        .unwrap_or_default();
    info.extend(shown.info);
    app.viewer = Some(Viewer {
        title: e.title.clone(),
        info,
        lines: shown.lines,
        scroll: 0,
    });
}

/// The command that opens files for people, where there is a display.
fn opener(app: &App) -> Option<String> {
    if let Some(cmd) = &app.opener {
        return (!cmd.trim().is_empty()).then(|| cmd.clone());
    }
    let display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    display.then(|| "xdg-open".to_string())
}

/// Writes the file to the app's private hand-over folder (made on first
/// use, removed when the app ends) and starts the viewer on it.
fn hand_over(app: &mut App, opener: &str, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    if app.hand_over.is_none() {
        app.hand_over = Some(crate::handover::HandOver::new()?);
    }
    let Some(h) = app.hand_over.as_mut() else {
        return Ok(());
    };
    let path = h.write(rel, bytes)?;
    let mut parts = opener.split_whitespace();
    let program = parts.next().unwrap_or("xdg-open");
    std::process::Command::new(program)
        .args(parts)
        .arg(&path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
