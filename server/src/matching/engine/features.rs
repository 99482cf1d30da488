//! Facts turned into what the hot loop reads: bit sets, interned term ids and prices, computed
//! once when a product or need is upserted so that ranking does no parsing and no string work.

use std::collections::HashMap;

use super::facts::{Category, NeedFacts, NeedId, PREFECTURE_CODES, ProductFacts, ProductId, SizeBand, Worry};
use super::score::{STRONG_POINT_MULTIPLIER, term_weight};
use super::text::{self, Term, TermKind, Vocabulary};
use super::worries;
use crate::catalog::pricing::Pricing;
use crate::catalog::verification_status::RecordDates;

/// The term-id bit that marks a product term found in the strong points.
pub(crate) const STRONG_POINT_FLAG: u32 = 1 << 31;
/// The bits of a product term entry that hold the term id.
pub(crate) const TERM_ID_MASK: u32 = STRONG_POINT_FLAG - 1;

/// Every size band's bit: a product that names no band fits every size.
const ALL_BANDS: u8 = (1 << SizeBand::ALL.len()) - 1;

/// Bit `p` for each prefecture code `p` in 1..=47.
const ALL_PREFECTURES: u64 = ((1u64 << 48) - 1) & !1;

/// A prefecture's bit; codes outside 1..=47 get no bit and so match nothing.
pub(crate) fn prefecture_bit(code: u8) -> u64 {
    if PREFECTURE_CODES.contains(&code) { 1 << code } else { 0 }
}

/// Industry codes interned to small ids, so a need's industry compares as an integer.
#[derive(Debug, Default, Clone)]
pub(crate) struct Industries {
    ids: HashMap<String, u32>,
}

impl Industries {
    fn intern(&mut self, code: &str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(code.to_owned()).or_insert(next)
    }
}

/// How much a product term entry multiplies the need's weight of that term.
pub(crate) fn multiplier(entry: u32) -> u32 {
    if entry & STRONG_POINT_FLAG != 0 { STRONG_POINT_MULTIPLIER } else { 1 }
}

/// Inline records and adoption industries a [`Summary`] holds; a product with more keeps
/// them in [`ProductFeatures`] and the summary says so.
pub(crate) const INLINE: usize = 2;

/// Everything the filters and the score read of a product except its words, in a cache line
/// and a half. The index copies it into each category posting list the product is in, so the
/// first pass of a ranking reads its lists front to back and never leaves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub pricing: Pricing,
    /// Prefectures served, nationwide included.
    pub served: u64,
    /// Prefectures the product names, without the nationwide flag: a local vendor.
    pub named_prefectures: u64,
    /// Green and blue records not withdrawn, when there are at most [`INLINE`].
    pub records: [Option<RecordDates>; INLINE],
    /// (industry id, published adoption cases), when there are at most [`INLINE`] industries.
    pub adoption: [Option<(u16, u16)>; INLINE],
    pub categories: u32,
    pub bands: u8,
    pub ease_of_introduction: Option<u8>,
    pub ease_of_operation: Option<u8>,
    /// True when the product named its bands (rather than fitting every size by default).
    pub names_bands: bool,
    pub meets_otasuketai_caps: bool,
    /// The records are in [`ProductFeatures::records`] only.
    pub more_records: bool,
    /// The adoption cases are in [`ProductFeatures::adoption`] only.
    pub more_adoption: bool,
}

/// A product as the index keeps it.
#[derive(Debug, Clone)]
pub(crate) struct ProductFeatures {
    pub id: ProductId,
    pub summary: Summary,
    /// Green and blue records not withdrawn: the only ones that can ever be current.
    pub records: Box<[RecordDates]>,
    /// Distinct term ids in ascending id order, [`STRONG_POINT_FLAG`] set when the term occurs in
    /// the strong points.
    pub terms: TermList,
    /// (industry id, number of published adoption cases).
    pub adoption: Box<[(u32, u32)]>,
}

/// A product's term entries (id, [`STRONG_POINT_FLAG`] when in the strong points), ascending by
/// id, stored as varint deltas: reading a product's terms is what ranking waits for, and deltas of
/// sorted ids take one or two bytes instead of four, so far fewer cache lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TermList {
    bytes: Box<[u8]>,
}

impl TermList {
    /// `entries` must be ascending by term id.
    pub fn encode(entries: &[u32]) -> Self {
        let mut bytes = Vec::with_capacity(entries.len() * 2);
        let mut previous = 0;
        for &entry in entries {
            let id = entry & TERM_ID_MASK;
            let mut value = (u64::from(id - previous) << 1) | u64::from(entry >> 31);
            previous = id;
            while value >= 0x80 {
                bytes.push((value as u8) | 0x80);
                value >>= 7;
            }
            bytes.push(value as u8);
        }
        Self { bytes: bytes.into() }
    }

