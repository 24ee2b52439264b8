//! Gives the demo 全科社工 a believable roster: mixed categories, phone numbers, hire
//! dates spread over the last two years (a few recent), and one pending secondment for
//! the organization department to review.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{assignments, transfers, users};
use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::staffing::Category;
use crate::domain::transfer::{Request, TransferKind};
use crate::error::AppResult;
use crate::store::{roster, transfers as transfer_store};

pub fn load(conn: &mut DbConnection, now: NaiveDateTime) -> AppResult<()> {
    crate::db::write_transaction(conn, |conn| fill(conn, now))
}

fn fill(conn: &mut DbConnection, now: NaiveDateTime) -> AppResult<()> {
    let any: i64 = transfers::table.count().get_result(conn)?;
    if any > 0 {
        return Ok(());
    }
    let today = cst::date_of(now);
    let workers: Vec<i32> = users::table
        .filter(users::demo.eq(true))
        .filter(users::role.eq("worker"))
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?;
    let categories = [
        Category::Fulltime,
        Category::Fulltime,
        Category::Graduate2020,
        Category::Other,
    ];
    for (k, id) in workers.iter().enumerate() {
        // every ninth joined within the last two months; the rest over two years
        let days = if k % 9 == 4 {
            (k * 7 % 60) as i64
        } else {
            90 + (k * 37 % 640) as i64
        };
        diesel::update(users::table.find(id))
            .set((
                users::category.eq(categories[k % categories.len()].as_str()),
                users::phone.eq(format!("138{:08}", 53_500_000 + k)),
            ))
            .execute(conn)?;
        diesel::update(
            assignments::table
                .filter(assignments::user_id.eq(id))
                .filter(assignments::cause.eq("hire")),
        )
        .set(assignments::valid_from.eq((today - Duration::days(days)).to_string()))
        .execute(conn)?;
    }
    let (Some(worker), Some(manager)) = (
        crate::store::users::find_by_username(conn, "linglong-3")?,
        crate::store::users::find_by_username(conn, "manager")?,
    ) else {
        return Ok(());
    };
    if let Some(place) = roster::place_of(conn, worker.id)? {
        let request = Request {
            kind: TransferKind::Secondment,
            to: None,
            destination: "镇防汛抗旱专班".into(),
            reason: "汛期前后需要熟悉村情的人员参与防汛值守".into(),
            starts_on: today + Duration::days(7),
            ends_on: Some(today + Duration::days(97)),
        };
        transfer_store::file(conn, worker.id, &place, &request, manager.id, now)?;
    }
    Ok(())
}
