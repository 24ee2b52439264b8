//! The `courses/` directory format: one folder per item with `course.toml`, Markdown
//! modules and a GIFT question bank. Loading, checking and exporting; no database here.

pub mod gift;
#[cfg(test)]
mod gift_props;
pub mod shipped;
pub mod source;
#[cfg(test)]
mod source_props;

pub use source::{
    check_tree, course_dirs, export, load, parse_files, CourseSource, ItemRef, ModuleSource,
    SourceProblem,
};
