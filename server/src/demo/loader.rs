//! Turns [`DemoData`] into rows, in one transaction, in batches small enough for SQLite's limit
//! on bound parameters.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use entities::{
    agenda_item, app_user, membership, need, need_category, organisation, product, product_category, product_region,
    product_size_band, session_registration, verification, wg_session, working_group,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, TransactionTrait};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::DemoError;
use super::model::{DemoData, DemoSession};
use crate::i18n::DEFAULT_TIME_ZONE;

/// What a load added.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadSummary {
    pub organisations: usize,
    pub users: usize,
    pub products: usize,
    pub verifications: usize,
    pub needs: usize,
    pub working_groups: usize,
    pub sessions: usize,
    pub matching_events: usize,
}

impl fmt::Display for LoadSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} organisations, {} users, {} products, {} verifications, {} needs, {} working groups, {} sessions, {} matching events",
            self.organisations,
            self.users,
            self.products,
            self.verifications,
            self.needs,
            self.working_groups,
            self.sessions,
            self.matching_events,
        )
    }
}

/// Rows a batch: SQLite allows 32,766 bound parameters and our widest table has ~20 columns.
const BATCH: usize = 500;

fn parse_enum<T: DeserializeOwned>(field: &'static str, value: &str) -> Result<T, DemoError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| DemoError::Invalid { field, value: value.to_owned() })
}

async fn insert_batched<A, C>(db: &C, rows: Vec<A>) -> Result<(), DemoError>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// 10:00 Japan time, `days` from `now`.
fn upcoming_start(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let day = now.with_timezone(&DEFAULT_TIME_ZONE).date_naive() + Days::new(u64::from(days));
    let local = day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
    DEFAULT_TIME_ZONE.from_local_datetime(&local).single().map_or(now, |t| t.with_timezone(&Utc))
}

fn session_start(session: &DemoSession, now: DateTime<Utc>) -> Result<DateTime<Utc>, DemoError> {
    match (session.starts_at, session.starts_in_days) {
        (Some(at), _) => Ok(at),
        (None, Some(days)) => Ok(upcoming_start(now, days)),
        (None, None) => Err(DemoError::Invalid { field: "session start", value: session.title_ja.clone() }),
    }
}

