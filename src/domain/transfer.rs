//! Transfers (抽调 / 调整): what a town may ask for, and the assignment rows an approval
//! writes. The plan: "不得随意抽调其从事其他方面工作，如需抽调须报市委组织部同意", and a
//! town may replace zone staff who cannot do the job ("对无法胜任的可予以调整").

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::handling::Level;
use crate::domain::staffing::{labelled_enum, Position, Posting};
use crate::i18n::Msg;

labelled_enum! {
    TransferKind {
        Move => "move", "transfer-kind-move",
        Secondment => "secondment", "transfer-kind-secondment",
        Replacement => "replacement", "transfer-kind-replacement",
        Departure => "departure", "transfer-kind-departure",
    }
}

labelled_enum! {
    TransferStatus {
        Pending => "pending", "transfer-status-pending",
        Approved => "approved", "transfer-status-approved",
        Rejected => "rejected", "transfer-status-rejected",
        Withdrawn => "withdrawn", "transfer-status-withdrawn",
    }
}

/// How far ahead a request may be dated.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// The worker's place today, as a request starts from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub center_id: i32,
    pub town_id: i32,
    pub level: Level,
    pub position: Position,
    pub posting: Posting,
}

/// What the manager typed, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: TransferKind,
    /// For a move: the center and position the worker goes to.
    pub to: Option<(i32, i32, Position)>,
    /// The other work of a secondment, or where a leaver goes.
    pub destination: String,
    pub reason: String,
    pub starts_on: NaiveDate,
    /// The last day of a secondment; None when open-ended.
    pub ends_on: Option<NaiveDate>,
}

/// Checks a request against the worker's place, with a message that says what to fix.
/// `history_from` is the start of the worker's latest history row; while it lies ahead,
/// no new request is taken.
pub fn check_request(
    r: &Request,
    from: &Place,
    today: NaiveDate,
    history_from: NaiveDate,
) -> Result<(), Msg> {
    let reason = r.reason.trim();
    if reason.is_empty() {
        return Err(Msg::key("transfer-reason-missing").on("reason"));
    }
    if reason.chars().count() > 500 {
        return Err(Msg::key("transfer-reason-too-long").on("reason"));
    }
    if r.destination.chars().count() > 200 {
        return Err(Msg::key("transfer-destination-too-long").on("destination"));
    }
    if from.posting == Posting::Departed {
        return Err(Msg::key("transfer-worker-departed"));
    }
    if r.starts_on < today {
        return Err(Msg::key("transfer-starts-before-today").on("starts_on"));
    }
    if (r.starts_on - today).num_days() > MAX_DAYS_AHEAD {
        return Err(Msg::key("transfer-starts-too-far").on("starts_on"));
    }
    // a change approved for a later day must take effect first: the request starts from
    // the worker's place, and that place is not final until then
    if history_from > today {
        return Err(Msg::key("transfer-pending-from").arg("date", history_from));
    }
    if r.ends_on.is_some() && r.kind != TransferKind::Secondment {
        return Err(Msg::key("transfer-end-only-secondment").on("ends_on"));
    }
    match r.kind {
        TransferKind::Move => {
            let Some((center, town, position)) = r.to else {
                return Err(Msg::key("transfer-choose-center").on("to_center"));
            };
            if town != from.town_id {
                return Err(Msg::key("transfer-other-town").on("to_center"));
            }
            if center == from.center_id && position == from.position {
                return Err(Msg::key("transfer-same-place").on("to_center"));
            }
        }
        TransferKind::Secondment => {
            if r.destination.trim().is_empty() {
                return Err(Msg::key("transfer-secondment-work-missing").on("destination"));
            }
            if from.posting == Posting::Seconded {
                return Err(Msg::key("transfer-already-seconded"));
            }
            if let Some(end) = r.ends_on {
                if end < r.starts_on {
                    return Err(Msg::key("transfer-secondment-ends-early").on("ends_on"));
                }
            }
        }
        TransferKind::Replacement => {
            if from.level != Level::Zone {
                return Err(Msg::key("transfer-replacement-zone-only").on("kind"));
            }
        }
        TransferKind::Departure => {}
    }
    if r.kind != TransferKind::Move && r.to.is_some() {
        return Err(Msg::key("transfer-center-only-move").on("to_center"));
    }
    Ok(())
}

/// An approval takes effect on the requested day, or on the decision day when that is
/// later: history is never rewritten backwards.
pub fn effective_from(starts_on: NaiveDate, decided_on: NaiveDate) -> NaiveDate {
    starts_on.max(decided_on)
}

