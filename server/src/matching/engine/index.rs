//! The in-memory index: products and needs as precomputed features, posting lists by category,
//! and (when asked for) each need's top-k kept up to date as products and needs change.
//!
//! Ranking one need scans only the products in the categories it wants, each once: a product in
//! several of them is skipped in every list but the first (its category bits tell). Each posting
//! entry carries the product's [`Summary`], so filtering and every part of the score but text
//! never leave the list; text (the product's sorted term ids read against a dense array of the
//! need's term weights) is added best candidates first, only while it can still change the top k.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::{Category, NeedFacts, NeedId, ProductFacts, ProductId};
use super::features::{
    Industries, NeedFeatures, ProductFeatures, STRONG_POINT_FLAG, Summary, TERM_ID_MASK, TermList, multiplier,
};
use super::filters::{admit, admit_product};
use super::reasons::{Reason, explain};
use super::score::{self, STRONG_POINT_MULTIPLIER};
use super::text::Vocabulary;

/// A product ranked for a need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedProduct {
    pub product_id: ProductId,
    pub score: i64,
    pub reasons: Vec<Reason>,
}

/// A need ranked for a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedNeed {
    pub need_id: NeedId,
    pub score: i64,
    pub reasons: Vec<Reason>,
}

/// (score, slot) of one admitted pair, before ids and reasons are looked up.
type Scored = (i64, u32);

/// Rankings below this many needs or products run on the calling thread.
const PARALLEL_FROM: usize = 64;
/// Needs a worker takes at a time when ranking all of them.
const WORK_CHUNK: usize = 32;

/// Items by id in reusable slots, so posting lists can hold `u32`s.
#[derive(Debug, Clone)]
struct Slots<K, V> {
    items: Vec<Option<V>>,
    by_id: HashMap<K, u32>,
    free: Vec<u32>,
}

impl<K: Eq + Hash + Clone, V> Default for Slots<K, V> {
    fn default() -> Self {
        Self { items: Vec::new(), by_id: HashMap::new(), free: Vec::new() }
    }
}

impl<K: Eq + Hash + Clone, V> Slots<K, V> {
    /// Stores `value` under `id`, returning its slot and the value it replaced.
    fn put(&mut self, id: &K, value: V) -> (u32, Option<V>) {
        if let Some(&slot) = self.by_id.get(id) {
            return (slot, self.items[slot as usize].replace(value));
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                self.items[slot as usize] = Some(value);
                slot
            }
            None => {
                self.items.push(Some(value));
                u32::try_from(self.items.len() - 1).expect("fewer than 4 billion items")
            }
        };
        self.by_id.insert(id.clone(), slot);
        (slot, None)
    }

    fn take(&mut self, id: &K) -> Option<(u32, V)> {
        let slot = self.by_id.remove(id)?;
        self.free.push(slot);
        self.items[slot as usize].take().map(|value| (slot, value))
    }

    fn get(&self, slot: u32) -> Option<&V> {
        self.items.get(slot as usize).and_then(Option::as_ref)
    }

    fn slot_of(&self, id: &K) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    fn live(&self) -> impl Iterator<Item = (u32, &V)> {
        self.items.iter().enumerate().filter_map(|(slot, v)| v.as_ref().map(|v| (slot as u32, v)))
    }

    fn len(&self) -> usize {
        self.by_id.len()
    }
}

/// An entry of a posting list: whose it is and which categories it is in.
trait Posting: Copy {
    fn slot(&self) -> u32;
    fn mask(&self) -> u32;
}

/// A product in a posting list, with what the filters read, so a scan never leaves the list for
/// a product that fails them.
#[derive(Debug, Clone, Copy)]
struct ProductPosting {
    slot: u32,
    summary: Summary,
}

impl Posting for ProductPosting {
    fn slot(&self) -> u32 {
        self.slot
    }
    fn mask(&self) -> u32 {
        self.summary.categories
    }
}

/// A need in a posting list, with the categories it wants.
#[derive(Debug, Clone, Copy)]
struct NeedPosting {
    slot: u32,
    wanted: u32,
}

impl Posting for NeedPosting {
    fn slot(&self) -> u32 {
        self.slot
    }
    fn mask(&self) -> u32 {
        self.wanted
    }
}

/// Entries by category: one list per category bit, in slot order.
#[derive(Debug, Clone)]
struct Postings<T> {
    lists: Vec<Vec<T>>,
}

