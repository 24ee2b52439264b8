//! Admin pages for API tokens: issue (shown once), list, revoke.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::domain::names::check_title;
use crate::domain::pagination::{paginate, PageQuery};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::{api_tokens, centers};
use crate::web::render::{page_with_status, redirect, say};
use crate::web::session::{form_value, CsrfForm, CurrentUser};
use crate::web::state::AppState;

async fn tokens_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    extra: Value,
) -> AppResult<HttpResponse> {
    let wanted = PageQuery::from_query_string(req.query_string()).request();
    let (tokens, towns) = state
        .db(|conn| Ok((api_tokens::list(conn)?, centers::towns(conn)?)))
        .await?;
    let (tokens, pager) = paginate(tokens, wanted);
    let mut data =
        json!({ "tokens": tokens, "pager": pager, "towns": towns, "issued": null, "error": null });
    if let (Value::Object(d), Value::Object(e)) = (&mut data, extra) {
        d.extend(e);
    }
    page_with_status(req, state, status, "pages/admin/api_tokens", data)
}

#[get("/admin/api-tokens")]
pub async fn list_tokens(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageApiTokens)?;
    tokens_page(&req, &state, StatusCode::OK, json!({})).await
}

#[post("/admin/api-tokens")]
pub async fn issue_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageApiTokens)?;
    let name = match check_title(
        Msg::key("tokens-field-name"),
        &form_value(&pairs, "name"),
        60,
    ) {
        Ok(n) => n,
        Err(e) => {
            let error = say(&req, &e);
            return tokens_page(
                &req,
                &state,
                StatusCode::BAD_REQUEST,
                json!({ "error": error }),
            )
            .await;
        }
    };
    let town_code = form_value(&pairs, "town");
    let town = if town_code.is_empty() {
        None
    } else {
        let code = town_code.clone();
        match state
            .db(move |conn| Ok(centers::town_by_code(conn, &code)?))
            .await?
        {
            Some(t) => Some(t.id),
            None => {
                return tokens_page(
                    &req,
                    &state,
                    StatusCode::BAD_REQUEST,
                    json!({ "error": say(&req, &Msg::key("tokens-choose-scope")) }),
                )
                .await
            }
        }
    };
    let (actor, now) = (user.actor.user_id, state.clock.now_naive());
    let secret = state
        .db(move |conn| api_tokens::issue(conn, &name, town, actor, now))
        .await?;
    // the only response that ever carries the token; never cached
    let mut res = tokens_page(&req, &state, StatusCode::OK, json!({ "issued": secret })).await?;
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[post("/admin/api-tokens/{id}/revoke")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageApiTokens)?;
    let (id, actor, now) = (id.into_inner(), user.actor.user_id, state.clock.now_naive());
    state
        .db(move |conn| api_tokens::revoke(conn, id, actor, now))
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) | AppError::NotFound => AppError::NotFound,
            other => other,
        })?;
    Ok(redirect("/admin/api-tokens"))
}
