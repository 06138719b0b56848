//! The schema, as migrations: entry `i` brings `user_version` from `i` to
//! `i + 1`. Never edit a migration that has shipped; add one.
//!
//! Child rows refer to their parents by integer keys: a national bundle has
//! 175,000 evidence rows, and a 64-character bundle id in each of them would
//! cost space and time.

pub(crate) const MIGRATIONS: &[&str] = &[
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
    // 2: reviews. Marks are one text value per (reviewer, cluster, field);
    // every change is also appended to the audit log, which is never edited.
    r#"
CREATE TABLE reviewers (
    no         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE marks (
    reviewer INTEGER NOT NULL REFERENCES reviewers(no),
    cluster  INTEGER NOT NULL REFERENCES clusters(no) ON DELETE CASCADE,
    field    TEXT NOT NULL,             -- score:P1 | comment:P1 | conclusion | opinion | conflict
    value    TEXT NOT NULL,             -- scores as exact decimals ("8.5")
    at       TEXT NOT NULL,
    PRIMARY KEY (reviewer, cluster, field)
) WITHOUT ROWID;

CREATE TABLE audit (
    seq      INTEGER PRIMARY KEY,
    reviewer INTEGER NOT NULL,
    cluster  INTEGER NOT NULL,
    field    TEXT NOT NULL,
    old      TEXT,
    new      TEXT,
    how      TEXT NOT NULL,             -- set | undo | redo
    at       TEXT NOT NULL
);
CREATE INDEX audit_by_cluster ON audit (cluster, seq);

CREATE TABLE drafts (
    reviewer INTEGER NOT NULL,
    cluster  INTEGER NOT NULL,
    field    TEXT NOT NULL,
    text     TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (reviewer, cluster, field)
) WITHOUT ROWID;

CREATE TABLE places (
    reviewer INTEGER NOT NULL,
    bundle   INTEGER NOT NULL,
    place    TEXT NOT NULL,             -- JSON: screen, cluster, row, filters
    PRIMARY KEY (reviewer, bundle)
) WITHOUT ROWID;
"#,
    // 3: exports of signed review files, numbered per reviewer and bundle.
    r#"
CREATE TABLE exports (
    reviewer INTEGER NOT NULL,
    bundle   INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    sha256   TEXT NOT NULL,             -- of the exported file
    path     TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (reviewer, bundle, seq)
) WITHOUT ROWID;
"#,
    // 4: evidence rows without a key, their SHA-256 as 32 bytes rather than
    // 64 hex digits (a seventh of what an import writes). A cluster's rows are one run of rowids
    // (its catalogue is imported in one go), recorded on the cluster as
    // evidence_first..evidence_last, and read by that run. Keeping the
    // (cluster, seq) key cost a national import about 6% of its time. There
    // is no foreign key either: with no index on `cluster`, each cluster
    // deleted would scan every row; rows go with their cluster by its run.
    r#"
ALTER TABLE clusters ADD COLUMN evidence_first INTEGER NOT NULL DEFAULT 1;
ALTER TABLE clusters ADD COLUMN evidence_last INTEGER NOT NULL DEFAULT 0;

CREATE TABLE evidence_runs (
    cluster     INTEGER NOT NULL,       -- clusters.no
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    rubric_item TEXT NOT NULL,
    pages       INTEGER,
    path        TEXT NOT NULL,
    sha256      BLOB NOT NULL,          -- the 32 bytes
    size        INTEGER NOT NULL
);
INSERT INTO evidence_runs (cluster, seq, title, rubric_item, pages, path, sha256, size)
    SELECT cluster, seq, title, rubric_item, pages, path, unhex(sha256), size
    FROM evidence ORDER BY cluster, seq;
UPDATE clusters SET evidence_first = r.first, evidence_last = r.last
    FROM (SELECT cluster, min(rowid) AS first, max(rowid) AS last
          FROM evidence_runs GROUP BY cluster) AS r
    WHERE r.cluster = clusters.no;
DROP TABLE evidence;
ALTER TABLE evidence_runs RENAME TO evidence;
"#,
    // 5: what pack and import found in a bundle (the pre-screen), kept with
    // the cluster each concerns (`cluster` NULL: the bundle's or a
    // prefecture's), so that the expert sees it there.
    r#"
CREATE TABLE findings (
    bundle   INTEGER NOT NULL REFERENCES bundles(no) ON DELETE CASCADE,
    cluster  TEXT,                      -- the cluster's id
    severity TEXT NOT NULL,             -- 'error' or 'warning'
    kind     TEXT,                      -- its message key
    file     TEXT NOT NULL,
    sheet    TEXT,
    cell     TEXT,                      -- A1 style
    message  TEXT NOT NULL
);
CREATE INDEX findings_by_cluster ON findings (bundle, cluster);
"#,
    // 6: the panel's own opinions, written by its leader on a merged
    // result (`pingshen results`), kept by the result's identity (its
    // bundle and the review files it used): per cluster, and overall
    // (cluster ''); each confirmed text, and each draft being typed.
    r#"
CREATE TABLE panel_opinions (
    result  TEXT NOT NULL,              -- MergeResult::identity()
    cluster TEXT NOT NULL,              -- a cluster's id; '' the overall
    kind    TEXT NOT NULL,              -- 'kept' or 'draft'
    text    TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (result, cluster, kind)
) WITHOUT ROWID;
"#,
];
