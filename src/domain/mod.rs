//! Pure rules: plain values in, decisions out. No I/O, no clock, no database.

pub mod accounts;
pub mod attempt;
pub mod catalog;
pub mod certification;
pub mod checkin;
pub mod course;
pub mod cst;
pub mod dashboard;
pub mod handling;
pub mod limits;
pub mod names;
pub mod outbox;
pub mod pagination;
pub mod password;
pub mod plan;
pub mod quiz;
pub mod role;
pub mod session;
pub mod staffing;
pub mod throttle;
pub mod training;
pub mod transfer;
