//! `/admin`: centers about to lose 直办 within 30 days (city-wide), mail that failed to
//! send, and towns with zone centers whose zone item selection is short of the plan's
//! five; then the plan's progress per town, and the city's counts.

use std::collections::HashSet;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

use super::{city_plan, first_names};
use crate::domain::cst;
use crate::domain::handling::{zone_selection_compliant, MIN_ZONE_ITEMS};
use crate::domain::pagination::PageRequest;
use crate::domain::role::Role;
use crate::error::AppResult;
use crate::mail::outbox;
use crate::policy::{self, Action, CenterScope, ItemScope, UserScope};
use crate::store::items::ItemFilter;
use crate::store::{audit, centers, handling, items, users};
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

#[get("/admin")]
pub async fn admin_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Admin))?;
    let today = cst::date_of(state.clock.now_naive());
    let lang = user.lang;
    let data = state
        .db(move |conn| {
            let all_items = items::count(conn, ItemScope::All, &ItemFilter::default())?;
            let common = items::count(
                conn,
                ItemScope::All,
                &ItemFilter {
                    common_only: true,
                    query: None,
                },
            )?;
            let centers_all = centers::list(conn, CenterScope::All, None)?;
            let zones = centers_all
                .iter()
                .filter(|c| c.center.level == "zone")
                .count();
            let pilots = centers_all.iter().filter(|c| c.center.pilot).count();
            let mut roles = Vec::new();
            for role in Role::ALL {
                roles.push(json!({
                    "label": crate::web::i18n::role_label_in(lang, role.as_str()),
                    "count": users::count(conn, UserScope::All, Some(role))?,
                }));
            }
            let recent = audit::list(
                conn,
                &audit::AuditFilter::default(),
                PageRequest::new(Some(1), 5),
            )?;

            // to do: centers losing 直办, failed mail, zone selections short of five
            let plan = city_plan(conn, today)?;
            let losing_count = plan.losing.len();
            let (losing, more_losing) = first_names(plan.losing.clone());
            let failed = outbox::count(conn, Some("failed"))?;
            let with_zones: HashSet<i32> = centers_all
                .iter()
                .filter(|c| c.center.level == "zone")
                .map(|c| c.center.town_id)
                .collect();
            let selected = handling::zone_selection_counts(conn)?;
            let short_selection: Vec<_> = centers::towns(conn)?
                .into_iter()
                .filter(|t| with_zones.contains(&t.id))
                .map(|t| (selected.get(&t.id).copied().unwrap_or(0), t))
                .filter(|(n, _)| !zone_selection_compliant(*n))
                .map(|(n, t)| json!({ "code": t.code, "name": t.name, "selected": n }))
                .collect();
            let selection_link = match short_selection.first() {
                Some(t) => format!("/towns/{}#zone-items", t["code"].as_str().unwrap_or("")),
                None => "/towns".to_string(),
            };
            let todo = json!({
                "losing_count": losing_count,
                "losing": losing,
                "more_losing": more_losing,
                "failed": failed,
                "selection_count": short_selection.len(),
                "selection": short_selection.iter().take(super::CARD_NAMES).collect::<Vec<_>>(),
                "more_selection": short_selection.len().saturating_sub(super::CARD_NAMES),
                "selection_link": selection_link,
                "min_zone_items": MIN_ZONE_ITEMS,
            });
            Ok(json!({
                "items_total": all_items,
                "items_common": common,
                "towns": centers::towns(conn)?.len(),
                "centers_total": centers_all.len(),
                "zones": zones,
                "pilots": pilots,
                "roles": roles,
                "recent": recent,
                "todo": todo,
                "plan": plan.progress_json(),
            }))
        })
        .await?;
    page(&req, &state, "pages/home/admin", data)
}
