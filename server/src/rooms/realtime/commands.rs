//! What a member may do: a client message, checked against the member's role and the room's
//! state, becomes an event to store (or is refused). Pure, so every rule is unit-tested.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::protocol::{ClientMessage, ErrorCode, Event, MAX_BREAKOUT_GROUPS, MAX_POLL_OPTIONS, MAX_TEXT_CHARS, Member};
use super::reducer::RoomState;

/// What to do with a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Store this event (then fan it out).
    Store(Event),
    /// Breakouts: store the event here and the same broadcast/recall in every group room.
    StoreEverywhere(Event),
    /// Not stored: typing, ping.
    Ephemeral,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: &'static str,
}

fn refuse(code: ErrorCode, message: &'static str) -> Refusal {
    Refusal { code, message }
}

fn text(s: &str) -> Result<String, Refusal> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > MAX_TEXT_CHARS {
        return Err(refuse(ErrorCode::Invalid, "text must have 1 to 2000 characters"));
    }
    Ok(t.to_owned())
}

fn moderator(who: &Member) -> Result<(), Refusal> {
    if who.role.is_moderator() { Ok(()) } else { Err(refuse(ErrorCode::Forbidden, "moderators only")) }
}

/// `is_group` is true in a breakout room; `eligible` are the people a random split spreads over.
pub fn decide(
    state: &RoomState,
    who: &Member,
    message: &ClientMessage,
    now: DateTime<Utc>,
    is_group: bool,
    eligible: &[Uuid],
) -> Result<Decision, Refusal> {
    use ClientMessage as M;
    let event = match message {
        M::Ping | M::Typing => return Ok(Decision::Ephemeral),
        M::Chat { text: t, .. } => {
            if !who.role.may_speak() {
                return Err(refuse(ErrorCode::Forbidden, "observers do not chat"));
            }
            if state.muted && !who.role.is_moderator() {
                return Err(refuse(ErrorCode::Muted, "chat is muted"));
            }
            Event::Chat { text: text(t)? }
        }
        M::EditChat { target, text: t } => {
            own_or_moderated(state, who, *target)?;
            Event::ChatEdited { target: *target, text: text(t)? }
        }
        M::DeleteChat { target } => {
            own_or_moderated(state, who, *target)?;
            Event::ChatDeleted { target: *target }
        }
        M::RaiseHand => {
            if !who.role.may_speak() {
                return Err(refuse(ErrorCode::Forbidden, "observers do not take the floor"));
            }
            Event::HandRaised { user: who.user, name: who.name.clone() }
        }
        M::LowerHand { user } => {
            let user = user.unwrap_or(who.user);
            if user != who.user {
                moderator(who)?;
            }
            if !state.hands.iter().any(|h| h.user == user) {
                return Err(refuse(ErrorCode::NotFound, "that hand is not raised"));
            }
            Event::HandLowered { user }
        }
        M::GiveFloor { user, seconds } => {
            moderator(who)?;
            let name = state.hands.iter().find(|h| h.user == *user).map(|h| h.name.clone());
            let Some(name) = name else { return Err(refuse(ErrorCode::NotFound, "that person has no hand raised")) };
            let seconds = (*seconds).clamp(10, 3600);
            Event::FloorGiven { user: *user, name, seconds, until: now + Duration::seconds(i64::from(seconds)) }
        }
        M::EndFloor => {
            let holder = state.floor.as_ref().map(|f| f.user);
            if holder != Some(who.user) {
                moderator(who)?;
            }
            if holder.is_none() {
                return Err(refuse(ErrorCode::NotFound, "nobody has the floor"));
            }
            Event::FloorEnded
        }
        M::SetAgenda { title, minutes } => {
            moderator(who)?;
            Event::AgendaSet { title: text(title)?, minutes: (*minutes).min(600), started_at: now }
        }
        M::ClearAgenda => {
            moderator(who)?;
            Event::AgendaCleared
        }
        M::OpenPoll { question, options, multiple, anonymous, live_results } => {
            moderator(who)?;
            if options.len() < 2 || options.len() > MAX_POLL_OPTIONS {
                return Err(refuse(ErrorCode::Invalid, "a poll has 2 to 10 options"));
            }
            let options = options.iter().map(|o| text(o)).collect::<Result<Vec<_>, _>>()?;
            Event::PollOpened {
                question: text(question)?,
                options,
                multiple: *multiple,
                anonymous: *anonymous,
                live_results: *live_results,
            }
        }
        M::Vote { poll, choices } => {
            if !who.role.may_speak() {
                return Err(refuse(ErrorCode::Forbidden, "observers do not vote"));
            }
            let Some(p) = state.poll(*poll).filter(|p| p.open) else {
                return Err(refuse(ErrorCode::NotFound, "no open poll with that id"));
            };
            let mut choices = choices.clone();
            choices.sort_unstable();
            choices.dedup();
            let valid = !choices.is_empty()
                && (p.multiple || choices.len() == 1)
                && choices.iter().all(|&c| usize::from(c) < p.options.len());
            if !valid {
                return Err(refuse(ErrorCode::Invalid, "choose one option (or several in a multiple-choice poll)"));
            }
            let mut after = p.clone();
            after.votes.insert(who.user, choices.clone());
            Event::PollVoted {
                poll: *poll,
                voter: Some(who.user),
                choices,
                tally: Some(after.count()),
                anonymous: p.anonymous,
                live_results: p.live_results,
                votes_cast: u32::try_from(after.votes.len()).unwrap_or(u32::MAX),
            }
        }
        M::ClosePoll { poll } => {
            moderator(who)?;
            let Some(p) = state.poll(*poll).filter(|p| p.open) else {
                return Err(refuse(ErrorCode::NotFound, "no open poll with that id"));
            };
            Event::PollClosed { poll: *poll, tally: p.count(), votes_cast: p.votes_cast }
        }
        M::React { emoji } => {
            if emoji.is_empty() || emoji.chars().count() > 8 {
                return Err(refuse(ErrorCode::Invalid, "one emoji"));
            }
            Event::Reaction { emoji: emoji.clone() }
        }
        M::MuteChat { muted } => {
            moderator(who)?;
            Event::ChatMuted { muted: *muted }
        }
        M::Remove { user } => {
            moderator(who)?;
            if *user == who.user {
                return Err(refuse(ErrorCode::Invalid, "you cannot remove yourself"));
            }
            Event::ParticipantRemoved { user: *user }
        }
        M::Lock { locked } => {
            moderator(who)?;
            Event::RoomLocked { locked: *locked }
        }
        M::Note { text: t } => {
            if !who.role.may_take_notes() {
                return Err(refuse(ErrorCode::Forbidden, "moderators and notes-takers only"));
            }
            Event::NoteAdded { text: text(t)? }
        }
        M::StartBreakout { groups, assignment, minutes } => {
            moderator(who)?;
            if is_group {
                return Err(refuse(ErrorCode::Invalid, "breakouts start from the main room"));
            }
            if *groups < 2 || *groups > MAX_BREAKOUT_GROUPS {
                return Err(refuse(ErrorCode::Invalid, "2 to 20 groups"));
            }
            if assignment.values().any(|g| *g == 0 || *g > *groups) {
                return Err(refuse(ErrorCode::Invalid, "groups are numbered from 1"));
            }
            let assignment = if assignment.is_empty() { split(eligible, *groups) } else { assignment.clone() };
            let minutes = (*minutes).clamp(1, 240);
            Event::BreakoutStarted { groups: *groups, assignment, ends_at: now + Duration::minutes(i64::from(minutes)) }
        }
        M::BroadcastToGroups { text: t } => {
            moderator(who)?;
            if state.breakout.is_none() {
                return Err(refuse(ErrorCode::NotFound, "no breakout is running"));
            }
            return Ok(Decision::StoreEverywhere(Event::BreakoutBroadcast { text: text(t)? }));
        }
        M::RecallBreakout => {
            moderator(who)?;
            if state.breakout.is_none() {
                return Err(refuse(ErrorCode::NotFound, "no breakout is running"));
            }
            return Ok(Decision::StoreEverywhere(Event::BreakoutRecalled));
        }
    };
    Ok(Decision::Store(event))
}

