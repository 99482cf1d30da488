//! The index alone, on hand-made products.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::index::{ProductDoc, SearchIndex};
use super::query::{LevelFilter, SearchQuery};
use super::reasons::Reason;
use crate::catalog::pricing::Pricing;
use crate::catalog::verification_status::{Level, RecordDates};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn doc(name: &str, strong: &str, monthly: i64, bands: &[&str], valid_until: &str) -> ProductDoc {
    ProductDoc {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        categories: vec!["edr".to_owned()],
        size_bands: bands.iter().map(|b| (*b).to_owned()).collect(),
        nationwide: false,
        prefectures: vec![21],
        pricing: Pricing { initial_yen: 0, monthly_yen: monthly, per_device_monthly_yen: 0 },
        verifications: vec![RecordDates {
            level: Level::Green,
            verified_on: d("2025-01-01"),
            valid_until: d(valid_until),
            withdrawn: false,
        }],
        strong_text: strong.to_owned(),
        other_text: String::new(),
        updated_at: Utc::now(),
    }
}

fn index() -> SearchIndex<String> {
    let mut index = SearchIndex::default();
    for doc in [
        doc("守る君", "ランサムウェアの実行を止めます", 8_000, &[], "2027-01-01"),
        doc("見える君", "社内ネットワークの機器を見える化", 12_000, &["small"], "2026-06-30"),
        doc("対策君", "標的型メール対策の訓練", 5_000, &["large"], "2027-01-01"),
    ] {
        let name = doc.name.clone();
        index.upsert(doc, Arc::new(name));
    }
    index
}

fn names(index: &SearchIndex<String>, query: &SearchQuery, today: &str) -> Vec<String> {
    index.search(query, d(today)).hits.iter().map(|h| (*h.payload).clone()).collect()
}

fn q() -> SearchQuery {
    SearchQuery { limit: 10, ..SearchQuery::default() }
}

#[test]
fn japanese_without_spaces_finds_by_bigrams_and_leaves_unrelated_out() {
    let index = index();
    let query = SearchQuery { keyword: Some("ランサムウェア対策".to_owned()), ..q() };
    let result = index.search(&query, d("2026-01-01"));
    let found: Vec<_> = result.hits.iter().map(|h| (*h.payload).clone()).collect();
    assert_eq!(found, ["守る君"], "対策 alone is not enough for 対策君");
    assert!(result.hits[0].reasons.contains(&Reason::Keyword { words: vec!["ランサムウェア".to_owned()] }));
    assert_eq!(names(&index, &SearchQuery { keyword: Some("Ransomware".to_owned()), ..q() }, "2026-01-01"), ["守る君"]);
}

#[test]
fn filters_and_expiry_at_query_time() {
    let index = index();
    let budget = SearchQuery { budget_monthly: Some(10_000), ..q() };
    assert_eq!(names(&index, &budget, "2026-01-01"), ["守る君", "対策君"]);
    let small = SearchQuery { size_band: Some("small".to_owned()), ..q() };
    assert_eq!(names(&index, &small, "2026-01-01"), ["守る君", "見える君"], "no bands fits every size");
    let verified = SearchQuery { level: Some(LevelFilter::Verified), ..q() };
    assert_eq!(names(&index, &verified, "2026-06-30").len(), 3);
    assert_eq!(names(&index, &verified, "2026-07-01"), ["守る君", "対策君"], "lapsed the day after");
    let tokyo = SearchQuery { prefecture: Some(13), ..q() };
    assert!(names(&index, &tokyo, "2026-01-01").is_empty());
}

#[test]
fn removal_and_replacement_keep_postings_right() {
    let mut index = index();
    let id =
        index.search(&SearchQuery { keyword: Some("ランサムウェア".to_owned()), ..q() }, d("2026-01-01")).hits[0].id;
    index.remove(id);
    assert!(names(&index, &SearchQuery { keyword: Some("ランサムウェア".to_owned()), ..q() }, "2026-01-01").is_empty());
    assert_eq!(index.len(), 2);
}
