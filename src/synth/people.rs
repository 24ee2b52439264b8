//! Accounts (an admin, the organization department, a trainer per bureau, a manager per
//! town, the workers), each worker's roster history, and transfer requests in every state;
//! an approved move has changed the worker's center from its effective day.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::Rng;

use super::places::Places;
use super::sql::{self, text, ts, Inserter, Writer};
use super::{Progress, Scale};
use crate::db::DbConnection;
use crate::domain::cst;

pub struct Worker {
    pub id: i32,
    /// Index into `Places::centers`, where the worker is today.
    pub center: usize,
    pub town: usize,
    pub hired: NaiveDate,
}

pub struct People {
    pub admin: i32,
    /// A manager per town, indexed like `Places::towns`.
    pub managers: Vec<i32>,
    pub trainers: HashMap<i32, i32>,
    pub workers: Vec<Worker>,
    /// Indexes into `workers`, per town.
    pub workers_of_town: Vec<Vec<usize>>,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "玉兰", "海燕",
];

fn person_name(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n / SURNAMES.len()) % GIVEN.len()]
    )
}

/// A transfer request as generated: who, what, and how it ended.
struct Request {
    worker: usize,
    kind: &'static str,
    status: &'static str,
    to_center: Option<usize>,
    requested: NaiveDateTime,
    effective: NaiveDate,
}

