//! The engine's behaviour: hand-made cases first, then properties over generated catalogues.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::catalog::pricing::Pricing;
use crate::catalog::verification_status::Level;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-28";

fn today() -> NaiveDate {
    d(TODAY)
}

fn record(level: Level, from: &str, until: &str) -> VerificationFacts {
    VerificationFacts { level, verified_on: d(from), valid_until: d(until), withdrawn: false }
}

/// A product every test need can match: endpoint, green, nationwide, ¥1,000 a month.
fn product(id: &str) -> ProductFacts {
    ProductFacts {
        id: ProductId(id.to_owned()),
        categories: vec![Category::Endpoint],
        description_ja: "パソコンを守ります。".to_owned(),
        description_en: None,
        strong_points_ja: "・画面の案内に沿って導入できる".to_owned(),
        strong_points_en: None,
        pricing: PriceList { initial_yen: 0, monthly_yen: 1_000, per_device_monthly_yen: 0 },
        size_bands: Vec::new(),
        nationwide: true,
        prefectures: Vec::new(),
        ease_of_introduction: None,
        ease_of_operation: None,
        verifications: vec![record(Level::Green, "2025-06-01", "2027-05-31")],
        adoption_industries: Vec::new(),
    }
}

/// A need in Tokyo with ten people, asking for endpoint protection within ¥10,000 a month.
fn need(id: &str) -> NeedFacts {
    NeedFacts {
        id: NeedId(id.to_owned()),
        categories: vec![Category::Endpoint],
        worries: Vec::new(),
        title: "パソコンを守りたい".to_owned(),
        body: String::new(),
        keywords: String::new(),
        budget_initial_yen: 10_000,
        budget_monthly_yen: 10_000,
        employees: 10,
        devices: 10,
        prefecture: 13,
        industry: None,
    }
}

fn ranked(products: &[ProductFacts], need: &NeedFacts) -> Vec<RankedProduct> {
    let index = MatchIndex::from_facts(products, std::slice::from_ref(need));
    index.top_products_for_need(&need.id, 100, today())
}

fn ids(ranking: &[RankedProduct]) -> Vec<&str> {
    ranking.iter().map(|r| r.product_id.0.as_str()).collect()
}

fn keyword_reason(ranked: &RankedProduct) -> Option<(&Vec<String>, &Vec<String>, i64)> {
    ranked.reasons.iter().find_map(|r| match r {
        Reason::KeywordMatch { terms, concepts, points } => Some((terms, concepts, *points)),
        _ => None,
    })
}

// --- hand-made cases ------------------------------------------------------------------------------

#[test]
fn a_japanese_ransomware_need_finds_the_product_whose_strong_points_say_ransomware() {
    let mut guard = product("p-guard");
    guard.categories = vec![Category::Edr];
    guard.strong_points_ja = "・ランサムウェアの被害を最小限に抑える仕組みを備えている".to_owned();
    let mut other = product("p-other");
    other.categories = vec![Category::Edr];
    other.strong_points_ja = "・日本語の窓口に電話で相談できる".to_owned();
    let mut wish = need("n-1");
    wish.categories = Vec::new();
    wish.title = "ランサムウェア対策をしたい".to_owned();

    let ranking = ranked(&[other, guard], &wish);
    assert_eq!(ids(&ranking), ["p-guard", "p-other"], "no categories or worries: the words point at EDR");
    let (terms, concepts, points) = keyword_reason(&ranking[0]).expect("a keyword reason");
    assert_eq!(terms, &["ランサムウェア"]);
    assert_eq!(concepts, &["ransomware"]);
    assert!(points > 0);
    assert!(keyword_reason(&ranking[1]).is_none(), "nothing in common");
}

#[test]
fn an_english_need_meets_english_and_japanese_products() {
    let mut english = product("p-en");
    english.strong_points_en = Some("- Built to keep ransomware damage to a minimum".to_owned());
    let mut japanese = product("p-ja");
    japanese.description_ja = "ランサムウェアの実行を止めます。".to_owned();
    let plain = product("p-plain");
    let mut wish = need("n-en");
    wish.title = "We need ransomware protection".to_owned();
    wish.categories = Vec::new();
    wish.worries = vec![Worry::Ransomware];

    let ranking = ranked(&[plain, japanese, english], &wish);
    assert_eq!(ids(&ranking), ["p-en", "p-ja", "p-plain"], "strong points count double");
    assert_eq!(keyword_reason(&ranking[0]).unwrap().0, &["ransomware"]);
    assert_eq!(keyword_reason(&ranking[1]).unwrap().1, &["ransomware"], "met through the synonym table");
}

