//! What becomes of a registration request, and which requests are refused. Pure: the store calls
//! [`decide_request`] with the counts it read under the session's lock, so two people asking for
//! the last seat at once cannot both get it.

use chrono::{DateTime, Utc};
use entities::session_registration::{RegistrationRole, RegistrationStatus};
use entities::wg_session::SessionStatus;

/// The facts of the session at the moment of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    pub status: SessionStatus,
    pub starts_at: DateTime<Utc>,
    /// 0 means no limit.
    pub capacity: i32,
    pub requires_approval: bool,
    /// Approved registrations right now (the request's own excluded).
    pub approved: u64,
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the session is full")]
    Full,
    #[error("registration is closed for this session")]
    Closed,
    #[error("already registered")]
    AlreadyRegistered,
    #[error("this role is given by a moderator")]
    RoleNotSelfService,
}

/// Roles a person may choose for themselves; the others are given by a moderator.
pub const SELF_SERVICE_ROLES: [RegistrationRole; 2] = [RegistrationRole::Participant, RegistrationRole::Observer];

pub fn seats_left(facts: &SessionFacts) -> Option<u64> {
    (facts.capacity > 0).then(|| u64::try_from(facts.capacity).unwrap_or(0).saturating_sub(facts.approved))
}

fn open(facts: &SessionFacts, now: DateTime<Utc>) -> bool {
    facts.status == SessionStatus::Scheduled && facts.starts_at > now
}

/// A person asks to take part. `previous` is their earlier registration's status, if any (a
/// cancelled or declined one may ask again). `invited` is true for a moderator's invitation and a
/// manager registering themselves: they skip approval and may take any role.
pub fn decide_request(
    facts: &SessionFacts,
    role: RegistrationRole,
    previous: Option<RegistrationStatus>,
    invited: bool,
    now: DateTime<Utc>,
) -> Result<RegistrationStatus, Refusal> {
    if !open(facts, now) {
        return Err(Refusal::Closed);
    }
    if matches!(previous, Some(RegistrationStatus::Approved | RegistrationStatus::Pending)) {
        return Err(Refusal::AlreadyRegistered);
    }
    if !invited && !SELF_SERVICE_ROLES.contains(&role) {
        return Err(Refusal::RoleNotSelfService);
    }
    if facts.requires_approval && !invited {
        return Ok(RegistrationStatus::Pending);
    }
    approve(facts, now)
}

/// A manager approves a pending request (or an invitation is accepted): a seat must be free.
pub fn approve(facts: &SessionFacts, now: DateTime<Utc>) -> Result<RegistrationStatus, Refusal> {
    if !open(facts, now) {
        return Err(Refusal::Closed);
    }
    match seats_left(facts) {
        Some(0) => Err(Refusal::Full),
        _ => Ok(RegistrationStatus::Approved),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn facts(capacity: i32, approved: u64, requires_approval: bool) -> SessionFacts {
        SessionFacts {
            status: SessionStatus::Scheduled,
            starts_at: Utc::now() + TimeDelta::days(3),
            capacity,
            requires_approval,
            approved,
        }
    }

    #[test]
    fn open_sessions_approve_until_full() {
        let now = Utc::now();
        let role = RegistrationRole::Participant;
        assert_eq!(decide_request(&facts(2, 1, false), role, None, false, now), Ok(RegistrationStatus::Approved));
        assert_eq!(decide_request(&facts(2, 2, false), role, None, false, now), Err(Refusal::Full));
        assert_eq!(decide_request(&facts(0, 500, false), role, None, false, now), Ok(RegistrationStatus::Approved));
    }

    #[test]
    fn approval_only_sessions_queue_requests_even_when_full() {
        let now = Utc::now();
        let got = decide_request(&facts(2, 2, true), RegistrationRole::Observer, None, false, now);
        assert_eq!(got, Ok(RegistrationStatus::Pending));
        assert_eq!(approve(&facts(2, 2, true), now), Err(Refusal::Full));
        assert_eq!(approve(&facts(2, 1, true), now), Ok(RegistrationStatus::Approved));
    }

    #[test]
    fn invitations_skip_approval_but_not_capacity() {
        let now = Utc::now();
        let role = RegistrationRole::Presenter;
        assert_eq!(decide_request(&facts(3, 0, true), role, None, true, now), Ok(RegistrationStatus::Approved));
        assert_eq!(decide_request(&facts(3, 3, true), role, None, true, now), Err(Refusal::Full));
        assert_eq!(decide_request(&facts(3, 0, true), role, None, false, now), Err(Refusal::RoleNotSelfService));
    }

    #[test]
    fn no_double_registration_but_a_cancelled_one_may_return() {
        let now = Utc::now();
        let role = RegistrationRole::Participant;
        let f = facts(5, 1, false);
        assert_eq!(
            decide_request(&f, role, Some(RegistrationStatus::Approved), false, now),
            Err(Refusal::AlreadyRegistered)
        );
        assert_eq!(
            decide_request(&f, role, Some(RegistrationStatus::Cancelled), false, now),
            Ok(RegistrationStatus::Approved)
        );
    }

    #[test]
    fn started_or_cancelled_sessions_are_closed() {
        let now = Utc::now();
        let mut f = facts(5, 0, false);
        f.starts_at = now - TimeDelta::minutes(1);
        assert_eq!(decide_request(&f, RegistrationRole::Participant, None, false, now), Err(Refusal::Closed));
        let mut f = facts(5, 0, false);
        f.status = SessionStatus::Cancelled;
        assert_eq!(approve(&f, now), Err(Refusal::Closed));
    }
}
