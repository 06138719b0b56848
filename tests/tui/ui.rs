//! The reviewer's UI driven as a person drives it: keys pressed, text
//! typed or pasted, and the screen read back; what was kept is read from
//! the store file through a connection of its own, as a restart would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::screen::Drawn;
use crate::common::{frame_text, testdata};
use pingshen::store::Store;
use pingshen::tui::app::{App, Look};
use pingshen::tui::keymap::Key;
use pingshen::tui::{Keys, load_keymap, session, update, views};

pub const COLOUR: Look = Look {
    color: true,
    ascii: false,
};

/// The size screens are read at unless a test says otherwise: wide enough
/// that the top line and the rows are not cut.
const READ: (u16, u16) = (160, 50);

pub struct Ui {
    app: Option<App>,
    db: PathBuf,
    reviewer: Option<String>,
    _tmp: Option<tempfile::TempDir>,
}

/// How a UI is started.
pub struct Start<'a> {
    pub bundle: PathBuf,
    /// The store file; none: a fresh one in a temporary folder.
    pub db: Option<&'a Path>,
    /// None: the name is still to be asked.
    pub reviewer: Option<&'a str>,
    pub look: Look,
    pub keys: Keys,
    /// Where the name typed at the first start is kept.
    pub profile: Option<PathBuf>,
}

impl Default for Start<'_> {
    fn default() -> Self {
        Start {
            bundle: testdata("bundle.tar"),
            db: None,
            reviewer: Some("张三"),
            look: COLOUR,
            keys: Keys::Default,
            profile: None,
        }
    }
}

impl Start<'_> {
    /// The UI on the bundle (imported into the store if needed), as the
    /// `review` command starts it.
    pub fn ui(self) -> Ui {
        let (tmp, db) = match self.db {
            Some(db) => (None, db.to_path_buf()),
            None => {
                let tmp = tempfile::tempdir().unwrap();
                let db = tmp.path().join("store.db");
                (Some(tmp), db)
            }
        };
        let mut store = Store::open(&db).unwrap();
        pingshen::store::import(&mut store, &self.bundle).unwrap();
        let b = store.bundle(None).unwrap();
        let keymap = load_keymap(self.keys, None).unwrap();
        let mut app = App::new(store, b, keymap, self.look).unwrap();
        app.set_profile(self.profile);
        match self.reviewer {
            Some(name) => session::begin(&mut app, name).unwrap(),
            None => session::ask_name(&mut app),
        }
        Ui {
            app: Some(app),
            db,
            reviewer: self.reviewer.map(str::to_string),
            _tmp: tmp,
        }
    }
}

impl Ui {
    /// The demo bundle as 张三.
    pub fn demo() -> Ui {
        Start::default().ui()
    }

    /// A bundle as 张三, in a look.
    pub fn with(bundle: &Path, look: Look) -> Ui {
        Start {
            bundle: bundle.to_path_buf(),
            look,
            ..Start::default()
        }
        .ui()
    }

    /// The demo as `reviewer` in the store file at `db` (a restart each call).
    pub fn reopen(db: &Path, reviewer: &str) -> Ui {
        Start {
            db: Some(db),
            reviewer: Some(reviewer),
            ..Start::default()
        }
        .ui()
    }

    fn app(&self) -> &App {
        self.app.as_ref().expect("the UI has ended")
    }

    /// The app, for what the command line sets on it (opener, key).
    pub fn app_mut(&mut self) -> &mut App {
        self.app.as_mut().expect("the UI has ended")
    }

    pub fn press(&mut self, keys: &[&str]) {
        for k in keys {
            let key = Key::parse(k).unwrap_or_else(|| panic!("key {k}"));
            update::on_key(self.app_mut(), key);
        }
    }

    /// Text typed a character at a time.
    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            let key = Key::parse(&c.to_string()).unwrap_or_else(|| panic!("key {c}"));
            update::on_key(self.app_mut(), key);
        }
    }

    /// Text pasted (a bracketed paste: one event).
    pub fn paste(&mut self, text: &str) {
        update::on_paste(self.app_mut(), text);
    }

    /// What the event loop does every two seconds while text is typed.
    pub fn tick(&mut self) {
        session::save_draft(self.app_mut());
    }

    /// What the event loop does on the way out.
    pub fn exit(&mut self) {
        session::on_exit(self.app_mut());
    }

    /// Ended as if killed: nothing more runs; the app's resources go.
    pub fn kill(&mut self) {
        self.app = None;
    }

    pub fn quitting(&self) -> bool {
        self.app().quitting()
    }

    /// The screen as a terminal of `w`×`h` shows it.
    pub fn screen(&self, w: u16, h: u16) -> String {
        frame_text(w, h, |f| views::draw(f, self.app()))
    }

    /// The screen, read at a size that cuts nothing.
    pub fn drawn(&self) -> Drawn {
        Drawn::new(self.screen(READ.0, READ.1))
    }

    /// The screen at `w`×`h`, to read.
    pub fn drawn_at(&self, w: u16, h: u16) -> Drawn {
        Drawn::new(self.screen(w, h))
    }

    /// Opens a cluster by id through the search.
    pub fn open_cluster(&mut self, id: &str) {
        self.press(&["/"]);
        self.typed(id);
        self.press(&["<Enter>"]);
        assert_eq!(self.drawn().at(), crate::At::Detail(id.into()));
    }

    fn reader(&self) -> (Store, i64, i64) {
        let store = Store::open(&self.db).unwrap();
        let bundle = store.bundle(None).unwrap().no;
        let name = self.reviewer.as_deref().unwrap_or("张三");
        let reviewer = store.reviewer(name).unwrap().no;
        (store, reviewer, bundle)
    }

    /// The marks of a cluster as the store file has them (not as the
    /// screen shows them): field key → value.
    pub fn stored(&self, cluster: &str) -> BTreeMap<String, String> {
        let (store, reviewer, bundle) = self.reader();
        store
            .marks(reviewer, bundle)
            .unwrap()
            .get(cluster)
            .map(|m| m.values.iter().map(|(f, v)| (f.key(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// How each change to a cluster was made, in the store's audit log.
    pub fn log(&self, cluster: &str) -> Vec<String> {
        let (store, _, bundle) = self.reader();
        let log = store.log(bundle, None, Some(cluster)).unwrap();
        log.into_iter().map(|e| e.how).collect()
    }
}
