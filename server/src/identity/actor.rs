//! Who is asking: a signed-in person and the organisations they belong to. Pure values, built
//! by the session middleware, read by the policy.

use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Vendor,
    UserCompany,
    Organiser,
    Verifier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    Pending,
    Active,
    Suspended,
}

/// Member roles, in increasing power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub kind: OrgKind,
    pub status: OrgStatus,
    pub role: Role,
}

/// A signed-in person.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    /// IANA zone the person reads times in (Asia/Tokyo unless they chose another).
    pub time_zone: String,
    pub memberships: Vec<Membership>,
}

impl Actor {
    /// Memberships of organisations that are active (approved and not suspended).
    pub fn active(&self) -> impl Iterator<Item = &Membership> {
        self.memberships.iter().filter(|m| m.status == OrgStatus::Active)
    }

    /// True when the person acts for an active organisation of this kind.
    pub fn is_kind(&self, kind: OrgKind) -> bool {
        self.active().any(|m| m.kind == kind)
    }

    pub fn is_organiser(&self) -> bool {
        self.is_kind(OrgKind::Organiser)
    }

    /// The person's role in an active organisation, if a member.
    pub fn role_in(&self, organisation_id: Uuid) -> Option<Role> {
        self.active().find(|m| m.organisation_id == organisation_id).map(|m| m.role)
    }

    /// The person's role in an organisation whatever its status (to manage a pending one).
    pub fn role_in_any_status(&self, organisation_id: Uuid) -> Option<Role> {
        self.memberships.iter().find(|m| m.organisation_id == organisation_id).map(|m| m.role)
    }

    pub fn member_of(&self, organisation_id: Uuid) -> bool {
        self.role_in(organisation_id).is_some()
    }

    /// The organisation shown as "acting for" in the header: the first active one.
    pub fn primary(&self) -> Option<&Membership> {
        self.active().next().or_else(|| self.memberships.first())
    }
}
