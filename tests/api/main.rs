//! One integration binary: every test talks HTTP to the real server on a real database.

mod access;
mod admin;
mod api;
mod auth;
mod browser;
mod catalog;
mod certificates;
mod cli;
mod course_fixture;
mod courses;
mod csrf;
mod dashboards;
mod errors;
mod helpers;
mod journeys;
mod journeys_training;
mod language;
mod learn;
mod reference;
mod reports;
mod roster;
mod smtp;
mod training;
