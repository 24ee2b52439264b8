//! Account administration (role `admin`): create, disable, reset passwords, change roles.
//! Every change writes an audit row in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::db::{write_transaction, DbConnection};
use crate::domain::accounts::{check_own_account_change, AccountChange};
use crate::domain::names::{check_title, check_username};
use crate::domain::pagination::{page_info, PageRequest};
use crate::domain::password::check_new_password;
use crate::domain::role::Role;
use crate::domain::staffing::{check_direct_account_change, Posting};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::security::password::hash_password;
use crate::store::{audit, centers, items, sessions, users};
use crate::web::i18n::role_label_in;
use crate::web::render::{field_problem, page, page_with_status, redirect, say};
use crate::web::session::{request_context, CsrfForm, CurrentUser};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<i64>,
    role: Option<String>,
}

fn role_options(lang: &str, selected: &str) -> Vec<Value> {
    Role::ALL
        .iter()
        .map(|r| json!({ "value": r.as_str(), "label": role_label_in(lang, r.as_str()), "selected": r.as_str() == selected }))
        .collect()
}

#[get("/admin/users")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    let scope = policy::user_scope(&user.actor);
    let role = q.role.as_deref().and_then(Role::parse);
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let lang = user.lang;
    let data = state
        .db(move |conn| {
            let info = page_info(req_page, users::count(conn, scope, role)?);
            let rows: Vec<Value> = users::list(conn, scope, role, PageRequest::new(Some(info.number), req_page.size))?
                .into_iter()
                .map(|u| {
                    let label = role_label_in(lang, &u.role);
                    let mut v = serde_json::to_value(u).unwrap_or_default();
                    v["role_label"] = json!(label);
                    v
                })
                .collect();
            Ok(json!({
                "users": rows,
                "pager": info,
                "roles": role_options(lang, role.map(Role::as_str).unwrap_or("")),
                "role": role.map(Role::as_str).unwrap_or(""),
                "extra": crate::web::items::query_suffix(&[("role", role.map(Role::as_str).unwrap_or("").to_string())]),
            }))
        })
        .await?;
    page(&req, &state, "pages/admin/users", data)
}

/// The choices for "belongs to": bureaus, towns and centers, with the current one marked.
fn unit_options(conn: &mut DbConnection, selected: &str) -> AppResult<Value> {
    let mark = |code: &str, name: &str| json!({ "code": code, "name": name, "selected": code == selected });
    Ok(json!({
        "bureaus": items::bureaus(conn)?.iter().map(|b| mark(&b.code, &b.name)).collect::<Vec<_>>(),
        "towns": centers::towns(conn)?.iter().map(|t| mark(&t.code, &t.name)).collect::<Vec<_>>(),
        "centers": centers::list(conn, policy::CenterScope::All, None)?
            .iter()
            .map(|c| mark(&c.center.code, &c.center.name))
            .collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize, Default, Clone, serde::Serialize)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    bureau: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    center: String,
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default, skip_serializing)]
    confirm: String,
}

impl NewUserForm {
    /// The unit code that goes with the chosen role; the other two selects are ignored.
    fn unit_code(&self, role: Role) -> Option<&str> {
        use crate::domain::role::ScopeKind;
        match role.scope_kind() {
            ScopeKind::City => None,
            ScopeKind::Bureau => Some(&self.bureau),
            ScopeKind::Town => Some(&self.town),
            ScopeKind::Center => Some(&self.center),
        }
    }
}

async fn new_user_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    form: NewUserForm,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let lang = request_context(req).lang;
    let error = error.map(|e| say(req, &e));
    let selected = [form.bureau.clone(), form.town.clone(), form.center.clone()];
    let units = state
        .db(move |conn| {
            let mut v = unit_options(conn, &selected[0])?;
            v["towns"] = unit_options(conn, &selected[1])?["towns"].take();
            v["centers"] = unit_options(conn, &selected[2])?["centers"].take();
            Ok(v)
        })
        .await?;
    page_with_status(
        req,
        state,
        status,
        "pages/admin/user_new",
        json!({ "form": form, "roles": role_options(lang, &form.role), "units": units, "error": error }),
    )
}

#[get("/admin/users/new")]
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    new_user_page(&req, &state, StatusCode::OK, NewUserForm::default(), None).await
}

