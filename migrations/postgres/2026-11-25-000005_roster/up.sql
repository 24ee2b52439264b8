-- The staff roster: effective-dated assignments, transfers that need the organization
-- department's approval, staffing minimums, and before/after in the audit log.
-- Keep in step with migrations/postgres/.

-- The roster facts of a 全科社工. center_id/position/posting on users are the projection
-- of today's assignment row (see store::roster::apply_due); history lives in assignments.
ALTER TABLE users ADD COLUMN category TEXT NOT NULL DEFAULT 'other'
    CHECK (category IN ('fulltime', 'graduate2020', 'other'));
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT 'window'
    CHECK (position IN ('window', 'specialised'));
ALTER TABLE users ADD COLUMN posting TEXT NOT NULL DEFAULT 'serving'
    CHECK (posting IN ('serving', 'seconded', 'departed'));

CREATE TABLE transfers (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('move', 'secondment', 'replacement', 'departure')),
    from_center_id INTEGER NOT NULL REFERENCES centers (id),
    from_position TEXT NOT NULL,
    to_center_id INTEGER REFERENCES centers (id),
    to_position TEXT,
    destination TEXT NOT NULL,
    reason TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    requested_at TIMESTAMP NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_comment TEXT NOT NULL,
    effective_on TEXT,
    CHECK ((kind = 'move') = (to_center_id IS NOT NULL))
);
CREATE INDEX transfers_user ON transfers (user_id);
CREATE INDEX transfers_status ON transfers (status, requested_at);
CREATE INDEX transfers_from ON transfers (from_center_id);
-- one open request per worker
CREATE UNIQUE INDEX transfers_one_pending ON transfers (user_id) WHERE status = 'pending';

-- valid_to is the first day the row no longer holds (NULL while it does); rows are only
-- ever closed, never rewritten. applied says users already shows the row.
CREATE TABLE assignments (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    center_id INTEGER NOT NULL REFERENCES centers (id),
    position TEXT NOT NULL CHECK (position IN ('window', 'specialised')),
    posting TEXT NOT NULL CHECK (posting IN ('serving', 'seconded', 'departed')),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    cause TEXT NOT NULL CHECK (cause IN ('hire', 'move', 'secondment', 'return', 'replacement', 'departure', 'correction')),
    transfer_id INTEGER REFERENCES transfers (id),
    note TEXT NOT NULL,
    applied BOOLEAN NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX assignments_user ON assignments (user_id, valid_from);
CREATE INDEX assignments_center ON assignments (center_id, valid_from);
CREATE INDEX assignments_due ON assignments (applied, valid_from);

-- every worker already in post gets a first history row from the day the account was made
INSERT INTO assignments (user_id, center_id, position, posting, valid_from, valid_to, cause, transfer_id, note, applied, recorded_by, recorded_at)
SELECT id, center_id, 'window', 'serving', substr(CAST(created_at AS TEXT), 1, 10), NULL, 'hire', NULL, '', TRUE, NULL, created_at
FROM users WHERE role = 'worker' AND center_id IS NOT NULL;

CREATE TABLE staffing_minimums (
    level TEXT PRIMARY KEY CHECK (level IN ('town', 'zone')),
    required INTEGER NOT NULL CHECK (required >= 1)
);
INSERT INTO staffing_minimums (level, required) VALUES ('town', 3), ('zone', 2);

-- Each change of a town's zone selection, so a past month reads the selection it had.
-- A town without a row here still has the selection it had before the log began.
CREATE TABLE zone_selection_log (
    id SERIAL PRIMARY KEY,
    town_id INTEGER NOT NULL REFERENCES towns (id),
    changed_on TEXT NOT NULL,
    item_ids TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX zone_selection_log_town ON zone_selection_log (town_id, changed_on);

ALTER TABLE audit_log ADD COLUMN before_state TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN after_state TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_action ON audit_log (action, at);
