-- 0003_events: events found in items (PLOVER-typed, with evidence and attribution) and the extraction status.
CREATE TABLE extractions (
    item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT NOT NULL,          -- done, failed
    extractor TEXT NOT NULL,       -- version tag of the extract stage
    detail TEXT,
    at TEXT NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,           -- headline or body: the text the offsets are into
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    trigger TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    contexts TEXT NOT NULL,        -- JSON list
    actor TEXT,                    -- JSON Participant
    actor_id TEXT,
    actor_country TEXT,
    recipient TEXT,                -- JSON Participant
    recipient_id TEXT,
    recipient_country TEXT,
    place TEXT,                    -- JSON Place
    place_text TEXT,
    date TEXT,                     -- ISO event date, NULL when unknown (never the publication date)
    date_granularity TEXT NOT NULL,
    date_origin TEXT NOT NULL,
    date_text TEXT,
    aux_modes TEXT NOT NULL,       -- JSON list
    attribution TEXT NOT NULL,     -- JSON Attribution
    speaker_actor_id TEXT,
    quote TEXT NOT NULL,
    stance TEXT NOT NULL,
    confidence REAL NOT NULL,
    fatalities INTEGER,
    explanation TEXT               -- JSON: trigger, lexicon entry, classifier probabilities, rules used
);
CREATE INDEX events_item ON events(item_id);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_actor ON events(actor_id);
CREATE INDEX events_recipient ON events(recipient_id);
