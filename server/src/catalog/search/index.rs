//! The in-memory product search index, pure: no web framework, no database, no clock (`today` is
//! passed in, so a lapsed verification stops counting on its last day without any job).
//!
//! Products live in reusable slots; text terms (from the matching engine's tokeniser: CJK
//! bigrams, ASCII words, synonym concepts) map to posting lists of slots. A keyword query adds up
//! the weights of its terms per slot over those lists only, then filters; without a keyword every
//! slot is filtered (a tight loop over plain structs). Each entry carries an opaque payload (the
//! listing the pages render) so a search never goes back to the database.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::query::{LevelFilter, SearchQuery, SortBy};
use super::reasons::Reason;
use crate::catalog::pricing::Pricing;
use crate::catalog::verification_status::{RecordDates, current_badge};
use crate::matching::engine::text::{TermKind, scan};

/// What the index knows of one published product.
#[derive(Debug, Clone)]
pub struct ProductDoc {
    pub id: Uuid,
    pub name: String,
    pub categories: Vec<String>,
    /// Empty: fits every company size.
    pub size_bands: Vec<String>,
    pub nationwide: bool,
    pub prefectures: Vec<i16>,
    pub pricing: Pricing,
    pub verifications: Vec<RecordDates>,
    /// Heavily weighted text: name and strong points (both languages).
    pub strong_text: String,
    /// Lightly weighted text: descriptions and category names.
    pub other_text: String,
    /// The product's `updated_at`, so a refresh can skip rows it already holds.
    pub updated_at: DateTime<Utc>,
}

/// One product found, with why it fits.
#[derive(Debug, Clone)]
pub struct Hit<T> {
    pub id: Uuid,
    pub payload: Arc<T>,
    pub pricing: Pricing,
    /// Monthly price for the asked device count (1 when none was asked).
    pub monthly_for_devices: i64,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone)]
pub struct SearchResult<T> {
    pub hits: Vec<Hit<T>>,
    pub total: usize,
}

struct Entry<T> {
    doc: ProductDoc,
    /// Lower-cased name, for sorting.
    sort_name: String,
    /// (term key, weight) of the product's text, deduplicated.
    terms: Vec<(String, u32)>,
    payload: Arc<T>,
}

/// Weight of a term found in the name or strong points, and elsewhere.
const STRONG_WEIGHT: u32 = 3;
const OTHER_WEIGHT: u32 = 1;
/// A keyword query needs this share (percent) of its words and bigrams in a product, unless a
/// synonym concept of the query matches, so unrelated products that share one bigram stay out.
pub const MIN_MATCH_PERCENT: usize = 60;

fn term_key(kind: TermKind, text: &str) -> String {
    match kind {
        TermKind::Concept => format!("c:{text}"),
        TermKind::Word => format!("w:{text}"),
        TermKind::Gram => format!("g:{text}"),
    }
}

fn doc_terms(doc: &ProductDoc) -> Vec<(String, u32)> {
    let mut terms: HashMap<String, u32> = HashMap::new();
    for (text, weight) in [(&doc.strong_text, STRONG_WEIGHT), (&doc.other_text, OTHER_WEIGHT)] {
        scan(text, |t| {
            let w = terms.entry(term_key(t.kind, t.text)).or_insert(0);
            *w = (*w).max(weight);
        });
    }
    terms.into_iter().collect()
}

/// A query's terms, each with the surface (the reader's word) it came from.
struct QueryTerm {
    key: String,
    kind: TermKind,
    surface: String,
}

fn query_terms(keyword: &str) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    scan(keyword, |t| {
        let key = term_key(t.kind, t.text);
        if !out.iter().any(|q| q.key == key) {
            out.push(QueryTerm { key, kind: t.kind, surface: t.surface.to_owned() });
        }
    });
    out
}

pub struct SearchIndex<T> {
    entries: Vec<Option<Entry<T>>>,
    by_id: HashMap<Uuid, u32>,
    free: Vec<u32>,
    /// Term key → (slot, weight of the term in that product).
    postings: HashMap<String, Vec<(u32, u32)>>,
}

impl<T> Default for SearchIndex<T> {
    fn default() -> Self {
        Self { entries: Vec::new(), by_id: HashMap::new(), free: Vec::new(), postings: HashMap::new() }
    }
}

impl<T> std::fmt::Debug for SearchIndex<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("products", &self.len()).finish_non_exhaustive()
    }
}