impl<T> Default for Postings<T> {
    fn default() -> Self {
        Self { lists: (0..Category::ALL.len()).map(|_| Vec::new()).collect() }
    }
}

impl<T: Posting> Postings<T> {
    /// Files `entry` under its categories, replacing its slot's older entry, and takes the slot out
    /// of the lists of `old_mask` it has left.
    fn put(&mut self, entry: T, old_mask: u32) {
        self.remove(entry.slot(), old_mask & !entry.mask());
        for c in bits(entry.mask()) {
            let list = &mut self.lists[c];
            match list.binary_search_by_key(&entry.slot(), T::slot) {
                Ok(at) => list[at] = entry,
                Err(at) => list.insert(at, entry),
            }
        }
    }

    fn remove(&mut self, slot: u32, mask: u32) {
        for c in bits(mask) {
            let list = &mut self.lists[c];
            if let Ok(at) = list.binary_search_by_key(&slot, T::slot) {
                list.remove(at);
            }
        }
    }

    /// Every entry in any category of `mask`, once: an entry is visited in the list of the lowest
    /// category it shares with `mask` and skipped in the others.
    fn each_once(&self, mask: u32, mut visit: impl FnMut(&T)) {
        for c in bits(mask) {
            let earlier = mask & ((1 << c) - 1);
            for entry in &self.lists[c] {
                if entry.mask() & earlier == 0 {
                    visit(entry);
                }
            }
        }
    }
}

/// The positions of the set bits of `mask`, lowest first.
fn bits(mask: u32) -> impl Iterator<Item = usize> {
    (0..32).filter(move |b| mask & (1 << b) != 0)
}

/// A dense per-term array for one query: the need's term weights, or the product's multipliers.
#[derive(Debug)]
struct Dense {
    values: Vec<u8>,
}

impl Dense {
    fn new(vocabulary: &Vocabulary) -> Self {
        Self { values: vec![0; vocabulary.len()] }
    }

    fn load_need(&mut self, need: &NeedFeatures) {
        for &(term, weight) in need.terms.iter() {
            self.values[term as usize] = weight;
        }
    }

    fn load_product(&mut self, product: &ProductFeatures) {
        for entry in product.terms.iter() {
            self.values[(entry & TERM_ID_MASK) as usize] = multiplier(entry) as u8;
        }
    }

    /// Zeroes the entries that were loaded, so the array can serve the next query.
    fn unload(&mut self, terms: impl Iterator<Item = u32>) {
        for term in terms {
            self.values[(term & TERM_ID_MASK) as usize] = 0;
        }
    }

    /// The need's (loaded) weights summed over the product's terms.
    fn overlap_with_product(&self, product: &ProductFeatures) -> u32 {
        product.terms.iter().map(|e| u32::from(self.values[(e & TERM_ID_MASK) as usize]) * multiplier(e)).sum()
    }

    /// The product's (loaded) multipliers summed over the need's weighted terms.
    fn overlap_with_need(&self, need: &NeedFeatures) -> u32 {
        need.terms.iter().map(|&(t, w)| u32::from(w) * u32::from(self.values[t as usize])).sum()
    }
}

/// Each need's top-k as of one day, kept current by the upserts.
#[derive(Debug, Clone)]
struct Kept {
    k: usize,
    today: NaiveDate,
    /// By need slot; a slot without a need has an empty list.
    rankings: Vec<Vec<Scored>>,
}

/// How many products hold a term, and in their strong points: bounds what text can add.
#[derive(Debug, Default, Clone, Copy)]
struct TermCounts {
    anywhere: u32,
    in_strong_points: u32,
}

/// Products and needs, indexed for matching. See the module documentation.
#[derive(Debug, Default, Clone)]
pub struct MatchIndex {
    vocabulary: Vocabulary,
    /// By term id.
    term_counts: Vec<TermCounts>,
    industries: Industries,
    products: Slots<ProductId, ProductFeatures>,
    needs: Slots<NeedId, NeedFeatures>,
    products_by_category: Postings<ProductPosting>,
    needs_by_category: Postings<NeedPosting>,
    kept: Option<Kept>,
}

