//! A user's own account: who they are, and changing their password.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::db::write_transaction;
use crate::domain::password::check_new_password;
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::security::password::{hash_password, verify_password};
use crate::store::{audit, sessions, users};
use crate::web::render::{page, page_with_status, redirect};
use crate::web::session::{removal_cookie, CsrfForm, CurrentUser, SESSION_COOKIE};
use crate::web::state::AppState;

#[get("/account")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ChangeOwnPassword)?;
    page(&req, &state, "pages/account", json!({ "error": null }))
}

#[derive(Deserialize)]
pub struct ChangePassword {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[post("/account/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ChangePassword>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ChangeOwnPassword)?;
    let refuse = |msg: String| {
        page_with_status(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            "pages/account",
            json!({ "error": msg }),
        )
    };
    if let Err(p) = check_new_password(&user.username, &form.password, &form.confirm) {
        return refuse(crate::web::render::say(&req, &p.message()));
    }
    let id = user.actor.user_id;
    let stored = state
        .db(move |conn| Ok(users::find(conn, id)?.password_hash))
        .await?;
    let cost = state.hash_cost();
    let (current, new) = (form.current, form.password);
    let hash = state
        .blocking(move || {
            if verify_password(cost, Some(&stored), &current) {
                hash_password(cost, &new).map(Some)
            } else {
                Ok(None)
            }
        })
        .await??;
    let Some(hash) = hash else {
        return refuse(crate::web::render::say(
            &req,
            &crate::i18n::Msg::key("account-wrong-password"),
        ));
    };
    let now = state.clock.now_naive();
    let username = user.username.clone();
    state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                users::set_password(conn, id, &hash, now)?;
                sessions::delete_for_user(conn, id)?;
                audit::record(
                    conn,
                    now,
                    Some(id),
                    "user.change_own_password",
                    &username,
                    "",
                )?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    // Every session ends, this one too: the user logs in again with the new password.
    let mut res = redirect("/login?changed=1");
    res.add_cookie(&removal_cookie(
        SESSION_COOKIE,
        state.settings.secure_cookies,
    ))
    .map_err(|e| anyhow::anyhow!("cookie: {e}"))?;
    Ok(res)
}