    pub fn iter(&self) -> TermEntries<'_> {
        TermEntries { bytes: &self.bytes, previous: 0 }
    }
}

/// The entries of a [`TermList`], decoded.
#[derive(Debug, Clone)]
pub(crate) struct TermEntries<'a> {
    bytes: &'a [u8],
    previous: u32,
}

impl Iterator for TermEntries<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut value: u64 = 0;
        let mut shift = 0;
        loop {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            value |= u64::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        let id = self.previous + (value >> 1) as u32;
        self.previous = id;
        Some(id | ((value as u32 & 1) << 31))
    }
}

/// One word or script run of a need's text with the terms it gave, for explanations.
#[derive(Debug, Clone)]
pub(crate) struct NeedRun {
    pub surface: Box<str>,
    pub terms: Box<[u32]>,
}

/// A need as the index keeps it.
#[derive(Debug, Clone)]
pub(crate) struct NeedFeatures {
    pub id: NeedId,
    /// Categories the firm asked for.
    pub asked: u32,
    /// Each worry with the categories that address it.
    pub worries: Box<[(Worry, u32)]>,
    /// Asked categories and worry categories together: the category filter. A need with neither
    /// wants the categories its words point at ([`worries::categories_of_concept`]).
    pub wanted: u32,
    pub band: SizeBand,
    pub employees: u32,
    pub prefecture: u8,
    pub prefecture_bit: u64,
    pub devices: i64,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    pub industry: Option<(u32, String)>,
    /// Distinct (term id, weight) in ascending id order.
    pub terms: Box<[(u32, u8)]>,
    /// The best text overlap possible: every term found in a product's strong points.
    pub text_ceiling: u32,
    pub runs: Box<[NeedRun]>,
    /// (term id, concept code) of the concepts among the terms.
    pub concepts: Box<[(u32, &'static str)]>,
}

fn mask_of(categories: &[Category]) -> u32 {
    categories.iter().fold(0, |mask, c| mask | c.bit())
}

impl ProductFeatures {
    pub fn build(facts: &ProductFacts, vocabulary: &mut Vocabulary, industries: &mut Industries) -> Self {
        let mut entries: Vec<u32> = Vec::new();
        let descriptions = [Some(facts.description_ja.as_str()), facts.description_en.as_deref()];
        let strong_points = [Some(facts.strong_points_ja.as_str()), facts.strong_points_en.as_deref()];
        for (texts, flag) in [(descriptions, 0), (strong_points, STRONG_POINT_FLAG)] {
            for text in texts.into_iter().flatten() {
                text::scan(text, |term| entries.push(vocabulary.intern(term) | flag));
            }
        }
        // One entry a term, flagged when any occurrence was in the strong points.
        entries.sort_unstable_by_key(|e| e & TERM_ID_MASK);
        let mut terms: Vec<u32> = Vec::with_capacity(entries.len());
        for entry in entries {
            match terms.last_mut() {
                Some(last) if *last & TERM_ID_MASK == entry & TERM_ID_MASK => *last |= entry,
                _ => terms.push(entry),
            }
        }

        let mut adoption: Vec<(u32, u32)> = Vec::new();
        for code in &facts.adoption_industries {
            let id = industries.intern(code);
            match adoption.iter_mut().find(|(i, _)| *i == id) {
                Some((_, cases)) => *cases += 1,
                None => adoption.push((id, 1)),
            }
        }

        let records: Box<[RecordDates]> =
            facts.verifications.iter().map(|v| v.dates()).filter(|r| r.level.is_matchable() && !r.withdrawn).collect();
        let mut inline_records = [None; INLINE];
        for (slot, record) in inline_records.iter_mut().zip(records.iter()) {
            *slot = Some(*record);
        }
        let small_adoption: Vec<(u16, u16)> = adoption
            .iter()
            .filter_map(|&(id, cases)| Some((u16::try_from(id).ok()?, u16::try_from(cases).ok()?)))
            .collect();
        let mut inline_adoption = [None; INLINE];
        for (slot, entry) in inline_adoption.iter_mut().zip(small_adoption.iter()) {
            *slot = Some(*entry);
        }
        let named_prefectures = facts.prefectures.iter().fold(0, |bits, p| bits | prefecture_bit(*p));
        let bands = facts.size_bands.iter().fold(0u8, |bits, b| bits | b.bit() as u8);
        let pricing = Pricing::from(facts.pricing);
        ProductFeatures {
            id: facts.id.clone(),
            summary: Summary {
                pricing,
                served: named_prefectures | if facts.nationwide { ALL_PREFECTURES } else { 0 },
                named_prefectures,
                records: inline_records,
                adoption: inline_adoption,
                categories: mask_of(&facts.categories),
                bands: if bands == 0 { ALL_BANDS } else { bands },
                ease_of_introduction: facts.ease_of_introduction,
                ease_of_operation: facts.ease_of_operation,
                names_bands: bands != 0,
                meets_otasuketai_caps: pricing.meets_otasuketai_caps(),
                more_records: records.len() > INLINE,
                more_adoption: adoption.len() > INLINE || small_adoption.len() < adoption.len(),
            },
            records,
            terms: TermList::encode(&terms),
            adoption: adoption.into(),
        }
    }
}

impl NeedFeatures {
    pub fn build(facts: &NeedFacts, vocabulary: &mut Vocabulary, industries: &mut Industries) -> Self {
        let mut weights: HashMap<u32, u8> = HashMap::new();
        let mut runs: Vec<NeedRun> = Vec::new();
        let mut concepts: Vec<(u32, &'static str)> = Vec::new();
        let mut note = |term: Term<'_>, runs: &mut Vec<NeedRun>, concepts: &mut Vec<(u32, &'static str)>| {
            let id = vocabulary.intern(term);
            weights.insert(id, term_weight(term.kind));
            if term.kind == TermKind::Concept {
                let code = text::SYNONYMS.iter().map(|(code, _)| *code).find(|c| *c == term.text);
                if let Some(code) = code.filter(|_| !concepts.iter().any(|(c, _)| *c == id)) {
                    concepts.push((id, code));
                }
                return;
            }
            match runs.iter_mut().find(|r| *r.surface == *term.surface) {
                Some(run) if !run.terms.contains(&id) => {
                    let mut ids = run.terms.to_vec();
                    ids.push(id);
                    run.terms = ids.into();
                }
                Some(_) => {}
                None => runs.push(NeedRun { surface: term.surface.into(), terms: Box::new([id]) }),
            }
        };
        for text in [facts.title.as_str(), facts.keywords.as_str(), facts.body.as_str()] {
            text::scan(text, |term| note(term, &mut runs, &mut concepts));
        }
        let said: Vec<&'static str> = concepts.iter().map(|(_, code)| *code).collect();
        for code in facts.worries.iter().filter_map(|w| worries::concept_of(*w)) {
            note(Term { kind: TermKind::Concept, text: code, surface: code }, &mut runs, &mut concepts);
        }
        let mut terms: Vec<(u32, u8)> = weights.into_iter().collect();
        terms.sort_unstable();
        let text_ceiling = terms.iter().map(|(_, w)| u32::from(*w) * STRONG_POINT_MULTIPLIER).sum();

        let mut worry_list: Vec<Worry> = facts.worries.clone();
        worry_list.sort_unstable();
        worry_list.dedup();
        let worries: Box<[(Worry, u32)]> = worry_list.iter().map(|w| (*w, worries::categories_of(*w))).collect();
        let asked = mask_of(&facts.categories);
        let mut wanted = worries.iter().fold(asked, |mask, (_, m)| mask | m);
        if wanted == 0 {
            wanted = said.iter().fold(0, |mask, code| mask | worries::categories_of_concept(code));
        }
        let band = SizeBand::of_employees(facts.employees);
        NeedFeatures {
            id: facts.id.clone(),
            asked,
            wanted,
            worries,
            band,
            employees: facts.employees,
            prefecture: facts.prefecture,
            prefecture_bit: prefecture_bit(facts.prefecture),
            devices: i64::from(facts.devices),
            budget_initial_yen: facts.budget_initial_yen,
            budget_monthly_yen: facts.budget_monthly_yen,
            industry: facts.industry.as_ref().map(|code| (industries.intern(code), code.clone())),
            terms: terms.into(),
            text_ceiling,
            runs: runs.into(),
            concepts: concepts.into(),
        }
    }

    pub fn band_bit(&self) -> u8 {
        self.band.bit() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_lists_round_trip() {
        let entries = [0, 1 | STRONG_POINT_FLAG, 2, 200, 70_000 | STRONG_POINT_FLAG, TERM_ID_MASK | STRONG_POINT_FLAG];
        let list = TermList::encode(&entries);
        assert_eq!(list.iter().collect::<Vec<_>>(), entries);
        assert_eq!(TermList::encode(&[]).iter().next(), None);
    }
}
