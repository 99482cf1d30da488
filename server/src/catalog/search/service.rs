//! The index as the server holds it: loaded at start-up, then kept fresh by a timer that asks the
//! database for products and verifications changed since the last look. Every instance does the
//! same, so instances sharing a database converge within one interval without any message bus.
//! Code that changes a product may call [`SearchService::refresh_now`] to see it at once.

use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::Mutex;
use uuid::Uuid;

use super::index::{ProductDoc, SearchIndex, SearchResult};
use super::load;
use super::query::SearchQuery;
use crate::catalog::store::ProductListing;
use crate::reference::ReferenceData;

/// How often each instance looks for changes.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(2);
/// Rows are looked at again for this long after a look, so a transaction that commits a little
/// after its `updated_at` was stamped, or an instance whose clock is a little behind, is not missed.
const OVERLAP: chrono::TimeDelta = chrono::TimeDelta::seconds(5);
/// Every this many refreshes, ids are reconciled in full (see [`SearchService::reconcile`]).
const RECONCILE_EVERY: u32 = 150;

pub type Index = SearchIndex<ProductListing>;

#[derive(Debug)]
pub struct SearchService {
    db: DatabaseConnection,
    reference: Arc<ReferenceData>,
    index: RwLock<Index>,
    /// Serialises refreshes; holds the time of the last look and the count of refreshes.
    last_look: Mutex<(DateTime<Utc>, u32)>,
}

impl SearchService {
    /// Loads every published product.
    pub async fn load(db: DatabaseConnection, reference: Arc<ReferenceData>) -> Result<Arc<Self>, DbErr> {
        let started = Utc::now();
        let ids = load::published_ids(&db).await?;
        let listings = load::published_listings(&db, &ids).await?;
        let mut index = Index::default();
        for listing in listings {
            let doc = load::doc_of(&listing, &reference);
            index.upsert(doc, Arc::new(listing));
        }
        tracing::info!(products = index.len(), "search index loaded");
        Ok(Arc::new(Self { db, reference, index: RwLock::new(index), last_look: Mutex::new((started, 0)) }))
    }

    /// Runs a search on the current index.
    pub fn search(&self, query: &SearchQuery, today: NaiveDate) -> SearchResult<ProductListing> {
        self.read().search(query, today)
    }

    /// The published products among `ids`, in that order; the rest are `Err(id)`.
    pub fn lookup(&self, ids: &[Uuid]) -> Vec<Result<(ProductDoc, Arc<ProductListing>), Uuid>> {
        let index = self.read();
        ids.iter().map(|id| index.get(*id).map(|(d, l)| (d.clone(), Arc::clone(l))).ok_or(*id)).collect()
    }

    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Picks up what changed in the database since the last look; returns how many products
    /// were reloaded or removed.
    pub async fn refresh_now(&self) -> Result<usize, DbErr> {
        let mut last = self.last_look.lock().await;
        let now = Utc::now();
        let (products, verified) = load::changed_since(&self.db, last.0 - OVERLAP).await?;
        // Rows seen again in the overlap, unchanged, are skipped.
        let mut ids: Vec<Uuid> = {
            let index = self.read();
            products.into_iter().filter(|(id, at)| index.updated_at(*id) != Some(*at)).map(|(id, _)| id).collect()
        };
        ids.extend(verified);
        ids.sort_unstable();
        ids.dedup();
        let mut changed = self.reload(&ids).await?;
        last.1 = last.1.wrapping_add(1);
        if last.1.is_multiple_of(RECONCILE_EVERY) {
            changed += self.reconcile().await?;
        }
        last.0 = now;
        Ok(changed)
    }

    /// Reads `ids` again: published ones are replaced, the others removed.
    async fn reload(&self, ids: &[Uuid]) -> Result<usize, DbErr> {
        if ids.is_empty() {
            return Ok(0);
        }
        let listings = load::published_listings(&self.db, ids).await?;
        let docs: Vec<(ProductDoc, ProductListing)> =
            listings.into_iter().map(|l| (load::doc_of(&l, &self.reference), l)).collect();
        let mut index = self.write();
        for id in ids {
            index.remove(*id);
        }
        for (doc, listing) in docs {
            index.upsert(doc, Arc::new(listing));
        }
        Ok(ids.len())
    }

    /// Compares the indexed ids with the published ones: removes what left (deleted rows leave
    /// no `updated_at`) and loads what is missing (rows written with an older `updated_at`, such
    /// as imports or generated data). Runs every [`RECONCILE_EVERY`] refreshes, or when called.
    pub async fn reconcile(&self) -> Result<usize, DbErr> {
        let published: std::collections::HashSet<Uuid> = load::published_ids(&self.db).await?.into_iter().collect();
        let (gone, missing): (Vec<Uuid>, Vec<Uuid>) = {
            let index = self.read();
            let gone = index.ids().filter(|id| !published.contains(id)).collect();
            let missing = published.iter().filter(|id| index.get(**id).is_none()).copied().collect();
            (gone, missing)
        };
        {
            let mut index = self.write();
            for id in &gone {
                index.remove(*id);
            }
        }
        Ok(gone.len() + self.reload(&missing).await?)
    }

    /// Refreshes every [`REFRESH_INTERVAL`] until the service is dropped (the server stopped).
    pub fn spawn_refresher(service: &Arc<Self>) {
        let weak: Weak<Self> = Arc::downgrade(service);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(REFRESH_INTERVAL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let Some(service) = weak.upgrade() else { return };
                match service.refresh_now().await {
                    Ok(0) => {}
                    Ok(n) => tracing::debug!(products = n, "search index refreshed"),
                    Err(e) => tracing::warn!(error = %e, "search index refresh failed; retrying"),
                }
            }
        });
    }
}
