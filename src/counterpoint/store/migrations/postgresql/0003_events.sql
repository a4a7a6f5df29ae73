-- 0003_events (PostgreSQL): events found in items (PLOVER-typed, with evidence and attribution) and the extraction status.
CREATE TABLE extractions (
    item_id TEXT COLLATE "C" PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT COLLATE "C" NOT NULL,          -- done, failed
    extractor TEXT COLLATE "C" NOT NULL,       -- version tag of the extract stage
    detail TEXT COLLATE "C",
    at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT COLLATE "C" NOT NULL,           -- headline or body: the text the offsets are into
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    trigger TEXT COLLATE "C" NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    event_type TEXT COLLATE "C" NOT NULL,
    mode TEXT COLLATE "C",
    contexts TEXT COLLATE "C" NOT NULL,        -- JSON list
    actor TEXT COLLATE "C",                    -- JSON Participant
    actor_id TEXT COLLATE "C",
    actor_country TEXT COLLATE "C",
    recipient TEXT COLLATE "C",                -- JSON Participant
    recipient_id TEXT COLLATE "C",
    recipient_country TEXT COLLATE "C",
    place TEXT COLLATE "C",                    -- JSON Place
    place_text TEXT COLLATE "C",
    date TEXT COLLATE "C",                     -- ISO event date, NULL when unknown (never the publication date)
    date_granularity TEXT COLLATE "C" NOT NULL,
    date_origin TEXT COLLATE "C" NOT NULL,
    date_text TEXT COLLATE "C",
    aux_modes TEXT COLLATE "C" NOT NULL,       -- JSON list
    attribution TEXT COLLATE "C" NOT NULL,     -- JSON Attribution
    speaker_actor_id TEXT COLLATE "C",
    quote TEXT COLLATE "C" NOT NULL,
    stance TEXT COLLATE "C" NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    fatalities INTEGER,
    explanation TEXT COLLATE "C"               -- JSON: trigger, lexicon entry, classifier probabilities, rules used
);
CREATE INDEX events_item ON events(item_id);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_actor ON events(actor_id);
CREATE INDEX events_recipient ON events(recipient_id);
