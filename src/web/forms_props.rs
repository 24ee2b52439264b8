//! Property tests of the form decoders: every struct a handler decodes from a url-encoded
//! body (`CsrfForm<T>`, `web::Query<T>`) and the functions that read multi-value forms.
//!
//! - decoding arbitrary bytes, or bodies made of the forms' own field names with bad
//!   values, never panics;
//! - `decode_form` (what `CsrfForm` uses) either succeeds or names the field at fault;
//! - the readers of `Vec<(String, String)>` forms never panic and keep within bounds, and
//!   the leave form's and the zone selection's problems are put on a field of the form.

use proptest::prelude::*;
use serde::de::DeserializeOwned;

use super::session::decode_form;
use super::{
    account, admin_users, api, attendance, auth, centers, certificates, course_author, course_view,
    items, language, roster, sessions, training_admin, transfers,
};

const CASES: u32 = 256;

/// Field names of the forms, plus ones no form has.
const NAMES: &[&str] = &[
    "session",
    "user_id",
    "page",
    "per_page",
    "version",
    "code",
    "title",
    "password",
    "next",
    "role",
    "status",
    "town",
    "zone",
    "item",
    "shown",
    "q0",
    "q1",
    "_csrf",
    "x",
    "",
    "kind",
    "reason",
    "starts_on",
    "ends_on",
];
const VALUES: &[&str] = &[
    "",
    "1",
    "-5",
    "0",
    "abc",
    "1.5",
    "99999999999",
    "%FF",
    "%E9%A2%98",
    "+",
    "题",
    "true",
    "%00",
    "=",
    "&",
    "personal",
    "2026-11-25",
    "2026-02-30",
];

fn body() -> impl Strategy<Value = Vec<u8>> {
    let pair = (prop::sample::select(NAMES), prop::sample::select(VALUES))
        .prop_map(|(k, v)| format!("{k}={v}"));
    prop_oneof![
        3 => prop::collection::vec(pair, 0..6).prop_map(|p| p.join("&").into_bytes()),
        1 => any::<Vec<u8>>(),
        1 => any::<String>().prop_map(String::into_bytes),
    ]
}

/// Decodes `body` as `T`: fine, or an error that names a field of the body.
fn names_the_field<T: DeserializeOwned>(body: &[u8]) -> Result<(), TestCaseError> {
    if let Err(msg) = decode_form::<T>(body) {
        let shown = msg.to_string();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        prop_assert!(
            pairs.iter().any(|(k, _)| shown.contains(&format!("`{k}`"))),
            "{} does not name a field of {:?}",
            shown,
            String::from_utf8_lossy(body)
        );
    }
    Ok(())
}

