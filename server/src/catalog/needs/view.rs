//! What templates and the API get: a need with its codes named in the reader's language, and its
//! owner only when the policy says the reader may know who posted it.

use chrono::{DateTime, NaiveDate, Utc};
use entities::need::{self, NeedStatus};
use entities::organisation;
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::form::{self, NeedInput, visibility_code};
use super::worries;
use crate::http::FieldError;
use crate::i18n::{Catalogs, Locale};
use crate::reference::ReferenceData;

/// Field errors as the form shows them: the field as sent (`worries[1]`), the form control it
/// belongs to (`worries`), and the message in the reader's language.
pub fn field_errors(errors: &[FieldError], catalogs: &Catalogs, locale: Locale) -> Vec<Value> {
    errors
        .iter()
        .map(|e| {
            let key = format!("validation.{}", e.code);
            json!({
                "field": e.field.split('[').next().unwrap_or(&e.field),
                "sent_as": e.field,
                "code": e.code,
                "message": catalogs.format(locale, &key, &e.params),
            })
        })
        .collect()
}

/// The choices of the need form, named in the reader's language; each worry carries the
/// categories it is mapped to ("we will look for: …").
pub fn form_choices(reference: &ReferenceData, locale: Locale) -> Value {
    let named = |code: &str, name: &str| json!({ "code": code, "name": name });
    json!({
        "worries": worries::all().iter().map(|w| {
            let looks_for: Vec<String> = worries::category_codes(*w).iter().map(|c| reference.category_name(c, locale)).collect();
            json!({ "code": worries::code(*w), "looks_for": looks_for.join(if locale == Locale::Ja { "、" } else { ", " }) })
        }).collect::<Vec<_>>(),
        "categories": reference.categories.iter().map(|c| named(&c.named.code, c.named.name(locale))).collect::<Vec<_>>(),
        "prefectures": reference.prefectures.iter().map(|p| named(&p.code.to_string(), &reference.prefecture_name(p.code, locale))).collect::<Vec<_>>(),
        "industries": reference.industries.iter().map(|i| named(&i.code, i.name(locale))).collect::<Vec<_>>(),
        "visibilities": form::VISIBILITIES.map(visibility_code),
    })
}

/// A stored need as form input (for the edit form).
pub fn as_input(n: &need::Model, categories: &[String]) -> NeedInput {
    NeedInput {
        title: n.title.clone(),
        body: n.body.clone(),
        keywords: n.keywords.clone(),
        worries: split_worries(&n.worries),
        categories: categories.to_vec(),
        employees: n.employees.to_string(),
        devices: n.devices.to_string(),
        budget_initial_yen: n.budget_initial_yen.to_string(),
        budget_monthly_yen: n.budget_monthly_yen.to_string(),
        prefecture_code: n.prefecture_code.to_string(),
        industry_code: n.industry_code.clone().unwrap_or_default(),
        deadline: n.deadline.map(|d| d.to_string()).unwrap_or_default(),
        visibility: visibility_code(n.visibility).to_owned(),
    }
}

fn split_worries(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

pub fn status_code(status: NeedStatus) -> &'static str {
    match status {
        NeedStatus::Open => "open",
        NeedStatus::Closed => "closed",
    }
}

/// Who posted a need, shown only to those the policy allows (`ViewNeedOwner`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeedOwnerView {
    pub organisation_id: Uuid,
    pub name: String,
}

/// A need as the API shows it. `owner` is absent unless the reader may know who posted it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeedView {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub keywords: String,
    /// Worry codes (ransomware, telework, email_fraud, …).
    pub worries: Vec<String>,
    /// Category codes (see the reference data).
    pub categories: Vec<String>,
    pub employees: i32,
    pub devices: i32,
    pub budget_initial_yen: i64,
    pub budget_monthly_yen: i64,
    /// JIS X 0401 prefecture code of the place the need is for.
    pub prefecture_code: i16,
    pub industry_code: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// private | anonymous | named
    pub visibility: &'static str,
    /// open | closed
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<NeedOwnerView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeedList {
    pub items: Vec<NeedView>,
}

/// `owner` must be `Some` only when the policy allowed `ViewNeedOwner`.
pub fn api_view(n: need::Model, categories: Vec<String>, owner: Option<&organisation::Model>) -> NeedView {
    NeedView {
        id: n.id,
        worries: split_worries(&n.worries),
        title: n.title,
        body: n.body,
        keywords: n.keywords,
        categories,
        employees: n.employees,
        devices: n.devices,
        budget_initial_yen: n.budget_initial_yen,
        budget_monthly_yen: n.budget_monthly_yen,
        prefecture_code: n.prefecture_code,
        industry_code: n.industry_code,
        deadline: n.deadline,
        visibility: visibility_code(n.visibility),
        status: status_code(n.status),
        owner: owner.map(|o| NeedOwnerView { organisation_id: o.id, name: o.name.clone() }),
        created_at: n.created_at,
        updated_at: n.updated_at,
    }
}

/// A need for its page, codes named in the reader's language. `owner` as for [`api_view`].
pub fn detail(
    n: &need::Model,
    categories: &[String],
    owner: Option<&organisation::Model>,
    reference: &ReferenceData,
    locale: Locale,
) -> Value {
    json!({
        "id": n.id,
        "title": n.title,
        "body": n.body,
        "keywords": n.keywords,
        "worries": split_worries(&n.worries),
        "categories": categories.iter().map(|c| json!({ "code": c, "name": reference.category_name(c, locale) })).collect::<Vec<_>>(),
        "employees": n.employees,
        "devices": n.devices,
        "budget_initial_yen": n.budget_initial_yen,
        "budget_monthly_yen": n.budget_monthly_yen,
        "prefecture": reference.prefecture_name(n.prefecture_code, locale),
        "industry": n.industry_code.as_deref().map(|c| reference.industry_name(c, locale)),
        "deadline": n.deadline.map(|d| d.to_string()),
        "visibility": visibility_code(n.visibility),
        "status": status_code(n.status),
        "owner": owner.map(|o| json!({ "id": o.id, "name": o.name })),
        "created_at": n.created_at,
    })
}
