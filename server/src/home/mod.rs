//! The landing page: what colapla is, for each of its audiences, with the programme's figures and
//! a few verified products.

use actix_web::web;
use entities::{need, wg_session, working_group};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::catalog::store;
use crate::http::{HttpError, RequestMeta, RouteTable};
use crate::state::AppState;
use crate::ui::Page;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/", landing);
}

const FEATURED: u64 = 6;

async fn landing(state: web::Data<AppState>, meta: RequestMeta) -> Result<Page, HttpError> {
    let db = &state.db;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let (featured, verified_total) = store::verified_page(db, today, FEATURED).await?;
    let products = store::count_published(db).await?;
    let needs = need::Entity::find().filter(need::Column::Status.eq(need::NeedStatus::Open)).count(db).await?;
    let working_groups = working_group::Entity::find()
        .filter(working_group::Column::Status.eq(working_group::WorkingGroupStatus::Active))
        .count(db)
        .await?;
    let upcoming_sessions = wg_session::Entity::find()
        .filter(wg_session::Column::StartsAt.gt(now))
        .filter(wg_session::Column::Status.eq(wg_session::SessionStatus::Scheduled))
        .count(db)
        .await?;
    let catalogs = state.templates.catalogs();
    let cards: Vec<_> = featured
        .iter()
        .map(|l| crate::catalog::view::card(l, today, meta.locale, catalogs, &state.reference))
        .collect();
    Ok(Page::new(
        "pages/landing.html",
        serde_json::json!({
            "stats": {
                "products": products,
                "verified_products": verified_total,
                "needs": needs,
                "working_groups": working_groups,
                "upcoming_sessions": upcoming_sessions,
            },
            "featured_products": cards,
        }),
    ))
}
