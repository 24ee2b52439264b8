//! The effective-dated roster. `assignments` holds each worker's history; the
//! center/position/posting columns of `users` show today's row, kept in step by
//! `apply_due`. Rows are appended and closed, never rewritten.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{assignments, centers, sessions, staffing_minimums, users};
use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::handling::Level;
use crate::domain::staffing::{Minimums, Position, Posting, PLAN_MINIMUMS};
use crate::domain::transfer::{Place, Segment};

pub fn minimums(conn: &mut DbConnection) -> QueryResult<Minimums> {
    let mut m = PLAN_MINIMUMS;
    for (level, required) in staffing_minimums::table
        .select((staffing_minimums::level, staffing_minimums::required))
        .load::<(String, i32)>(conn)?
    {
        let v = required.max(1) as u32;
        match Level::parse(&level) {
            Some(Level::Town) => m.town = v,
            Some(Level::Zone) => m.zone = v,
            None => {}
        }
    }
    Ok(m)
}

pub fn set_minimums(conn: &mut DbConnection, m: Minimums) -> QueryResult<()> {
    for (level, v) in [(Level::Town, m.town), (Level::Zone, m.zone)] {
        diesel::update(staffing_minimums::table.find(level.as_str()))
            .set(staffing_minimums::required.eq(v as i32))
            .execute(conn)?;
    }
    Ok(())
}

/// The first history row of a new 全科社工, from the day the account is made. Any open row
/// (someone re-hired after leaving) is closed that day.
pub fn record_hire(
    conn: &mut DbConnection,
    user_id: i32,
    center_id: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let seg = Segment {
        center_id,
        position: Position::Window,
        posting: Posting::Serving,
        valid_from: cst::date_of(now),
        cause: "hire",
    };
    append(conn, user_id, &[seg], None, "", None, now)
}

/// Sets the position of someone just hired (same day, so the hire row itself is amended:
/// nothing has been reported from it yet).
pub fn set_hire_position(
    conn: &mut DbConnection,
    user_id: i32,
    position: Position,
) -> QueryResult<()> {
    diesel::update(
        assignments::table
            .filter(assignments::user_id.eq(user_id))
            .filter(assignments::cause.eq("hire"))
            .filter(assignments::valid_to.is_null()),
    )
    .set(assignments::position.eq(position.as_str()))
    .execute(conn)?;
    diesel::update(users::table.find(user_id))
        .set(users::position.eq(position.as_str()))
        .execute(conn)?;
    Ok(())
}

/// Appends history rows (in date order) and applies those already due. The open row is
/// closed the day the first new row starts; a row that started on that very day (a
/// same-day correction) is kept, closed on its own first day, so it covers no day.
pub fn append(
    conn: &mut DbConnection,
    user_id: i32,
    segs: &[Segment],
    transfer_id: Option<i32>,
    note: &str,
    recorded_by: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(first) = segs.first() else {
        return Ok(());
    };
    diesel::update(
        assignments::table
            .filter(assignments::user_id.eq(user_id))
            .filter(assignments::valid_to.is_null()),
    )
    .set(assignments::valid_to.eq(first.valid_from.to_string()))
    .execute(conn)?;
    for (i, s) in segs.iter().enumerate() {
        let valid_to = segs.get(i + 1).map(|n| n.valid_from.to_string());
        diesel::insert_into(assignments::table)
            .values((
                assignments::user_id.eq(user_id),
                assignments::center_id.eq(s.center_id),
                assignments::position.eq(s.position.as_str()),
                assignments::posting.eq(s.posting.as_str()),
                assignments::valid_from.eq(s.valid_from.to_string()),
                assignments::valid_to.eq(valid_to),
                assignments::cause.eq(s.cause),
                assignments::transfer_id.eq(transfer_id),
                assignments::note.eq(note),
                assignments::applied.eq(false),
                assignments::recorded_by.eq(recorded_by),
                assignments::recorded_at.eq(now),
            ))
            .execute(conn)?;
    }
    apply_due(conn, cst::date_of(now), Some(user_id))?;
    Ok(())
}

