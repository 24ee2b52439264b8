//! When a 全科社工 is certified for an item, how long a certificate lasts, what state it is
//! in on a given day, and when to remind. Pure functions with table tests.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::training::{standing, Outcome, TrainingRules};
use crate::i18n::Msg;

/// A certificate counts as "expiring" this many days before its last day.
pub const EXPIRING_DAYS: i64 = 60;
/// Reminders go out this many days before the last day, largest first.
pub const REMINDER_DAYS: [i64; 3] = [60, 30, 7];

/// Everything the rule looks at, for one worker, one item and its current course version.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<'a> {
    pub modules_done: u32,
    pub modules_total: u32,
    /// The worker's required sessions of the item, oldest first.
    pub sessions: &'a [Outcome],
    /// A finished attempt passed, on this version or an earlier one of the same major line.
    pub quiz_passed: bool,
}

/// What still stands between a worker and the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    Modules {
        done: u32,
        total: u32,
    },
    /// Enrolled in a required session that has not been held and closed yet.
    SessionPending,
    /// Excused absences not yet made up by attending a later session.
    MakeUp {
        open: u32,
    },
    Disqualified,
    Quiz,
}

impl Gap {
    pub fn message(self) -> Msg {
        match self {
            Gap::Modules { done, total } => Msg::key("cert-gap-modules")
                .arg("done", done)
                .arg("total", total),
            Gap::SessionPending => Msg::key("cert-gap-session-pending"),
            Gap::MakeUp { open } => Msg::key("cert-gap-make-up").arg("open", open),
            Gap::Disqualified => Msg::key("cert-gap-disqualified"),
            Gap::Quiz => Msg::key("cert-gap-quiz"),
        }
    }
}

/// The certification rule: every module done, every required session attended or made up
/// (none pending, no disqualification), and the quiz passed. Empty means certify.
pub fn gaps(rules: &TrainingRules, e: &Evidence) -> Vec<Gap> {
    let mut out = Vec::new();
    if e.modules_total == 0 || e.modules_done < e.modules_total {
        out.push(Gap::Modules {
            done: e.modules_done,
            total: e.modules_total,
        });
    }
    let s = standing(rules, e.sessions);
    if s.disqualified {
        out.push(Gap::Disqualified);
    } else if e.sessions.contains(&Outcome::Enrolled) {
        out.push(Gap::SessionPending);
    } else if s.open_makeups > 0 {
        out.push(Gap::MakeUp {
            open: s.open_makeups,
        });
    }
    if !e.quiz_passed {
        out.push(Gap::Quiz);
    }
    out
}

/// The certificate a worker already holds for the item, as far as re-issuing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub version_number: i32,
    pub ends_on: NaiveDate,
}

/// Whether completing the course now should issue a certificate: when none is held, when
/// the one held has run out or is close to running out (renewal), or when it is for a
/// version older than the latest major one (a refresher).
pub fn needs_certificate(held: Option<Held>, latest_major: i32, today: NaiveDate) -> bool {
    match held {
        None => true,
        Some(h) => {
            h.ends_on < today
                || h.version_number < latest_major
                || (h.ends_on - today).num_days() <= EXPIRING_DAYS
        }
    }
}

/// The worker's most recent certificate for an item, for deciding what evidence is fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latest {
    /// Set while the certificate stands (not revoked, superseded or closed as expired).
    pub held: Option<Held>,
    pub issued_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Quiz attempts count towards a new certificate only when started after this moment:
/// after the latest certificate was issued (or revoked), so an old pass cannot certify
/// again after expiry or revocation. None when every attempt counts: no certificate yet,
/// or one that stands and needs nothing.
pub fn fresh_after(
    latest: Option<Latest>,
    latest_major: i32,
    today: NaiveDate,
) -> Option<NaiveDateTime> {
    let l = latest?;
    if l.held.is_some() && !needs_certificate(l.held, latest_major, today) {
        return None;
    }
    Some(l.revoked_at.map_or(l.issued_at, |r| r.max(l.issued_at)))
}

/// The last valid day of a certificate issued on `issued_on`: `months` later, less a day.
pub fn valid_until(issued_on: NaiveDate, months: u32) -> NaiveDate {
    issued_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
        - Duration::days(1)
}

/// The last valid day given a refresher deadline: whichever comes first.
pub fn ends_on(valid_until: NaiveDate, refresher_due: Option<NaiveDate>) -> NaiveDate {
    refresher_due.map_or(valid_until, |r| r.min(valid_until))
}

/// How long an item's certificate lasts, from a form.
pub fn check_cert_months(value: &str) -> Result<i32, Msg> {
    match value.trim().parse::<i32>() {
        Ok(m) if (1..=120).contains(&m) => Ok(m),
        _ => Err(Msg::key("cert-bad-months").arg("value", value.trim())),
    }
}

/// A day as a number (days from 0001-01-01): how the last valid day is indexed.
pub fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub fn from_day_number(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN)
}

