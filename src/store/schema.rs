//! The schema, as migrations: entry `i` brings `user_version` from `i` to
//! `i + 1`. Never edit a migration that has shipped; add one.
//!
//! Child rows refer to their parents by integer keys: a national bundle has
//! 175,000 evidence rows, and a 64-character bundle id in each of them would
//! cost space and time.

pub const MIGRATIONS: &[&str] = &[
    // 1: bundles and their contents.
    r#"
CREATE TABLE bundles (
    no           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,  -- SHA-256 of manifest.json
    format       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    source_path  TEXT NOT NULL,         -- where it was imported from
    imported_at  TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);

CREATE TABLE rubrics (
    bundle INTEGER NOT NULL REFERENCES bundles(no) ON DELETE CASCADE,
    round  TEXT NOT NULL,
    title  TEXT NOT NULL,
    source TEXT NOT NULL,               -- the rubric file's text
    PRIMARY KEY (bundle, round)
);

CREATE TABLE clusters (
    no          INTEGER PRIMARY KEY,
    bundle      INTEGER NOT NULL REFERENCES bundles(no) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    round       TEXT NOT NULL,
    name        TEXT NOT NULL,
    prefecture  TEXT NOT NULL,
    county      TEXT NOT NULL,
    industry    TEXT NOT NULL,
    above_scale INTEGER,
    source      TEXT NOT NULL,
    application TEXT,                   -- JSON of the application form, for applicants
    pinyin      TEXT NOT NULL,          -- full pinyin of the name, for search
    initials    TEXT NOT NULL,          -- pinyin initials of the name, for search
    UNIQUE (bundle, id COLLATE NOCASE)
);

CREATE TABLE indicators (
    cluster   INTEGER NOT NULL REFERENCES clusters(no) ON DELETE CASCADE,
    kind      TEXT NOT NULL,            -- sales | employment | investment | taxes
    previous  INTEGER NOT NULL,         -- yuan, or persons for employment
    current   INTEGER NOT NULL,
    increment INTEGER NOT NULL,
    PRIMARY KEY (cluster, kind)
) WITHOUT ROWID;

CREATE TABLE evidence (
    cluster     INTEGER NOT NULL REFERENCES clusters(no) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    rubric_item TEXT NOT NULL,
    pages       INTEGER,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (cluster, seq)
);
"#,
];
