//! Who may do what with a working group and its sessions. Pure: the facts (the actor's standing in
//! the group and the session, loaded from storage by `context`) in, a policy [`Decision`] out, so
//! every rule has a unit test beside it.
//!
//! - Anyone may read an active group's public face (kind, description, sessions and their agendas).
//! - The organiser creates and edits groups and their members, and manages every session.
//! - A group's moderators (and a session's own moderators) manage that group's sessions: edit the
//!   schedule and agenda, approve registrations, invite, export.
//! - Members of the group and approved registrants of a session are its "circle": they see the
//!   member list, the registrations and the published minutes. Everyone else sees none of it.
//! - Minutes are written by managers and by the session's notes-takers.
//! - Only the organiser deletes a session's recorded data.

use entities::session_registration::{RegistrationRole, RegistrationStatus};
use entities::working_group_member::WorkingGroupRole;

use crate::identity::policy::Decision;

/// The actor's standing towards one group (and, for session actions, one session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub signed_in: bool,
    pub organiser: bool,
    pub group_role: Option<WorkingGroupRole>,
    /// The actor's registration for the session in question, if any.
    pub registration: Option<(RegistrationRole, RegistrationStatus)>,
}

/// What is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomAction {
    /// Create a working group.
    CreateGroup,
    /// Read a group's public face; `active` is false for an archived group.
    ViewGroup { active: bool },
    /// Edit a group and its members.
    EditGroup,
    /// See members, registrations and attendance.
    ViewCircle,
    /// Create sessions in the group; edit a session, its agenda and registrations; export.
    ManageSessions,
    /// Register oneself for a session.
    Register,
    /// Write or publish the minutes.
    WriteMinutes,
    /// Read the minutes; `published` says whether they are out.
    ReadMinutes { published: bool },
    /// Delete a session's recorded room data and minutes.
    DeleteSessionData,
}

fn approved(standing: &Standing) -> Option<RegistrationRole> {
    match standing.registration {
        Some((role, RegistrationStatus::Approved)) => Some(role),
        _ => None,
    }
}

impl Standing {
    /// The organiser, a moderator of the group, or an approved moderator of the session.
    pub fn manages(&self) -> bool {
        self.organiser
            || self.group_role == Some(WorkingGroupRole::Moderator)
            || approved(self) == Some(RegistrationRole::Moderator)
    }

    /// May enter the session's room: its managers and its approved registrants (any role).
    pub fn may_join(&self) -> bool {
        self.manages() || approved(self).is_some()
    }

    /// A member of the group or an approved registrant of the session.
    pub fn in_circle(&self) -> bool {
        self.manages() || self.group_role.is_some() || approved(self).is_some()
    }
}

fn allow_if(condition: bool, otherwise: Decision) -> Decision {
    if condition { Decision::Allow } else { otherwise }
}

