//! Training sessions, enrolment, attendance and leave.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    centers, enrolments, items, leave_sessions, leaves, session_items, training_sessions, users,
};
use crate::db::{write_transaction, DbConnection};
use crate::domain::pagination::PageRequest;
use crate::domain::training::{
    has_room, standing, status_on_close, Outcome, Standing, TrainingRules,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::store::{audit, certificates};

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = training_sessions)]
pub struct SessionRow {
    pub id: i32,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online_link: String,
    pub capacity: i32,
    pub trainer_id: i32,
    pub bureau_id: Option<i32>,
    pub required: bool,
    pub status: String,
    #[serde(skip)]
    pub checkin_secret: String,
    pub created_at: NaiveDateTime,
}

pub struct NewSession {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online_link: String,
    pub capacity: i32,
    pub trainer_id: i32,
    pub bureau_id: Option<i32>,
    pub required: bool,
    pub item_ids: Vec<i32>,
}

pub fn session(conn: &mut DbConnection, id: i32) -> QueryResult<SessionRow> {
    training_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
}

pub fn item_names(conn: &mut DbConnection, session_id: i32) -> QueryResult<Vec<(String, String)>> {
    session_items::table
        .inner_join(items::table)
        .filter(session_items::session_id.eq(session_id))
        .select((items::code, items::name))
        .order(items::seq.asc())
        .load(conn)
}

pub fn create(
    conn: &mut DbConnection,
    s: &NewSession,
    secret: &str,
    now: NaiveDateTime,
) -> AppResult<i32> {
    write_transaction(conn, |conn| {
        diesel::insert_into(training_sessions::table)
            .values((
                training_sessions::title.eq(&s.title),
                training_sessions::starts_at.eq(s.starts_at),
                training_sessions::ends_at.eq(s.ends_at),
                training_sessions::place.eq(&s.place),
                training_sessions::online_link.eq(&s.online_link),
                training_sessions::capacity.eq(s.capacity),
                training_sessions::trainer_id.eq(s.trainer_id),
                training_sessions::bureau_id.eq(s.bureau_id),
                training_sessions::required.eq(s.required),
                training_sessions::status.eq("scheduled"),
                training_sessions::checkin_secret.eq(secret),
                training_sessions::created_at.eq(now),
            ))
            .execute(conn)?;
        let id: i32 = training_sessions::table
            .filter(training_sessions::checkin_secret.eq(secret))
            .select(training_sessions::id)
            .first(conn)?;
        replace_items(conn, id, &s.item_ids)?;
        audit::record(
            conn,
            now,
            Some(s.trainer_id),
            "session.create",
            &format!("session:{id}"),
            &s.title,
        )?;
        Ok(id)
    })
}

fn replace_items(conn: &mut DbConnection, session_id: i32, item_ids: &[i32]) -> QueryResult<()> {
    diesel::delete(session_items::table.filter(session_items::session_id.eq(session_id)))
        .execute(conn)?;
    for item in item_ids {
        diesel::insert_into(session_items::table)
            .values((
                session_items::session_id.eq(session_id),
                session_items::item_id.eq(item),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    id: i32,
    s: &NewSession,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let enrolled = enrolled_count(conn, id)?;
        has_room(u32::try_from(s.capacity).unwrap_or(0), 0, enrolled as u32)
            .map_err(AppError::bad)?;
        diesel::update(
            training_sessions::table
                .find(id)
                .filter(training_sessions::status.eq("scheduled")),
        )
        .set((
            training_sessions::title.eq(&s.title),
            training_sessions::starts_at.eq(s.starts_at),
            training_sessions::ends_at.eq(s.ends_at),
            training_sessions::place.eq(&s.place),
            training_sessions::online_link.eq(&s.online_link),
            training_sessions::capacity.eq(s.capacity),
            training_sessions::required.eq(s.required),
        ))
        .execute(conn)?;
        replace_items(conn, id, &s.item_ids)?;
        audit::record(
            conn,
            now,
            Some(actor),
            "session.update",
            &format!("session:{id}"),
            &s.title,
        )?;
        Ok(())
    })
}

pub fn set_status(conn: &mut DbConnection, id: i32, status: &str) -> QueryResult<usize> {
    diesel::update(
        training_sessions::table
            .find(id)
            .filter(training_sessions::status.eq("scheduled")),
    )
    .set(training_sessions::status.eq(status))
    .execute(conn)
}

/// Sessions, newest first; `trainer` limits to one trainer's, `user` to one worker's.
/// Which sessions a list shows: one bureau's, one worker's, only those still scheduled.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionFilter {
    pub bureau: Option<i32>,
    pub user: Option<i32>,
    pub scheduled_only: bool,
}

