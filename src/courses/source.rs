//! Reading and writing one course folder.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::gift;
use crate::domain::course::{validate, ModuleDraft, QuizSettings};
use crate::domain::quiz::Question;
use crate::i18n::Msg;

/// Which item a course teaches: its 序号 in Appendix 2, or an imported item's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ItemRef {
    Seq(i32),
    Code(String),
}

impl ItemRef {
    /// The item code in the database (`C08` for 序号 8).
    pub fn code(&self) -> String {
        match self {
            ItemRef::Seq(n) => crate::store::reference::common_item_code(*n),
            ItemRef::Code(c) => c.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleSource {
    /// The file name without the `NN-` prefix and `.md`.
    pub slug: String,
    pub title: String,
    pub minutes: u32,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseSource {
    /// The folder name, e.g. `08-resident-medical-insurance`.
    pub slug: String,
    pub item: ItemRef,
    pub title: String,
    pub bureaus: Vec<String>,
    pub version_note: String,
    pub quiz: QuizSettings,
    pub modules: Vec<ModuleSource>,
    pub questions: Vec<Question>,
}

impl CourseSource {
    /// A fingerprint of the teaching content: importing an unchanged course is a no-op.
    /// The version note is left out: rewording the note alone is not a new version.
    pub fn content_hash(&self) -> String {
        let canonical = serde_json::json!({
            "title": self.title,
            "quiz": self.quiz,
            "modules": self.modules,
            "questions": self.questions,
        });
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }

    pub fn module_drafts(&self) -> Vec<ModuleDraft> {
        self.modules
            .iter()
            .map(|m| ModuleDraft {
                title: m.title.clone(),
                minutes: m.minutes,
                body: m.body.clone(),
            })
            .collect()
    }
}

/// One problem in a course folder, printed as `file:line: message` (the message in the
/// default language; `in_lang` for a reader's).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceProblem {
    pub file: PathBuf,
    pub line: usize,
    pub message: Msg,
}

impl SourceProblem {
    pub fn in_lang(&self, lang: &str) -> String {
        format!(
            "{}:{}: {}",
            self.file.display(),
            self.line,
            self.message.in_lang(lang)
        )
    }
}

impl fmt::Display for SourceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(crate::i18n::DEFAULT_LANG))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    item: Option<i32>,
    item_code: Option<String>,
    title: String,
    #[serde(default)]
    bureaus: Vec<String>,
    #[serde(default)]
    version_note: String,
    quiz: QuizSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    minutes: u32,
}

fn toml_line(text: &str, err: &toml::de::Error) -> usize {
    err.span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1)
}

/// Reads a file of the folder: from the disk in `load`, from memory in `parse_files`.
type ReadFile<'a> = &'a dyn Fn(&Path) -> std::io::Result<String>;

fn read(read_file: ReadFile, path: &Path, problems: &mut Vec<SourceProblem>) -> Option<String> {
    match read_file(path) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(SourceProblem {
                file: path.to_path_buf(),
                line: 1,
                message: Msg::key("course-file-unreadable").arg("error", e.to_string()),
            });
            None
        }
    }
}

/// Loads one course folder. Every problem found is returned, not just the first.
pub fn load(dir: &Path) -> Result<CourseSource, Vec<SourceProblem>> {
    let module_files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect()
        })
        .unwrap_or_default();
    load_with(dir, module_files, &|p: &Path| std::fs::read_to_string(p))
}

/// Checks a course folder given as (file name, content) pairs, as `load` would find it
/// at `dir` on the disk; no file is read. A file missing from `files` is unreadable.
pub fn parse_files(
    dir: &Path,
    files: &[(String, String)],
) -> Result<CourseSource, Vec<SourceProblem>> {
    let module_files = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let read_file = |path: &Path| {
        files
            .iter()
            .find(|(name, _)| dir.join(name) == path)
            .map(|(_, text)| text.clone())
            // ENOENT, as reading a missing file gives (ERROR_FILE_NOT_FOUND on Windows)
            .ok_or_else(|| std::io::Error::from_raw_os_error(2))
    };
    load_with(dir, module_files, &read_file)
}