/// Decides. A visitor who is not signed in is asked to sign in for anything but reading.
pub fn decide(standing: &Standing, action: RoomAction) -> Decision {
    use RoomAction::*;
    let refused = if standing.signed_in { Decision::Forbidden } else { Decision::SignIn };
    match action {
        ViewGroup { active } => {
            allow_if(active || standing.organiser || standing.group_role.is_some(), Decision::Hidden)
        }
        CreateGroup | EditGroup | DeleteSessionData => allow_if(standing.organiser, refused),
        ViewCircle => allow_if(standing.in_circle(), refused),
        ManageSessions => allow_if(standing.manages(), refused),
        Register => allow_if(standing.signed_in, Decision::SignIn),
        WriteMinutes => {
            allow_if(standing.manages() || approved(standing) == Some(RegistrationRole::NotesTaker), refused)
        }
        ReadMinutes { published } => {
            let writer = decide(standing, WriteMinutes).allowed();
            allow_if(writer || (published && standing.in_circle()), refused)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visitor() -> Standing {
        Standing::default()
    }

    fn signed_in() -> Standing {
        Standing { signed_in: true, ..Standing::default() }
    }

    fn organiser() -> Standing {
        Standing { signed_in: true, organiser: true, ..Standing::default() }
    }

    fn group(role: WorkingGroupRole) -> Standing {
        Standing { signed_in: true, group_role: Some(role), ..Standing::default() }
    }

    fn registered(role: RegistrationRole, status: RegistrationStatus) -> Standing {
        Standing { signed_in: true, registration: Some((role, status)), ..Standing::default() }
    }

    #[test]
    fn only_the_organiser_creates_and_edits_groups() {
        assert_eq!(decide(&visitor(), RoomAction::CreateGroup), Decision::SignIn);
        assert_eq!(decide(&signed_in(), RoomAction::CreateGroup), Decision::Forbidden);
        assert_eq!(decide(&group(WorkingGroupRole::Moderator), RoomAction::EditGroup), Decision::Forbidden);
        assert!(decide(&organiser(), RoomAction::EditGroup).allowed());
    }

    #[test]
    fn archived_groups_are_hidden_from_outsiders() {
        assert!(decide(&visitor(), RoomAction::ViewGroup { active: true }).allowed());
        assert_eq!(decide(&signed_in(), RoomAction::ViewGroup { active: false }), Decision::Hidden);
        assert!(decide(&group(WorkingGroupRole::Member), RoomAction::ViewGroup { active: false }).allowed());
    }

    #[test]
    fn moderators_manage_sessions_and_members_do_not() {
        assert!(decide(&group(WorkingGroupRole::Moderator), RoomAction::ManageSessions).allowed());
        assert!(decide(&organiser(), RoomAction::ManageSessions).allowed());
        assert_eq!(decide(&group(WorkingGroupRole::Member), RoomAction::ManageSessions), Decision::Forbidden);
        let participant = registered(RegistrationRole::Participant, RegistrationStatus::Approved);
        assert_eq!(decide(&participant, RoomAction::ManageSessions), Decision::Forbidden);
        let session_moderator = registered(RegistrationRole::Moderator, RegistrationStatus::Approved);
        assert!(decide(&session_moderator, RoomAction::ManageSessions).allowed());
        let pending_moderator = registered(RegistrationRole::Moderator, RegistrationStatus::Pending);
        assert_eq!(decide(&pending_moderator, RoomAction::ManageSessions), Decision::Forbidden);
        assert!(participant.may_join() && session_moderator.may_join() && organiser().may_join());
        assert!(!pending_moderator.may_join() && !group(WorkingGroupRole::Member).may_join());
    }

    #[test]
    fn the_circle_is_members_and_approved_registrants() {
        assert_eq!(decide(&signed_in(), RoomAction::ViewCircle), Decision::Forbidden);
        assert_eq!(decide(&visitor(), RoomAction::ViewCircle), Decision::SignIn);
        assert!(decide(&group(WorkingGroupRole::Member), RoomAction::ViewCircle).allowed());
        let pending = registered(RegistrationRole::Participant, RegistrationStatus::Pending);
        assert_eq!(decide(&pending, RoomAction::ViewCircle), Decision::Forbidden);
        let observer = registered(RegistrationRole::Observer, RegistrationStatus::Approved);
        assert!(decide(&observer, RoomAction::ViewCircle).allowed());
    }

    #[test]
    fn notes_takers_write_minutes_and_the_circle_reads_them_once_published() {
        let notes = registered(RegistrationRole::NotesTaker, RegistrationStatus::Approved);
        assert!(decide(&notes, RoomAction::WriteMinutes).allowed());
        assert!(decide(&notes, RoomAction::ReadMinutes { published: false }).allowed());
        let participant = registered(RegistrationRole::Participant, RegistrationStatus::Approved);
        assert_eq!(decide(&participant, RoomAction::WriteMinutes), Decision::Forbidden);
        assert_eq!(decide(&participant, RoomAction::ReadMinutes { published: false }), Decision::Forbidden);
        assert!(decide(&participant, RoomAction::ReadMinutes { published: true }).allowed());
        assert_eq!(decide(&signed_in(), RoomAction::ReadMinutes { published: true }), Decision::Forbidden);
    }

    #[test]
    fn only_the_organiser_deletes_session_data() {
        assert_eq!(decide(&group(WorkingGroupRole::Moderator), RoomAction::DeleteSessionData), Decision::Forbidden);
        assert!(decide(&organiser(), RoomAction::DeleteSessionData).allowed());
    }

    #[test]
    fn registering_needs_a_sign_in() {
        assert_eq!(decide(&visitor(), RoomAction::Register), Decision::SignIn);
        assert!(decide(&signed_in(), RoomAction::Register).allowed());
    }
}
