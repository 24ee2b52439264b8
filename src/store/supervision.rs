//! The supervision figures: the stability report of a period and the monthly bulletin
//! (督查通报). Everything about the past is read from the effective-dated history (the
//! roster on a day, the certificates standing that day, the zone selection logged by
//! then), never from today's `users` columns; a fact about a worker (an absence, a leave,
//! a certificate) counts at the center the worker belonged to on the day of the fact.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    assignments, centers, certificates, enrolments, items, leaves, training_sessions, transfers,
    users,
};
use crate::db::DbConnection;
use crate::domain::certification::day_number;
use crate::domain::cst;
use crate::domain::handling::{zone_selection_compliant, HandlingMode, Level, MIN_ZONE_ITEMS};
use crate::domain::staffing::{
    average_headcount, average_tenure, center_on, change, counts_for_window, is_new_in_post,
    labelled_enum, leavings, report_back_late, share, staffing, tenure_days, town_staffing,
    turnover, Change, LeavingKind, Minimums, Posting, Staffing, Stint, TownStaffing,
};
use crate::domain::training::{report_back_due, TrainingRules};
use crate::domain::transfer::{TransferKind, TransferStatus};
use crate::store::centers::Town;
use crate::store::handling::{self, CenterRef};
use crate::store::roster;
use crate::store::training::LeaveRow;

labelled_enum! {
    /// What a number of the stability report counts; each has a list of people behind it.
    Metric {
        Headcount => "headcount", "窗口人数",
        Serving => "serving", "在岗人数",
        Requested => "requested", "申请调整",
        Approved => "approved", "批准调整",
        Rejected => "rejected", "驳回调整",
        Departures => "departures", "离开人数",
        Tenure => "tenure", "任职天数",
        New => "new", "任职不满90天",
        Absences => "absences", "旷训",
        Overdue => "overdue", "销假逾期",
        Pending => "pending", "待审批申请",
    }
}

/// The UTC instants of the Beijing days `from..=to`, as a half-open range.
fn utc_range(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    (cst::day_start(from), cst::day_start(to + Duration::days(1)))
}

fn within(day: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= day && day <= to
}

/// Where things are: the towns in order, the centers that existed by a day (town
/// centers first, then their zones), and every worker's history.
struct Places {
    towns: Vec<Town>,
    centers: Vec<CenterRef>,
    town_of: HashMap<i32, i32>,
    names: HashMap<i32, String>,
    history: HashMap<i32, Vec<Stint>>,
    /// Today's center of workers without any history row (loaded before history began).
    fallback: HashMap<i32, i32>,
}

impl Places {
    /// Zones made after `by` are left out: they did not exist yet, unless the roster
    /// history already places someone there by then (staff recorded from before the zone's
    /// row was made). Town centers come from the plan and always count, whenever their row
    /// was loaded.
    fn load(conn: &mut DbConnection, by: NaiveDate) -> QueryResult<Places> {
        let towns = crate::store::centers::towns(conn)?;
        let created: HashMap<i32, NaiveDateTime> = centers::table
            .select((centers::id, centers::created_at))
            .load::<(i32, NaiveDateTime)>(conn)?
            .into_iter()
            .collect();
        let seq: HashMap<i32, i32> = towns.iter().map(|t| (t.id, t.seq)).collect();
        let mut history: HashMap<i32, Vec<Stint>> = HashMap::new();
        for (user, center, posting, from, to) in assignments::table
            .select((
                assignments::user_id,
                assignments::center_id,
                assignments::posting,
                assignments::valid_from,
                assignments::valid_to,
            ))
            .load::<(i32, i32, String, String, Option<String>)>(conn)?
        {
            let Ok(valid_from) = from.parse() else {
                continue;
            };
            history.entry(user).or_default().push(Stint {
                center_id: center,
                posting: Posting::parse(&posting).unwrap_or(Posting::Serving),
                valid_from,
                valid_to: to.and_then(|t| t.parse().ok()),
            });
        }
        let staffed_by: HashSet<i32> = history
            .values()
            .flatten()
            .filter(|s| s.valid_from <= by)
            .map(|s| s.center_id)
            .collect();
        let mut all = handling::center_refs(conn, None)?;
        all.retain(|c| {
            c.level() == Level::Town
                || staffed_by.contains(&c.id)
                || created.get(&c.id).is_none_or(|at| cst::date_of(*at) <= by)
        });
        all.sort_by_key(|c| (seq.get(&c.town_id).copied().unwrap_or(i32::MAX), c.town_id));
        let fallback = users::table
            .filter(users::role.eq("worker"))
            .filter(users::center_id.is_not_null())
            .select((users::id, users::center_id.assume_not_null()))
            .load::<(i32, i32)>(conn)?
            .into_iter()
            .filter(|(u, _)| !history.contains_key(u))
            .collect();
        Ok(Places {
            town_of: all.iter().map(|c| (c.id, c.town_id)).collect(),
            names: all.iter().map(|c| (c.id, c.name.clone())).collect(),
            centers: all,
            towns,
            history,
            fallback,
        })
    }

