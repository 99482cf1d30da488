//! The landing page: what colapla is, for each of its audiences, with the programme's figures and
//! a few verified products.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web;
use entities::{need, wg_session, working_group};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::catalog::store::{self, ProductListing};
use crate::http::{HttpError, RequestMeta, RouteTable};
use crate::state::AppState;
use crate::ui::Page;

pub fn routes(routes: &mut RouteTable) {
    routes.get("/", landing);
}

const FEATURED: u64 = 6;
/// The front page's figures may be this old: they cost nine queries and change slowly.
const FRESH_FOR: Duration = Duration::from_secs(10);

/// What the landing page shows, gathered from the database at most every [`FRESH_FOR`].
#[derive(Debug, Clone)]
struct Figures {
    stats: serde_json::Value,
    featured: Vec<ProductListing>,
    gathered: Instant,
}

/// The landing page's recent figures, shared by the workers of one instance.
#[derive(Debug, Default)]
pub struct LandingCache {
    figures: Mutex<Option<Figures>>,
}

impl LandingCache {
    async fn figures(&self, db: &DatabaseConnection) -> Result<Figures, HttpError> {
        if let Some(figures) = self.figures.lock().ok().and_then(|f| f.clone())
            && figures.gathered.elapsed() < FRESH_FOR
        {
            return Ok(figures);
        }
        let figures = gather(db).await?;
        if let Ok(mut slot) = self.figures.lock() {
            *slot = Some(figures.clone());
        }
        Ok(figures)
    }
}

async fn gather(db: &DatabaseConnection) -> Result<Figures, HttpError> {
    let now = chrono::Utc::now();
    let (featured, verified_total) = store::verified_page(db, now.date_naive(), FEATURED).await?;
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
    let stats = serde_json::json!({
        "products": products,
        "verified_products": verified_total,
        "needs": needs,
        "working_groups": working_groups,
        "upcoming_sessions": upcoming_sessions,
    });
    Ok(Figures { stats, featured, gathered: Instant::now() })
}

async fn landing(state: web::Data<AppState>, meta: RequestMeta) -> Result<Page, HttpError> {
    let figures = state.landing.figures(&state.db).await?;
    let today = chrono::Utc::now().date_naive();
    let catalogs = state.templates.catalogs();
    let cards: Vec<_> = figures
        .featured
        .iter()
        .map(|l| crate::catalog::view::card(l, today, meta.locale, catalogs, &state.reference))
        .collect();
    Ok(Page::new("pages/landing.html", serde_json::json!({ "stats": figures.stats, "featured_products": cards })))
}
