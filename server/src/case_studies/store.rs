//! Storage of case studies. Every status change is one conditional UPDATE (`WHERE status = <from>`,
//! and for publishing also `approved_by_user_id IS NOT NULL`) in a transaction with its audit entry
//! and, on submission, the mail to the user company: even a handler that skipped the rules could
//! not publish a case the user company never approved.

use chrono::Utc;
use entities::case_study::{self, CaseStudyStatus};
use entities::need_match::{self, MatchState};
use entities::{app_user, membership, need, organisation, product};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::CaseStudyError;
use super::form::CaseText;
use super::rules::{Command, Party, Status};
use crate::i18n::Locale;
use crate::identity::actor::Actor;
use crate::identity::audit::{self, Entry};
use crate::mail::outbox::{self, NewMail};

/// Most published cases one list returns.
pub const LIST_LIMIT: u64 = 200;

pub fn status_of(s: CaseStudyStatus) -> Status {
    match s {
        CaseStudyStatus::Draft => Status::Draft,
        CaseStudyStatus::AwaitingApproval => Status::AwaitingApproval,
        CaseStudyStatus::Approved => Status::Approved,
        CaseStudyStatus::Published => Status::Published,
        CaseStudyStatus::Withdrawn => Status::Withdrawn,
    }
}

fn stored(s: Status) -> CaseStudyStatus {
    match s {
        Status::Draft => CaseStudyStatus::Draft,
        Status::AwaitingApproval => CaseStudyStatus::AwaitingApproval,
        Status::Approved => CaseStudyStatus::Approved,
        Status::Published => CaseStudyStatus::Published,
        Status::Withdrawn => CaseStudyStatus::Withdrawn,
    }
}

/// A case study with what the rules and pages need around it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub case: case_study::Model,
    pub product: product::Model,
    pub user_company: organisation::Model,
}

impl Loaded {
    pub fn party(&self, actor: Option<&Actor>) -> Party {
        actor.map_or_else(Party::default, |a| Party {
            vendor: a.member_of(self.product.organisation_id),
            user_company: a.member_of(self.case.user_organisation_id),
            organiser: a.is_organiser(),
        })
    }

    pub fn status(&self) -> Status {
        status_of(self.case.status)
    }

    pub fn approved_by_member(&self) -> bool {
        self.case.approved_by_user_id.is_some()
    }
}

pub async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<Loaded>, CaseStudyError> {
    let Some(case) = case_study::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let product = product::Entity::find_by_id(case.product_id).one(db).await?.ok_or(CaseStudyError::Missing)?;
    let user_company =
        organisation::Entity::find_by_id(case.user_organisation_id).one(db).await?.ok_or(CaseStudyError::Missing)?;
    Ok(Some(Loaded { case, product, user_company }))
}

/// A match and what drafting from it needs: the product (for its vendor) and the need's firm.
#[derive(Debug)]
pub struct MatchFacts {
    pub need_match: need_match::Model,
    pub product: product::Model,
    pub user_company: Uuid,
}

impl MatchFacts {
    pub fn adopted(&self) -> bool {
        self.need_match.state == MatchState::Adopted
    }
}

pub async fn match_facts<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<MatchFacts>, CaseStudyError> {
    let Some(m) = need_match::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let product = product::Entity::find_by_id(m.product_id).one(db).await?.ok_or(CaseStudyError::Missing)?;
    let need = need::Entity::find_by_id(m.need_id).one(db).await?.ok_or(CaseStudyError::Missing)?;
    Ok(Some(MatchFacts { need_match: m, product, user_company: need.organisation_id }))
}

/// A new draft for an adopted match; an existing case of the match that is not withdrawn is
/// returned instead of a second one.
pub async fn draft(db: &DatabaseConnection, actor: &Actor, facts: &MatchFacts) -> Result<Uuid, CaseStudyError> {
    let txn = db.begin().await?;
    let existing = case_study::Entity::find()
        .filter(case_study::Column::MatchId.eq(facts.need_match.id))
        .filter(case_study::Column::Status.ne(CaseStudyStatus::Withdrawn))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        return Ok(existing.id);
    }
    let industry = organisation::Entity::find_by_id(facts.user_company).one(&txn).await?.and_then(|o| o.industry_code);
    let now = Utc::now();
    let id = Uuid::now_v7();
    case_study::ActiveModel {
        id: Set(id),
        match_id: Set(Some(facts.need_match.id)),
        product_id: Set(facts.product.id),
        user_organisation_id: Set(facts.user_company),
        industry_code: Set(industry),
        title_ja: Set(format!("{}の導入事例", facts.product.name)),
        body_ja: Set(String::new()),
        title_en: Set(Some(format!("Adopting {}", facts.product.name))),
        body_en: Set(None),
        status: Set(CaseStudyStatus::Draft),
        approved_by_user_id: Set(None),
        approved_at: Set(None),
        published_at: Set(None),
        withdrawn_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let detail = serde_json::json!({ "match_id": facts.need_match.id, "product_id": facts.product.id });
    audit::record(&txn, Entry::new("case_study.drafted", "case_study").by(Some(actor)).object(id).detail(detail))
        .await?;
    txn.commit().await?;
    Ok(id)
}

