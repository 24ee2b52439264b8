//! Authoring (trainers of the item's bureaus, and admins): the course catalog, drafts,
//! modules, the question bank as GIFT, preview and publishing.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::courses::{gift, ModuleSource};
use crate::domain::course::QuizSettings;
use crate::domain::names::check_title;
use crate::domain::pagination::{paginate, PageQuery};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::courses::{self, CourseRow, VersionRow};
use crate::store::items::{self, ItemView};
use crate::web::course_view::{module_views, question_views};
use crate::web::notify::certificate_mail;
use crate::web::render::{page, page_with_status, redirect, say};
use crate::web::session::{CsrfForm, CurrentUser};
use crate::web::state::AppState;

/// A course with its item and whether this user may edit it.
pub struct CourseContext {
    pub course: CourseRow,
    pub item: ItemView,
    pub can_edit: bool,
}

pub async fn course_context(
    state: &AppState,
    user: &CurrentUser,
    course_id: i32,
) -> AppResult<CourseContext> {
    let actor = user.actor;
    state
        .db(move |conn| {
            let course = courses::find(conn, course_id)?;
            let item_code: String = {
                use crate::db::schema::items;
                use diesel::prelude::*;
                items::table
                    .find(course.item_id)
                    .select(items::code)
                    .first(conn)?
            };
            let item = items::find_by_code(conn, &item_code)?.ok_or(AppError::NotFound)?;
            let bureaus = courses::bureau_ids(conn, course.item_id)?;
            Ok(CourseContext {
                can_edit: policy::allows_course_edit(&actor, &bureaus),
                course,
                item,
            })
        })
        .await
}

async fn editable_draft(
    state: &AppState,
    user: &CurrentUser,
    course_id: i32,
) -> AppResult<(CourseContext, VersionRow)> {
    let ctx = course_context(state, user, course_id).await?;
    if !ctx.can_edit {
        return Err(AppError::Forbidden);
    }
    let draft = state
        .db(move |conn| courses::draft(conn, course_id)?.ok_or(AppError::NotFound))
        .await?;
    Ok((ctx, draft))
}

#[get("/courses")]
pub async fn course_catalog(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ReadCourses)?;
    let scope = policy::item_scope(&user.actor);
    let wanted = PageQuery::from_query_string(req.query_string()).request();
    let rows = state
        .db(move |conn| Ok(courses::catalog(conn, scope)?))
        .await?;
    let (rows, pager) = paginate(rows, wanted);
    page(
        &req,
        &state,
        "pages/courses/catalog",
        json!({ "courses": rows, "pager": pager }),
    )
}

#[get("/courses/{id}")]
pub async fn course_overview(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ReadCourses)?;
    let ctx = course_context(&state, &user, id.into_inner()).await?;
    let course_id = ctx.course.id;
    let data = state
        .db(move |conn| {
            let versions: Vec<Value> = courses::versions(conn, course_id)?
                .into_iter()
                .map(|v| {
                    json!({
                        "number": v.number, "status": v.status, "change_kind": v.change_kind,
                        "title": v.title, "note": v.note, "published_at": v.published_at, "created_at": v.created_at,
                    })
                })
                .collect();
            let latest = courses::latest_published(conn, course_id)?;
            let summary = match &latest {
                Some(v) => Some(json!({
                    "number": v.number,
                    "modules": courses::modules(conn, v.id)?.len(),
                    "questions": courses::question_rows(conn, v.id)?.len(),
                    "quiz": v.quiz(),
                })),
                None => None,
            };
            Ok(json!({ "versions": versions, "latest": summary, "has_draft": courses::draft(conn, course_id)?.is_some() }))
        })
        .await?;
    let mut data = data;
    data["course"] = json!(ctx.course);
    data["item"] = json!(ctx.item);
    data["can_edit"] = json!(ctx.can_edit);
    page(&req, &state, "pages/courses/overview", data)
}

#[derive(Deserialize)]
pub struct Empty {}