impl MatchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of these products and needs, inserted in id order (later duplicates win).
    pub fn from_facts(products: &[ProductFacts], needs: &[NeedFacts]) -> Self {
        let mut index = Self::new();
        let mut products: Vec<&ProductFacts> = products.iter().collect();
        products.sort_by(|a, b| a.id.cmp(&b.id));
        let mut needs: Vec<&NeedFacts> = needs.iter().collect();
        needs.sort_by(|a, b| a.id.cmp(&b.id));
        for product in products {
            index.upsert_product(product);
        }
        for need in needs {
            index.upsert_need(need);
        }
        index
    }

    /// The categories a known need is matched against: those it asked for, those its worries
    /// point at, or, with neither, those its words point at.
    pub fn wanted_categories(&self, need_id: &NeedId) -> Vec<Category> {
        let wanted = self.needs.slot_of(need_id).and_then(|slot| self.needs.get(slot)).map_or(0, |n| n.wanted);
        Category::ALL.iter().copied().filter(|c| c.bit() & wanted != 0).collect()
    }

    pub fn product_count(&self) -> usize {
        self.products.len()
    }

    pub fn need_count(&self) -> usize {
        self.needs.len()
    }

    /// Adds or replaces a product. When rankings are kept, updates those of the needs the product
    /// can concern (those sharing a category with its old or new version) and returns, in id order,
    /// the needs whose top-k changed or holds the product.
    pub fn upsert_product(&mut self, facts: &ProductFacts) -> Vec<NeedId> {
        let features = ProductFeatures::build(facts, &mut self.vocabulary, &mut self.industries);
        let summary = features.summary;
        let terms = features.terms.clone();
        let (slot, old) = self.products.put(&facts.id, features);
        if let Some(old) = &old {
            self.count_terms(&old.terms, false);
        }
        self.count_terms(&terms, true);
        let old_categories = old.map_or(0, |p| p.summary.categories);
        self.products_by_category.put(ProductPosting { slot, summary }, old_categories);
        self.refresh_kept_for_product(slot, old_categories | summary.categories)
    }

    /// Removes a product; returns the needs whose kept top-k changed, like [`Self::upsert_product`].
    pub fn remove_product(&mut self, id: &ProductId) -> Vec<NeedId> {
        let Some((slot, old)) = self.products.take(id) else { return Vec::new() };
        self.count_terms(&old.terms, false);
        self.products_by_category.remove(slot, old.summary.categories);
        self.refresh_kept_for_product(slot, old.summary.categories)
    }

    /// Adds or replaces a need. When rankings are kept, reranks this need only and returns its id
    /// (its reasons may change even when its products do not).
    pub fn upsert_need(&mut self, facts: &NeedFacts) -> Vec<NeedId> {
        let features = NeedFeatures::build(facts, &mut self.vocabulary, &mut self.industries);
        let wanted = features.wanted;
        let (slot, old) = self.needs.put(&facts.id, features);
        self.needs_by_category.put(NeedPosting { slot, wanted }, old.map_or(0, |n| n.wanted));
        let Some(mut kept) = self.kept.take() else { return Vec::new() };
        if kept.rankings.len() <= slot as usize {
            kept.rankings.resize(slot as usize + 1, Vec::new());
        }
        let need = self.needs.get(slot).expect("just stored");
        let ranking = self.scored_products(need, kept.k, kept.today, &mut Dense::new(&self.vocabulary));
        kept.rankings[slot as usize] = ranking;
        self.kept = Some(kept);
        vec![facts.id.clone()]
    }

    /// Removes a need; returns its id when it had a kept top-k that was not empty.
    pub fn remove_need(&mut self, id: &NeedId) -> Vec<NeedId> {
        let Some((slot, old)) = self.needs.take(id) else { return Vec::new() };
        self.needs_by_category.remove(slot, old.wanted);
        match self.kept.as_mut().and_then(|kept| kept.rankings.get_mut(slot as usize)) {
            Some(ranking) if !ranking.is_empty() => {
                ranking.clear();
                vec![id.clone()]
            }
            _ => Vec::new(),
        }
    }

    /// The best `k` products for a need on `today`: score descending, then product id ascending.
    /// Empty for an unknown need.
    pub fn top_products_for_need(&self, need_id: &NeedId, k: usize, today: NaiveDate) -> Vec<RankedProduct> {
        let Some(need) = self.needs.slot_of(need_id).and_then(|slot| self.needs.get(slot)) else {
            return Vec::new();
        };
        let scored = self.scored_products(need, k, today, &mut Dense::new(&self.vocabulary));
        self.explain_products(need, &scored, today)
    }

    /// The best `k` needs for a product on `today`: score descending, then need id ascending.
    /// Empty for an unknown product or one with no current green or blue verification.
    pub fn top_needs_for_product(&self, product_id: &ProductId, k: usize, today: NaiveDate) -> Vec<RankedNeed> {
        let Some(product) = self.products.slot_of(product_id).and_then(|slot| self.products.get(slot)) else {
            return Vec::new();
        };
        let scored = self.scored_needs(product, k, today, &mut Dense::new(&self.vocabulary));
        self.explain_needs(product, &scored, today)
    }

    /// Every need's top `k`, in need id order; spread over the machine's cores.
    pub fn rank_all_needs(&self, k: usize, today: NaiveDate) -> Vec<(NeedId, Vec<RankedProduct>)> {
        let slots: Vec<u32> = self.needs.live().map(|(slot, _)| slot).collect();
        let mut ranked = in_parallel(&slots, &self.vocabulary, |slot, dense| {
            let need = self.needs.get(slot).expect("live slot");
            let scored = self.scored_products(need, k, today, dense);
            (need.id.clone(), self.explain_products(need, &scored, today))
        });
        ranked.sort_by(|a, b| a.0.cmp(&b.0));
        ranked
    }

    /// Every product's top `k` needs, in product id order; spread over the machine's cores.
    pub fn rank_all_products(&self, k: usize, today: NaiveDate) -> Vec<(ProductId, Vec<RankedNeed>)> {
        let slots: Vec<u32> = self.products.live().map(|(slot, _)| slot).collect();
        let mut ranked = in_parallel(&slots, &self.vocabulary, |slot, dense| {
            let product = self.products.get(slot).expect("live slot");
            let scored = self.scored_needs(product, k, today, dense);
            (product.id.clone(), self.explain_needs(product, &scored, today))
        });
        ranked.sort_by(|a, b| a.0.cmp(&b.0));
        ranked
    }

    /// Ranks every need (scores only) and from now on keeps each need's top `k` as of `today`
    /// current through the upserts and removals. Call again when the day changes: records lapse
    /// by date.
    pub fn keep_rankings(&mut self, k: usize, today: NaiveDate) {
        let slots: Vec<u32> = self.needs.live().map(|(slot, _)| slot).collect();
        let ranked = in_parallel(&slots, &self.vocabulary, |slot, dense| {
            (slot, self.scored_products(self.needs.get(slot).expect("live slot"), k, today, dense))
        });
        let mut rankings = vec![Vec::new(); self.needs.items.len()];
        for (slot, ranking) in ranked {
            rankings[slot as usize] = ranking;
        }
        self.kept = Some(Kept { k, today, rankings });
    }

    /// A need's kept top-k with reasons, when rankings are kept and the need is known.
    pub fn kept_ranking(&self, need_id: &NeedId) -> Option<Vec<RankedProduct>> {
        let kept = self.kept.as_ref()?;
        let slot = self.needs.slot_of(need_id)?;
        let need = self.needs.get(slot)?;
        Some(self.explain_products(need, kept.rankings.get(slot as usize)?, kept.today))
    }

    /// The admitted products of a need with their scores, best `k` first.
    ///
    /// Two passes. The first applies the filters and scores every part but text, which needs no
    /// more than the posting entry and the product's small fields. The second adds text, best
    /// candidates first, and stops once even the most text the need could earn would not lift the
    /// next candidate into the top `k`: reading term lists is what costs, and most are skipped.
    fn scored_products(&self, need: &NeedFeatures, k: usize, today: NaiveDate, dense: &mut Dense) -> Vec<Scored> {
        if k == 0 {
            return Vec::new();
        }
        let mut candidates: Vec<Scored> = Vec::new();
        self.products_by_category.each_once(need.wanted, |entry| {
            if let Some(admitted) = admit(need, &entry.summary, || self.products.get(entry.slot), today) {
                candidates.push((score::parts(need, &entry.summary, &admitted, 0, today).total(), entry.slot));
            }
        });
        let most_text = score::text_points(need, self.reachable_overlap(need));
        candidates.sort_unstable_by_key(|c| std::cmp::Reverse(c.0));
        let product_id = |slot: u32| self.products.get(slot).map(|p| &p.id);
        dense.load_need(need);
        let mut top: Vec<Scored> = Vec::with_capacity(k.min(candidates.len()) + 1);
        for (without_text, slot) in candidates {
            if top.len() == k && top.last().is_some_and(|last| without_text + most_text < last.0) {
                break;
            }
            let Some(product) = self.products.get(slot) else { continue };
            let entry = (without_text + score::text_points(need, dense.overlap_with_product(product)), slot);
            if top.len() < k || top.last().is_some_and(|last| compare(&entry, last, &product_id).is_lt()) {
                insert(&mut top, entry, &product_id);
                top.truncate(k);
            }
        }
        dense.unload(need.terms.iter().map(|(t, _)| *t));
        top
    }

    /// The most text overlap any product could give the need: its terms that some product has,
    /// doubled when some product has them in its strong points.
    fn reachable_overlap(&self, need: &NeedFeatures) -> u32 {
        need.terms
            .iter()
            .map(|&(term, weight)| match self.term_counts.get(term as usize) {
                Some(counts) if counts.in_strong_points > 0 => u32::from(weight) * STRONG_POINT_MULTIPLIER,
                Some(counts) if counts.anywhere > 0 => u32::from(weight),
                _ => 0,
            })
            .sum()
    }

    /// Keeps [`TermCounts`] in step with a product's terms coming (`+1`) or going (`-1`).
    fn count_terms(&mut self, terms: &TermList, coming: bool) {
        if self.term_counts.len() < self.vocabulary.len() {
            self.term_counts.resize(self.vocabulary.len(), TermCounts::default());
        }
        for entry in terms.iter() {
            let counts = &mut self.term_counts[(entry & TERM_ID_MASK) as usize];
            let strong = u32::from(entry & STRONG_POINT_FLAG != 0);
            if coming {
                counts.anywhere += 1;
                counts.in_strong_points += strong;
            } else {
                counts.anywhere -= 1;
                counts.in_strong_points -= strong;
            }
        }
    }

    /// The admitted needs of a product with their scores, best `k` first.
    fn scored_needs(&self, product: &ProductFeatures, k: usize, today: NaiveDate, dense: &mut Dense) -> Vec<Scored> {
        dense.load_product(product);
        let mut scored = Vec::new();
        self.needs_by_category.each_once(product.summary.categories, |entry| {
            let slot = entry.slot;
            let Some(need) = self.needs.get(slot) else { return };
            if let Some(admitted) = admit_product(need, product, today) {
                let overlap = dense.overlap_with_need(need);
                scored.push((score::parts(need, &product.summary, &admitted, overlap, today).total(), slot));
            }
        });
        dense.unload(product.terms.iter());
        best(scored, k, |slot| self.needs.get(slot).map(|n| &n.id))
    }

    fn explain_products(&self, need: &NeedFeatures, scored: &[Scored], today: NaiveDate) -> Vec<RankedProduct> {
        scored
            .iter()
            .filter_map(|&(score, slot)| {
                let product = self.products.get(slot)?;
                let admitted = admit_product(need, product, today)?;
                let (total, reasons) = explain(need, product, &admitted, today);
                debug_assert_eq!(total, score, "the explained score is the ranked score");
                Some(RankedProduct { product_id: product.id.clone(), score, reasons })
            })
            .collect()
    }

    fn explain_needs(&self, product: &ProductFeatures, scored: &[Scored], today: NaiveDate) -> Vec<RankedNeed> {
        scored
            .iter()
            .filter_map(|&(score, slot)| {
                let need = self.needs.get(slot)?;
                let admitted = admit_product(need, product, today)?;
                let (total, reasons) = explain(need, product, &admitted, today);
                debug_assert_eq!(total, score, "the explained score is the ranked score");
                Some(RankedNeed { need_id: need.id.clone(), score, reasons })
            })
            .collect()
    }

    /// After product `slot` changed (or went), brings the kept top-k of every need it can concern
    /// up to date: those wanting a category in `categories` (its old and new ones).
    fn refresh_kept_for_product(&mut self, slot: u32, categories: u32) -> Vec<NeedId> {
        let Some(mut kept) = self.kept.take() else { return Vec::new() };
        let mut changed = Vec::new();
        let (k, today) = (kept.k, kept.today);
        let mut dense = Dense::new(&self.vocabulary);
        let product = self.products.get(slot);
        let product_score = |need: &NeedFeatures, dense: &Dense| {
            let product = product?;
            let admitted = admit_product(need, product, today)?;
            Some(score::parts(need, &product.summary, &admitted, dense.overlap_with_need(need), today).total())
        };
        if let Some(product) = product {
            dense.load_product(product);
        }
        let mut reranks = Vec::new();
        self.needs_by_category.each_once(categories, |entry| {
            let need_slot = entry.slot;
            let Some(need) = self.needs.get(need_slot) else { return };
            let ranking = &mut kept.rankings[need_slot as usize];
            let before = ranking.clone();
            let was_full = ranking.len() == k;
            let new_score = product_score(need, &dense);
            let product_id = |s: u32| self.products.get(s).map(|p| &p.id);
            match (ranking.iter().position(|&(_, s)| s == slot), new_score) {
                (Some(at), new_score) => {
                    let (old_score, _) = ranking.remove(at);
                    match new_score {
                        // Up or level, or the list held every admitted product: still exact.
                        Some(score) if score >= old_score || !was_full => insert(ranking, (score, slot), &product_id),
                        None if !was_full => {}
                        // It fell: a product outside the kept k may now belong in it.
                        _ => reranks.push(need_slot),
                    }
                }
                (None, Some(score)) => {
                    let enters = ranking.len() < k
                        || ranking.last().is_some_and(|&last| compare(&(score, slot), &last, &product_id).is_lt());
                    if enters {
                        insert(ranking, (score, slot), &product_id);
                        ranking.truncate(k);
                    }
                }
                (None, None) => {}
            }
            // The product's own entry counts as a change even at the same place and score: its
            // reasons (words, ease, …) may have changed.
            if *ranking != before || ranking.iter().chain(&before).any(|&(_, s)| s == slot) {
                changed.push(need.id.clone());
            }
        });
        if let Some(product) = product {
            dense.unload(product.terms.iter());
        }
        for need_slot in reranks {
            let need = self.needs.get(need_slot).expect("visited above");
            kept.rankings[need_slot as usize] = self.scored_products(need, k, today, &mut dense);
            if !changed.contains(&need.id) {
                changed.push(need.id.clone());
            }
        }
        self.kept = Some(kept);
        changed.sort();
        changed
    }
}

