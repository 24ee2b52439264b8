//! What a pending transfer would do, computed from the same rules the system enforces:
//! staffing of the centers involved before and after, the items that would change
//! between 直办 and 代办, and the worker's open training obligations.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{enrolments, training_sessions};
use crate::db::DbConnection;
use crate::domain::handling::HandlingMode;
use crate::domain::staffing::{counts_for_window, staffing, Posting, Staffing};
use crate::domain::training::TrainingRules;
use crate::domain::transfer::{effective_from, segments};
use crate::i18n::Msg;
use crate::store::handling::{self, CenterRef, Matrix};
use crate::store::transfers::TransferRow;
use crate::store::{roster, training};

#[derive(Debug, Clone, Serialize)]
pub struct CenterStaffing {
    pub center: CenterRef,
    pub before: Staffing,
    pub after: Staffing,
}

/// An item whose handling mode at a center would change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModeChange {
    pub center_code: String,
    pub center: String,
    pub item_code: String,
    pub item: String,
    /// The modes, said in the reader's language by the page.
    pub before: Msg,
    pub after: Msg,
}

#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub effective_on: NaiveDate,
    pub centers: Vec<CenterStaffing>,
    /// 直办 → 代办
    pub drops: Vec<ModeChange>,
    /// 代办 → 直办
    pub gains: Vec<ModeChange>,
    /// Said in the reader's language by the page.
    pub obligations: Vec<Msg>,
}

/// The impact of approving `t` today. None when the worker is no longer a 全科社工.
pub fn impact(
    conn: &mut DbConnection,
    t: &TransferRow,
    rules: &TrainingRules,
    now: NaiveDateTime,
) -> QueryResult<Option<Impact>> {
    let today = crate::domain::cst::date_of(now);
    let Some(from) = roster::place_of(conn, t.user_id)? else {
        return Ok(None);
    };
    let effective_on = effective_from(t.starts_on.parse().unwrap_or(today), today);
    let segs = segments(&t.request(from.town_id), &from, effective_on);
    // the first row is what changes on the day; a secondment's return comes later
    let (to_center, to_counts) = match segs.first() {
        Some(s) => (
            (s.posting == Posting::Serving).then_some(s.center_id),
            counts_for_window(s.position, s.posting).then_some(s.center_id),
        ),
        None => (Some(from.center_id), None),
    };
    let mut ids = vec![from.center_id];
    if let Some(c) = segs.first().map(|s| s.center_id) {
        if c != from.center_id {
            ids.push(c);
        }
    }
    let centers: Vec<CenterRef> = handling::center_refs(conn, Some(from.town_id))?
        .into_iter()
        .filter(|c| ids.contains(&c.id))
        .collect();
    let minimums = roster::minimums(conn)?;
    let now_counts = roster::current_window_counts(conn, &ids)?;
    let counted_now = counts_for_window(from.position, from.posting);
    let staffing_rows = centers
        .iter()
        .map(|c| {
            let before = now_counts.get(&c.id).copied().unwrap_or(0);
            let mut after = before;
            if counted_now && c.id == from.center_id {
                after = after.saturating_sub(1);
            }
            if to_counts == Some(c.id) {
                after += 1;
            }
            CenterStaffing {
                center: c.clone(),
                before: staffing(before, c.level(), &minimums),
                after: staffing(after, c.level(), &minimums),
            }
        })
        .collect();
    let before = handling::matrix(conn, centers.clone(), false, today)?;
    let after = handling::matrix_if_moved(conn, centers, today, t.user_id, to_center)?;
    let (drops, gains) = mode_changes(&before, &after);
    Ok(Some(Impact {
        effective_on,
        centers: staffing_rows,
        drops,
        gains,
        obligations: obligations(conn, t.user_id, rules, now)?,
    }))
}

/// The cells that go from 直办 to 代办 and back between two matrices of the same shape.
pub fn mode_changes(before: &Matrix, after: &Matrix) -> (Vec<ModeChange>, Vec<ModeChange>) {
    let mut drops = Vec::new();
    let mut gains = Vec::new();
    for (row, center) in before.centers.iter().enumerate() {
        for (col, item) in before.items.iter().enumerate() {
            let (b, a) = (before.cells[row][col].mode, after.cells[row][col].mode);
            if b == a {
                continue;
            }
            let change = ModeChange {
                center_code: center.code.clone(),
                center: center.name.clone(),
                item_code: item.code.clone(),
                item: item.name.clone(),
                before: Msg::key(b.label_key()),
                after: Msg::key(a.label_key()),
            };
            match (b, a) {
                (HandlingMode::Direct, _) => drops.push(change),
                (_, HandlingMode::Direct) => gains.push(change),
                _ => {}
            }
        }
    }
    (drops, gains)
}

/// Sessions the worker is enrolled in that have not happened, and open make-ups.
fn obligations(
    conn: &mut DbConnection,
    user_id: i32,
    rules: &TrainingRules,
    now: NaiveDateTime,
) -> QueryResult<Vec<Msg>> {
    let upcoming: Vec<(String, NaiveDateTime)> = enrolments::table
        .inner_join(training_sessions::table)
        .filter(enrolments::user_id.eq(user_id))
        .filter(training_sessions::status.eq("scheduled"))
        .filter(training_sessions::starts_at.gt(now))
        .select((training_sessions::title, training_sessions::starts_at))
        .order(training_sessions::starts_at.asc())
        .load(conn)?;
    let mut out: Vec<Msg> = upcoming
        .into_iter()
        .map(|(title, at)| {
            Msg::key("impact-enrolled")
                .arg("title", title)
                .arg("at", at)
        })
        .collect();
    let mut standings: Vec<_> = training::standings(conn, rules, &[user_id])?
        .into_iter()
        .collect();
    standings.sort_by_key(|((_, item), _)| *item);
    for ((_, item_id), s) in standings {
        let name = crate::store::items::name_of(conn, item_id)?;
        if s.open_makeups > 0 {
            out.push(
                Msg::key("impact-makeups")
                    .arg("item", &name)
                    .arg("count", s.open_makeups),
            );
        }
        if s.disqualified {
            out.push(Msg::key("impact-disqualified").arg("item", &name));
        }
    }
    Ok(out)
}
