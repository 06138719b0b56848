use crate::i18n::{self, Lang};
use crate::tui::action::Action;

use super::*;

#[test]
fn shipped_maps_parse_and_bind_no_key_twice() {
    for (text, name) in [(DEFAULT, "default.toml"), (VIM, "vim.toml")] {
        let map = Keymap::parse(text, name).unwrap_or_else(|e| panic!("{e}"));
        // Every critical action works without letter keys (an input
        // method swallows letters).
        for (mode, action) in [
            (Mode::List, Action::Open),
            (Mode::List, Action::Search),
            (Mode::List, Action::Quit),
            (Mode::List, Action::Help),
            (Mode::Detail, Action::Back),
            (Mode::Detail, Action::Evidence),
            (Mode::Evidence, Action::Back),
            (Mode::Search, Action::Cancel),
            (Mode::Search, Action::Open),
            (Mode::List, Action::NextRound),
            (Mode::List, Action::NextPrefecture),
            (Mode::Detail, Action::Edit),
            (Mode::Detail, Action::Comment),
            (Mode::Detail, Action::Conflict),
            (Mode::Detail, Action::Undo),
            (Mode::Detail, Action::Redo),
            (Mode::Detail, Action::Increase),
            (Mode::Detail, Action::Decrease),
            (Mode::Detail, Action::NextIncomplete),
            (Mode::List, Action::NextIncomplete),
            (Mode::List, Action::Progress),
            (Mode::Edit, Action::Confirm),
            (Mode::Edit, Action::Cancel),
            (Mode::Choose, Action::Open),
            (Mode::Choose, Action::Cancel),
        ] {
            let keys = map.keys_for(mode, action);
            assert!(
                // A Ctrl combination passes an input method untouched.
                keys.iter()
                    .any(|k| k.typed().is_none_or(|c| !c.is_alphabetic())),
                "{name}: {action:?} in {mode:?} needs a non-letter key, has {keys:?}"
            );
        }
    }
}

#[test]
fn a_key_bound_twice_is_refused_with_its_line_in_the_readers_language() {
    let text = "[list]\nkeys = [\n  { on = [\"j\"], run = \"down\" },\n  { on = [\"j\"], run = \"up\" },\n]\n";
    for (lang, said) in [
        (Lang::En, "keymap.toml:4: key j is bound twice in [list]"),
        (Lang::Zh, "keymap.toml:4: 按键 j 在 [list] 中绑定了两次"),
    ] {
        let _lang = i18n::speak(lang);
        let e = Keymap::parse(text, "keymap.toml").unwrap_err();
        assert_eq!(e.line, 4);
        assert_eq!(e.to_string(), said);
    }
    let _lang = i18n::speak(Lang::Zh);
    let e = Keymap::parse("[list\n", "keymap.toml").unwrap_err();
    assert!(e.message.starts_with("按键配置格式有误："), "{e}");
}

#[test]
fn unknown_actions_and_keys_name_their_line() {
    let _lang = i18n::speak(Lang::En);
    let e = Keymap::parse(
        "[list]\nkeys = [\n { on = [\"x\"], run = \"explode\" },\n]\n",
        "u.toml",
    )
    .unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (3, "unknown action \"explode\"")
    );
    let e = Keymap::parse(
        "[list]\nkeys = [\n\n { on = [\"<Hyper-x>\"], run = \"up\" },\n]\n",
        "u.toml",
    )
    .unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (4, "unknown key \"<Hyper-x>\"")
    );
    let e = Keymap::parse("[nowhere]\nkeys = []\n", "u.toml").unwrap_err();
    assert_eq!(e.line, 1);
}

