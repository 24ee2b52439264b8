//! The town roster of 全科社工: who serves where on any day, staffing against the
//! minimums, adding new staff, contact details, and the admin's corrections. Moving
//! anyone already in post goes through a transfer (see `web::transfers`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::db::schema::users as users_t;
use crate::db::{write_transaction, DbConnection};
use crate::domain::cst;
use crate::domain::handling::check_threshold;
use crate::domain::names::{check_email, check_phone, check_title, check_username};
use crate::domain::password::check_new_password;
use crate::domain::role::Role;
use crate::domain::staffing::{
    check_correction, label_of, staffing, town_staffing, Category, Minimums, Position, Posting,
};
use crate::domain::transfer::{Segment, TransferKind, TransferStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{t_in, Msg};
use crate::policy::{self, Action};
use crate::security::password::hash_password;
use crate::store::handling::{center_refs, CenterRef};
use crate::store::{audit, centers, roster, training, transfers, users};
use crate::web::charts;
use crate::web::render::{field_problem, page, page_with_status, redirect, say};
use crate::web::session::{request_context, CsrfForm, CurrentUser};
use crate::web::state::AppState;

/// Options for a `<select>` from a labelled enum.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    selected: &str,
) -> Vec<Value> {
    all.iter()
        .map(|&v| json!({ "value": code(v), "label": label(v), "selected": code(v) == selected }))
        .collect()
}

/// The town a roster page shows: the manager's own, or the one chosen (admin, orgdept).
fn town_for(
    conn: &mut DbConnection,
    user: &CurrentUser,
    code: Option<&str>,
) -> AppResult<centers::Town> {
    let town = match (user.actor.role, code.filter(|c| !c.is_empty())) {
        (Role::Manager, _) => centers::town(conn, user.actor.town_id.unwrap_or(-1))?,
        (_, Some(c)) => centers::town_by_code(conn, c)?.ok_or(AppError::NotFound)?,
        (_, None) => centers::towns(conn)?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?,
    };
    policy::authorize(&user.actor, Action::ViewRoster { town_id: town.id })?;
    Ok(town)
}

#[derive(Deserialize)]
pub struct RosterQuery {
    town: Option<String>,
    on: Option<String>,
}

/// Contact facts of a user: (name, username, category, phone, email).
type Person = (String, String, String, String, Option<String>);

fn people(conn: &mut DbConnection, ids: Vec<i32>) -> QueryResult<HashMap<i32, Person>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(900) {
        let rows: Vec<(i32, String, String, String, String, Option<String>)> = users_t::table
            .filter(users_t::id.eq_any(chunk.to_vec()))
            .select((
                users_t::id,
                users_t::display_name,
                users_t::username,
                users_t::category,
                users_t::phone,
                users_t::email,
            ))
            .load(conn)?;
        for (id, name, username, category, phone, email) in rows {
            out.insert(id, (name, username, category, phone, email));
        }
    }
    Ok(out)
}

/// A town's centers with the people in post on `on` and each center's staffing.
fn town_roster(
    conn: &mut DbConnection,
    town_id: i32,
    on: NaiveDate,
    lang: &str,
) -> AppResult<Value> {
    let centers = center_refs(conn, Some(town_id))?;
    let ids: Vec<i32> = centers.iter().map(|c| c.id).collect();
    let posts = roster::on_date(conn, Some(&ids), on)?;
    let counts = roster::window_counts(&posts);
    let minimums = roster::minimums(conn)?;
    let who = people(conn, posts.iter().map(|p| p.user_id).collect())?;
    let mut rows = Vec::new();
    let mut per_center = Vec::new();
    for c in &centers {
        let s = staffing(
            counts.get(&c.id).copied().unwrap_or(0),
            c.level(),
            &minimums,
        );
        per_center.push(s);
        let mut staff: Vec<Value> = posts
            .iter()
            .filter(|p| p.center_id == c.id)
            .filter_map(|p| {
                let (name, username, category, phone, email) = who.get(&p.user_id)?;
                Some(json!({
                    "id": p.user_id, "name": name, "username": username,
                    "category": label_of(Category::parse, |c| c.label_in(lang), category),
                    "phone": phone, "email": email,
                    "position": p.position.label_in(lang), "posting": p.posting.label_in(lang),
                    "serving": p.posting == Posting::Serving,
                    "since": p.at_center_since.to_string(),
                }))
            })
            .collect();
        staff.sort_by(|a, b| a["username"].as_str().cmp(&b["username"].as_str()));
        rows.push(json!({
            "center": c, "level": level_label(c, lang), "staffing": s, "staff": staff,
        }));
    }
    let town = town_staffing(&per_center);
    Ok(json!({
        "centers": rows, "town_staffing": town, "minimums": minimums,
        "short_centers": town.centers - town.compliant_centers,
    }))
}

