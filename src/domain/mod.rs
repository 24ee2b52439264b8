//! Pure rules: plain values in, decisions out. No I/O, no clock, no database.

pub mod accounts;
pub mod attempt;
pub mod catalog;
pub mod course;
pub mod names;
pub mod pagination;
pub mod password;
pub mod quiz;
pub mod role;
pub mod session;
pub mod throttle;
