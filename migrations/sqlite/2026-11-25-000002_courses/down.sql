DROP TABLE attempt_questions;
DROP TABLE attempts;
DROP TABLE module_progress;
DROP TABLE questions;
DROP TABLE course_modules;
DROP TABLE course_versions;
DROP TABLE courses;