#[test]
fn worries_give_a_need_without_categories_its_candidates() {
    let mut vpn = product("p-vpn");
    vpn.categories = vec![Category::Vpn];
    let mut waf = product("p-waf");
    waf.categories = vec![Category::Waf];
    let mut wish = need("n-telework");
    wish.categories = Vec::new();
    wish.worries = vec![Worry::Telework];
    wish.title = "在宅の社員を守りたい".to_owned();
    let ranking = ranked(&[vpn, waf], &wish);
    assert_eq!(ids(&ranking), ["p-vpn"]);
    assert!(matches!(&ranking[0].reasons[1], Reason::CategoryMatch { worries, .. } if worries == &[Worry::Telework]));
}

#[test]
fn hard_filters_keep_out_what_does_not_qualify() {
    let wish = need("n");
    let mut cases: Vec<(ProductFacts, &str)> = Vec::new();
    let mut p = product("expired");
    p.verifications = vec![record(Level::Blue, "2024-01-01", "2026-11-27")];
    cases.push((p, "lapsed the day before"));
    let mut p = product("future");
    p.verifications = vec![record(Level::Blue, "2026-11-29", "2028-11-28")];
    cases.push((p, "not verified yet"));
    let mut p = product("withdrawn");
    p.verifications[0].withdrawn = true;
    cases.push((p, "withdrawn"));
    let mut p = product("red");
    p.verifications =
        vec![record(Level::Red, "2026-01-01", "2028-01-01"), record(Level::Dev, "2026-01-01", "2028-01-01")];
    cases.push((p, "red and dev do not count"));
    let mut p = product("unverified");
    p.verifications.clear();
    cases.push((p, "no record"));
    let mut p = product("waf");
    p.categories = vec![Category::Waf];
    cases.push((p, "another category"));
    let mut p = product("osaka");
    p.nationwide = false;
    p.prefectures = vec![27];
    cases.push((p, "serves Osaka only"));
    let mut p = product("large");
    p.size_bands = vec![SizeBand::MediumLarge, SizeBand::Large];
    cases.push((p, "for large firms"));
    let mut p = product("initial");
    p.pricing.initial_yen = 10_001;
    cases.push((p, "initial cost over budget"));
    let mut p = product("per-device");
    p.pricing = PriceList { initial_yen: 0, monthly_yen: 1_000, per_device_monthly_yen: 901 };
    cases.push((p, "¥1,000 + 10 × ¥901 is over ¥10,000"));
    for (p, why) in cases {
        assert!(ranked(std::slice::from_ref(&p), &wish).is_empty(), "{}: {why}", p.id);
    }

    let mut p = product("edge");
    p.pricing = PriceList { initial_yen: 10_000, monthly_yen: 1_000, per_device_monthly_yen: 900 };
    p.verifications = vec![record(Level::Green, "2026-11-28", "2026-11-28")];
    p.size_bands = vec![SizeBand::Small];
    p.nationwide = false;
    p.prefectures = vec![13];
    assert_eq!(ids(&ranked(&[p], &wish)), ["edge"], "every bound is inclusive");
}

#[test]
fn blue_ranks_above_green_and_recent_above_old() {
    let mut blue = product("a-blue");
    blue.verifications = vec![record(Level::Blue, "2025-06-01", "2027-05-31")];
    let green = product("b-green");
    let mut old_green = product("c-old-green");
    old_green.verifications = vec![record(Level::Green, "2025-01-01", "2026-12-31")];
    let mut both = product("d-both");
    both.verifications =
        vec![record(Level::Green, "2026-06-01", "2028-05-31"), record(Level::Blue, "2025-06-01", "2027-05-31")];
    let ranking = ranked(&[old_green, green, blue, both], &need("n"));
    assert_eq!(ids(&ranking), ["a-blue", "d-both", "b-green", "c-old-green"]);
    assert_eq!(ranking[0].score, ranking[1].score, "the blue record is the one that counts");
    assert!(matches!(ranking[1].reasons[0], Reason::Verified { level: Level::Blue, .. }));
}

