//! Reference data: the rows of the reference tables, written out here so that they are frozen
//! with the migration. A later change to the data is a new migration, never an edit of this one.
//!
//! Regions follow the common eight-region division (八地方区分) with Okinawa under Kyushu; Niigata,
//! Yamanashi, Nagano, Hokuriku and Tokai are in Chubu, and Mie is in Kinki.

use sea_orm_migration::prelude::*;

use super::m20261128_000001_reference_tables::{Category, CompanySizeBand, Industry, Prefecture, Region};

/// Regions: code, Japanese name, English name. Sort order follows the list.
const REGIONS: [(&str, &str, &str); 8] = [
    ("hokkaido", "北海道", "Hokkaido"),
    ("tohoku", "東北", "Tohoku"),
    ("kanto", "関東", "Kanto"),
    ("chubu", "中部", "Chubu"),
    ("kinki", "近畿", "Kinki"),
    ("chugoku", "中国", "Chugoku"),
    ("shikoku", "四国", "Shikoku"),
    ("kyushu_okinawa", "九州・沖縄", "Kyushu and Okinawa"),
];

/// Prefectures in JIS X 0401 order: the code is the position in this list, from 1.
/// Japanese name, English name, region code.
const PREFECTURES: [(&str, &str, &str); 47] = [
    ("北海道", "Hokkaido", "hokkaido"),
    ("青森県", "Aomori", "tohoku"),
    ("岩手県", "Iwate", "tohoku"),
    ("宮城県", "Miyagi", "tohoku"),
    ("秋田県", "Akita", "tohoku"),
    ("山形県", "Yamagata", "tohoku"),
    ("福島県", "Fukushima", "tohoku"),
    ("茨城県", "Ibaraki", "kanto"),
    ("栃木県", "Tochigi", "kanto"),
    ("群馬県", "Gunma", "kanto"),
    ("埼玉県", "Saitama", "kanto"),
    ("千葉県", "Chiba", "kanto"),
    ("東京都", "Tokyo", "kanto"),
    ("神奈川県", "Kanagawa", "kanto"),
    ("新潟県", "Niigata", "chubu"),
    ("富山県", "Toyama", "chubu"),
    ("石川県", "Ishikawa", "chubu"),
    ("福井県", "Fukui", "chubu"),
    ("山梨県", "Yamanashi", "chubu"),
    ("長野県", "Nagano", "chubu"),
    ("岐阜県", "Gifu", "chubu"),
    ("静岡県", "Shizuoka", "chubu"),
    ("愛知県", "Aichi", "chubu"),
    ("三重県", "Mie", "kinki"),
    ("滋賀県", "Shiga", "kinki"),
    ("京都府", "Kyoto", "kinki"),
    ("大阪府", "Osaka", "kinki"),
    ("兵庫県", "Hyogo", "kinki"),
    ("奈良県", "Nara", "kinki"),
    ("和歌山県", "Wakayama", "kinki"),
    ("鳥取県", "Tottori", "chugoku"),
    ("島根県", "Shimane", "chugoku"),
    ("岡山県", "Okayama", "chugoku"),
    ("広島県", "Hiroshima", "chugoku"),
    ("山口県", "Yamaguchi", "chugoku"),
    ("徳島県", "Tokushima", "shikoku"),
    ("香川県", "Kagawa", "shikoku"),
    ("愛媛県", "Ehime", "shikoku"),
    ("高知県", "Kochi", "shikoku"),
    ("福岡県", "Fukuoka", "kyushu_okinawa"),
    ("佐賀県", "Saga", "kyushu_okinawa"),
    ("長崎県", "Nagasaki", "kyushu_okinawa"),
    ("熊本県", "Kumamoto", "kyushu_okinawa"),
    ("大分県", "Oita", "kyushu_okinawa"),
    ("宮崎県", "Miyazaki", "kyushu_okinawa"),
    ("鹿児島県", "Kagoshima", "kyushu_okinawa"),
    ("沖縄県", "Okinawa", "kyushu_okinawa"),
];