/// Starts (or reopens) the draft of an item's course; creates the course on first use.
#[post("/items/{code}/course/draft")]
pub async fn start_draft(
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let actor = user.actor;
    let now = state.clock.now_naive();
    let course_id = state
        .db(move |conn| {
            let item = items::find_by_code(conn, &code)?.ok_or(AppError::NotFound)?;
            let bureaus = courses::bureau_ids(conn, item.item.id)?;
            policy::authorize_course_edit(&actor, &bureaus)?;
            let slug = match item.item.seq {
                Some(n) if item.item.common => format!("{n:02}-course"),
                _ => item.item.code.to_lowercase(),
            };
            let draft_id = courses::start_draft(
                conn,
                item.item.id,
                &slug,
                &item.item.name,
                actor.user_id,
                now,
            )?;
            Ok(courses::version(conn, draft_id)?.course_id)
        })
        .await?;
    Ok(redirect(&format!("/courses/{course_id}/draft")))
}

async fn draft_page(
    req: &HttpRequest,
    state: &AppState,
    ctx: CourseContext,
    draft: VersionRow,
    status: StatusCode,
    errors: Value,
    gift_text: Option<String>,
) -> AppResult<HttpResponse> {
    let draft_id = draft.id;
    let (mods, problems, gift_now) = state
        .db(move |conn| {
            let mods = courses::modules(conn, draft_id)?;
            let v = courses::version(conn, draft_id)?;
            let problems = courses::problems(conn, &v)?;
            let bank = courses::bank(conn, draft_id)?;
            Ok((mods, problems, gift::to_gift(&bank)))
        })
        .await?;
    let quiz = draft.quiz();
    let per_category = quiz
        .per_category
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    page_with_status(
        req,
        state,
        status,
        "pages/courses/draft",
        json!({
            "course": ctx.course,
            "item": ctx.item,
            "draft": { "title": draft.title, "quiz": quiz, "per_category": per_category },
            "modules": mods,
            "problems": problems
                .iter()
                .map(|p| p.view(crate::web::session::request_context(req).lang))
                .collect::<Vec<_>>(),
            "gift": gift_text.unwrap_or(gift_now),
            "errors": errors,
        }),
    )
}

#[get("/courses/{id}/draft")]
pub async fn edit_draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    draft_page(&req, &state, ctx, draft, StatusCode::OK, json!({}), None).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    draw: String,
    #[serde(default)]
    per_category: String,
    shuffle: Option<String>,
    #[serde(default)]
    time_limit_minutes: String,
    #[serde(default)]
    pass_percent: String,
    #[serde(default)]
    max_attempts: String,
    #[serde(default)]
    cooldown_minutes: String,
}

/// A whole number from 0 to `max`; `field` is the catalog label of the field.
fn number(field: &'static str, raw: &str, max: u32) -> Result<u32, Msg> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            Msg::key("course-form-number-range")
                .arg_msg("field", Msg::key(field))
                .arg("max", max)
        })
}

impl SettingsForm {
    fn parse(&self) -> Result<(String, QuizSettings), Msg> {
        let title = check_title(Msg::key("draft-course-title"), &self.title, 200)?;
        let mut per_category = std::collections::BTreeMap::new();
        for (i, line) in self
            .per_category
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let (cat, n) = line
                .rsplit_once('=')
                .ok_or_else(|| Msg::key("course-form-per-category-line").arg("line", i + 1))?;
            per_category.insert(
                cat.trim().to_string(),
                number("course-form-per-category-count", n, 500)?,
            );
        }
        Ok((
            title,
            QuizSettings {
                draw: number("course-field-draw", &self.draw, 500)?,
                per_category,
                shuffle: self.shuffle.is_some(),
                time_limit_minutes: number(
                    "course-field-time-limit",
                    &self.time_limit_minutes,
                    600,
                )?,
                pass_percent: number("course-field-pass", &self.pass_percent, 100)?,
                max_attempts: number("course-form-max-attempts", &self.max_attempts, 100)?,
                cooldown_minutes: number("course-form-cooldown", &self.cooldown_minutes, 100_000)?,
            },
        ))
    }
}