/// `load` and `parse_files`: `module_files` are the `.md` files of the folder, in any order.
fn load_with(
    dir: &Path,
    mut module_files: Vec<PathBuf>,
    read_file: ReadFile,
) -> Result<CourseSource, Vec<SourceProblem>> {
    let mut problems = Vec::new();
    let at = |file: &Path, line: usize, message: Msg| SourceProblem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let toml_path = dir.join("course.toml");
    let course: Option<CourseToml> = read(read_file, &toml_path, &mut problems).and_then(|text| {
        toml::from_str(&text)
            .map_err(|e| {
                problems.push(at(
                    &toml_path,
                    toml_line(&text, &e),
                    Msg::key("course-file-bad-toml").arg("error", e.message()),
                ))
            })
            .ok()
    });
    let item = course.as_ref().and_then(|c| match (c.item, &c.item_code) {
        (Some(n), None) if (1..=36).contains(&n) => Some(ItemRef::Seq(n)),
        (Some(n), None) => {
            problems.push(at(
                &toml_path,
                1,
                Msg::key("course-file-item-out-of-range").arg("item", n.to_string()),
            ));
            None
        }
        (None, Some(code)) => Some(ItemRef::Code(code.clone())),
        _ => {
            problems.push(at(&toml_path, 1, Msg::key("course-file-item-missing")));
            None
        }
    });
    if let Some(ItemRef::Seq(n)) = &item {
        if !slug.starts_with(&format!("{n:02}-")) {
            problems.push(at(
                &toml_path,
                1,
                Msg::key("course-file-folder-name")
                    .arg("prefix", format!("{n:02}"))
                    .arg("slug", &slug),
            ));
        }
    }

    module_files.sort();
    let mut modules = Vec::new();
    for path in &module_files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((num, module_slug)) = name
            .split_once('-')
            .filter(|(n, _)| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()))
        else {
            problems.push(at(path, 1, Msg::key("course-file-module-name")));
            continue;
        };
        let _ = num;
        let Some(text) = read(read_file, path, &mut problems) else {
            continue;
        };
        match parse_module(&text) {
            Ok((fm, body)) => modules.push(ModuleSource {
                slug: module_slug.to_string(),
                title: fm.title.trim().to_string(),
                minutes: fm.minutes,
                body,
            }),
            Err((line, message)) => problems.push(at(path, line, message)),
        }
    }
    if module_files.is_empty() {
        problems.push(at(
            &dir.join("01-module.md"),
            1,
            Msg::key("course-file-no-modules"),
        ));
    }

    let gift_path = dir.join("questions.gift");
    let mut question_lines = Vec::new();
    let questions: Vec<Question> =
        match read(read_file, &gift_path, &mut problems).map(|t| gift::parse(&t)) {
            Some(Ok(parsed)) => parsed
                .into_iter()
                .map(|p| {
                    question_lines.push(p.line);
                    p.question
                })
                .collect(),
            Some(Err(errors)) => {
                for e in errors {
                    problems.push(at(&gift_path, e.line, e.message));
                }
                Vec::new()
            }
            None => Vec::new(),
        };

    let (Some(course), Some(item)) = (course, item) else {
        return Err(problems);
    };
    let source = CourseSource {
        slug,
        item,
        title: course.title.trim().to_string(),
        bureaus: course.bureaus,
        version_note: course.version_note,
        quiz: course.quiz,
        modules,
        questions,
    };
    if source.title.is_empty() {
        problems.push(at(&toml_path, 1, Msg::key("course-file-title-empty")));
    }
    if problems.is_empty() {
        for p in validate(&source.quiz, &source.module_drafts(), &source.questions) {
            let (file, line) = match (p.question, p.module) {
                (Some(q), _) => (
                    gift_path.clone(),
                    question_lines.get(q).copied().unwrap_or(1),
                ),
                (_, Some(m)) => (
                    module_files
                        .get(m)
                        .cloned()
                        .unwrap_or_else(|| toml_path.clone()),
                    1,
                ),
                _ => (toml_path.clone(), 1),
            };
            problems.push(SourceProblem {
                file,
                line,
                message: Msg::key("field-problem")
                    .arg_msg("field", p.field)
                    .arg_msg("problem", p.message),
            });
        }
    }
    if problems.is_empty() {
        Ok(source)
    } else {
        Err(problems)
    }
}