/// `ZY-2026-000123`: the year of issue and the certificate's serial.
pub fn certificate_number(issued_on: NaiveDate, serial: i32) -> String {
    format!("ZY-{}-{serial:06}", issued_on.format("%Y"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    Active,
    Expiring,
    Expired,
    Revoked,
    /// Replaced by a certificate on a newer course version.
    Superseded,
}

impl CertState {
    /// The catalog key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            CertState::Active => "cert-state-active",
            CertState::Expiring => "cert-state-expiring",
            CertState::Expired => "cert-state-expired",
            CertState::Revoked => "cert-state-revoked",
            CertState::Superseded => "cert-state-superseded",
        }
    }
    /// The label in a language.
    pub fn label_in(self, lang: &str) -> String {
        crate::i18n::t_in(lang, self.label_key())
    }
    /// The label in the default language (mail data, spreadsheets).
    pub fn label(self) -> String {
        crate::i18n::t(self.label_key())
    }
    /// Counts towards a center's direct handling.
    pub fn is_valid(self) -> bool {
        matches!(self, CertState::Active | CertState::Expiring)
    }
}

/// A certificate's state on `today` (China Standard Time): valid through the end of its
/// last day.
pub fn state(status: &str, ends_on: NaiveDate, today: NaiveDate) -> CertState {
    match status {
        "revoked" => CertState::Revoked,
        "superseded" => CertState::Superseded,
        "expired" => CertState::Expired,
        _ if today > ends_on => CertState::Expired,
        _ if (ends_on - today).num_days() <= EXPIRING_DAYS => CertState::Expiring,
        _ => CertState::Active,
    }
}

