//! Object-level access (IDOR): for every route whose pattern takes an object id, a user of
//! the same role but of another unit — a worker of another center, a manager of another
//! town, a trainer of another bureau — is refused (403 or 404), and a refused POST changes
//! nothing.
//!
//! `TABLE` says, for every such route of `routes::registered_routes()`, who owns the object
//! and what the design leaves open; `target` builds the object in scope A (玲珑镇, its town
//! center, 人社局) and the request. A route with a `{…}` parameter and no entry fails the
//! test, and so does an entry for a route that no longer exists.
//!
//! Scope A: 玲珑镇 (`linglong`), its town center, 人社局 (`rs`, the fixture course C05).
//! Scope B, the intruders: a worker of 毕郭镇's center, a worker of a zone center of 玲珑镇,
//! 毕郭镇's manager, a 民政局 trainer; and, for objects private to one worker, a colleague
//! at the same center.

use devolve::domain::role::Role;
use devolve::store::{
    api_tokens, attempts, centers, courses, items, roster as roster_store, training, transfers,
    users,
};
use diesel::prelude::*;

use crate::course_fixture::{answers, import, BANK};
use crate::helpers::{location, pairs, spawn_app, TestApp};
use crate::learn::finish_modules;
use crate::roster::{certify, secondment, user_id};
use crate::routes::{registered_routes, Route};
use crate::training::{enrol_linglong, schedule_item};

