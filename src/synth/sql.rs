//! Bulk writing for the generator: rows are formatted as SQL tuples and sent as multi-row
//! `INSERT`s to a writer thread, committed every `COMMIT_ROWS` rows so neither backend
//! holds one giant transaction. The values are generated numbers and fixed words, never user input; `text`
//! still escapes quotes so any generated word is safe.

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;

use std::sync::mpsc::{sync_channel, SyncSender};

use crate::db::{write_transaction, DbConnection};

/// Rows per `INSERT` statement.
const STATEMENT_ROWS: usize = 100;
/// Rows per transaction.
const COMMIT_ROWS: usize = 50_000;

/// A quoted SQL string literal.
pub fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub fn ts(t: chrono::NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

pub fn opt_ts(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(ts).unwrap_or_else(|| "NULL".into())
}

pub fn boolean(b: bool) -> &'static str {
    if b {
        "TRUE"
    } else {
        "FALSE"
    }
}

/// Collects rows for one table and hands them to the writer in statements and batches.
pub struct Inserter<'a> {
    writer: &'a Writer,
    head: String,
    statement: String,
    in_statement: usize,
    batch: Vec<String>,
    in_batch: usize,
    pub written: u64,
    on_write: &'a dyn Fn(u64),
    /// Flushes by itself when full; off for tables whose rows refer to another table's
    /// pending rows, where the caller flushes them in order.
    auto: bool,
}

impl<'a> Inserter<'a> {
    pub fn new(writer: &'a Writer, head: &str, on_write: &'a dyn Fn(u64)) -> Self {
        Self {
            writer,
            head: head.to_string(),
            statement: String::new(),
            in_statement: 0,
            batch: Vec::new(),
            in_batch: 0,
            written: 0,
            on_write,
            auto: true,
        }
    }

    /// An inserter the caller flushes (see `auto`).
    pub fn deferred(writer: &'a Writer, head: &str, on_write: &'a dyn Fn(u64)) -> Self {
        Self {
            auto: false,
            ..Self::new(writer, head, on_write)
        }
    }

    pub fn is_full(&self) -> bool {
        self.in_batch >= COMMIT_ROWS
    }

    pub fn push(&mut self, row: String) -> anyhow::Result<()> {
        if self.in_statement == 0 {
            self.statement.push_str(&self.head);
            self.statement.push_str(" VALUES ");
        } else {
            self.statement.push(',');
        }
        self.statement.push_str(&row);
        self.in_statement += 1;
        self.in_batch += 1;
        if self.in_statement >= STATEMENT_ROWS {
            self.close_statement();
        }
        if self.auto && self.is_full() {
            self.flush()?;
        }
        Ok(())
    }

    fn close_statement(&mut self) {
        if self.in_statement > 0 {
            self.batch.push(std::mem::take(&mut self.statement));
            self.in_statement = 0;
        }
    }

    /// Hands the rows so far to the writer (which stores them in the background).
    pub fn flush(&mut self) -> anyhow::Result<()> {
        self.close_statement();
        if self.batch.is_empty() {
            return Ok(());
        }
        self.writer.send(std::mem::take(&mut self.batch))?;
        let n = self.in_batch as u64;
        self.in_batch = 0;
        self.written += n;
        (self.on_write)(n);
        Ok(())
    }

    /// Flushes and waits until every row is stored; returns how many were written.
    pub fn finish(mut self) -> anyhow::Result<u64> {
        self.flush()?;
        self.writer.sync()?;
        Ok(self.written)
    }
}

/// Executes the generator's statements on a connection of its own, in a second thread, so
/// formatting rows (one core) and SQLite storing them (the other) overlap. Statements run
/// in the order sent, a transaction per batch, so rows that refer to rows sent earlier
/// always find them.
pub struct Writer {
    jobs: SyncSender<Job>,
}

enum Job {
    Batch(Vec<String>),
    /// Answers once everything sent before it is stored, with the first error, if any.
    Barrier(SyncSender<Result<(), String>>),
}

impl Writer {
    /// Starts the writer thread within `scope`; it ends when the `Writer` is dropped.
    pub fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        mut conn: crate::db::PooledConn,
    ) -> Self {
        let (jobs, inbox) = sync_channel::<Job>(4);
        scope.spawn(move || {
            let mut failed: Option<String> = None;
            for job in inbox {
                match job {
                    Job::Batch(statements) if failed.is_none() => {
                        let done = write_transaction(&mut conn, |conn| {
                            for statement in &statements {
                                conn.batch_execute(statement)?;
                            }
                            Ok::<_, diesel::result::Error>(())
                        });
                        if let Err(e) = done {
                            failed = Some(e.to_string());
                        }
                    }
                    Job::Batch(_) => {}
                    Job::Barrier(reply) => {
                        let _ = reply.send(failed.clone().map_or(Ok(()), Err));
                    }
                }
            }
        });
        Self { jobs }
    }

    fn send(&self, statements: Vec<String>) -> anyhow::Result<()> {
        self.jobs
            .send(Job::Batch(statements))
            .map_err(|_| anyhow::anyhow!("合成数据写入线程已退出"))
    }

    /// Waits until everything sent so far is stored.
    pub fn sync(&self) -> anyhow::Result<()> {
        let (reply, answer) = sync_channel(1);
        self.jobs
            .send(Job::Barrier(reply))
            .map_err(|_| anyhow::anyhow!("合成数据写入线程已退出"))?;
        answer
            .recv()
            .map_err(|_| anyhow::anyhow!("合成数据写入线程已退出"))?
            .map_err(|e| anyhow::anyhow!("写入合成数据失败：{e}"))
    }
}

#[derive(diesel::QueryableByName)]
struct MaxId {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    id: Option<i32>,
}

/// The highest id in `table` (0 when empty). The generator writes into an otherwise idle
/// database, so rows it inserts get the ids after this one, in order; `check_ids` proves it.
pub fn max_id(conn: &mut DbConnection, table: &str) -> diesel::QueryResult<i32> {
    let row: MaxId =
        diesel::sql_query(format!("SELECT MAX(id) AS id FROM {table}")).get_result(conn)?;
    Ok(row.id.unwrap_or(0))
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Fails unless the rows written after `base` carry exactly the ids base+1 ..= base+count,
/// which the generator relies on to refer to rows it has just written.
pub fn check_ids(
    conn: &mut DbConnection,
    table: &str,
    base: i32,
    count: u64,
) -> anyhow::Result<()> {
    let top = max_id(conn, table)?;
    let n: Count = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE id > {base}"
    ))
    .get_result(conn)?;
    if n.n as u64 != count || i64::from(top) != i64::from(base) + count as i64 {
        anyhow::bail!(
            "{table}: ids are not consecutive after {base} (wrote {count}, found {} up to {top}); \
             generate into an empty database nobody else writes to",
            n.n
        );
    }
    Ok(())
}

pub fn count(conn: &mut DbConnection, table: &str) -> diesel::QueryResult<i64> {
    let c: Count =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(conn)?;
    Ok(c.n)
}

pub fn drop_index(conn: &mut DbConnection, name: &str) -> diesel::QueryResult<()> {
    diesel::sql_query(format!("DROP INDEX IF EXISTS {name}"))
        .execute(conn)
        .map(|_| ())
}

pub fn create_index(conn: &mut DbConnection, name: &str, on: &str) -> diesel::QueryResult<()> {
    diesel::sql_query(format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
        .execute(conn)
        .map(|_| ())
}
