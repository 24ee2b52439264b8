//! The stability report and the monthly supervision bulletin: figures on a fixture with
//! known answers, the people behind a number, past months read from the history, the
//! downloads, and who may see them.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use devolve::domain::cst;
use devolve::domain::role::Role;
use devolve::domain::staffing::Position;
use devolve::domain::training::report_back_due;
use devolve::domain::transfer::{Request, TransferKind};
use devolve::store::centers::{self, NewCenter};
use devolve::store::training::{self, NewLeave, NewSession};
use devolve::store::{roster, transfers, users};

use crate::course_fixture::import;
use crate::helpers::{spawn_app, TestApp};

fn user_id(app: &TestApp, username: &str) -> i32 {
    let mut conn = app.pool.get().unwrap();
    users::find_by_username(&mut conn, username)
        .unwrap()
        .expect(username)
        .id
}

fn today(app: &TestApp) -> NaiveDate {
    cst::date_of(app.clock.now_naive())
}

/// A zone center of 玲珑镇, made directly.
fn make_zone(app: &TestApp, code: &str) -> i32 {
    let mut conn = app.pool.get().unwrap();
    let town = centers::town_by_code(&mut conn, "linglong")
        .unwrap()
        .unwrap();
    centers::insert(
        &mut conn,
        &NewCenter {
            code,
            name: "玲珑镇罗山党建融合发展区党群服务中心",
            town_id: town.id,
            level: "zone",
            pilot: true,
            demo: false,
        },
        app.clock.now_naive(),
    )
    .unwrap()
    .id
}

/// Files a request for a worker through the store, effective today; decides it when
/// asked to (true: approve, false: reject). Returns the request id.
fn transfer(
    app: &TestApp,
    username: &str,
    kind: TransferKind,
    to: Option<i32>,
    decide: Option<bool>,
) -> i32 {
    let mut conn = app.pool.get().unwrap();
    let uid = user_id(app, username);
    let actor = user_id(app, "ll-mgr");
    let org = user_id(app, "org1");
    let now = app.clock.now_naive();
    let place = roster::place_of(&mut conn, uid).unwrap().unwrap();
    let request = Request {
        kind,
        to: to.map(|c| (c, place.town_id, Position::Window)),
        destination: if kind == TransferKind::Secondment {
            "镇防汛专班".into()
        } else {
            String::new()
        },
        reason: "工作需要".into(),
        starts_on: today(app),
        ends_on: None,
    };
    let id = transfers::file(&mut conn, uid, &place, &request, actor, now).unwrap();
    if let Some(approve) = decide {
        let comment = if approve {
            ""
        } else {
            "窗口人手不足，暂缓"
        };
        transfers::decide(&mut conn, id, approve, comment, org, now).unwrap();
    }
    id
}

/// The CSV as rows of fields, after the byte-order mark.
async fn csv_rows(b: &TestApp, query: &str) -> Vec<Vec<String>> {
    let res = b.get(&format!("/reports/stability.csv{query}")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The CSV line of a place (a town's total line has the town's name first and
/// "（全镇合计）" second), as header → value.
fn line<'a>(rows: &'a [Vec<String>], town: &str, center: &str) -> Vec<(&'a str, &'a str)> {
    let head = &rows[0];
    let row = rows
        .iter()
        .find(|r| r[0] == town && r[1] == center)
        .unwrap_or_else(|| panic!("line {town} {center}"));
    head.iter()
        .map(String::as_str)
        .zip(row.iter().map(String::as_str))
        .collect()
}

fn value<'a>(line: &[(&str, &'a str)], header: &str) -> &'a str {
    line.iter()
        .find(|(h, _)| *h == header)
        .unwrap_or_else(|| panic!("column {header}"))
        .1
}

const LINGLONG: &str = "玲珑镇党群服务中心";
const ZONE: &str = "玲珑镇罗山党建融合发展区党群服务中心";
const TOWN_TOTAL: &str = "（全镇合计）";