/// Who may reach a route's object, as the design (src/policy.rs) intends.
enum Rule {
    /// No login: the parameter is a public name (a center's code, a file) or a capability
    /// (a certificate's verification code).
    Public(&'static str),
    /// The machine API: a bearer token scoped to the city or one town, no browser session.
    Api(&'static str),
    /// An object of a unit. `owners` of scope A may; the same roles in scope B are refused.
    /// `private`: the object is one worker's own, so a colleague at the same center is
    /// refused too. `open`: roles the design does not scope by unit for this route (any
    /// user of that role may, for the reason in `why`); every other role is refused.
    Unit {
        owners: &'static [Role],
        private: bool,
        open: &'static [Role],
        why: &'static str,
    },
    /// City-wide roles only (admin or the organization department): every worker, manager
    /// and trainer is refused, whatever their unit.
    CityWide(&'static str),
}

impl Rule {
    /// What the entry says, for failure messages.
    fn doc(&self) -> String {
        match self {
            Rule::Public(why) => format!("public: {why}"),
            Rule::Api(why) => format!("API: {why}"),
            Rule::CityWide(why) => format!("city-wide: {why}"),
            Rule::Unit {
                owners, open, why, ..
            } => format!("owned by {owners:?} of its unit; open to any of {open:?}: {why}"),
        }
    }
}

const W: Role = Role::Worker;
const M: Role = Role::Manager;
const T: Role = Role::Trainer;

const fn owned(owners: &'static [Role]) -> Rule {
    Rule::Unit {
        owners,
        private: false,
        open: &[],
        why: "",
    }
}

const fn own_only(owners: &'static [Role]) -> Rule {
    Rule::Unit {
        owners,
        private: true,
        open: &[],
        why: "",
    }
}

const fn open(owners: &'static [Role], open: &'static [Role], why: &'static str) -> Rule {
    Rule::Unit {
        owners,
        private: false,
        open,
        why,
    }
}

const COURSE_READ: &str =
    "any trainer reads any course and its question bank (Action::ReadCourses); \
     editing is for the item's bureaus (allows_course_edit)";
const LEARN: &str = "published courses are city-wide: any worker studies any of them \
     (Action::TakeCourses, ItemScope::All), and the progress is the caller's own";

/// Every route with a parameter. The order is also the order of the owners' POSTs at the
/// end of the test (they change state: a draft is published before it is discarded, …).
const TABLE: &[(&str, Rule)] = &[
    ("GET /static/{file:.*}", Rule::Public("the stylesheet and scripts")),
    ("GET /verify/{code}", Rule::Public("the 32-hex verification code is the capability; the page names holder, item and state only")),
    ("GET /api/v1/verify/{code}", Rule::Public("as /verify/{code}, as JSON")),
    ("GET /public/centers/{code}", Rule::Public("the notice citizens read in the service hall; no names")),
    ("GET /api/v1/centers/{code}/handling", Rule::Api("a town token reads its own town's centers only")),
    ("GET /api/v1/centers/{code}/items/{seq}/handling", Rule::Api("a town token reads its own town's centers only")),
    ("GET /items/{code}", open(&[], &[W, M, T], "the item catalog is public reference data (Action::ViewItem)")),
    ("GET /items/{code}/learn", open(&[], &[W], LEARN)),
    ("GET /centers/{code}", open(&[W, M], &[T], "trainers teach every town (Action::ViewCenter); names only for who sees the roster")),
    ("GET /centers/{code}/notice", open(&[W, M], &[T], "as /centers/{code}")),
    ("GET /towns/{code}", owned(&[M])),
    ("POST /towns/{code}/zone-items", owned(&[M])),
    ("GET /courses/{id}", open(&[], &[T], COURSE_READ)),
    ("GET /courses/{id}/versions/{n}", open(&[], &[T], COURSE_READ)),
    ("GET /courses/{id}/versions/{n}/export.zip", owned(&[T])),
    ("GET /courses/{id}/analysis", owned(&[T])),
    ("GET /courses/{id}/draft", owned(&[T])),
    ("GET /courses/{id}/draft/modules/new", owned(&[T])),
    ("GET /courses/{id}/draft/modules/{pos}", owned(&[T])),
    ("GET /courses/{id}/draft/preview", owned(&[T])),
    ("POST /courses/{id}/draft/settings", owned(&[T])),
    ("POST /courses/{id}/draft/questions", owned(&[T])),
    ("POST /courses/{id}/draft/modules", owned(&[T])),
    ("POST /courses/{id}/draft/modules/{pos}", owned(&[T])),
    ("POST /courses/{id}/draft/modules/{pos}/delete", owned(&[T])),
    ("POST /courses/{id}/draft/publish", owned(&[T])),
    ("POST /items/{code}/course/draft", owned(&[T])),
    ("POST /courses/{id}/draft/discard", owned(&[T])),
    ("GET /learn/{id}", open(&[], &[W], LEARN)),
    ("GET /learn/{id}/modules/{pos}", open(&[], &[W], LEARN)),
    ("POST /learn/{id}/modules/{pos}/done", open(&[], &[W], LEARN)),
    ("POST /learn/{id}/attempts", open(&[], &[W], LEARN)),
    ("GET /attempts/{id}", own_only(&[W])),
    ("GET /attempts/{id}/state.json", own_only(&[W])),
    ("GET /attempts/{id}/review", own_only(&[W])),
    ("POST /attempts/{id}/answer", own_only(&[W])),
    ("POST /attempts/{id}/submit", own_only(&[W])),
    ("GET /sessions/{id}", owned(&[T])),
    ("GET /sessions/{id}/edit", owned(&[T])),
    ("POST /sessions/{id}", owned(&[T])),
    // a manager enrols their own town's workers in any session; the object is the town
    ("POST /sessions/{id}/enrol", owned(&[T, M])),
    ("POST /sessions/{id}/mark", owned(&[T])),
    ("POST /sessions/{id}/close", owned(&[T])),
    ("POST /sessions/{id}/cancel", owned(&[T])),
    ("POST /leaves/{id}/decide", owned(&[M])),
    ("POST /leaves/{id}/report-back", own_only(&[W])),
    ("GET /certificates/{id}", own_only(&[W, M, T])),
    ("POST /certificates/{id}/revoke", owned(&[T])),
    ("GET /roster/workers/{id}", owned(&[M])),
    ("POST /roster/workers/{id}/contact", owned(&[M])),
    ("POST /roster/workers/{id}/correction", Rule::CityWide("admins correct the roster history (Action::CorrectAssignment)")),
    ("GET /transfers/{id}", owned(&[M])),
    ("POST /transfers/{id}/decision", Rule::CityWide("the organization department decides (Action::DecideTransfer)")),
    ("POST /transfers/{id}/withdraw", owned(&[M])),
    ("POST /items/{code}/settings", Rule::CityWide("admins set items' delegation and validity (Action::ManageHandlingRules)")),
    ("POST /admin/outbox/{id}/resend", Rule::CityWide("admins (Action::ViewOutbox)")),
    ("POST /admin/api-tokens/{id}/revoke", Rule::CityWide("admins (Action::ManageApiTokens)")),
    ("GET /admin/users/{id}", Rule::CityWide("admins (Action::ManageUsers)")),
    ("POST /admin/users/{id}/active", Rule::CityWide("admins (Action::ManageUsers)")),
    ("POST /admin/users/{id}/role", Rule::CityWide("admins (Action::ManageUsers)")),
    ("POST /admin/users/{id}/password", Rule::CityWide("admins (Action::ManageUsers)")),
];

/// The objects of scope A, the people of both scopes, and the API tokens.
struct Fx {
    app: TestApp,
    admin: TestApp,
    org: TestApp,
    /// scope A: `wa` (attempt, leave, transfer), `wh` (certificate holder), their manager,
    /// a 人社局 trainer
    worker: TestApp,
    holder: TestApp,
    manager: TestApp,
    trainer: TestApp,
    /// scope B: a worker of 毕郭镇's center, 毕郭镇's manager, a 民政局 trainer, and a
    /// worker of a zone center of 玲珑镇
    intruders: Vec<(&'static str, Role, TestApp)>,
    /// `wa`'s colleague at 玲珑镇's center, for objects private to one worker
    colleague: TestApp,
    course: i32,
    session: i32,
    attempt: i32,
    answers: Vec<(String, String)>,
    leave: i32,
    cert: i32,
    cert_code: String,
    transfer: i32,
    wa: i32,
    wh: i32,
    /// a 人社局 trainer's account, for the admin's user routes
    spare: i32,
    linglong: i32,
    item: i32,
    outbox: i32,
    biguo_token_id: i32,
    tokens: Tokens,
}

struct Tokens {
    city: String,
    linglong: String,
    biguo: String,
}

async fn browser(app: &TestApp, role: Role, name: &str, unit: Option<&str>) -> TestApp {
    let b = app.new_browser();
    b.login_as(role, name, unit).await;
    b
}

async fn fixture() -> Fx {
    let app = spawn_app().await;
    let course = import(&app);
    let admin = browser(&app, Role::Admin, "boss", None).await;
    let org = browser(&app, Role::Orgdept, "org", None).await;
    let worker = browser(&app, W, "wa", Some("linglong")).await;
    let holder = browser(&app, W, "wh", Some("linglong")).await;
    let colleague = browser(&app, W, "wc", Some("linglong")).await;
    let manager = browser(&app, M, "ma", Some("linglong")).await;
    let trainer = browser(&app, T, "ta", Some("rs")).await;
    let mut intruders = vec![
        (
            "worker of 毕郭镇",
            W,
            browser(&app, W, "wb", Some("biguo")).await,
        ),
        (
            "manager of 毕郭镇",
            M,
            browser(&app, M, "mb", Some("biguo")).await,
        ),
        (
            "trainer of 民政局",
            T,
            browser(&app, T, "tb", Some("mz")).await,
        ),
    ];
    // a zone center of 玲珑镇: another center in the same town
    let res = admin
        .post_form(
            "/zones",
            &[("town", "linglong"), ("name", "测试融合区党群服务中心")],
        )
        .await;
    assert_eq!(res.status(), 303, "create a zone");
    let zone = location(&res).trim_start_matches("/centers/").to_string();
    intruders.push((
        "worker of a 玲珑镇 zone center",
        W,
        browser(&app, W, "wz", Some(&zone)).await,
    ));
    // the account the admin routes act on
    app.create_user(T, "spare", Some("rs"));
    let (wa, wh, spare) = (
        user_id(&app, "wa"),
        user_id(&app, "wh"),
        user_id(&app, "spare"),
    );

    // a certificate of `wh` on C05 (人社局), a quiz attempt open for `wa`
    certify(&app, "wh");
    finish_modules(&worker, course).await;
    let res = worker
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(res.status(), 303, "start the attempt");
    let attempt: i32 = location(&res)
        .trim_start_matches("/attempts/")
        .parse()
        .unwrap();
    // the course's draft, reopened by its bureau's trainer
    let res = trainer.post_form("/items/C05/course/draft", &[]).await;
    assert_eq!(location(&res), format!("/courses/{course}/draft"));
    // a 人社局 session with 玲珑镇 enrolled (this queues mail: the outbox has rows)
    let session = schedule_item(&trainer, "养老保险专题培训", "30", "C05", true).await;
    enrol_linglong(&trainer, session).await;
    // `wa` asks leave for it; their manager files a secondment for them
    let today = devolve::domain::cst::date_of(app.clock.now_naive());
    let leave = {
        let mut conn = app.pool.get().unwrap();
        training::ask_leave(
            &mut conn,
            &training::NewLeave {
                user_id: wa,
                kind: "personal",
                reason: "家中有事",
                starts_on: today,
                ends_on: today,
                session_ids: &[session],
            },
            app.clock.now_naive(),
        )
        .unwrap()
    };
    let res = manager
        .post_form(
            "/transfers",
            &secondment(&wa.to_string(), &today.to_string()),
        )
        .await;
    assert_eq!(res.status(), 303, "file a transfer");
    let transfer: i32 = location(&res)
        .trim_start_matches("/transfers/")
        .parse()
        .unwrap();

    let mut conn = app.pool.get().unwrap();
    let cert = crate::certificates::certs_of(&app, "wh").remove(0);
    let linglong = centers::town_by_code(&mut conn, "linglong")
        .unwrap()
        .unwrap()
        .id;
    let biguo = centers::town_by_code(&mut conn, "biguo")
        .unwrap()
        .unwrap()
        .id;
    let item = items::find_by_code(&mut conn, "C05")
        .unwrap()
        .unwrap()
        .item
        .id;
    let outbox = devolve::mail::outbox::list(&mut conn, None, 1, 0).unwrap()[0].id;
    let now = app.clock.now_naive();
    let boss = user_id(&app, "boss");
    let tokens = Tokens {
        city: api_tokens::issue(&mut conn, "全市", None, boss, now).unwrap(),
        linglong: api_tokens::issue(&mut conn, "玲珑", Some(linglong), boss, now).unwrap(),
        biguo: api_tokens::issue(&mut conn, "毕郭", Some(biguo), boss, now).unwrap(),
    };
    let biguo_token_id = {
        use devolve::db::schema::api_tokens::dsl;
        dsl::api_tokens
            .filter(dsl::town_id.eq(biguo))
            .select(dsl::id)
            .first::<i32>(&mut conn)
            .unwrap()
    };
    drop(conn);
    let answers = answers(&app, attempt, true);
    Fx {
        app,
        admin,
        org,
        worker,
        holder,
        manager,
        trainer,
        intruders,
        colleague,
        course,
        session,
        attempt,
        answers,
        leave,
        cert: cert.id,
        cert_code: cert.code,
        transfer,
        wa,
        wh,
        spare,
        linglong,
        item,
        outbox,
        biguo_token_id,
        tokens,
    }
}

/// One request against a route, and who in scope A may make it with what answer (the
/// positive control: the id is right and the body is valid). `None`: no control.
struct Target<'a> {
    path: String,
    body: Vec<(String, String)>,
    control: Option<(&'a TestApp, u16)>,
}

fn target<'a>(key: &str, fx: &'a Fx) -> Target<'a> {
    let (c, s, a) = (fx.course, fx.session, fx.attempt);
    let get = |path: String, who: &'a TestApp, status: u16| Target {
        path,
        body: Vec::new(),
        control: Some((who, status)),
    };
    let post = |path: String, body: &[(&str, &str)], who: &'a TestApp, status: u16| Target {
        path,
        body: pairs(body),
        control: Some((who, status)),
    };
    let session_form = [
        ("title", "养老保险专题培训（改）"),
        ("starts_at", "2026-11-25T10:00"),
        ("ends_at", "2026-11-25T12:00"),
        ("place", "玲珑镇党群服务中心二楼"),
        ("online_link", ""),
        ("capacity", "30"),
        ("item", "C05"),
        ("required", "1"),
    ];
    let module = [
        ("title", "办理时限"),
        ("minutes", "5"),
        ("body", "当场办结。"),
    ];
    let wa = fx.wa.to_string();
    let day = devolve::domain::cst::date_of(fx.app.clock.now_naive()).to_string();
    match key {
        "GET /static/{file:.*}" => get("/static/app.css".into(), &fx.app, 200),
        "GET /verify/{code}" => get(format!("/verify/{}", fx.cert_code), &fx.app, 200),
        "GET /api/v1/verify/{code}" => {
            get(format!("/api/v1/verify/{}", fx.cert_code), &fx.app, 200)
        }
        "GET /public/centers/{code}" => get("/public/centers/linglong".into(), &fx.app, 200),
        "GET /api/v1/centers/{code}/handling" => {
            get("/api/v1/centers/linglong/handling".into(), &fx.app, 200)
        }
        "GET /api/v1/centers/{code}/items/{seq}/handling" => get(
            "/api/v1/centers/linglong/items/5/handling".into(),
            &fx.app,
            200,
        ),
        "GET /items/{code}" => get("/items/C05".into(), &fx.worker, 200),
        "GET /items/{code}/learn" => get("/items/C05/learn".into(), &fx.worker, 303),
        "GET /centers/{code}" => get("/centers/linglong".into(), &fx.worker, 200),
        "GET /centers/{code}/notice" => get("/centers/linglong/notice".into(), &fx.manager, 200),
        "GET /towns/{code}" => get("/towns/linglong".into(), &fx.manager, 200),
        "POST /towns/{code}/zone-items" => post(
            "/towns/linglong/zone-items".into(),
            &[("item", &fx.item.to_string())],
            &fx.manager,
            303,
        ),
        "GET /courses/{id}" => get(format!("/courses/{c}"), &fx.trainer, 200),
        "GET /courses/{id}/versions/{n}" => {
            get(format!("/courses/{c}/versions/1"), &fx.trainer, 200)
        }
        "GET /courses/{id}/versions/{n}/export.zip" => get(
            format!("/courses/{c}/versions/1/export.zip"),
            &fx.trainer,
            200,
        ),
        "GET /courses/{id}/analysis" => get(format!("/courses/{c}/analysis"), &fx.trainer, 200),
        "GET /courses/{id}/draft" => get(format!("/courses/{c}/draft"), &fx.trainer, 200),
        "GET /courses/{id}/draft/modules/new" => {
            get(format!("/courses/{c}/draft/modules/new"), &fx.trainer, 200)
        }
        "GET /courses/{id}/draft/modules/{pos}" => {
            get(format!("/courses/{c}/draft/modules/1"), &fx.trainer, 200)
        }
        "GET /courses/{id}/draft/preview" => {
            get(format!("/courses/{c}/draft/preview"), &fx.trainer, 200)
        }
        "POST /courses/{id}/draft/settings" => post(
            format!("/courses/{c}/draft/settings"),
            &[
                ("title", "居民养老保险待遇登记及终止（修订）"),
                ("draw", "4"),
                ("per_category", ""),
                ("shuffle", "1"),
                ("time_limit_minutes", "25"),
                ("pass_percent", "80"),
                ("max_attempts", "3"),
                ("cooldown_minutes", "30"),
            ],
            &fx.trainer,
            303,
        ),
        "POST /courses/{id}/draft/questions" => post(
            format!("/courses/{c}/draft/questions"),
            &[("gift", BANK)],
            &fx.trainer,
            303,
        ),
        "POST /courses/{id}/draft/modules" => post(
            format!("/courses/{c}/draft/modules"),
            &module,
            &fx.trainer,
            303,
        ),
        "POST /courses/{id}/draft/modules/{pos}" => post(
            format!("/courses/{c}/draft/modules/1"),
            &module,
            &fx.trainer,
            303,
        ),
        "POST /courses/{id}/draft/modules/{pos}/delete" => post(
            format!("/courses/{c}/draft/modules/2/delete"),
            &[],
            &fx.trainer,
            303,
        ),
        "POST /courses/{id}/draft/publish" => post(
            format!("/courses/{c}/draft/publish"),
            &[("change_kind", "minor"), ("note", "补充办理时限")],
            &fx.trainer,
            303,
        ),
        // the control reopens a draft after the publish above
        "POST /items/{code}/course/draft" => {
            post("/items/C05/course/draft".into(), &[], &fx.trainer, 303)
        }
        "POST /courses/{id}/draft/discard" => {
            post(format!("/courses/{c}/draft/discard"), &[], &fx.trainer, 303)
        }
        "GET /learn/{id}" => get(format!("/learn/{c}"), &fx.worker, 200),
        "GET /learn/{id}/modules/{pos}" => get(format!("/learn/{c}/modules/1"), &fx.worker, 200),
        "POST /learn/{id}/modules/{pos}/done" => {
            post(format!("/learn/{c}/modules/1/done"), &[], &fx.worker, 303)
        }
        "POST /learn/{id}/attempts" => post(format!("/learn/{c}/attempts"), &[], &fx.worker, 303),
        "GET /attempts/{id}" => get(format!("/attempts/{a}"), &fx.worker, 200),
        "GET /attempts/{id}/state.json" => {
            get(format!("/attempts/{a}/state.json"), &fx.worker, 200)
        }
        // the attempt is open: its review sends the owner back to it
        "GET /attempts/{id}/review" => get(format!("/attempts/{a}/review"), &fx.worker, 303),
        "POST /attempts/{id}/answer" => Target {
            path: format!("/attempts/{a}/answer"),
            body: fx.answers.clone(),
            control: Some((&fx.worker, 200)),
        },
        "POST /attempts/{id}/submit" => Target {
            path: format!("/attempts/{a}/submit"),
            body: fx.answers.clone(),
            control: Some((&fx.worker, 303)),
        },
        "GET /sessions/{id}" => get(format!("/sessions/{s}"), &fx.trainer, 200),
        "GET /sessions/{id}/edit" => get(format!("/sessions/{s}/edit"), &fx.trainer, 200),
        "POST /sessions/{id}" => post(format!("/sessions/{s}"), &session_form, &fx.trainer, 303),
        "POST /sessions/{id}/enrol" => post(
            format!("/sessions/{s}/enrol"),
            &[("town", "linglong")],
            &fx.manager,
            303,
        ),
        "POST /sessions/{id}/mark" => post(
            format!("/sessions/{s}/mark"),
            &[("user_id", &wa), ("status", "present")],
            &fx.trainer,
            303,
        ),
        "POST /sessions/{id}/close" => post(format!("/sessions/{s}/close"), &[], &fx.trainer, 303),
        // closed by the control above: cancelling is refused as a conflict, not as access
        "POST /sessions/{id}/cancel" => {
            post(format!("/sessions/{s}/cancel"), &[], &fx.trainer, 409)
        }
        "POST /leaves/{id}/decide" => post(
            format!("/leaves/{}/decide", fx.leave),
            &[("decision", "approve"), ("comment", "")],
            &fx.manager,
            303,
        ),
        "POST /leaves/{id}/report-back" => post(
            format!("/leaves/{}/report-back", fx.leave),
            &[],
            &fx.worker,
            303,
        ),
        "GET /certificates/{id}" => get(format!("/certificates/{}", fx.cert), &fx.holder, 200),
        "POST /certificates/{id}/revoke" => post(
            format!("/certificates/{}/revoke", fx.cert),
            &[("reason", "培训记录有误")],
            &fx.trainer,
            303,
        ),
        "GET /roster/workers/{id}" => get(format!("/roster/workers/{wa}"), &fx.manager, 200),
        "POST /roster/workers/{id}/contact" => post(
            format!("/roster/workers/{wa}/contact"),
            &[
                ("category", "fulltime"),
                ("phone", "13800000000"),
                ("email", "wa@test.devolve.invalid"),
            ],
            &fx.manager,
            303,
        ),
        "POST /roster/workers/{id}/correction" => post(
            format!("/roster/workers/{wa}/correction"),
            &[
                ("center", "linglong"),
                ("position", "window"),
                ("posting", "serving"),
                ("valid_from", &day),
                ("note", "入职时岗位登记错误"),
            ],
            &fx.admin,
            303,
        ),
        "GET /transfers/{id}" => get(format!("/transfers/{}", fx.transfer), &fx.manager, 200),
        "POST /transfers/{id}/decision" => post(
            format!("/transfers/{}/decision", fx.transfer),
            &[("decision", "reject"), ("comment", "汛期已过")],
            &fx.org,
            303,
        ),
        // decided by the control above: withdrawing is refused as a conflict
        "POST /transfers/{id}/withdraw" => post(
            format!("/transfers/{}/withdraw", fx.transfer),
            &[],
            &fx.manager,
            409,
        ),
        "POST /items/{code}/settings" => post(
            "/items/C05/settings".into(),
            &[("cert_months", "24"), ("delegated", "1")],
            &fx.admin,
            303,
        ),
        "POST /admin/outbox/{id}/resend" => post(
            format!("/admin/outbox/{}/resend", fx.outbox),
            &[],
            &fx.admin,
            303,
        ),
        "POST /admin/api-tokens/{id}/revoke" => post(
            format!("/admin/api-tokens/{}/revoke", fx.biguo_token_id),
            &[],
            &fx.admin,
            303,
        ),
        "GET /admin/users/{id}" => get(format!("/admin/users/{}", fx.spare), &fx.admin, 200),
        "POST /admin/users/{id}/active" => post(
            format!("/admin/users/{}/active", fx.spare),
            &[("active", "1")],
            &fx.admin,
            303,
        ),
        "POST /admin/users/{id}/role" => post(
            format!("/admin/users/{}/role", fx.spare),
            &[("role", "trainer"), ("bureau", "mz")],
            &fx.admin,
            303,
        ),
        // the user's page again, saying the password was reset
        "POST /admin/users/{id}/password" => post(
            format!("/admin/users/{}/password", fx.spare),
            &[
                ("password", "another-horse-battery-staple"),
                ("confirm", "another-horse-battery-staple"),
            ],
            &fx.admin,
            200,
        ),
        other => panic!("{other}: in TABLE but no target"),
    }
}

