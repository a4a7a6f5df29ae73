-- 0002_annotations: sentences, mentions (actors and places) and time expressions per item.
CREATE TABLE annotations (
    item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT NOT NULL,          -- done, skipped-language, failed
    annotator TEXT NOT NULL,       -- version tag of the annotate stage
    detail TEXT,
    at TEXT NOT NULL
);

CREATE TABLE sentences (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (item_id, field, idx)
);

CREATE TABLE mentions (
    rowid INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor_id TEXT,
    country TEXT,
    sector TEXT,
    alias_kind TEXT NOT NULL,
    method TEXT NOT NULL,
    confidence REAL NOT NULL,
    sentence INTEGER NOT NULL,
    place TEXT
);
CREATE INDEX mentions_item ON mentions(item_id);
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE time_exprs (
    rowid INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    granularity TEXT NOT NULL,
    kind TEXT NOT NULL,
    sentence INTEGER NOT NULL
);
CREATE INDEX time_exprs_item ON time_exprs(item_id);
