//! The matching index as the server holds it: built at start-up from every published product and
//! open need, then kept fresh like the search index — a timer asks the database what changed
//! since its last look, and code that changes a need, a product or a verification calls
//! [`MatchingService::refresh_now`] to see it at once and announces it on the bus
//! ([`CHANGED_TOPIC`]), so the other instances refresh at once too; the poll is the safety net,
//! so instances agree within one interval at worst. The proposals themselves are rows
//! (`need_match`), written idempotently, so two instances proposing the same pair write it once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::Mutex;
use uuid::Uuid;

use super::engine::{MatchIndex, NeedId, RankedNeed, RankedProduct};
use super::store::{facts, proposals};

/// How often each instance looks for changes.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(2);
/// Rows are looked at again for this long after a look (late commits, clock skew).
const OVERLAP: chrono::TimeDelta = chrono::TimeDelta::seconds(5);
/// Every this many refreshes everything is reconciled (deleted rows, backdated imports, and
/// verifications that lapsed by date).
const RECONCILE_EVERY: u32 = 150;

/// The bus topic on which an instance says "the catalogue or the needs changed": every instance
/// refreshes at once instead of at its next poll. The poll stays as the safety net (the bus is at
/// most once).
pub const CHANGED_TOPIC: &str = "matching.changed";

/// How many products are proposed to each need.
pub const PROPOSE_TOP_K: usize = 10;
/// A proposal still untouched is withdrawn (expired) only when it falls out of this many: a
/// product slipping from 10th to 11th does not churn the vendor's leads.
pub const RETAIN_TOP_K: usize = 50;

#[derive(Debug, Default)]
struct Seen {
    last_look: Option<DateTime<Utc>>,
    refreshes: u32,
    products: HashMap<Uuid, DateTime<Utc>>,
    needs: HashMap<Uuid, DateTime<Utc>>,
}

/// What one refresh did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefreshReport {
    pub products_reloaded: usize,
    pub needs_reloaded: usize,
    pub needs_reranked: usize,
    pub proposals_added: usize,
}

#[derive(Debug)]
pub struct MatchingService {
    db: DatabaseConnection,
    index: RwLock<MatchIndex>,
    seen: Mutex<Seen>,
}

impl MatchingService {
    /// Builds the index from the database and brings the proposals up to date. On a database
    /// with no proposals yet (a fresh install or fresh demo data) the first proposals are not
    /// announced to vendors: they describe the past, not news.
    pub async fn load(db: DatabaseConnection) -> Result<Arc<Self>, DbErr> {
        let service = Arc::new(Self { db, index: RwLock::new(MatchIndex::new()), seen: Mutex::new(Seen::default()) });
        let announce = proposals::any_exist(&service.db).await?;
        let report = service.reconcile_with(announce).await?;
        tracing::info!(
            products = service.read().product_count(),
            needs = service.read().need_count(),
            proposals_added = report.proposals_added,
            "matching index loaded"
        );
        Ok(service)
    }

    /// The best products for a need, as ranked now (empty for an unknown or closed need).
    pub fn products_for_need(&self, need: Uuid, k: usize, today: NaiveDate) -> Vec<RankedProduct> {
        self.read().top_products_for_need(&facts::need_id(need), k, today)
    }

    /// The best needs for a product, as ranked now.
    pub fn needs_for_product(&self, product: Uuid, k: usize, today: NaiveDate) -> Vec<RankedNeed> {
        self.read().top_needs_for_product(&facts::product_id(product), k, today)
    }

    /// Picks up what changed since the last look and re-ranks the needs it affects.
    pub async fn refresh_now(&self) -> Result<RefreshReport, DbErr> {
        let mut seen = self.seen.lock().await;
        let now = Utc::now();
        let since = seen.last_look.map_or(DateTime::<Utc>::MIN_UTC, |t| t - OVERLAP);
        let (products, verified) = crate::catalog::search::load::changed_since(&self.db, since).await?;
        let mut product_ids: Vec<Uuid> =
            products.into_iter().filter(|(id, at)| seen.products.get(id) != Some(at)).map(|(id, _)| id).collect();
        product_ids.extend(verified);
        product_ids.sort_unstable();
        product_ids.dedup();
        let need_ids: Vec<Uuid> = facts::needs_changed_since(&self.db, since)
            .await?
            .into_iter()
            .filter(|(id, at)| seen.needs.get(id) != Some(at))
            .map(|(id, _)| id)
            .collect();
        let mut report = self.reload(&mut seen, &product_ids, &need_ids, true).await?;
        seen.refreshes = seen.refreshes.wrapping_add(1);
        seen.last_look = Some(now);
        drop(seen);
        if self.seen.lock().await.refreshes.is_multiple_of(RECONCILE_EVERY) {
            let more = self.reconcile_with(true).await?;
            report.products_reloaded += more.products_reloaded;
            report.needs_reranked += more.needs_reranked;
            report.proposals_added += more.proposals_added;
        }
        Ok(report)
    }

    /// Reloads everything and re-ranks every need: picks up deletions, backdated rows and
    /// verifications that lapsed since yesterday.
    pub async fn reconcile(&self) -> Result<RefreshReport, DbErr> {
        self.reconcile_with(true).await
    }

