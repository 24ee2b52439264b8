//! `/trainer`: the trainer's bureau's sessions that ended but are not closed, the workers
//! waiting for a make-up session on the bureau's items, and the bureau's items whose course
//! has no published version yet or a draft waiting to be published. Everything is scoped
//! to the bureau as `/sessions` and `/courses` are (`policy::item_scope`).

use std::collections::{BTreeMap, HashSet};

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

use super::first_names;
use crate::domain::cst;
use crate::domain::dashboard::{awaits_closing, needs_makeup_session};
use crate::domain::pagination::PageRequest;
use crate::domain::role::Role;
use crate::domain::training::TrainingRules;
use crate::error::AppResult;
use crate::policy::{self, Action, ItemScope};
use crate::store::items::ItemFilter;
use crate::store::{courses, dashboards, items, training};
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

#[get("/trainer")]
pub async fn trainer_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Trainer))?;
    let scope = policy::item_scope(&user.actor);
    let rules = state.settings.training_rules();
    let now = state.clock.now_naive();
    let data = state
        .db(move |conn| {
            let mine = items::list(
                conn,
                scope,
                &ItemFilter::default(),
                Some(PageRequest::new(Some(1), 100)),
            )?;
            Ok(json!({
                "items": mine,
                "count": items::count(conn, scope, &ItemFilter::default())?,
                "todo": trainer_todo(conn, scope, &rules, now)?,
            }))
        })
        .await?;
    page(&req, &state, "pages/home/trainer", data)
}

fn trainer_todo(
    conn: &mut crate::db::DbConnection,
    scope: ItemScope,
    rules: &TrainingRules,
    now: NaiveDateTime,
) -> AppResult<Value> {
    let bureau = match scope {
        ItemScope::Bureau(b) => Some(b),
        ItemScope::All => None,
    };

    // sessions over but still open: closing marks the absentees
    let to_close: Vec<_> = dashboards::open_sessions_ended_by(conn, bureau, now)?
        .into_iter()
        .filter(|s| awaits_closing(&s.status, s.ends_at, now))
        .collect();
    let oldest = to_close
        .first()
        .map(|s| json!({ "id": s.id, "title": s.title, "ended": cst::show(s.ends_at) }));

    // excused absences on the bureau's items with no later session booked
    let bureau_items = dashboards::bureau_items(conn, bureau)?;
    let ids: Vec<i32> = bureau_items.iter().map(|(id, _)| *id).collect();
    let wanted: HashSet<i32> = ids.iter().copied().collect();
    let workers = dashboards::workers_enrolled_for(conn, &ids)?;
    let mut per_item: BTreeMap<i32, u32> = BTreeMap::new();
    for ((_, item), outcomes) in training::outcomes(conn, &workers, None)? {
        if wanted.contains(&item) && needs_makeup_session(rules, &outcomes) {
            *per_item.entry(item).or_default() += 1;
        }
    }
    let makeups: u32 = per_item.values().sum();
    let mut waiting: Vec<(u32, usize, &str)> = bureau_items
        .iter()
        .enumerate()
        .filter_map(|(order, (id, name))| per_item.get(id).map(|&n| (n, order, name.as_str())))
        .collect();
    waiting.sort_by_key(|&(n, order, _)| (std::cmp::Reverse(n), order));
    let makeup_items: Vec<Value> = waiting
        .iter()
        .take(super::CARD_NAMES)
        .map(|(n, _, name)| json!({ "name": name, "workers": n }))
        .collect();

    // courses: no published version yet, or a draft waiting to be published
    let catalog = courses::catalog(conn, scope)?;
    let unpublished = catalog.iter().filter(|c| c.published.is_none()).count();
    let drafts: Vec<String> = catalog
        .iter()
        .filter(|c| c.has_draft)
        .map(|c| c.item_name.clone())
        .collect();
    let draft_count = drafts.len();
    let (draft_names, more_drafts) = first_names(drafts);
    let courses_count = catalog
        .iter()
        .filter(|c| c.published.is_none() || c.has_draft)
        .count();

    Ok(json!({
        "to_close": to_close.len(),
        "oldest": oldest,
        "makeups": makeups,
        "makeup_items": makeup_items,
        "more_makeup_items": waiting.len().saturating_sub(super::CARD_NAMES),
        "courses": courses_count,
        "unpublished": unpublished,
        "drafts": draft_count,
        "draft_names": draft_names,
        "more_drafts": more_drafts,
    }))
}
