//! Server-rendered pages: handlebars templates embedded in the binary, strict mode,
//! one layout, and the navigation for each role.

use actix_web::{HttpRequest, HttpResponse};
use fluent_templates::FluentLoader;
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde::Serialize;
use serde_json::{json, Value};

use crate::domain::role::Role;
use crate::error::{AppError, AppResult};
use crate::web::i18n::{self, role_label_in, LOCALES};
use crate::web::session::{request_context, CurrentUser, RequestContext};
use crate::web::state::AppState;

#[derive(RustEmbed)]
#[folder = "templates/"]
#[include = "*.hbs"]
struct TemplateFiles;

pub fn templates() -> anyhow::Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_embed_templates_with_extension::<TemplateFiles>(".hbs")?;
    hb.register_helper(
        "fluent",
        Box::new(FluentLoader::new(&*LOCALES).with_default_lang(i18n::default_lang())),
    );
    hb.register_helper("eq", Box::new(eq_helper));
    hb.register_helper("date", Box::new(DateHelper { with_time: false }));
    hb.register_helper("datetime", Box::new(DateHelper { with_time: true }));
    Ok(hb)
}

handlebars::handlebars_helper!(eq_helper: |a: Value, b: Value| a == b);

/// `{{date x}}` and `{{datetime x}}`: a day or an instant as the page's language writes
/// it. They read the page's root `lang`, so templates never pass it.
#[derive(Clone, Copy)]
struct DateHelper {
    with_time: bool,
}

impl handlebars::HelperDef for DateHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
    ) -> Result<handlebars::ScopedJson<'rc>, handlebars::RenderError> {
        let lang = ctx
            .data()
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or(i18n::DEFAULT_LANG);
        let text = match h.param(0).map(|p| p.value()) {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        let shown = if self.with_time {
            i18n::datetime_in(lang, text)
        } else {
            i18n::date_in(lang, text)
        };
        Ok(handlebars::ScopedJson::Derived(Value::String(shown)))
    }
}

#[derive(Serialize)]
struct NavLink {
    href: &'static str,
    label: String,
    active: bool,
}

/// The menu each role sees; only pages the role may open are listed.
fn nav_for(role: Role, path: &str, lang: &str) -> Vec<NavLink> {
    let links: &[(&str, &str)] = match role {
        Role::Admin => &[
            ("/admin", "nav-home"),
            ("/items", "nav-items"),
            ("/courses", "nav-courses"),
            ("/sessions", "nav-sessions"),
            ("/towns", "nav-towns"),
            ("/centers", "nav-centers"),
            ("/handling", "nav-handling"),
            ("/certificates", "nav-certificates"),
            ("/roster", "nav-roster"),
            ("/transfers", "nav-transfers"),
            ("/reports/stability", "nav-stability"),
            ("/reports/bulletin", "nav-bulletin"),
            ("/admin/users", "nav-users"),
            ("/admin/catalog", "nav-catalog"),
            ("/admin/audit", "nav-audit"),
            ("/admin/outbox", "nav-outbox"),
            ("/admin/api-tokens", "nav-api-tokens"),
        ],
        Role::Trainer => &[
            ("/trainer", "nav-home"),
            ("/courses", "nav-courses"),
            ("/sessions", "nav-sessions"),
            ("/items", "nav-my-items"),
            ("/certificates", "nav-certificates"),
            ("/centers", "nav-centers"),
        ],
        Role::Manager => &[
            ("/manager", "nav-home"),
            ("/centers", "nav-my-centers"),
            ("/manager/sessions", "nav-enrol"),
            ("/manager/leaves", "nav-leaves"),
            ("/roster", "nav-roster"),
            ("/transfers", "nav-transfers"),
            ("/reports/attendance", "nav-reports"),
            ("/handling", "nav-handling"),
            ("/certificates", "nav-certificates"),
            ("/items", "nav-items"),
        ],
        Role::Worker => &[
            ("/worker", "nav-home"),
            ("/learn", "nav-learn"),
            ("/schedule", "nav-schedule"),
            ("/checkin", "nav-checkin"),
            ("/certificates", "nav-my-certificates"),
            ("/items", "nav-items"),
        ],
        Role::Orgdept => &[
            ("/orgdept", "nav-home"),
            ("/transfers", "nav-transfers"),
            ("/roster", "nav-roster"),
            ("/reports/stability", "nav-stability"),
            ("/reports/bulletin", "nav-bulletin"),
            ("/admin/audit", "nav-audit"),
            ("/towns", "nav-towns"),
            ("/centers", "nav-centers"),
            ("/handling", "nav-handling"),
            ("/certificates", "nav-certificates"),
            ("/training/cases", "nav-cases"),
            ("/reports/attendance", "nav-reports"),
            ("/items", "nav-items"),
        ],
    };
    links
        .iter()
        .map(|(href, key)| NavLink {
            href,
            label: i18n::t_in(lang, key),
            // the home link is active only on the home page itself
            active: path == *href || (*key != "nav-home" && path.starts_with(&format!("{href}/"))),
        })
        .collect()
}

fn user_json(u: &CurrentUser) -> Value {
    json!({
        "username": u.username,
        "display_name": u.display_name,
        "role": u.actor.role.as_str(),
        "role_label": role_label_in(u.lang, u.actor.role.as_str()),
        "unit": u.unit,
    })
}

