//! The SQLite instance lock: `devolve serve` holds an exclusive advisory lock on
//! `<database>.lock` (e.g. `data/devolve.db.lock`) for as long as it runs, and
//! `devolve restore` takes the same lock before it replaces the file, so a database a
//! running server uses is never swapped under it. The lock file also says who holds it
//! (process id, listen address), for the refusal message.
//!
//! SQLite only: several servers sharing one PostgreSQL database is a supported deployment.
//! The operating system releases the lock when the process ends, however it ends.
//! `File::try_lock` is `flock(2)` on Unix and `LockFileEx` on Windows (Rust 1.89+).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// An exclusive lock on a SQLite database's lock file, released when dropped.
#[derive(Debug)]
pub struct InstanceLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it; `holder` is what that process wrote into the lock file.
    #[error("数据库 {database} 正被另一个 devolve 进程使用（{holder}）")]
    Busy { database: String, holder: String },
    #[error("无法打开锁文件 {path}：{source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The lock file next to a SQLite database: `data/devolve.db` → `data/devolve.db.lock`.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl InstanceLock {
    /// Takes the lock for the database at `database` without waiting, creating the
    /// database's folder and the lock file if needed. `holder` describes this process
    /// (written into the lock file for whoever is refused).
    pub fn try_acquire(database: &Path, holder: &str) -> Result<Self, LockError> {
        let path = lock_path(database);
        let shown = path.display().to_string();
        let io = |source| LockError::Io {
            path: shown.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                // advisory lock: reading works; on a platform where it does not, say less
                let _ = file.read_to_string(&mut text);
                let holder = text.trim();
                return Err(LockError::Busy {
                    database: database.display().to_string(),
                    holder: if holder.is_empty() {
                        "未知进程".to_string()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let mut lock = Self { file, path };
        lock.set_holder(holder).map_err(io)?;
        Ok(lock)
    }

    /// Rewrites the description of this process in the lock file (e.g. once the real
    /// listen port is known).
    pub fn set_holder(&mut self, holder: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        writeln!(self.file, "{holder}")?;
        self.file.flush()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        // the lock file itself stays: removing it would race with a process opening it
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
