//! The schema, as migrations: entry `i` brings `user_version` from `i` to
//! `i + 1`. Never edit a migration that has shipped; add one.

pub const MIGRATIONS: &[&str] = &[
    // 1: bundles and their contents.
    r#"
CREATE TABLE bundles (
    id           TEXT PRIMARY KEY,      -- SHA-256 of manifest.toml
    format       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    manifest     TEXT NOT NULL,         -- the manifest's exact text
    source_path  TEXT NOT NULL,         -- where it was imported from
    imported_at  TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);

CREATE TABLE files (
    bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
    path      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (bundle_id, path)
);

CREATE TABLE rubrics (
    bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
    round     TEXT NOT NULL,
    title     TEXT NOT NULL,
    source    TEXT NOT NULL,            -- the rubric file's text
    PRIMARY KEY (bundle_id, round)
);

CREATE TABLE clusters (
    bundle_id   TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
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
    ord         INTEGER NOT NULL,
    PRIMARY KEY (bundle_id, id)
);

CREATE TABLE indicators (
    bundle_id  TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- sales | employment | investment | taxes
    previous   INTEGER NOT NULL,        -- yuan, or persons for employment
    current    INTEGER NOT NULL,
    increment  INTEGER NOT NULL,
    PRIMARY KEY (bundle_id, cluster_id, kind),
    FOREIGN KEY (bundle_id, cluster_id) REFERENCES clusters(bundle_id, id) ON DELETE CASCADE
);

CREATE TABLE evidence (
    bundle_id   TEXT NOT NULL,
    cluster_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    rubric_item TEXT NOT NULL,
    pages       INTEGER,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (bundle_id, cluster_id, seq),
    FOREIGN KEY (bundle_id, cluster_id) REFERENCES clusters(bundle_id, id) ON DELETE CASCADE
);
"#,
];