fn level_label(c: &CenterRef, lang: &str) -> String {
    t_in(
        lang,
        match c.level() {
            crate::domain::handling::Level::Town => "roster-min-town",
            crate::domain::handling::Level::Zone => "roster-min-zone",
        },
    )
}

#[get("/roster")]
pub async fn town_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<RosterQuery>,
) -> AppResult<HttpResponse> {
    let today = cst::date_of(state.clock.now_naive());
    let on = match q.on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => cst::parse_date(s).map_err(AppError::bad)?,
        None => today,
    };
    let code = q.town.clone();
    let actor = user.actor;
    let lang = user.lang;
    let can_admin = policy::allows(&actor, Action::ManageHandlingRules);
    let data = state
        .db(move |conn| {
            let town = town_for(conn, &user, code.as_deref())?;
            let mut data = town_roster(conn, town.id, on, lang)?;
            let pending = transfers::list(
                conn,
                Some(town.id),
                Some(TransferStatus::Pending),
                crate::domain::pagination::PageRequest::new(None, 1),
            )?
            .0;
            data["town"] = json!(town);
            data["towns"] = json!(if actor.role == Role::Manager {
                vec![]
            } else {
                centers::towns(conn)?
            });
            data["on"] = json!(on.to_string());
            data["past"] = json!(on != today);
            data["pending"] = json!(pending);
            data["can_manage"] = json!(policy::allows(
                &actor,
                Action::ManageRoster { town_id: town.id }
            ));
            data["can_admin"] = json!(can_admin);
            Ok(data)
        })
        .await?;
    page(&req, &state, "pages/roster/town", data)
}

#[derive(Deserialize, serde::Serialize, Default)]
pub struct NewStaffForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    center: String,
    #[serde(default)]
    position: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default, skip_serializing)]
    confirm: String,
}

/// The manager's own town, which they may add staff to.
fn managed_town(user: &CurrentUser) -> AppResult<i32> {
    let town_id = user.actor.town_id.ok_or(AppError::Forbidden)?;
    policy::authorize(&user.actor, Action::ManageRoster { town_id })?;
    Ok(town_id)
}

async fn new_staff_page(
    req: &HttpRequest,
    state: &AppState,
    town_id: i32,
    status: StatusCode,
    form: NewStaffForm,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let lang = request_context(req).lang;
    let error = error.map(|e| say(req, &e));
    let centers = state
        .db(move |conn| Ok(center_refs(conn, Some(town_id))?))
        .await?;
    let data = json!({
        "centers": centers, "error": error,
        "categories": options(Category::ALL, Category::as_str, |v| v.label_in(lang), &form.category),
        "positions": options(Position::ALL, Position::as_str, |v| v.label_in(lang), &form.position),
        "form": form,
    });
    page_with_status(req, state, status, "pages/roster/new", data)
}

#[get("/roster/new")]
pub async fn new_staff_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    let town_id = managed_town(&user)?;
    let form = NewStaffForm {
        category: Category::Fulltime.as_str().into(),
        position: Position::Window.as_str().into(),
        ..Default::default()
    };
    new_staff_page(&req, &state, town_id, StatusCode::OK, form, None).await
}

