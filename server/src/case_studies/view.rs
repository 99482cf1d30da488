//! A case study as pages and the API show it.

use serde::Serialize;
use uuid::Uuid;

use super::rules::{Command, Party, Status, available};
use super::store::Loaded;
use crate::i18n::Locale;

/// A case study (導入事例).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseStudyView {
    pub id: Uuid,
    /// draft | awaiting_approval | approved | published | withdrawn
    #[schema(value_type = String)]
    pub status: Status,
    pub product_id: Uuid,
    pub product_name: String,
    /// The user company that adopted the product (named with its consent once published).
    pub user_company_name: String,
    pub match_id: Option<Uuid>,
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: Option<String>,
    pub body_en: Option<String>,
    /// The title and body in the reader's language (Japanese when no English was written).
    pub title: String,
    pub body: String,
    pub approved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Published cases.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseStudyList {
    pub items: Vec<CaseStudyView>,
}

pub fn view(loaded: &Loaded, locale: Locale) -> CaseStudyView {
    let c = &loaded.case;
    let english = locale == Locale::En;
    let title = c.title_en.clone().filter(|_| english).unwrap_or_else(|| c.title_ja.clone());
    let body = c.body_en.clone().filter(|_| english).unwrap_or_else(|| c.body_ja.clone());
    CaseStudyView {
        id: c.id,
        status: loaded.status(),
        product_id: loaded.product.id,
        product_name: loaded.product.name.clone(),
        user_company_name: loaded.user_company.name.clone(),
        match_id: c.match_id,
        title_ja: c.title_ja.clone(),
        body_ja: c.body_ja.clone(),
        title_en: c.title_en.clone(),
        body_en: c.body_en.clone(),
        title,
        body,
        approved_at: c.approved_at,
        published_at: c.published_at,
        withdrawn_at: c.withdrawn_at,
        updated_at: c.updated_at,
    }
}

/// The actions this party may take now, as URL actions (editing excluded: it is a form).
pub fn actions(loaded: &Loaded, party: Party) -> Vec<&'static str> {
    available(party, loaded.status(), loaded.approved_by_member())
        .into_iter()
        .filter(|c| *c != Command::Edit)
        .map(Command::action)
        .collect()
}

pub fn editable(loaded: &Loaded, party: Party) -> bool {
    available(party, loaded.status(), loaded.approved_by_member()).contains(&Command::Edit)
}

/// Whether the page should say the case waits for the user company.
pub fn waiting_for_user_company(status: Status) -> bool {
    status == Status::AwaitingApproval
}