#[test]
fn user_bindings_replace_single_keys() {
    let base = Keymap::parse(DEFAULT, "default").unwrap();
    let user = Keymap::parse(
        "[list]\nkeys = [ { on = [\"<Down>\"], run = \"bottom\" } ]\n",
        "user",
    )
    .unwrap();
    let map = base.with_overrides(user);
    let down = Key::parse("<Down>").unwrap();
    assert_eq!(map.action(Mode::List, &down), Some(Action::Bottom));
    assert_eq!(map.action(Mode::Detail, &down), Some(Action::Down));
}

#[test]
fn every_footer_offers_actions_bound_where_it_is_shown() {
    for (text, name) in [(DEFAULT, "default.toml"), (VIM, "vim.toml")] {
        let map = Keymap::parse(text, name).unwrap();
        for mode in [
            Mode::List,
            Mode::Detail,
            Mode::Evidence,
            Mode::Search,
            Mode::Help,
            Mode::Edit,
            Mode::Choose,
        ] {
            let footer = map.footer(mode);
            assert!(!footer.is_empty(), "{name}: no footer for {mode:?}");
            for a in footer {
                assert!(
                    !map.keys_for(mode, *a).is_empty(),
                    "{name}: the footer of {mode:?} offers {a:?}, bound to no key there"
                );
            }
        }
    }
}

#[test]
fn a_users_footer_replaces_the_shipped_one_and_names_its_line() {
    let _lang = i18n::speak(Lang::En);
    let base = Keymap::parse(DEFAULT, "default").unwrap();
    let user = Keymap::parse("[list]\nfooter = [\"quit\", \"search\"]\n", "user").unwrap();
    let map = base.with_overrides(user);
    assert_eq!(map.footer(Mode::List), &[Action::Quit, Action::Search]);
    assert_eq!(
        map.footer(Mode::Detail)[0],
        Action::Edit,
        "other modes kept"
    );
    // A user file without footers keeps the shipped ones.
    let map = Keymap::parse(DEFAULT, "default")
        .unwrap()
        .with_overrides(Keymap::parse("[list]\nkeys = []\n", "user").unwrap());
    assert_eq!(map.footer(Mode::List)[0], Action::Open);
    let e = Keymap::parse("[list]\n\nfooter = [\"open\", \"fly\"]\n", "u.toml").unwrap_err();
    assert_eq!((e.line, e.message.as_str()), (3, "unknown action \"fly\""));
}

#[test]
fn keys_round_trip() {
    for s in [
        "j",
        "G",
        "/",
        "?",
        "<Enter>",
        "<C-c>",
        "<F1>",
        "<A-x>",
        "<Space>",
        "<PageDown>",
    ] {
        let k = Key::parse(s).unwrap();
        assert_eq!(k.to_string(), s);
    }
}

#[test]
fn the_results_view_has_footers_of_its_own_a_user_may_replace() {
    for (text, name) in [(DEFAULT, "default.toml"), (VIM, "vim.toml")] {
        let map = Keymap::parse(text, name).unwrap();
        // Its list filters to the divergent clusters; it scores nothing.
        let list = map.results_footer(Mode::List);
        assert!(list.contains(&Action::NextSort), "{name}: {list:?}");
        assert!(!list.contains(&Action::NextIncomplete), "{name}: {list:?}");
        assert!(!map.results_footer(Mode::Detail).contains(&Action::Edit));
        // Where it gives none, the mode's footer serves.
        assert_eq!(map.results_footer(Mode::Search), map.footer(Mode::Search));
        for mode in [Mode::List, Mode::Detail] {
            for a in map.results_footer(mode) {
                assert!(!map.keys_for(mode, *a).is_empty(), "{name}: {a:?}");
            }
        }
    }
    let user = Keymap::parse("[list]\nresults_footer = [\"quit\"]\n", "user").unwrap();
    let map = Keymap::parse(DEFAULT, "default")
        .unwrap()
        .with_overrides(user);
    assert_eq!(map.results_footer(Mode::List), &[Action::Quit]);
    assert_eq!(
        map.footer(Mode::List)[0],
        Action::Open,
        "the reviewer's kept"
    );
}