#[post("/roster")]
pub async fn add_staff(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<NewStaffForm>,
) -> AppResult<HttpResponse> {
    let town_id = managed_town(&user)?;
    let checked = (|| {
        let username = check_username(&form.username)?;
        let name = check_title(Msg::key("users-display-name"), &form.display_name, 40)?;
        let category = Category::parse(&form.category).ok_or(Msg::key("roster-choose-category"))?;
        let position = Position::parse(&form.position).ok_or(Msg::key("roster-choose-position"))?;
        let phone = check_phone(&form.phone)?;
        let email = check_email(&form.email)?;
        check_new_password(&username, &form.password, &form.confirm).map_err(|p| p.message())?;
        Ok::<_, Msg>((username, name, category, position, phone, email))
    })();
    let (username, name, category, position, phone, email) = match checked {
        Ok(v) => v,
        Err(e) => {
            return new_staff_page(
                &req,
                &state,
                town_id,
                StatusCode::BAD_REQUEST,
                form,
                Some(e),
            )
            .await
        }
    };
    let cost = state.hash_cost();
    let password = form.password.clone();
    let hash = state
        .blocking(move || hash_password(cost, &password))
        .await??;
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let center_code = form.center.clone();
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let center = match centers::find_by_code(conn, center_code.trim())? {
                    Some(c) if c.town_id == town_id => c,
                    _ => return Ok(Err(Msg::key("roster-choose-own-center"))),
                };
                if users::username_taken(conn, &username)? {
                    return Ok(Err(
                        Msg::key("users-username-taken").arg("username", username)
                    ));
                }
                let created = users::insert(
                    conn,
                    &users::NewUser {
                        username,
                        display_name: name,
                        password_hash: hash,
                        role: Role::Worker,
                        membership: users::Membership {
                            center_id: Some(center.id),
                            ..Default::default()
                        },
                        demo: false,
                        email,
                    },
                    now,
                )?;
                diesel::update(users_t::table.find(created.id))
                    .set((
                        users_t::category.eq(category.as_str()),
                        users_t::phone.eq(&phone),
                    ))
                    .execute(conn)?;
                roster::set_hire_position(conn, created.id, position)?;
                let after = transfers::describe_place(conn, created.id)?;
                audit::record_change(
                    conn,
                    now,
                    Some(actor_id),
                    "roster.hire",
                    &created.username,
                    &format!(
                        "新增全科社工 {}（{}）",
                        created.display_name,
                        category.label()
                    ),
                    ("", &after),
                )?;
                Ok::<_, AppError>(Ok(created.id))
            })
        })
        .await?;
    match outcome {
        Ok(id) => Ok(redirect(&format!("/roster/workers/{id}"))),
        Err(e) => {
            new_staff_page(
                &req,
                &state,
                town_id,
                StatusCode::BAD_REQUEST,
                form,
                Some(e),
            )
            .await
        }
    }
}

/// A worker and the town of their center, or 404 for anyone who is not a 全科社工.
fn worker_and_town(conn: &mut DbConnection, id: i32) -> AppResult<(users::UserRow, i32)> {
    let u = users::find(conn, id)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let center = u
        .center_id
        .filter(|_| u.role == "worker")
        .ok_or(AppError::NotFound)?;
    let town = centers::find(conn, center)?.town_id;
    Ok((u, town))
}