fn own_or_moderated(state: &RoomState, who: &Member, target: i64) -> Result<(), Refusal> {
    let Some(line) = state.chat.iter().find(|l| l.seq == target && !l.deleted) else {
        return Err(refuse(ErrorCode::NotFound, "no such chat message"));
    };
    if line.author == Some(who.user) || who.role.is_moderator() {
        Ok(())
    } else {
        Err(refuse(ErrorCode::Forbidden, "only the author or a moderator"))
    }
}

/// Random split: shuffle, then deal round-robin so group sizes differ by at most one.
fn split(eligible: &[Uuid], groups: u8) -> BTreeMap<Uuid, u8> {
    use rand::seq::SliceRandom;
    let mut people = eligible.to_vec();
    people.shuffle(&mut rand::rng());
    people.into_iter().zip((1..=groups).cycle()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::protocol::{Envelope, RoomRole};
    use super::*;

    fn member(role: RoomRole) -> Member {
        Member { user: Uuid::new_v4(), name: "n".into(), role }
    }

    fn fold(state: &mut RoomState, who: &Member, d: Decision) {
        let (Decision::Store(event) | Decision::StoreEverywhere(event)) = d else { return };
        let seq = state.seq + 1;
        state.apply(&Envelope {
            room: "r".into(),
            seq,
            at: Utc::now(),
            author: Some(who.user),
            author_name: Some(who.name.clone()),
            event,
        });
    }

    #[test]
    fn only_moderators_give_the_floor() {
        let (m, p) = (member(RoomRole::Moderator), member(RoomRole::Participant));
        let mut s = RoomState::default();
        let d = decide(&s, &p, &ClientMessage::RaiseHand, Utc::now(), false, &[]).unwrap();
        fold(&mut s, &p, d);
        let give = ClientMessage::GiveFloor { user: p.user, seconds: 120 };
        assert_eq!(decide(&s, &p, &give, Utc::now(), false, &[]).unwrap_err().code, ErrorCode::Forbidden);
        let d = decide(&s, &m, &give, Utc::now(), false, &[]).unwrap();
        fold(&mut s, &m, d);
        assert_eq!(s.floor.as_ref().map(|f| f.user), Some(p.user));
        // The speaker may end their own turn.
        assert!(decide(&s, &p, &ClientMessage::EndFloor, Utc::now(), false, &[]).is_ok());
    }

    #[test]
    fn muted_chat_refuses_participants_not_moderators() {
        let (m, p) = (member(RoomRole::Moderator), member(RoomRole::Participant));
        let s = RoomState { muted: true, ..RoomState::default() };
        let chat = ClientMessage::Chat { text: "hi".into(), client_id: None };
        assert_eq!(decide(&s, &p, &chat, Utc::now(), false, &[]).unwrap_err().code, ErrorCode::Muted);
        assert!(decide(&s, &m, &chat, Utc::now(), false, &[]).is_ok());
    }

    #[test]
    fn only_author_or_moderator_edits() {
        let (m, a, b) = (member(RoomRole::Moderator), member(RoomRole::Participant), member(RoomRole::Participant));
        let mut s = RoomState::default();
        let d =
            decide(&s, &a, &ClientMessage::Chat { text: "x".into(), client_id: None }, Utc::now(), false, &[]).unwrap();
        fold(&mut s, &a, d);
        let edit = ClientMessage::EditChat { target: 1, text: "y".into() };
        assert!(decide(&s, &a, &edit, Utc::now(), false, &[]).is_ok());
        assert!(decide(&s, &m, &edit, Utc::now(), false, &[]).is_ok());
        assert_eq!(decide(&s, &b, &edit, Utc::now(), false, &[]).unwrap_err().code, ErrorCode::Forbidden);
    }

    #[test]
    fn votes_are_checked_against_the_poll() {
        let (m, p) = (member(RoomRole::Moderator), member(RoomRole::Participant));
        let mut s = RoomState::default();
        let open = ClientMessage::OpenPoll {
            question: "q".into(),
            options: vec!["a".into(), "b".into()],
            multiple: false,
            anonymous: false,
            live_results: true,
        };
        let d = decide(&s, &m, &open, Utc::now(), false, &[]).unwrap();
        fold(&mut s, &m, d);
        let bad = ClientMessage::Vote { poll: 1, choices: vec![0, 1] };
        assert_eq!(decide(&s, &p, &bad, Utc::now(), false, &[]).unwrap_err().code, ErrorCode::Invalid);
        let out_of_range = ClientMessage::Vote { poll: 1, choices: vec![7] };
        assert!(decide(&s, &p, &out_of_range, Utc::now(), false, &[]).is_err());
        let good = ClientMessage::Vote { poll: 1, choices: vec![1] };
        let Decision::Store(Event::PollVoted { tally, .. }) = decide(&s, &p, &good, Utc::now(), false, &[]).unwrap()
        else {
            panic!("a vote")
        };
        assert_eq!(tally, Some(vec![0, 1]));
        let observer = member(RoomRole::Observer);
        assert!(decide(&s, &observer, &good, Utc::now(), false, &[]).is_err());
    }

    #[test]
    fn random_split_is_even() {
        let people: Vec<Uuid> = (0..7).map(|_| Uuid::new_v4()).collect();
        let m = member(RoomRole::Moderator);
        let start = ClientMessage::StartBreakout { groups: 3, assignment: BTreeMap::new(), minutes: 10 };
        let Decision::Store(Event::BreakoutStarted { assignment, .. }) =
            decide(&RoomState::default(), &m, &start, Utc::now(), false, &people).unwrap()
        else {
            panic!("a breakout")
        };
        assert_eq!(assignment.len(), 7);
        for g in 1..=3u8 {
            let n = assignment.values().filter(|v| **v == g).count();
            assert!((2..=3).contains(&n), "group {g} has {n}");
        }
        assert!(decide(&RoomState::default(), &m, &start, Utc::now(), true, &people).is_err());
    }

    #[test]
    fn overlong_text_is_refused() {
        let p = member(RoomRole::Participant);
        let chat = ClientMessage::Chat { text: "あ".repeat(MAX_TEXT_CHARS + 1), client_id: None };
        assert_eq!(
            decide(&RoomState::default(), &p, &chat, Utc::now(), false, &[]).unwrap_err().code,
            ErrorCode::Invalid
        );
    }
}
