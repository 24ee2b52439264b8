DROP INDEX leaves_unreminded;
DROP INDEX certificates_reminders;
DROP INDEX certificates_unnotified;
