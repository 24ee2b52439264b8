// The OpenAPI document is one large `json!` literal.
#![recursion_limit = "256"]
//! Devolve: training and certification for Zhaoyuan's public-service delegation plan.

pub mod cli;
pub mod clock;
pub mod config;
pub mod courses;
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod policy;
pub mod security;
pub mod startup;
pub mod store;
pub mod synth;
pub mod telemetry;
pub mod web;
