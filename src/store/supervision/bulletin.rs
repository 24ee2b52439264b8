//! The monthly supervision bulletin (月度督查通报): each town's figures for a month
//! (staffing, training, certification, direct handling, zone selection, leave
//! discipline), the city's total, and the changes against the month before.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{enrolments_between, late_report_backs, utc_range, Places};
use crate::db::schema::{certificates, items, leaves};
use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::handling::{zone_selection_compliant, HandlingMode, Level, MIN_ZONE_ITEMS};
use crate::domain::staffing::{
    change, share, staffing, town_staffing, Change, Minimums, Posting, Staffing, TownStaffing,
};
use crate::domain::training::TrainingRules;
use crate::store::handling;
use crate::store::roster;

/// One center's one-stop-window staffing on the reference day.
#[derive(Debug, Clone, Serialize)]
pub struct CenterStaffing {
    pub code: String,
    pub name: String,
    pub level: String,
    pub staffing: Staffing,
}

/// One town's figures for a month (or the city's, summed).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TownMonth {
    pub code: String,
    pub name: String,
    pub centers: Vec<CenterStaffing>,
    pub staffing: TownStaffing,
    /// The one-stop window of the town center alone.
    pub town_window: u32,
    pub town_required: u32,
    pub zones: u32,
    pub zones_compliant: u32,
    /// Enrolments in required sessions held in the month, and those present or late.
    pub required_enrolments: u32,
    pub attended: u32,
    pub completion: Option<f64>,
    /// Common items with at least one serving worker certified on the reference day.
    pub covered: u32,
    pub common: u32,
    pub coverage: Option<f64>,
    pub issued: u32,
    pub town_direct: u32,
    pub town_proxy: u32,
    pub zone_direct: u32,
    pub zone_proxy: u32,
    pub direct: u32,
    pub selected: u32,
    pub selection_required: u32,
    pub selection_compliant: bool,
    pub leaves_asked: u32,
    pub leaves_approved: u32,
    pub leaves_rejected: u32,
    pub overdue: u32,
    pub absences: u32,
}

/// The bulletin's figures for one month.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    pub month: String,
    pub first: NaiveDate,
    /// The reference day: the month's last day, or today in the running month.
    pub day: NaiveDate,
    pub minimums: Minimums,
    pub towns: Vec<TownMonth>,
    pub total: TownMonth,
}