#[tokio::test]
async fn the_stability_report_counts_a_known_fixture_and_lists_the_people_behind_a_number() {
    let app = spawn_app().await;
    let zone = make_zone(&app, "linglong-z01");
    for w in ["w-a", "w-b", "w-c", "w-d"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    app.create_user(Role::Worker, "w-z", Some("linglong-z01"));
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    app.create_user(Role::Trainer, "t1", Some("mz"));
    app.create_user(Role::Orgdept, "org1", None);

    // everyone was hired on 2026-11-25; the period is 2026-12-01 .. 2026-12-10
    app.advance(Duration::days(7));
    let rules = app.state.settings.training_rules();
    {
        let mut conn = app.pool.get().unwrap();
        let now = app.clock.now_naive();
        // a required session on 12-02: w-a absent, w-b present
        let session = training::create(
            &mut conn,
            &NewSession {
                title: "居民养老保险待遇登记专题培训".into(),
                starts_at: now + Duration::hours(1),
                ends_at: now + Duration::hours(3),
                place: "玲珑镇党群服务中心二楼".into(),
                online_link: String::new(),
                capacity: 30,
                trainer_id: user_id(&app, "t1"),
                bureau_id: None,
                required: true,
                item_ids: vec![],
            },
            "reports-secret",
            now,
        )
        .unwrap();
        let (a, b) = (user_id(&app, "w-a"), user_id(&app, "w-b"));
        training::enrol(&mut conn, session, &[a, b], user_id(&app, "t1"), now).unwrap();
        training::record_mark(&mut conn, &rules, session, a, "absent", now).unwrap();
        training::record_mark(&mut conn, &rules, session, b, "present", now).unwrap();
        // w-c's approved leave ends 12-02 and is never reported back
        let leave = training::ask_leave(
            &mut conn,
            &NewLeave {
                user_id: user_id(&app, "w-c"),
                kind: "personal",
                reason: "家中有事",
                starts_on: today(&app),
                ends_on: today(&app),
                session_ids: &[],
            },
            now,
        )
        .unwrap();
        training::decide_leave(&mut conn, leave, true, "", user_id(&app, "ll-mgr"), now).unwrap();
    }
    let due = report_back_due(&rules, today(&app));
    app.advance(Duration::days(8));
    assert_eq!(today(&app).to_string(), "2026-12-10");
    assert!(due < today(&app), "the report-back is overdue by now");

    // on 12-10: w-d leaves, w-b moves to the zone, w-c's secondment waits for a
    // decision, and the zone's request to move w-z is rejected
    transfer(&app, "w-d", TransferKind::Departure, None, Some(true));
    transfer(&app, "w-b", TransferKind::Move, Some(zone), Some(true));
    transfer(&app, "w-c", TransferKind::Secondment, None, None);
    let linglong_id = {
        let mut conn = app.pool.get().unwrap();
        centers::find_by_code(&mut conn, "linglong")
            .unwrap()
            .unwrap()
            .id
    };
    transfer(
        &app,
        "w-z",
        TransferKind::Move,
        Some(linglong_id),
        Some(false),
    );

    let org = app.new_browser();
    org.login_as_existing("org1").await;
    let q = "?from=2026-12-01&to=2026-12-10";
    let rows = csv_rows(&org, q).await;
    assert_eq!(rows[0][0], "镇（街道）");
    assert_eq!(
        rows.len(),
        1 + 14 + 14 + 1 + 1,
        "14 town lines, 14 town centers, 1 zone, the city"
    );

    let center = line(&rows, "玲珑镇", LINGLONG);
    let expect = [
        ("窗口人数", "2"), // w-a and w-c; w-b moved, w-d left
        ("最低要求", "3"),
        ("是否达标", "否"),
        ("在岗人数", "2"),
        ("期初在岗人数", "4"),
        ("申请调整", "3"),
        ("批准", "2"),
        ("驳回", "0"),
        ("离开", "2"),          // w-d left, w-b moved out
        ("流失率", "66.7%"),    // 2 / ((4 + 2) / 2)
        ("平均任职天数", "16"), // 2026-11-25 .. 2026-12-10
        ("任职不满90天", "2"),
        ("旷训", "1"),
        ("销假逾期", "1"),
        ("待审批", "1"),
    ];
    for (header, v) in expect {
        assert_eq!(value(&center, header), v, "town center: {header}");
    }
    let z = line(&rows, "玲珑镇", ZONE);
    for (header, v) in [
        ("窗口人数", "2"),
        ("最低要求", "2"),
        ("是否达标", "是"),
        ("申请调整", "1"),
        ("驳回", "1"),
        ("离开", "0"),
        ("平均任职天数", "8.5"), // w-z 16 days, w-b 1 day
    ] {
        assert_eq!(value(&z, header), v, "zone: {header}");
    }
    let town = line(&rows, "玲珑镇", TOWN_TOTAL);
    for (header, v) in [
        ("窗口人数", "4"),
        ("最低要求", "5"),
        ("是否达标", "否"),
        ("期初在岗人数", "5"),
        ("离开", "1"),       // the move stayed within the town
        ("流失率", "22.2%"), // 1 / ((5 + 4) / 2)
        ("申请调整", "4"),
        ("待审批", "1"),
    ] {
        assert_eq!(value(&town, header), v, "town: {header}");
    }
    let city = line(&rows, "全市", "（全市合计）");
    assert_eq!(value(&city, "离开"), "1", "moves stay within the city");
    assert_eq!(value(&city, "窗口人数"), "4");
    assert_eq!(
        value(&city, "最低要求"),
        "44",
        "14 town centers and one zone"
    );
    let other = line(&rows, "毕郭镇", TOWN_TOTAL);
    assert_eq!(value(&other, "窗口人数"), "0");
    assert_eq!(value(&other, "流失率"), "", "no one to divide by");

    // the page: every number links to its people
    let page = org
        .get_html(&format!("/reports/stability{q}"))
        .await
        .replace("&#x3D;", "=")
        .replace("&amp;", "&");
    assert!(page.contains("全科社工队伍稳定报表"));
    assert!(page.contains(
        "/reports/stability/people?from=2026-12-01&to=2026-12-10&center=linglong&metric=departures"
    ));
    assert!(page.contains("town=linglong&metric=absences"));

    let people = org
        .get_html(&format!(
            "/reports/stability/people{q}&center=linglong&metric=departures"
        ))
        .await;
    assert!(people.contains("测试w-d") && people.contains("离岗"));
    assert!(people.contains("测试w-b") && people.contains("调往玲珑镇罗山"));
    assert!(!people.contains("测试w-a"));
    let town_people = org
        .get_html(&format!(
            "/reports/stability/people{q}&town=linglong&metric=departures"
        ))
        .await;
    assert!(town_people.contains("测试w-d"));
    let city_people = org
        .get_html(&format!(
            "/reports/stability/people{q}&city=all&metric=approved"
        ))
        .await;
    assert!(city_people.contains("测试w-d") && city_people.contains("测试w-b"));
    assert!(!town_people.contains("测试w-b"), "a move within the town");
    let absent = org
        .get_html(&format!(
            "/reports/stability/people{q}&town=linglong&metric=absences"
        ))
        .await;
    assert!(absent.contains("测试w-a") && absent.contains("居民养老保险待遇登记专题培训"));
    assert!(!absent.contains("测试w-b"));
    let new = org
        .get_html(&format!(
            "/reports/stability/people{q}&center=linglong-z01&metric=new"
        ))
        .await;
    assert!(new.contains("测试w-z") && new.contains("测试w-b"));
    let pending = org
        .get_html(&format!(
            "/reports/stability/people{q}&center=linglong&metric=pending"
        ))
        .await;
    assert!(pending.contains("测试w-c") && pending.contains("待组织部审批"));
    let overdue = org
        .get_html(&format!(
            "/reports/stability/people{q}&center=linglong&metric=overdue"
        ))
        .await;
    assert!(overdue.contains("测试w-c") && overdue.contains("至今未销假"));

    // the same period a week earlier: everyone still in post, nothing happened yet
    let before = csv_rows(&org, "?from=2026-11-25&to=2026-12-01").await;
    let l = line(&before, "玲珑镇", LINGLONG);
    assert_eq!(value(&l, "窗口人数"), "4");
    assert_eq!(value(&l, "离开"), "0");
    assert_eq!(value(&l, "流失率"), "0%");
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row whose first cells read `keys`.
fn row_of<'a>(rows: &'a [Vec<Data>], keys: &[&str]) -> &'a [Data] {
    rows.iter()
        .find(|r| keys.iter().enumerate().all(|(i, k)| text(&r[i]) == *k))
        .unwrap_or_else(|| panic!("row {keys:?}"))
}