/// Score descending, then id ascending.
fn compare<'a, Id: Ord + 'a>(a: &Scored, b: &Scored, id_of: &impl Fn(u32) -> Option<&'a Id>) -> Ordering {
    b.0.cmp(&a.0).then_with(|| id_of(a.1).cmp(&id_of(b.1)))
}

fn insert<'a, Id: Ord + 'a>(ranking: &mut Vec<Scored>, entry: Scored, id_of: &impl Fn(u32) -> Option<&'a Id>) {
    let at = ranking.partition_point(|e| compare(e, &entry, id_of).is_lt());
    ranking.insert(at, entry);
}

/// The best `k` of `scored`, in order.
fn best<'a, Id: Ord + 'a>(mut scored: Vec<Scored>, k: usize, id_of: impl Fn(u32) -> Option<&'a Id>) -> Vec<Scored> {
    if k == 0 {
        return Vec::new();
    }
    if scored.len() > k {
        scored.select_nth_unstable_by(k - 1, |a, b| compare(a, b, &id_of));
        scored.truncate(k);
    }
    scored.sort_unstable_by(|a, b| compare(a, b, &id_of));
    scored
}

/// `work` over every slot, on as many threads as the machine has cores; each thread has its own
/// dense array. The output order is unspecified: callers sort it.
fn in_parallel<T: Send>(slots: &[u32], vocabulary: &Vocabulary, work: impl Fn(u32, &mut Dense) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 1 || slots.len() < PARALLEL_FROM {
        let mut dense = Dense::new(vocabulary);
        return slots.iter().map(|&slot| work(slot, &mut dense)).collect();
    }
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(slots.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut dense = Dense::new(vocabulary);
                let mut mine = Vec::new();
                loop {
                    let start = next.fetch_add(WORK_CHUNK, AtomicOrdering::Relaxed);
                    let Some(chunk) = slots.get(start..(start + WORK_CHUNK).min(slots.len())) else { break };
                    if chunk.is_empty() {
                        break;
                    }
                    mine.extend(chunk.iter().map(|&slot| work(slot, &mut dense)));
                }
                results.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).extend(mine);
            });
        }
    });
    results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
}