/// The data every page gets, around the page's own `data`.
fn context(req: &HttpRequest, state: &AppState, data: Value) -> Value {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    context_for(
        &request_context(req),
        req.path(),
        path_and_query,
        state,
        data,
    )
}

fn context_for(
    ctx: &RequestContext,
    path: &str,
    path_and_query: &str,
    state: &AppState,
    data: Value,
) -> Value {
    let lang = i18n::supported(ctx.lang);
    let nav = ctx
        .user
        .as_ref()
        .map(|u| nav_for(u.actor.role, path, lang))
        .unwrap_or_default();
    let mut root = match data {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    root.insert("lang".into(), json!(lang));
    root.insert(
        "layout".into(),
        json!({
            "demo": state.settings.demo,
            "csrf": ctx.csrf_token(),
            "path": path_and_query,
            "langs": i18n::SUPPORTED.iter().map(|l| json!({ "code": l, "current": *l == lang })).collect::<Vec<_>>(),
            "user": ctx.user.as_ref().map(user_json),
            "nav": nav,
        }),
    );
    Value::Object(root)
}

pub fn render_html(
    req: &HttpRequest,
    state: &AppState,
    template: &str,
    data: Value,
) -> AppResult<String> {
    render_context(state, template, context(req, state, data))
}

/// A page for a request that is no longer at hand (the deadline middleware's answer),
/// from the context the session middleware resolved for it.
pub fn render_html_for(
    ctx: &RequestContext,
    (path, path_and_query): (&str, &str),
    state: &AppState,
    template: &str,
    data: Value,
) -> AppResult<String> {
    render_context(
        state,
        template,
        context_for(ctx, path, path_and_query, state, data),
    )
}

fn render_context(state: &AppState, template: &str, root: Value) -> AppResult<String> {
    // `render` would serialise the data into a new context, a deep copy of every page's
    // JSON; a context made from the value takes it as it is
    let ctx = handlebars::Context::from(root);
    state
        .templates
        .render_with_context(template, &ctx)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template {template}: {e}")))
}

pub fn page(
    req: &HttpRequest,
    state: &AppState,
    template: &str,
    data: Value,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render_html(req, state, template, data)?))
}

/// A message in the language of the request's reader.
pub fn say(req: &HttpRequest, msg: &crate::i18n::Msg) -> String {
    msg.in_lang(request_context(req).lang)
}

/// "Field: problem", the field named by a catalog label: `field_problem("rep-from", e)`.
pub fn field_problem(
    field: &'static str,
    problem: impl Into<crate::i18n::Msg>,
) -> crate::i18n::Msg {
    crate::i18n::Msg::key("field-problem")
        .arg_msg("field", crate::i18n::Msg::key(field))
        .arg_msg("problem", problem.into())
}

/// A page shown after a form was refused: same page, 4xx status, the problem named.
pub fn page_with_status(
    req: &HttpRequest,
    state: &AppState,
    status: actix_web::http::StatusCode,
    template: &str,
    data: Value,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render_html(req, state, template, data)?))
}

/// After a successful POST: see-other, so a reload does not post again.
/// A QR image as an SVG data URL (the CSP allows `data:` images).
pub fn qr_data_url(text: &str) -> Option<String> {
    use base64::Engine;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

/// The address people reach this server at, for links printed or encoded in QR codes:
/// the configured public address, else the one this request came to.
pub fn base_url(req: &HttpRequest, state: &AppState) -> String {
    if state.settings.public_url.is_empty() {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    } else {
        state.settings.public_url.trim_end_matches('/').to_string()
    }
}

pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, to))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_write_dates_in_the_page_language() {
        let mut hb = Handlebars::new();
        hb.register_helper("date", Box::new(DateHelper { with_time: false }));
        hb.register_helper("datetime", Box::new(DateHelper { with_time: true }));
        hb.register_template_string(
            "t",
            "{{date d}} | {{datetime t}} | {{#each xs}}{{date this}};{{/each}}",
        )
        .unwrap();
        let table = [
            (
                "zh-CN",
                "2026年11月24日 | 2026年11月26日 00:05 | 2026年1月2日;",
            ),
            ("en", "2026-11-24 | 2026-11-26 00:05 | 2026-01-02;"),
        ];
        for (lang, expected) in table {
            let data = json!({ "lang": lang, "d": "2026-11-24", "t": "2026-11-25T16:05:09.123456", "xs": ["2026-01-02"] });
            assert_eq!(hb.render("t", &data).unwrap(), expected, "{lang}");
        }
    }

    #[test]
    fn home_links_are_active_only_at_home() {
        let nav = nav_for(Role::Admin, "/admin/users/new", "zh-CN");
        let active: Vec<&str> = nav.iter().filter(|l| l.active).map(|l| l.href).collect();
        assert_eq!(active, vec!["/admin/users"]);
    }

    #[test]
    fn every_template_compiles_and_every_nav_label_exists() {
        let hb = templates().expect("templates compile");
        assert!(hb.has_template("layout"));
        for role in Role::ALL {
            for link in nav_for(role, "/", "zh-CN") {
                assert!(!link.label.contains("Unknown"), "{role}: {}", link.href);
            }
        }
    }
}