/// The row counts of tables, by name in the schema.
macro_rules! counts {
    ($conn:expr, $($table:ident),+) => {
        vec![$((stringify!($table), devolve::db::schema::$table::table
            .count()
            .get_result::<i64>($conn)
            .unwrap())),+]
    };
}

/// Everything of scope A a refused POST could have touched: the objects' own rows in
/// full, and the row counts of every table a POST route writes to.
fn world(fx: &Fx) -> String {
    let mut conn = fx.app.pool.get().unwrap();
    let c = &mut *conn;
    let mut out = Vec::new();
    for v in courses::versions(c, fx.course).unwrap() {
        out.push(format!("{v:?}"));
        out.push(format!("{:?}", courses::modules(c, v.id).unwrap()));
        out.push(format!("{:?}", courses::question_rows(c, v.id).unwrap()));
    }
    out.push(format!("{:?}", items::find_by_code(c, "C05").unwrap()));
    out.push(format!("{:?}", training::session(c, fx.session).unwrap()));
    out.push(format!("{:?}", training::roster(c, fx.session).unwrap()));
    out.push(format!(
        "{:?}",
        training::item_names(c, fx.session).unwrap()
    ));
    out.push(format!("{:?}", attempts::attempt(c, fx.attempt).unwrap()));
    let slots: Vec<_> = attempts::slots(c, fx.attempt)
        .unwrap()
        .into_iter()
        .map(|(slot, _)| slot)
        .collect();
    out.push(format!("{slots:?}"));
    out.push(format!("{:?}", training::leave(c, fx.leave).unwrap()));
    out.push(format!(
        "{:?}",
        crate::certificates::certs_of(&fx.app, "wh")
    ));
    for id in [fx.wa, fx.wh, fx.spare] {
        out.push(format!("{:?}", users::find(c, id).unwrap()));
        out.push(format!("{:?}", roster_store::history(c, id).unwrap()));
    }
    out.push(format!("{:?}", transfers::find(c, fx.transfer).unwrap()));
    out.push(format!(
        "{:?}",
        devolve::store::handling::zone_selection(c, fx.linglong).unwrap()
    ));
    out.push(format!("{:?}", api_tokens::list(c).unwrap()));
    out.push(format!(
        "{:?}",
        devolve::mail::outbox::list(c, None, 1000, 0).unwrap()
    ));
    let counts = counts!(
        c,
        users,
        centers,
        courses,
        course_versions,
        course_modules,
        questions,
        module_progress,
        attempts,
        attempt_questions,
        training_sessions,
        enrolments,
        leaves,
        certificates,
        transfers,
        assignments,
        zone_items,
        api_tokens,
        outbox,
        audit_log
    );
    out.push(format!("{counts:?}"));
    out.join("\n")
}

