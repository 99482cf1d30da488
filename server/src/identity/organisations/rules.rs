//! The pure rules of organisations, apart from who may act (that is the policy's): the status a
//! new organisation starts in, what approving and suspending do, the last-owner rule, which kinds
//! a form may choose, and how long an invitation lasts. Plain values in and out.

use chrono::Duration;

use crate::identity::actor::{OrgKind, OrgStatus, Role};

/// An invitation link works for this long, once.
pub const INVITATION_LIFETIME: Duration = Duration::days(7);

/// The kinds a person may choose for an organisation. The organiser (事務局) is never chosen in a
/// form: being one opens the console, so organiser organisations come only with the deployment.
pub const CHOOSABLE_KINDS: [OrgKind; 3] = [OrgKind::Vendor, OrgKind::UserCompany, OrgKind::Verifier];

/// Roles from the most to the least powerful, the order forms list them in.
pub const ROLES: [Role; 3] = [Role::Owner, Role::Admin, Role::Member];

pub fn kind_code(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Vendor => "vendor",
        OrgKind::UserCompany => "user_company",
        OrgKind::Organiser => "organiser",
        OrgKind::Verifier => "verifier",
    }
}

/// A kind a form may choose, from its code.
pub fn choosable_kind(code: &str) -> Option<OrgKind> {
    CHOOSABLE_KINDS.into_iter().find(|k| kind_code(*k) == code)
}

pub fn status_code(status: OrgStatus) -> &'static str {
    match status {
        OrgStatus::Pending => "pending",
        OrgStatus::Active => "active",
        OrgStatus::Suspended => "suspended",
    }
}

pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Owner => "owner",
        Role::Admin => "admin",
        Role::Member => "member",
    }
}

pub fn parse_role(code: &str) -> Option<Role> {
    ROLES.into_iter().find(|r| role_code(*r) == code)
}

/// Where a new organisation starts. A small firm only reads and posts its own needs, so nobody
/// has to vouch for it; vendors list products and verifiers record results, so the organiser
/// checks who they are first.
pub fn initial_status(kind: OrgKind) -> OrgStatus {
    match kind {
        OrgKind::UserCompany => OrgStatus::Active,
        OrgKind::Vendor | OrgKind::Verifier | OrgKind::Organiser => OrgStatus::Pending,
    }
}

/// What the organiser asks of an organisation's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCommand {
    Approve,
    Suspend,
}

impl StatusCommand {
    /// The audit action recorded when the command changes something.
    pub fn audit_action(self) -> &'static str {
        match self {
            StatusCommand::Approve => "organisation.approved",
            StatusCommand::Suspend => "organisation.suspended",
        }
    }
}

/// Organiser organisations are outside approval: suspending one would let one office lock
/// another out of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotApprovable;

/// The status after `command`, or `None` when the organisation is already there (a second click
/// changes nothing and records nothing). Approving also lifts a suspension.
pub fn next_status(
    kind: OrgKind,
    current: OrgStatus,
    command: StatusCommand,
) -> Result<Option<OrgStatus>, NotApprovable> {
    if kind == OrgKind::Organiser {
        return Err(NotApprovable);
    }
    let target = match command {
        StatusCommand::Approve => OrgStatus::Active,
        StatusCommand::Suspend => OrgStatus::Suspended,
    };
    Ok((current != target).then_some(target))
}

/// A kind change never involves the organiser kind, on either side (see [`CHOOSABLE_KINDS`]).
pub fn kind_change_allowed(from: OrgKind, to: OrgKind) -> bool {
    from != OrgKind::Organiser && to != OrgKind::Organiser
}

/// True when the organisation still has an owner after `current` becomes `new`, given how many
/// owners it has now. An organisation without an owner could never change its members again.
pub fn keeps_an_owner(owners: u64, current: Role, new: Role) -> bool {
    !(current == Role::Owner && new != Role::Owner && owners <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_firms_start_active_and_others_wait_for_the_organiser() {
        assert_eq!(initial_status(OrgKind::UserCompany), OrgStatus::Active);
        assert_eq!(initial_status(OrgKind::Vendor), OrgStatus::Pending);
        assert_eq!(initial_status(OrgKind::Verifier), OrgStatus::Pending);
    }

    #[test]
    fn forms_never_choose_the_organiser_kind() {
        assert_eq!(choosable_kind("vendor"), Some(OrgKind::Vendor));
        assert_eq!(choosable_kind("user_company"), Some(OrgKind::UserCompany));
        assert_eq!(choosable_kind("organiser"), None);
        assert_eq!(choosable_kind("Vendor"), None);
        assert!(!kind_change_allowed(OrgKind::Vendor, OrgKind::Organiser));
        assert!(!kind_change_allowed(OrgKind::Organiser, OrgKind::Vendor));
        assert!(kind_change_allowed(OrgKind::UserCompany, OrgKind::Vendor));
    }

    #[test]
    fn approving_and_suspending_move_between_states_and_repeat_harmlessly() {
        use StatusCommand::*;
        assert_eq!(next_status(OrgKind::Vendor, OrgStatus::Pending, Approve), Ok(Some(OrgStatus::Active)));
        assert_eq!(next_status(OrgKind::Vendor, OrgStatus::Suspended, Approve), Ok(Some(OrgStatus::Active)));
        assert_eq!(next_status(OrgKind::Vendor, OrgStatus::Active, Approve), Ok(None));
        assert_eq!(next_status(OrgKind::UserCompany, OrgStatus::Active, Suspend), Ok(Some(OrgStatus::Suspended)));
        assert_eq!(next_status(OrgKind::Verifier, OrgStatus::Pending, Suspend), Ok(Some(OrgStatus::Suspended)));
        assert_eq!(next_status(OrgKind::Verifier, OrgStatus::Suspended, Suspend), Ok(None));
        assert_eq!(next_status(OrgKind::Organiser, OrgStatus::Active, Suspend), Err(NotApprovable));
    }

    #[test]
    fn the_last_owner_cannot_step_down() {
        assert!(!keeps_an_owner(1, Role::Owner, Role::Admin));
        assert!(keeps_an_owner(2, Role::Owner, Role::Member));
        assert!(keeps_an_owner(1, Role::Admin, Role::Member));
        assert!(keeps_an_owner(1, Role::Owner, Role::Owner));
    }

    #[test]
    fn codes_round_trip() {
        for role in ROLES {
            assert_eq!(parse_role(role_code(role)), Some(role));
        }
        assert_eq!(parse_role("superuser"), None);
        for kind in CHOOSABLE_KINDS {
            assert_eq!(choosable_kind(kind_code(kind)), Some(kind));
        }
    }
}
