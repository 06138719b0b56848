//! Moving between screens and within one: the history of places (back and
//! forward), the screen shown and its selection.

use crate::i18n::{M, error_chain, trf};
use crate::tui::app::{App, Place, Screen, Sort};

/// Moves the selection (or the scroll of help or the viewer) by `by`.
pub(crate) fn step(app: &mut App, by: isize) {
    if app.help {
        // The view clamps it to the lines there are.
        app.help_scroll = (app.help_scroll as isize)
            .saturating_add(by)
            .clamp(0, 10_000) as usize;
        return;
    }
    if let Some(v) = app.viewer.as_mut() {
        let n = v.lines.len();
        v.scroll = (v.scroll as isize)
            .saturating_add(by)
            .clamp(0, n.saturating_sub(1) as isize) as usize;
        return;
    }
    app.detail_offset = 0;
    let n = app.row_count();
    let sel = match app.search.as_mut() {
        Some(s) => &mut s.selected,
        None => &mut app.selected,
    };
    if n == 0 {
        *sel = 0;
        return;
    }
    *sel = (*sel as isize).saturating_add(by).clamp(0, n as isize - 1) as usize;
}

/// Goes to a screen, remembering where we were.
pub(crate) fn go(app: &mut App, screen: Screen, selected: usize) {
    let here = Place {
        screen: app.screen.clone(),
        selected: app.selected,
    };
    app.back.push(here);
    app.forward.clear();
    show(app, screen, selected);
}

/// Shows a screen, loading the cluster it is about. Back on the list from
/// a cluster, the list selects that cluster (opened through search, or
/// moved by a sort since), where the list shows it.
pub(crate) fn show(app: &mut App, screen: Screen, selected: usize) {
    let from = app.cluster().map(str::to_string);
    let id = match &screen {
        Screen::List => None,
        Screen::Detail(id) | Screen::Evidence(id) => Some(id.clone()),
    };
    if let Some(id) = id
        && app.detail.as_ref().is_none_or(|d| d.cluster.id != id)
    {
        match crate::lookup::detail(&app.store, &app.bundle, &id.0) {
            Ok(Some(d)) => {
                app.detail = Some(d);
                app.item = None;
            }
            Ok(None) => app.status = Some(trf(M::NotFound, &[&id])),
            Err(e) => app.status = Some(error_chain(&e)),
        }
    }
    // Scores given since the list was sorted by them move their rows.
    if screen == Screen::List && matches!(app.sort, Sort::Progress | Sort::Total) {
        app.refilter();
    }
    app.screen = screen;
    app.selected = selected;
    if app.screen == Screen::List
        && let Some(p) = from.and_then(|id| app.shown.iter().position(|&i| app.rows[i].id == id))
    {
        app.selected = p;
    }
    step(app, 0);
}

/// Where Back leads with nothing behind: evidence to its cluster, a
/// cluster to the list — so the list is always reachable, restored or not.
fn parent(screen: &Screen) -> Option<Screen> {
    match screen {
        Screen::Evidence(id) => Some(Screen::Detail(id.clone())),
        Screen::Detail(_) => Some(Screen::List),
        Screen::List => None,
    }
}

pub(crate) fn back(app: &mut App) {
    let place = app.back.pop().or_else(|| {
        parent(&app.screen).map(|screen| Place {
            screen,
            selected: 0,
        })
    });
    if let Some(place) = place {
        app.forward.push(Place {
            screen: app.screen.clone(),
            selected: app.selected,
        });
        show(app, place.screen, place.selected);
    }
}

pub(crate) fn forward(app: &mut App) {
    if let Some(place) = app.forward.pop() {
        app.back.push(Place {
            screen: app.screen.clone(),
            selected: app.selected,
        });
        show(app, place.screen, place.selected);
    }
}