pub async fn load(db: &DatabaseConnection, data: &DemoData, now: DateTime<Utc>) -> Result<LoadSummary, DemoError> {
    let today: NaiveDate = now.date_naive();
    let region_prefectures = region_prefectures(db).await?;
    let txn = db.begin().await?;
    let mut summary = LoadSummary::default();

    // Organisations, keyed by their demo key.
    let mut org_ids: HashMap<&str, Uuid> = HashMap::new();
    let mut orgs = Vec::with_capacity(data.organisations.len());
    for org in &data.organisations {
        let id = Uuid::now_v7();
        org_ids.insert(org.key.as_str(), id);
        orgs.push(
            organisation::Model {
                id,
                kind: parse_enum("organisation kind", &org.kind)?,
                status: organisation::OrganisationStatus::Active,
                name: org.name.clone(),
                name_en: org.name_en.clone(),
                prefecture_code: org.prefecture,
                industry_code: org.industry.clone(),
                size_band_code: org.size_band.clone(),
                employees: org.employees,
                website: org.website.clone(),
                description: org.description.clone(),
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all(),
        );
    }
    summary.organisations = orgs.len();
    insert_batched(&txn, orgs).await?;
    let org_id = |key: &str| -> Result<Uuid, DemoError> {
        org_ids.get(key).copied().ok_or_else(|| DemoError::UnknownKey { what: "organisation", key: key.to_owned() })
    };

    let mut users = Vec::new();
    let mut memberships = Vec::new();
    let mut user_ids: HashMap<String, Uuid> = HashMap::new();
    for user in &data.users {
        let id = Uuid::now_v7();
        user_ids.insert(user.email.to_lowercase(), id);
        users.push(
            app_user::Model {
                id,
                email: user.email.to_lowercase(),
                display_name: user.display_name.clone(),
                locale: parse_enum("user locale", &user.locale)?,
                time_zone: DEFAULT_TIME_ZONE.name().to_owned(),
                created_at: now,
                updated_at: now,
                last_sign_in_at: None,
            }
            .into_active_model()
            .reset_all(),
        );
        memberships.push(
            membership::Model {
                id: Uuid::now_v7(),
                organisation_id: org_id(&user.organisation)?,
                user_id: id,
                role: parse_enum("membership role", &user.role)?,
                created_at: now,
            }
            .into_active_model()
            .reset_all(),
        );
    }
    summary.users = users.len();
    insert_batched(&txn, users).await?;
    insert_batched(&txn, memberships).await?;

    let mut products = Vec::new();
    let mut categories = Vec::new();
    let mut bands = Vec::new();
    let mut regions = Vec::new();
    let mut verifications = Vec::new();
    for p in &data.products {
        let id = Uuid::now_v7();
        products.push(
            product::Model {
                id,
                organisation_id: org_id(&p.vendor)?,
                name: p.name.clone(),
                description_ja: p.description_ja.clone(),
                description_en: p.description_en.clone(),
                strong_points_ja: p.strong_points_ja.clone(),
                strong_points_en: p.strong_points_en.clone(),
                initial_yen: p.initial_yen,
                monthly_yen: p.monthly_yen,
                per_device_monthly_yen: p.per_device_monthly_yen,
                deployment: parse_enum("deployment", &p.deployment)?,
                nationwide: p.nationwide,
                support_languages: p.support_languages.join(","),
                website: p.website.clone(),
                ease_of_introduction: p.ease_of_introduction,
                ease_of_operation: p.ease_of_operation,
                status: product::ProductStatus::Published,
                created_at: now,
                updated_at: now,
                published_at: Some(now),
            }
            .into_active_model()
            .reset_all(),
        );
        for code in &p.categories {
            categories.push(
                product_category::Model { product_id: id, category_code: code.clone() }.into_active_model().reset_all(),
            );
        }
        for code in &p.size_bands {
            bands.push(
                product_size_band::Model { product_id: id, size_band_code: code.clone() }
                    .into_active_model()
                    .reset_all(),
            );
        }
        if !p.nationwide {
            let mut served: Vec<i16> = p.prefectures.clone();
            for region in &p.regions {
                let codes = region_prefectures
                    .get(region.as_str())
                    .ok_or_else(|| DemoError::UnknownKey { what: "region", key: region.clone() })?;
                served.extend(codes);
            }
            served.sort_unstable();
            served.dedup();
            for code in served {
                regions.push(
                    product_region::Model { product_id: id, prefecture_code: code }.into_active_model().reset_all(),
                );
            }
        }
        for v in &p.verifications {
            let verified_on = match (v.verified_on, v.verified_days_ago) {
                (Some(date), _) => date,
                (None, Some(days)) => today - Days::new(u64::from(days)),
                (None, None) => return Err(DemoError::Invalid { field: "verification date", value: p.name.clone() }),
            };
            let valid_until = v.valid_until.unwrap_or_else(|| two_years_after(verified_on));
            verifications.push(
                verification::Model {
                    id: Uuid::now_v7(),
                    product_id: id,
                    level: parse_enum("verification level", &v.level)?,
                    verifier_organisation_id: org_id(&v.verifier)?,
                    verified_on,
                    valid_until,
                    summary_ja: v.summary_ja.clone(),
                    summary_en: v.summary_en.clone(),
                    evidence_url: None,
                    fiscal_year: v.fiscal_year,
                    status: verification::VerificationStatus::Active,
                    amended_reason: None,
                    withdrawn_reason: None,
                    recorded_by_user_id: None,
                    created_at: now,
                    updated_at: now,
                }
                .into_active_model()
                .reset_all(),
            );
        }
    }
    summary.products = products.len();
    summary.verifications = verifications.len();
    insert_batched(&txn, products).await?;
    insert_batched(&txn, categories).await?;
    insert_batched(&txn, bands).await?;
    insert_batched(&txn, regions).await?;
    insert_batched(&txn, verifications).await?;

    let mut needs = Vec::new();
    let mut need_categories = Vec::new();
    for n in &data.needs {
        let id = Uuid::now_v7();
        needs.push(
            need::Model {
                id,
                organisation_id: org_id(&n.organisation)?,
                created_by_user_id: None,
                title: n.title.clone(),
                body: n.body.clone(),
                worries: n.worries.join(","),
                budget_initial_yen: n.budget_initial_yen,
                budget_monthly_yen: n.budget_monthly_yen,
                employees: n.employees,
                devices: n.devices,
                prefecture_code: n.prefecture,
                industry_code: n.industry.clone(),
                keywords: n.keywords.clone(),
                visibility: parse_enum("need visibility", &n.visibility)?,
                status: need::NeedStatus::Open,
                deadline: n.deadline_days_ahead.map(|d| today + Days::new(u64::from(d))),
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all(),
        );
        for code in &n.categories {
            need_categories.push(
                need_category::Model { need_id: id, category_code: code.clone() }.into_active_model().reset_all(),
            );
        }
    }
    summary.needs = needs.len();
    insert_batched(&txn, needs).await?;
    insert_batched(&txn, need_categories).await?;

    let mut groups = Vec::new();
    let mut sessions = Vec::new();
    let mut agenda = Vec::new();
    let mut registrations = Vec::new();
    for g in &data.working_groups {
        let id = Uuid::now_v7();
        groups.push(
            working_group::Model {
                id,
                kind: parse_enum("working group kind", &g.kind)?,
                name_ja: g.name_ja.clone(),
                name_en: g.name_en.clone(),
                description_ja: g.description_ja.clone(),
                description_en: g.description_en.clone(),
                region_code: g.region.clone(),
                status: working_group::WorkingGroupStatus::Active,
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all(),
        );
        for s in &g.sessions {
            let session_id = Uuid::now_v7();
            let starts_at = session_start(s, now)?;
            let ends_at = starts_at + chrono::Duration::minutes(i64::from(s.duration_minutes));
            sessions.push(
                wg_session::Model {
                    id: session_id,
                    working_group_id: id,
                    title_ja: s.title_ja.clone(),
                    title_en: s.title_en.clone(),
                    description: None,
                    starts_at,
                    ends_at,
                    capacity: s.capacity,
                    requires_approval: s.requires_approval,
                    status: if ends_at < now {
                        wg_session::SessionStatus::Ended
                    } else {
                        wg_session::SessionStatus::Scheduled
                    },
                    reported_participants: s.participants,
                    minutes_markdown: None,
                    minutes_published_at: None,
                    created_at: now,
                    updated_at: now,
                }
                .into_active_model()
                .reset_all(),
            );
            for r in &s.registrations {
                let user_id = user_ids
                    .get(&r.email.to_lowercase())
                    .copied()
                    .ok_or_else(|| DemoError::UnknownKey { what: "user", key: r.email.clone() })?;
                registrations.push(
                    session_registration::Model {
                        id: Uuid::now_v7(),
                        session_id,
                        user_id,
                        role: parse_enum("registration role", &r.role)?,
                        status: session_registration::RegistrationStatus::Approved,
                        attended_at: None,
                        created_at: now,
                        updated_at: now,
                    }
                    .into_active_model()
                    .reset_all(),
                );
            }
            for (position, item) in s.agenda.iter().enumerate() {
                agenda.push(
                    agenda_item::Model {
                        id: Uuid::now_v7(),
                        session_id,
                        position: i32::try_from(position).unwrap_or(i32::MAX),
                        title_ja: item.title_ja.clone(),
                        title_en: item.title_en.clone(),
                        planned_minutes: item.minutes,
                    }
                    .into_active_model()
                    .reset_all(),
                );
            }
        }
    }
    summary.working_groups = groups.len();
    summary.sessions = sessions.len();
    insert_batched(&txn, groups).await?;
    insert_batched(&txn, sessions).await?;
    insert_batched(&txn, agenda).await?;
    insert_batched(&txn, registrations).await?;

    summary.matching_events = super::events::load(&txn, &data.matching_events, &org_id, now).await?;

    txn.commit().await?;
    Ok(summary)
}

/// Verification results are valid for two years (29 February falls back to 28 February).
pub fn two_years_after(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(24)).unwrap_or(date)
}

async fn region_prefectures(db: &DatabaseConnection) -> Result<HashMap<String, Vec<i16>>, DemoError> {
    let mut map: HashMap<String, Vec<i16>> = HashMap::new();
    for p in entities::prefecture::Entity::find().all(db).await? {
        map.entry(p.region_code).or_default().push(p.code);
    }
    Ok(map)
}