#[post("/courses/{id}/draft/settings")]
pub async fn save_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    match form.parse() {
        Ok((title, settings)) => {
            let draft_id = draft.id;
            state
                .db(move |conn| courses::update_draft_settings(conn, draft_id, &title, &settings))
                .await?;
            Ok(redirect(&format!(
                "/courses/{}/draft#settings",
                ctx.course.id
            )))
        }
        Err(e) => {
            draft_page(
                &req,
                &state,
                ctx,
                draft,
                StatusCode::BAD_REQUEST,
                json!({ "settings": say(&req, &e) }),
                None,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct GiftForm {
    #[serde(default)]
    gift: String,
}

#[post("/courses/{id}/draft/questions")]
pub async fn save_questions(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<GiftForm>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    match gift::parse(&form.gift) {
        Ok(parsed) => {
            let bank: Vec<_> = parsed.into_iter().map(|p| p.question).collect();
            let draft_id = draft.id;
            state
                .db(move |conn| {
                    crate::db::write_transaction(conn, |conn| {
                        courses::replace_questions(conn, draft_id, &bank)
                    })
                })
                .await?;
            Ok(redirect(&format!(
                "/courses/{}/draft#questions",
                ctx.course.id
            )))
        }
        Err(errors) => {
            let list: Vec<String> = errors
                .iter()
                .map(|e| {
                    say(
                        &req,
                        &Msg::key("course-form-line-problem")
                            .arg("line", e.line)
                            .arg_msg("problem", e.message.clone()),
                    )
                })
                .collect();
            draft_page(
                &req,
                &state,
                ctx,
                draft,
                StatusCode::BAD_REQUEST,
                json!({ "questions": list }),
                Some(form.gift),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct ModuleForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    body: String,
}

impl ModuleForm {
    fn parse(&self, slug: String) -> Result<ModuleSource, Msg> {
        let title = check_title(Msg::key("module-title"), &self.title, 100)?;
        let minutes = number("course-form-minutes", &self.minutes, 240)?;
        if minutes == 0 {
            return Err(Msg::key("course-module-minutes"));
        }
        if self.body.trim().is_empty() {
            return Err(Msg::key("course-module-body-empty"));
        }
        if self.body.len() > 200_000 {
            return Err(Msg::key("course-form-body-too-long"));
        }
        Ok(ModuleSource {
            slug,
            title,
            minutes,
            body: self.body.trim_end().to_string(),
        })
    }
}

fn module_form_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    ctx: &CourseContext,
    position: Option<i32>,
    form: Value,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let error = error.map(|e| say(req, &e));
    page_with_status(
        req,
        state,
        status,
        "pages/courses/module_form",
        json!({ "course": ctx.course, "item": ctx.item, "position": position, "form": form, "error": error }),
    )
}

#[get("/courses/{id}/draft/modules/new")]
pub async fn new_module(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let (ctx, _) = editable_draft(&state, &user, id.into_inner()).await?;
    module_form_page(
        &req,
        &state,
        StatusCode::OK,
        &ctx,
        None,
        json!({ "title": "", "minutes": 10, "body": "" }),
        None,
    )
}

#[get("/courses/{id}/draft/modules/{pos}")]
pub async fn edit_module(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (id, pos) = path.into_inner();
    let (ctx, draft) = editable_draft(&state, &user, id).await?;
    let draft_id = draft.id;
    let m = state
        .db(move |conn| {
            courses::modules(conn, draft_id)?
                .into_iter()
                .find(|m| m.position == pos)
                .ok_or(AppError::NotFound)
        })
        .await?;
    module_form_page(
        &req,
        &state,
        StatusCode::OK,
        &ctx,
        Some(pos),
        json!(m),
        None,
    )
}

async fn save_module_common(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: i32,
    pos: Option<i32>,
    form: ModuleForm,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id).await?;
    let slug = format!(
        "module-{}",
        pos.map_or_else(|| "new".to_string(), |p| p.to_string())
    );
    match form.parse(slug) {
        Ok(m) => {
            let draft_id = draft.id;
            let saved = state
                .db(move |conn| courses::save_module(conn, draft_id, pos, &m))
                .await?;
            let _ = saved;
            Ok(redirect(&format!(
                "/courses/{}/draft#modules",
                ctx.course.id
            )))
        }
        Err(e) => module_form_page(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            &ctx,
            pos,
            json!({ "title": form.title, "minutes": form.minutes, "body": form.body }),
            Some(e),
        ),
    }
}

#[post("/courses/{id}/draft/modules")]
pub async fn add_module(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ModuleForm>,
) -> AppResult<HttpResponse> {
    save_module_common(req, state, user, id.into_inner(), None, form).await
}

#[post("/courses/{id}/draft/modules/{pos}")]
pub async fn update_module(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<ModuleForm>,
) -> AppResult<HttpResponse> {
    let (id, pos) = path.into_inner();
    save_module_common(req, state, user, id, Some(pos), form).await
}

#[post("/courses/{id}/draft/modules/{pos}/delete")]
pub async fn delete_module(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (id, pos) = path.into_inner();
    let (ctx, draft) = editable_draft(&state, &user, id).await?;
    let draft_id = draft.id;
    state
        .db(move |conn| courses::delete_module(conn, draft_id, pos))
        .await?;
    Ok(redirect(&format!(
        "/courses/{}/draft#modules",
        ctx.course.id
    )))
}

#[get("/courses/{id}/draft/preview")]
pub async fn preview_draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    let draft_id = draft.id;
    let (mods, bank, problems) = state
        .db(move |conn| {
            let v = courses::version(conn, draft_id)?;
            Ok((
                courses::modules(conn, draft_id)?,
                courses::bank(conn, draft_id)?,
                courses::problems(conn, &v)?,
            ))
        })
        .await?;
    page(
        &req,
        &state,
        "pages/courses/preview",
        json!({
            "course": ctx.course, "item": ctx.item, "draft": true, "number": null,
            "title": draft.title, "quiz": draft.quiz(),
            "modules": module_views(&mods), "questions": question_views(&bank, user.lang),
            "problems": problems.iter().map(|p| p.view(user.lang)).collect::<Vec<_>>(),
        }),
    )
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    change_kind: String,
    #[serde(default)]
    note: String,
}

#[post("/courses/{id}/draft/publish")]
pub async fn publish_draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    let kind = match form.change_kind.as_str() {
        "major" | "minor" => form.change_kind.clone(),
        _ => {
            return draft_page(
                &req,
                &state,
                ctx,
                draft,
                StatusCode::BAD_REQUEST,
                json!({ "publish": say(&req, &Msg::key("course-form-choose-change-kind")) }),
                None,
            )
            .await
        }
    };
    let note = match check_title(Msg::key("draft-publish-note"), &form.note, 500) {
        Ok(n) => n,
        Err(e) => {
            return draft_page(
                &req,
                &state,
                ctx,
                draft,
                StatusCode::BAD_REQUEST,
                json!({ "publish": say(&req, &e) }),
                None,
            )
            .await
        }
    };
    let (draft_id, actor, now) = (draft.id, user.actor.user_id, state.clock.now_naive());
    let due = crate::domain::cst::date_of(now)
        + chrono::Duration::days(state.settings.refresher_days.max(1));
    let outcome = state
        .db(move |conn| courses::publish(conn, draft_id, &kind, &note, actor, now, due))
        .await?;
    match outcome {
        Ok(published) => {
            certificate_mail(&state, "certificate_refresher", published.refreshers).await?;
            Ok(redirect(&format!("/courses/{}", ctx.course.id)))
        }
        Err(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|p| {
                    Msg::key("field-problem")
                        .arg_msg("field", p.field.clone())
                        .arg_msg("problem", p.message.clone())
                        .in_lang(user.lang)
                })
                .collect();
            draft_page(
                &req,
                &state,
                ctx,
                draft,
                StatusCode::BAD_REQUEST,
                json!({ "publish": say(&req, &Msg::key("course-form-fix-before-publish")), "problems": list }),
                None,
            )
            .await
        }
    }
}

#[post("/courses/{id}/draft/discard")]
pub async fn discard(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (ctx, draft) = editable_draft(&state, &user, id.into_inner()).await?;
    let (draft_id, actor, now) = (draft.id, user.actor.user_id, state.clock.now_naive());
    state
        .db(move |conn| courses::discard_draft(conn, draft_id, actor, now))
        .await?;
    Ok(redirect(&format!("/courses/{}", ctx.course.id)))
}
