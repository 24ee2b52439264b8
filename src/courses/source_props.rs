//! Property tests of the course-folder loader: mutated `course.toml`, module files and
//! question banks written into a temporary folder and loaded with `load`.
//!
//! - `load` never panics;
//! - every problem names a file of the folder and a line of that file (or the line just
//!   past its end, where TOML reports the end of the file);
//! - a folder that loads comes back the same through `export` and `load`;
//! - `parse_files` (what the fuzzer drives) agrees with `load` on the same files.

use std::path::Path;

use proptest::prelude::*;

use super::source::{export, load, parse_files};

const CASES: u32 = 256;

const COURSE_TOML: &str = "item = 8\ntitle = \"城乡居民医保\"\nbureaus = [\"yb\", \"sw\"]\nversion_note = \"首版\"\n\n[quiz]\ndraw = 2\nshuffle = true\ntime_limit_minutes = 20\npass_percent = 80\nmax_attempts = 3\ncooldown_minutes = 30\n";
const MODULE: &str =
    "+++\ntitle = \"谁可以参保\"\nminutes = 10\n+++\n\n## 对象\n\n本市户籍居民。\n";
const GIFT: &str =
    "$CATEGORY: 对象\n\n::Q1::谁可以参保？{=本市居民 ~外省职工}\n\n::Q2::可以网上缴费。{T}\n";

/// Pieces a mutation may put in: TOML syntax, wrong types, unknown keys, GIFT syntax.
const TOKENS: &[&str] = &[
    "=",
    "\"",
    "[",
    "]",
    "[[",
    "{",
    "}",
    ",",
    "#",
    "\n",
    "+++",
    "+++\n",
    "\r\n",
    "\\",
    "'''",
    "item = 99",
    "item = -1",
    "item_code = \"B1\"",
    "title = \"\"",
    "title = 3",
    "draw = -1",
    "minutes = \"x\"",
    "pass_percent = 101",
    "unknown = 1",
    "[quiz]",
    "[other]",
    "true",
    "9999999999999999999",
    "1.5",
    "题",
    "é",
    "::",
    "{T}",
    "~",
    "%200%",
    "\u{feff}",
];

/// A file's text, changed a few times at random places.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let edit = (
        0..4u8,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::sample::select(TOKENS),
    );
    prop::collection::vec(edit, 0..4).prop_map(move |edits| {
        let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
        for (kind, at, at2, token) in edits {
            let n = lines.len();
            match kind {
                0 if n > 0 => {
                    lines.remove(at.index(n));
                }
                1 => lines.insert(at.index(n + 1), token.to_string()),
                2 if n > 0 => {
                    let line = &mut lines[at.index(n)];
                    let cut = line
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(at2.index(line.chars().count() + 1))
                        .unwrap_or(line.len());
                    line.insert_str(cut, token);
                }
                _ if n > 0 => {
                    let line = lines[at.index(n)].clone();
                    lines.insert(at2.index(n + 1), line);
                }
                _ => {}
            }
        }
        lines.join("\n") + "\n"
    })
}

fn any_or_mutated(base: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![4 => mutated(base), 1 => any::<String>()]
}

fn module_name() -> impl Strategy<Value = String> {
    prop::sample::select(&["01-who.md", "02-how.md", "1-bad.md", "ab-c.md", "03-题.md"][..])
        .prop_map(str::to_string)
}

/// The files of a folder: course.toml, some modules and questions.gift; any may be missing.
fn folder() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        prop::option::weighted(0.95, any_or_mutated(COURSE_TOML)),
        prop::collection::vec((module_name(), any_or_mutated(MODULE)), 0..3),
        prop::option::weighted(0.95, any_or_mutated(GIFT)),
    )
        .prop_map(|(toml, modules, gift)| {
            let mut files = Vec::new();
            if let Some(t) = toml {
                files.push(("course.toml".to_string(), t));
            }
            for (name, text) in modules {
                if !files.iter().any(|(n, _)| *n == name) {
                    files.push((name, text));
                }
            }
            if let Some(g) = gift {
                files.push(("questions.gift".to_string(), g));
            }
            files
        })
}

fn write(dir: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn a_folder_loads_or_every_problem_names_file_and_line(files in folder()) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("08-medical");
        write(&dir, &files);
        match load(&dir) {
            Ok(course) => {
                let out = tempfile::tempdir().unwrap();
                let again = load(&export(&course, out.path()).unwrap());
                prop_assert_eq!(Ok(course), again);
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert_eq!(p.file.parent(), Some(dir.as_path()), "{}", p);
                    let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
                    let lines = match files.iter().find(|(n, _)| *n == name) {
                        Some((_, text)) => text.split('\n').count(),
                        // a missing file, or "no modules" (named as 01-module.md)
                        None => 1,
                    };
                    prop_assert!((1..=lines).contains(&p.line), "{} (of {} lines)", p, lines);
                    prop_assert!(!p.message.to_string().is_empty());
                }
            }
        }
        prop_assert_eq!(load(&dir), parse_files(&dir, &files));
    }
}

#[test]
fn the_shipped_courses_load_from_memory_as_from_the_disk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    for dir in super::course_dirs(&root).unwrap() {
        let files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        let from_disk = load(&dir);
        assert!(from_disk.is_ok(), "{}: {from_disk:?}", dir.display());
        assert_eq!(from_disk, parse_files(&dir, &files), "{}", dir.display());
    }
}
