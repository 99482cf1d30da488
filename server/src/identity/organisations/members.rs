//! Changing a member's role. The policy decides on the member's role as stored (never on what
//! the form claims); the store re-checks it under the organisation's lock and keeps one owner.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::guard::{authorise, see_other, visible_organisation};
use super::{rules, store};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::Action;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn change_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    path: web::Path<(Uuid, Uuid)>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, HttpError> {
    csrf::verify(&req, &form.csrf_token)?;
    let (organisation_id, user_id) = path.into_inner();
    let actor = who.actor();
    let org = visible_organisation(&state, actor, organisation_id).await?;
    let facts = store::facts(&org);
    // Members are listed only to those who may see them; to others a member is not there.
    authorise(actor, Action::ViewMembers(facts))?;
    let current = store::role_of_user(&state.db, org.id, user_id).await?.ok_or(HttpError::NotFound)?;
    let new = rules::parse_role(form.role.trim())
        .ok_or_else(|| HttpError::Validation(vec![FieldError::new("role", "unknown")]))?;
    authorise(actor, Action::ChangeMemberRole { org: facts, target: user_id, current, new })?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    if new != current {
        store::change_role(&state.db, actor, org.id, user_id, current, new, client_ip(&req))
            .await
            .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    }
    Ok(see_other(&format!("/organisations/{}?notice=role_changed", org.id)))
}
