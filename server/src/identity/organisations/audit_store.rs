//! Reading the audit log for organisers: newest first, a page at a time, optionally only the
//! actions that start with a prefix (`organisation.`, `sign_in`), with the names of the people
//! and organisations the entries mention.

use std::collections::HashMap;

use entities::{app_user, audit_log, organisation};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub const PER_PAGE: u64 = 50;
/// Longest action prefix accepted (the column holds 64 characters).
pub const PREFIX_MAX: usize = 64;

/// An action prefix is made of what action names are made of; anything else is refused rather
/// than searched for.
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.len() <= PREFIX_MAX
        && prefix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
}

/// `_` is a LIKE wildcard; escaped, `sign_in` matches only `sign_in…`.
fn like_prefix(prefix: &str) -> LikeExpr {
    LikeExpr::new(format!("{}%", prefix.replace('\\', "\\\\").replace('_', "\\_").replace('%', "\\%"))).escape('\\')
}

/// One entry with who did it, as far as the database still knows them.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub entry: audit_log::Model,
    pub actor: Option<app_user::Model>,
    pub actor_organisation: Option<String>,
}

/// Page `page` (0-based) of entries and the number of matching entries.
pub async fn page<C: ConnectionTrait>(db: &C, prefix: Option<&str>, page: u64) -> Result<(Vec<AuditRow>, u64), DbErr> {
    let mut query = audit_log::Entity::find();
    if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
        query = query.filter(Expr::col(audit_log::Column::Action).like(like_prefix(prefix)));
    }
    let paginator =
        query.order_by_desc(audit_log::Column::At).order_by_desc(audit_log::Column::Id).paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let entries = paginator.fetch_page(page).await?;

    let user_ids: Vec<Uuid> = entries.iter().filter_map(|e| e.actor_user_id).collect();
    let org_ids: Vec<Uuid> = entries.iter().filter_map(|e| e.actor_organisation_id).collect();
    let users: HashMap<Uuid, app_user::Model> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(user_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let orgs: HashMap<Uuid, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    let rows = entries
        .into_iter()
        .map(|entry| AuditRow {
            actor: entry.actor_user_id.and_then(|id| users.get(&id).cloned()),
            actor_organisation: entry.actor_organisation_id.and_then(|id| orgs.get(&id).cloned()),
            entry,
        })
        .collect();
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_plain_and_their_wildcards_escaped() {
        assert!(valid_prefix("organisation.") && valid_prefix("sign_in") && valid_prefix(""));
        assert!(!valid_prefix("x%") && !valid_prefix("Sign") && !valid_prefix("a b") && !valid_prefix(&"a".repeat(65)));
        let sql = sea_orm::sea_query::Query::select()
            .column(audit_log::Column::Id)
            .from(audit_log::Entity)
            .and_where(Expr::col(audit_log::Column::Action).like(like_prefix("sign_in")))
            .to_string(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(sql.contains(r"LIKE 'sign\_in%' ESCAPE '\'"), "{sql}");
    }
}
