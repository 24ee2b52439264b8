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
    /// Turns at the database, one per pooled connection (see `db`).
    pub db_turns: Arc<tokio::sync::Semaphore>,
    /// Turns for password hashing, one per core (see `blocking`).
    pub hashing: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Runs database work on the blocking pool, never on an async worker thread.
    /// Requests wait for a free connection here, as cheap async waiters: without this turn
    /// every request in flight would hold a blocking thread parked on the pool's lock, and
    /// under load the threads and their wake-ups would cost more than the queries.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _turn = self
            .db_turns
            .acquire()
            .await
            .map_err(|e| crate::error::AppError::Internal(e.into()))?;
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs password hashing on the blocking pool, at most one call per core at a time.
    /// Each argon2 call holds 19 MiB and a core for tens of milliseconds: unbounded, a burst
    /// of logins would start them all at once, growing memory with the queue and making
    /// every login slow. Bounded, the rest wait their turn here, costing no memory.
    pub async fn blocking<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _turn = self
            .hashing
            .acquire()
            .await
            .map_err(|e| crate::error::AppError::Internal(e.into()))?;
        Ok(web::block(f).await?)
    }

    /// The database turns for a new application: one per pooled connection.
    pub fn db_turns(pool: &DbPool) -> Arc<tokio::sync::Semaphore> {
        Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize))
    }

    /// The hashing turns for a new application: one per core.
    pub fn hashing_turns() -> Arc<tokio::sync::Semaphore> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Arc::new(tokio::sync::Semaphore::new(cores))
    }

    pub fn hash_cost(&self) -> HashCost {
        HashCost {
            memory_kib: self.settings.argon2_memory_kib,
            iterations: self.settings.argon2_iterations,
        }
    }
}