/// Brings `users` in step with the history rows that have started by `today` (of one
/// user, or everyone). A departure disables the account and ends its sessions.
pub fn apply_due(
    conn: &mut DbConnection,
    today: NaiveDate,
    only_user: Option<i32>,
) -> QueryResult<usize> {
    let mut q = assignments::table
        .filter(assignments::applied.eq(false))
        .filter(assignments::valid_from.le(today.to_string()))
        .select((
            assignments::id,
            assignments::user_id,
            assignments::center_id,
            assignments::position,
            assignments::posting,
        ))
        .order((assignments::valid_from.asc(), assignments::id.asc()))
        .into_boxed();
    if let Some(u) = only_user {
        q = q.filter(assignments::user_id.eq(u));
    }
    let due: Vec<(i32, i32, i32, String, String)> = q.load(conn)?;
    for (id, user, center, position, posting) in &due {
        let departed = posting == Posting::Departed.as_str();
        diesel::update(users::table.find(user))
            .set((
                users::center_id.eq(Some(*center)),
                users::position.eq(position),
                users::posting.eq(posting),
                users::active.eq(!departed),
            ))
            .execute(conn)?;
        if departed {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)?;
        }
        diesel::update(assignments::table.find(id))
            .set(assignments::applied.eq(true))
            .execute(conn)?;
    }
    Ok(due.len())
}

/// Gives every worker without history a first row (workers made by bulk loaders that
/// bypass `users::insert`). Idempotent.
pub fn backfill(conn: &mut DbConnection) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO assignments (user_id, center_id, position, posting, valid_from, valid_to, \
         cause, transfer_id, note, applied, recorded_by, recorded_at) \
         SELECT id, center_id, position, posting, substr(CAST(created_at AS TEXT), 1, 10), NULL, \
         'hire', NULL, '', TRUE, NULL, created_at FROM users u \
         WHERE role = 'worker' AND center_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.user_id = u.id)",
    )
    .execute(conn)
}

/// Start-up upkeep: history for workers loaded in bulk, the zone-selection log, and the
/// roster changes whose day has come (the mail cycle repeats only the last).
pub fn maintain(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        backfill(conn)?;
        crate::store::handling::backfill_zone_log(conn, now)?;
        apply_due(conn, cst::date_of(now), None)?;
        Ok(())
    })
}

/// Where a worker is today, as a transfer request starts from it.
pub fn place_of(conn: &mut DbConnection, user_id: i32) -> QueryResult<Option<Place>> {
    let row: Option<(Option<i32>, String, String, String)> = users::table
        .find(user_id)
        .filter(users::role.eq("worker"))
        .select((
            users::center_id,
            users::position,
            users::posting,
            users::role,
        ))
        .first(conn)
        .optional()?;
    let Some((Some(center_id), position, posting, _)) = row else {
        return Ok(None);
    };
    let (town_id, level): (i32, String) = centers::table
        .find(center_id)
        .select((centers::town_id, centers::level))
        .first(conn)?;
    Ok(Some(Place {
        center_id,
        town_id,
        level: Level::parse(&level).unwrap_or(Level::Zone),
        position: Position::parse(&position).unwrap_or(Position::Window),
        posting: Posting::parse(&posting).unwrap_or(Posting::Serving),
    }))
}

/// The start of the worker's latest history row (which may lie in the future).
pub fn latest_from(conn: &mut DbConnection, user_id: i32) -> QueryResult<Option<NaiveDate>> {
    let v: Option<String> = assignments::table
        .filter(assignments::user_id.eq(user_id))
        .select(diesel::dsl::max(assignments::valid_from))
        .first(conn)?;
    Ok(v.and_then(|s| s.parse().ok()))
}

/// One history row with its center's name, for the worker's page.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct HistoryLine {
    pub id: i32,
    pub center_id: i32,
    pub center: String,
    pub position: String,
    pub posting: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub cause: String,
    pub transfer_id: Option<i32>,
    pub note: String,
    pub recorded_at: NaiveDateTime,
}

pub fn history(conn: &mut DbConnection, user_id: i32) -> QueryResult<Vec<HistoryLine>> {
    assignments::table
        .inner_join(centers::table)
        .filter(assignments::user_id.eq(user_id))
        .select((
            assignments::id,
            assignments::center_id,
            centers::name,
            assignments::position,
            assignments::posting,
            assignments::valid_from,
            assignments::valid_to,
            assignments::cause,
            assignments::transfer_id,
            assignments::note,
            assignments::recorded_at,
        ))
        .order((assignments::valid_from.asc(), assignments::id.asc()))
        .load(conn)
}

/// One worker's place on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub user_id: i32,
    pub center_id: i32,
    pub position: Position,
    pub posting: Posting,
    /// The first day of the worker's unbroken service at this center (for tenure).
    pub at_center_since: NaiveDate,
}