async fn worker_page(
    req: &HttpRequest,
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    status: StatusCode,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let actor = user.actor;
    let lang = crate::i18n::supported(request_context(req).lang);
    let error = error.map(|e| say(req, &e));
    let today = cst::date_of(state.clock.now_naive());
    let data = state
        .db(move |conn| {
            let (u, town_id) = worker_and_town(conn, id)?;
            policy::authorize(&actor, Action::ViewRoster { town_id })?;
            let attendance = charts::attendance::by_month(
                training::worker_attendance(conn, id)?
                    .iter()
                    .map(|(at, status)| (cst::date_of(*at), status.as_str())),
                today,
            );
            let history: Vec<Value> = roster::history(conn, id)?
                .into_iter()
                .map(|h| {
                    json!({
                        "center": h.center, "valid_from": h.valid_from, "valid_to": h.valid_to,
                        "position": label_of(Position::parse, |v| v.label_in(lang), &h.position),
                        "posting": label_of(Posting::parse, |v| v.label_in(lang), &h.posting),
                        "cause": cause_label(&h.cause, lang), "transfer_id": h.transfer_id, "note": h.note,
                    })
                })
                .collect();
            let requests: Vec<Value> = transfers::of_worker(conn, id)?
                .into_iter()
                .map(|t| json!({ "id": t.id, "kind": t.kind().label_in(lang), "status": t.status().label_in(lang), "starts_on": t.starts_on }))
                .collect();
            let center = centers::find(conn, u.center_id.unwrap_or(-1))?;
            let town_centers = center_refs(conn, None)?;
            let posting = Posting::parse(&u.posting).unwrap_or(Posting::Serving);
            Ok(json!({
                "worker": u,
                "center": center,
                "category": label_of(Category::parse, |v| v.label_in(lang), &u.category),
                "position": label_of(Position::parse, |v| v.label_in(lang), &u.position),
                "posting": posting.label_in(lang),
                "departed": posting == Posting::Departed,
                "history": history,
                "requests": requests,
                "categories": options(Category::ALL, Category::as_str, |v| v.label_in(lang), &u.category),
                "positions": options(Position::ALL, Position::as_str, |v| v.label_in(lang), &u.position),
                "postings": options(Posting::ALL, Posting::as_str, |v| v.label_in(lang), &u.posting),
                "all_centers": town_centers,
                "can_manage": policy::allows(&actor, Action::ManageRoster { town_id }),
                "can_edit_contact": may_edit_contact(&actor, town_id),
                "can_correct": policy::allows(&actor, Action::CorrectAssignment),
                "attendance_chart": charts::attendance::figure(lang, &attendance),
                "error": error,
            }))
        })
        .await?;
    page_with_status(req, state, status, "pages/roster/worker", data)
}

fn may_edit_contact(actor: &policy::Actor, town_id: i32) -> bool {
    policy::allows(actor, Action::EditContact { town_id })
}

pub fn cause_label(cause: &str, lang: &str) -> String {
    match cause {
        "move" => TransferKind::Move.label_in(lang),
        "secondment" => TransferKind::Secondment.label_in(lang),
        "replacement" => TransferKind::Replacement.label_in(lang),
        "departure" => TransferKind::Departure.label_in(lang),
        "hire" => t_in(lang, "roster-cause-hire"),
        "return" => t_in(lang, "roster-cause-return"),
        "correction" => t_in(lang, "roster-cause-correction"),
        _ => t_in(lang, "roster-cause-other"),
    }
}