#[test]
fn equal_scores_are_ordered_by_id() {
    let ranking = ranked(&[product("p-3"), product("p-1"), product("p-2")], &need("n"));
    assert_eq!(ids(&ranking), ["p-1", "p-2", "p-3"]);
    assert!(ranking.windows(2).all(|w| w[0].score == w[1].score));
    let index = MatchIndex::from_facts(&[product("p")], &[need("n-b"), need("n-a")]);
    let needs: Vec<_> =
        index.top_needs_for_product(&ProductId("p".into()), 5, today()).into_iter().map(|r| r.need_id.0).collect();
    assert_eq!(needs, ["n-a", "n-b"]);
}

#[test]
fn small_firm_friendliness_and_peers_raise_the_score() {
    let plain = product("plain");
    let mut easy = product("easy");
    easy.ease_of_introduction = Some(5);
    easy.ease_of_operation = Some(4);
    let mut peers = product("peers");
    peers.adoption_industries = vec!["retail".into(), "retail".into(), "it".into()];
    let mut wish = need("n");
    wish.industry = Some("retail".into());
    let ranking = ranked(&[plain, easy, peers], &wish);
    let score_of = |id: &str| ranking.iter().find(|r| r.product_id.0 == id).unwrap().score;
    assert_eq!(score_of("easy") - score_of("plain"), 7 * score::EASE_PER_STEP);
    assert_eq!(score_of("peers") - score_of("plain"), score::ADOPTION_FIRST_CASE + score::ADOPTION_MORE_CASE);
    let peers = ranking.iter().find(|r| r.product_id.0 == "peers").unwrap();
    assert!(peers.reasons.contains(&Reason::AdoptionInIndustry { industry: "retail".into(), cases: 2, points: 7_000 }));
}

#[test]
fn reasons_carry_the_facts_and_add_up_to_the_score() {
    let mut p = product("p");
    p.pricing = PriceList { initial_yen: 5_000, monthly_yen: 2_000, per_device_monthly_yen: 300 };
    p.nationwide = false;
    p.prefectures = vec![13, 14];
    let ranking = ranked(&[p], &need("n"));
    let only = &ranking[0];
    assert_eq!(only.score, only.reasons.iter().map(Reason::points).sum::<i64>());
    assert!(only.reasons.contains(&Reason::BudgetFit {
        initial_cost_yen: 5_000,
        budget_initial_yen: 10_000,
        monthly_cost_yen: 5_000,
        budget_monthly_yen: 10_000,
        devices: 10,
        points: 3_500 + 1_500,
    }));
    assert!(only.reasons.contains(&Reason::ServesPrefecture { prefecture: 13, points: score::LOCAL_SERVICE }));
    assert!(only.reasons.contains(&Reason::OtasuketaiCaps { points: score::OTASUKETAI_CAPS }));
    let json = serde_json::to_value(&only.reasons).unwrap();
    assert_eq!(json[0]["kind"], "verified");
    assert_eq!(json[0]["level"], "green");
    assert_eq!(
        json[1],
        serde_json::json!({"kind": "category_match", "categories": ["endpoint"], "worries": [], "points": 10_000})
    );
}

#[test]
fn kept_rankings_follow_product_and_need_changes() {
    let mut index = MatchIndex::from_facts(&[product("p-1"), product("p-2")], &[need("n-1"), need("n-2")]);
    index.keep_rankings(1, today());
    let top = |index: &MatchIndex, n: &str| ids(&index.kept_ranking(&NeedId(n.into())).unwrap()).join(",");
    assert_eq!(top(&index, "n-1"), "p-1");

    let mut better = product("p-2");
    better.verifications = vec![record(Level::Blue, "2026-11-01", "2028-10-31")];
    let changed = index.upsert_product(&better);
    assert_eq!(changed, [NeedId("n-1".into()), NeedId("n-2".into())]);
    assert_eq!(top(&index, "n-1"), "p-2");

    let changed = index.remove_product(&ProductId("p-2".into()));
    assert_eq!(changed.len(), 2, "both fall back to p-1 by a rerank");
    assert_eq!(top(&index, "n-1"), "p-1");
    assert_eq!(top(&index, "n-2"), "p-1");

    let mut waf_need = need("n-2");
    waf_need.categories = vec![Category::Waf];
    assert_eq!(index.upsert_need(&waf_need), [NeedId("n-2".into())]);
    assert_eq!(top(&index, "n-2"), "");
    assert!(index.upsert_product(&product("p-9")).is_empty(), "p-9 is behind p-1 for n-1 and not a WAF");
}

