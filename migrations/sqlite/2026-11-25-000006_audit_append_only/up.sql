-- The audit log is append-only in the database itself, not only because no route edits
-- it: an UPDATE or DELETE aborts. (PostgreSQL's twin is in migrations/postgres/.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
