-- 0001_initial (PostgreSQL): documents, items (with a tsvector for full-text search), runs and failures.
-- Text columns compare in byte order (COLLATE "C"), as SQLite's do, so both stores list in the same order.
-- Every table the SQL orders by rowid has one (an identity column; SQLite's are implicit).
CREATE TABLE documents (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    locator TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    kind TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C",
    source_origin TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C",
    title TEXT COLLATE "C",
    author TEXT COLLATE "C",
    published TEXT COLLATE "C",
    published_granularity TEXT COLLATE "C" NOT NULL,
    published_origin TEXT COLLATE "C" NOT NULL,
    language TEXT COLLATE "C" NOT NULL,
    language_score DOUBLE PRECISION NOT NULL,
    analysed INTEGER NOT NULL,
    encoding TEXT COLLATE "C",
    raw_sha256 TEXT COLLATE "C" NOT NULL,
    raw_size BIGINT NOT NULL,
    extras TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    text TEXT COLLATE "C" NOT NULL,
    first_seen TEXT COLLATE "C" NOT NULL,
    run_id TEXT COLLATE "C",
    -- two ingests writing at once never number two documents of one locator alike
    UNIQUE (locator, version)
);
CREATE INDEX documents_source ON documents(source);

CREATE TABLE items (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    caption TEXT COLLATE "C",
    headline TEXT COLLATE "C",
    published TEXT COLLATE "C",
    published_granularity TEXT COLLATE "C" NOT NULL,
    published_origin TEXT COLLATE "C" NOT NULL,
    body TEXT COLLATE "C" NOT NULL,
    record TEXT COLLATE "C" NOT NULL,
    -- the search index: headline weighted A, body B; 'simple' works for every language
    fts tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(headline, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, body), 'B')
    ) STORED,
    UNIQUE (document_id, position)
);
CREATE INDEX items_published ON items(published);
CREATE INDEX items_fts ON items USING GIN (fts);

CREATE TABLE runs (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT COLLATE "C" PRIMARY KEY,
    command TEXT COLLATE "C" NOT NULL,
    args TEXT COLLATE "C" NOT NULL,
    started TEXT COLLATE "C" NOT NULL,
    finished TEXT COLLATE "C",
    summary TEXT COLLATE "C"
);

CREATE TABLE failures (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL,
    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id),
    locator TEXT COLLATE "C" NOT NULL,
    stage TEXT COLLATE "C" NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    severity TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    fix TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    UNIQUE (run_id, id)
);
CREATE INDEX failures_locator ON failures(locator);
CREATE INDEX failures_id ON failures(id);