/// Rewrites the text of a draft (the status is checked again in the UPDATE).
pub async fn edit(db: &DatabaseConnection, actor: &Actor, id: Uuid, text: &CaseText) -> Result<(), CaseStudyError> {
    let txn = db.begin().await?;
    let result = case_study::Entity::update_many()
        .col_expr(case_study::Column::TitleJa, Expr::value(text.title_ja.clone()))
        .col_expr(case_study::Column::BodyJa, Expr::value(text.body_ja.clone()))
        .col_expr(case_study::Column::TitleEn, Expr::value(text.title_en.clone()))
        .col_expr(case_study::Column::BodyEn, Expr::value(text.body_en.clone()))
        .col_expr(case_study::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(case_study::Column::Id.eq(id))
        .filter(case_study::Column::Status.eq(CaseStudyStatus::Draft))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(CaseStudyError::WrongStatus);
    }
    audit::record(&txn, Entry::new("case_study.edited", "case_study").by(Some(actor)).object(id)).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a case from `from` to `to` for `command`, audited; on submission, mails the user company.
pub async fn transition(
    db: &DatabaseConnection,
    actor: &Actor,
    loaded: &Loaded,
    command: Command,
    to: Status,
    base_url: &url::Url,
) -> Result<(), CaseStudyError> {
    let id = loaded.case.id;
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut update = case_study::Entity::update_many()
        .col_expr(case_study::Column::Status, Expr::value(stored(to)))
        .col_expr(case_study::Column::UpdatedAt, Expr::value(now))
        .filter(case_study::Column::Id.eq(id))
        .filter(case_study::Column::Status.eq(loaded.case.status));
    update = match command {
        Command::Approve => update
            .col_expr(case_study::Column::ApprovedByUserId, Expr::value(Some(actor.user_id)))
            .col_expr(case_study::Column::ApprovedAt, Expr::value(Some(now))),
        // A case sent back must be approved again after its next edit.
        Command::SendBack => update
            .col_expr(case_study::Column::ApprovedByUserId, Expr::value(Option::<Uuid>::None))
            .col_expr(case_study::Column::ApprovedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None)),
        // The database write itself refuses a case nobody at the user company approved.
        Command::Publish => update
            .filter(case_study::Column::Status.eq(CaseStudyStatus::Approved))
            .filter(case_study::Column::ApprovedByUserId.is_not_null())
            .col_expr(case_study::Column::PublishedAt, Expr::value(Some(now))),
        Command::Withdraw => update.col_expr(case_study::Column::WithdrawnAt, Expr::value(Some(now))),
        Command::Edit | Command::Submit => update,
    };
    if update.exec(&txn).await?.rows_affected != 1 {
        return Err(CaseStudyError::WrongStatus);
    }
    let action = match command {
        Command::Edit => "case_study.edited",
        Command::Submit => "case_study.submitted",
        Command::Approve => "case_study.approved",
        Command::SendBack => "case_study.sent_back",
        Command::Publish => "case_study.published",
        Command::Withdraw => "case_study.withdrawn",
    };
    audit::record(&txn, Entry::new(action, "case_study").by(Some(actor)).object(id)).await?;
    if command == Command::Submit {
        ask_for_approval(&txn, loaded, base_url).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// One mail to each member of the user company: a case about them waits for their approval.
async fn ask_for_approval<C: ConnectionTrait>(
    txn: &C,
    loaded: &Loaded,
    base_url: &url::Url,
) -> Result<(), CaseStudyError> {
    let members = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(loaded.case.user_organisation_id))
        .find_also_related(app_user::Entity)
        .all(txn)
        .await?;
    let link = base_url
        .join(&format!("/case-studies/{}", loaded.case.id))
        .map_err(|e| CaseStudyError::Internal(e.to_string()))?;
    // One key per submission, so a case sent back and submitted again asks again.
    let round = loaded.case.updated_at.timestamp();
    for (_, user) in members {
        let Some(user) = user else { continue };
        let locale = if user.locale == app_user::Locale::En { Locale::En } else { Locale::Ja };
        outbox::enqueue(
            txn,
            NewMail {
                template: crate::mail::templates::CASE_STUDY_APPROVAL.name,
                to: user.email.clone(),
                user_id: Some(user.id),
                locale,
                payload: serde_json::json!({
                    "product_name": loaded.product.name,
                    "organisation_name": loaded.user_company.name,
                    "title": loaded.case.title_ja,
                    "link": link.as_str(),
                }),
                essential: false,
                idempotency_key: format!("case-study-approval:{}:{round}:{}", loaded.case.id, user.id),
            },
        )
        .await?;
    }
    Ok(())
}

/// Published cases, newest first, optionally of one product.
pub async fn published(db: &DatabaseConnection, product: Option<Uuid>) -> Result<Vec<Loaded>, CaseStudyError> {
    let mut query = case_study::Entity::find()
        .filter(case_study::Column::Status.eq(CaseStudyStatus::Published))
        .order_by_desc(case_study::Column::PublishedAt)
        .limit(LIST_LIMIT);
    if let Some(product) = product {
        query = query.filter(case_study::Column::ProductId.eq(product));
    }
    let mut out = Vec::new();
    for case in query.all(db).await? {
        if let Some(loaded) = load(db, case.id).await? {
            out.push(loaded);
        }
    }
    Ok(out)
}

/// Cases waiting for the organiser: approved by the user company, not yet published.
pub async fn awaiting_publication(db: &DatabaseConnection) -> Result<Vec<Loaded>, CaseStudyError> {
    let cases = case_study::Entity::find()
        .filter(case_study::Column::Status.eq(CaseStudyStatus::Approved))
        .order_by_asc(case_study::Column::ApprovedAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for case in cases {
        if let Some(loaded) = load(db, case.id).await? {
            out.push(loaded);
        }
    }
    Ok(out)
}
