//! What every handler shares: the pool, settings, the clock, the templates.

use std::sync::Arc;

use actix_web::web;
use handlebars::Handlebars;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DbConnection, DbPool};
use crate::error::AppResult;
use crate::security::password::HashCost;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub templates: Arc<Handlebars<'static>>,
}

impl AppState {
    /// Runs database work on the blocking pool, never on an async worker thread.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs CPU-heavy work (password hashing) on the blocking pool.
    pub async fn blocking<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Ok(web::block(f).await?)
    }

    pub fn hash_cost(&self) -> HashCost {
        HashCost {
            memory_kib: self.settings.argon2_memory_kib,
            iterations: self.settings.argon2_iterations,
        }
    }
}