/// Who held which place on `on`, for some centers (all when None): the answer to "who was
/// at 玲珑镇 on 2026-07-31?". Departed workers are left out. `at_center_since` is the
/// start of the row itself; `on_date` walks back further for tenure.
pub fn places_on(
    conn: &mut DbConnection,
    centers_in: Option<&[i32]>,
    on: NaiveDate,
) -> QueryResult<Vec<Post>> {
    let day = on.to_string();
    let mut q = assignments::table
        .filter(assignments::valid_from.le(&day))
        .filter(
            assignments::valid_to
                .is_null()
                .or(assignments::valid_to.gt(&day)),
        )
        .filter(assignments::posting.ne(Posting::Departed.as_str()))
        .select((
            assignments::user_id,
            assignments::center_id,
            assignments::position,
            assignments::posting,
            assignments::valid_from,
        ))
        .into_boxed();
    if let Some(ids) = centers_in {
        q = q.filter(assignments::center_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(i32, i32, String, String, String)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, center_id, position, posting, from)| Post {
            user_id,
            center_id,
            position: Position::parse(&position).unwrap_or(Position::Window),
            posting: Posting::parse(&posting).unwrap_or(Posting::Serving),
            at_center_since: from.parse().unwrap_or(on),
        })
        .collect())
}

/// `places_on` with `at_center_since` as the first day of the worker's unbroken service
/// at the center, for tenure.
pub fn on_date(
    conn: &mut DbConnection,
    centers_in: Option<&[i32]>,
    on: NaiveDate,
) -> QueryResult<Vec<Post>> {
    let mut posts = places_on(conn, centers_in, on)?;
    let since = service_starts(conn, posts.iter().map(|p| p.user_id).collect(), on)?;
    for p in &mut posts {
        if let Some(&d) = since.get(&p.user_id) {
            p.at_center_since = d;
        }
    }
    Ok(posts)
}

/// Per user, the first day of the run of rows up to `on` that share the center of the
/// row holding on `on` (moves within the center and secondments do not break it).
fn service_starts(
    conn: &mut DbConnection,
    user_ids: Vec<i32>,
    on: NaiveDate,
) -> QueryResult<HashMap<i32, NaiveDate>> {
    let mut out = HashMap::new();
    for chunk in user_ids.chunks(900) {
        let rows: Vec<(i32, i32, String, String)> = assignments::table
            .filter(assignments::user_id.eq_any(chunk.to_vec()))
            .filter(assignments::valid_from.le(on.to_string()))
            .select((
                assignments::user_id,
                assignments::center_id,
                assignments::valid_from,
                assignments::posting,
            ))
            .order((
                assignments::user_id.asc(),
                assignments::valid_from.desc(),
                assignments::id.desc(),
            ))
            .load(conn)?;
        let mut current: Option<(i32, i32)> = None;
        let mut broken = false;
        for (user, center, from, posting) in rows {
            let Ok(from) = from.parse::<NaiveDate>() else {
                continue;
            };
            match current {
                Some((u, c)) if u == user => {
                    if broken || c != center || posting == Posting::Departed.as_str() {
                        broken = true;
                    } else {
                        out.insert(user, from);
                    }
                }
                _ => {
                    current = Some((user, center));
                    broken = false;
                    out.insert(user, from);
                }
            }
        }
    }
    Ok(out)
}

/// The one-stop-window headcount of each center from a list of posts.
pub fn window_counts(posts: &[Post]) -> HashMap<i32, u32> {
    let mut out = HashMap::new();
    for p in posts {
        if crate::domain::staffing::counts_for_window(p.position, p.posting) {
            *out.entry(p.center_id).or_insert(0) += 1;
        }
    }
    out
}

/// Today's window headcount of some centers, from `users` (what the handling rules see).
pub fn current_window_counts(
    conn: &mut DbConnection,
    centers_in: &[i32],
) -> QueryResult<HashMap<i32, u32>> {
    let rows: Vec<Option<i32>> = users::table
        .filter(users::role.eq("worker"))
        .filter(users::active.eq(true))
        .filter(users::posting.eq(Posting::Serving.as_str()))
        .filter(users::position.eq(Position::Window.as_str()))
        .filter(users::center_id.eq_any(centers_in.to_vec()))
        .select(users::center_id)
        .load(conn)?;
    let mut out = HashMap::new();
    for c in rows.into_iter().flatten() {
        *out.entry(c).or_insert(0) += 1;
    }
    Ok(out)
}