/// A rejection needs a reason the town can act on; an approval's comment is optional.
pub fn check_decision(approve: bool, comment: &str) -> Result<(), Msg> {
    if comment.chars().count() > 500 {
        return Err(Msg::key("transfer-comment-too-long"));
    }
    if !approve && comment.trim().is_empty() {
        return Err(Msg::key("transfer-reject-needs-comment"));
    }
    Ok(())
}

/// One history row an approval writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub center_id: i32,
    pub position: Position,
    pub posting: Posting,
    pub valid_from: NaiveDate,
    pub cause: &'static str,
}

/// The history rows an approved request writes, in date order. A secondment with an end
/// date also writes the return to the window the day after it ends.
pub fn segments(r: &Request, from: &Place, effective: NaiveDate) -> Vec<Segment> {
    let stay = |posting, cause| Segment {
        center_id: from.center_id,
        position: from.position,
        posting,
        valid_from: effective,
        cause,
    };
    match r.kind {
        TransferKind::Move => {
            let (center_id, _, position) = r.to.unwrap_or((from.center_id, 0, from.position));
            vec![Segment {
                center_id,
                position,
                posting: Posting::Serving,
                valid_from: effective,
                cause: "move",
            }]
        }
        TransferKind::Secondment => {
            let mut out = vec![stay(Posting::Seconded, "secondment")];
            // a secondment approved after its planned end returns nobody: it never began
            if let Some(back) = r.ends_on.and_then(|e| e.succ_opt()) {
                if back > effective {
                    out.push(Segment {
                        valid_from: back,
                        ..stay(Posting::Serving, "return")
                    });
                } else {
                    out.clear();
                }
            }
            out
        }
        TransferKind::Replacement => vec![stay(Posting::Departed, "replacement")],
        TransferKind::Departure => vec![stay(Posting::Departed, "departure")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn zone() -> Place {
        Place {
            center_id: 10,
            town_id: 1,
            level: Level::Zone,
            position: Position::Window,
            posting: Posting::Serving,
        }
    }

    fn town_center() -> Place {
        Place {
            center_id: 1,
            level: Level::Town,
            ..zone()
        }
    }

    fn req(kind: TransferKind) -> Request {
        Request {
            kind,
            to: None,
            destination: String::new(),
            reason: "工作需要".into(),
            starts_on: d("2026-12-01"),
            ends_on: None,
        }
    }

    const TODAY: &str = "2026-11-25";

    fn check(r: &Request, from: &Place) -> Result<(), Msg> {
        check_request(r, from, d(TODAY), d("2025-01-01"))
    }

    #[test]
    fn requests_are_checked() {
        let moved = Request {
            to: Some((11, 1, Position::Window)),
            ..req(TransferKind::Move)
        };
        let seconded = Request {
            destination: "镇疫情防控专班".into(),
            ends_on: Some(d("2027-02-28")),
            ..req(TransferKind::Secondment)
        };
        let cases: Vec<(Request, Place, Option<&str>)> = vec![
            (moved.clone(), zone(), None),
            (seconded.clone(), zone(), None),
            (req(TransferKind::Departure), town_center(), None),
            (req(TransferKind::Replacement), zone(), None),
            (
                req(TransferKind::Replacement),
                town_center(),
                Some("只适用于党建融合发展区"),
            ),
            (req(TransferKind::Move), zone(), Some("请选择调往的中心")),
            (
                Request {
                    to: Some((11, 2, Position::Window)),
                    ..req(TransferKind::Move)
                },
                zone(),
                Some("只能调往本镇"),
            ),
            (
                Request {
                    to: Some((10, 1, Position::Window)),
                    ..req(TransferKind::Move)
                },
                zone(),
                Some("与现在相同"),
            ),
            (
                Request {
                    to: Some((10, 1, Position::Specialised)),
                    ..req(TransferKind::Move)
                },
                zone(),
                None,
            ),
            (
                req(TransferKind::Secondment),
                zone(),
                Some("抽调去从事的工作"),
            ),
            (
                Request {
                    ends_on: Some(d("2026-11-30")),
                    ..seconded.clone()
                },
                zone(),
                Some("结束日期不能早于"),
            ),
            (
                Request {
                    ends_on: Some(d("2026-12-30")),
                    ..req(TransferKind::Departure)
                },
                zone(),
                Some("只有抽调"),
            ),
            (
                Request {
                    starts_on: d("2026-11-24"),
                    ..req(TransferKind::Departure)
                },
                zone(),
                Some("不能早于今天"),
            ),
            (
                Request {
                    starts_on: d("2028-01-01"),
                    ..req(TransferKind::Departure)
                },
                zone(),
                Some("一年之内"),
            ),
            (
                Request {
                    reason: " ".into(),
                    ..req(TransferKind::Departure)
                },
                zone(),
                Some("调整理由"),
            ),
            (
                req(TransferKind::Departure),
                Place {
                    posting: Posting::Departed,
                    ..zone()
                },
                Some("已离岗"),
            ),
            (
                seconded.clone(),
                Place {
                    posting: Posting::Seconded,
                    ..zone()
                },
                Some("正在抽调中"),
            ),
        ];
        for (r, from, want) in cases {
            let got = check(&r, &from);
            match want {
                None => assert!(got.is_ok(), "{r:?}: {got:?}"),
                Some(text) => {
                    let e = got.expect_err(text);
                    assert!(e.contains(text), "{r:?}: {e}");
                }
            }
        }
    }

    #[test]
    fn problems_name_the_field_to_fix() {
        let cases = [
            (
                Request {
                    reason: " ".into(),
                    ..req(TransferKind::Departure)
                },
                Some("reason"),
            ),
            (req(TransferKind::Move), Some("to_center")),
            (req(TransferKind::Secondment), Some("destination")),
            (
                Request {
                    starts_on: d("2026-11-24"),
                    ..req(TransferKind::Departure)
                },
                Some("starts_on"),
            ),
            (
                Request {
                    ends_on: Some(d("2026-12-30")),
                    ..req(TransferKind::Departure)
                },
                Some("ends_on"),
            ),
        ];
        for (r, field) in cases {
            assert_eq!(check(&r, &zone()).unwrap_err().field(), field, "{r:?}");
        }
        // a problem with the worker, not the form, names no field
        let departed = Place {
            posting: Posting::Departed,
            ..zone()
        };
        let e = check(&req(TransferKind::Departure), &departed).unwrap_err();
        assert_eq!(e.field(), None);
    }

    #[test]
    fn a_change_still_ahead_blocks_new_requests_until_its_day() {
        let r = req(TransferKind::Departure);
        let later = d("2026-12-10");
        let e = check_request(&r, &zone(), d(TODAY), later).unwrap_err();
        assert!(e.contains("2026年12月10日"), "{e}");
        assert_eq!(e.key_name(), Some("transfer-pending-from"));
        assert_eq!(
            e.in_lang("en"),
            "This worker already has a change taking effect on 2026-12-10; please file a new request after that day."
        );
        assert_eq!(TransferKind::Move.label(), "调动到其他中心或岗位");
        assert_eq!(
            TransferStatus::Pending.label_in("en"),
            "awaiting Organization Department approval"
        );
        assert!(check_request(&r, &zone(), d(TODAY), d(TODAY)).is_ok());
    }

    #[test]
    fn approval_never_backdates() {
        assert_eq!(
            effective_from(d("2026-12-01"), d("2026-11-25")),
            d("2026-12-01")
        );
        assert_eq!(
            effective_from(d("2026-12-01"), d("2026-12-05")),
            d("2026-12-05")
        );
    }

    #[test]
    fn decisions() {
        assert!(check_decision(true, "").is_ok());
        assert!(check_decision(false, "").is_err());
        assert!(check_decision(false, "人员不足，暂缓").is_ok());
        assert!(check_decision(true, &"长".repeat(501)).is_err());
    }

    #[test]
    fn segments_per_kind() {
        let eff = d("2026-12-01");
        let moved = Request {
            to: Some((11, 1, Position::Specialised)),
            ..req(TransferKind::Move)
        };
        let s = segments(&moved, &zone(), eff);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].center_id, s[0].position, s[0].posting, s[0].cause),
            (11, Position::Specialised, Posting::Serving, "move")
        );

        let seconded = Request {
            destination: "专班".into(),
            ends_on: Some(d("2027-02-28")),
            ..req(TransferKind::Secondment)
        };
        let s = segments(&seconded, &zone(), eff);
        assert_eq!(
            s.iter()
                .map(|x| (x.posting, x.valid_from, x.cause))
                .collect::<Vec<_>>(),
            vec![
                (Posting::Seconded, eff, "secondment"),
                (Posting::Serving, d("2027-03-01"), "return"),
            ]
        );
        let open = Request {
            ends_on: None,
            ..seconded.clone()
        };
        assert_eq!(segments(&open, &zone(), eff).len(), 1);
        // decided after the secondment would have ended: nothing happens
        assert!(segments(&seconded, &zone(), d("2027-03-05")).is_empty());

        for kind in [TransferKind::Departure, TransferKind::Replacement] {
            let s = segments(&req(kind), &zone(), eff);
            assert_eq!(
                (s.len(), s[0].posting, s[0].center_id),
                (1, Posting::Departed, 10)
            );
        }
    }
}
