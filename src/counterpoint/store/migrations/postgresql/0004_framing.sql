-- 0004_framing (PostgreSQL): framing spans (techniques, scare quotes, hedges), the names items give actors, and the framing status.
CREATE TABLE framings (
    item_id TEXT COLLATE "C" PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT COLLATE "C" NOT NULL,          -- done, failed
    framer TEXT COLLATE "C" NOT NULL,          -- version tag of the framing stage
    detail TEXT COLLATE "C",
    words INTEGER NOT NULL DEFAULT 0,  -- words of the item's headline and body (the per-1,000-words base)
    at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE framing_spans (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,           -- headline or body: the text the offsets are into
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    label TEXT COLLATE "C" NOT NULL,           -- a technique, Scare_Quotes or Hedge
    kind TEXT COLLATE "C" NOT NULL,            -- technique, scare_quote, hedge
    confidence DOUBLE PRECISION NOT NULL,
    method TEXT COLLATE "C" NOT NULL,          -- model, lexicon, rule
    evidence TEXT COLLATE "C"                  -- why: the cue, the class probabilities
);
CREATE INDEX framing_spans_item ON framing_spans(item_id);
CREATE INDEX framing_spans_label ON framing_spans(label);

CREATE TABLE namings (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    actor_id TEXT COLLATE "C" NOT NULL,
    tone TEXT COLLATE "C" NOT NULL,            -- pejorative, honorific, neutral
    cues TEXT COLLATE "C" NOT NULL             -- JSON list: the words that decided the tone
);
CREATE INDEX namings_item ON namings(item_id);
CREATE INDEX namings_actor ON namings(actor_id);