    /// The center a fact about a worker on a day counts at, if it still exists.
    fn center_of(&self, user: i32, on: NaiveDate) -> Option<i32> {
        let c = match self.history.get(&user) {
            Some(h) => center_on(h, on),
            None => self.fallback.get(&user).copied(),
        }?;
        self.town_of.contains_key(&c).then_some(c)
    }

    fn known(&self, center: i32) -> bool {
        self.town_of.contains_key(&center)
    }

    fn center_name(&self, center: i32) -> String {
        self.names.get(&center).cloned().unwrap_or_default()
    }
}

/// One person behind a number of the stability report.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub metric: Metric,
    pub user_id: i32,
    pub center_id: i32,
    /// A move to another center of the same town leaves the center, not the town.
    pub within_town: bool,
    /// A move to another center: it leaves the center, not the city.
    pub moved: bool,
    pub on: Option<NaiveDate>,
    /// Days in post (tenure), else 0.
    pub days: i64,
    pub detail: String,
}

fn fact(metric: Metric, user_id: i32, center_id: i32, on: NaiveDate, detail: String) -> Fact {
    Fact {
        metric,
        user_id,
        center_id,
        within_town: false,
        moved: false,
        on: Some(on),
        days: 0,
        detail,
    }
}

/// Enrolments in sessions that were not cancelled, starting within a UTC range.
struct Enrolment {
    user_id: i32,
    status: String,
    starts_at: NaiveDateTime,
    required: bool,
    title: String,
}

fn enrolments_between(
    conn: &mut DbConnection,
    start: NaiveDateTime,
    end: NaiveDateTime,
    only_absent: bool,
) -> QueryResult<Vec<Enrolment>> {
    let mut q = enrolments::table
        .inner_join(training_sessions::table)
        .filter(training_sessions::status.ne("cancelled"))
        .filter(training_sessions::starts_at.ge(start))
        .filter(training_sessions::starts_at.lt(end))
        .select((
            enrolments::user_id,
            enrolments::status,
            training_sessions::starts_at,
            training_sessions::required,
            training_sessions::title,
        ))
        .into_boxed();
    if only_absent {
        q = q.filter(enrolments::status.eq("absent"));
    }
    Ok(q.load::<(i32, String, NaiveDateTime, bool, String)>(conn)?
        .into_iter()
        .map(|(user_id, status, starts_at, required, title)| Enrolment {
            user_id,
            status,
            starts_at,
            required,
            title,
        })
        .collect())
}

/// Approved leaves whose report-back fell due from `from` to `to` and came late (or not
/// at all) by `today`: (leave, due day, day reported back).
fn late_report_backs(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> QueryResult<Vec<(LeaveRow, NaiveDate, Option<NaiveDate>)>> {
    // due = ends_on + the report-back days, so the leaves ending in this window
    let lead = report_back_due(rules, from) - from;
    let rows: Vec<LeaveRow> = leaves::table
        .filter(leaves::status.eq("approved"))
        .filter(leaves::ends_on.ge((from - lead).to_string()))
        .filter(leaves::ends_on.le((to - lead).to_string()))
        .select(LeaveRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|l| {
            let due = report_back_due(rules, l.ends()?);
            let reported = l.reported_back_at.map(cst::date_of);
            (within(due, from, to) && report_back_late(due, reported, today))
                .then_some((l, due, reported))
        })
        .collect())
}

