//! Demo data for `serve --demo`: the five named accounts, clearly labelled demo zones
//! (15 of them pilots, as in the plan), and 全科社工 accounts across towns and zones.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{write_transaction, DbConnection};
use crate::domain::role::Role;
use crate::store::centers::{self, NewCenter};
use crate::store::users::{self, NewUser};

/// The accounts printed at start: (username, role, what it belongs to).
pub const ACCOUNTS: [(&str, Role, Option<&str>); 5] = [
    ("admin", Role::Admin, None),
    ("orgdept", Role::Orgdept, None),
    ("trainer", Role::Trainer, Some("mz")),
    ("manager", Role::Manager, Some("linglong")),
    ("worker", Role::Worker, Some("linglong")),
];

pub const PASSWORD: &str = "demo";

/// Towns that get demo zones, and how many; 20 zones in all, the first 15 are pilots.
const ZONES: [(&str, usize); 14] = [
    ("linglong", 3),
    ("zhangxing", 2),
    ("fushan", 2),
    ("biguo", 2),
    ("xiadian", 2),
    ("jinling", 1),
    ("qishan", 1),
    ("canzhuang", 1),
    ("xinzhuang", 1),
    ("daqinjia", 1),
    ("luofeng", 1),
    ("mengzhi", 1),
    ("wenquan", 1),
    ("quanshan", 1),
];
const PILOTS: usize = 15;

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "孙", "赵", "吕", "栾", "曲", "邹",
];
const GIVEN: [&str; 12] = [
    "晓梅", "建华", "丽娟", "志强", "海燕", "明辉", "春玲", "国栋", "雪莹", "文博", "佳琪", "振宇",
];

fn demo_name(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n / SURNAMES.len() + n) % GIVEN.len()]
    )
}

/// Returns false when the demo accounts already exist (nothing is changed then).
/// `password_hash` is one hash of the demo password, shared by every demo account so
/// that start-up does not spend a second per hundred accounts on argon2.
pub fn load(conn: &mut DbConnection, password_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    write_transaction(conn, |conn| {
        if users::find_by_username(conn, "admin")?.is_some() {
            return Ok(false);
        }
        let mut zone_no = 0;
        for (town_code, n) in ZONES {
            let Some(town) = centers::town_by_code(conn, town_code)? else {
                continue;
            };
            for i in 1..=n {
                zone_no += 1;
                let code = format!("{town_code}-z{i:02}");
                if centers::find_by_code(conn, &code)?.is_some() {
                    continue;
                }
                let name = format!(
                    "【演示】{}第{}党建融合发展区党群服务中心",
                    town.name,
                    chinese_ordinal(i)
                );
                centers::insert(
                    conn,
                    &NewCenter {
                        code: &code,
                        name: &name,
                        town_id: town.id,
                        level: "zone",
                        pilot: zone_no <= PILOTS,
                        demo: true,
                    },
                    now,
                )?;
            }
        }
        let add = |conn: &mut DbConnection,
                   username: &str,
                   display: String,
                   role: Role,
                   code: Option<&str>|
         -> QueryResult<()> {
            let membership = users::resolve_membership(conn, role, code)
                .map_err(|_| diesel::result::Error::NotFound)?;
            users::insert(
                conn,
                &NewUser {
                    username: username.into(),
                    display_name: display,
                    password_hash: password_hash.into(),
                    role,
                    membership,
                    demo: true,
                    email: Some(format!("{username}@demo.devolve.invalid")),
                },
                now,
            )
            .map(|_| ())
        };
        let displays = [
            "演示管理员",
            "组织部审核员",
            "民政局培训师",
            "玲珑镇管理员",
            "王晓梅",
        ];
        for ((username, role, code), display) in ACCOUNTS.iter().zip(displays) {
            add(conn, username, display.into(), *role, *code)?;
        }
        let all = centers::list(conn, crate::policy::CenterScope::All, None)?;
        let mut person = 1;
        for c in all {
            let staff = if c.center.level == "town" { 3 } else { 2 };
            // the named `worker` account is already the first at 玲珑镇
            let first = if c.center.code == "linglong" { 2 } else { 1 };
            for i in first..=staff {
                person += 1;
                let username = format!("{}-{}", c.center.code, i);
                add(
                    conn,
                    &username,
                    demo_name(person),
                    Role::Worker,
                    Some(&c.center.code),
                )?;
            }
        }
        crate::store::audit::record(
            conn,
            now,
            None,
            "demo.load",
            "演示数据",
            &format!(
                "{} 个演示发展区中心，{} 个演示账号",
                zone_no,
                person + ACCOUNTS.len() - 1
            ),
        )?;
        Ok(true)
    })
}

fn chinese_ordinal(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("十")
}

/// The demo accounts' membership, for the start-up message.
pub fn describe(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for (username, role, _) in ACCOUNTS {
        if let Some(u) = users::find_by_username(conn, username)? {
            out.push((
                u.username.clone(),
                role.to_string(),
                users::unit_name(conn, &u)?,
            ));
        }
    }
    Ok(out)
}