/// The reminder due today, if any: the smallest threshold reached that has not been sent.
/// Passing several thresholds at once (a late mail run) sends only the nearest one.
pub fn reminder_due(ends_on: NaiveDate, today: NaiveDate, last_sent: Option<i64>) -> Option<i64> {
    let left = (ends_on - today).num_days();
    if left < 0 {
        return None;
    }
    REMINDER_DAYS
        .iter()
        .copied()
        .filter(|&d| left <= d)
        .min()
        .filter(|&d| last_sent.is_none_or(|sent| d < sent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Outcome::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ev(done: u32, total: u32, sessions: &[Outcome], passed: bool) -> Evidence<'_> {
        Evidence {
            modules_done: done,
            modules_total: total,
            sessions,
            quiz_passed: passed,
        }
    }

    #[test]
    fn certification_rule_table() {
        let r = TrainingRules::default();
        let table: Vec<(Evidence, Vec<Gap>)> = vec![
            (ev(3, 3, &[], true), vec![]),
            (ev(3, 3, &[Attended], true), vec![]),
            (ev(3, 3, &[Excused, Attended], true), vec![]),
            (
                ev(2, 3, &[], true),
                vec![Gap::Modules { done: 2, total: 3 }],
            ),
            // a course without modules cannot certify anyone
            (
                ev(0, 0, &[], true),
                vec![Gap::Modules { done: 0, total: 0 }],
            ),
            (ev(3, 3, &[], false), vec![Gap::Quiz]),
            (ev(3, 3, &[Excused], true), vec![Gap::MakeUp { open: 1 }]),
            (
                ev(3, 3, &[Attended, Enrolled], true),
                vec![Gap::SessionPending],
            ),
            (ev(3, 3, &[Absent, Absent], true), vec![Gap::Disqualified]),
            // one unexcused absence alone does not block
            (ev(3, 3, &[Absent, Attended], true), vec![]),
            (
                ev(1, 3, &[Excused], false),
                vec![
                    Gap::Modules { done: 1, total: 3 },
                    Gap::MakeUp { open: 1 },
                    Gap::Quiz,
                ],
            ),
        ];
        for (e, expected) in table {
            assert_eq!(gaps(&r, &e), expected, "{e:?}");
        }
    }

    #[test]
    fn reissue_table() {
        let today = d("2026-11-25");
        let held = |v, ends| {
            Some(Held {
                version_number: v,
                ends_on: d(ends),
            })
        };
        // (held, latest major, needs a new certificate)
        let table = [
            (None, 1, true),
            (held(1, "2028-11-24"), 1, false),
            // valid through its last day, but then due for renewal
            (held(1, "2026-11-25"), 1, true),
            (held(1, "2027-01-24"), 1, true),
            (held(1, "2027-01-25"), 1, false),
            (held(1, "2026-11-24"), 1, true),
            // a major version after it asks for a refresher
            (held(1, "2028-11-24"), 2, true),
            (held(2, "2028-11-24"), 2, false),
            (held(3, "2028-11-24"), 2, false),
        ];
        for (h, major, expected) in table {
            assert_eq!(
                needs_certificate(h, major, today),
                expected,
                "{h:?} {major}"
            );
        }
    }

    #[test]
    fn fresh_evidence_table() {
        let today = d("2026-11-25");
        let t = |s: &str| {
            NaiveDateTime::parse_from_str(&format!("{s} 08:00:00"), "%Y-%m-%d %H:%M:%S").unwrap()
        };
        let standing = |ends: &str| {
            Some(Held {
                version_number: 1,
                ends_on: d(ends),
            })
        };
        let latest = |held, issued: &str, revoked: Option<&str>| {
            Some(Latest {
                held,
                issued_at: t(issued),
                revoked_at: revoked.map(t),
            })
        };
        // (latest certificate, latest major, attempts must start after)
        let table = [
            (None, 1, None),
            // a standing certificate needs nothing: history stands as it is
            (latest(standing("2028-01-01"), "2026-01-01", None), 1, None),
            // due for renewal, or a refresher: only attempts after the issue count
            (
                latest(standing("2026-12-01"), "2024-12-02", None),
                1,
                Some(t("2024-12-02")),
            ),
            (
                latest(standing("2028-01-01"), "2026-01-01", None),
                2,
                Some(t("2026-01-01")),
            ),
            // expired or revoked: after the issue, and after the revocation
            (latest(None, "2024-01-01", None), 1, Some(t("2024-01-01"))),
            (
                latest(None, "2026-01-01", Some("2026-06-01")),
                1,
                Some(t("2026-06-01")),
            ),
        ];
        for (l, major, expected) in table {
            assert_eq!(fresh_after(l, major, today), expected, "{l:?} {major}");
        }
    }

    #[test]
    fn validity_and_numbering() {
        assert_eq!(valid_until(d("2026-11-25"), 24), d("2028-11-24"));
        assert_eq!(valid_until(d("2026-01-31"), 1), d("2026-02-27"));
        assert_eq!(valid_until(d("2024-02-29"), 12), d("2025-02-27"));
        assert_eq!(ends_on(d("2028-11-24"), None), d("2028-11-24"));
        assert_eq!(
            ends_on(d("2028-11-24"), Some(d("2027-02-23"))),
            d("2027-02-23")
        );
        assert_eq!(
            ends_on(d("2027-01-01"), Some(d("2027-02-23"))),
            d("2027-01-01")
        );
        assert_eq!(certificate_number(d("2026-11-25"), 123), "ZY-2026-000123");
        let day = d("2028-11-24");
        assert_eq!(from_day_number(day_number(day)), day);
        assert_eq!(day_number(day) - day_number(d("2028-11-23")), 1);
        assert_eq!(check_cert_months(" 36 "), Ok(36));
        for bad in ["0", "121", "", "两年", "-3"] {
            assert!(
                check_cert_months(bad).unwrap_err().contains("1–120"),
                "{bad}"
            );
        }
        assert_eq!(
            certificate_number(d("2027-01-01"), 1234567),
            "ZY-2027-1234567"
        );
    }

    #[test]
    fn state_table_with_the_last_day_boundary() {
        let ends = d("2026-12-31");
        let table = [
            ("active", "2026-10-01", CertState::Active),
            ("active", "2026-11-01", CertState::Expiring),
            // the whole last day still counts: 23:59 CST on the 31st is "2026-12-31"
            ("active", "2026-12-31", CertState::Expiring),
            // and 00:00 CST on the 1st is the next day
            ("active", "2027-01-01", CertState::Expired),
            ("revoked", "2026-10-01", CertState::Revoked),
            ("superseded", "2026-10-01", CertState::Superseded),
            ("expired", "2026-10-01", CertState::Expired),
        ];
        for (status, today, expected) in table {
            assert_eq!(state(status, ends, d(today)), expected, "{status} {today}");
        }
        assert!(CertState::Expiring.is_valid());
        assert!(!CertState::Revoked.is_valid());
    }

    #[test]
    fn cst_day_boundary_decides_expiry() {
        use crate::domain::cst::{date_of, parse_local};
        let ends = d("2026-12-31");
        let last_minute = date_of(parse_local("2026-12-31T23:59").unwrap());
        let midnight = date_of(parse_local("2027-01-01T00:00").unwrap());
        assert!(state("active", ends, last_minute).is_valid());
        assert_eq!(state("active", ends, midnight), CertState::Expired);
    }

    #[test]
    fn reminder_table() {
        let ends = d("2027-01-31");
        let table = [
            ("2026-11-01", None, None),
            ("2026-12-02", None, Some(60)),
            ("2026-12-10", Some(60), None),
            ("2027-01-01", Some(60), Some(30)),
            ("2027-01-01", Some(30), None),
            ("2027-01-24", Some(30), Some(7)),
            ("2027-01-31", Some(7), None),
            // a late run sends only the nearest reminder
            ("2027-01-25", None, Some(7)),
            ("2027-02-01", None, None),
        ];
        for (today, sent, expected) in table {
            assert_eq!(
                reminder_due(ends, d(today), sent),
                expected,
                "{today} {sent:?}"
            );
        }
    }
}
