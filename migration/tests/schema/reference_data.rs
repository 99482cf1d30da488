//! The reference data the migrations seed, read through the entities.

use entities::category::CategoryGroup;
use entities::prelude::*;
use entities::{category, company_size_band, prefecture, region};
use sea_orm_migration::sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::support::{migrate_up, on_both_backends};

on_both_backends!(reference_data_is_seeded);

async fn reference_data_is_seeded(db: &DatabaseConnection) {
    migrate_up(db).await;

    assert_eq!(Region::find().count(db).await.unwrap(), 8);
    assert_eq!(Prefecture::find().count(db).await.unwrap(), 47);
    assert_eq!(Category::find().count(db).await.unwrap(), 25);
    assert_eq!(Industry::find().count(db).await.unwrap(), 14);
    assert_eq!(CompanySizeBand::find().count(db).await.unwrap(), 6);

    // JIS X 0401 codes run 1..=47 without gaps.
    let codes: Vec<i16> = Prefecture::find()
        .order_by_asc(prefecture::Column::Code)
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|p| p.code)
        .collect();
    assert_eq!(codes, (1..=47).collect::<Vec<i16>>());

    for (code, name_ja, name_en, region) in [
        (1_i16, "北海道", "Hokkaido", "hokkaido"),
        (13, "東京都", "Tokyo", "kanto"),
        (15, "新潟県", "Niigata", "chubu"),
        (17, "石川県", "Ishikawa", "chubu"),
        (23, "愛知県", "Aichi", "chubu"),
        (24, "三重県", "Mie", "kinki"),
        (27, "大阪府", "Osaka", "kinki"),
        (33, "岡山県", "Okayama", "chugoku"),
        (39, "高知県", "Kochi", "shikoku"),
        (47, "沖縄県", "Okinawa", "kyushu_okinawa"),
    ] {
        let p = Prefecture::find_by_id(code).one(db).await.unwrap().unwrap();
        assert_eq!((p.name_ja.as_str(), p.name_en.as_str()), (name_ja, name_en));
        assert_eq!(p.region_code, region, "region of {name_en}");
    }

    // Prefectures a region, in region order.
    let mut counts = Vec::new();
    for r in Region::find().order_by_asc(region::Column::SortOrder).all(db).await.unwrap() {
        let n = r.find_related(Prefecture).count(db).await.unwrap();
        counts.push((r.code, n));
    }
    let counts: Vec<(&str, u64)> = counts.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    assert_eq!(
        counts,
        [
            ("hokkaido", 1),
            ("tohoku", 6),
            ("kanto", 7),
            ("chubu", 9),
            ("kinki", 7),
            ("chugoku", 5),
            ("shikoku", 4),
            ("kyushu_okinawa", 8),
        ]
    );

    // Categories decode into their group enum.
    for (group, n) in [(CategoryGroup::ImportantField, 10), (CategoryGroup::SmallFirm, 10), (CategoryGroup::Service, 5)]
    {
        let found = Category::find().filter(category::Column::Group.eq(group)).count(db).await.unwrap();
        assert_eq!(found, n, "{group:?}");
    }
    let utm = Category::find_by_id("utm").one(db).await.unwrap().unwrap();
    assert_eq!(utm.group, CategoryGroup::SmallFirm);
    let otasuketai = Category::find_by_id("otasuketai").one(db).await.unwrap().unwrap();
    assert_eq!(otasuketai.name_ja, "サイバーセキュリティお助け隊サービス");

    // Size bands tile 1.. without gaps, the top band open.
    let bands = CompanySizeBand::find().order_by_asc(company_size_band::Column::SortOrder).all(db).await.unwrap();
    let mut next = 1;
    for band in &bands {
        assert_eq!(band.min_employees, next, "{}", band.code);
        next = band.max_employees.map_or(i32::MAX, |max| max + 1);
    }
    assert_eq!(bands.last().unwrap().code, "large");
    assert_eq!(bands.last().unwrap().max_employees, None);
}
