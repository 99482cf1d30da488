//! Room state, rebuilt by folding the stored events in order. Pure, so the state survives restarts
//! and moves between instances: any instance folds the same events to the same state.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::{Envelope, Event};

/// Chat lines kept in the state for late joiners.
pub const RECENT_CHAT: usize = 100;
/// Notes and reactions kept in the state.
pub const RECENT_NOTES: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RoomState {
    /// The last event folded in.
    pub seq: i64,
    pub hands: Vec<Hand>,
    pub floor: Option<Floor>,
    pub agenda: Option<Agenda>,
    pub polls: Vec<Poll>,
    pub chat: VecDeque<ChatLine>,
    pub notes: Vec<Note>,
    pub muted: bool,
    pub locked: bool,
    pub removed: BTreeSet<Uuid>,
    pub breakout: Option<Breakout>,
    /// The moderator's last message to every group.
    pub broadcast: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hand {
    pub user: Uuid,
    pub name: String,
    pub seq: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Floor {
    pub user: Uuid,
    pub name: String,
    pub seconds: u32,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Agenda {
    pub title: String,
    pub minutes: u32,
    pub started_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Poll {
    /// The seq of the `poll_opened` event.
    pub id: i64,
    pub question: String,
    pub options: Vec<String>,
    pub multiple: bool,
    pub anonymous: bool,
    pub live_results: bool,
    pub open: bool,
    /// `None` while results are hidden (see [`RoomState::public`]).
    pub tally: Option<Vec<u32>>,
    pub votes_cast: u32,
    /// Who voted what; never sent.
    #[serde(skip)]
    pub votes: BTreeMap<Uuid, Vec<u8>>,
}

impl Poll {
    pub fn count(&self) -> Vec<u32> {
        let mut tally = vec![0; self.options.len()];
        for choices in self.votes.values() {
            for &c in choices {
                if let Some(n) = tally.get_mut(usize::from(c)) {
                    *n += 1;
                }
            }
        }
        tally
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatLine {
    pub seq: i64,
    pub author: Option<Uuid>,
    pub name: Option<String>,
    pub text: String,
    pub at: DateTime<Utc>,
    pub edited: bool,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Note {
    pub seq: i64,
    pub name: Option<String>,
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Breakout {
    pub groups: u8,
    pub assignment: BTreeMap<Uuid, u8>,
    pub ends_at: DateTime<Utc>,
}

impl RoomState {
    /// Folds one event in. Events must come in seq order; an old or repeated one is ignored.
    pub fn apply(&mut self, e: &Envelope) {
        if e.seq <= self.seq {
            return;
        }
        self.seq = e.seq;
        match &e.event {
            Event::Chat { text } => {
                self.chat.push_back(ChatLine {
                    seq: e.seq,
                    author: e.author,
                    name: e.author_name.clone(),
                    text: text.clone(),
                    at: e.at,
                    edited: false,
                    deleted: false,
                });
                while self.chat.len() > RECENT_CHAT {
                    self.chat.pop_front();
                }
            }
            Event::ChatEdited { target, text } => {
                if let Some(line) = self.chat.iter_mut().find(|l| l.seq == *target) {
                    line.text.clone_from(text);
                    line.edited = true;
                }
            }
            Event::ChatDeleted { target } => {
                if let Some(line) = self.chat.iter_mut().find(|l| l.seq == *target) {
                    line.text.clear();
                    line.deleted = true;
                }
            }
            Event::HandRaised { user, name } => {
                if !self.hands.iter().any(|h| h.user == *user) {
                    self.hands.push(Hand { user: *user, name: name.clone(), seq: e.seq });
                }
            }
            Event::HandLowered { user } => self.hands.retain(|h| h.user != *user),
            Event::FloorGiven { user, name, seconds, until } => {
                self.hands.retain(|h| h.user != *user);
                self.floor = Some(Floor { user: *user, name: name.clone(), seconds: *seconds, until: *until });
            }
            Event::FloorEnded => self.floor = None,
            Event::AgendaSet { title, minutes, started_at } => {
                self.agenda = Some(Agenda { title: title.clone(), minutes: *minutes, started_at: *started_at });
            }
            Event::AgendaCleared => self.agenda = None,
            Event::PollOpened { question, options, multiple, anonymous, live_results } => self.polls.push(Poll {
                id: e.seq,
                question: question.clone(),
                options: options.clone(),
                multiple: *multiple,
                anonymous: *anonymous,
                live_results: *live_results,
                open: true,
                tally: Some(vec![0; options.len()]),
                votes_cast: 0,
                votes: BTreeMap::new(),
            }),
            Event::PollVoted { poll, voter, choices, .. } => {
                if let (Some(p), Some(voter)) = (self.polls.iter_mut().find(|p| p.id == *poll && p.open), voter) {
                    p.votes.insert(*voter, choices.clone());
                    p.votes_cast = u32::try_from(p.votes.len()).unwrap_or(u32::MAX);
                    p.tally = Some(p.count());
                }
            }
            Event::PollClosed { poll, .. } => {
                if let Some(p) = self.polls.iter_mut().find(|p| p.id == *poll) {
                    p.open = false;
                }
            }
            Event::Reaction { .. } => {}
            Event::ChatMuted { muted } => self.muted = *muted,
            Event::ParticipantRemoved { user } => {
                self.removed.insert(*user);
                self.hands.retain(|h| h.user != *user);
                if self.floor.as_ref().is_some_and(|f| f.user == *user) {
                    self.floor = None;
                }
            }
            Event::RoomLocked { locked } => self.locked = *locked,
            Event::NoteAdded { text } => {
                self.notes.push(Note { seq: e.seq, name: e.author_name.clone(), text: text.clone(), at: e.at });
                if self.notes.len() > RECENT_NOTES {
                    self.notes.remove(0);
                }
            }
            Event::BreakoutStarted { groups, assignment, ends_at } => {
                self.breakout = Some(Breakout { groups: *groups, assignment: assignment.clone(), ends_at: *ends_at });
                self.broadcast = None;
            }
            Event::BreakoutBroadcast { text } => self.broadcast = Some(text.clone()),
            Event::BreakoutRecalled => {
                self.breakout = None;
                self.broadcast = None;
            }
        }
    }

    /// The state as members see it: results of polls that show them after close stay hidden.
    pub fn public(&self) -> Self {
        let mut out = self.clone();
        for p in &mut out.polls {
            if p.open && !p.live_results {
                p.tally = None;
            }
        }
        out
    }

    pub fn poll(&self, id: i64) -> Option<&Poll> {
        self.polls.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(seq: i64, author: Option<Uuid>, event: Event) -> Envelope {
        Envelope { room: "session:t".into(), seq, at: Utc::now(), author, author_name: Some("A".into()), event }
    }

    #[test]
    fn hands_queue_in_order_and_floor_takes_the_hand_off() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut s = RoomState::default();
        s.apply(&env(1, Some(a), Event::HandRaised { user: a, name: "a".into() }));
        s.apply(&env(2, Some(b), Event::HandRaised { user: b, name: "b".into() }));
        s.apply(&env(3, Some(a), Event::HandRaised { user: a, name: "a".into() }));
        assert_eq!(s.hands.iter().map(|h| h.user).collect::<Vec<_>>(), vec![a, b]);
        s.apply(&env(4, None, Event::FloorGiven { user: b, name: "b".into(), seconds: 60, until: Utc::now() }));
        assert_eq!(s.hands.len(), 1);
        assert_eq!(s.floor.as_ref().map(|f| f.user), Some(b));
        s.apply(&env(5, None, Event::FloorEnded));
        assert!(s.floor.is_none());
    }

    #[test]
    fn events_already_folded_are_ignored() {
        let mut s = RoomState::default();
        let e = env(1, None, Event::Chat { text: "x".into() });
        s.apply(&e);
        s.apply(&e);
        assert_eq!(s.chat.len(), 1);
        assert_eq!(s.seq, 1);
    }

    #[test]
    fn chat_edit_and_delete_change_the_line() {
        let mut s = RoomState::default();
        s.apply(&env(1, None, Event::Chat { text: "x".into() }));
        s.apply(&env(2, None, Event::ChatEdited { target: 1, text: "y".into() }));
        assert_eq!(s.chat[0].text, "y");
        assert!(s.chat[0].edited);
        s.apply(&env(3, None, Event::ChatDeleted { target: 1 }));
        assert!(s.chat[0].deleted && s.chat[0].text.is_empty());
    }

    #[test]
    fn recent_chat_is_bounded() {
        let mut s = RoomState::default();
        for i in 1..=(RECENT_CHAT as i64 + 5) {
            s.apply(&env(i, None, Event::Chat { text: i.to_string() }));
        }
        assert_eq!(s.chat.len(), RECENT_CHAT);
        assert_eq!(s.chat[0].seq, 6);
    }

    #[test]
    fn poll_votes_replace_and_results_hide_until_close() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut s = RoomState::default();
        let open = Event::PollOpened {
            question: "q".into(),
            options: vec!["x".into(), "y".into()],
            multiple: false,
            anonymous: true,
            live_results: false,
        };
        s.apply(&env(1, None, open));
        let vote = |voter, c| Event::PollVoted {
            poll: 1,
            voter: Some(voter),
            choices: vec![c],
            tally: None,
            anonymous: true,
            live_results: false,
            votes_cast: 0,
        };
        s.apply(&env(2, Some(a), vote(a, 0)));
        s.apply(&env(3, Some(b), vote(b, 1)));
        s.apply(&env(4, Some(a), vote(a, 1)));
        assert_eq!(s.poll(1).unwrap().tally, Some(vec![0, 2]));
        assert_eq!(s.public().poll(1).unwrap().tally, None);
        s.apply(&env(5, None, Event::PollClosed { poll: 1, tally: vec![0, 2], votes_cast: 2 }));
        assert_eq!(s.public().poll(1).unwrap().tally, Some(vec![0, 2]));
        // A vote after close changes nothing.
        s.apply(&env(6, Some(a), vote(a, 0)));
        assert_eq!(s.poll(1).unwrap().tally, Some(vec![0, 2]));
    }

    #[test]
    fn moderation_mutes_locks_and_removes() {
        let a = Uuid::new_v4();
        let mut s = RoomState::default();
        s.apply(&env(1, Some(a), Event::HandRaised { user: a, name: "a".into() }));
        s.apply(&env(2, None, Event::ChatMuted { muted: true }));
        s.apply(&env(3, None, Event::RoomLocked { locked: true }));
        s.apply(&env(4, None, Event::ParticipantRemoved { user: a }));
        assert!(s.muted && s.locked && s.removed.contains(&a) && s.hands.is_empty());
    }

    #[test]
    fn breakouts_start_broadcast_and_recall() {
        let a = Uuid::new_v4();
        let mut s = RoomState::default();
        let assignment = BTreeMap::from([(a, 2)]);
        s.apply(&env(1, None, Event::BreakoutStarted { groups: 2, assignment, ends_at: Utc::now() }));
        s.apply(&env(2, None, Event::BreakoutBroadcast { text: "5 min".into() }));
        assert_eq!(s.breakout.as_ref().unwrap().assignment[&a], 2);
        assert_eq!(s.broadcast.as_deref(), Some("5 min"));
        s.apply(&env(3, None, Event::BreakoutRecalled));
        assert!(s.breakout.is_none() && s.broadcast.is_none());
    }

    #[test]
    fn the_same_events_fold_to_the_same_state() {
        let a = Uuid::new_v4();
        let events: Vec<Envelope> = (1..=20)
            .map(|i| {
                if i % 3 == 0 {
                    env(i, Some(a), Event::HandRaised { user: a, name: "a".into() })
                } else if i % 3 == 1 {
                    env(i, Some(a), Event::HandLowered { user: a })
                } else {
                    env(i, Some(a), Event::Chat { text: format!("m{i}") })
                }
            })
            .collect();
        let mut once = RoomState::default();
        events.iter().for_each(|e| once.apply(e));
        let mut twice = RoomState::default();
        events[..10].iter().for_each(|e| twice.apply(e));
        events.iter().for_each(|e| twice.apply(e));
        assert_eq!(once, twice);
    }
}
