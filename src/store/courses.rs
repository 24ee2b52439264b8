//! Courses and their versions: import from `courses/`, drafts, publishing, export.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::courses::{CourseSource, ItemRef, ModuleSource};
use crate::db::schema::{
    bureaus, course_modules, course_versions, courses, item_bureaus, items, questions,
};
use crate::db::{write_transaction, DbConnection};
use crate::domain::course::{validate, ModuleDraft, Problem, QuizSettings};
use crate::domain::cst;
use crate::domain::quiz::Question;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::ItemScope;
use crate::store::{audit, certificates};

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = courses)]
pub struct CourseRow {
    pub id: i32,
    pub item_id: i32,
    pub slug: String,
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = course_versions)]
pub struct VersionRow {
    pub id: i32,
    pub course_id: i32,
    pub number: Option<i32>,
    pub status: String,
    pub change_kind: Option<String>,
    pub title: String,
    pub note: String,
    pub settings: String,
    pub content_hash: String,
    pub created_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl VersionRow {
    pub fn quiz(&self) -> QuizSettings {
        serde_json::from_str(&self.settings).unwrap_or_default()
    }
    pub fn is_draft(&self) -> bool {
        self.status == "draft"
    }
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = course_modules)]
pub struct ModuleRow {
    pub id: i32,
    pub version_id: i32,
    pub position: i32,
    pub slug: String,
    pub title: String,
    pub minutes: i32,
    pub body: String,
    pub content_hash: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = questions)]
pub struct QuestionRow {
    pub id: i32,
    pub version_id: i32,
    pub position: i32,
    pub category: String,
    pub title: String,
    pub kind: String,
    pub body: String,
}

impl QuestionRow {
    pub fn question(&self) -> AppResult<Question> {
        serde_json::from_str(&self.body).map_err(|e| {
            AppError::Internal(anyhow::anyhow!("question {} is unreadable: {e}", self.id))
        })
    }
}

pub fn module_hash(title: &str, body: &str) -> String {
    hex::encode(Sha256::digest(format!("{title}\n{body}").as_bytes()))
}

pub fn course_for_item(conn: &mut DbConnection, item_id: i32) -> QueryResult<Option<CourseRow>> {
    courses::table
        .filter(courses::item_id.eq(item_id))
        .select(CourseRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: i32) -> QueryResult<CourseRow> {
    courses::table
        .find(id)
        .select(CourseRow::as_select())
        .first(conn)
}

/// The bureaus responsible for a course's item: who may edit it.
pub fn bureau_ids(conn: &mut DbConnection, item_id: i32) -> QueryResult<Vec<i32>> {
    item_bureaus::table
        .filter(item_bureaus::item_id.eq(item_id))
        .select(item_bureaus::bureau_id)
        .load(conn)
}

pub fn versions(conn: &mut DbConnection, course_id: i32) -> QueryResult<Vec<VersionRow>> {
    course_versions::table
        .filter(course_versions::course_id.eq(course_id))
        .select(VersionRow::as_select())
        .order(course_versions::id.desc())
        .load(conn)
}

pub fn latest_published(
    conn: &mut DbConnection,
    course_id: i32,
) -> QueryResult<Option<VersionRow>> {
    course_versions::table
        .filter(course_versions::course_id.eq(course_id))
        .filter(course_versions::status.eq("published"))
        .select(VersionRow::as_select())
        .order(course_versions::number.desc())
        .first(conn)
        .optional()
}

pub fn draft(conn: &mut DbConnection, course_id: i32) -> QueryResult<Option<VersionRow>> {
    course_versions::table
        .filter(course_versions::course_id.eq(course_id))
        .filter(course_versions::status.eq("draft"))
        .select(VersionRow::as_select())
        .first(conn)
        .optional()
}

pub fn version(conn: &mut DbConnection, id: i32) -> QueryResult<VersionRow> {
    course_versions::table
        .find(id)
        .select(VersionRow::as_select())
        .first(conn)
}

pub fn modules(conn: &mut DbConnection, version_id: i32) -> QueryResult<Vec<ModuleRow>> {
    course_modules::table
        .filter(course_modules::version_id.eq(version_id))
        .select(ModuleRow::as_select())
        .order(course_modules::position.asc())
        .load(conn)
}

pub fn question_rows(conn: &mut DbConnection, version_id: i32) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::version_id.eq(version_id))
        .select(QuestionRow::as_select())
        .order(questions::position.asc())
        .load(conn)
}

