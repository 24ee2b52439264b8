-- Certificates per worker and item, the handling-mode facts (zone selections, thresholds)
-- and API tokens for machine clients. Keep in step with migrations/sqlite/.

-- Whether towns take this item (all 36 common items do), and how long its certificate lasts.
ALTER TABLE items ADD COLUMN delegated BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE items ADD COLUMN cert_months INTEGER NOT NULL DEFAULT 24 CHECK (cert_months BETWEEN 1 AND 120);

CREATE TABLE certificates (
    id SERIAL PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- the unguessable code in the public verification link
    code TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    item_id INTEGER NOT NULL REFERENCES items (id),
    version_id INTEGER NOT NULL REFERENCES course_versions (id),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'superseded', 'expired')),
    issued_on TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    -- set when a major course version asks holders of older versions for a refresher
    refresher_due TEXT,
    -- the last valid day: the earlier of valid_until and refresher_due
    ends_on TEXT NOT NULL,
    -- the same day as a number (days from 0001-01-01), so the handling matrix compares and
    -- reads integers instead of hundreds of thousands of date strings
    ends_day INTEGER NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by INTEGER REFERENCES users (id),
    revoke_reason TEXT NOT NULL DEFAULT '',
    notified_at TIMESTAMP,
    -- the smallest "days before expiry" reminder already sent (60, 30, 7)
    reminded_days INTEGER
);
-- at most one standing certificate per worker and item: issuing twice gives one
CREATE UNIQUE INDEX certificates_one_active ON certificates (user_id, item_id) WHERE status = 'active';
CREATE INDEX certificates_item ON certificates (item_id, status, ends_on);
-- covers the handling matrix's scan of standing certificates without touching the table
CREATE INDEX certificates_standing ON certificates (status, ends_day, user_id, item_id);
CREATE INDEX certificates_user ON certificates (user_id, item_id);

-- The items a town hands down to its zone centers (the plan asks for at least 5).
CREATE TABLE zone_items (
    town_id INTEGER NOT NULL REFERENCES towns (id),
    item_id INTEGER NOT NULL REFERENCES items (id),
    PRIMARY KEY (town_id, item_id)
);

-- How many certified workers a center of each level needs to handle an item directly.
CREATE TABLE handling_thresholds (
    level TEXT PRIMARY KEY CHECK (level IN ('town', 'zone')),
    required INTEGER NOT NULL CHECK (required BETWEEN 1 AND 20)
);
INSERT INTO handling_thresholds (level, required) VALUES ('town', 2), ('zone', 1);

CREATE TABLE api_tokens (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- NULL: every town; otherwise the one town the client may read
    town_id INTEGER REFERENCES towns (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
