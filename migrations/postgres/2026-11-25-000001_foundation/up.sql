-- Foundation: the plan's reference data, accounts, sessions, login throttling, audit.
-- Keep in step with migrations/sqlite/: same tables, same columns, same constraints.

CREATE TABLE bureaus (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    seq INTEGER NOT NULL
);

CREATE TABLE towns (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('town', 'subdistrict')),
    seq INTEGER NOT NULL
);

CREATE TABLE centers (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    town_id INTEGER NOT NULL REFERENCES towns (id),
    level TEXT NOT NULL CHECK (level IN ('town', 'zone')),
    pilot BOOLEAN NOT NULL DEFAULT FALSE,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX centers_town ON centers (town_id);

CREATE TABLE station_offices (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    delegated_by TEXT
);

CREATE TABLE items (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    seq INTEGER,
    name TEXT NOT NULL,
    common BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT NOT NULL CHECK (source IN ('plan', 'import')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE item_bureaus (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    bureau_id INTEGER NOT NULL REFERENCES bureaus (id),
    PRIMARY KEY (item_id, bureau_id)
);
CREATE INDEX item_bureaus_bureau ON item_bureaus (bureau_id);

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'trainer', 'manager', 'worker', 'orgdept')),
    bureau_id INTEGER REFERENCES bureaus (id),
    town_id INTEGER REFERENCES towns (id),
    center_id INTEGER REFERENCES centers (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    -- the scope column a role needs is set, and no other
    CHECK ((role = 'trainer') = (bureau_id IS NOT NULL)),
    CHECK ((role = 'manager') = (town_id IS NOT NULL)),
    CHECK ((role = 'worker') = (center_id IS NOT NULL))
);
CREATE INDEX users_center ON users (center_id);
CREATE INDEX users_town ON users (town_id);
CREATE INDEX users_bureau ON users (bureau_id);

CREATE TABLE sessions (
    id SERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id SERIAL PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);

CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