pub fn bank(conn: &mut DbConnection, version_id: i32) -> AppResult<Vec<Question>> {
    question_rows(conn, version_id)?
        .iter()
        .map(QuestionRow::question)
        .collect()
}

/// Publish problems of a version as it stands.
pub fn problems(conn: &mut DbConnection, v: &VersionRow) -> AppResult<Vec<Problem>> {
    let mods: Vec<ModuleDraft> = modules(conn, v.id)?
        .into_iter()
        .map(|m| ModuleDraft {
            title: m.title,
            minutes: u32::try_from(m.minutes).unwrap_or(0),
            body: m.body,
        })
        .collect();
    Ok(validate(&v.quiz(), &mods, &bank(conn, v.id)?))
}

/// One row of the course catalog: an item in scope and its course, if any.
#[derive(Debug, Clone, Serialize)]
pub struct CourseListing {
    pub item_code: String,
    pub item_seq: Option<i32>,
    pub item_name: String,
    pub common: bool,
    pub course_id: Option<i32>,
    pub published: Option<i32>,
    pub has_draft: bool,
}

/// (item id, code, 序号, name, common, course id)
type CatalogTuple = (i32, String, Option<i32>, String, bool, Option<i32>);

pub fn catalog(conn: &mut DbConnection, scope: ItemScope) -> QueryResult<Vec<CourseListing>> {
    let mut q = items::table
        .left_join(courses::table)
        .select((
            items::id,
            items::code,
            items::seq,
            items::name,
            items::common,
            courses::id.nullable(),
        ))
        .order((items::common.desc(), items::seq.asc(), items::code.asc()))
        .into_boxed();
    if let ItemScope::Bureau(b) = scope {
        let of_bureau = item_bureaus::table
            .filter(item_bureaus::bureau_id.eq(b))
            .select(item_bureaus::item_id);
        q = q.filter(items::id.eq_any(of_bureau));
    }
    let rows: Vec<CatalogTuple> = q.load(conn)?;
    let course_ids: Vec<i32> = rows.iter().filter_map(|r| r.5).collect();
    let vers: Vec<(i32, Option<i32>, String)> = course_versions::table
        .filter(course_versions::course_id.eq_any(&course_ids))
        .select((
            course_versions::course_id,
            course_versions::number,
            course_versions::status,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(_, code, seq, name, common, course_id)| {
            let mine = vers.iter().filter(|v| Some(v.0) == course_id);
            CourseListing {
                item_code: code,
                item_seq: seq,
                item_name: name,
                common,
                course_id,
                published: mine
                    .clone()
                    .filter(|v| v.2 == "published")
                    .filter_map(|v| v.1)
                    .max(),
                has_draft: mine.clone().any(|v| v.2 == "draft"),
            }
        })
        .collect())
}

fn insert_content(
    conn: &mut DbConnection,
    version_id: i32,
    modules: &[ModuleSource],
    bank: &[Question],
) -> AppResult<()> {
    for (i, m) in modules.iter().enumerate() {
        diesel::insert_into(course_modules::table)
            .values((
                course_modules::version_id.eq(version_id),
                course_modules::position.eq(i as i32 + 1),
                course_modules::slug.eq(&m.slug),
                course_modules::title.eq(&m.title),
                course_modules::minutes.eq(m.minutes as i32),
                course_modules::body.eq(&m.body),
                course_modules::content_hash.eq(module_hash(&m.title, &m.body)),
            ))
            .execute(conn)?;
    }
    replace_questions(conn, version_id, bank)
}