async fn workbook(b: &TestApp, path: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let res = b.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = res.bytes().await.unwrap().to_vec();
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook Excel can open")
}

#[tokio::test]
async fn a_past_month_is_read_from_the_history_and_the_workbook_holds_it() {
    let app = spawn_app().await;
    import(&app);
    for w in ["w-leaver", "w-stay"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    // w-leaver holds a certificate for the common item C05 from 2026-11-25
    {
        let mut conn = app.pool.get().unwrap();
        let id = user_id(&app, "w-leaver");
        let now = app.clock.now_naive();
        devolve::store::demo_certificates::record_completion(&mut conn, id, 5, now).unwrap();
        let rules = app.state.settings.training_rules();
        let issued =
            devolve::store::certificates::try_issue(&mut conn, &rules, id, 5, now).unwrap();
        assert!(issued.is_some());
    }
    app.create_user(Role::Orgdept, "org1", None);

    // in December w-leaver leaves: today's `users` row says departed
    app.advance(Duration::days(10));
    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let org = app.new_browser();
    org.login_as_existing("org1").await;
    transfer(&app, "w-leaver", TransferKind::Departure, None, Some(true));
    {
        let mut conn = app.pool.get().unwrap();
        let u = users::find_by_username(&mut conn, "w-leaver")
            .unwrap()
            .unwrap();
        assert_eq!((u.posting.as_str(), u.active), ("departed", false));
    }

    // November, as it stood on its last day, still counts w-leaver
    let mut nov = workbook(&admin, "/reports/bulletin.xlsx?month=2026-11").await;
    assert_eq!(
        nov.sheet_names(),
        [
            "人员配备",
            "培训与认证",
            "直办代办",
            "事项下沉",
            "请销假纪律",
            "环比"
        ]
    );
    let staffing = sheet(&mut nov, "人员配备");
    assert_eq!(text(&staffing[0][0]), "镇（街道）");
    assert_eq!(text(&staffing[0][3]), "窗口人数");
    let l = row_of(&staffing, &["玲珑镇", LINGLONG]);
    assert_eq!(number(&l[3]), 2.0, "both were at the window on 11-30");
    assert_eq!(number(&l[4]), 3.0);
    assert_eq!(text(&l[5]), "否");
    let training = sheet(&mut nov, "培训与认证");
    assert_eq!(text(&training[0][4]), "常办事项已覆盖");
    let t = row_of(&training, &["玲珑镇"]);
    assert_eq!(number(&t[4]), 1.0, "C05 covered by w-leaver");
    assert_eq!(number(&t[5]), 36.0, "the 36 common items");
    assert_eq!(number(&t[7]), 1.0, "one certificate issued in November");
    let handling = sheet(&mut nov, "直办代办");
    let h = row_of(&handling, &["玲珑镇"]);
    assert!(number(&h[2]) > 0.0, "the town center takes items by proxy");

    // December: w-leaver is gone, and so is the coverage
    let mut dec = workbook(&org, "/reports/bulletin.xlsx?month=2026-12").await;
    let staffing = sheet(&mut dec, "人员配备");
    assert_eq!(number(&row_of(&staffing, &["玲珑镇", LINGLONG])[3]), 1.0);
    let training = sheet(&mut dec, "培训与认证");
    let t = row_of(&training, &["玲珑镇"]);
    assert_eq!((number(&t[4]), number(&t[7])), (0.0, 0.0));
    let mom = sheet(&mut dec, "环比");
    assert_eq!(text(&mom[0][1]), "窗口人数（本月 2026-12）");
    let m = row_of(&mom, &["玲珑镇"]);
    // window now, before, change; direct …; covered now, before, change
    assert_eq!(
        (number(&m[1]), number(&m[2]), number(&m[3])),
        (1.0, 2.0, -1.0)
    );
    assert_eq!(
        (number(&m[7]), number(&m[8]), number(&m[9])),
        (0.0, 1.0, -1.0)
    );
    let city = row_of(&mom, &["全市"]);
    assert_eq!(number(&city[3]), -1.0);

    // the printable page says the same
    let page = org.get_html("/reports/bulletin?month=2026-12").await;
    assert!(page.contains("公共服务下沉工作督查通报"));
    assert!(page.contains("2026年12月（统计截至 2026-12-05）"));
    assert!(page.contains("▼1"));
    assert!(page.contains("data-print") && page.contains("/static/print.js"));
    assert!(page.contains("/static/reports.css"));
    let page = org.get_html("/reports/bulletin").await;
    assert!(page.contains("2026年12月"), "the current month by default");
    let nov_page = org.get_html("/reports/bulletin?month=2026-11").await;
    assert!(nov_page.contains("统计截至 2026-11-30"));

    // the stability workbook
    let mut book = workbook(
        &org,
        "/reports/stability.xlsx?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert_eq!(book.sheet_names(), ["队伍稳定", "说明"]);
    let rows = sheet(&mut book, "队伍稳定");
    assert_eq!(text(&rows[0][0]), "镇（街道）");
    let l = row_of(&rows, &["玲珑镇", LINGLONG]);
    assert_eq!(number(&l[3]), 2.0);
}

#[tokio::test]
async fn the_csv_has_its_header_and_a_line_per_place() {
    let app = spawn_app().await;
    app.create_user(Role::Worker, "w1", Some("biguo"));
    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let res = admin.get("/reports/stability.csv").await;
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("stability-2026-11-01-2026-11-25.csv"));
    let rows = csv_rows(&admin, "").await;
    assert_eq!(
        rows[0][..6],
        [
            "镇（街道）",
            "党群服务中心",
            "级别",
            "窗口人数",
            "最低要求",
            "是否达标"
        ]
    );
    let l = line(&rows, "毕郭镇", "毕郭镇党群服务中心");
    assert_eq!(value(&l, "窗口人数"), "1");
    assert_eq!(value(&l, "任职不满90天"), "1");
    assert_eq!(value(&l, "级别"), "镇级中心");
}

#[tokio::test]
async fn only_the_organization_department_and_admins_and_bad_input_is_told_in_chinese() {
    let app = spawn_app().await;
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "ll-mgr", Some("linglong"))
        .await;
    let worker = app.new_browser();
    worker.login_as(Role::Worker, "w1", Some("linglong")).await;
    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "t1", Some("mz")).await;
    let paths = [
        "/reports/stability",
        "/reports/stability.csv",
        "/reports/stability.xlsx",
        "/reports/stability/people?center=linglong&metric=headcount",
        "/reports/bulletin",
        "/reports/bulletin.xlsx",
    ];
    for b in [&manager, &worker, &trainer] {
        for p in paths {
            assert_eq!(b.get(p).await.status(), 403, "{p}");
        }
    }
    let anon = app.new_browser();
    assert_eq!(anon.get("/reports/bulletin").await.status(), 303);

    let org = app.new_browser();
    org.login_as(Role::Orgdept, "org1", None).await;
    for p in paths {
        assert_eq!(org.get(p).await.status(), 200, "{p}");
    }
    for p in [
        "/reports/bulletin?month=2000-01",
        "/reports/stability?from=2000-01-01&to=2001-12-31",
        "/reports/stability/people?city=all&metric=serving",
    ] {
        assert_eq!(org.get(p).await.status(), 200, "{p}");
    }
    let bad = [
        ("/reports/stability?from=2026-13-01", "格式不对"),
        ("/reports/stability?from=2026/11/01", "应为 2026-12-01"),
        ("/reports/stability.csv?to=yesterday", "结束日期"),
        (
            "/reports/stability.xlsx?from=2026-11-20&to=2026-11-01",
            "不能早于",
        ),
        (
            "/reports/stability?from=2020-01-01&to=2026-11-01",
            "最长三年",
        ),
        (
            "/reports/stability/people?center=linglong&metric=everyone",
            "无法识别",
        ),
        ("/reports/stability/people?metric=headcount", "请指定"),
        (
            "/reports/stability/people?center=nowhere&metric=headcount",
            "nowhere",
        ),
        (
            "/reports/stability/people?from=x&center=linglong&metric=headcount",
            "开始日期",
        ),
        ("/reports/bulletin?month=2026-13", "2026-11 的格式"),
        ("/reports/bulletin?month=nov", "无法识别"),
        ("/reports/bulletin?month=2026-12", "尚未开始"),
        ("/reports/bulletin.xlsx?month=2027-01", "尚未开始"),
        ("/reports/stability?from=%FF", "格式不对"),
        ("/reports/stability?from=1999-12-31", "超出范围"),
        ("/reports/stability?to=+262143-12-31", "结束日期"),
        ("/reports/bulletin?month=1999-12", "无法识别"),
    ];
    for (p, says) in bad {
        let res = org.get(p).await;
        assert_eq!(res.status(), 400, "{p}");
        let body = res.text().await.unwrap();
        assert!(body.contains(says), "{p}: {body}");
    }
}