#[test]
fn the_batch_reads_json_and_refuses_bad_input_in_one_line() {
    let request = RankRequest { today: today(), k: 5, products: vec![product("p")], needs: vec![need("n")] };
    let json = serde_json::to_string(&request).unwrap();
    let out: serde_json::Value = serde_json::from_str(&rank_json(&json, RankBy::Need).unwrap()).unwrap();
    assert_eq!(out["needs"][0]["need_id"], "n");
    assert_eq!(out["needs"][0]["products"][0]["product_id"], "p");
    let out: serde_json::Value = serde_json::from_str(&rank_json(&json, RankBy::Product).unwrap()).unwrap();
    assert_eq!(out["products"][0]["needs"][0]["need_id"], "n");
    assert!(out.get("needs").is_none());

    let duplicate = RankRequest { products: vec![product("p"), product("p")], ..request.clone() };
    let err = rank_json(&serde_json::to_string(&duplicate).unwrap(), RankBy::Need).unwrap_err();
    assert_eq!(err.to_string(), r#"product id "p" appears more than once"#);
    let mut far = need("n");
    far.prefecture = 48;
    let err = rank(&RankRequest { needs: vec![far], ..request }, RankBy::Need).unwrap_err();
    assert_eq!(err.to_string(), r#"need "n": prefecture 48 is not a JIS code 1–47"#);
    for bad in ["", "{", r#"{"today":"2026-13-01"}"#, r#"{"today":"2026-11-28","colour":1}"#] {
        let err = rank_json(bad, RankBy::Need).unwrap_err().to_string();
        assert!(err.starts_with("the input is not a valid rank request: ") && !err.contains('\n'), "{err}");
    }
}

// --- properties -------------------------------------------------------------------------------------

const PHRASES_JA: &[&str] = &[
    "ランサムウェア対策をしたい",
    "テレワークの社員を守る",
    "標的型メールの訓練",
    "脆弱性を見つけて知らせる",
    "ホームページの改ざんを防ぐ",
    "ログを保存して調べる",
    "パソコンを守ります",
];
const PHRASES_EN: &[&str] = &["ransomware recovery", "remote work", "phishing drills", "vulnerability scans", "logs"];
const FEW_CATEGORIES: &[Category] = &[Category::Endpoint, Category::Edr, Category::Vpn, Category::Waf, Category::Utm];

fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![prop::sample::select(PHRASES_JA), prop::sample::select(PHRASES_EN)], 0..3)
        .prop_map(|parts| parts.join("。"))
}

fn verification_strategy() -> impl Strategy<Value = VerificationFacts> {
    (
        prop::sample::select(&[Level::Green, Level::Blue, Level::Red, Level::Dev][..]),
        -900i64..30,
        0i64..900,
        prop::bool::weighted(0.15),
    )
        .prop_map(|(level, from, length, withdrawn)| VerificationFacts {
            level,
            verified_on: day(from),
            valid_until: day(from + length),
            withdrawn,
        })
}