fn parse_module(text: &str) -> Result<(FrontMatter, String), (usize, Msg)> {
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err((1, Msg::key("course-file-no-front-matter")));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err((1, Msg::key("course-file-front-matter-unclosed")));
    };
    let fm: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| {
        (
            toml_line(&rest[..end], &e) + 1,
            Msg::key("course-file-bad-front-matter").arg("error", e.message()),
        )
    })?;
    let body = rest[end + 4..]
        .trim_start_matches(['\r', '\n'])
        .trim_end()
        .to_string();
    Ok((fm, body))
}

/// The course folders below `root`: those holding a `course.toml`, in name order.
pub fn course_dirs(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Checks every course below `root`. `bureaus` are the known bureau codes; each course
/// of a common item must name exactly that item's bureaus (`item_bureaus(seq)`).
pub fn check_tree(
    root: &Path,
    bureaus: &HashSet<String>,
    item_bureaus: &dyn Fn(i32) -> Option<Vec<String>>,
) -> (usize, Vec<SourceProblem>) {
    let dirs = match course_dirs(root) {
        Ok(d) => d,
        Err(e) => {
            return (
                0,
                vec![SourceProblem {
                    file: root.to_path_buf(),
                    line: 1,
                    message: Msg::key("course-file-unreadable-dir").arg("error", e.to_string()),
                }],
            )
        }
    };
    let mut problems = Vec::new();
    let mut seen_items = std::collections::HashMap::new();
    for dir in &dirs {
        match load(dir) {
            Ok(course) => {
                let toml_path = dir.join("course.toml");
                for b in &course.bureaus {
                    if !bureaus.contains(b) {
                        problems.push(SourceProblem {
                            file: toml_path.clone(),
                            line: 1,
                            message: Msg::key("course-file-unknown-bureau").arg("bureau", b),
                        });
                    }
                }
                if let ItemRef::Seq(n) = course.item {
                    if let Some(expected) = item_bureaus(n) {
                        let mut got = course.bureaus.clone();
                        got.sort();
                        let mut want = expected.clone();
                        want.sort();
                        if got != want {
                            problems.push(SourceProblem {
                                file: toml_path.clone(),
                                line: 1,
                                message: Msg::key("course-file-wrong-bureaus")
                                    .arg("expected", format!("{expected:?}"))
                                    .arg("got", format!("{:?}", course.bureaus)),
                            });
                        }
                    }
                }
                if let Some(other) = seen_items.insert(course.item.code(), dir.clone()) {
                    problems.push(SourceProblem {
                        file: toml_path,
                        line: 1,
                        message: Msg::key("course-file-duplicate-item")
                            .arg("other", other.display().to_string()),
                    });
                }
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    (dirs.len(), problems)
}

#[derive(Serialize)]
struct CourseTomlOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_code: Option<&'a str>,
    title: &'a str,
    bureaus: &'a [String],
    version_note: &'a str,
    quiz: &'a QuizSettings,
}

/// The files of a course folder, as (relative name, content).
pub fn export_files(course: &CourseSource) -> anyhow::Result<Vec<(String, String)>> {
    let (item, item_code) = match &course.item {
        ItemRef::Seq(n) => (Some(*n), None),
        ItemRef::Code(c) => (None, Some(c.as_str())),
    };
    let toml = toml::to_string(&CourseTomlOut {
        item,
        item_code,
        title: &course.title,
        bureaus: &course.bureaus,
        version_note: &course.version_note,
        quiz: &course.quiz,
    })?;
    let mut files = vec![("course.toml".to_string(), toml)];
    for (i, m) in course.modules.iter().enumerate() {
        let fm = toml::to_string(&serde_json::json!({ "title": m.title, "minutes": m.minutes }))?;
        files.push((
            format!("{:02}-{}.md", i + 1, m.slug),
            format!("+++\n{fm}+++\n\n{}\n", m.body),
        ));
    }
    files.push((
        "questions.gift".to_string(),
        gift::to_gift(&course.questions),
    ));
    Ok(files)
}

/// Writes a course into `parent/<slug>/`, replacing what was there.
pub fn export(course: &CourseSource, parent: &Path) -> anyhow::Result<PathBuf> {
    let dir = parent.join(&course.slug);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    for (name, content) in export_files(course)? {
        std::fs::write(dir.join(name), content)?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn sample(root: &Path) -> PathBuf {
        let dir = root.join("08-medical");
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir, "course.toml", "item = 8\ntitle = \"城乡居民医保\"\nbureaus = [\"yb\", \"sw\"]\nversion_note = \"首版\"\n\n[quiz]\ndraw = 2\nshuffle = true\ntime_limit_minutes = 20\npass_percent = 80\nmax_attempts = 3\ncooldown_minutes = 30\n");
        write(
            &dir,
            "01-who.md",
            "+++\ntitle = \"谁可以参保\"\nminutes = 10\n+++\n\n## 对象\n\n本市户籍居民。\n",
        );
        write(
            &dir,
            "02-how.md",
            "+++\ntitle = \"怎样缴费\"\nminutes = 8\n+++\n\n通过爱山东缴费。\n",
        );
        write(&dir, "questions.gift", "$CATEGORY: 对象\n\n::Q1::谁可以参保？{=本市居民 ~外省职工}\n\n::Q2::可以网上缴费。{T}\n");
        dir
    }

    #[test]
    fn a_course_folder_loads_and_round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = sample(tmp.path());
        let course = load(&dir).unwrap();
        assert_eq!(course.item, ItemRef::Seq(8));
        assert_eq!(course.modules.len(), 2);
        assert_eq!(course.modules[0].slug, "who");
        assert_eq!(course.modules[0].body, "## 对象\n\n本市户籍居民。");
        assert_eq!(course.questions.len(), 2);

        let out = tempfile::tempdir().unwrap();
        let exported = export(&course, out.path()).unwrap();
        let again = load(&exported).unwrap();
        assert_eq!(course, again);
        assert_eq!(course.content_hash(), again.content_hash());
    }

    #[test]
    fn problems_name_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = sample(tmp.path());
        write(&dir, "questions.gift", "好 {T}\n\n\n配对 {=a -> b}\n");
        write(&dir, "02-how.md", "no front matter\n");
        let problems = load(&dir).unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.iter().any(|s| s.ends_with(
                "questions.gift:4: 答案中有 ->：这是匹配题（matching）题型，Devolve 不支持"
            )),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|s| s.contains("02-how.md:1:")),
            "{shown:?}"
        );
    }

    #[test]
    fn validation_problems_point_at_the_question() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = sample(tmp.path());
        write(
            &dir,
            "questions.gift",
            "::Q1::甲 {T}\n\n::Q2::多选 {~%50%a ~%40%b ~%-100%c}\n",
        );
        let problems = load(&dir).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].message.contains("100%"));
    }

    #[test]
    fn check_tree_compares_bureaus_with_the_plan() {
        let tmp = tempfile::tempdir().unwrap();
        sample(tmp.path());
        let known: HashSet<String> = ["yb", "sw", "mz"].iter().map(|s| s.to_string()).collect();
        let (n, problems) = check_tree(tmp.path(), &known, &|_| {
            Some(vec!["yb".into(), "sw".into()])
        });
        assert_eq!((n, problems.len()), (1, 0));
        let (_, problems) = check_tree(tmp.path(), &known, &|_| Some(vec!["mz".into()]));
        assert!(problems[0].message.contains("责任单位"));
    }
}
