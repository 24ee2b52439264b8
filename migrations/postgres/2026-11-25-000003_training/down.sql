DROP TABLE outbox;
DROP TABLE leave_sessions;
DROP TABLE leaves;
DROP TABLE enrolments;
DROP TABLE session_items;
DROP TABLE training_sessions;
ALTER TABLE users DROP COLUMN email;
