-- 0001_initial: documents, items (with FTS5), runs and failures.
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    locator TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    kind TEXT NOT NULL,
    source TEXT,
    source_origin TEXT NOT NULL,
    url TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    published_granularity TEXT NOT NULL,
    published_origin TEXT NOT NULL,
    language TEXT NOT NULL,
    language_score REAL NOT NULL,
    analysed INTEGER NOT NULL,
    encoding TEXT,
    raw_sha256 TEXT NOT NULL,
    raw_size INTEGER NOT NULL,
    extras TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    run_id TEXT
);
CREATE INDEX documents_locator ON documents(locator);
CREATE INDEX documents_source ON documents(source);

CREATE TABLE items (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    caption TEXT,
    headline TEXT,
    published TEXT,
    published_granularity TEXT NOT NULL,
    published_origin TEXT NOT NULL,
    body TEXT NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (document_id, position)
);
CREATE INDEX items_published ON items(published);

CREATE VIRTUAL TABLE items_fts USING fts5(
    headline, body, content='items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, headline, body) VALUES (new.rowid, coalesce(new.headline, ''), new.body);
END;
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, headline, body)
    VALUES ('delete', old.rowid, coalesce(old.headline, ''), old.body);
END;

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    args TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    summary TEXT
);

CREATE TABLE failures (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs(id),
    locator TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    reason TEXT NOT NULL,
    fix TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (run_id, id)
);
CREATE INDEX failures_locator ON failures(locator);