fn filtered(
    f: SessionFilter,
) -> training_sessions::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let mut q = training_sessions::table.into_boxed();
    if let Some(b) = f.bureau {
        q = q.filter(training_sessions::bureau_id.eq(b));
    }
    if let Some(u) = f.user {
        let mine = enrolments::table
            .filter(enrolments::user_id.eq(u))
            .select(enrolments::session_id);
        q = q.filter(training_sessions::id.eq_any(mine));
    }
    if f.scheduled_only {
        q = q.filter(training_sessions::status.eq("scheduled"));
    }
    q
}

pub fn count(conn: &mut DbConnection, f: SessionFilter) -> QueryResult<i64> {
    filtered(f).count().get_result(conn)
}

/// One page of sessions, latest start first.
pub fn list(
    conn: &mut DbConnection,
    f: SessionFilter,
    page: PageRequest,
) -> QueryResult<Vec<SessionRow>> {
    filtered(f)
        .select(SessionRow::as_select())
        .order((
            training_sessions::starts_at.desc(),
            training_sessions::id.desc(),
        ))
        .limit(page.size)
        .offset(page.offset())
        .load(conn)
}

pub fn enrolled_count(conn: &mut DbConnection, session_id: i32) -> QueryResult<i64> {
    enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .count()
        .get_result(conn)
}

/// One line of a session's roster.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct RosterLine {
    pub user_id: i32,
    pub username: String,
    pub name: String,
    pub center: String,
    pub town_id: i32,
    pub status: String,
    pub checked_in_at: Option<NaiveDateTime>,
}

pub fn roster(conn: &mut DbConnection, session_id: i32) -> QueryResult<Vec<RosterLine>> {
    enrolments::table
        .inner_join(users::table.inner_join(centers::table))
        .filter(enrolments::session_id.eq(session_id))
        .select((
            users::id,
            users::username,
            users::display_name,
            centers::name,
            centers::town_id,
            enrolments::status,
            enrolments::checked_in_at,
        ))
        .order((centers::town_id.asc(), users::username.asc()))
        .load(conn)
}

pub fn enrolment_status(
    conn: &mut DbConnection,
    session_id: i32,
    user_id: i32,
) -> QueryResult<Option<String>> {
    enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::user_id.eq(user_id))
        .select(enrolments::status)
        .first(conn)
        .optional()
}

