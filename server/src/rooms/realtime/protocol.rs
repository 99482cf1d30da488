//! The room protocol's wire types, shared by the server, the load tests and (by hand, in
//! `web/static/room.js`) the browser client. Pure: serde only. Documented in docs/rooms-protocol.md.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::reducer::RoomState;

/// Bumped on any incompatible change; the server answers another version with `unsupported_version`.
pub const PROTOCOL_VERSION: u32 = 1;
/// Largest frame a client may send.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Longest chat message, note or broadcast, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Most options a poll may have.
pub const MAX_POLL_OPTIONS: usize = 10;
/// Most breakout groups.
pub const MAX_BREAKOUT_GROUPS: u8 = 20;

/// Close codes the server uses (4000–4999 are the application's).
pub mod close {
    /// The frame was larger than [`super::MAX_FRAME_BYTES`] (standard code).
    pub const TOO_BIG: u16 = 1009;
    /// The client sent too many bad or excess messages.
    pub const ABUSE: u16 = 4008;
    /// The client fell behind the room; reconnect with `since`.
    pub const SLOW: u16 = 4009;
    /// The person signed out or the session ended.
    pub const SIGNED_OUT: u16 = 4001;
    /// A moderator removed the person from the room.
    pub const REMOVED: u16 = 4003;
    /// Nothing was heard for too long.
    pub const IDLE: u16 = 4010;
    /// The breakout groups were recalled: go back to the main room.
    pub const RECALLED: u16 = 4011;
    /// The server is shutting down; reconnect elsewhere.
    pub const GOING_AWAY: u16 = 1001;
}

/// A frame from the client. `room`, when present, must name the connection's room.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClientFrame {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(flatten)]
    pub message: ClientMessage,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Application-level ping; answered with `pong` (browsers cannot send ping frames).
    Ping,
    /// Ephemeral: the person is typing.
    Typing,
    Chat {
        text: String,
        /// Echoed in the `ack`, so the sender can match its message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
    },
    EditChat {
        target: i64,
        text: String,
    },
    DeleteChat {
        target: i64,
    },
    RaiseHand,
    /// Lowers the sender's hand, or (moderator) another person's.
    LowerHand {
        #[serde(default)]
        user: Option<Uuid>,
    },
    GiveFloor {
        user: Uuid,
        seconds: u32,
    },
    EndFloor,
    SetAgenda {
        title: String,
        minutes: u32,
    },
    ClearAgenda,
    OpenPoll {
        question: String,
        options: Vec<String>,
        #[serde(default)]
        multiple: bool,
        #[serde(default)]
        anonymous: bool,
        #[serde(default = "yes")]
        live_results: bool,
    },
    Vote {
        poll: i64,
        choices: Vec<u8>,
    },
    ClosePoll {
        poll: i64,
    },
    React {
        emoji: String,
    },
    MuteChat {
        muted: bool,
    },
    Remove {
        user: Uuid,
    },
    Lock {
        locked: bool,
    },
    Note {
        text: String,
    },
    StartBreakout {
        groups: u8,
        /// By hand: person → group (1-based). Empty: at random.
        #[serde(default)]
        assignment: BTreeMap<Uuid, u8>,
        minutes: u32,
    },
    BroadcastToGroups {
        text: String,
    },
    RecallBreakout,
}

fn yes() -> bool {
    true
}

/// A frame from the server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// First frame on every connection: who you are and the room's state at `state.seq`.
    /// Then come the events you missed (after `since`), then live events.
    Welcome {
        version: u32,
        room: String,
        you: Member,
        state: Box<RoomState>,
        /// Members connected to this room on this instance.
        present: Vec<Member>,
    },
    Event(Envelope),
    Ack {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
        seq: i64,
    },
    Presence {
        member: Member,
        online: bool,
    },
    Typing {
        user: Uuid,
        name: String,
    },
    Pong,
    Error {
        code: ErrorCode,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadJson,
    UnknownType,
    WrongRoom,
    Forbidden,
    Invalid,
    RateLimited,
    Muted,
    NotFound,
    Unavailable,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum RoomRole {
    Observer,
    Participant,
    Presenter,
    NotesTaker,
    Moderator,
}

impl RoomRole {
    pub fn is_moderator(self) -> bool {
        self == Self::Moderator
    }
    /// Observers listen: they may react but not chat, raise a hand or vote.
    pub fn may_speak(self) -> bool {
        self != Self::Observer
    }
    pub fn may_take_notes(self) -> bool {
        matches!(self, Self::Moderator | Self::NotesTaker)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Member {
    pub user: Uuid,
    pub name: String,
    pub role: RoomRole,
}

/// A durable event as sent: its room, its gap-free sequence number, who and when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Envelope {
    pub room: String,
    pub seq: i64,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    pub event: Event,
}

/// Durable events. Stored as they are here (the `kind` column repeats the tag); before they
/// leave the server, [`Event::redacted`] removes what others may not see.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Chat {
        text: String,
    },
    ChatEdited {
        target: i64,
        text: String,
    },
    ChatDeleted {
        target: i64,
    },
    HandRaised {
        user: Uuid,
        name: String,
    },
    HandLowered {
        user: Uuid,
    },
    FloorGiven {
        user: Uuid,
        name: String,
        seconds: u32,
        until: DateTime<Utc>,
    },
    FloorEnded,
    AgendaSet {
        title: String,
        minutes: u32,
        started_at: DateTime<Utc>,
    },
    AgendaCleared,
    PollOpened {
        question: String,
        options: Vec<String>,
        multiple: bool,
        anonymous: bool,
        live_results: bool,
    },
    PollVoted {
        poll: i64,
        /// Stored always (one vote each); sent only for named polls.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        voter: Option<Uuid>,
        /// Stored always; sent only for named polls with live results.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<u8>,
        /// Counts per option after this vote; sent only with live results.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tally: Option<Vec<u32>>,
        anonymous: bool,
        live_results: bool,
        votes_cast: u32,
    },
    PollClosed {
        poll: i64,
        tally: Vec<u32>,
        votes_cast: u32,
    },
    Reaction {
        emoji: String,
    },
    ChatMuted {
        muted: bool,
    },
    ParticipantRemoved {
        user: Uuid,
    },
    RoomLocked {
        locked: bool,
    },
    NoteAdded {
        text: String,
    },
    BreakoutStarted {
        groups: u8,
        assignment: BTreeMap<Uuid, u8>,
        ends_at: DateTime<Utc>,
    },
    BreakoutBroadcast {
        text: String,
    },
    BreakoutRecalled,
}