async fn send(b: &TestApp, method: &str, t: &Target<'_>) -> reqwest::Response {
    match method {
        "GET" => b.get(&t.path).await,
        _ => b.post_pairs(&t.path, &t.body).await,
    }
}

/// A refusal, told apart from a CSRF failure (also 403) and from a missing object that
/// the fixture failed to build (the controls catch that).
async fn assert_refused(res: reqwest::Response, what: &str) {
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    assert!(
        status == 403 || status == 404,
        "{what}: expected 403 or 404, got {status}: {}",
        body.chars().take(300).collect::<String>()
    );
    assert!(
        !body.contains("页面已过期"),
        "{what}: refused by CSRF, not by access"
    );
}

/// What the API routes answer a token (or a browser) with.
async fn api_status(fx: &Fx, token: Option<&str>, path: &str) -> u16 {
    let mut req = fx.app.client.get(fx.app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn objects_of_one_unit_are_refused_to_the_same_role_of_another_unit() {
    let routes: Vec<Route> = registered_routes()
        .into_iter()
        .filter(|r| !r.params().is_empty())
        .collect();
    let keys: Vec<String> = routes.iter().map(Route::key).collect();
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !TABLE.iter().any(|(t, _)| t == k))
        .collect();
    assert!(
        missing.is_empty(),
        "routes with an object id and no entry in tests/api/idor.rs TABLE: {missing:?}"
    );
    let stale: Vec<&str> = TABLE
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !keys.iter().any(|r| r == k))
        .collect();
    assert!(stale.is_empty(), "TABLE entries for no route: {stale:?}");

    for (key, rule) in TABLE {
        let documented = match rule {
            Rule::Public(why) | Rule::Api(why) | Rule::CityWide(why) => !why.is_empty(),
            Rule::Unit {
                owners, open, why, ..
            } => (!owners.is_empty() || !open.is_empty()) && (open.is_empty() || !why.is_empty()),
        };
        assert!(
            documented,
            "{key}: say whose object it is, or why it is open"
        );
    }
    let fx = fixture().await;
    let anon = fx.app.new_browser();
    let (mut scoped_routes, mut public, mut api) = (0, 0, 0);
    // intruder requests: refused, let in by design, POSTs refused with the database unchanged
    let (mut refused, mut let_in, mut unchanged, mut api_checks, mut controls) = (0, 0, 0, 0, 0);
    for (key, rule) in TABLE {
        let method = key.split(' ').next().unwrap();
        let t = target(key, &fx);
        match rule {
            Rule::Public(_) => {
                public += 1;
                assert_eq!(
                    send(&anon, method, &t).await.status(),
                    200,
                    "anonymous {key}"
                );
            }
            Rule::Api(_) => {
                api += 1;
                let p = &t.path;
                assert_eq!(
                    api_status(&fx, Some(&fx.tokens.biguo), p).await,
                    403,
                    "毕郭镇's token: {key}"
                );
                assert_eq!(
                    api_status(&fx, Some(&fx.tokens.linglong), p).await,
                    200,
                    "玲珑镇's token: {key}"
                );
                assert_eq!(
                    api_status(&fx, Some(&fx.tokens.city), p).await,
                    200,
                    "the city's token: {key}"
                );
                assert_eq!(api_status(&fx, None, p).await, 401, "no token: {key}");
                // a browser session is no API client, whatever its unit
                for (who, _, b) in &fx.intruders {
                    assert_eq!(send(b, method, &t).await.status(), 401, "{who} {key}");
                }
                api_checks += 4 + fx.intruders.len();
            }
            Rule::Unit { .. } | Rule::CityWide(_) => {
                scoped_routes += 1;
                let (open, private) = match rule {
                    Rule::Unit { open, private, .. } => (*open, *private),
                    _ => (&[][..], false),
                };
                let mut people: Vec<(&str, Role, &TestApp)> =
                    fx.intruders.iter().map(|(w, r, b)| (*w, *r, b)).collect();
                if private {
                    people.push(("colleague at 玲珑镇", W, &fx.colleague));
                }
                for (who, role, b) in people {
                    let what = format!("{who} {key} ({}) [{}]", t.path, rule.doc());
                    if open.contains(&role) {
                        // let in: a page, a redirect, or a refusal on the merits (409: e.g. a
                        // quiz not yet open to this worker), never an access refusal
                        let status = send(b, method, &t).await.status().as_u16();
                        assert!(
                            matches!(status, 200 | 303 | 409),
                            "{what}: the design lets any {role} in, got {status}"
                        );
                        let_in += 1;
                        continue;
                    }
                    refused += 1;
                    if method == "GET" {
                        assert_refused(send(b, method, &t).await, &what).await;
                    } else {
                        let before = world(&fx);
                        assert_refused(send(b, method, &t).await, &what).await;
                        let after = world(&fx);
                        assert!(before == after, "{what}: refused, yet the database changed");
                        unchanged += 1;
                    }
                }
            }
        }
    }

    // the positive controls: the owner in scope A gets the same request through, so the
    // ids are right and the bodies valid. GETs first, then the POSTs in TABLE order.
    for post in [false, true] {
        for (key, rule) in TABLE {
            if matches!(rule, Rule::Public(_) | Rule::Api(_)) || key.starts_with("POST") != post {
                continue;
            }
            let t = target(key, &fx);
            let Some((owner, want)) = t.control else {
                continue;
            };
            let res = send(owner, key.split(' ').next().unwrap(), &t).await;
            let status = res.status().as_u16();
            controls += 1;
            assert_eq!(
                status,
                want,
                "owner {key} ({}): {}",
                t.path,
                res.text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(400)
                    .collect::<String>()
            );
        }
    }
    eprintln!(
        "idor: {} id-routes: {scoped_routes} unit/city-scoped × {} intruders (+ a colleague on \
         the private ones) = {} checks ({refused} refused, {unchanged} of them POSTs with the \
         database unchanged; {let_in} let in by design); {api} API routes, {api_checks} token \
         and browser checks; {public} public; {controls} owner controls",
        routes.len(),
        fx.intruders.len(),
        refused + let_in,
    );
}

