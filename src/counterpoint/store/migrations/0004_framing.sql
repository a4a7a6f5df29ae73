-- 0004_framing: framing spans (techniques, scare quotes, hedges), the names items give actors, and the framing status.
CREATE TABLE framings (
    item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT NOT NULL,          -- done, failed
    framer TEXT NOT NULL,          -- version tag of the framing stage
    detail TEXT,
    words INTEGER NOT NULL DEFAULT 0,  -- words of the item's headline and body (the per-1,000-words base)
    at TEXT NOT NULL
);

CREATE TABLE framing_spans (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,           -- headline or body: the text the offsets are into
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,           -- a technique, Scare_Quotes or Hedge
    kind TEXT NOT NULL,            -- technique, scare_quote, hedge
    confidence REAL NOT NULL,
    method TEXT NOT NULL,          -- model, lexicon, rule
    evidence TEXT                  -- why: the cue, the class probabilities
);
CREATE INDEX framing_spans_item ON framing_spans(item_id);
CREATE INDEX framing_spans_label ON framing_spans(label);

CREATE TABLE namings (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    tone TEXT NOT NULL,            -- pejorative, honorific, neutral
    cues TEXT NOT NULL             -- JSON list: the words that decided the tone
);
CREATE INDEX namings_item ON namings(item_id);
CREATE INDEX namings_actor ON namings(actor_id);