/// Categories: code, Japanese name, English name, group. Sort order follows the list.
const CATEGORIES: [(&str, &str, &str, &str); 25] = [
    // 重要分野: the important fields of the product evaluations (the last two added in FY2021).
    ("threat_visualisation", "脅威の可視化", "Threat visualisation", "important_field"),
    ("vulnerability_visualisation", "脆弱性の可視化", "Vulnerability visualisation", "important_field"),
    ("it_asset_management", "IT資産管理", "IT asset management", "important_field"),
    ("threat_intelligence", "脅威インテリジェンスの整理・管理", "Threat intelligence management", "important_field"),
    ("malware_severity", "マルウェア感染/発症の重篤度判定", "Malware infection severity assessment", "important_field"),
    ("education_training", "教育・トレーニング", "Education and training", "important_field"),
    ("high_level_verification", "ハイレベルセキュリティ検証", "High-level security verification", "important_field"),
    ("it_asset_authentication", "IT資産の認証/検証", "IT asset authentication and verification", "important_field"),
    ("data_protection", "データ保護", "Data protection", "important_field"),
    ("identity_access", "ID/アクセス管理", "Identity and access management", "important_field"),
    // What small firms search by, and what vendors selling to them offer.
    ("utm", "UTM", "UTM", "small_firm"),
    ("endpoint", "エンドポイントセキュリティ", "Endpoint security", "small_firm"),
    ("edr", "EDR", "EDR", "small_firm"),
    ("vpn", "VPN", "VPN", "small_firm"),
    ("log_management", "ログ管理", "Log management", "small_firm"),
    ("file_encryption", "ファイル暗号化", "File encryption", "small_firm"),
    ("waf", "WAF", "WAF", "small_firm"),
    ("network_security", "ネットワークセキュリティ", "Network security", "small_firm"),
    ("wifi_security", "無線LANセキュリティ", "Wireless LAN security", "small_firm"),
    ("iot_security", "IoTセキュリティ", "IoT security", "small_firm"),
    // Services: お助け隊 and the information security service registry's categories.
    ("otasuketai", "サイバーセキュリティお助け隊サービス", "Cybersecurity Otasuketai service", "service"),
    ("security_audit", "情報セキュリティ監査", "Information security audit", "service"),
    ("vulnerability_assessment", "脆弱性診断", "Vulnerability assessment", "service"),
    ("digital_forensics", "デジタルフォレンジック", "Digital forensics", "service"),
    ("security_monitoring", "セキュリティ監視・運用", "Security monitoring and operation", "service"),
];

/// Industries: code, Japanese name, English name. Sort order follows the list.
const INDUSTRIES: [(&str, &str, &str); 14] = [
    ("manufacturing", "製造業", "Manufacturing"),
    ("construction", "建設業", "Construction"),
    ("it", "情報通信業", "Information and communications"),
    ("retail", "卸売・小売業", "Wholesale and retail"),
    ("finance", "金融・保険業", "Finance and insurance"),
    ("medical", "医療・福祉", "Medical care and welfare"),
    ("logistics", "運輸・郵便業", "Transport and postal services"),
    ("hospitality", "宿泊・飲食サービス業", "Accommodation and food services"),
    ("real_estate", "不動産業", "Real estate"),
    ("education", "教育・学習支援業", "Education and learning support"),
    ("professional", "専門・技術サービス業", "Professional and technical services"),
    ("public", "公務", "Public service"),
    ("agriculture", "農林水産業", "Agriculture, forestry and fisheries"),
    ("other", "その他", "Other"),
];

/// Company size bands by employees: code, Japanese name, English name, minimum, maximum
/// (inclusive; `None` for the open top band). Sort order follows the list.
const SIZE_BANDS: [(&str, &str, &str, i32, Option<i32>); 6] = [
    ("micro", "小規模（1〜5名）", "Micro (1–5 employees)", 1, Some(5)),
    ("small", "6〜20名", "6–20 employees", 6, Some(20)),
    ("small_medium", "21〜50名", "21–50 employees", 21, Some(50)),
    ("medium", "51〜100名", "51–100 employees", 51, Some(100)),
    ("medium_large", "101〜300名", "101–300 employees", 101, Some(300)),
    ("large", "301名以上", "301 or more employees", 301, None),
];