#[post("/admin/users")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    let checked = (|| {
        let username = check_username(&form.username)?;
        let display = check_title(Msg::key("users-display-name"), &form.display_name, 40)?;
        let role = Role::parse(&form.role).ok_or(Msg::key("admin-users-choose-role"))?;
        let email = crate::domain::names::check_email(&form.email)?;
        check_new_password(&username, &form.password, &form.confirm).map_err(|p| p.message())?;
        Ok::<_, Msg>((username, display, role, email))
    })();
    let (username, display, role, email) = match checked {
        Ok(v) => v,
        Err(e) => return new_user_page(&req, &state, StatusCode::BAD_REQUEST, form, Some(e)).await,
    };
    let cost = state.hash_cost();
    let password = form.password.clone();
    let hash = state
        .blocking(move || hash_password(cost, &password))
        .await??;
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let unit = form.unit_code(role).map(str::to_string);
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                if users::username_taken(conn, &username)? {
                    return Ok(Err(
                        Msg::key("users-username-taken").arg("username", username)
                    ));
                }
                let membership = match users::resolve_membership(conn, role, unit.as_deref()) {
                    Ok(m) => m,
                    Err(e) => return Ok(Err(e)),
                };
                let created = users::insert(
                    conn,
                    &users::NewUser {
                        username,
                        display_name: display,
                        password_hash: hash,
                        role,
                        membership,
                        demo: false,
                        email,
                    },
                    now,
                )?;
                let detail = format!("角色 {role}，{}", users::unit_name(conn, &created)?);
                audit::record(
                    conn,
                    now,
                    Some(actor_id),
                    "user.create",
                    &created.username,
                    &detail,
                )?;
                Ok::<_, AppError>(Ok(created.id))
            })
        })
        .await?;
    match outcome {
        Ok(id) => Ok(redirect(&format!("/admin/users/{id}"))),
        Err(e) => new_user_page(&req, &state, StatusCode::BAD_REQUEST, form, Some(e)).await,
    }
}

async fn user_page(
    req: &HttpRequest,
    state: &AppState,
    id: i32,
    status: StatusCode,
    notice: Option<Msg>,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let lang = request_context(req).lang;
    let data = state
        .db(move |conn| {
            let u = users::find(conn, id)?;
            let unit = users::unit_name(conn, &u)?;
            let units = unit_options(conn, "")?;
            Ok(json!({
                "target": u,
                "unit": unit,
                "role_label": role_label_in(lang, &u.role),
                "roles": role_options(lang, &u.role),
                "units": units,
            }))
        })
        .await?;
    let mut data = data;
    data["notice"] = json!(notice.map(|m| say(req, &m)));
    data["error"] = json!(error.map(|m| say(req, &m)));
    page_with_status(req, state, status, "pages/admin/user_show", data)
}

#[get("/admin/users/{id}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    user_page(&req, &state, id.into_inner(), StatusCode::OK, None, None).await
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

#[post("/admin/users/{id}/active")]
pub async fn set_active(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    let id = id.into_inner();
    let active = form.active == "1";
    let change = if active {
        AccountChange::Enable
    } else {
        AccountChange::Disable
    };
    if let Err(problem) = check_own_account_change(user.actor.user_id, id, change) {
        return user_page(
            &req,
            &state,
            id,
            StatusCode::BAD_REQUEST,
            None,
            Some(problem),
        )
        .await;
    }
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let refused = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let target = users::find(conn, id)?;
                let posting = Posting::parse(&target.posting).unwrap_or(Posting::Serving);
                // re-enabling a departed worker changes no roster; disabling one in post would
                if !active {
                    if let Err(e) = check_direct_account_change(&target.role, posting) {
                        return Ok(Some(e));
                    }
                }
                users::set_active(conn, id, active)?;
                if !active {
                    sessions::delete_for_user(conn, id)?;
                }
                let action = if active {
                    "user.enable"
                } else {
                    "user.disable"
                };
                let state_of = |on: bool| if on { "启用" } else { "停用" };
                audit::record_change(
                    conn,
                    now,
                    Some(actor_id),
                    action,
                    &target.username,
                    "",
                    (state_of(target.active), state_of(active)),
                )?;
                Ok::<_, AppError>(None)
            })
        })
        .await?;
    if let Some(problem) = refused {
        return user_page(
            &req,
            &state,
            id,
            StatusCode::BAD_REQUEST,
            None,
            Some(problem),
        )
        .await;
    }
    Ok(redirect(&format!("/admin/users/{id}")))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[post("/admin/users/{id}/password")]
pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    let id = id.into_inner();
    let target = state.db(move |conn| Ok(users::find(conn, id)?)).await?;
    if let Err(p) = check_new_password(&target.username, &form.password, &form.confirm) {
        return user_page(
            &req,
            &state,
            id,
            StatusCode::BAD_REQUEST,
            None,
            Some(p.message()),
        )
        .await;
    }
    let cost = state.hash_cost();
    let hash = state
        .blocking(move || hash_password(cost, &form.password))
        .await??;
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                users::set_password(conn, id, &hash, now)?;
                let ended = sessions::delete_for_user(conn, id)?;
                audit::record(
                    conn,
                    now,
                    Some(actor_id),
                    "user.reset_password",
                    &target.username,
                    &format!("结束 {ended} 个会话"),
                )?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    user_page(
        &req,
        &state,
        id,
        StatusCode::OK,
        Some(Msg::key("admin-users-password-reset")),
        None,
    )
    .await
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    bureau: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    center: String,
}

