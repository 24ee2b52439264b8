-- The mail worker runs every few seconds. Without these, each round read every
-- certificate ever issued (for unsent issue notices) and every standing certificate
-- ending within 60 days (tens of thousands at province scale) to find the few reminders due.
CREATE INDEX certificates_unnotified ON certificates (id) WHERE notified_at IS NULL;
CREATE INDEX certificates_reminders ON certificates (status, ends_day, reminded_days);
CREATE INDEX leaves_unreminded ON leaves (status) WHERE reported_back_at IS NULL AND overdue_notified_at IS NULL;