impl<T> SearchIndex<T> {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn updated_at(&self, id: Uuid) -> Option<DateTime<Utc>> {
        self.slot_entry(id).map(|e| e.doc.updated_at)
    }

    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.by_id.keys().copied()
    }

    fn slot_entry(&self, id: Uuid) -> Option<&Entry<T>> {
        self.by_id.get(&id).and_then(|&slot| self.entries[slot as usize].as_ref())
    }

    /// The product with its payload, if indexed (that is, published).
    pub fn get(&self, id: Uuid) -> Option<(&ProductDoc, &Arc<T>)> {
        self.slot_entry(id).map(|e| (&e.doc, &e.payload))
    }

    /// Adds or replaces a product.
    pub fn upsert(&mut self, doc: ProductDoc, payload: Arc<T>) {
        self.remove(doc.id);
        let terms = doc_terms(&doc);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.entries.push(None);
                u32::try_from(self.entries.len() - 1).expect("fewer than 4 billion products")
            }
        };
        for (key, weight) in &terms {
            self.postings.entry(key.clone()).or_default().push((slot, *weight));
        }
        self.by_id.insert(doc.id, slot);
        let sort_name = doc.name.to_lowercase();
        self.entries[slot as usize] = Some(Entry { doc, sort_name, terms, payload });
    }

    /// Removes a product (unpublished or deleted); unknown ids are ignored.
    pub fn remove(&mut self, id: Uuid) {
        let Some(slot) = self.by_id.remove(&id) else { return };
        if let Some(entry) = self.entries[slot as usize].take() {
            for (key, _) in &entry.terms {
                if let Some(list) = self.postings.get_mut(key) {
                    list.retain(|(s, _)| *s != slot);
                    if list.is_empty() {
                        self.postings.remove(key);
                    }
                }
            }
        }
        self.free.push(slot);
    }

    /// Runs a query. `today` decides which verifications are current.
    pub fn search(&self, query: &SearchQuery, today: NaiveDate) -> SearchResult<T> {
        let keyword = query.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty());
        let terms = keyword.map(query_terms).unwrap_or_default();
        // (slot, score, bit set of the query terms matched): surfaces are spelt out for the page only.
        let mut candidates: Vec<(u32, u32, u64)> = match keyword {
            Some(_) => self.keyword_candidates(&terms),
            None => (0..self.entries.len() as u32).filter(|s| self.entry(*s).is_some()).map(|s| (s, 0, 0)).collect(),
        };
        let devices = query.devices.unwrap_or(1);
        candidates.retain(|(slot, _, _)| self.entry(*slot).is_some_and(|e| admits(&e.doc, query, today)));
        let total = candidates.len();

        let sort = query.sort.unwrap_or(if keyword.is_some() { SortBy::Relevance } else { SortBy::Name });
        let mut keyed: Vec<(SortKey<'_>, u32)> = candidates
            .iter()
            .map(|&(slot, score, _)| {
                (SortKey::of(self.entry(slot).expect("admitted slot"), score, sort, devices, today), slot)
            })
            .collect();
        let wanted = query.offset.saturating_add(query.limit).min(keyed.len());
        if wanted < keyed.len() && wanted > 0 {
            // Only the first pages are needed: partition, then sort the prefix.
            keyed.select_nth_unstable(wanted - 1);
            keyed.truncate(wanted);
        }
        keyed.sort_unstable();
        let bits_of: HashMap<u32, (u32, u64)> = keyed
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .filter_map(|(_, slot)| candidates.iter().find(|c| c.0 == *slot).map(|c| (*slot, (c.1, c.2))))
            .collect();

        let hits = keyed
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .map(|(_, slot)| {
                let (score, bits) = bits_of.get(&slot).copied().unwrap_or((0, 0));
                let entry = self.entry(slot).expect("admitted slot");
                let words = if keyword.is_some() { matched_surfaces(&terms, bits) } else { Vec::new() };
                Hit {
                    id: entry.doc.id,
                    payload: Arc::clone(&entry.payload),
                    pricing: entry.doc.pricing,
                    monthly_for_devices: entry.doc.pricing.monthly_for(devices),
                    score,
                    reasons: reasons(&entry.doc, query, &words, today),
                }
            })
            .collect();
        SearchResult { hits, total }
    }

    fn entry(&self, slot: u32) -> Option<&Entry<T>> {
        self.entries.get(slot as usize).and_then(Option::as_ref)
    }

    /// Slots that match enough of the keyword, with their score and the query terms they matched.
    /// Counts live in a dense array by slot (touched slots listed), not a hash map: common
    /// bigrams have long posting lists.
    fn keyword_candidates(&self, terms: &[QueryTerm]) -> Vec<(u32, u32, u64)> {
        let plain = terms.iter().filter(|t| t.kind != TermKind::Concept).count();
        // Per slot: matched plain terms, matched concepts, score, bit set of matched terms.
        let mut found: Vec<(u16, u16, u32, u64)> = vec![(0, 0, 0, 0); self.entries.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (n, term) in terms.iter().enumerate().take(64) {
            let Some(list) = self.postings.get(&term.key) else { continue };
            for &(slot, weight) in list {
                let f = &mut found[slot as usize];
                if f.3 == 0 {
                    touched.push(slot);
                }
                if term.kind == TermKind::Concept {
                    f.1 += 1;
                    f.2 += weight * 4;
                } else {
                    f.0 += 1;
                    f.2 += weight;
                }
                f.3 |= 1 << n;
            }
        }
        touched
            .into_iter()
            .filter_map(|slot| {
                let (matched, concepts, score, bits) = found[slot as usize];
                let enough = concepts > 0 || (plain > 0 && usize::from(matched) * 100 >= plain * MIN_MATCH_PERCENT);
                enough.then_some((slot, score, bits))
            })
            .collect()
    }
}

