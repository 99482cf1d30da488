//! Organisations and their members: creating one (the creator becomes owner; vendors and
//! verifiers wait for the organiser's approval), the public profile, invitations by e-mail,
//! member roles, the organiser's approvals and kind changes, and the audit log pages.
//!
//! Every handler loads the organisation (or invitation) from the database and asks
//! [`crate::identity::policy::decide`] on its facts; nothing is inferred from the URL.
//! Pure rules live in `rules` and `form`; storage in `store`, `invitation_store` and
//! `audit_store`; HTTP in `pages`, `invitations`, `members`, `approvals`, `audit_pages`, `api`.

mod api;
mod approvals;
mod audit_pages;
pub mod audit_store;
mod error;
pub mod form;
mod guard;
pub mod invitation_store;
mod invitations;
mod members;
mod pages;
pub mod rules;
pub mod store;
mod view;

pub use error::OrganisationError;

use crate::http::RouteTable;

/// Who may use each route is the policy's answer on the loaded object; the comments say which.
pub fn routes(routes: &mut RouteTable) {
    routes
        // CreateOrganisation: signed in, in no organisation yet.
        .get("/organisations/new", pages::new_form)
        .post("/organisations", pages::create)
        .post("/api/v1/organisations", api::create)
        // ViewOrganisation (members list: ViewMembers).
        .get("/organisations/{id}", pages::show)
        // InviteMember (an owner, or an admin for roles up to admin).
        .post("/organisations/{id}/invitations", invitations::invite)
        // The person signed in with the invited address.
        .get("/invitations/{token}", invitations::show)
        .post("/invitations/{token}/accept", invitations::accept)
        .post("/invitations/{token}/decline", invitations::decline)
        // ChangeMemberRole.
        .post("/organisations/{id}/members/{user_id}/role", members::change_role)
        // ChangeOrganisationKind: organisers, not on their own organisation.
        .post("/organisations/{id}/kind", approvals::change_kind)
        // UseConsole / ApproveOrganisation: organisers.
        .get("/approvals", approvals::list)
        .post("/organisations/{id}/approve", approvals::approve)
        .post("/organisations/{id}/suspend", approvals::suspend)
        .get("/audit", audit_pages::page)
        .get("/api/v1/audit", audit_pages::api);
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(api::create, audit_pages::api),
    components(schemas(api::OrganisationRequest, api::OrganisationView, audit_pages::AuditPage, audit_pages::AuditEntryView)),
    tags((name = "identity", description = "Organisations, members and the audit log"))
)]
pub struct ApiDocs;
