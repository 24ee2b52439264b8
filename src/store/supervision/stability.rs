//! The stability report (队伍稳定报表) of a period: the facts behind every number (who
//! was in post, asked for or got a transfer, left, missed training, reported back late),
//! and the rows of towns, centers and the city counted from them.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{enrolments_between, late_report_backs, utc_range, within, Places};
use crate::db::schema::transfers;
use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::staffing::{
    average_headcount, average_tenure, counts_for_window, is_new_in_post, labelled_enum, leavings,
    staffing, tenure_days, town_staffing, turnover, LeavingKind, Minimums, Posting, Staffing,
};
use crate::domain::training::TrainingRules;
use crate::domain::transfer::{TransferKind, TransferStatus};
use crate::i18n::Msg;
use crate::store::centers::Town;
use crate::store::handling::{self, CenterRef};
use crate::store::roster;
use crate::store::training::LeaveRow;

labelled_enum! {
    /// What a number of the stability report counts; each has a list of people behind it.
    Metric {
        Headcount => "headcount", "stab-metric-headcount",
        Serving => "serving", "stab-metric-serving",
        Requested => "requested", "stab-metric-requested",
        Approved => "approved", "stab-metric-approved",
        Rejected => "rejected", "stab-metric-rejected",
        Departures => "departures", "stab-metric-departures",
        Tenure => "tenure", "stab-metric-tenure",
        New => "new", "stab-metric-new",
        Absences => "absences", "stab-metric-absences",
        Overdue => "overdue", "stab-metric-overdue",
        Pending => "pending", "stab-metric-pending",
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
    /// Said in the reader's language by the page.
    pub detail: Msg,
}

fn fact(metric: Metric, user_id: i32, center_id: i32, on: NaiveDate, detail: Msg) -> Fact {
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

fn late_detail(l: &LeaveRow, due: NaiveDate, reported: Option<NaiveDate>) -> Msg {
    let back = match reported {
        Some(r) => Msg::key("stab-fact-back-late").arg("date", r),
        None => Msg::key("stab-fact-not-back"),
    };
    Msg::key("stab-fact-overdue")
        .arg("from", &l.starts_on)
        .arg("to", &l.ends_on)
        .arg("due", due)
        .arg_msg("back", back)
}

fn kind_label(kind: &str) -> Msg {
    TransferKind::parse(kind).map_or(Msg::key("stab-kind-other"), TransferKind::msg)
}

fn status_label(status: &str) -> Msg {
    TransferStatus::parse(status).map_or(Msg::from(""), TransferStatus::msg)
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
                Msg::key("stab-fact-window").arg("since", since),
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
            Msg::key("stab-fact-serving")
                .arg_msg("position", p.position.msg())
                .arg("since", since),
        ));
        facts.push(Fact {
            days,
            ..fact(
                Metric::Tenure,
                p.user_id,
                p.center_id,
                since,
                Msg::key("stab-fact-tenure")
                    .arg("days", days)
                    .arg("since", since),
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
                    Msg::key("stab-fact-new")
                        .arg("since", since)
                        .arg("to", to)
                        .arg("days", days),
                )
            });
        }
    }
    let mut serving_at_start = HashMap::new();
    for p in roster::places_on(conn, None, from)? {
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
                Msg::key("stab-fact-requested")
                    .arg_msg("kind", kind.clone())
                    .arg_msg("status", status_label(&status)),
            ));
        }
        let Some(decided) = decided_at.map(cst::date_of) else {
            continue;
        };
        if !within(decided, from, to) {
            continue;
        }
        if status == TransferStatus::Approved.as_str() {
            let detail = match effective_on {
                Some(d) => Msg::key("stab-fact-approved-from").arg("date", d),
                None => Msg::key("stab-fact-approved"),
            };
            facts.push(fact(
                Metric::Approved,
                user,
                center,
                decided,
                detail.arg_msg("kind", kind),
            ));
        } else if status == TransferStatus::Rejected.as_str() {
            facts.push(fact(
                Metric::Rejected,
                user,
                center,
                decided,
                Msg::key("stab-fact-rejected").arg_msg("kind", kind),
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
                Msg::key("stab-fact-pending").arg_msg("kind", kind_label(&kind)),
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
                    Msg::key("stab-fact-moved-to").arg("center", places.center_name(dest)),
                    places.town_of.get(&dest) == places.town_of.get(&l.center_id),
                    true,
                ),
                _ => (Msg::key("stab-fact-left"), false, false),
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
                Msg::key("stab-fact-absent")
                    .arg("at", e.starts_at)
                    .arg("title", &e.title),
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
            name: crate::i18n::t("rep-total"),
            town: crate::i18n::t("rep-total"),
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
    fn metrics_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.as_str()), Some(*m));
        }
        assert_eq!(Metric::parse("nope"), None);
    }
}