impl Event {
    /// The tag, as stored in `room_event.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Chat { .. } => "chat",
            Self::ChatEdited { .. } => "chat_edited",
            Self::ChatDeleted { .. } => "chat_deleted",
            Self::HandRaised { .. } => "hand_raised",
            Self::HandLowered { .. } => "hand_lowered",
            Self::FloorGiven { .. } => "floor_given",
            Self::FloorEnded => "floor_ended",
            Self::AgendaSet { .. } => "agenda_set",
            Self::AgendaCleared => "agenda_cleared",
            Self::PollOpened { .. } => "poll_opened",
            Self::PollVoted { .. } => "poll_voted",
            Self::PollClosed { .. } => "poll_closed",
            Self::Reaction { .. } => "reaction",
            Self::ChatMuted { .. } => "chat_muted",
            Self::ParticipantRemoved { .. } => "participant_removed",
            Self::RoomLocked { .. } => "room_locked",
            Self::NoteAdded { .. } => "note_added",
            Self::BreakoutStarted { .. } => "breakout_started",
            Self::BreakoutBroadcast { .. } => "breakout_broadcast",
            Self::BreakoutRecalled => "breakout_recalled",
        }
    }

    /// What every member may see: anonymous voters and hidden results are taken out.
    pub fn redacted(&self) -> Self {
        match self {
            Self::PollVoted { poll, voter, choices, tally, anonymous, live_results, votes_cast } => Self::PollVoted {
                poll: *poll,
                voter: if *anonymous { None } else { *voter },
                choices: if *anonymous || !*live_results { Vec::new() } else { choices.clone() },
                tally: if *live_results { tally.clone() } else { None },
                anonymous: *anonymous,
                live_results: *live_results,
                votes_cast: *votes_cast,
            },
            other => other.clone(),
        }
    }
}

impl Envelope {
    /// The envelope as members see it.
    pub fn redacted(&self) -> Self {
        let mut out = self.clone();
        out.event = self.event.redacted();
        if let Event::PollVoted { anonymous: true, .. } = self.event {
            out.author = None;
            out.author_name = None;
        }
        out
    }
}

/// The room of a session (`session:<uuid>`) or of one of its breakout groups (`session:<uuid>:group:<n>`).
pub fn room_id(session: Uuid, group: Option<u8>) -> String {
    match group {
        None => format!("session:{session}"),
        Some(n) => format!("session:{session}:group:{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_parse_with_and_without_room() {
        let f: ClientFrame = serde_json::from_str(r#"{"type":"chat","text":"こんにちは"}"#).unwrap();
        assert_eq!(f.message, ClientMessage::Chat { text: "こんにちは".into(), client_id: None });
        let f: ClientFrame = serde_json::from_str(r#"{"type":"raise_hand","room":"session:x"}"#).unwrap();
        assert_eq!(f.room.as_deref(), Some("session:x"));
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"teleport"}"#).is_err());
    }

    #[test]
    fn anonymous_votes_lose_voter_and_choices() {
        let voter = Uuid::new_v4();
        let e = Event::PollVoted {
            poll: 3,
            voter: Some(voter),
            choices: vec![1],
            tally: Some(vec![0, 1]),
            anonymous: true,
            live_results: false,
            votes_cast: 1,
        };
        let json = serde_json::to_string(&e.redacted()).unwrap();
        assert!(!json.contains(&voter.to_string()));
        assert!(!json.contains("tally"));
        assert!(!json.contains("choices"));
    }

    #[test]
    fn room_ids_fit_the_column() {
        assert!(room_id(Uuid::new_v4(), Some(20)).len() <= 128);
    }
}
