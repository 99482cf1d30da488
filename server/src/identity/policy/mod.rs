//! The one place that answers "may this actor do this to this object". Every handler, page and
//! API route asks it, with the facts of the object loaded from storage (never inferred from the
//! URL). Pure: plain values in, a decision out, so every rule has a unit test beside it.
//!
//! A refusal says whether the object may be acknowledged (403) or must look absent (404): another
//! firm's private need is "not found", not "forbidden", so its existence does not leak.

use uuid::Uuid;

use super::actor::{Actor, OrgKind, OrgStatus, Role};

/// What an organisation is, as far as permissions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgFacts {
    pub id: Uuid,
    pub kind: OrgKind,
    pub status: OrgStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductState {
    Draft,
    Published,
    Archived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductFacts {
    pub vendor: Uuid,
    pub state: ProductState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedVisibility {
    /// Only the firm itself (and the organiser) sees it; it is not matched to vendors.
    Private,
    /// Vendors see the need but not who posted it, until the firm accepts an introduction.
    Anonymous,
    /// Vendors see the need and the firm's name.
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedFacts {
    pub owner: Uuid,
    pub visibility: NeedVisibility,
    pub open: bool,
}

/// An action on an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ViewOrganisation(OrgFacts),
    EditOrganisation(OrgFacts),
    /// Approve (or suspend) a pending vendor or verifier organisation.
    ApproveOrganisation(OrgFacts),
    /// Change an organisation's kind: only the organiser, never on its own organisation.
    ChangeOrganisationKind(OrgFacts),
    ViewMembers(OrgFacts),
    /// Invite someone into the organisation with this role.
    InviteMember(OrgFacts, Role),
    /// Give a member (`target`) a new role.
    ChangeMemberRole {
        org: OrgFacts,
        target: Uuid,
        current: Role,
        new: Role,
    },
    /// Create an organisation of this kind (signing up).
    CreateOrganisation(OrgKind),
    /// Create a product for this vendor organisation.
    CreateProduct(OrgFacts),
    ViewProduct(ProductFacts),
    EditProduct(ProductFacts),
    /// See a product's verification records (public once the product is published).
    ViewVerifications(ProductFacts),
    /// Record, amend or withdraw a verification result for a product.
    WriteVerification(ProductFacts),
    CreateNeed(OrgFacts),
    ViewNeed(NeedFacts),
    /// See which firm posted a need.
    ViewNeedOwner(NeedFacts),
    EditNeed(NeedFacts),
    /// The organiser's console, reports, exports and the audit log.
    UseConsole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in: ask the person to sign in.
    SignIn,
    /// Refused, and the object may be acknowledged (403).
    Forbidden,
    /// Refused, and the object must look absent (404).
    Hidden,
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }
}

fn allow_if(condition: bool, otherwise: Decision) -> Decision {
    if condition { Decision::Allow } else { otherwise }
}

/// Decides. `actor` is `None` for an anonymous visitor.
pub fn decide(actor: Option<&Actor>, action: Action) -> Decision {
    use Action::*;
    // What anonymous visitors may do: read public things.
    let Some(actor) = actor else {
        return match action {
            ViewOrganisation(org) => allow_if(org.status == OrgStatus::Active, Decision::Hidden),
            ViewProduct(p) | ViewVerifications(p) => allow_if(p.state == ProductState::Published, Decision::Hidden),
            ViewNeed(_) | ViewNeedOwner(_) | EditNeed(_) => Decision::Hidden,
            _ => Decision::SignIn,
        };
    };
    let organiser = actor.is_organiser();
    match action {
        ViewOrganisation(org) => allow_if(
            org.status == OrgStatus::Active || organiser || actor.role_in_any_status(org.id).is_some(),
            Decision::Hidden,
        ),
        EditOrganisation(org) | ViewMembers(org) => {
            let admin = actor.role_in_any_status(org.id).is_some_and(|r| r >= Role::Admin);
            let member = actor.role_in_any_status(org.id).is_some();
            match action {
                ViewMembers(_) => allow_if(member || organiser, Decision::Forbidden),
                _ => allow_if(admin, Decision::Forbidden),
            }
        }
        // Not on an organisation one belongs to in any status: a pending or suspended
        // organisation is exactly the one its own members must not approve.
        ApproveOrganisation(org) => {
            allow_if(organiser && actor.role_in_any_status(org.id).is_none(), Decision::Forbidden)
        }
        ChangeOrganisationKind(org) => {
            allow_if(organiser && actor.role_in_any_status(org.id).is_none(), Decision::Forbidden)
        }
        InviteMember(org, role) => {
            let mine = actor.role_in(org.id);
            // Admins invite members and admins; only an owner invites another owner.
            allow_if(mine.is_some_and(|r| r >= Role::Admin && r >= role), Decision::Forbidden)
        }
        ChangeMemberRole { org, target, current, new } => {
            let mine = actor.role_in(org.id);
            let self_change = target == actor.user_id;
            // Nobody raises their own role; an admin changes only roles up to admin; owners change any.
            let allowed = match mine {
                Some(Role::Owner) => !(self_change && new > current),
                Some(Role::Admin) => !self_change && current <= Role::Admin && new <= Role::Admin,
                _ => false,
            };
            allow_if(allowed, Decision::Forbidden)
        }
        // Signing up: only people in no organisation yet, and never as the organiser (organiser
        // organisations come with the deployment; an organiser who also owned an applicant
        // could approve it).
        CreateOrganisation(kind) => {
            allow_if(kind != OrgKind::Organiser && actor.memberships.is_empty(), Decision::Forbidden)
        }
        CreateProduct(org) => {
            allow_if(org.kind == OrgKind::Vendor && actor.role_in(org.id).is_some(), Decision::Forbidden)
        }
        ViewProduct(p) | ViewVerifications(p) => {
            allow_if(p.state == ProductState::Published || actor.member_of(p.vendor) || organiser, Decision::Hidden)
        }
        EditProduct(p) => {
            if actor.member_of(p.vendor) {
                Decision::Allow
            } else if p.state == ProductState::Published || organiser {
                Decision::Forbidden
            } else {
                Decision::Hidden
            }
        }
        WriteVerification(p) => {
            // A vendor never verifies its own product, even if it is also a verifier.
            let verifier = actor.is_kind(OrgKind::Verifier) || organiser;
            allow_if(verifier && !actor.member_of(p.vendor), Decision::Forbidden)
        }
        CreateNeed(org) => {
            allow_if(org.kind == OrgKind::UserCompany && actor.role_in(org.id).is_some(), Decision::Forbidden)
        }
        ViewNeed(n) => {
            let owner = actor.member_of(n.owner);
            let vendor_may = n.visibility != NeedVisibility::Private && n.open && actor.is_kind(OrgKind::Vendor);
            allow_if(owner || organiser || vendor_may, Decision::Hidden)
        }
        ViewNeedOwner(n) => {
            let owner = actor.member_of(n.owner);
            let named = n.visibility == NeedVisibility::Named && actor.is_kind(OrgKind::Vendor);
            allow_if(owner || organiser || named, Decision::Hidden)
        }
        EditNeed(n) => {
            if actor.member_of(n.owner) {
                Decision::Allow
            } else if decide(Some(actor), ViewNeed(n)).allowed() {
                Decision::Forbidden
            } else {
                Decision::Hidden
            }
        }
        UseConsole => allow_if(organiser, Decision::Forbidden),
    }
}

#[cfg(test)]
mod tests;