#[get("/roster/workers/{id}")]
pub async fn show_worker(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    worker_page(&req, &state, &user, id.into_inner(), StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

#[post("/roster/workers/{id}/contact")]
pub async fn update_contact(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let actor = user.actor;
    let checked = (|| {
        let category = Category::parse(&form.category).ok_or(Msg::key("roster-choose-category"))?;
        Ok::<_, Msg>((
            category,
            check_phone(&form.phone)?,
            check_email(&form.email)?,
        ))
    })();
    let now = state.clock.now_naive();
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (u, town_id) = worker_and_town(conn, id)?;
                if !may_edit_contact(&actor, town_id) {
                    return Err(AppError::Forbidden);
                }
                let (category, phone, email) = match checked {
                    Ok(v) => v,
                    Err(e) => return Ok(Err(e)),
                };
                let describe = |c: &str, p: &str, e: &Option<String>| {
                    format!(
                        "{}；电话 {}；邮箱 {}",
                        label_of(Category::parse, Category::label, c),
                        if p.is_empty() { "—" } else { p },
                        e.as_deref().unwrap_or("—")
                    )
                };
                let before = describe(&u.category, &u.phone, &u.email);
                diesel::update(users_t::table.find(id))
                    .set((
                        users_t::category.eq(category.as_str()),
                        users_t::phone.eq(&phone),
                        users_t::email.eq(&email),
                    ))
                    .execute(conn)?;
                let after = describe(category.as_str(), &phone, &email);
                audit::record_change(
                    conn,
                    now,
                    Some(actor.user_id),
                    "roster.contact",
                    &u.username,
                    "修改人员类别和联系方式",
                    (&before, &after),
                )?;
                Ok(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect(&format!("/roster/workers/{id}"))),
        Err(e) => worker_page(&req, &state, &user, id, StatusCode::BAD_REQUEST, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    center: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    posting: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    note: String,
}

/// An admin records what the roster should have said: appended as a correction row and
/// logged as such.
#[post("/roster/workers/{id}/correction")]
pub async fn correct(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<CorrectionForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::CorrectAssignment)?;
    let id = id.into_inner();
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let actor_id = user.actor.user_id;
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (u, _) = worker_and_town(conn, id)?;
                let parsed = (|| {
                    let position = Position::parse(&form.position)
                        .ok_or(Msg::key("roster-choose-position"))?;
                    let posting =
                        Posting::parse(&form.posting).ok_or(Msg::key("roster-choose-posting"))?;
                    let from = cst::parse_date(&form.valid_from)?;
                    Ok::<_, Msg>((position, posting, from))
                })();
                let (position, posting, valid_from) = match parsed {
                    Ok(v) => v,
                    Err(e) => return Ok(Err(e)),
                };
                let Some(center) = centers::find_by_code(conn, form.center.trim())? else {
                    return Ok(Err(Msg::key("roster-center-choose")));
                };
                let latest = roster::latest_from(conn, id)?;
                if let Err(e) = check_correction(valid_from, latest, today, &form.note) {
                    return Ok(Err(e));
                }
                let before = transfers::describe_place(conn, id)?;
                let seg = Segment {
                    center_id: center.id,
                    position,
                    posting,
                    valid_from,
                    cause: "correction",
                };
                roster::append(
                    conn,
                    id,
                    &[seg],
                    None,
                    form.note.trim(),
                    Some(actor_id),
                    now,
                )?;
                let after = format!(
                    "{}，{}，{}，自 {valid_from} 起",
                    center.name,
                    position.label(),
                    posting.label()
                );
                audit::record_change(
                    conn,
                    now,
                    Some(actor_id),
                    "assignment.correction",
                    &u.username,
                    &format!("管理员更正：{}", form.note.trim()),
                    (&before, &after),
                )?;
                Ok(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect(&format!("/roster/workers/{id}"))),
        Err(e) => worker_page(&req, &state, &user, id, StatusCode::BAD_REQUEST, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct MinimumsForm {
    #[serde(default)]
    town: String,
    #[serde(default)]
    zone: String,
}

/// The one-stop-window minimums per level (the plan's 3 and 2 by default).
#[post("/roster/minimums")]
pub async fn set_minimums(
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<MinimumsForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageHandlingRules)?;
    let town = check_threshold(&form.town)
        .map_err(|e| AppError::bad(field_problem("roster-field-town", e)))?;
    let zone = check_threshold(&form.zone)
        .map_err(|e| AppError::bad(field_problem("roster-field-zone", e)))?;
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let before = roster::minimums(conn)?;
                roster::set_minimums(conn, Minimums { town, zone })?;
                audit::record_change(
                    conn,
                    now,
                    Some(actor_id),
                    "roster.minimums",
                    "staffing_minimums",
                    "一站式服务窗口最低人数",
                    (
                        &format!("镇 {}，区 {}", before.town, before.zone),
                        &format!("镇 {town}，区 {zone}"),
                    ),
                )?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(redirect("/roster"))
}