/// Enrols active workers (skipping those already enrolled) within the capacity.
/// Returns the ids newly enrolled.
pub fn enrol(
    conn: &mut DbConnection,
    session_id: i32,
    user_ids: &[i32],
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<Vec<i32>> {
    write_transaction(conn, |conn| {
        let s = session(conn, session_id)?;
        if s.status != "scheduled" {
            return Err(AppError::conflict(Msg::key("training-closed-no-enrol")));
        }
        let already: Vec<i32> = enrolments::table
            .filter(enrolments::session_id.eq(session_id))
            .select(enrolments::user_id)
            .load(conn)?;
        let workers: Vec<i32> = users::table
            .filter(users::id.eq_any(user_ids))
            .filter(users::role.eq("worker"))
            .filter(users::active.eq(true))
            .select(users::id)
            .load(conn)?;
        let new: Vec<i32> = workers
            .into_iter()
            .filter(|u| !already.contains(u))
            .collect();
        has_room(
            u32::try_from(s.capacity).unwrap_or(0),
            already.len() as u32,
            new.len() as u32,
        )
        .map_err(AppError::conflict)?;
        for u in &new {
            diesel::insert_into(enrolments::table)
                .values((
                    enrolments::session_id.eq(session_id),
                    enrolments::user_id.eq(u),
                    enrolments::status.eq("unmarked"),
                    enrolments::enrolled_at.eq(now),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Some(actor),
            "session.enrol",
            &format!("session:{session_id}"),
            &format!("新增 {} 人", new.len()),
        )?;
        Ok(new)
    })
}

/// Active workers of a town, or of a center.
pub fn workers_in(
    conn: &mut DbConnection,
    town_id: Option<i32>,
    center_id: Option<i32>,
) -> QueryResult<Vec<i32>> {
    let mut q = users::table
        .inner_join(centers::table)
        .filter(users::role.eq("worker"))
        .filter(users::active.eq(true))
        .select(users::id)
        .into_boxed();
    if let Some(t) = town_id {
        q = q.filter(centers::town_id.eq(t));
    }
    if let Some(c) = center_id {
        q = q.filter(users::center_id.eq(c));
    }
    q.load(conn)
}

/// A trainer marks one worker; attending may complete the worker's certification.
/// Returns the certificates issued.
pub fn record_mark(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    session_id: i32,
    user_id: i32,
    status: &str,
    now: NaiveDateTime,
) -> AppResult<Vec<i32>> {
    write_transaction(conn, |conn| {
        mark(conn, session_id, user_id, status, now)?;
        certificates::try_issue_for_session(conn, rules, session_id, &[user_id], now)
    })
}

fn mark(
    conn: &mut DbConnection,
    session_id: i32,
    user_id: i32,
    status: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let n = diesel::update(
        enrolments::table
            .filter(enrolments::session_id.eq(session_id))
            .filter(enrolments::user_id.eq(user_id)),
    )
    .set((
        enrolments::status.eq(status),
        enrolments::marked_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Records a self check-in, certifying the worker if that completed the course.
/// Returns None when the worker had already checked in, else the certificates issued.
pub fn check_in(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    session_id: i32,
    user_id: i32,
    status: &str,
    now: NaiveDateTime,
) -> AppResult<Option<Vec<i32>>> {
    write_transaction(conn, |conn| {
        let n = diesel::update(
            enrolments::table
                .filter(enrolments::session_id.eq(session_id))
                .filter(enrolments::user_id.eq(user_id))
                .filter(enrolments::checked_in_at.is_null())
                .filter(enrolments::status.eq_any(["unmarked", "excused"])),
        )
        .set((
            enrolments::status.eq(status),
            enrolments::checked_in_at.eq(Some(now)),
            enrolments::marked_at.eq(Some(now)),
        ))
        .execute(conn)?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(certificates::try_issue_for_session(
            conn,
            rules,
            session_id,
            &[user_id],
            now,
        )?))
    })
}

/// Workers of a session with approved leave covering it.
pub fn approved_leave_users(conn: &mut DbConnection, session_id: i32) -> QueryResult<Vec<i32>> {
    leave_sessions::table
        .inner_join(leaves::table)
        .filter(leave_sessions::session_id.eq(session_id))
        .filter(leaves::status.eq("approved"))
        .select(leaves::user_id)
        .load(conn)
}

/// What closing a session did.
pub struct Closed {
    /// Workers excused by approved leave, for the make-up notice.
    pub excused: Vec<i32>,
    pub certificates: Vec<i32>,
}

/// Closes a session: every unmarked worker becomes excused (approved leave) or absent.
/// A make-up attended earlier now counts, so certification is checked for everyone.
pub fn close(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    session_id: i32,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<Closed> {
    write_transaction(conn, |conn| {
        let s = session(conn, session_id)?;
        if s.status != "scheduled" {
            return Err(AppError::conflict(Msg::key("training-session-closed")));
        }
        let on_leave = approved_leave_users(conn, session_id)?;
        let mut excused = Vec::new();
        let lines = roster(conn, session_id)?;
        for line in &lines {
            let new = status_on_close(&line.status, on_leave.contains(&line.user_id));
            if new != line.status {
                mark(conn, session_id, line.user_id, new, now)?;
            }
            if new == "excused" {
                excused.push(line.user_id);
            }
        }
        set_status(conn, session_id, "closed")?;
        audit::record(
            conn,
            now,
            Some(actor),
            "session.close",
            &format!("session:{session_id}"),
            &s.title,
        )?;
        let everyone: Vec<i32> = lines.iter().map(|l| l.user_id).collect();
        let certificates =
            certificates::try_issue_for_session(conn, rules, session_id, &everyone, now)?;
        Ok(Closed {
            excused,
            certificates,
        })
    })
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = leaves)]
pub struct LeaveRow {
    pub id: i32,
    pub user_id: i32,
    pub kind: String,
    pub reason: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: String,
    pub reported_back_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl LeaveRow {
    pub fn ends(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.ends_on, "%Y-%m-%d").ok()
    }
    pub fn starts(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.starts_on, "%Y-%m-%d").ok()
    }
}

pub struct NewLeave<'a> {
    pub user_id: i32,
    pub kind: &'a str,
    pub reason: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub session_ids: &'a [i32],
}

pub fn ask_leave(conn: &mut DbConnection, l: &NewLeave, now: NaiveDateTime) -> AppResult<i32> {
    write_transaction(conn, |conn| {
        diesel::insert_into(leaves::table)
            .values((
                leaves::user_id.eq(l.user_id),
                leaves::kind.eq(l.kind),
                leaves::reason.eq(l.reason),
                leaves::starts_on.eq(l.starts_on.to_string()),
                leaves::ends_on.eq(l.ends_on.to_string()),
                leaves::status.eq("pending"),
                leaves::decision_comment.eq(""),
                leaves::created_at.eq(now),
            ))
            .execute(conn)?;
        let id: i32 = leaves::table
            .filter(leaves::user_id.eq(l.user_id))
            .select(diesel::dsl::max(leaves::id))
            .first::<Option<i32>>(conn)?
            .ok_or(AppError::NotFound)?;
        for s in l.session_ids {
            diesel::insert_into(leave_sessions::table)
                .values((
                    leave_sessions::leave_id.eq(id),
                    leave_sessions::session_id.eq(s),
                ))
                .execute(conn)?;
        }
        Ok(id)
    })
}

pub fn leave(conn: &mut DbConnection, id: i32) -> QueryResult<LeaveRow> {
    leaves::table
        .find(id)
        .select(LeaveRow::as_select())
        .first(conn)
}

pub fn leave_session_ids(conn: &mut DbConnection, leave_id: i32) -> QueryResult<Vec<i32>> {
    leave_sessions::table
        .filter(leave_sessions::leave_id.eq(leave_id))
        .select(leave_sessions::session_id)
        .load(conn)
}

pub fn leaves_of(conn: &mut DbConnection, user_id: i32) -> QueryResult<Vec<LeaveRow>> {
    leaves::table
        .filter(leaves::user_id.eq(user_id))
        .select(LeaveRow::as_select())
        .order(leaves::id.desc())
        .load(conn)
}

/// Leaves of the workers of one town (or every town), newest first, with the worker's name.
pub fn leaves_in_town(
    conn: &mut DbConnection,
    town_id: Option<i32>,
    page: PageRequest,
) -> QueryResult<Vec<(LeaveRow, String, String)>> {
    let mut q = leaves::table
        .inner_join(users::table.on(users::id.eq(leaves::user_id)))
        .inner_join(centers::table.on(centers::id.nullable().eq(users::center_id)))
        .select((LeaveRow::as_select(), users::display_name, centers::name))
        .order(leaves::id.desc())
        .limit(page.size)
        .offset(page.offset())
        .into_boxed();
    if let Some(t) = town_id {
        q = q.filter(centers::town_id.eq(t));
    }
    q.load(conn)
}

/// Leaves still open in one town (or every town): pending a decision, or approved and not
/// yet reported back. The to-do counts and overdue lists need all of them, not one page;
/// they are few, since every leave closes within days.
pub fn open_leaves_in_town(
    conn: &mut DbConnection,
    town_id: Option<i32>,
) -> QueryResult<Vec<(LeaveRow, String, String)>> {
    let mut q = leaves::table
        .inner_join(users::table.on(users::id.eq(leaves::user_id)))
        .inner_join(centers::table.on(centers::id.nullable().eq(users::center_id)))
        .filter(leaves::status.eq_any(["pending", "approved"]))
        .filter(leaves::reported_back_at.is_null())
        .select((LeaveRow::as_select(), users::display_name, centers::name))
        .order(leaves::id.desc())
        .into_boxed();
    if let Some(t) = town_id {
        q = q.filter(centers::town_id.eq(t));
    }
    q.load(conn)
}

pub fn count_leaves_in_town(conn: &mut DbConnection, town_id: Option<i32>) -> QueryResult<i64> {
    let mut q = leaves::table
        .inner_join(users::table.on(users::id.eq(leaves::user_id)))
        .inner_join(centers::table.on(centers::id.nullable().eq(users::center_id)))
        .into_boxed();
    if let Some(t) = town_id {
        q = q.filter(centers::town_id.eq(t));
    }
    q.count().get_result(conn)
}

/// Decides a pending leave; an approval excuses the worker from the sessions it covers.
pub fn decide_leave(
    conn: &mut DbConnection,
    id: i32,
    approve: bool,
    comment: &str,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<LeaveRow> {
    write_transaction(conn, |conn| {
        let n = diesel::update(leaves::table.find(id).filter(leaves::status.eq("pending")))
            .set((
                leaves::status.eq(if approve { "approved" } else { "rejected" }),
                leaves::decided_by.eq(Some(actor)),
                leaves::decided_at.eq(Some(now)),
                leaves::decision_comment.eq(comment),
            ))
            .execute(conn)?;
        if n == 0 {
            return Err(AppError::conflict(Msg::key(
                "training-leave-already-decided",
            )));
        }
        let l = leave(conn, id)?;
        if approve {
            for s in leave_session_ids(conn, id)? {
                diesel::update(
                    enrolments::table
                        .filter(enrolments::session_id.eq(s))
                        .filter(enrolments::user_id.eq(l.user_id))
                        // a late sick leave approved after the close turns the absence into an excuse
                        .filter(enrolments::status.eq_any(["unmarked", "absent"])),
                )
                .set((
                    enrolments::status.eq("excused"),
                    enrolments::marked_at.eq(Some(now)),
                ))
                .execute(conn)?;
            }
        }
        audit::record_change(
            conn,
            now,
            Some(actor),
            if approve {
                "leave.approve"
            } else {
                "leave.reject"
            },
            &format!("leave:{id}"),
            comment,
            ("待审批", if approve { "已批准" } else { "已驳回" }),
        )?;
        Ok(l)
    })
}

pub fn report_back(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(
        leaves::table
            .find(id)
            .filter(leaves::status.eq("approved"))
            .filter(leaves::reported_back_at.is_null()),
    )
    .set(leaves::reported_back_at.eq(Some(now)))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::conflict(Msg::key(
            "training-no-report-back-needed",
        )));
    }
    Ok(())
}

/// Per worker and item, the outcomes of the required sessions, oldest first; only
/// `item` when given.
pub fn outcomes(
    conn: &mut DbConnection,
    user_ids: &[i32],
    item: Option<i32>,
) -> QueryResult<HashMap<(i32, i32), Vec<Outcome>>> {
    let mut q = enrolments::table
        .inner_join(training_sessions::table.inner_join(session_items::table))
        .filter(enrolments::user_id.eq_any(user_ids))
        .filter(training_sessions::required.eq(true))
        .filter(training_sessions::status.ne("cancelled"))
        .select((
            enrolments::user_id,
            session_items::item_id,
            enrolments::status,
            training_sessions::status,
        ))
        .order(training_sessions::starts_at.asc())
        .into_boxed();
    if let Some(item) = item {
        q = q.filter(session_items::item_id.eq(item));
    }
    let rows: Vec<(i32, i32, String, String)> = q.load(conn)?;
    let mut out: HashMap<(i32, i32), Vec<Outcome>> = HashMap::new();
    for (user, item, status, session_status) in rows {
        let o = match (status.as_str(), session_status.as_str()) {
            ("present" | "late", _) => Outcome::Attended,
            ("excused", "closed") => Outcome::Excused,
            ("absent", _) => Outcome::Absent,
            _ => Outcome::Enrolled,
        };
        out.entry((user, item)).or_default().push(o);
    }
    Ok(out)
}

/// Per worker and item, the standing from the required sessions.
pub fn standings(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_ids: &[i32],
) -> QueryResult<HashMap<(i32, i32), Standing>> {
    Ok(outcomes(conn, user_ids, None)?
        .into_iter()
        .map(|(k, v)| (k, standing(rules, &v)))
        .collect())
}

/// Attendance counts of one session: (present, late, excused, absent, unmarked).
pub fn counts(lines: &[RosterLine]) -> [usize; 5] {
    let mut c = [0; 5];
    for l in lines {
        let i = match l.status.as_str() {
            "present" => 0,
            "late" => 1,
            "excused" => 2,
            "absent" => 3,
            _ => 4,
        };
        c[i] += 1;
    }
    c
}

/// One enrolment for the attendance reports.
#[derive(Debug, Clone, Queryable)]
pub struct AttendanceRow {
    pub session_id: i32,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub user_id: i32,
    pub username: String,
    pub name: String,
    pub center: String,
    pub town_id: i32,
    pub status: String,
}

/// Enrolments in sessions that were not cancelled, scoped to a town and/or a bureau.
pub fn attendance(
    conn: &mut DbConnection,
    town: Option<i32>,
    bureau: Option<i32>,
) -> QueryResult<Vec<AttendanceRow>> {
    let mut q = enrolments::table
        .inner_join(training_sessions::table)
        .inner_join(users::table.inner_join(centers::table))
        .filter(training_sessions::status.ne("cancelled"))
        .select((
            training_sessions::id,
            training_sessions::title,
            training_sessions::starts_at,
            users::id,
            users::username,
            users::display_name,
            centers::name,
            centers::town_id,
            enrolments::status,
        ))
        .order((training_sessions::starts_at.desc(), users::username.asc()))
        .into_boxed();
    if let Some(t) = town {
        q = q.filter(centers::town_id.eq(t));
    }
    if let Some(b) = bureau {
        q = q.filter(training_sessions::bureau_id.eq(b));
    }
    q.load(conn)
}

/// One worker's enrolments in sessions that were not cancelled: (session start, status),
/// newest first.
pub fn worker_attendance(
    conn: &mut DbConnection,
    user_id: i32,
) -> QueryResult<Vec<(NaiveDateTime, String)>> {
    enrolments::table
        .inner_join(training_sessions::table)
        .filter(enrolments::user_id.eq(user_id))
        .filter(training_sessions::status.ne("cancelled"))
        .select((training_sessions::starts_at, enrolments::status))
        .order(training_sessions::starts_at.desc())
        .load(conn)
}

/// Approved leaves not reported back and not yet reminded about.
pub fn unreminded_approved_leaves(conn: &mut DbConnection) -> QueryResult<Vec<LeaveRow>> {
    leaves::table
        .filter(leaves::status.eq("approved"))
        .filter(leaves::reported_back_at.is_null())
        .filter(leaves::overdue_notified_at.is_null())
        .select(LeaveRow::as_select())
        .load(conn)
}

/// Records the overdue reminder, unless another run (another process's mail worker)
/// already did: false then, and that run's reminder stands.
pub fn mark_reminded(
    conn: &mut DbConnection,
    leave_id: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    Ok(diesel::update(
        leaves::table
            .find(leave_id)
            .filter(leaves::overdue_notified_at.is_null()),
    )
    .set(leaves::overdue_notified_at.eq(Some(now)))
    .execute(conn)?
        == 1)
}