fn late_detail(l: &LeaveRow, due: NaiveDate, reported: Option<NaiveDate>) -> String {
    let back = match reported {
        Some(r) => format!("{r} 才销假"),
        None => "至今未销假".into(),
    };
    format!(
        "请假 {} 至 {}，应于 {due} 前销假，{back}",
        l.starts_on, l.ends_on
    )
}

fn kind_label(kind: &str) -> &'static str {
    TransferKind::parse(kind).map_or("调整", TransferKind::label)
}

fn status_label(status: &str) -> &'static str {
    TransferStatus::parse(status).map_or("", TransferStatus::label)
}

/// The stability facts of a period: who stood behind every number.
pub struct Stability {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub minimums: Minimums,
    pub towns: Vec<Town>,
    pub centers: Vec<CenterRef>,
    pub facts: Vec<Fact>,
    /// Serving staff on the first day, per center (for the turnover).
    pub serving_at_start: HashMap<i32, u32>,
}

type TransferLine = (
    i32,
    i32,
    String,
    i32,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
);

/// Collects the facts of the period `from..=to`; `today` decides which report-backs are
/// already late.
pub fn stability(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> QueryResult<Stability> {
    let minimums = roster::minimums(conn)?;
    let places = Places::load(conn, to)?;
    let mut facts = Vec::new();

    // the roster on the last day
    for p in roster::on_date(conn, None, to)? {
        if !places.known(p.center_id) {
            continue;
        }
        let since = p.at_center_since;
        let days = tenure_days(since, to);
        if counts_for_window(p.position, p.posting) {
            facts.push(fact(
                Metric::Headcount,
                p.user_id,
                p.center_id,
                since,
                format!("一站式服务窗口，{since} 起在本中心"),
            ));
        }
        if p.posting != Posting::Serving {
            continue;
        }
        facts.push(fact(
            Metric::Serving,
            p.user_id,
            p.center_id,
            since,
            format!("{}，{since} 起在本中心", p.position.label()),
        ));
        facts.push(Fact {
            days,
            ..fact(
                Metric::Tenure,
                p.user_id,
                p.center_id,
                since,
                format!("在本中心 {days} 天（{since} 起）"),
            )
        });
        if is_new_in_post(since, to) {
            facts.push(Fact {
                days,
                ..fact(
                    Metric::New,
                    p.user_id,
                    p.center_id,
                    since,
                    format!("{since} 起在本中心，至 {to} 共 {days} 天"),
                )
            });
        }
    }
    let mut serving_at_start = HashMap::new();
    for p in roster::on_date(conn, None, from)? {
        if p.posting == Posting::Serving {
            *serving_at_start.entry(p.center_id).or_insert(0) += 1;
        }
    }

    // transfer requests filed or decided in the period, and those pending now
    let (start, end) = utc_range(from, to);
    let select = (
        transfers::id,
        transfers::user_id,
        transfers::kind,
        transfers::from_center_id,
        transfers::status,
        transfers::requested_at,
        transfers::decided_at,
        transfers::effective_on,
    );
    let mut lines: Vec<TransferLine> = transfers::table
        .filter(transfers::requested_at.ge(start))
        .filter(transfers::requested_at.lt(end))
        .select(select)
        .load(conn)?;
    lines.extend(
        transfers::table
            .filter(transfers::decided_at.ge(start))
            .filter(transfers::decided_at.lt(end))
            .select(select)
            .load::<TransferLine>(conn)?,
    );
    let mut seen = HashSet::new();
    for (id, user, kind, center, status, requested_at, decided_at, effective_on) in lines {
        if !seen.insert(id) || !places.known(center) {
            continue;
        }
        let kind = kind_label(&kind);
        let asked = cst::date_of(requested_at);
        if within(asked, from, to) {
            facts.push(fact(
                Metric::Requested,
                user,
                center,
                asked,
                format!("申请{kind}（{}）", status_label(&status)),
            ));
        }
        let Some(decided) = decided_at.map(cst::date_of) else {
            continue;
        };
        if !within(decided, from, to) {
            continue;
        }
        if status == TransferStatus::Approved.as_str() {
            let effective = effective_on
                .map(|d| format!("，{d} 起生效"))
                .unwrap_or_default();
            facts.push(fact(
                Metric::Approved,
                user,
                center,
                decided,
                format!("批准{kind}{effective}"),
            ));
        } else if status == TransferStatus::Rejected.as_str() {
            facts.push(fact(
                Metric::Rejected,
                user,
                center,
                decided,
                format!("驳回{kind}"),
            ));
        }
    }
    for (user, kind, center, requested_at) in transfers::table
        .filter(transfers::status.eq(TransferStatus::Pending.as_str()))
        .select((
            transfers::user_id,
            transfers::kind,
            transfers::from_center_id,
            transfers::requested_at,
        ))
        .load::<(i32, String, i32, NaiveDateTime)>(conn)?
    {
        if places.known(center) {
            let asked = cst::date_of(requested_at);
            facts.push(fact(
                Metric::Pending,
                user,
                center,
                asked,
                format!("申请{}，待组织部审批", kind_label(&kind)),
            ));
        }
    }

    // departures and moves out
    for (user, stints) in &places.history {
        for l in leavings(stints, from, to) {
            if !places.known(l.center_id) {
                continue;
            }
            let (detail, within_town, moved) = match (l.kind, l.to_center) {
                (LeavingKind::MoveOut, Some(dest)) => (
                    format!("调往{}", places.center_name(dest)),
                    places.town_of.get(&dest) == places.town_of.get(&l.center_id),
                    true,
                ),
                _ => ("离岗".to_string(), false, false),
            };
            facts.push(Fact {
                within_town,
                moved,
                ..fact(Metric::Departures, *user, l.center_id, l.on, detail)
            });
        }
    }

    // unexcused absences and late report-backs
    for e in enrolments_between(conn, start, end, true)? {
        let day = cst::date_of(e.starts_at);
        if let Some(center) = places.center_of(e.user_id, day) {
            facts.push(fact(
                Metric::Absences,
                e.user_id,
                center,
                day,
                format!("{}《{}》旷训", cst::show(e.starts_at), e.title),
            ));
        }
    }
    for (l, due, reported) in late_report_backs(conn, rules, from, to, today)? {
        if let Some(center) = places.center_of(l.user_id, due) {
            facts.push(fact(
                Metric::Overdue,
                l.user_id,
                center,
                due,
                late_detail(&l, due, reported),
            ));
        }
    }

    Ok(Stability {
        from,
        to,
        minimums,
        towns: places.towns,
        centers: places.centers,
        facts,
        serving_at_start,
    })
}

/// Whose facts a number counts: one center's, a whole town's, or the city's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Center(i32),
    Town(i32),
    City,
}