macro_rules! every_form {
    ($body:expr; $($t:ty),* $(,)?) => {{
        $( names_the_field::<$t>($body)?; )*
    }};
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn every_form_decodes_or_names_the_field(body in body()) {
        every_form!(&body;
            account::ChangePassword,
            admin_users::ListQuery, admin_users::NewUserForm, admin_users::ActiveForm,
            admin_users::PasswordForm, admin_users::RoleForm, admin_users::AuditQuery,
            api::PageParams,
            attendance::CheckinQuery, attendance::CheckinForm, attendance::Empty,
            auth::NextQuery, auth::LoginForm, auth::Empty,
            centers::ZoneForm,
            crate::domain::pagination::PageQuery,
            certificates::ListQuery, certificates::RevokeForm,
            course_author::Empty, course_author::SettingsForm, course_author::GiftForm,
            course_author::ModuleForm, course_author::PublishForm,
            course_view::AnalysisQuery,
            items::ListQuery,
            language::LanguageForm,
            learn_empty::Empty,
            roster::RosterQuery, roster::NewStaffForm, roster::ContactForm,
            roster::CorrectionForm, roster::MinimumsForm,
            sessions::SessionForm, sessions::Empty, sessions::EnrolForm, sessions::MarkForm,
            training_admin::DecideForm, training_admin::ReportQuery,
            training_admin::OutboxQuery, training_admin::Empty,
            transfers::ListQuery, transfers::TransferForm, transfers::NewQuery,
            transfers::DecisionForm,
            Vec<(String, String)>,
        );
    }

    #[test]
    fn multi_value_forms_are_read_without_panics(body in body()) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        let (_, codes) = sessions::parse_form(&pairs);
        prop_assert_eq!(codes.len(), pairs.iter().filter(|(k, _)| k == "item").count());
        for name in ["town", "zone", "cert_months"] {
            let v = super::session::form_value(&pairs, name);
            let _ = crate::domain::handling::check_threshold(&v);
            let _ = crate::domain::certification::check_cert_months(&v);
        }
        // the leave form: read, then checked; a problem is put on one of its fields
        let leave = attendance::LeaveForm::read(&pairs);
        prop_assert_eq!(leave.session_ids.len(), pairs.iter().filter(|(k, v)| k == "session" && v.parse::<i32>().is_ok()).count());
        if let Err(msg) = leave.check() {
            prop_assert!(
                matches!(msg.field(), Some("session" | "kind" | "starts_on" | "ends_on" | "reason")),
                "leave: {} is on no field ({:?})", msg, msg.field()
            );
        }
        // the zone selection: every ticked item is an id, or the problem is on `item`
        match super::handling::selected_items(&pairs) {
            Ok(ids) => prop_assert_eq!(ids.len(), pairs.iter().filter(|(k, _)| k == "item").count()),
            Err(msg) => prop_assert_eq!(msg.field(), Some("item")),
        }
        let slots = slots();
        let got = super::attempts::responses_from_form(&pairs, &slots);
        for (pos, response) in got {
            let (slot, q) = slots.iter().find(|(s, _)| s.position == pos).unwrap();
            prop_assert!(pairs.iter().any(|(k, v)| k == "shown" && *v == pos.to_string()));
            if let crate::domain::quiz::Response::Choices(picked) = response {
                prop_assert!(picked.iter().all(|&i| i < slot.order().len()), "{:?} for {}", picked, q.title);
            }
        }
    }
}

mod learn_empty {
    pub use super::super::learn::Empty;
}

fn slots() -> Vec<(
    crate::store::attempts::SlotRow,
    crate::domain::quiz::Question,
)> {
    use crate::domain::quiz::{Answers, Choice, Question};
    let choice = |t: &str, w: f64| Choice {
        text: t.into(),
        weight: w,
        feedback: String::new(),
    };
    let answers = [
        Answers::Single {
            choices: vec![choice("a", 100.0), choice("b", 0.0)],
        },
        Answers::Multi {
            choices: vec![choice("a", 50.0), choice("b", 50.0), choice("c", -100.0)],
        },
        Answers::TrueFalse {
            correct: true,
            feedback_wrong: String::new(),
            feedback_right: String::new(),
        },
        Answers::Short {
            accepted: vec![choice("甲", 100.0)],
        },
    ];
    answers
        .into_iter()
        .enumerate()
        .map(|(i, answers)| {
            let n = match &answers {
                Answers::Single { choices } | Answers::Multi { choices } => choices.len(),
                _ => 0,
            };
            let order: Vec<usize> = (0..n).rev().collect();
            let slot = crate::store::attempts::SlotRow {
                id: i as i32,
                attempt_id: 1,
                position: i as i32,
                question_id: i as i32,
                option_order: serde_json::to_string(&order).unwrap(),
                response: None,
                fraction: None,
                points: 1,
            };
            let q = Question {
                category: "默认".into(),
                title: format!("Q{i}"),
                text: "题".into(),
                markdown: false,
                points: 1,
                answers,
                general_feedback: String::new(),
            };
            (slot, q)
        })
        .collect()
}
