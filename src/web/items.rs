//! The item catalog as people browse it.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::domain::certification::check_cert_months;
use crate::domain::pagination::{page_info, PageRequest};
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action, ItemScope};
use crate::store::items::{self, ItemFilter};
use crate::web::render::{page, redirect};
use crate::web::session::{form_value, CsrfForm, CurrentUser};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<i64>,
    q: Option<String>,
    #[serde(default)]
    common: Option<String>,
}

#[get("/items")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewItems)?;
    let scope = policy::item_scope(&user.actor);
    let query = q.q.clone().map(|s| s.chars().take(50).collect::<String>());
    let filter = ItemFilter {
        common_only: q.common.as_deref() == Some("1"),
        query: query.clone(),
    };
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let extra = query_suffix(&[
        ("q", query.clone().unwrap_or_default()),
        (
            "common",
            if filter.common_only {
                "1".into()
            } else {
                String::new()
            },
        ),
    ]);
    let data = state
        .db(move |conn| {
            let total = items::count(conn, scope, &filter)?;
            let info = page_info(req_page, total);
            let rows = items::list(
                conn,
                scope,
                &filter,
                Some(PageRequest::new(Some(info.number), req_page.size)),
            )?;
            Ok(json!({
                "items": rows,
                "pager": info,
                "q": query.unwrap_or_default(),
                "common_only": filter.common_only,
                "bureau_scoped": matches!(scope, ItemScope::Bureau(_)),
                "extra": extra,
            }))
        })
        .await?;
    page(&req, &state, "pages/items/list", data)
}

#[get("/items/{code}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewItem)?;
    let code = code.into_inner();
    let (item, course_id) = state
        .db(move |conn| {
            let item = items::find_by_code(conn, &code)?.ok_or(AppError::NotFound)?;
            let course = crate::store::courses::course_for_item(conn, item.item.id)?;
            Ok((item, course.map(|c| c.id)))
        })
        .await?;
    // authors open the course page, workers the learning page; others have no course view
    let course_link = match course_id {
        Some(id) if policy::allows(&user.actor, Action::ReadCourses) => {
            Some(format!("/courses/{id}"))
        }
        Some(id) if policy::allows(&user.actor, Action::TakeCourses) => {
            Some(format!("/learn/{id}"))
        }
        _ => None,
    };
    let can_configure = policy::allows(&user.actor, Action::ManageHandlingRules);
    page(
        &req,
        &state,
        "pages/items/show",
        json!({ "item": item, "course_link": course_link, "can_configure": can_configure }),
    )
}

/// Whether towns take the item, and how long its certificate lasts (admin).
#[post("/items/{code}/settings")]
pub async fn update_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageHandlingRules)?;
    let months = check_cert_months(&form_value(&pairs, "cert_months")).map_err(AppError::bad)?;
    let delegated = !form_value(&pairs, "delegated").is_empty();
    let (code, actor, now) = (
        code.into_inner(),
        user.actor.user_id,
        state.clock.now_naive(),
    );
    let target = format!("/items/{code}");
    state
        .db(move |conn| {
            let item = items::find_by_code(conn, &code)?.ok_or(AppError::NotFound)?;
            items::set_handling(conn, item.item.id, delegated, months, actor, now)
        })
        .await?;
    Ok(redirect(&target))
}

/// The filter part of a pager link: `&q=…&common=1`, empty values left out.
pub fn query_suffix(pairs: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    match serde_urlencoded::to_string(kept) {
        Ok(s) if !s.is_empty() => format!("&{s}"),
        _ => String::new(),
    }
}
