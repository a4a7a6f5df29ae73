-- 0002_annotations (PostgreSQL): sentences, mentions (actors and places) and time expressions per item.
CREATE TABLE annotations (
    item_id TEXT COLLATE "C" PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT COLLATE "C" NOT NULL,          -- done, skipped-language, failed
    annotator TEXT COLLATE "C" NOT NULL,       -- version tag of the annotate stage
    detail TEXT COLLATE "C",
    at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sentences (
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (item_id, field, idx)
);

CREATE TABLE mentions (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    actor_id TEXT COLLATE "C",
    country TEXT COLLATE "C",
    sector TEXT COLLATE "C",
    alias_kind TEXT COLLATE "C" NOT NULL,
    method TEXT COLLATE "C" NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    sentence INTEGER NOT NULL,
    place TEXT COLLATE "C"
);
CREATE INDEX mentions_item ON mentions(item_id);
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE time_exprs (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C",
    granularity TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    sentence INTEGER NOT NULL
);
CREATE INDEX time_exprs_item ON time_exprs(item_id);