pub fn replace_questions(
    conn: &mut DbConnection,
    version_id: i32,
    bank: &[Question],
) -> AppResult<()> {
    diesel::delete(questions::table.filter(questions::version_id.eq(version_id))).execute(conn)?;
    for (i, q) in bank.iter().enumerate() {
        let body = serde_json::to_string(q).map_err(|e| AppError::Internal(e.into()))?;
        diesel::insert_into(questions::table)
            .values((
                questions::version_id.eq(version_id),
                questions::position.eq(i as i32 + 1),
                questions::category.eq(&q.category),
                questions::title.eq(&q.title),
                questions::kind.eq(q.answers.kind()),
                questions::body.eq(body),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub struct NewVersion<'a> {
    pub course_id: i32,
    pub published: bool,
    pub change_kind: Option<&'a str>,
    pub title: &'a str,
    pub note: &'a str,
    pub settings: &'a QuizSettings,
    pub content_hash: &'a str,
    pub actor: Option<i32>,
}

fn next_number(conn: &mut DbConnection, course_id: i32) -> QueryResult<i32> {
    let max: Option<i32> = course_versions::table
        .filter(course_versions::course_id.eq(course_id))
        .select(diesel::dsl::max(course_versions::number))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

fn insert_version(conn: &mut DbConnection, v: &NewVersion, now: NaiveDateTime) -> AppResult<i32> {
    let number = if v.published {
        Some(next_number(conn, v.course_id)?)
    } else {
        None
    };
    let settings = serde_json::to_string(v.settings).map_err(|e| AppError::Internal(e.into()))?;
    diesel::insert_into(course_versions::table)
        .values((
            course_versions::course_id.eq(v.course_id),
            course_versions::number.eq(number),
            course_versions::status.eq(if v.published { "published" } else { "draft" }),
            course_versions::change_kind.eq(v.change_kind),
            course_versions::title.eq(v.title),
            course_versions::note.eq(v.note),
            course_versions::settings.eq(settings),
            course_versions::content_hash.eq(v.content_hash),
            course_versions::created_at.eq(now),
            course_versions::created_by.eq(v.actor),
            course_versions::published_at.eq(v.published.then_some(now)),
            course_versions::published_by.eq(if v.published { v.actor } else { None }),
        ))
        .execute(conn)?;
    Ok(course_versions::table
        .filter(course_versions::course_id.eq(v.course_id))
        .select(diesel::dsl::max(course_versions::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or_default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    Created { number: i32 },
    NewVersion { number: i32 },
    Unchanged { number: i32 },
}

/// Imports one course folder in one transaction: a new course, a new published version
/// when the content changed, or nothing at all when it did not.
pub fn import(
    conn: &mut DbConnection,
    source: &CourseSource,
    actor: Option<i32>,
    now: NaiveDateTime,
) -> AppResult<ImportOutcome> {
    write_transaction(conn, |conn| {
        let code = source.item.code();
        let item_id: i32 = items::table
            .filter(items::code.eq(&code))
            .select(items::id)
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                AppError::bad(
                    Msg::key("course-import-no-item")
                        .arg("slug", &source.slug)
                        .arg("code", &code),
                )
            })?;
        let mut expected: Vec<String> = item_bureaus::table
            .inner_join(bureaus::table)
            .filter(item_bureaus::item_id.eq(item_id))
            .select(bureaus::code)
            .load(conn)?;
        expected.sort();
        let mut named = source.bureaus.clone();
        named.sort();
        if !named.is_empty() && named != expected {
            return Err(AppError::bad(
                Msg::key("course-import-bureaus-differ")
                    .arg("slug", &source.slug)
                    .arg("named", format!("{:?}", source.bureaus))
                    .arg("expected", format!("{expected:?}")),
            ));
        }
        let hash = source.content_hash();
        let (course_id, created) = match course_for_item(conn, item_id)? {
            Some(c) => (c.id, false),
            None => {
                diesel::insert_into(courses::table)
                    .values((
                        courses::item_id.eq(item_id),
                        courses::slug.eq(&source.slug),
                        courses::created_at.eq(now),
                    ))
                    .execute(conn)?;
                (
                    course_for_item(conn, item_id)?
                        .ok_or(AppError::NotFound)?
                        .id,
                    true,
                )
            }
        };
        if let Some(latest) = latest_published(conn, course_id)? {
            if latest.content_hash == hash {
                return Ok(ImportOutcome::Unchanged {
                    number: latest.number.unwrap_or(0),
                });
            }
        }
        let version_id = insert_version(
            conn,
            &NewVersion {
                course_id,
                published: true,
                change_kind: Some(if created { "major" } else { "minor" }),
                title: &source.title,
                note: &source.version_note,
                settings: &source.quiz,
                content_hash: &hash,
                actor,
            },
            now,
        )?;
        insert_content(conn, version_id, &source.modules, &source.questions)?;
        let number = version(conn, version_id)?.number.unwrap_or(0);
        audit::record(
            conn,
            now,
            actor,
            "course.import",
            &code,
            &format!("{} 第 {number} 版", source.title),
        )?;
        Ok(if created {
            ImportOutcome::Created { number }
        } else {
            ImportOutcome::NewVersion { number }
        })
    })
}

/// Rebuilds the source form of a version, for export.
pub fn to_source(conn: &mut DbConnection, version_id: i32) -> AppResult<CourseSource> {
    let v = version(conn, version_id)?;
    let course = find(conn, v.course_id)?;
    let (code, seq): (String, Option<i32>) = items::table
        .find(course.item_id)
        .select((items::code, items::seq))
        .first(conn)?;
    let item = match (seq, code.strip_prefix('C')) {
        (Some(n), Some(_)) if crate::store::reference::common_item_code(n) == code => {
            ItemRef::Seq(n)
        }
        _ => ItemRef::Code(code),
    };
    let mut bureau_codes: Vec<String> = item_bureaus::table
        .inner_join(bureaus::table)
        .filter(item_bureaus::item_id.eq(course.item_id))
        .select(bureaus::code)
        .order(bureaus::seq.asc())
        .load(conn)?;
    bureau_codes.dedup();
    Ok(CourseSource {
        slug: course.slug,
        item,
        title: v.title.clone(),
        bureaus: bureau_codes,
        version_note: v.note.clone(),
        quiz: v.quiz(),
        modules: modules(conn, version_id)?
            .into_iter()
            .map(|m| ModuleSource {
                slug: m.slug,
                title: m.title,
                minutes: u32::try_from(m.minutes).unwrap_or(0),
                body: m.body,
            })
            .collect(),
        questions: bank(conn, version_id)?,
    })
}

/// Opens a draft: a copy of the latest published version, or an empty course.
pub fn start_draft(
    conn: &mut DbConnection,
    item_id: i32,
    default_slug: &str,
    default_title: &str,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<i32> {
    write_transaction(conn, |conn| {
        let course_id = match course_for_item(conn, item_id)? {
            Some(c) => c.id,
            None => {
                diesel::insert_into(courses::table)
                    .values((
                        courses::item_id.eq(item_id),
                        courses::slug.eq(default_slug),
                        courses::created_at.eq(now),
                    ))
                    .execute(conn)?;
                course_for_item(conn, item_id)?
                    .ok_or(AppError::NotFound)?
                    .id
            }
        };
        if let Some(d) = draft(conn, course_id)? {
            return Ok(d.id);
        }
        let source = match latest_published(conn, course_id)? {
            Some(p) => Some(to_source(conn, p.id)?),
            None => None,
        };
        let settings = source.as_ref().map(|s| s.quiz.clone()).unwrap_or_default();
        let title = source
            .as_ref()
            .map(|s| s.title.clone())
            .unwrap_or_else(|| default_title.to_string());
        let version_id = insert_version(
            conn,
            &NewVersion {
                course_id,
                published: false,
                change_kind: None,
                title: &title,
                note: "",
                settings: &settings,
                content_hash: "",
                actor: Some(actor),
            },
            now,
        )?;
        if let Some(s) = source {
            insert_content(conn, version_id, &s.modules, &s.questions)?;
        }
        audit::record(
            conn,
            now,
            Some(actor),
            "course.draft",
            &format!("course:{course_id}"),
            "开始编辑新版本",
        )?;
        Ok(version_id)
    })
}

pub fn update_draft_settings(
    conn: &mut DbConnection,
    draft_id: i32,
    title: &str,
    settings: &QuizSettings,
) -> AppResult<()> {
    let json = serde_json::to_string(settings).map_err(|e| AppError::Internal(e.into()))?;
    diesel::update(
        course_versions::table
            .find(draft_id)
            .filter(course_versions::status.eq("draft")),
    )
    .set((
        course_versions::title.eq(title),
        course_versions::settings.eq(json),
    ))
    .execute(conn)?;
    Ok(())
}

/// Adds a module at the end (`position` None) or replaces the module at `position`.
pub fn save_module(
    conn: &mut DbConnection,
    draft_id: i32,
    position: Option<i32>,
    m: &ModuleSource,
) -> AppResult<i32> {
    write_transaction(conn, |conn| {
        let hash = module_hash(&m.title, &m.body);
        match position {
            Some(p) => {
                let n = diesel::update(
                    course_modules::table
                        .filter(course_modules::version_id.eq(draft_id))
                        .filter(course_modules::position.eq(p)),
                )
                .set((
                    course_modules::title.eq(&m.title),
                    course_modules::minutes.eq(m.minutes as i32),
                    course_modules::body.eq(&m.body),
                    course_modules::content_hash.eq(hash),
                ))
                .execute(conn)?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                Ok(p)
            }
            None => {
                let last: Option<i32> = course_modules::table
                    .filter(course_modules::version_id.eq(draft_id))
                    .select(diesel::dsl::max(course_modules::position))
                    .first(conn)?;
                let p = last.unwrap_or(0) + 1;
                diesel::insert_into(course_modules::table)
                    .values((
                        course_modules::version_id.eq(draft_id),
                        course_modules::position.eq(p),
                        course_modules::slug.eq(&m.slug),
                        course_modules::title.eq(&m.title),
                        course_modules::minutes.eq(m.minutes as i32),
                        course_modules::body.eq(&m.body),
                        course_modules::content_hash.eq(hash),
                    ))
                    .execute(conn)?;
                Ok(p)
            }
        }
    })
}

/// Removes a module and closes the gap in the positions.
pub fn delete_module(conn: &mut DbConnection, draft_id: i32, position: i32) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let rows = modules(conn, draft_id)?;
        if !rows.iter().any(|m| m.position == position) {
            return Err(AppError::NotFound);
        }
        diesel::delete(course_modules::table.filter(course_modules::version_id.eq(draft_id)))
            .execute(conn)?;
        let kept: Vec<ModuleSource> = rows
            .into_iter()
            .filter(|m| m.position != position)
            .map(|m| ModuleSource {
                slug: m.slug,
                title: m.title,
                minutes: u32::try_from(m.minutes).unwrap_or(1),
                body: m.body,
            })
            .collect();
        for (i, m) in kept.iter().enumerate() {
            diesel::insert_into(course_modules::table)
                .values((
                    course_modules::version_id.eq(draft_id),
                    course_modules::position.eq(i as i32 + 1),
                    course_modules::slug.eq(&m.slug),
                    course_modules::title.eq(&m.title),
                    course_modules::minutes.eq(m.minutes as i32),
                    course_modules::body.eq(&m.body),
                    course_modules::content_hash.eq(module_hash(&m.title, &m.body)),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A published version, and the certificates that now need a refresher.
pub struct Published {
    pub number: i32,
    pub refreshers: Vec<i32>,
}

/// Publishes a draft after checking it; returns the problems instead when there are any.
/// A major version gives holders of older versions until `refresher_due` to refresh.
pub fn publish(
    conn: &mut DbConnection,
    draft_id: i32,
    change_kind: &str,
    note: &str,
    actor: i32,
    now: NaiveDateTime,
    refresher_due: NaiveDate,
) -> AppResult<Result<Published, Vec<Problem>>> {
    write_transaction(conn, |conn| {
        let v = version(conn, draft_id)?;
        if !v.is_draft() {
            return Err(AppError::conflict(Msg::key(
                "course-version-already-published",
            )));
        }
        let found = problems(conn, &v)?;
        if !found.is_empty() {
            return Ok(Err(found));
        }
        let source = to_source(conn, draft_id)?;
        let number = next_number(conn, v.course_id)?;
        diesel::update(course_versions::table.find(draft_id))
            .set((
                course_versions::status.eq("published"),
                course_versions::number.eq(Some(number)),
                course_versions::change_kind.eq(Some(change_kind)),
                course_versions::note.eq(note),
                course_versions::content_hash.eq(source.content_hash()),
                course_versions::published_at.eq(Some(now)),
                course_versions::published_by.eq(Some(actor)),
            ))
            .execute(conn)?;
        let kind = if change_kind == "major" {
            "重大修订"
        } else {
            "文字修订"
        };
        audit::record_change(
            conn,
            now,
            Some(actor),
            "course.publish",
            &format!("course:{}", v.course_id),
            &format!("{} 第 {number} 版（{kind}）：{note}", v.title),
            ("草稿", &format!("已发布第 {number} 版")),
        )?;
        let refreshers = if change_kind == "major" {
            let item_id = find(conn, v.course_id)?.item_id;
            certificates::start_refresher(conn, item_id, number, refresher_due, cst::date_of(now))?
        } else {
            Vec::new()
        };
        Ok(Ok(Published { number, refreshers }))
    })
}

pub fn discard_draft(
    conn: &mut DbConnection,
    draft_id: i32,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let v = version(conn, draft_id)?;
        if !v.is_draft() {
            return Err(AppError::conflict(Msg::key(
                "course-published-not-deletable",
            )));
        }
        diesel::delete(course_versions::table.find(draft_id)).execute(conn)?;
        audit::record(
            conn,
            now,
            Some(actor),
            "course.discard_draft",
            &format!("course:{}", v.course_id),
            "",
        )?;
        Ok(())
    })
}

pub struct TreeSummary {
    pub lines: Vec<String>,
    pub failed: usize,
}

/// Imports every course folder under `dir`, each in its own transaction. A folder with
/// problems is reported and skipped; the others are imported.
pub fn import_tree(
    conn: &mut DbConnection,
    dir: &std::path::Path,
    actor: Option<i32>,
    now: NaiveDateTime,
) -> anyhow::Result<TreeSummary> {
    let mut summary = TreeSummary {
        lines: Vec::new(),
        failed: 0,
    };
    for folder in crate::courses::course_dirs(dir)? {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match crate::courses::load(&folder) {
            Ok(source) => match import(conn, &source, actor, now) {
                // the operator's console reads the default language
                Ok(ImportOutcome::Created { number }) => summary.lines.push(
                    Msg::key("course-import-created")
                        .arg("name", &name)
                        .arg("number", number)
                        .to_string(),
                ),
                Ok(ImportOutcome::NewVersion { number }) => summary.lines.push(
                    Msg::key("course-import-new-version")
                        .arg("name", &name)
                        .arg("number", number)
                        .to_string(),
                ),
                Ok(ImportOutcome::Unchanged { number }) => summary.lines.push(
                    Msg::key("course-import-unchanged")
                        .arg("name", &name)
                        .arg("number", number)
                        .to_string(),
                ),
                Err(e) => {
                    summary.failed += 1;
                    summary.lines.push(
                        Msg::key("course-import-failed")
                            .arg("name", &name)
                            .arg_msg("error", e.user_message())
                            .to_string(),
                    );
                }
            },
            Err(problems) => {
                summary.failed += 1;
                for p in problems {
                    summary.lines.push(p.to_string());
                }
            }
        }
    }
    Ok(summary)
}
