//! Reference data (regions, prefectures, categories, industries, company-size bands), seeded by a
//! migration and read once at start-up into memory: it is small, read on every page, and changes
//! only with a new migration.

use std::collections::BTreeMap;

use entities::{category, company_size_band, industry, prefecture, region};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};
use serde::Serialize;

use crate::i18n::Locale;

/// A code with its names in both languages.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
}

impl Named {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ja => &self.name_ja,
            Locale::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Prefecture {
    pub code: i16,
    pub name_ja: String,
    pub name_en: String,
    pub region_code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub named: Named,
    /// important_field | small_firm | service
    pub group: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizeBand {
    pub named: Named,
    pub min_employees: i32,
    pub max_employees: Option<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    pub regions: Vec<Named>,
    pub prefectures: Vec<Prefecture>,
    pub categories: Vec<Category>,
    pub industries: Vec<Named>,
    pub size_bands: Vec<SizeBand>,
    prefecture_index: BTreeMap<i16, usize>,
    category_index: BTreeMap<String, usize>,
}

impl ReferenceData {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let regions = region::Entity::find().order_by_asc(region::Column::SortOrder).all(db).await?;
        let prefectures = prefecture::Entity::find().order_by_asc(prefecture::Column::Code).all(db).await?;
        let categories = category::Entity::find().order_by_asc(category::Column::SortOrder).all(db).await?;
        let industries = industry::Entity::find().order_by_asc(industry::Column::SortOrder).all(db).await?;
        let bands =
            company_size_band::Entity::find().order_by_asc(company_size_band::Column::SortOrder).all(db).await?;
        let mut data = Self {
            regions: regions
                .into_iter()
                .map(|r| Named { code: r.code, name_ja: r.name_ja, name_en: r.name_en })
                .collect(),
            prefectures: prefectures
                .into_iter()
                .map(|p| Prefecture {
                    code: p.code,
                    name_ja: p.name_ja,
                    name_en: p.name_en,
                    region_code: p.region_code,
                })
                .collect(),
            categories: categories
                .into_iter()
                .map(|c| Category {
                    group: serde_json::to_value(c.group)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    named: Named { code: c.code, name_ja: c.name_ja, name_en: c.name_en },
                })
                .collect(),
            industries: industries
                .into_iter()
                .map(|i| Named { code: i.code, name_ja: i.name_ja, name_en: i.name_en })
                .collect(),
            size_bands: bands
                .into_iter()
                .map(|b| SizeBand {
                    named: Named { code: b.code, name_ja: b.name_ja, name_en: b.name_en },
                    min_employees: b.min_employees,
                    max_employees: b.max_employees,
                })
                .collect(),
            ..Self::default()
        };
        data.prefecture_index = data.prefectures.iter().enumerate().map(|(i, p)| (p.code, i)).collect();
        data.category_index = data.categories.iter().enumerate().map(|(i, c)| (c.named.code.clone(), i)).collect();
        Ok(data)
    }

    pub fn prefecture(&self, code: i16) -> Option<&Prefecture> {
        self.prefecture_index.get(&code).map(|&i| &self.prefectures[i])
    }

    pub fn prefecture_name(&self, code: i16, locale: Locale) -> String {
        self.prefecture(code).map_or_else(
            || code.to_string(),
            |p| match locale {
                Locale::Ja => p.name_ja.clone(),
                Locale::En => p.name_en.clone(),
            },
        )
    }

    pub fn category(&self, code: &str) -> Option<&Category> {
        self.category_index.get(code).map(|&i| &self.categories[i])
    }

    pub fn category_name(&self, code: &str, locale: Locale) -> String {
        self.category(code).map_or_else(|| code.to_owned(), |c| c.named.name(locale).to_owned())
    }

    pub fn region(&self, code: &str) -> Option<&Named> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Prefecture codes of a region.
    pub fn prefectures_in_region(&self, region_code: &str) -> Vec<i16> {
        self.prefectures.iter().filter(|p| p.region_code == region_code).map(|p| p.code).collect()
    }

    pub fn industry_name(&self, code: &str, locale: Locale) -> String {
        self.industries.iter().find(|i| i.code == code).map_or_else(|| code.to_owned(), |i| i.name(locale).to_owned())
    }

    pub fn size_band_name(&self, code: &str, locale: Locale) -> String {
        self.size_bands
            .iter()
            .find(|b| b.named.code == code)
            .map_or_else(|| code.to_owned(), |b| b.named.name(locale).to_owned())
    }

    /// Describes a set of served prefectures compactly: whole regions by name, then the rest.
    pub fn describe_prefectures(&self, codes: &[i16], locale: Locale) -> Vec<String> {
        let mut remaining: Vec<i16> = codes.to_vec();
        remaining.sort_unstable();
        remaining.dedup();
        let mut parts = Vec::new();
        for region in &self.regions {
            let members = self.prefectures_in_region(&region.code);
            if !members.is_empty() && members.iter().all(|c| remaining.contains(c)) {
                parts.push(region.name(locale).to_owned());
                remaining.retain(|c| !members.contains(c));
            }
        }
        parts.extend(remaining.into_iter().map(|c| self.prefecture_name(c, locale)));
        parts
    }
}
