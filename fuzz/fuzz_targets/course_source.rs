//! The course-folder loader on arbitrary files. The input is split at NUL bytes into
//! `course.toml`, `01-module.md`, `questions.gift` and, if there is a fourth part,
//! `02-more.md`; `parse_files` checks them as `load` would a folder on the disk.
//! It must not panic, and every problem must name one of those files and a line in it (or just past
//! its end, for a TOML error at the end of the file).
#![no_main]

use std::path::Path;

use devolve::courses::parse_files;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = [
    "course.toml",
    "01-module.md",
    "questions.gift",
    "02-more.md",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files: Vec<(String, String)> = text
        .splitn(NAMES.len(), '\0')
        .zip(NAMES)
        .map(|(content, name)| (name.to_string(), content.to_string()))
        .collect();
    let dir = Path::new("/courses/08-fuzz");
    if let Err(problems) = parse_files(dir, &files) {
        assert!(!problems.is_empty());
        for p in problems {
            let name = p.file.strip_prefix(dir).expect("a file of the folder");
            let name = name.to_str().unwrap();
            assert!(NAMES.contains(&name), "{name}");
            let lines = files
                .iter()
                .find(|(n, _)| n == name)
                .map_or(1, |(_, t)| t.split('\n').count());
            assert!(
                (1..=lines).contains(&p.line),
                "{name}:{} of {lines}",
                p.line
            );
        }
    }
});
