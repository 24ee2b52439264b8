//! Queries, one file per aggregate. Functions take `&mut DbConnection` and return
//! `Result`; they hold no business rule beyond the shape of the data.

pub mod api_tokens;
pub mod attempts;
pub mod audit;
pub mod catalog;
pub mod centers;
pub mod certificates;
pub mod courses;
pub mod dashboards;
pub mod demo;
pub mod demo_certificates;
pub mod demo_roster;
pub mod handling;
pub mod items;
pub mod reference;
pub mod roster;
pub mod sessions;
pub mod supervision;
pub mod throttle;
pub mod training;
pub mod transfer_impact;
pub mod transfers;
pub mod users;

/// `LIKE` patterns are built from user text: escape the wildcards it may contain.
pub fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
