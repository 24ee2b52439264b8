//! Reading a published version as its authors see it, exporting it, and item analysis.

use std::io::Write;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::quiz::{correct_answer_text, Answers, Question};
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::store::attempts;
use crate::store::courses::{self, ModuleRow, VersionRow};
use crate::web::course_author::course_context;
use crate::web::markdown::to_safe_html;
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

pub fn module_views(mods: &[ModuleRow]) -> Vec<Value> {
    mods.iter()
        .map(|m| json!({ "position": m.position, "title": m.title, "minutes": m.minutes, "html": to_safe_html(&m.body) }))
        .collect()
}

fn kind_label(a: &Answers, lang: &str) -> String {
    crate::i18n::t_in(
        lang,
        match a {
            Answers::Single { .. } => "question-kind-single",
            Answers::Multi { .. } => "question-kind-multi",
            Answers::TrueFalse { .. } => "question-kind-true-false",
            Answers::Short { .. } => "question-kind-short",
        },
    )
}

/// Questions as their authors see them: with weights, the right answers and feedback.
pub fn question_views(bank: &[Question], lang: &str) -> Vec<Value> {
    bank.iter()
        .enumerate()
        .map(|(i, q)| {
            let text_html = if q.markdown { to_safe_html(&q.text) } else { String::new() };
            json!({
                "number": i + 1, "title": q.title, "category": q.category, "kind": kind_label(&q.answers, lang),
                "text": q.text, "markdown": q.markdown, "text_html": text_html, "points": q.points,
                "options": q.answers.options(), "correct": correct_answer_text(q, lang), "general_feedback": q.general_feedback,
            })
        })
        .collect()
}

async fn published(state: &AppState, course_id: i32, number: i32) -> AppResult<VersionRow> {
    state
        .db(move |conn| {
            courses::versions(conn, course_id)?
                .into_iter()
                .find(|v| v.number == Some(number) && !v.is_draft())
                .ok_or(AppError::NotFound)
        })
        .await
}

#[get("/courses/{id}/versions/{n}")]
pub async fn show_version(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ReadCourses)?;
    let (id, n) = path.into_inner();
    let ctx = course_context(&state, &user, id).await?;
    let v = published(&state, id, n).await?;
    let vid = v.id;
    let (mods, bank) = state
        .db(move |conn| Ok((courses::modules(conn, vid)?, courses::bank(conn, vid)?)))
        .await?;
    page(
        &req,
        &state,
        "pages/courses/preview",
        json!({
            "course": ctx.course, "item": ctx.item, "draft": false, "number": n,
            "title": v.title, "quiz": v.quiz(), "modules": module_views(&mods),
            "questions": question_views(&bank, user.lang), "problems": [],
        }),
    )
}

/// The version as a zip of the `courses/` layout: edit it and import it back.
#[get("/courses/{id}/versions/{n}/export.zip")]
pub async fn export_zip(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (id, n) = path.into_inner();
    let ctx = course_context(&state, &user, id).await?;
    if !ctx.can_edit {
        return Err(AppError::Forbidden);
    }
    let v = published(&state, id, n).await?;
    let vid = v.id;
    let source = state.db(move |conn| courses::to_source(conn, vid)).await?;
    let files = crate::courses::source::export_files(&source)?;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in files {
            zip.start_file(format!("{}/{name}", source.slug), options)
                .map_err(|e| AppError::Internal(e.into()))?;
            zip.write_all(content.as_bytes())
                .map_err(|e| AppError::Internal(e.into()))?;
        }
        zip.finish().map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}-v{n}.zip\"", source.slug),
        ))
        .body(buf.into_inner()))
}

#[derive(Deserialize)]
pub struct AnalysisQuery {
    version: Option<i32>,
}

#[get("/courses/{id}/analysis")]
pub async fn item_analysis(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    q: web::Query<AnalysisQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let ctx = course_context(&state, &user, id).await?;
    if !ctx.can_edit {
        return Err(AppError::Forbidden);
    }
    let wanted = q.version;
    let lang = crate::i18n::supported(crate::web::session::request_context(&req).lang);
    let data = state
        .db(move |conn| {
            let versions: Vec<VersionRow> = courses::versions(conn, id)?.into_iter().filter(|v| !v.is_draft()).collect();
            let chosen = match wanted {
                Some(n) => versions.iter().find(|v| v.number == Some(n)).cloned().ok_or(AppError::NotFound)?,
                None => versions.first().cloned().ok_or_else(|| AppError::bad(crate::i18n::Msg::key("course-analysis-no-version")))?,
            };
            let a = attempts::analysis(conn, chosen.id)?;
            let facility = |f: Option<f64>| f.map(percent_text).unwrap_or_else(|| "—".into());
            let questions: Vec<Value> = a.questions.iter().map(|q| json!({ "position": q.position, "title": q.title, "category": q.category, "drawn": q.drawn, "facility": facility(q.facility) })).collect();
            let hardest: Vec<Value> = a.hardest.iter().map(|q| json!({ "title": q.title, "facility": facility(q.facility) })).collect();
            let chart = crate::web::charts::scores::figure(lang, &a.distribution);
            let numbers: Vec<Value> = versions.iter().map(|v| json!({ "number": v.number, "selected": v.id == chosen.id })).collect();
            Ok(json!({
                "attempts": a.attempts, "passed": a.passed, "pass_rate": facility(a.pass_rate),
                "questions": questions, "hardest": hardest,
                "chart": chart, "number": chosen.number, "versions": numbers,
            }))
        })
        .await?;
    let mut data = data;
    data["course"] = json!(ctx.course);
    data["item"] = json!(ctx.item);
    page(&req, &state, "pages/courses/analysis", data)
}

/// 87.5 → "87.5%", 100.0 → "100%".
pub fn percent_text(p: f64) -> String {
    format!("{}%", number_text(p))
}

/// A score for people: one decimal at most, none when whole (1.0 → "1", 0.5 → "0.5").
pub fn number_text(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_table() {
        for (p, text) in [
            (100.0, "100%"),
            (87.5, "87.5%"),
            (66.666, "66.7%"),
            (0.0, "0%"),
        ] {
            assert_eq!(percent_text(p), text);
        }
    }
}
