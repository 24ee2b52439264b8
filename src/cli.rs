//! The command line: serve, migrate, user add, import-catalog, backup, restore.

use std::io::{BufRead, IsTerminal};

use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::backup::{self, Summary};
use crate::db::lock::{InstanceLock, LockError};
use crate::db::{write_transaction, DatabaseUrl};
use crate::domain::catalog::{self, CatalogContext, CatalogFormat};
use crate::domain::names::{check_title, check_username};
use crate::domain::password::check_new_password;
use crate::domain::role::Role;
use crate::security::password::hash_password;
use crate::startup::{prepare_database, Application};
use crate::store::{audit, catalog as catalog_store, users};

#[derive(Parser)]
#[command(name = "devolve", version, about = "招远市公共服务下沉 培训与认证平台")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct DbArgs {
    /// SQLite file path (sqlite://path) or postgres://… URL
    #[arg(long = "database", env = "DATABASE_URL")]
    pub database: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server
    Serve {
        #[arg(long, env = "DEVOLVE_BIND")]
        bind: Option<String>,
        #[command(flatten)]
        db: DbArgs,
        /// Load demo accounts and data, and show the demo banner
        #[arg(long)]
        demo: bool,
    },
    /// Create or update the database schema, then exit
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage accounts
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Check every course under DIR; prints each problem as file:line: message
    CheckCourses { dir: std::path::PathBuf },
    /// Import or update the courses under DIR (one transaction per course)
    ImportCourses {
        dir: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Export the latest published version of an item's course into DIR/<folder>/
    ExportCourse {
        /// Item code, e.g. C08
        item: String,
        dir: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Fill an empty database with a deterministic synthetic data set for load tests
    Synth {
        /// `province` (150 towns, 2,000 centers, 40,000 workers, 2,000,000 attempts) or
        /// `city` (Zhaoyuan's size)
        #[arg(long, default_value = "city", value_parser = ["province", "city"])]
        scale: String,
        /// The same seed (and --as-of day) always gives the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the data set is built around (dates run up to it); default today
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import an item catalog (CSV or TOML) from a file
    ImportCatalog {
        file: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write a consistent copy of the SQLite database to DEST (safe while the server runs)
    Backup {
        /// The backup file to create; an existing file is never overwritten
        dest: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Replace the SQLite database with the backup SRC (stop the server first)
    Restore {
        /// A file written by `devolve backup`
        src: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account; the password is read from a prompt, or from stdin when piped
    Add {
        #[arg(long)]
        role: String,
        #[arg(long)]
        username: String,
        /// Display name (defaults to the username)
        #[arg(long)]
        name: Option<String>,
        /// Bureau code, for a trainer
        #[arg(long, conflicts_with_all = ["town", "center"])]
        bureau: Option<String>,
        /// Town code, for a manager
        #[arg(long, conflicts_with = "center")]
        town: Option<String>,
        /// Center code, for a worker
        #[arg(long)]
        center: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn settings_with(db: &DbArgs) -> anyhow::Result<Settings> {
    let mut s = Settings::from_env().map_err(anyhow::Error::msg)?;
    if let Some(url) = &db.database {
        s.database_url = url.clone();
    }
    Ok(s)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { bind, db, demo } => {
            let mut settings = settings_with(&db)?;
            if let Some(b) = bind {
                settings.bind = b;
            }
            settings.demo |= demo;
            // held until this process ends: `devolve restore` refuses while it is
            let mut lock = serve_lock(&settings)?;
            let app = Application::build(settings, Clock::System).await?;
            if let Some(lock) = lock.as_mut() {
                let _ = lock.set_holder(&serve_holder(&format!("端口 {}", app.port())));
            }
            tracing::info!(port = app.port(), "devolve listening");
            app.run_until_stopped().await?;
            tracing::info!("devolve stopped");
            drop(lock);
            Ok(())
        }
        Command::Migrate { db } => {
            let settings = settings_with(&db)?;
            tokio::task::spawn_blocking(move || prepare_database(&settings, &Clock::System))
                .await??;
            println!("数据库已是最新结构。");
            Ok(())
        }
        Command::User {
            action:
                UserCommand::Add {
                    role,
                    username,
                    name,
                    bureau,
                    town,
                    center,
                    db,
                },
        } => {
            let settings = settings_with(&db)?;
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("未知角色 {role}：可选 admin、trainer、manager、worker、orgdept")
            })?;
            let username = check_username(&username).map_err(anyhow::Error::msg)?;
            let display = check_title("姓名", name.as_deref().unwrap_or(&username), 40)
                .map_err(anyhow::Error::msg)?;
            let password = read_password()?;
            check_new_password(&username, &password, &password)
                .map_err(|p| anyhow::anyhow!(p.message()))?;
            let unit = bureau.or(town).or(center);
            tokio::task::spawn_blocking(move || {
                add_user(&settings, role, username, display, unit, password)
            })
            .await?
        }
        Command::CheckCourses { dir } => check_courses(&dir),
        Command::ImportCourses { dir, db } => {
            let settings = settings_with(&db)?;
            tokio::task::spawn_blocking(move || import_courses(&settings, &dir)).await?
        }
        Command::ExportCourse { item, dir, db } => {
            let settings = settings_with(&db)?;
            tokio::task::spawn_blocking(move || export_course(&settings, &item, &dir)).await?
        }
        Command::Synth {
            scale,
            seed,
            as_of,
            db,
        } => {
            let settings = settings_with(&db)?;
            tokio::task::spawn_blocking(move || synth(&settings, &scale, seed, as_of)).await?
        }
        Command::ImportCatalog { file, db } => {
            let settings = settings_with(&db)?;
            tokio::task::spawn_blocking(move || import_catalog(&settings, &file)).await?
        }
        Command::Backup { dest, db } => {
            let url = database_url(&db)?;
            let summary =
                tokio::task::spawn_blocking(move || backup::backup(&url, &dest)).await??;
            print_summary(&summary);
            println!(
                "已备份到 {}：{} 张表，共 {} 行，{}；完整性检查通过。",
                summary.path.display(),
                summary.tables.len(),
                summary.total_rows(),
                backup::human_size(summary.bytes)
            );
            Ok(())
        }
        Command::Restore { src, db } => {
            let url = database_url(&db)?;
            let summary =
                tokio::task::spawn_blocking(move || backup::restore(&url, &src)).await??;
            print_summary(&summary);
            println!(
                "已恢复到 {}：{} 张表，共 {} 行，{}。",
                summary.path.display(),
                summary.tables.len(),
                summary.total_rows(),
                backup::human_size(summary.bytes)
            );
            if summary.pending_migrations > 0 {
                println!(
                    "该备份的数据库结构较旧（缺 {} 个迁移），下次启动 devolve serve（或运行 devolve migrate）时会自动升级。",
                    summary.pending_migrations
                );
            }
            Ok(())
        }
    }
}

fn database_url(db: &DbArgs) -> anyhow::Result<DatabaseUrl> {
    let settings = settings_with(db)?;
    DatabaseUrl::parse(&settings.database_url).map_err(anyhow::Error::msg)
}

fn serve_holder(listening: &str) -> String {
    format!("devolve serve，进程 {}，{listening}", std::process::id())
}

/// On SQLite, the instance lock next to the database file (see `db::lock`). One server
/// per SQLite file; PostgreSQL takes none, since several servers may share it.
fn serve_lock(settings: &Settings) -> anyhow::Result<Option<InstanceLock>> {
    let url = DatabaseUrl::parse(&settings.database_url).map_err(anyhow::Error::msg)?;
    let DatabaseUrl::Sqlite(path) = url else {
        return Ok(None);
    };
    let holder = serve_holder(&format!("监听 {}", settings.bind));
    match InstanceLock::try_acquire(std::path::Path::new(&path), &holder) {
        Ok(lock) => Ok(Some(lock)),
        Err(LockError::Busy { database, holder }) => anyhow::bail!(
            "无法启动：数据库 {database} 正被另一个 devolve 进程使用（{holder}）。\
             一个 SQLite 数据库只能由一个 devolve serve 使用：请先停止那个进程；要运行多个进程请改用 PostgreSQL。"
        ),
        Err(e) => Err(e.into()),
    }
}

/// One line per table: rows and the start of its SHA-256, to compare two copies by eye.
fn print_summary(summary: &Summary) {
    for t in &summary.tables {
        println!(
            "{:<32} {:>10} 行  sha256 {}",
            t.name,
            t.rows,
            &t.sha256[..16]
        );
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("密码：")?;
        let second = rpassword::prompt_password("再次输入密码：")?;
        if first != second {
            anyhow::bail!("两次输入的密码不一致");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn add_user(
    settings: &Settings,
    role: Role,
    username: String,
    display: String,
    unit: Option<String>,
    password: String,
) -> anyhow::Result<()> {
    let clock = Clock::System;
    let pool = prepare_database(settings, &clock)?;
    let hash = hash_password(
        crate::security::password::HashCost {
            memory_kib: settings.argon2_memory_kib,
            iterations: settings.argon2_iterations,
        },
        &password,
    )?;
    let mut conn = pool.get()?;
    let now = clock.now_naive();
    let created = write_transaction(&mut conn, |conn| {
        if users::username_taken(conn, &username)? {
            anyhow::bail!("用户名 {username} 已被使用");
        }
        let membership =
            users::resolve_membership(conn, role, unit.as_deref()).map_err(anyhow::Error::msg)?;
        let u = users::insert(
            conn,
            &users::NewUser {
                username: username.clone(),
                display_name: display,
                password_hash: hash,
                role,
                membership,
                demo: false,
                email: None,
            },
            now,
        )?;
        audit::record(
            conn,
            now,
            None,
            "user.create",
            &u.username,
            &format!("命令行创建，角色 {role}"),
        )?;
        Ok(u)
    })?;
    println!("已创建账号 {}（{}）。", created.username, role);
    Ok(())
}

fn import_catalog(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let clock = Clock::System;
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", file.display()))?;
    let pool = prepare_database(settings, &clock)?;
    let mut conn = pool.get()?;
    let (bureaus, protected) = catalog_store::context(&mut conn)?;
    let ctx = CatalogContext {
        bureaus: &bureaus,
        protected_codes: &protected,
    };
    let format = CatalogFormat::from_file_name(&file.to_string_lossy());
    match catalog::parse(format, &text, &ctx) {
        Ok(rows) => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let s = catalog_store::import(&mut conn, &rows, None, &name, clock.now_naive());
            let s = match s {
                Ok(s) => s,
                Err(e) => anyhow::bail!("导入失败，未做任何修改：{e}"),
            };
            println!("导入完成：新增 {} 项，更新 {} 项。", s.created, s.updated);
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}:{}: {}", file.display(), e.line, e.message);
            }
            anyhow::bail!("文件有 {} 处错误，未导入任何事项。", errors.len())
        }
    }
}

/// Checks a courses directory against the plan's bureaus and items; no database needed.
pub fn check_courses(dir: &std::path::Path) -> anyhow::Result<()> {
    let plan = crate::store::reference::plan();
    let bureaus = plan.bureau.iter().map(|b| b.code.clone()).collect();
    let item_bureaus = |seq: i32| {
        plan.item
            .iter()
            .find(|i| i.seq == seq)
            .map(|i| i.bureaus.clone())
    };
    let (count, problems) = crate::courses::check_tree(dir, &bureaus, &item_bureaus);
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        println!("{count} 门课程检查通过。");
        Ok(())
    } else {
        anyhow::bail!("{count} 门课程中发现 {} 处问题。", problems.len())
    }
}

fn import_courses(settings: &Settings, dir: &std::path::Path) -> anyhow::Result<()> {
    let clock = Clock::System;
    let pool = prepare_database(settings, &clock)?;
    let mut conn = pool.get()?;
    let summary = crate::store::courses::import_tree(&mut conn, dir, None, clock.now_naive())?;
    for line in &summary.lines {
        println!("{line}");
    }
    if summary.failed > 0 {
        anyhow::bail!("{} 门课程未能导入（其余已导入）。", summary.failed)
    }
    Ok(())
}

fn export_course(settings: &Settings, item: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    let clock = Clock::System;
    let pool = prepare_database(settings, &clock)?;
    let mut conn = pool.get()?;
    let item = crate::store::items::find_by_code(&mut conn, item)?
        .ok_or_else(|| anyhow::anyhow!("没有编码为 {item} 的事项"))?;
    let course = crate::store::courses::course_for_item(&mut conn, item.item.id)?
        .ok_or_else(|| anyhow::anyhow!("事项 {} 还没有课程", item.item.code))?;
    let version = crate::store::courses::latest_published(&mut conn, course.id)?
        .ok_or_else(|| anyhow::anyhow!("事项 {} 的课程还没有发布的版本", item.item.code))?;
    let source = crate::store::courses::to_source(&mut conn, version.id)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let out = crate::courses::export(&source, dir)?;
    println!("已导出到 {}", out.display());
    Ok(())
}

fn synth(
    settings: &Settings,
    scale: &str,
    seed: u64,
    as_of: Option<chrono::NaiveDate>,
) -> anyhow::Result<()> {
    let scale = crate::synth::Scale::by_name(scale)
        .ok_or_else(|| anyhow::anyhow!("未知规模 {scale}：可选 province 或 city"))?;
    let now = match as_of {
        // office hours in Beijing on that day
        Some(day) => day.and_hms_opt(2, 0, 0).unwrap_or_default(),
        None => Clock::System.now_naive(),
    };
    let started = std::time::Instant::now();
    let pool = prepare_database(settings, &Clock::System)?;
    let hash = hash_password(
        crate::security::password::HashCost {
            memory_kib: settings.argon2_memory_kib,
            iterations: settings.argon2_iterations,
        },
        crate::synth::PASSWORD,
    )?;
    let progress = crate::synth::Progress::stderr();
    let summary = crate::synth::generate(&pool, scale, seed, now, &hash, &progress)?;
    for (table, rows) in &summary.rows {
        println!("{table:<20} {rows:>10}");
    }
    println!(
        "合成数据已写入，用时 {:.1} 秒。所有合成账号的密码都是 \"{}\"（admin、orgdept、trainer-<部门>、manager-<镇>、w000001…）。",
        started.elapsed().as_secs_f64(),
        crate::synth::PASSWORD
    );
    Ok(())
}
