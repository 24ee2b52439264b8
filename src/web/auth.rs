//! Logging in and out.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use serde::Deserialize;
use serde_json::json;

use crate::domain::throttle::{self, ThrottleDecision};
use crate::error::AppResult;
use crate::i18n::Msg;
use crate::security::{password, token};
use crate::store::{sessions, throttle as failures, users};
use crate::web::render::{page, page_with_status, redirect, say};
use crate::web::session::{
    client_addr, removal_cookie, session_cookie, CsrfForm, CurrentUser, Visitor, SESSION_COOKIE,
};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    changed: Option<String>,
}

/// Only a path on this site may follow a login, never another host.
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.starts_with("/\\")
            && !n.starts_with("/login")
    })
    .map(str::to_string)
}

#[get("/login")]
pub async fn login_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    q: web::Query<NextQuery>,
) -> AppResult<HttpResponse> {
    if let Some(u) = visitor.0.user {
        return Ok(redirect(u.actor.role.home_path()));
    }
    page(
        &req,
        &state,
        "pages/login",
        json!({
            "next": safe_next(q.next.as_deref()),
            "username": "",
            "error": null,
            "password_changed": q.changed.is_some(),
        }),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

#[post("/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<HttpResponse> {
    let policy = state.settings.throttle_policy();
    let now = state.clock.now_naive();
    let since = now - policy.window;
    let addr = client_addr(&req);
    let username = form.username.trim().to_lowercase();
    let account_key = throttle::account_key(&username);
    let address_key = throttle::address_key(&addr);
    let next = safe_next(form.next.as_deref());
    let show_again = |status: StatusCode, error: Msg| {
        let error = say(&req, &error);
        page_with_status(
            &req,
            &state,
            status,
            "pages/login",
            json!({ "next": next, "username": username, "error": error, "password_changed": false }),
        )
    };

    let (keys, lookup) = (account_key.clone(), username.clone());
    let addr_key = address_key.clone();
    let (decision, user) = state
        .db(move |conn| {
            let account = failures::failures_since(conn, &keys, since)?;
            let address = failures::failures_since(conn, &addr_key, since)?;
            let decision = throttle::decide(policy, account, address);
            let user = match decision {
                ThrottleDecision::Allow => users::find_by_username(conn, &lookup)?,
                ThrottleDecision::Refuse => None,
            };
            Ok((decision, user))
        })
        .await?;
    if decision == ThrottleDecision::Refuse {
        tracing::warn!(addr = %addr, "login refused: throttled");
        let minutes = policy.window.num_minutes();
        return show_again(
            StatusCode::TOO_MANY_REQUESTS,
            Msg::key("login-throttled").arg("minutes", minutes),
        );
    }

    let cost = state.hash_cost();
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let typed = form.password;
    let password_ok = state
        .blocking(move || password::verify_password(cost, stored.as_deref(), &typed))
        .await?;
    // A name that matches no account may be a password typed into the wrong field, so
    // only names of real accounts reach the log.
    let known_account = user.as_ref().map(|u| u.username.clone());
    let user = user.filter(|u| password_ok && u.active && u.role().is_some());

    let Some(user) = user else {
        match &known_account {
            Some(name) => tracing::warn!(username = %name, addr = %addr, "login failed"),
            None => tracing::warn!(addr = %addr, "login failed: no such account"),
        }
        state
            .db(move |conn| {
                failures::record_failure(conn, &account_key, now)?;
                failures::record_failure(conn, &address_key, now)?;
                failures::prune(conn, since - Duration::days(1))?;
                Ok(())
            })
            .await?;
        return show_again(StatusCode::UNAUTHORIZED, Msg::key("login-failed"));
    };

    // A new token at every login: a token planted before login is never promoted.
    let new_token = token::new_token();
    let hash = token::token_hash(&new_token);
    let old = req
        .cookie(SESSION_COOKIE)
        .map(|c| token::token_hash(c.value()));
    let user_id = user.id;
    let limits = state.settings.session_limits();
    state
        .db(move |conn| {
            if let Some(old) = old {
                if let Some((s, _)) = sessions::find_with_user(conn, &old)? {
                    sessions::delete(conn, s.id)?;
                }
            }
            sessions::create(conn, user_id, &hash, &addr, now)?;
            // sessions past the absolute limit can never be used again: drop them here
            sessions::prune_created_before(conn, now - limits.absolute)?;
            failures::clear(conn, &account_key)?;
            Ok(())
        })
        .await?;
    tracing::info!(user_id, "login");
    let target = next.unwrap_or_else(|| {
        user.role()
            .map(|r| r.home_path().to_string())
            .unwrap_or_else(|| "/".into())
    });
    let mut res = redirect(&target);
    res.add_cookie(&session_cookie(new_token, state.settings.secure_cookies))
        .map_err(|e| anyhow::anyhow!("cookie: {e}"))?;
    Ok(res)
}

#[derive(Deserialize)]
pub struct Empty {}

#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let id = user.session_id;
    state
        .db(move |conn| Ok(sessions::delete(conn, id)?))
        .await?;
    tracing::info!(user_id = user.actor.user_id, "logout");
    let mut res = redirect("/login");
    res.add_cookie(&removal_cookie(
        SESSION_COOKIE,
        state.settings.secure_cookies,
    ))
    .map_err(|e| anyhow::anyhow!("cookie: {e}"))?;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_next_table() {
        let table = [
            (Some("/items?page=2"), Some("/items?page=2")),
            (Some("//evil.example/x"), None),
            (Some("/\\evil.example"), None),
            (Some("https://evil.example"), None),
            (Some("/login?next=/x"), None),
            (None, None),
        ];
        for (input, expected) in table {
            assert_eq!(safe_next(input).as_deref(), expected, "{input:?}");
        }
    }
}