    async fn reconcile_with(&self, announce: bool) -> Result<RefreshReport, DbErr> {
        let mut seen = self.seen.lock().await;
        let started = Utc::now();
        let product_ids = crate::catalog::search::load::published_ids(&self.db).await?;
        let need_ids = facts::open_need_ids(&self.db).await?;
        // Whatever is indexed but no longer listed must go too.
        let (stale_products, stale_needs): (Vec<Uuid>, Vec<Uuid>) = {
            let published: HashSet<&Uuid> = product_ids.iter().collect();
            let open: HashSet<&Uuid> = need_ids.iter().collect();
            (
                seen.products.keys().filter(|id| !published.contains(id)).copied().collect(),
                seen.needs.keys().filter(|id| !open.contains(id)).copied().collect(),
            )
        };
        let all_products: Vec<Uuid> = product_ids.into_iter().chain(stale_products).collect();
        let all_needs: Vec<Uuid> = need_ids.into_iter().chain(stale_needs).collect();
        let mut report = self.reload(&mut seen, &all_products, &all_needs, announce).await?;
        // From here on, upserts report the needs whose rankings they change. Kept as of today:
        // the next reconciliation keeps them again, so a lapse by date is caught within one.
        self.write().keep_rankings(RETAIN_TOP_K, crate::catalog::needs::today());
        // Re-rank every need: a verification may have lapsed by date without any row changing.
        let every_need: Vec<Uuid> = seen.needs.keys().copied().collect();
        report.proposals_added += self.repropose(&every_need, announce).await?;
        report.needs_reranked = every_need.len();
        seen.last_look.get_or_insert(started);
        Ok(report)
    }

    /// Reads `product_ids` and `need_ids` again (present ones replaced, absent ones removed),
    /// then re-ranks the needs whose top products may have changed.
    async fn reload(
        &self,
        seen: &mut Seen,
        product_ids: &[Uuid],
        need_ids: &[Uuid],
        announce: bool,
    ) -> Result<RefreshReport, DbErr> {
        let mut report = RefreshReport::default();
        if product_ids.is_empty() && need_ids.is_empty() {
            return Ok(report);
        }
        let products = facts::products(&self.db, product_ids).await?;
        let needs = facts::needs(&self.db, need_ids).await?;
        let mut affected: HashSet<NeedId> = HashSet::new();
        {
            let mut index = self.write();
            let present: HashSet<&str> = products.iter().map(|(p, _)| p.id.0.as_str()).collect();
            for id in product_ids {
                if !present.contains(id.to_string().as_str()) {
                    affected.extend(index.remove_product(&facts::product_id(*id)));
                    seen.products.remove(id);
                }
            }
            for (p, updated_at) in &products {
                affected.extend(index.upsert_product(p));
                if let Ok(id) = Uuid::parse_str(&p.id.0) {
                    seen.products.insert(id, *updated_at);
                }
            }
            let open: HashSet<Uuid> = needs.iter().map(|(n, _)| n.id).collect();
            for id in need_ids {
                if !open.contains(id) {
                    index.remove_need(&facts::need_id(*id));
                    seen.needs.remove(id);
                }
            }
            for (n, f) in &needs {
                index.upsert_need(f);
                affected.insert(f.id.clone());
                seen.needs.insert(n.id, n.updated_at);
            }
        }
        // Needs already proposed one of these products are looked at again too (belt and braces
        // for the kept rankings, which only know the top few of each need).
        affected.extend(proposals::needs_with_products(&self.db, product_ids).await?.into_iter().map(facts::need_id));
        report.products_reloaded = product_ids.len();
        report.needs_reloaded = need_ids.len();
        let mut reranked: Vec<Uuid> = affected.iter().filter_map(|id| Uuid::parse_str(&id.0).ok()).collect();
        // Needs that left the index (closed) have their untouched proposals withdrawn too.
        reranked.extend(need_ids.iter().filter(|id| !seen.needs.contains_key(id)));
        reranked.sort_unstable();
        reranked.dedup();
        report.needs_reranked = reranked.len();
        report.proposals_added = self.repropose(&reranked, announce).await?;
        Ok(report)
    }

    /// Writes the current proposals of `needs` (see [`proposals::sync`]).
    async fn repropose(&self, needs: &[Uuid], announce: bool) -> Result<usize, DbErr> {
        let today = crate::catalog::needs::today();
        let mut added = 0;
        for chunk in needs.chunks(200) {
            let rankings: Vec<(Uuid, Vec<RankedProduct>)> = {
                let index = self.read();
                chunk
                    .iter()
                    .map(|id| (*id, index.top_products_for_need(&facts::need_id(*id), RETAIN_TOP_K, today)))
                    .collect()
            };
            for (need, ranked) in rankings {
                added += proposals::sync(&self.db, need, &ranked, PROPOSE_TOP_K, announce).await?;
            }
        }
        Ok(added)
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
                    Ok(report) if report == RefreshReport::default() => {}
                    Ok(report) => tracing::debug!(?report, "matching index refreshed"),
                    Err(e) => tracing::warn!(error = %e, "matching refresh failed; retrying"),
                }
            }
        });
    }

    /// Refreshes whenever another instance (or this one) announces a change on the bus, until the
    /// service is dropped.
    pub fn spawn_bus_listener(service: &Arc<Self>, bus: &Arc<dyn crate::bus::Bus>) {
        let weak: Weak<Self> = Arc::downgrade(service);
        let mut subscription = bus.subscribe(CHANGED_TOPIC);
        tokio::spawn(async move {
            // Message, gap or lag: in every case the answer is to look at the database again.
            while subscription.recv().await.is_some() {
                let Some(service) = weak.upgrade() else { return };
                if let Err(e) = service.refresh_now().await {
                    tracing::warn!(error = %e, "matching refresh after a bus notice failed; the poll will retry");
                }
            }
        });
    }

    /// Tells every instance that the catalogue or the needs changed (best effort).
    pub async fn announce(bus: &dyn crate::bus::Bus) {
        if let Err(e) = bus.publish(CHANGED_TOPIC, crate::bus::Bytes::new()).await {
            tracing::debug!(error = %e, "matching change notice not sent; other instances will poll");
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, MatchIndex> {
        self.index.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, MatchIndex> {
        self.index.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