#[post("/admin/users/{id}/role")]
pub async fn change_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageUsers)?;
    let id = id.into_inner();
    let Some(role) = Role::parse(&form.role) else {
        return user_page(
            &req,
            &state,
            id,
            StatusCode::BAD_REQUEST,
            None,
            Some(Msg::key("admin-users-choose-role")),
        )
        .await;
    };
    if let Err(problem) =
        check_own_account_change(user.actor.user_id, id, AccountChange::ChangeRole(role))
    {
        return user_page(
            &req,
            &state,
            id,
            StatusCode::BAD_REQUEST,
            None,
            Some(problem),
        )
        .await;
    }
    let as_new = NewUserForm {
        bureau: form.bureau,
        town: form.town,
        center: form.center,
        ..Default::default()
    };
    let unit = as_new.unit_code(role).map(str::to_string);
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let target = users::find(conn, id)?;
                let posting = Posting::parse(&target.posting).unwrap_or(Posting::Serving);
                if let Err(e) = check_direct_account_change(&target.role, posting) {
                    return Ok(Err(e));
                }
                let before = format!("{}，{}", target.role, users::unit_name(conn, &target)?);
                let membership = match users::resolve_membership(conn, role, unit.as_deref()) {
                    Ok(m) => m,
                    Err(e) => return Ok(Err(e)),
                };
                users::set_role(conn, id, role, membership, now)?;
                sessions::delete_for_user(conn, id)?;
                let updated = users::find(conn, id)?;
                let detail = format!(
                    "{} → {role}，{}",
                    target.role,
                    users::unit_name(conn, &updated)?
                );
                let after = format!("{role}，{}", users::unit_name(conn, &updated)?);
                audit::record_change(
                    conn,
                    now,
                    Some(actor_id),
                    "user.change_role",
                    &target.username,
                    &detail,
                    (&before, &after),
                )?;
                Ok::<_, AppError>(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect(&format!("/admin/users/{id}"))),
        Err(e) => user_page(&req, &state, id, StatusCode::BAD_REQUEST, None, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct AuditQuery {
    page: Option<i64>,
    action: Option<String>,
    actor: Option<String>,
    target: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The audit filter from the query; a bad date is a 400 that names it.
fn audit_filter(q: &AuditQuery) -> AppResult<(audit::AuditFilter, String)> {
    use crate::domain::cst;
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(100).collect::<String>())
    };
    let day = |v: &Option<String>, what: &'static str| -> AppResult<Option<chrono::NaiveDate>> {
        match text(v) {
            Some(s) => cst::parse_date(&s)
                .map(Some)
                .map_err(|e| AppError::bad(field_problem(what, e))),
            None => Ok(None),
        }
    };
    let from = day(&q.from, "rep-from")?;
    let to = day(&q.to, "rep-to")?;
    let f = audit::AuditFilter {
        action: text(&q.action),
        actor: text(&q.actor),
        target: text(&q.target),
        from: from.map(cst::day_start),
        until: to.and_then(|d| d.succ_opt()).map(cst::day_start),
    };
    // the filter again as query text, for the pager links
    let extra: String = [
        ("action", &q.action),
        ("actor", &q.actor),
        ("target", &q.target),
        ("from", &q.from),
        ("to", &q.to),
    ]
    .iter()
    .filter_map(|(k, v)| text(v).map(|v| format!("&{k}={}", urlencode(&v))))
    .collect();
    Ok((f, extra))
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)])
        .unwrap_or_default()
        .trim_start_matches("v=")
        .to_string()
}

#[get("/admin/audit")]
pub async fn audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewAudit)?;
    let (filter, extra) = audit_filter(&q)?;
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let form = json!({
        "action": q.action, "actor": q.actor, "target": q.target, "from": q.from, "to": q.to,
    });
    let data = state
        .db(move |conn| {
            let info = page_info(req_page, audit::count(conn, &filter)?);
            let rows = audit::list(
                conn,
                &filter,
                PageRequest::new(Some(info.number), req_page.size),
            )?;
            let families = audit::action_families(conn)?;
            Ok(json!({
                "entries": rows, "pager": info, "extra": extra, "form": form,
                "families": families,
            }))
        })
        .await?;
    page(&req, &state, "pages/admin/audit", data)
}