prop_compose! {
    fn product_strategy()(
        n in 0..24u32,
        categories in prop::sample::subsequence(FEW_CATEGORIES, 1..3),
        description in text_strategy(),
        strong in text_strategy(),
        strong_en in prop::option::of(text_strategy()),
        initial in prop::sample::select(&[0i64, 5_000, 10_000, 50_000][..]),
        monthly in prop::sample::select(&[0i64, 3_000, 10_000, 30_000][..]),
        per_device in prop::sample::select(&[0i64, 500, 2_000][..]),
        bands in prop::sample::subsequence(SizeBand::ALL, 0..3),
        nationwide in prop::bool::ANY,
        prefectures in prop::sample::subsequence(&[1u8, 13, 27][..], 0..3),
        ease in prop::option::of(1u8..=5),
        verifications in prop::collection::vec(verification_strategy(), 0..3),
        adoption in prop::collection::vec(prop::sample::select(&["it", "retail"][..]), 0..3),
    ) -> ProductFacts {
        ProductFacts {
            id: ProductId(format!("p{n:02}")),
            categories,
            description_ja: description,
            description_en: None,
            strong_points_ja: strong,
            strong_points_en: strong_en,
            pricing: PriceList { initial_yen: initial, monthly_yen: monthly, per_device_monthly_yen: per_device },
            size_bands: bands,
            nationwide,
            prefectures,
            ease_of_introduction: ease,
            ease_of_operation: ease.map(|e| 6 - e),
            verifications,
            adoption_industries: adoption.into_iter().map(str::to_owned).collect(),
        }
    }
}

prop_compose! {
    fn need_strategy()(
        n in 0..12u32,
        categories in prop::sample::subsequence(FEW_CATEGORIES, 0..2),
        worries in prop::sample::subsequence(&[Worry::Ransomware, Worry::Telework, Worry::WebsiteDefacement][..], 0..2),
        title in text_strategy(),
        body in text_strategy(),
        budget_initial in prop::sample::select(&[0i64, 10_000, 100_000][..]),
        budget_monthly in prop::sample::select(&[5_000i64, 30_000, 200_000][..]),
        employees in prop::sample::select(&[0u32, 5, 6, 30, 120, 400][..]),
        devices in 0u32..40,
        prefecture in prop::sample::select(&[1u8, 13, 27][..]),
        industry in prop::option::of(prop::sample::select(&["it", "retail"][..])),
    ) -> NeedFacts {
        NeedFacts {
            id: NeedId(format!("n{n:02}")),
            categories,
            worries,
            title,
            body,
            keywords: String::new(),
            budget_initial_yen: budget_initial,
            budget_monthly_yen: budget_monthly,
            employees,
            devices,
            prefecture,
            industry: industry.map(str::to_owned),
        }
    }
}

/// Unique ids: the last of a kind wins, as an upsert would.
fn unique<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut by_key = std::collections::BTreeMap::new();
    for item in items {
        by_key.insert(key(&item), item);
    }
    by_key.into_values().collect()
}

fn catalogue() -> impl Strategy<Value = (Vec<ProductFacts>, Vec<NeedFacts>)> {
    (prop::collection::vec(product_strategy(), 0..24), prop::collection::vec(need_strategy(), 1..8))
        .prop_map(|(p, n)| (unique(p, |p| p.id.clone()), unique(n, |n| n.id.clone())))
}

/// The hard filters written straight from the facts and the catalogue's rules, independently of
/// the index's bit sets (the category rule shares the worry table).
fn qualifies(product: &ProductFacts, need: &NeedFacts, today: NaiveDate) -> bool {
    let current = product.verifications.iter().any(|v| v.level.is_matchable() && v.dates().is_current(today));
    let wanted: Vec<Category> = MatchIndex::from_facts(&[], std::slice::from_ref(need)).wanted_categories(&need.id);
    let category = product.categories.iter().any(|c| wanted.contains(c));
    let region = product.nationwide || product.prefectures.contains(&need.prefecture);
    let size = product.size_bands.is_empty() || product.size_bands.contains(&SizeBand::of_employees(need.employees));
    let pricing = Pricing::from(product.pricing);
    let budget = pricing.initial_yen <= need.budget_initial_yen
        && pricing.monthly_for(i64::from(need.devices)) <= need.budget_monthly_yen;
    current && category && region && size && budget
}

#[derive(Debug, Clone)]
enum Change {
    Product(ProductFacts),
    RemoveProduct(u32),
    Need(NeedFacts),
    RemoveNeed(u32),
}