/// The numbers of one row of the stability report.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub window: u32,
    pub required: u32,
    pub compliant: bool,
    pub shortfall: u32,
    pub serving: u32,
    pub serving_at_start: u32,
    pub requested: u32,
    pub approved: u32,
    pub rejected: u32,
    pub departures: u32,
    /// Departures over the average serving headcount, as a share (0.25 = 25%).
    pub turnover: Option<f64>,
    pub average_tenure: Option<f64>,
    pub new: u32,
    pub absences: u32,
    pub overdue: u32,
    pub pending: u32,
}

/// A row of the stability report: a town (its totals) or one of its centers.
#[derive(Debug, Clone, Serialize)]
pub struct StabilityRow {
    pub is_town: bool,
    /// The city's total, last.
    pub is_city: bool,
    pub code: String,
    pub name: String,
    pub town: String,
    pub level: String,
    pub figures: Figures,
}

impl Stability {
    fn in_scope(&self, scope: Scope) -> impl Fn(&Fact) -> bool + '_ {
        let town_of: HashMap<i32, i32> = self.centers.iter().map(|c| (c.id, c.town_id)).collect();
        move |f: &Fact| match scope {
            Scope::Center(c) => f.center_id == c,
            Scope::Town(t) => {
                town_of.get(&f.center_id) == Some(&t)
                    && !(f.metric == Metric::Departures && f.within_town)
            }
            Scope::City => !(f.metric == Metric::Departures && f.moved),
        }
    }

    /// The facts behind one number, in date order.
    pub fn people(&self, scope: Scope, metric: Metric) -> Vec<&Fact> {
        let keep = self.in_scope(scope);
        let mut out: Vec<&Fact> = self
            .facts
            .iter()
            .filter(|f| f.metric == metric && keep(f))
            .collect();
        out.sort_by_key(|f| (f.on, f.user_id));
        out
    }

    fn figures(&self, scope: Scope, staff: (u32, u32, bool, u32)) -> Figures {
        let keep = self.in_scope(scope);
        let mut counts: HashMap<&'static str, u32> = HashMap::new();
        let mut tenures = Vec::new();
        for f in self.facts.iter().filter(|f| keep(f)) {
            *counts.entry(f.metric.as_str()).or_insert(0) += 1;
            if f.metric == Metric::Tenure {
                tenures.push(f.days);
            }
        }
        let n = |m: Metric| counts.get(m.as_str()).copied().unwrap_or(0);
        let at_start: u32 = self
            .centers
            .iter()
            .filter(|c| match scope {
                Scope::Center(id) => c.id == id,
                Scope::Town(t) => c.town_id == t,
                Scope::City => true,
            })
            .map(|c| self.serving_at_start.get(&c.id).copied().unwrap_or(0))
            .sum();
        let (window, required, compliant, shortfall) = staff;
        Figures {
            window,
            required,
            compliant,
            shortfall,
            serving: n(Metric::Serving),
            serving_at_start: at_start,
            requested: n(Metric::Requested),
            approved: n(Metric::Approved),
            rejected: n(Metric::Rejected),
            departures: n(Metric::Departures),
            turnover: turnover(
                n(Metric::Departures),
                average_headcount(at_start, n(Metric::Serving)),
            ),
            average_tenure: average_tenure(&tenures),
            new: n(Metric::New),
            absences: n(Metric::Absences),
            overdue: n(Metric::Overdue),
            pending: n(Metric::Pending),
        }
    }

    /// Town rows, each followed by its centers' rows, then the city's total.
    pub fn rows(&self) -> Vec<StabilityRow> {
        let mut window: HashMap<i32, u32> = HashMap::new();
        for f in self.facts.iter().filter(|f| f.metric == Metric::Headcount) {
            *window.entry(f.center_id).or_insert(0) += 1;
        }
        let mut out = Vec::new();
        let mut all = Vec::new();
        for t in &self.towns {
            let mine: Vec<&CenterRef> = self.centers.iter().filter(|c| c.town_id == t.id).collect();
            let staffings: Vec<Staffing> = mine
                .iter()
                .map(|c| {
                    staffing(
                        window.get(&c.id).copied().unwrap_or(0),
                        c.level(),
                        &self.minimums,
                    )
                })
                .collect();
            let ts = town_staffing(&staffings);
            let shortfall = staffings.iter().map(|s| s.shortfall).sum();
            all.extend(staffings.iter().copied());
            out.push(StabilityRow {
                is_town: true,
                is_city: false,
                code: t.code.clone(),
                name: t.name.clone(),
                town: t.name.clone(),
                level: String::new(),
                figures: self.figures(
                    Scope::Town(t.id),
                    (ts.window, ts.required, ts.compliant, shortfall),
                ),
            });
            for (c, s) in mine.into_iter().zip(staffings) {
                out.push(StabilityRow {
                    is_town: false,
                    is_city: false,
                    code: c.code.clone(),
                    name: c.name.clone(),
                    town: t.name.clone(),
                    level: c.level.clone(),
                    figures: self.figures(
                        Scope::Center(c.id),
                        (s.window, s.required, s.compliant, s.shortfall),
                    ),
                });
            }
        }
        let city = town_staffing(&all);
        out.push(StabilityRow {
            is_town: false,
            is_city: true,
            code: String::new(),
            name: "全市".into(),
            town: "全市".into(),
            level: String::new(),
            figures: self.figures(
                Scope::City,
                (
                    city.window,
                    city.required,
                    city.compliant,
                    all.iter().map(|s| s.shortfall).sum(),
                ),
            ),
        });
        out
    }
}

