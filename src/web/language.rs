//! Choosing the interface language: stored on the account for a logged-in user (so mail
//! and every device follow it), and in a cookie for anonymous visitors.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;

use crate::db::schema::users;
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::web::i18n::{LANG_COOKIE, SUPPORTED};
use crate::web::session::{CsrfForm, Visitor};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only a local path is followed back, never another site.
fn back_to(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

#[post("/lang")]
pub async fn choose_language(
    state: web::Data<AppState>,
    Visitor(ctx): Visitor,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> AppResult<HttpResponse> {
    let Some(lang) = SUPPORTED.iter().find(|l| **l == form.lang).copied() else {
        return Err(AppError::bad(crate::i18n::Msg::key("lang-choose")));
    };
    if let Some(user) = &ctx.user {
        policy::authorize(&user.actor, Action::ChooseLanguage)?;
        let id = user.actor.user_id;
        state
            .db(move |conn| {
                diesel::update(users::table.find(id))
                    .set(users::lang.eq(lang))
                    .execute(conn)?;
                Ok(())
            })
            .await?;
    }
    let cookie = Cookie::build(LANG_COOKIE, lang)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .max_age(CookieDuration::days(365))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, back_to(&form.next)))
        .cookie(cookie)
        .finish())
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn only_local_paths_are_followed() {
        for (next, to) in [
            ("/roster?on=2026-11-01", "/roster?on=2026-11-01"),
            ("", "/"),
            ("https://evil.example/", "/"),
            ("//evil.example/", "/"),
            ("/\\evil.example", "/"),
        ] {
            assert_eq!(back_to(next), to, "{next}");
        }
    }
}