// each phase of the generator takes the same shared pieces (connection, writer, rng, …)
#[allow(clippy::too_many_arguments)]
pub fn generate(
    conn: &mut DbConnection,
    writer: &Writer,
    scale: &Scale,
    places: &Places,
    rng: &mut StdRng,
    now: NaiveDateTime,
    password_hash: &str,
    progress: &Progress,
) -> anyhow::Result<People> {
    let today = cst::date_of(now);
    let at = ts(now);
    let hash = text(password_hash);
    progress.phase(
        "账号、花名册与调动",
        (scale.workers * 2 + scale.transfers) as u64,
    );
    let tick = |n| progress.advance(n);
    let head = "INSERT INTO users (username, display_name, password_hash, role, bureau_id, town_id, center_id, \
                active, demo, created_at, password_changed_at, category, phone, position, posting)";

    // staff first: their ids are known from the base
    let user_base = sql::max_id(conn, "users")?;
    let mut rows = Inserter::new(writer, head, &|_| {});
    let staff_row = |username: &str, name: &str, role: &str, bureau: String, town: String| {
        format!(
            "({}, {}, {hash}, '{role}', {bureau}, {town}, NULL, TRUE, FALSE, {at}, {at}, 'other', '', 'window', 'serving')",
            text(username),
            text(name)
        )
    };
    rows.push(staff_row(
        "admin",
        "合成管理员",
        "admin",
        "NULL".into(),
        "NULL".into(),
    ))?;
    rows.push(staff_row(
        "orgdept",
        "合成组织部",
        "orgdept",
        "NULL".into(),
        "NULL".into(),
    ))?;
    let mut next = user_base + 3;
    let mut trainers = HashMap::new();
    for (bureau, code) in &places.bureaus {
        rows.push(staff_row(
            &format!("trainer-{code}"),
            &format!("{code}培训师"),
            "trainer",
            bureau.to_string(),
            "NULL".into(),
        ))?;
        trainers.insert(*bureau, next);
        next += 1;
    }
    let mut managers = Vec::with_capacity(places.towns.len());
    for t in &places.towns {
        rows.push(staff_row(
            &format!("manager-{}", t.code),
            &format!("{}管理员", t.name),
            "manager",
            "NULL".into(),
            t.id.to_string(),
        ))?;
        managers.push(next);
        next += 1;
    }

    // workers spread evenly over the centers; hired over the last three years
    let mut workers: Vec<Worker> = (0..scale.workers)
        .map(|w| {
            let center = w % places.centers.len();
            Worker {
                id: 0,
                center,
                town: places.centers[center].town,
                hired: today - Duration::days(rng.gen_range(30..1095)),
            }
        })
        .collect();
    let original: Vec<usize> = workers.iter().map(|w| w.center).collect();

    // transfer requests; an approved move changes where the worker is today
    let mut requests = Vec::with_capacity(scale.transfers);
    for w in sample(rng, workers.len(), scale.transfers.min(workers.len())) {
        let roll = rng.gen_range(0..100);
        let (kind, status) = match roll {
            0..=59 => ("move", "approved"),
            60..=74 => ("move", "rejected"),
            75..=79 => ("secondment", "rejected"),
            80..=89 => ("secondment", "withdrawn"),
            _ => ("secondment", "pending"),
        };
        let siblings = &places.centers_of_town[workers[w].town];
        let to_center = (kind == "move").then(|| {
            let others: Vec<usize> = siblings
                .iter()
                .copied()
                .filter(|&c| c != workers[w].center)
                .collect();
            if others.is_empty() {
                workers[w].center
            } else {
                others[rng.gen_range(0..others.len())]
            }
        });
        let since_hire = (today - workers[w].hired).num_days().max(2);
        let requested = workers[w].hired + Duration::days(rng.gen_range(1..since_hire));
        let effective = if status == "pending" {
            today + Duration::days(rng.gen_range(7..60))
        } else {
            (requested + Duration::days(rng.gen_range(7..30))).min(today)
        };
        if status == "approved" {
            if let Some(c) = to_center {
                workers[w].center = c;
            }
        }
        requests.push(Request {
            worker: w,
            kind,
            status,
            to_center,
            requested: requested.and_hms_opt(2, 0, 0).unwrap_or(now),
            effective,
        });
    }

    let worker_base = next - 1;
    for (w, worker) in workers.iter_mut().enumerate() {
        worker.id = worker_base + w as i32 + 1;
        let n = w + 1;
        let hired = ts(worker.hired.and_hms_opt(1, 0, 0).unwrap_or(now));
        let category = match w % 10 {
            0..=4 => "fulltime",
            5..=7 => "graduate2020",
            _ => "other",
        };
        // the first few at each center staff the one-stop window
        let position = if (w / places.centers.len()) < 4 {
            "window"
        } else {
            "specialised"
        };
        rows.push(format!(
                "('w{n:06}', {}, {hash}, 'worker', NULL, NULL, {}, TRUE, FALSE, {hired}, {hired}, '{category}', '1{:010}', '{position}', 'serving')",
                text(&person_name(n)),
                places.centers[worker.center].id,
                3_000_000_000u64 + n as u64,
            ),
        )?;
        progress.advance(1);
    }
    let written = rows.finish()?;
    sql::check_ids(conn, "users", user_base, written)?;

    let transfer_base = sql::max_id(conn, "transfers")?;
    let mut rows = Inserter::new(writer, "INSERT INTO transfers (user_id, kind, from_center_id, from_position, to_center_id, to_position, destination, \
         reason, starts_on, ends_on, status, requested_by, requested_at, decided_by, decided_at, decision_comment, effective_on)",
        &tick,
    );
    let orgdept = user_base + 2;
    for r in &requests {
        let worker = &workers[r.worker];
        let decided = r.status != "pending" && r.status != "withdrawn";
        let decided_at = r.requested + Duration::days(3);
        rows.push(format!(
            "({}, '{}', {}, 'window', {}, {}, {}, {}, '{}', {}, '{}', {}, {}, {}, {}, {}, {})",
            worker.id,
            r.kind,
            places.centers[original[r.worker]].id,
            r.to_center
                .map(|c| places.centers[c].id.to_string())
                .unwrap_or_else(|| "NULL".into()),
            if r.to_center.is_some() {
                "'window'"
            } else {
                "NULL"
            },
            text(if r.kind == "move" {
                ""
            } else {
                "县应急管理局专项工作"
            }),
            text(if r.kind == "move" {
                "中心之间调剂窗口力量"
            } else {
                "抽调参加专项工作"
            }),
            r.effective,
            if r.kind == "secondment" {
                format!("'{}'", r.effective + Duration::days(90))
            } else {
                "NULL".into()
            },
            r.status,
            managers[worker.town],
            ts(r.requested),
            if decided {
                orgdept.to_string()
            } else {
                "NULL".into()
            },
            if decided {
                ts(decided_at)
            } else {
                "NULL".into()
            },
            text(match r.status {
                "approved" => "同意",
                "rejected" => "窗口人员不足，暂缓抽调",
                _ => "",
            }),
            if r.status == "approved" {
                format!("'{}'", r.effective)
            } else {
                "NULL".into()
            },
        ))?;
    }
    let written = rows.finish()?;
    sql::check_ids(conn, "transfers", transfer_base, written)?;
    // roster history: the hire, and for approved moves the move
    let moved: HashMap<usize, &Request> = requests
        .iter()
        .filter(|r| r.status == "approved")
        .map(|r| (r.worker, r))
        .collect();
    let mut history = Inserter::new(writer, "INSERT INTO assignments (user_id, center_id, position, posting, valid_from, valid_to, cause, transfer_id, note, applied, recorded_by, recorded_at)",
        &tick,
    );
    let transfer_id: HashMap<usize, i32> = requests
        .iter()
        .enumerate()
        .map(|(k, r)| (r.worker, transfer_base + k as i32 + 1))
        .collect();
    for (w, worker) in workers.iter().enumerate() {
        let hired = ts(worker.hired.and_hms_opt(1, 0, 0).unwrap_or(now));
        let first = places.centers[original[w]].id;
        match moved.get(&w) {
            Some(r) => {
                history.push(format!(
                        "({}, {first}, 'window', 'serving', '{}', '{}', 'hire', NULL, '', TRUE, NULL, {hired})",
                        worker.id, worker.hired, r.effective
                    ),
                )?;
                history.push(format!(
                        "({}, {}, 'window', 'serving', '{}', NULL, 'move', {}, '', TRUE, {}, {})",
                        worker.id,
                        places.centers[worker.center].id,
                        r.effective,
                        transfer_id[&w],
                        managers[worker.town],
                        ts(r.requested)
                    ),
                )?;
            }
            None => history.push(format!(
                    "({}, {first}, 'window', 'serving', '{}', NULL, 'hire', NULL, '', TRUE, NULL, {hired})",
                    worker.id, worker.hired
                ),
            )?,
        }
    }

    history.finish()?;

    let mut workers_of_town = vec![Vec::new(); places.towns.len()];
    for (i, w) in workers.iter().enumerate() {
        workers_of_town[w.town].push(i);
    }
    Ok(People {
        admin: user_base + 1,
        managers,
        trainers,
        workers,
        workers_of_town,
    })
}
