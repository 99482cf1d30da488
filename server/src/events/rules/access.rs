//! Who may see and do what at a matching event, pure. The organiser (any member of an active
//! organiser organisation) runs every event. Others see open events once they leave draft, and
//! invitation events only when invited; they act only through their own registered participant.
//! A refusal on something the actor may not even see is "not found", so draft and invitation-only
//! events do not leak.

use entities::event_participant::ParticipantStatus;
use entities::matching_event::{MatchingEventStatus as Status, Participation};

use crate::identity::actor::Actor;
use crate::identity::policy::Decision;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventFacts {
    pub status: Status,
    pub participation: Participation,
}

/// Seeing the event's page and public facts. `mine` is the actor's own participation, if any.
pub fn view(actor: Option<&Actor>, event: EventFacts, mine: Option<ParticipantStatus>) -> Decision {
    if actor.is_some_and(Actor::is_organiser) {
        return Decision::Allow;
    }
    let visible = match (event.status, event.participation) {
        (Status::Draft, _) => false,
        (_, Participation::Open) => true,
        (_, Participation::Invitation) => mine.is_some(),
    };
    if visible { Decision::Allow } else { Decision::Hidden }
}

/// Creating, editing, scheduling, publishing, the numbers: the organiser.
pub fn manage(actor: Option<&Actor>, event: EventFacts, mine: Option<ParticipantStatus>) -> Decision {
    refuse_unless(actor, event, mine, actor.is_some_and(Actor::is_organiser))
}

/// Acting as a participant (requests, answers, unavailability, preferences, the agenda).
pub fn participate(actor: Option<&Actor>, event: EventFacts, mine: Option<ParticipantStatus>) -> Decision {
    refuse_unless(actor, event, mine, mine == Some(ParticipantStatus::Registered))
}

/// Registering (or answering an invitation): open events take anyone eligible; invitation events
/// only those invited.
pub fn register(actor: Option<&Actor>, event: EventFacts, mine: Option<ParticipantStatus>) -> Decision {
    let invited_or_open = event.participation == Participation::Open || mine.is_some();
    refuse_unless(actor, event, mine, actor.is_some() && invited_or_open)
}

fn refuse_unless(actor: Option<&Actor>, event: EventFacts, mine: Option<ParticipantStatus>, allowed: bool) -> Decision {
    if allowed {
        return Decision::Allow;
    }
    match (actor, view(actor, event, mine)) {
        (_, Decision::Hidden) => Decision::Hidden,
        (None, _) => Decision::SignIn,
        _ => Decision::Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::actor::{Membership, OrgKind, OrgStatus, Role};

    fn actor(kind: OrgKind) -> Actor {
        Actor {
            user_id: uuid::Uuid::nil(),
            email: "a@example.jp".into(),
            display_name: "A".into(),
            time_zone: "Asia/Tokyo".into(),
            memberships: vec![Membership {
                organisation_id: uuid::Uuid::nil(),
                organisation_name: "org".into(),
                kind,
                status: OrgStatus::Active,
                role: Role::Member,
            }],
        }
    }

    const OPEN: EventFacts = EventFacts { status: Status::Booking, participation: Participation::Open };
    const INVITATION: EventFacts = EventFacts { status: Status::Booking, participation: Participation::Invitation };
    const DRAFT: EventFacts = EventFacts { status: Status::Draft, participation: Participation::Open };

    #[test]
    fn drafts_and_invitation_events_are_hidden_from_outsiders() {
        let vendor = actor(OrgKind::Vendor);
        let organiser = actor(OrgKind::Organiser);
        assert_eq!(view(None, OPEN, None), Decision::Allow);
        assert_eq!(view(Some(&vendor), DRAFT, None), Decision::Hidden);
        assert_eq!(view(Some(&organiser), DRAFT, None), Decision::Allow);
        assert_eq!(view(Some(&vendor), INVITATION, None), Decision::Hidden);
        assert_eq!(view(Some(&vendor), INVITATION, Some(ParticipantStatus::Invited)), Decision::Allow);
    }

    #[test]
    fn only_the_organiser_manages_and_only_registered_participants_act() {
        let vendor = actor(OrgKind::Vendor);
        let organiser = actor(OrgKind::Organiser);
        assert_eq!(manage(Some(&organiser), OPEN, None), Decision::Allow);
        assert_eq!(manage(Some(&vendor), OPEN, Some(ParticipantStatus::Registered)), Decision::Forbidden);
        assert_eq!(manage(None, OPEN, None), Decision::SignIn);
        assert_eq!(manage(Some(&vendor), DRAFT, None), Decision::Hidden);
        assert_eq!(participate(Some(&vendor), OPEN, Some(ParticipantStatus::Registered)), Decision::Allow);
        assert_eq!(participate(Some(&vendor), OPEN, None), Decision::Forbidden);
        assert_eq!(participate(Some(&organiser), OPEN, None), Decision::Forbidden);
        assert_eq!(register(Some(&vendor), OPEN, None), Decision::Allow);
        assert_eq!(register(Some(&vendor), INVITATION, None), Decision::Hidden);
        assert_eq!(register(Some(&vendor), INVITATION, Some(ParticipantStatus::Invited)), Decision::Allow);
        assert_eq!(register(None, OPEN, None), Decision::SignIn);
    }
}