/// Sort orders 10, 20, 30, ...: steps of ten let a later migration slot rows in between.
fn sort_orders() -> impl Iterator<Item = i32> {
    (10..).step_by(10)
}

/// Builds a multi-row insert, turning sea-query's column/value count check into a `DbErr`.
fn insert<T, C, R>(table: T, columns: C, rows: R) -> Result<InsertStatement, DbErr>
where
    T: IntoIden,
    C: IntoIterator,
    C::Item: IntoIden,
    R: IntoIterator<Item = Vec<Expr>>,
{
    let mut statement = Query::insert();
    statement.into_table(table).columns(columns);
    for row in rows {
        statement.values(row).map_err(|error| DbErr::Migration(error.to_string()))?;
    }
    Ok(statement)
}

#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute(insert(
                Region::Table,
                [Region::Code, Region::NameJa, Region::NameEn, Region::SortOrder],
                REGIONS
                    .iter()
                    .zip(sort_orders())
                    .map(|((code, ja, en), sort)| vec![(*code).into(), (*ja).into(), (*en).into(), sort.into()]),
            )?)
            .await?;
        manager
            .execute(insert(
                Prefecture::Table,
                [Prefecture::Code, Prefecture::NameJa, Prefecture::NameEn, Prefecture::RegionCode],
                PREFECTURES
                    .iter()
                    .zip(1_i16..)
                    .map(|((ja, en, region), code)| vec![code.into(), (*ja).into(), (*en).into(), (*region).into()]),
            )?)
            .await?;
        manager
            .execute(insert(
                Category::Table,
                [Category::Code, Category::NameJa, Category::NameEn, Category::Group, Category::SortOrder],
                CATEGORIES.iter().zip(sort_orders()).map(|((code, ja, en, group), sort)| {
                    vec![(*code).into(), (*ja).into(), (*en).into(), (*group).into(), sort.into()]
                }),
            )?)
            .await?;
        manager
            .execute(insert(
                Industry::Table,
                [Industry::Code, Industry::NameJa, Industry::NameEn, Industry::SortOrder],
                INDUSTRIES
                    .iter()
                    .zip(sort_orders())
                    .map(|((code, ja, en), sort)| vec![(*code).into(), (*ja).into(), (*en).into(), sort.into()]),
            )?)
            .await?;
        manager
            .execute(insert(
                CompanySizeBand::Table,
                [
                    CompanySizeBand::Code,
                    CompanySizeBand::NameJa,
                    CompanySizeBand::NameEn,
                    CompanySizeBand::MinEmployees,
                    CompanySizeBand::MaxEmployees,
                    CompanySizeBand::SortOrder,
                ],
                SIZE_BANDS.iter().zip(sort_orders()).map(|((code, ja, en, min, max), sort)| {
                    vec![(*code).into(), (*ja).into(), (*en).into(), (*min).into(), (*max).into(), sort.into()]
                }),
            )?)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Reverse order of `up`: prefectures refer to regions.
        manager
            .execute(
                Query::delete()
                    .from_table(CompanySizeBand::Table)
                    .and_where(Expr::col(CompanySizeBand::Code).is_in(SIZE_BANDS.map(|row| row.0)))
                    .to_owned(),
            )
            .await?;
        manager
            .execute(
                Query::delete()
                    .from_table(Industry::Table)
                    .and_where(Expr::col(Industry::Code).is_in(INDUSTRIES.map(|row| row.0)))
                    .to_owned(),
            )
            .await?;
        manager
            .execute(
                Query::delete()
                    .from_table(Category::Table)
                    .and_where(Expr::col(Category::Code).is_in(CATEGORIES.map(|row| row.0)))
                    .to_owned(),
            )
            .await?;
        manager
            .execute(
                Query::delete()
                    .from_table(Prefecture::Table)
                    .and_where(Expr::col(Prefecture::Code).between(1, 47))
                    .to_owned(),
            )
            .await?;
        manager
            .execute(
                Query::delete()
                    .from_table(Region::Table)
                    .and_where(Expr::col(Region::Code).is_in(REGIONS.map(|row| row.0)))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
