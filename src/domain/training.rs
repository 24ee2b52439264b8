//! The leave rules (请销假), attendance and check-in windows, make-ups (补训) and the
//! disqualification for unexcused absences (旷训). Pure functions with table tests.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingRules {
    /// Sick leave may still be asked for this long after a session starts.
    pub sick_leave_grace: Duration,
    /// After the leave's last day, the worker must report back within this many days.
    pub report_back_days: i64,
    /// Checked in this long after the start counts as late.
    pub late_after: Duration,
    /// The check-in code is accepted from this long before the start.
    pub checkin_opens_before: Duration,
    /// This many unexcused absences in one item's required sessions disqualify.
    pub absences_to_disqualify: u32,
}

impl Default for TrainingRules {
    fn default() -> Self {
        Self {
            sick_leave_grace: Duration::hours(24),
            report_back_days: 3,
            late_after: Duration::minutes(10),
            checkin_opens_before: Duration::minutes(15),
            absences_to_disqualify: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveKind {
    Sick,
    Personal,
    Official,
}

impl LeaveKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sick" => Some(Self::Sick),
            "personal" => Some(Self::Personal),
            "official" => Some(Self::Official),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sick => "sick",
            Self::Personal => "personal",
            Self::Official => "official",
        }
    }
    /// The catalog key of the label (病假, 事假, 公假).
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Sick => "leave-kind-sick",
            Self::Personal => "leave-kind-personal",
            Self::Official => "leave-kind-official",
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
}

/// May leave of this kind still be asked for a session starting at `starts_at`?
/// Err carries the rule, in words, for the refusal message.
pub fn leave_deadline(
    rules: &TrainingRules,
    kind: LeaveKind,
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), Msg> {
    if now < starts_at {
        return Ok(());
    }
    match kind {
        LeaveKind::Sick if now <= starts_at + rules.sick_leave_grace => Ok(()),
        LeaveKind::Sick => Err(Msg::key("training-sick-leave-too-late")
            .arg("hours", rules.sick_leave_grace.num_hours())),
        _ => Err(Msg::key("training-leave-after-start")),
    }
}

/// The leave's dates must be a real range covering the sessions it is for.
pub fn check_leave_dates(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    session_days: &[NaiveDate],
) -> Result<(), Msg> {
    if ends_on < starts_on {
        return Err(Msg::key("training-leave-dates-reversed").on("ends_on"));
    }
    if (ends_on - starts_on).num_days() > 90 {
        return Err(Msg::key("training-leave-too-long").on("ends_on"));
    }
    if let Some(day) = session_days
        .iter()
        .find(|d| **d < starts_on || **d > ends_on)
    {
        return Err(Msg::key("training-session-outside-leave")
            .arg("day", *day)
            .on("session"));
    }
    Ok(())
}

/// When the report-back (销假) is due: the end of the n-th day after the leave's last day.
pub fn report_back_due(rules: &TrainingRules, ends_on: NaiveDate) -> NaiveDate {
    ends_on + Duration::days(rules.report_back_days)
}

/// An approved leave not reported back by its due date is overdue. `today` is the date in
/// China Standard Time.
pub fn report_back_overdue(
    rules: &TrainingRules,
    ends_on: NaiveDate,
    reported: bool,
    today: NaiveDate,
) -> bool {
    !reported && today > report_back_due(rules, ends_on)
}

/// Reporting back is possible once the leave's last day has begun.
pub fn may_report_back(starts_on: NaiveDate, today: NaiveDate) -> bool {
    today >= starts_on
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckIn {
    OnTime,
    Late,
    TooEarly,
    Over,
}

pub fn checkin_window(
    rules: &TrainingRules,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    now: NaiveDateTime,
) -> CheckIn {
    if now < starts_at - rules.checkin_opens_before {
        CheckIn::TooEarly
    } else if now > ends_at {
        CheckIn::Over
    } else if now > starts_at + rules.late_after {
        CheckIn::Late
    } else {
        CheckIn::OnTime
    }
}

/// Present or late: checked in, or marked so by the trainer; nothing is left to check in.
pub fn has_attended(status: &str) -> bool {
    matches!(status, "present" | "late")
}

/// Where a session's check-in stands, as its page explains it: a closed or cancelled
/// session says so, whatever the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinState {
    Open,
    NotYet,
    TimeOver,
    Closed,
    Cancelled,
}

