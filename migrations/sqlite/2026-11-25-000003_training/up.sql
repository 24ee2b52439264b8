-- Training sessions, attendance, leave, and the mail outbox. Keep in step with migrations/postgres/.

ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL,
    online_link TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    trainer_id INTEGER NOT NULL REFERENCES users (id),
    bureau_id INTEGER REFERENCES bureaus (id),
    required BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'closed')),
    checkin_secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_start ON training_sessions (starts_at);

CREATE TABLE session_items (
    session_id INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items (id),
    PRIMARY KEY (session_id, item_id)
);
CREATE INDEX session_items_item ON session_items (item_id);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('unmarked', 'present', 'late', 'excused', 'absent')),
    checked_in_at TIMESTAMP,
    marked_at TIMESTAMP,
    enrolled_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, user_id)
);
CREATE INDEX enrolments_user ON enrolments (user_id);

CREATE TABLE leaves (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('sick', 'personal', 'official')),
    reason TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by INTEGER REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_comment TEXT NOT NULL,
    reported_back_at TIMESTAMP,
    overdue_notified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX leaves_user ON leaves (user_id);

CREATE TABLE leave_sessions (
    leave_id INTEGER NOT NULL REFERENCES leaves (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    PRIMARY KEY (leave_id, session_id)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