fn change_strategy() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => product_strategy().prop_map(Change::Product),
        1 => (0..24u32).prop_map(Change::RemoveProduct),
        2 => need_strategy().prop_map(Change::Need),
        1 => (0..12u32).prop_map(Change::RemoveNeed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn filters_admit_exactly_the_qualifying_products((products, needs) in catalogue(), offset in -30i64..30) {
        let today = day(offset);
        let index = MatchIndex::from_facts(&products, &needs);
        for need in &needs {
            let ranking = index.top_products_for_need(&need.id, 1_000, today);
            let expected: Vec<&str> = {
                let mut ids: Vec<&str> = products.iter().filter(|p| qualifies(p, need, today)).map(|p| p.id.0.as_str()).collect();
                ids.sort_unstable();
                ids
            };
            let mut got = ids(&ranking);
            got.sort_unstable();
            prop_assert_eq!(got, expected, "need {}", need.id);
            for r in &ranking {
                prop_assert_eq!(r.score, r.reasons.iter().map(Reason::points).sum::<i64>());
            }
            prop_assert!(ranking.windows(2).all(|w| (w[1].score, &w[0].product_id) <= (w[0].score, &w[1].product_id)), "score desc, id asc");
        }
    }

    #[test]
    fn results_do_not_depend_on_input_order((products, needs) in catalogue(), seed in any::<u64>(), k in 1usize..6) {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let request = RankRequest { today: today(), k, products, needs };
        let mut shuffled = request.clone();
        shuffled.products.shuffle(&mut rng);
        shuffled.needs.shuffle(&mut rng);
        for by in [RankBy::Need, RankBy::Product] {
            let a = serde_json::to_string(&rank(&request, by).unwrap()).unwrap();
            let b = serde_json::to_string(&rank(&shuffled, by).unwrap()).unwrap();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn both_directions_agree_on_every_pair((products, needs) in catalogue()) {
        let index = MatchIndex::from_facts(&products, &needs);
        for need in &needs {
            for r in index.top_products_for_need(&need.id, 1_000, today()) {
                let back = index.top_needs_for_product(&r.product_id, 1_000, today());
                let found = back.iter().find(|b| b.need_id == need.id);
                prop_assert!(found.is_some_and(|b| b.score == r.score && b.reasons == r.reasons));
            }
        }
    }

    #[test]
    fn incremental_updates_equal_a_rebuild(
        (products, needs) in catalogue(),
        changes in prop::collection::vec(change_strategy(), 1..12),
        k in 1usize..4,
    ) {
        let mut index = MatchIndex::from_facts(&products, &needs);
        index.keep_rankings(k, today());
        let mut products: std::collections::BTreeMap<ProductId, ProductFacts> = products.into_iter().map(|p| (p.id.clone(), p)).collect();
        let mut needs: std::collections::BTreeMap<NeedId, NeedFacts> = needs.into_iter().map(|n| (n.id.clone(), n)).collect();
        for change in changes {
            let before: Vec<_> = needs.keys().map(|id| (id.clone(), index.kept_ranking(id))).collect();
            let changed = match change {
                Change::Product(p) => { products.insert(p.id.clone(), p.clone()); index.upsert_product(&p) }
                Change::RemoveProduct(n) => {
                    let id = ProductId(format!("p{n:02}"));
                    products.remove(&id);
                    index.remove_product(&id)
                }
                Change::Need(n) => { needs.insert(n.id.clone(), n.clone()); index.upsert_need(&n) }
                Change::RemoveNeed(n) => {
                    let id = NeedId(format!("n{n:02}"));
                    needs.remove(&id);
                    index.remove_need(&id)
                }
            };
            for (id, old) in before {
                if needs.contains_key(&id) && old != index.kept_ranking(&id) {
                    prop_assert!(changed.contains(&id), "need {} changed without being reported", id);
                }
            }
        }
        let products: Vec<ProductFacts> = products.into_values().collect();
        let needs: Vec<NeedFacts> = needs.into_values().collect();
        let rebuilt = MatchIndex::from_facts(&products, &needs);
        for need in &needs {
            let fresh = rebuilt.top_products_for_need(&need.id, k, today());
            prop_assert_eq!(index.kept_ranking(&need.id), Some(fresh.clone()), "kept top-k of {}", need.id);
            prop_assert_eq!(index.top_products_for_need(&need.id, k, today()), fresh);
        }
        for product in &products {
            prop_assert_eq!(
                index.top_needs_for_product(&product.id, k, today()),
                rebuilt.top_needs_for_product(&product.id, k, today())
            );
        }
        prop_assert_eq!(index.product_count(), products.len());
        prop_assert_eq!(index.need_count(), needs.len());
    }
}