/// Names and usernames of some users.
pub fn user_names(
    conn: &mut DbConnection,
    ids: &[i32],
) -> QueryResult<HashMap<i32, (String, String)>> {
    let mut out = HashMap::new();
    let ids: BTreeSet<i32> = ids.iter().copied().collect();
    let ids: Vec<i32> = ids.into_iter().collect();
    for chunk in ids.chunks(900) {
        for (id, name, username) in users::table
            .filter(users::id.eq_any(chunk.to_vec()))
            .select((users::id, users::display_name, users::username))
            .load::<(i32, String, String)>(conn)?
        {
            out.insert(id, (name, username));
        }
    }
    Ok(out)
}

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

/// Certificates for common items standing on `on`, as (user, item): issued by then, not
/// ended, not revoked by then (the rule `handling::matrix_on` uses).
fn common_certificates_on(
    conn: &mut DbConnection,
    workers: &[i32],
    on: NaiveDate,
) -> QueryResult<HashSet<(i32, i32)>> {
    let mut out = HashSet::new();
    for chunk in workers.chunks(900) {
        let rows: Vec<(i32, i32, String, Option<NaiveDateTime>)> = certificates::table
            .inner_join(items::table)
            .filter(items::common.eq(true))
            .filter(certificates::user_id.eq_any(chunk.to_vec()))
            .filter(certificates::issued_on.le(on.to_string()))
            .filter(certificates::ends_day.ge(day_number(on)))
            .select((
                certificates::user_id,
                certificates::item_id,
                certificates::status,
                certificates::revoked_at,
            ))
            .load(conn)?;
        for (user, item, status, revoked_at) in rows {
            let revoked = status == "revoked" && revoked_at.is_none_or(|at| cst::date_of(at) <= on);
            if !revoked {
                out.insert((user, item));
            }
        }
    }
    Ok(out)
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
    let posts = roster::on_date(conn, None, day)?;
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
        name: "全市".into(),
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

/// A center or town by its code, for the drill-down.
pub fn scope_by_code(
    conn: &mut DbConnection,
    center: Option<&str>,
    town: Option<&str>,
) -> QueryResult<Option<(Scope, String)>> {
    if let Some(code) = center {
        return Ok(handling::center_ref_by_code(conn, code)?.map(|c| (Scope::Center(c.id), c.name)));
    }
    if let Some(code) = town {
        return Ok(
            crate::store::centers::town_by_code(conn, code)?.map(|t| (Scope::Town(t.id), t.name))
        );
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days_as_utc_ranges() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (start, end) = utc_range(d("2026-11-01"), d("2026-11-30"));
        assert_eq!(start.to_string(), "2026-10-31 16:00:00");
        assert_eq!(end.to_string(), "2026-11-30 16:00:00");
        assert_eq!(cst::date_of(start), d("2026-11-01"));
        assert_eq!(cst::date_of(start - Duration::seconds(1)), d("2026-10-31"));
        assert_eq!(cst::date_of(end - Duration::seconds(1)), d("2026-11-30"));
        assert_eq!(cst::date_of(end), d("2026-12-01"));
    }

    #[test]
    fn metrics_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.as_str()), Some(*m));
        }
        assert_eq!(Metric::parse("nope"), None);
    }
}
