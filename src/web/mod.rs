//! HTTP: handlers per area. Handlers map HTTP to store and domain calls, ask `policy`,
//! and render; they hold no business rule.

pub mod account;
pub mod admin_users;
pub mod api;
pub mod api_handling;
pub mod api_tokens;
pub mod assets;
pub mod attempts;
pub mod attendance;
pub mod auth;
pub mod catalog;
pub mod centers;
pub mod certificates;
pub mod charts;
pub mod course_author;
pub mod course_view;
pub mod deadline;
pub mod errors;
#[cfg(test)]
mod forms_props;
pub mod handling;
pub mod health;
pub mod home;
pub use crate::i18n;
pub mod items;
pub mod language;
pub mod learn;
pub mod markdown;
pub mod notify;
pub mod render;
pub mod reports;
pub mod roster;
pub mod security;
pub mod session;
pub mod sessions;
pub mod state;
pub mod training_admin;
pub mod transfers;

use actix_web::web::ServiceConfig;

/// Every route the server answers.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(assets::asset)
        .service(api::items_api)
        .service(api::centers_api)
        .service(api::openapi)
        .service(api_handling::center_handling)
        .service(api_handling::cell_handling)
        .service(api_handling::matrix_handling)
        .service(certificates::verify_api)
        .service(certificates::verify_page)
        .service(handling::public_center)
        .service(home::root)
        .service(auth::login_page)
        .service(auth::login)
        .service(auth::logout)
        .service(home::admin_home)
        .service(home::trainer_home)
        .service(home::manager_home)
        .service(home::worker_home)
        .service(home::orgdept_home)
        .service(items::list)
        .service(items::show)
        .service(centers::list_centers)
        .service(handling::center_notice)
        .service(centers::show_center)
        .service(centers::list_towns)
        .service(centers::show_town)
        .service(centers::new_zone)
        .service(centers::create_zone)
        .service(admin_users::list)
        .service(admin_users::new_form)
        .service(admin_users::create)
        .service(admin_users::show)
        .service(admin_users::set_active)
        .service(admin_users::reset_password)
        .service(admin_users::change_role)
        .service(admin_users::audit_log)
        .service(catalog::form)
        .service(catalog::import)
        .service(account::show)
        .service(account::change_password)
        .service(course_author::course_catalog)
        .service(course_author::course_overview)
        .service(course_author::start_draft)
        .service(course_author::edit_draft)
        .service(course_author::save_settings)
        .service(course_author::save_questions)
        .service(course_author::new_module)
        .service(course_author::edit_module)
        .service(course_author::add_module)
        .service(course_author::update_module)
        .service(course_author::delete_module)
        .service(course_author::preview_draft)
        .service(course_author::publish_draft)
        .service(course_author::discard)
        .service(course_view::show_version)
        .service(course_view::export_zip)
        .service(course_view::item_analysis)
        .service(learn::learn_catalog)
        .service(learn::learn_course)
        .service(learn::learn_module)
        .service(learn::mark_done)
        .service(learn::start_attempt)
        .service(learn::item_course)
        .service(attempts::take_attempt)
        .service(attempts::state_json)
        .service(attempts::save_answer)
        .service(attempts::submit_attempt)
        .service(attempts::review_attempt)
        .service(sessions::list_sessions)
        .service(sessions::new_session)
        .service(sessions::create_session)
        .service(sessions::edit_session)
        .service(sessions::cancel_session)
        .service(sessions::enrol)
        .service(sessions::mark)
        .service(sessions::close)
        .service(sessions::show_session)
        .service(sessions::update_session)
        .service(attendance::schedule)
        .service(attendance::schedule_ics)
        .service(attendance::checkin_form)
        .service(attendance::checkin)
        .service(attendance::ask_leave)
        .service(attendance::report_back)
        .service(training_admin::manager_leaves)
        .service(training_admin::decide)
        .service(training_admin::manager_sessions)
        .service(training_admin::city_cases)
        .service(training_admin::attendance_report)
        .service(training_admin::outbox_page)
        .service(training_admin::resend)
        .service(certificates::list_certificates)
        .service(certificates::show_certificate)
        .service(certificates::revoke_certificate)
        .service(handling::heatmap)
        .service(handling::set_thresholds)
        .service(handling::set_zone_items)
        .service(api_tokens::list_tokens)
        .service(api_tokens::issue_token)
        .service(api_tokens::revoke_token)
        .service(items::update_settings)
        .service(language::choose_language);
    roster_routes(cfg);
    report_routes(cfg);
}

/// The roster and transfers.
fn roster_routes(cfg: &mut ServiceConfig) {
    cfg.service(roster::town_page)
        .service(roster::new_staff_form)
        .service(roster::add_staff)
        .service(roster::show_worker)
        .service(roster::update_contact)
        .service(roster::correct)
        .service(roster::set_minimums)
        .service(transfers::list_transfers)
        .service(transfers::new_transfer)
        .service(transfers::file_transfer)
        .service(transfers::show_transfer)
        .service(transfers::decide_transfer)
        .service(transfers::withdraw_transfer);
}

/// The stability report and the monthly supervision bulletin.
fn report_routes(cfg: &mut ServiceConfig) {
    cfg.service(reports::stability_csv)
        .service(reports::stability_xlsx)
        .service(reports::stability_people)
        .service(reports::stability_page)
        .service(reports::bulletin_xlsx)
        .service(reports::bulletin_page);
}
