//! Organisation pages: the form to create one, and an organisation's profile with its members,
//! invitations and the organiser's controls (each shown only when the policy allows it).

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use entities::organisation;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::form::{self, OrganisationInput};
use super::guard::{authorise, may_create, see_other, visible_organisation};
use super::rules::{self, StatusCommand};
use super::{invitation_store, store, view};
use crate::http::body::{LARGE_BODY_LIMIT, read_form};
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::{Actor, OrgKind};
use crate::identity::audit::client_ip;
use crate::identity::csrf;
use crate::identity::extract::MaybeSignedIn;
use crate::identity::policy::{Action, decide};
use crate::state::AppState;
use crate::ui::Page;

/// Notices a redirect may ask the profile page to show (anything else is ignored).
const NOTICES: [&str; 7] = ["created", "invited", "joined", "role_changed", "kind_changed", "approved", "suspended"];

fn new_page(state: &AppState, meta: &RequestMeta, input: &OrganisationInput, errors: &[FieldError]) -> Page {
    let catalogs = state.templates.catalogs();
    Page::new(
        "pages/organisations/new.html",
        json!({
            "form": input.echo(),
            "field_errors": view::field_errors(errors, catalogs, meta.locale),
            "choices": view::form_choices(&state.reference, meta.locale),
            "name_max": form::NAME_MAX,
        }),
    )
}

pub async fn new_form(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    may_create(who.actor())?;
    Ok(new_page(&state, &meta, &OrganisationInput::default(), &[]))
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let pairs = read_form(&req, payload, LARGE_BODY_LIMIT).await?;
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or_default();
    csrf::verify(&req, token)?;
    let actor = who.actor();
    may_create(actor)?;
    let input = OrganisationInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let new = match form::validate(&input, &state.reference) {
        Ok(new) => new,
        Err(errors) => {
            return Ok(Either::Right(
                new_page(&state, &meta, &input, &errors).with_status(StatusCode::UNPROCESSABLE_ENTITY),
            ));
        }
    };
    authorise(actor, Action::CreateOrganisation(new.kind))?;
    let Some(actor) = actor else { return Err(HttpError::Unauthorized) };
    let org = store::create(&state.db, actor, new, client_ip(&req))
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    Ok(Either::Left(see_other(&format!("/organisations/{}?notice=created", org.id))))
}

#[derive(Debug, Deserialize)]
pub struct ProfileQuery {
    notice: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    query: web::Query<ProfileQuery>,
) -> Result<Page, HttpError> {
    let org = visible_organisation(&state, who.actor(), id.into_inner()).await?;
    let notice = query.notice.as_deref().filter(|n| NOTICES.contains(n));
    profile(&state, &meta, who.actor(), &org, ProfileExtras { notice, ..ProfileExtras::default() }).await
}

/// What a re-rendered profile carries besides the organisation: a notice, or the invitation
/// form's values and errors.
#[derive(Debug, Default)]
pub struct ProfileExtras<'a> {
    pub notice: Option<&'a str>,
    pub invite_email: String,
    pub invite_role: String,
    pub invite_errors: Vec<Value>,
}

/// The profile page. Every control on it is there only when the policy would allow its action.
pub async fn profile(
    state: &AppState,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    org: &organisation::Model,
    extras: ProfileExtras<'_>,
) -> Result<Page, HttpError> {
    let facts = store::facts(org);
    let allowed = |action: Action| decide(actor, action).allowed();

    let members = if allowed(Action::ViewMembers(facts)) {
        let rows = store::members(&state.db, org.id).await?;
        let owners = rows.iter().filter(|m| m.role == crate::identity::actor::Role::Owner).count() as u64;
        let list: Vec<Value> = rows
            .iter()
            .map(|m| {
                let choices: Vec<&str> = rules::ROLES
                    .into_iter()
                    .filter(|new| *new != m.role && rules::keeps_an_owner(owners, m.role, *new))
                    .filter(|new| allowed(Action::ChangeMemberRole { org: facts, target: m.user_id, current: m.role, new: *new }))
                    .map(rules::role_code)
                    .collect();
                let is_me = actor.is_some_and(|a| a.user_id == m.user_id);
                json!({ "user_id": m.user_id, "display_name": m.display_name, "email": m.email, "role": rules::role_code(m.role), "role_choices": choices, "is_me": is_me })
            })
            .collect();
        Some(list)
    } else {
        None
    };

    let invite_roles: Vec<&str> =
        rules::ROLES.into_iter().filter(|r| allowed(Action::InviteMember(facts, *r))).map(rules::role_code).collect();
    let invitations: Vec<Value> = if invite_roles.is_empty() {
        Vec::new()
    } else {
        invitation_store::open_for(&state.db, org.id)
            .await?
            .into_iter()
            .map(|i| json!({ "email": i.email, "role": rules::role_code(crate::identity::session::role_of(i.role)), "expires_at": i.expires_at }))
            .collect()
    };

    let kind = facts.kind;
    let may_approve = allowed(Action::ApproveOrganisation(facts));
    let can = |command| may_approve && matches!(rules::next_status(kind, facts.status, command), Ok(Some(_)));
    let kind_choices: Vec<&str> = if allowed(Action::ChangeOrganisationKind(facts)) && kind != OrgKind::Organiser {
        rules::CHOOSABLE_KINDS.into_iter().filter(|k| *k != kind).map(rules::kind_code).collect()
    } else {
        Vec::new()
    };

    Ok(Page::new(
        "pages/organisations/show.html",
        json!({
            "organisation": view::organisation(org, &state.reference, meta.locale),
            "notice": extras.notice,
            "members": members,
            "invite": {
                "roles": invite_roles,
                "email": extras.invite_email,
                "role": extras.invite_role,
                "field_errors": extras.invite_errors,
            },
            "invitations": invitations,
            "organiser": {
                "approve": can(StatusCommand::Approve),
                "suspend": can(StatusCommand::Suspend),
                "kinds": kind_choices,
            },
        }),
    ))
}