/// Certificates for common items standing on `on`, as (user, item), by the rule
/// `handling::matrix_on` uses.
fn common_certificates_on(
    conn: &mut DbConnection,
    workers: &[i32],
    on: NaiveDate,
) -> QueryResult<HashSet<(i32, i32)>> {
    let common: HashSet<i32> = items::table
        .filter(items::common.eq(true))
        .select(items::id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    Ok(
        crate::store::handling::certificates_standing_on(conn, workers.to_vec(), on)?
            .into_iter()
            .filter(|(_, item, _)| common.contains(item))
            .map(|(user, item, _)| (user, item))
            .collect(),
    )
}

/// The bulletin figures of the month `first..=day` (`day` is the reference day). `now`
/// bounds the sessions that have been held; `today` decides which report-backs are late.
pub fn month(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    first: NaiveDate,
    day: NaiveDate,
    now: NaiveDateTime,
    today: NaiveDate,
) -> QueryResult<Month> {
    let minimums = roster::minimums(conn)?;
    let places = Places::load(conn, day)?;
    let index: HashMap<i32, usize> = places
        .towns
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut towns: Vec<TownMonth> = places
        .towns
        .iter()
        .map(|t| TownMonth {
            code: t.code.clone(),
            name: t.name.clone(),
            ..Default::default()
        })
        .collect();
    let town_of_center = |c: i32| places.town_of.get(&c).and_then(|t| index.get(t)).copied();

    // staffing on the reference day
    let posts = roster::places_on(conn, None, day)?;
    let window = roster::window_counts(&posts);
    let mut staffings: Vec<Vec<Staffing>> = vec![Vec::new(); towns.len()];
    for c in &places.centers {
        let Some(i) = town_of_center(c.id) else {
            continue;
        };
        let s = staffing(
            window.get(&c.id).copied().unwrap_or(0),
            c.level(),
            &minimums,
        );
        let t = &mut towns[i];
        if c.level() == Level::Town {
            t.town_window += s.window;
            t.town_required += s.required;
        } else {
            t.zones += 1;
            t.zones_compliant += u32::from(s.compliant);
        }
        t.centers.push(CenterStaffing {
            code: c.code.clone(),
            name: c.name.clone(),
            level: c.level.clone(),
            staffing: s,
        });
        staffings[i].push(s);
    }
    for (t, s) in towns.iter_mut().zip(&staffings) {
        t.staffing = town_staffing(s);
    }

    // training completion: required sessions held in the month, up to now
    let (start, end) = utc_range(first, day);
    for e in enrolments_between(conn, start, end.min(now), false)? {
        let on = cst::date_of(e.starts_at);
        let Some(i) = places.center_of(e.user_id, on).and_then(town_of_center) else {
            continue;
        };
        if e.required {
            towns[i].required_enrolments += 1;
            towns[i].attended += u32::from(e.status == "present" || e.status == "late");
        }
    }
    // unexcused absences: any session in the month
    for e in enrolments_between(conn, start, end, true)? {
        let on = cst::date_of(e.starts_at);
        if let Some(i) = places.center_of(e.user_id, on).and_then(town_of_center) {
            towns[i].absences += 1;
        }
    }

    // certification coverage of the common items on the reference day
    let common: u32 = items::table
        .filter(items::common.eq(true))
        .count()
        .get_result::<i64>(conn)? as u32;
    let serving: Vec<(i32, i32)> = posts
        .iter()
        .filter(|p| p.posting == Posting::Serving)
        .map(|p| (p.user_id, p.center_id))
        .collect();
    let user_center: HashMap<i32, i32> = serving.iter().copied().collect();
    let ids: Vec<i32> = serving.iter().map(|s| s.0).collect();
    let mut covered: Vec<HashSet<i32>> = vec![HashSet::new(); towns.len()];
    let mut city_covered = HashSet::new();
    for (user, item) in common_certificates_on(conn, &ids, day)? {
        if let Some(i) = user_center.get(&user).and_then(|c| town_of_center(*c)) {
            covered[i].insert(item);
            city_covered.insert(item);
        }
    }
    for (t, c) in towns.iter_mut().zip(&covered) {
        t.common = common;
        t.covered = c.len() as u32;
        t.coverage = share(t.covered, common);
    }
    for (user, issued_on) in certificates::table
        .filter(certificates::issued_on.ge(first.to_string()))
        .filter(certificates::issued_on.le(day.to_string()))
        .select((certificates::user_id, certificates::issued_on))
        .load::<(i32, String)>(conn)?
    {
        let Ok(on) = issued_on.parse::<NaiveDate>() else {
            continue;
        };
        if let Some(i) = places.center_of(user, on).and_then(town_of_center) {
            towns[i].issued += 1;
        }
    }

    // direct and proxy handling on the reference day
    let matrix = handling::matrix_on(conn, places.centers.clone(), day)?;
    for (c, cells) in matrix.centers.iter().zip(&matrix.cells) {
        let Some(i) = town_of_center(c.id) else {
            continue;
        };
        let direct = cells
            .iter()
            .filter(|x| x.mode == HandlingMode::Direct)
            .count() as u32;
        let proxy = cells
            .iter()
            .filter(|x| x.mode == HandlingMode::Proxy)
            .count() as u32;
        let t = &mut towns[i];
        if c.level() == Level::Town {
            t.town_direct += direct;
            t.town_proxy += proxy;
        } else {
            t.zone_direct += direct;
            t.zone_proxy += proxy;
        }
        t.direct += direct;
    }

    // the items each town had handed down to its zones
    for (town, _) in handling::zone_selection_on(conn, day)? {
        if let Some(&i) = index.get(&town) {
            towns[i].selected += 1;
        }
    }
    for t in &mut towns {
        t.selection_required = MIN_ZONE_ITEMS as u32;
        t.selection_compliant = zone_selection_compliant(t.selected as usize);
    }

    // leave discipline
    for (user, created_at) in leaves::table
        .filter(leaves::created_at.ge(start))
        .filter(leaves::created_at.lt(end))
        .select((leaves::user_id, leaves::created_at))
        .load::<(i32, NaiveDateTime)>(conn)?
    {
        if let Some(i) = places
            .center_of(user, cst::date_of(created_at))
            .and_then(town_of_center)
        {
            towns[i].leaves_asked += 1;
        }
    }
    for (user, status, decided_at) in leaves::table
        .filter(leaves::decided_at.ge(start))
        .filter(leaves::decided_at.lt(end))
        .select((leaves::user_id, leaves::status, leaves::decided_at))
        .load::<(i32, String, Option<NaiveDateTime>)>(conn)?
    {
        let Some(at) = decided_at else { continue };
        let Some(i) = places
            .center_of(user, cst::date_of(at))
            .and_then(town_of_center)
        else {
            continue;
        };
        match status.as_str() {
            "approved" => towns[i].leaves_approved += 1,
            "rejected" => towns[i].leaves_rejected += 1,
            _ => {}
        }
    }
    for (l, due, _) in late_report_backs(conn, rules, first, day, today)? {
        if let Some(i) = places.center_of(l.user_id, due).and_then(town_of_center) {
            towns[i].overdue += 1;
        }
    }

    let total = city_total(&towns, &staffings, city_covered.len() as u32, common);
    for t in &mut towns {
        t.completion = share(t.attended, t.required_enrolments);
    }
    Ok(Month {
        month: first.format("%Y-%m").to_string(),
        first,
        day,
        minimums,
        towns,
        total,
    })
}

/// The city's row: sums, except coverage (an item covered in two towns counts once).
fn city_total(
    towns: &[TownMonth],
    staffings: &[Vec<Staffing>],
    covered: u32,
    common: u32,
) -> TownMonth {
    let sum = |f: fn(&TownMonth) -> u32| towns.iter().map(f).sum::<u32>();
    let all: Vec<Staffing> = staffings.iter().flatten().copied().collect();
    let attended = sum(|t| t.attended);
    let required_enrolments = sum(|t| t.required_enrolments);
    TownMonth {
        code: String::new(),
        name: crate::i18n::t("rep-total"),
        centers: Vec::new(),
        staffing: town_staffing(&all),
        town_window: sum(|t| t.town_window),
        town_required: sum(|t| t.town_required),
        zones: sum(|t| t.zones),
        zones_compliant: sum(|t| t.zones_compliant),
        required_enrolments,
        attended,
        completion: share(attended, required_enrolments),
        covered,
        common,
        coverage: share(covered, common),
        issued: sum(|t| t.issued),
        town_direct: sum(|t| t.town_direct),
        town_proxy: sum(|t| t.town_proxy),
        zone_direct: sum(|t| t.zone_direct),
        zone_proxy: sum(|t| t.zone_proxy),
        direct: sum(|t| t.direct),
        selected: sum(|t| t.selected),
        selection_required: MIN_ZONE_ITEMS as u32,
        selection_compliant: towns.iter().all(|t| t.selection_compliant),
        leaves_asked: sum(|t| t.leaves_asked),
        leaves_approved: sum(|t| t.leaves_approved),
        leaves_rejected: sum(|t| t.leaves_rejected),
        overdue: sum(|t| t.overdue),
        absences: sum(|t| t.absences),
    }
}

/// The month-on-month changes of one town's key figures.
#[derive(Debug, Clone, Serialize)]
pub struct TownChanges {
    pub code: String,
    pub name: String,
    pub window: Change,
    pub direct: Change,
    pub covered: Change,
    pub issued: Change,
    pub absences: Change,
}

fn town_changes(now: &TownMonth, before: Option<&TownMonth>) -> TownChanges {
    let b = |f: fn(&TownMonth) -> u32| i64::from(before.map(f).unwrap_or(0));
    let n = |f: fn(&TownMonth) -> u32| i64::from(f(now));
    TownChanges {
        code: now.code.clone(),
        name: now.name.clone(),
        window: change(n(|t| t.staffing.window), b(|t| t.staffing.window), true),
        direct: change(n(|t| t.direct), b(|t| t.direct), true),
        covered: change(n(|t| t.covered), b(|t| t.covered), true),
        issued: change(n(|t| t.issued), b(|t| t.issued), true),
        absences: change(n(|t| t.absences), b(|t| t.absences), false),
    }
}

/// Each town's changes against the previous month, then the city's.
pub fn changes(now: &Month, before: &Month) -> Vec<TownChanges> {
    let prev: HashMap<&str, &TownMonth> =
        before.towns.iter().map(|t| (t.code.as_str(), t)).collect();
    let mut out: Vec<TownChanges> = now
        .towns
        .iter()
        .map(|t| town_changes(t, prev.get(t.code.as_str()).copied()))
        .collect();
    out.push(town_changes(&now.total, Some(&before.total)));
    out
}
