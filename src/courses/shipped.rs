//! The courses shipped in `courses/`, embedded in the binary so an offline deployment
//! has them without the source tree.

use std::path::Path;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "courses/"]
#[include = "*/*"]
struct Shipped;

/// Writes the shipped course folders under `dir`, in the `courses/` layout.
pub fn extract_to(dir: &Path) -> std::io::Result<usize> {
    let mut files = 0;
    for name in Shipped::iter() {
        let Some(file) = Shipped::get(&name) else {
            continue;
        };
        let path = dir.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file.data)?;
        files += 1;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_courses_are_embedded_with_their_modules() {
        let tmp = tempfile::tempdir().unwrap();
        let n = extract_to(tmp.path()).unwrap();
        assert!(n >= 36 * 5, "{n} files");
        let dirs = crate::courses::course_dirs(tmp.path()).unwrap();
        assert_eq!(dirs.len(), 36);
        assert!(
            dirs[0].join("01-conditions.md").exists()
                || std::fs::read_dir(&dirs[0]).unwrap().count() >= 5
        );
    }
}