/// The reader's words that matched: a surface counts when at least half of its terms did.
fn matched_surfaces(terms: &[QueryTerm], bits: u64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for term in terms.iter().filter(|t| t.kind != TermKind::Concept) {
        if out.contains(&term.surface) {
            continue;
        }
        let of_surface: Vec<usize> = terms
            .iter()
            .enumerate()
            .take(64)
            .filter(|(_, t)| t.kind != TermKind::Concept && t.surface == term.surface)
            .map(|(n, _)| n)
            .collect();
        let hit = of_surface.iter().filter(|n| bits & (1 << **n) != 0).count();
        if hit * 2 >= of_surface.len() && hit > 0 {
            out.push(term.surface.clone());
        }
    }
    if out.is_empty() {
        // Matched through a synonym only: name the concept.
        for (n, term) in terms.iter().enumerate().take(64) {
            if term.kind == TermKind::Concept && bits & (1 << n) != 0 {
                out.push(term.surface.clone());
            }
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    /// Best score first, then by name.
    Relevance(std::cmp::Reverse<u32>, &'a str, Uuid),
    Name(&'a str, Uuid),
    Price(i64, &'a str, Uuid),
    /// Newest current verification first; unverified last.
    Newest(std::cmp::Reverse<Option<NaiveDate>>, &'a str, Uuid),
}

impl<'a> SortKey<'a> {
    fn of<T>(entry: &'a Entry<T>, score: u32, sort: SortBy, devices: i64, today: NaiveDate) -> Self {
        let name = entry.sort_name.as_str();
        let id = entry.doc.id;
        match sort {
            SortBy::Relevance => SortKey::Relevance(std::cmp::Reverse(score), name, id),
            SortBy::Name => SortKey::Name(name, id),
            SortBy::Price => SortKey::Price(entry.doc.pricing.monthly_for(devices), name, id),
            SortBy::Newest => {
                let newest =
                    entry.doc.verifications.iter().filter(|v| v.is_current(today)).map(|v| v.verified_on).max();
                SortKey::Newest(std::cmp::Reverse(newest), name, id)
            }
        }
    }
}

fn admits(doc: &ProductDoc, q: &SearchQuery, today: NaiveDate) -> bool {
    if !q.categories.is_empty() && !q.categories.iter().any(|c| doc.categories.contains(c)) {
        return false;
    }
    let devices = q.devices.unwrap_or(1);
    if q.budget_initial.is_some_and(|b| doc.pricing.initial_yen > b) {
        return false;
    }
    if q.budget_monthly.is_some_and(|b| doc.pricing.monthly_for(devices) > b) {
        return false;
    }
    if let Some(band) = &q.size_band
        && !doc.size_bands.is_empty()
        && !doc.size_bands.contains(band)
    {
        return false;
    }
    if let Some(pref) = q.prefecture
        && !doc.nationwide
        && !doc.prefectures.contains(&pref)
    {
        return false;
    }
    if let Some(level) = q.level {
        let current = |r: &&RecordDates| r.is_current(today);
        let ok = match level {
            LevelFilter::Verified => doc.verifications.iter().filter(current).any(|r| r.level.is_matchable()),
            LevelFilter::Exactly(l) => doc.verifications.iter().filter(current).any(|r| r.level == l),
        };
        if !ok {
            return false;
        }
    }
    if q.otasuketai && !doc.pricing.meets_otasuketai_caps() {
        return false;
    }
    true
}

/// Why a product fits: one reason per filter given, plus the current badge.
fn reasons(doc: &ProductDoc, q: &SearchQuery, words: &[String], today: NaiveDate) -> Vec<Reason> {
    let mut out = Vec::new();
    if !words.is_empty() {
        out.push(Reason::Keyword { words: words.to_vec() });
    }
    let devices = q.devices.unwrap_or(1);
    if let Some(budget) = q.budget_monthly {
        out.push(Reason::BudgetFit { monthly_yen: doc.pricing.monthly_for(devices), budget_yen: budget, devices });
    }
    if let Some(budget) = q.budget_initial {
        out.push(Reason::InitialBudgetFit { initial_yen: doc.pricing.initial_yen, budget_yen: budget });
    }
    for c in q.categories.iter().filter(|c| doc.categories.contains(c)) {
        out.push(Reason::Category { code: c.clone() });
    }
    if let Some(prefecture) = q.prefecture {
        out.push(Reason::Serves { prefecture, nationwide: doc.nationwide });
    }
    if let Some(band) = &q.size_band {
        out.push(Reason::SizeFits { band: band.clone() });
    }
    if let Some(badge) = current_badge(&doc.verifications, today) {
        out.push(Reason::Verified { level: badge.level, valid_until: badge.valid_until });
    }
    if q.otasuketai {
        out.push(Reason::Otasuketai);
    }
    out
}
