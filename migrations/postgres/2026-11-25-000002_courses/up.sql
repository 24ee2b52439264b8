-- Courses and quizzes. Keep in step with migrations/sqlite/.

CREATE TABLE courses (
    id SERIAL PRIMARY KEY,
    item_id INTEGER NOT NULL UNIQUE REFERENCES items (id),
    slug TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A draft has no number yet; publishing gives it the next one and freezes it.
CREATE TABLE course_versions (
    id SERIAL PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    number INTEGER,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    change_kind TEXT CHECK (change_kind IN ('major', 'minor')),
    title TEXT NOT NULL,
    note TEXT NOT NULL,
    settings TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users (id),
    published_at TIMESTAMP,
    published_by INTEGER REFERENCES users (id),
    UNIQUE (course_id, number)
);
CREATE INDEX course_versions_course ON course_versions (course_id, status);

CREATE TABLE course_modules (
    id SERIAL PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES course_versions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    UNIQUE (version_id, position)
);

CREATE TABLE questions (
    id SERIAL PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES course_versions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (version_id, position)
);

-- Progress follows a module's content, so an unchanged module stays done in a new version.
CREATE TABLE module_progress (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    content_hash TEXT NOT NULL,
    completed_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, course_id, content_hash)
);

CREATE TABLE attempts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    version_id INTEGER NOT NULL REFERENCES course_versions (id),
    number INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
    started_at TIMESTAMP NOT NULL,
    deadline TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    points DOUBLE PRECISION,
    max_points DOUBLE PRECISION NOT NULL,
    percent DOUBLE PRECISION,
    passed BOOLEAN,
    UNIQUE (user_id, version_id, number)
);
CREATE INDEX attempts_version ON attempts (version_id);

CREATE TABLE attempt_questions (
    id SERIAL PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions (id),
    option_order TEXT NOT NULL,
    response TEXT,
    saved_at TIMESTAMP,
    fraction DOUBLE PRECISION,
    points INTEGER NOT NULL,
    UNIQUE (attempt_id, position)
);
CREATE INDEX attempt_questions_question ON attempt_questions (question_id);