/// Routes that take an object id in the query string or the form body rather than the
/// path, as read from their handlers. Admin-only forms (`/admin/users`, the API tokens,
/// the audit filter) and the supervision reports (admin and the organization department)
/// are left out: no scoped role reaches them (`access_table.rs`). Filters that only narrow
/// the caller's own list (`/certificates?item=`, `/courses/{id}/analysis?version=` on a
/// course the caller may read) are left out too.
const QUERY_AND_BODY_IDS: &[&str] = &[
    "GET /transfers/new",
    "POST /transfers",
    "GET /roster",
    "POST /roster",
    "POST /zones",
    "POST /sessions/{id}/enrol",
    "POST /sessions/{id}/mark",
    "GET /checkin",
    "POST /checkin",
    "POST /leaves",
];

/// What a page may not show a caller of another unit: scope A's session title and the
/// names of its workers.
const SCOPE_A_MARKERS: &[&str] = &["养老保险专题培训", "测试wa", "测试wh"];

async fn body_of(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

fn assert_no_marker(what: &str, body: &str) {
    for m in SCOPE_A_MARKERS {
        assert!(!body.contains(m), "{what}: the answer shows {m}");
    }
}

/// A POST by someone who may not reach the object it names: refused or rejected (4xx),
/// not a CSRF failure, the database unchanged, and none of `hidden` in the answer.
async fn assert_post_rejected(
    fx: &Fx,
    b: &TestApp,
    what: &str,
    (path, body): (&str, &[(&str, &str)]),
    hidden: &[&str],
) -> String {
    let before = world(fx);
    let (status, text) = body_of(b.post_form(path, body).await).await;
    let after = world(fx);
    assert!(
        (400..500).contains(&status) && status != 401,
        "{what}: expected a refusal, got {status}: {}",
        text.chars().take(300).collect::<String>()
    );
    assert!(!text.contains("页面已过期"), "{what}: refused by CSRF");
    assert!(before == after, "{what}: refused, yet the database changed");
    for m in hidden {
        assert!(!text.contains(m), "{what}: the answer shows {m}");
    }
    text
}

/// The error a page states (`role="alert"`), for comparing two refusals.
fn stated_error(body: &str) -> String {
    body.split("role=\"alert\"")
        .nth(1)
        .map(|rest| rest.split("</").next().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn object_ids_in_query_strings_and_form_bodies_are_scoped_too() {
    let registered: Vec<String> = registered_routes().iter().map(Route::key).collect();
    for key in QUERY_AND_BODY_IDS {
        assert!(registered.iter().any(|r| r == key), "{key}: no such route");
    }
    let fx = fixture().await;
    let by_role = |role: Role| -> Vec<(&str, &TestApp)> {
        fx.intruders
            .iter()
            .filter(|(_, r, _)| *r == role)
            .map(|(w, _, b)| (*w, b))
            .collect()
    };
    let (workers, managers) = (by_role(W), by_role(M));
    let (wa, wh, s) = (fx.wa.to_string(), fx.wh.to_string(), fx.session.to_string());
    let today = devolve::domain::cst::date_of(fx.app.clock.now_naive()).to_string();
    let wb = user_id(&fx.app, "wb").to_string();
    let mut checks = 0;

    // the transfer form and request name a worker: another town's manager is refused
    for (who, b) in &managers {
        let what = format!("{who} GET /transfers/new?worker=wa");
        let (status, text) = body_of(b.get(&format!("/transfers/new?worker={wa}")).await).await;
        assert!(matches!(status, 403 | 404), "{what}: got {status}");
        assert_no_marker(&what, &text);
        let secondment = secondment(&wh, &today);
        assert_post_rejected(
            &fx,
            b,
            &format!("{who} POST /transfers worker=wh"),
            ("/transfers", &secondment),
            SCOPE_A_MARKERS,
        )
        .await;
        checks += 2;
    }
    // the worker's own manager may not move them into another town's center either
    let move_out = [
        ("worker", wh.as_str()),
        ("kind", "move"),
        ("to_center", "biguo"),
        ("to_position", "window"),
        ("destination", ""),
        ("reason", "工作需要"),
        ("starts_on", today.as_str()),
        ("ends_on", ""),
    ];
    let text = assert_post_rejected(
        &fx,
        &fx.manager,
        "玲珑镇's manager moving wh to 毕郭镇",
        ("/transfers", &move_out),
        &[],
    )
    .await;
    assert!(
        text.contains("本镇"),
        "the refusal says why: {}",
        stated_error(&text)
    );
    checks += 1;

    // the roster page takes a town code: a manager sees their own town whatever they ask
    for (who, b) in &managers {
        let what = format!("{who} GET /roster?town=linglong");
        let (status, text) = body_of(b.get("/roster?town=linglong").await).await;
        assert!(matches!(status, 200 | 403 | 404), "{what}: got {status}");
        assert_no_marker(&what, &text);
        checks += 1;
    }
    for (who, b) in workers.iter().chain(by_role(T).iter()) {
        let (status, text) = body_of(b.get("/roster?town=linglong").await).await;
        assert!(
            matches!(status, 403 | 404),
            "{who} GET /roster?town=linglong: got {status}"
        );
        assert_no_marker(who, &text);
        checks += 1;
    }
    // new staff and new zone centers name a center or a town: only the town's own manager
    for (who, b) in &managers {
        let staff = [
            ("username", "intruded"),
            ("display_name", "冒名社工"),
            ("category", "fulltime"),
            ("phone", "13800000001"),
            ("email", ""),
            ("center", "linglong"),
            ("position", "window"),
            ("password", "another-horse-battery-staple"),
            ("confirm", "another-horse-battery-staple"),
        ];
        assert_post_rejected(
            &fx,
            b,
            &format!("{who} POST /roster center=linglong"),
            ("/roster", &staff),
            SCOPE_A_MARKERS,
        )
        .await;
        let zone = [("town", "linglong"), ("name", "冒名融合区党群服务中心")];
        assert_post_rejected(
            &fx,
            b,
            &format!("{who} POST /zones town=linglong"),
            ("/zones", &zone),
            SCOPE_A_MARKERS,
        )
        .await;
        checks += 2;
    }

    // enrolment names a town, a center or a person: another town's manager gets none of them
    let enrol = format!("/sessions/{s}/enrol");
    for (who, b) in &managers {
        for body in [
            [("town", "linglong")],
            [("center", "linglong")],
            [("username", "wa")],
        ] {
            let what = format!("{who} POST {enrol} {}={}", body[0].0, body[0].1);
            assert_post_rejected(&fx, b, &what, (&enrol, &body), SCOPE_A_MARKERS).await;
            checks += 1;
        }
    }
    // attendance names a person: the session's own trainer cannot mark someone not on its list
    let mark = format!("/sessions/{s}/mark");
    assert_post_rejected(
        &fx,
        &fx.trainer,
        "the trainer marking 毕郭镇's wb",
        (&mark, &[("user_id", &wb), ("status", "present")]),
        SCOPE_A_MARKERS,
    )
    .await;
    checks += 1;

    // check-in and leave name a session: a worker not enrolled learns nothing about it, and
    // someone else's session cannot be told apart from one that does not exist (the zone
    // center's worker is enrolled: the session takes all of 玲珑镇)
    let missing = (fx.session + 10_000).to_string();
    // 09:50, the session (10:00) is open for check-in: its page would offer it to anyone enrolled
    // (in two steps, each browser seen in between, so no session idles out)
    for _ in 0..2 {
        fx.app.clock.advance(chrono::Duration::minutes(25));
        for (_, b) in workers
            .iter()
            .chain([("", &fx.worker), ("", &fx.trainer), ("", &fx.manager)].iter())
        {
            b.get("/").await;
        }
    }
    let not_enrolled = workers.iter().filter(|(who, _)| who.contains("毕郭镇"));
    for (who, b) in not_enrolled {
        let what = format!("{who} GET /checkin?session={s}");
        let (status, text) = body_of(b.get(&format!("/checkin?session={s}")).await).await;
        assert_eq!(status, 200, "{what}: the worker's own check-in page");
        assert_no_marker(&what, &text);
        let code = crate::training::code_now(&fx.app, fx.session);
        let mut stated = Vec::new();
        for id in [&s, &missing] {
            let checkin = [("session", id.as_str()), ("code", code.as_str())];
            let leave = [
                ("session", id.as_str()),
                ("kind", "personal"),
                ("reason", "家中有事"),
                ("starts_on", today.as_str()),
                ("ends_on", today.as_str()),
            ];
            for (path, body) in [("/checkin", &checkin[..]), ("/leaves", &leave[..])] {
                let what = format!("{who} POST {path} session={id}");
                let text = assert_post_rejected(&fx, b, &what, (path, body), SCOPE_A_MARKERS).await;
                stated.push((path, stated_error(&text)));
            }
        }
        // [checkin, leave] for someone else's session, then for a missing one
        for (foreign, absent) in stated[..2].iter().zip(&stated[2..]) {
            assert!(
                !foreign.1.is_empty(),
                "{who} {}: the refusal states an error",
                foreign.0
            );
            assert_eq!(
                foreign, absent,
                "{who}: {} tells a foreign session from a missing one",
                foreign.0
            );
        }
        checks += 5;
    }

    // the controls: the owners get the same kind of request through
    let (status, text) =
        body_of(fx.manager.get(&format!("/transfers/new?worker={wa}")).await).await;
    assert_eq!(
        status, 200,
        "玲珑镇's manager opens the transfer form for wa"
    );
    assert!(text.contains("测试wa"));
    let (status, text) = body_of(fx.manager.get("/roster").await).await;
    assert_eq!(status, 200);
    assert!(text.contains("测试wa"), "玲珑镇's roster names wa");
    let (status, text) = body_of(fx.worker.get(&format!("/checkin?session={s}")).await).await;
    assert_eq!(status, 200);
    assert!(
        text.contains("养老保险专题培训"),
        "wa's check-in page offers the session"
    );
    let res = fx
        .trainer
        .post_form(&mark, &[("user_id", &wa), ("status", "present")])
        .await;
    assert_eq!(
        res.status(),
        303,
        "the trainer marks wa, who is on the list"
    );
    let res = fx
        .manager
        .post_form(
            "/zones",
            &[("town", "linglong"), ("name", "第二融合区党群服务中心")],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "玲珑镇's manager opens a zone center in 玲珑镇"
    );
    eprintln!(
        "idor (query and body ids): {} routes, {checks} checks: every refused POST left the \
         database unchanged and no answer to another unit showed scope A; 5 owner controls",
        QUERY_AND_BODY_IDS.len()
    );
}