impl CheckinState {
    /// `status` is the session's (scheduled, closed or cancelled).
    pub fn of(status: &str, window: CheckIn) -> Self {
        match (status, window) {
            ("closed", _) => Self::Closed,
            ("cancelled", _) => Self::Cancelled,
            (_, CheckIn::TooEarly) => Self::NotYet,
            (_, CheckIn::Over) => Self::TimeOver,
            _ => Self::Open,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::NotYet => "not_yet",
            Self::TimeOver => "time_over",
            Self::Closed => "closed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// What one required session of an item meant for a worker, in time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Present or late.
    Attended,
    /// Absent with approved leave.
    Excused,
    /// Absent without approved leave (旷训).
    Absent,
    /// Enrolled in a session that has not been closed yet.
    Enrolled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Standing {
    /// Excused absences not yet made up by attending a later required session.
    pub open_makeups: u32,
    pub unexcused: u32,
    /// Too many unexcused absences, and no later session to make them good.
    pub disqualified: bool,
}

/// Folds one worker's required-session outcomes for one item, oldest first.
pub fn standing(rules: &TrainingRules, outcomes: &[Outcome]) -> Standing {
    let mut s = Standing::default();
    let mut absent_since_last_enrolment = 0;
    for o in outcomes {
        match o {
            Outcome::Attended => {
                s.open_makeups = 0;
                absent_since_last_enrolment = 0;
            }
            Outcome::Excused => s.open_makeups += 1,
            Outcome::Absent => {
                s.unexcused += 1;
                absent_since_last_enrolment += 1;
            }
            // enrolling again in a later session clears a disqualification
            Outcome::Enrolled => absent_since_last_enrolment = 0,
        }
    }
    s.disqualified = s.unexcused >= rules.absences_to_disqualify && absent_since_last_enrolment > 0;
    s
}

/// On closing a session: an unmarked worker becomes excused with approved leave, else absent.
pub fn status_on_close(current: &str, approved_leave: bool) -> &'static str {
    match current {
        "present" => "present",
        "late" => "late",
        "excused" => "excused",
        "absent" => "absent",
        _ if approved_leave => "excused",
        _ => "absent",
    }
}

/// Whether another worker fits.
pub fn has_room(capacity: u32, enrolled: u32, adding: u32) -> Result<(), Msg> {
    if enrolled + adding > capacity {
        Err(Msg::key("training-no-room")
            .arg("capacity", capacity)
            .arg("enrolled", enrolled)
            .arg("adding", adding))
    } else {
        Ok(())
    }
}

/// A rejected leave must say why, so the worker knows what to change.
pub fn check_decision(approve: bool, comment: &str) -> Result<(), Msg> {
    if !approve && comment.trim().is_empty() {
        Err(Msg::key("training-reject-needs-comment"))
    } else {
        Ok(())
    }
}

/// What a session needs before it can be scheduled.
pub fn check_session(
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    place: &str,
    online_link: &str,
    capacity: i32,
    items: usize,
) -> Result<(), Msg> {
    if ends_at <= starts_at {
        return Err(Msg::key("training-session-ends-too-early").on("ends_at"));
    }
    if place.trim().is_empty() && online_link.trim().is_empty() {
        return Err(Msg::key("training-session-no-place").on("place"));
    }
    if !(1..=2000).contains(&capacity) {
        return Err(Msg::key("training-session-bad-capacity").on("capacity"));
    }
    if items == 0 {
        return Err(Msg::key("training-session-no-items").on("item"));
    }
    Ok(())
}

/// Attendance counts for a report line.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Tally {
    pub enrolled: u32,
    pub present: u32,
    pub late: u32,
    pub excused: u32,
    pub absent: u32,
    pub unmarked: u32,
    /// Attended (present or late) as a percentage of the marked enrolments; None before any.
    pub rate: Option<f64>,
}

pub fn tally<'a>(statuses: impl IntoIterator<Item = &'a str>) -> Tally {
    let mut t = Tally::default();
    for s in statuses {
        t.enrolled += 1;
        match s {
            "present" => t.present += 1,
            "late" => t.late += 1,
            "excused" => t.excused += 1,
            "absent" => t.absent += 1,
            _ => t.unmarked += 1,
        }
    }
    let marked = t.enrolled - t.unmarked;
    t.rate =
        (marked > 0).then(|| ((t.present + t.late) as f64 / marked as f64 * 1000.0).round() / 10.0);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + Duration::hours(h)
    }
    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn leave_deadline_table() {
        let r = TrainingRules::default();
        use LeaveKind::*;
        // (kind, session start hour, now hour, allowed)
        let table = [
            (Personal, 10, 9, true),
            (Personal, 10, 10, false),
            (Official, 10, 11, false),
            (Sick, 10, 9, true),
            (Sick, 10, 20, true),
            (Sick, 10, 34, true),
            (Sick, 10, 35, false),
        ];
        for (kind, start, now, ok) in table {
            assert_eq!(
                leave_deadline(&r, kind, t(start), t(now)).is_ok(),
                ok,
                "{kind:?} {start} {now}"
            );
        }
        let short = TrainingRules {
            sick_leave_grace: Duration::hours(2),
            ..r
        };
        assert!(leave_deadline(&short, Sick, t(10), t(13))
            .unwrap_err()
            .contains("2 小时"));
    }

    #[test]
    fn leave_dates_table() {
        assert!(check_leave_dates(d(1), d(3), &[d(2)]).is_ok());
        assert!(check_leave_dates(d(3), d(1), &[])
            .unwrap_err()
            .contains("不能早于"));
        assert!(check_leave_dates(d(1), d(2), &[d(5)])
            .unwrap_err()
            .contains("不在请假日期之内"));
    }

    #[test]
    fn report_back_table() {
        let r = TrainingRules::default();
        // leave ends on the 3rd: due by the end of the 6th
        let table = [
            (d(5), false, false),
            (d(6), false, false),
            (d(7), false, true),
            (d(9), true, false),
        ];
        for (today, reported, overdue) in table {
            assert_eq!(
                report_back_overdue(&r, d(3), reported, today),
                overdue,
                "{today} {reported}"
            );
        }
        assert!(may_report_back(d(3), d(3)));
        assert!(!may_report_back(d(3), d(2)));
    }

    #[test]
    fn checkin_window_table() {
        let r = TrainingRules::default();
        let start = t(10);
        let end = t(12);
        let table = [
            (start - Duration::minutes(16), CheckIn::TooEarly),
            (start - Duration::minutes(15), CheckIn::OnTime),
            (start + Duration::minutes(10), CheckIn::OnTime),
            (start + Duration::minutes(11), CheckIn::Late),
            (end, CheckIn::Late),
            (end + Duration::minutes(1), CheckIn::Over),
        ];
        for (now, expected) in table {
            assert_eq!(checkin_window(&r, start, end, now), expected, "{now}");
        }
    }

    #[test]
    fn a_closed_or_cancelled_session_says_so_whatever_the_time() {
        use CheckIn::*;
        let table = [
            ("scheduled", TooEarly, CheckinState::NotYet),
            ("scheduled", OnTime, CheckinState::Open),
            ("scheduled", Late, CheckinState::Open),
            ("scheduled", Over, CheckinState::TimeOver),
            ("closed", Late, CheckinState::Closed),
            ("closed", Over, CheckinState::Closed),
            ("cancelled", TooEarly, CheckinState::Cancelled),
            ("cancelled", OnTime, CheckinState::Cancelled),
        ];
        for (status, window, expected) in table {
            assert_eq!(
                CheckinState::of(status, window),
                expected,
                "{status} {window:?}"
            );
        }
    }

    #[test]
    fn makeup_and_disqualification_table() {
        let r = TrainingRules::default();
        use Outcome::*;
        let table: Vec<(Vec<Outcome>, Standing)> = vec![
            (vec![], Standing::default()),
            (
                vec![Excused],
                Standing {
                    open_makeups: 1,
                    unexcused: 0,
                    disqualified: false,
                },
            ),
            (
                vec![Excused, Attended],
                Standing {
                    open_makeups: 0,
                    unexcused: 0,
                    disqualified: false,
                },
            ),
            (
                vec![Excused, Enrolled],
                Standing {
                    open_makeups: 1,
                    unexcused: 0,
                    disqualified: false,
                },
            ),
            (
                vec![Absent],
                Standing {
                    open_makeups: 0,
                    unexcused: 1,
                    disqualified: false,
                },
            ),
            (
                vec![Absent, Absent],
                Standing {
                    open_makeups: 0,
                    unexcused: 2,
                    disqualified: true,
                },
            ),
            (
                vec![Absent, Absent, Enrolled],
                Standing {
                    open_makeups: 0,
                    unexcused: 2,
                    disqualified: false,
                },
            ),
            (
                vec![Absent, Absent, Enrolled, Absent],
                Standing {
                    open_makeups: 0,
                    unexcused: 3,
                    disqualified: true,
                },
            ),
            (
                vec![Absent, Attended, Absent],
                Standing {
                    open_makeups: 0,
                    unexcused: 2,
                    disqualified: true,
                },
            ),
        ];
        for (outcomes, expected) in table {
            assert_eq!(standing(&r, &outcomes), expected, "{outcomes:?}");
        }
        let strict = TrainingRules {
            absences_to_disqualify: 1,
            ..r
        };
        assert!(standing(&strict, &[Absent]).disqualified);
    }

    #[test]
    fn decision_and_session_checks() {
        assert!(check_decision(true, "").is_ok());
        assert!(check_decision(false, "  ").unwrap_err().contains("驳回"));
        assert!(check_decision(false, "材料不全").is_ok());
        let table = [
            (10, 12, "会议室", "", 30, 1, None),
            (12, 10, "会议室", "", 30, 1, Some("结束时间")),
            (10, 12, "", "", 30, 1, Some("地点")),
            (10, 12, "", "https://meeting", 30, 1, None),
            (10, 12, "会议室", "", 0, 1, Some("容量")),
            (10, 12, "会议室", "", 30, 0, Some("事项")),
        ];
        for (start, end, place, link, cap, items, problem) in table {
            let got = check_session(t(start), t(end), place, link, cap, items);
            match problem {
                None => assert!(got.is_ok(), "{got:?}"),
                Some(words) => assert!(got.unwrap_err().contains(words)),
            }
        }
    }

    #[test]
    fn tally_table() {
        let t = tally(["present", "late", "excused", "absent", "unmarked"]);
        assert_eq!(
            (t.enrolled, t.present, t.late, t.excused, t.absent, t.unmarked),
            (5, 1, 1, 1, 1, 1)
        );
        assert_eq!(t.rate, Some(50.0));
        assert_eq!(tally([]).rate, None);
        assert_eq!(tally(["present", "present", "absent"]).rate, Some(66.7));
    }

    #[test]
    fn close_and_capacity_table() {
        for (current, leave, expected) in [
            ("unmarked", false, "absent"),
            ("unmarked", true, "excused"),
            ("present", false, "present"),
            ("late", true, "late"),
            ("absent", true, "absent"),
        ] {
            assert_eq!(
                status_on_close(current, leave),
                expected,
                "{current} {leave}"
            );
        }
        assert!(has_room(30, 28, 2).is_ok());
        assert!(has_room(30, 29, 2).unwrap_err().contains("名额不足"));
    }
}
