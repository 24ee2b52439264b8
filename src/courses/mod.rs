//! The `courses/` directory format: one folder per item with `course.toml`, Markdown
//! modules and a GIFT question bank. Loading, checking and exporting; no database here.

pub mod gift;
pub mod shipped;
pub mod source;

pub use source::{
    check_tree, course_dirs, export, load, CourseSource, ItemRef, ModuleSource, SourceProblem,
};
