//! One websocket connection: a reader (this task: frames in, limits, commands) and a writer task
//! (welcome, missed events, then the room's bus frames and replies, in seq order, gaps filled from
//! the store). The writer's queue is bounded: a client that cannot keep up is closed with `slow`
//! and resumes by seq; the room never waits for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_ws::{CloseCode, CloseReason, MessageStream, Session};
use bytestring::ByteString;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::commands::{Decision, Refusal, decide};
use super::hub::{CommitError, PAGE, Room, unframe};
use super::protocol::{
    ClientFrame, ErrorCode, Event, MAX_FRAME_BYTES, Member, PROTOCOL_VERSION, ServerMessage, close, room_id,
};
use super::store;
use crate::bus::{Bytes, Delivery};
use crate::state::AppState;

/// Replies queued for the writer (acks, errors) before the client counts as too slow.
const REPLY_QUEUE: usize = 64;
/// A write that takes longer than this means the client stopped reading.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a close frame may wait behind unread frames before the connection is dropped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(30);
/// Most events replayed on resume; a client further behind starts from the state in `welcome`.
const MAX_REPLAY: i64 = 10_000;

static NEXT_CONNECTION: AtomicU64 = AtomicU64::new(1);

pub struct Connection {
    pub state: actix_web::web::Data<AppState>,
    pub room: Arc<Room>,
    pub session_id: Uuid,
    pub is_group: bool,
    pub me: Member,
    pub web_session: String,
    pub since: Option<i64>,
    /// Set when a reply did not fit the writer's queue.
    pub overflowed: std::cell::Cell<bool>,
}

/// Keeps the `websocket_connections_open` gauge right however the connection ends.
struct Gauge(actix_web::web::Data<AppState>);

impl Drop for Gauge {
    fn drop(&mut self) {
        self.0.metrics.websocket_connections.dec();
    }
}

enum Out {
    Text(Bytes),
    Ping,
    Close(u16, &'static str),
}

fn reason(code: u16, description: &str) -> CloseReason {
    CloseReason { code: CloseCode::from(code), description: Some(description.to_owned()) }
}

fn json(message: &ServerMessage) -> Bytes {
    Bytes::from(serde_json::to_vec(message).unwrap_or_default())
}

fn error(code: ErrorCode, message: &str) -> Bytes {
    json(&ServerMessage::Error { code, message: message.to_owned() })
}

/// A token bucket: `rate` a second, bursts of twice that.
struct RateLimit {
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl RateLimit {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate);
        Self { tokens: rate * 2.0, rate, last: Instant::now() }
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate).min(self.rate * 2.0);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

impl Connection {
    pub async fn run(self, ws: Session, stream: MessageStream) {
        self.state.metrics.websocket_connections.inc();
        let _gauge = Gauge(self.state.clone());
        let id = NEXT_CONNECTION.fetch_add(1, Ordering::Relaxed);
        let hub = self.state.rooms.clone();
        // Subscribe before reading the state, so nothing falls between the two.
        let subscription = hub.subscribe(&self.room.id);
        let (replies, replies_rx) = mpsc::channel::<Out>(REPLY_QUEUE);
        let writer = Writer {
            ws: ws.clone(),
            room: Arc::clone(&self.room),
            db: self.state.db.clone(),
            me: self.me.clone(),
            since: self.since,
            present: Vec::new(),
            last: 0,
        };
        self.room.join(id, self.me.clone());
        let online = ServerMessage::Presence { member: self.me.clone(), online: true };
        hub.publish_ephemeral(&self.room.id, &online).await;
        let mut writer_task = actix_web::rt::spawn(writer.run(subscription, replies_rx));

        let ending = self.read(stream, &replies, &mut writer_task).await;
        self.room.leave(id);
        hub.publish_ephemeral(&self.room.id, &ServerMessage::Presence { member: self.me.clone(), online: false }).await;
        if let Some((code, why)) = ending {
            // Through the writer, so the replies queued before (the errors that explain it) go first.
            let queued = replies.try_send(Out::Close(code, why)).is_ok();
            if !queued || tokio::time::timeout(SEND_TIMEOUT, &mut writer_task).await.is_err() {
                let _ = ws.clone().close(Some(reason(code, why))).await;
            }
        }
        drop(replies);
        writer_task.abort();
    }

    /// Reads until the connection ends; returns the close to send, if the server is the one closing.
    async fn read(
        &self,
        stream: MessageStream,
        replies: &mpsc::Sender<Out>,
        writer: &mut actix_web::rt::task::JoinHandle<()>,
    ) -> Option<(u16, &'static str)> {
        let limits = &self.state.config.rooms;
        let mut stream =
            stream.max_frame_size(MAX_FRAME_BYTES).aggregate_continuations().max_continuation_size(MAX_FRAME_BYTES);
        let mut signed_out = self.state.session_events.subscribe();
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + limits.heartbeat, limits.heartbeat);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_heard = Instant::now();
        let mut rate = RateLimit::new(limits.messages_per_sec);
        let mut strikes = 0u32;
        loop {
            tokio::select! {
                _ = &mut *writer => return None,
                notice = signed_out.recv() => match notice {
                    Ok(n) if n.user_id == self.me.user && n.session.as_ref().is_none_or(|s| *s == self.web_session) => {
                        return Some((close::SIGNED_OUT, "signed_out"));
                    }
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        if !store::web_session_alive(&self.state.db, &self.web_session).await.unwrap_or(true) {
                            return Some((close::SIGNED_OUT, "signed_out"));
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => {}
                },
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > limits.idle_timeout {
                        return Some((close::IDLE, "idle"));
                    }
                    // Sign-out on another instance only shows in the store.
                    if !store::web_session_alive(&self.state.db, &self.web_session).await.unwrap_or(true) {
                        return Some((close::SIGNED_OUT, "signed_out"));
                    }
                    if replies.try_send(Out::Ping).is_err() && replies.is_closed() {
                        return None;
                    }
                }
                frame = stream.recv() => {
                    let frame = frame?;
                    last_heard = Instant::now();
                    let text = match frame {
                        Ok(actix_ws::AggregatedMessage::Text(text)) => text,
                        Ok(actix_ws::AggregatedMessage::Binary(_)) => {
                            strikes += 1;
                            self.reply(replies, error(ErrorCode::BadJson, "send text frames"));
                            if strikes > limits.abuse_limit { return Some((close::ABUSE, "abuse")) }
                            continue;
                        }
                        Ok(actix_ws::AggregatedMessage::Ping(_) | actix_ws::AggregatedMessage::Pong(_)) => continue,
                        Ok(actix_ws::AggregatedMessage::Close(_)) => return Some((1000, "bye")),
                        Err(actix_ws::ProtocolError::Overflow) => return Some((close::TOO_BIG, "frame_too_big")),
                        Err(_) => return Some((1002, "protocol_error")),
                    };
                    if !rate.allow() {
                        strikes += 1;
                        if strikes > limits.abuse_limit { return Some((close::ABUSE, "abuse")) }
                        self.reply(replies, error(ErrorCode::RateLimited, "too many messages; slow down"));
                        continue;
                    }
                    if let Err(refusal) = self.handle(&text, replies).await {
                        if matches!(refusal.code, ErrorCode::BadJson | ErrorCode::UnknownType | ErrorCode::WrongRoom) {
                            strikes += 1;
                        }
                        if strikes > limits.abuse_limit { return Some((close::ABUSE, "abuse")) }
                        self.reply(replies, error(refusal.code, refusal.message));
                    }
                    if self.overflowed.get() {
                        return Some((close::SLOW, "slow"));
                    }
                }
            }
        }
    }

    fn reply(&self, replies: &mpsc::Sender<Out>, bytes: Bytes) {
        // A full reply queue means the client is not reading: the reader closes it as slow.
        if replies.try_send(Out::Text(bytes)).is_err() {
            self.overflowed.set(true);
        }
    }

    async fn handle(&self, text: &str, replies: &mpsc::Sender<Out>) -> Result<(), Refusal> {
        let frame: ClientFrame = serde_json::from_str(text).map_err(|e| {
            if e.to_string().contains("unknown variant") || e.to_string().contains("missing field `type`") {
                Refusal { code: ErrorCode::UnknownType, message: "unknown message type" }
            } else {
                Refusal { code: ErrorCode::BadJson, message: "not a valid message" }
            }
        })?;
        if frame.room.as_ref().is_some_and(|r| *r != self.room.id) {
            return Err(Refusal { code: ErrorCode::WrongRoom, message: "this connection is for another room" });
        }
        let hub = &self.state.rooms;
        let message = frame.message;
        match &message {
            super::protocol::ClientMessage::Ping => {
                self.reply(replies, json(&ServerMessage::Pong));
                return Ok(());
            }
            super::protocol::ClientMessage::Typing => {
                let typing = ServerMessage::Typing { user: self.me.user, name: self.me.name.clone() };
                hub.publish_ephemeral(&self.room.id, &typing).await;
                return Ok(());
            }
            _ => {}
        }
        let eligible = if matches!(message, super::protocol::ClientMessage::StartBreakout { .. }) {
            store::splittable(&self.state.db, self.session_id).await.map_err(|_| unavailable())?
        } else {
            Vec::new()
        };
        // Breakout broadcasts and recalls also go to each group room (the count as it was before).
        let mut everywhere: Option<u8> = None;
        let committed = self
            .room
            .commit(Some(&self.me), |state| {
                match decide(state, &self.me, &message, chrono::Utc::now(), self.is_group, &eligible)? {
                    Decision::Store(event) => Ok(event),
                    Decision::StoreEverywhere(event) => {
                        everywhere = state.breakout.as_ref().map(|b| b.groups);
                        Ok(event)
                    }
                    Decision::Ephemeral => Err(Refusal { code: ErrorCode::Invalid, message: "nothing to store" }),
                }
            })
            .await;
        let envelope = match committed {
            Ok(envelope) => envelope,
            Err(CommitError::Refused(refusal)) => return Err(refusal),
            Err(err) => {
                tracing::warn!(%err, room = self.room.id, "room event not stored");
                return Err(unavailable());
            }
        };
        if let Some(groups) = everywhere {
            self.to_every_group(&envelope.event, groups).await;
        }
        let client_id = match message {
            super::protocol::ClientMessage::Chat { client_id, .. } => client_id,
            _ => None,
        };
        self.reply(replies, json(&ServerMessage::Ack { client_id, seq: envelope.seq }));
        Ok(())
    }

    /// A broadcast or recall from the main room reaches every breakout group's room too.
    async fn to_every_group(&self, event: &Event, groups: u8) {
        for g in 1..=groups {
            let Ok(room) = self.state.rooms.room(&room_id(self.session_id, Some(g))).await else { continue };
            let event = event.clone();
            if let Err(err) = room.commit(Some(&self.me), move |_| Ok(event.clone())).await {
                tracing::warn!(%err, room = room.id, "breakout message not stored");
            }
        }
    }
}

fn unavailable() -> Refusal {
    Refusal { code: ErrorCode::Unavailable, message: "try again" }
}

struct Writer {
    ws: Session,
    room: Arc<Room>,
    db: sea_orm::DatabaseConnection,
    me: Member,
    since: Option<i64>,
    present: Vec<Member>,
    /// The last seq this client was sent.
    last: i64,
}

enum Stop {
    Close(u16, &'static str),
    Gone,
}

impl Writer {
    async fn run(mut self, mut subscription: crate::bus::Subscription, mut replies: mpsc::Receiver<Out>) {
        let stop = match self.start().await {
            Err(stop) => stop,
            Ok(()) => loop {
                let step = tokio::select! {
                    biased;
                    out = replies.recv() => match out {
                        None => Err(Stop::Gone),
                        Some(Out::Text(bytes)) => self.send(bytes).await,
                        Some(Out::Ping) => self.ping().await,
                        Some(Out::Close(code, why)) => Err(Stop::Close(code, why)),
                    },
                    delivery = subscription.recv() => match delivery {
                        None => Err(Stop::Close(close::GOING_AWAY, "restarting")),
                        Some(Delivery::Lagged(_)) => Err(Stop::Close(close::SLOW, "slow")),
                        Some(Delivery::Gap) => self.fill(i64::MAX).await,
                        Some(Delivery::Message(bytes)) => self.deliver(&bytes).await,
                    },
                };
                if let Err(stop) = step {
                    break stop;
                }
            },
        };
        if let Stop::Close(code, why) = stop {
            // A slow client's close frame waits behind what it has not read yet: give it time to
            // arrive (bounded), so the client learns why and resumes by seq.
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, self.ws.close(Some(reason(code, why)))).await;
        }
    }

    async fn start(&mut self) -> Result<(), Stop> {
        let state = self.room.snapshot().await.map_err(|_| Stop::Close(1011, "store_unavailable"))?;
        self.present = self.room.present();
        let head = state.seq;
        let welcome = ServerMessage::Welcome {
            version: PROTOCOL_VERSION,
            room: self.room.id.clone(),
            you: self.me.clone(),
            state: Box::new(state.public()),
            present: std::mem::take(&mut self.present),
        };
        self.send(json(&welcome)).await?;
        self.last = match self.since {
            Some(since) if since >= 0 && since < head => since.max(head - MAX_REPLAY),
            _ => head,
        };
        self.fill(head).await
    }

    /// Sends stored events after `self.last` (up to `upto`), in order.
    async fn fill(&mut self, upto: i64) -> Result<(), Stop> {
        loop {
            let events = store::since(&self.db, &self.room.id, self.last, PAGE)
                .await
                .map_err(|_| Stop::Close(1011, "store_unavailable"))?;
            let n = events.len();
            for e in events {
                if e.seq > upto {
                    return Ok(());
                }
                let seq = e.seq;
                let removed_me = matches!(e.event, Event::ParticipantRemoved { user } if user == self.me.user);
                self.send(json(&ServerMessage::Event(e.redacted()))).await?;
                self.last = seq;
                if removed_me {
                    return Err(Stop::Close(close::REMOVED, "removed"));
                }
            }
            if (n as u64) < PAGE {
                return Ok(());
            }
        }
    }

    async fn deliver(&mut self, bytes: &Bytes) -> Result<(), Stop> {
        let Some((seq, text)) = unframe(bytes) else { return Ok(()) };
        if seq == 0 {
            return self.send(text).await;
        }
        if seq <= self.last {
            return Ok(()); // already sent (from the store)
        }
        if seq > self.last + 1 {
            // A gap on the live path: the store has everything up to this one.
            return self.fill(seq).await;
        }
        self.send(text.clone()).await?;
        self.last = seq;
        // Parse only removals (serde_json writes no spaces, so the tag's bytes are exact).
        const REMOVAL: &[u8] = br#""kind":"participant_removed""#;
        if text.windows(REMOVAL.len()).any(|w| w == REMOVAL)
            && let Ok(ServerMessage::Event(e)) = serde_json::from_slice::<ServerMessage>(&text)
            && matches!(e.event, Event::ParticipantRemoved { user } if user == self.me.user)
        {
            return Err(Stop::Close(close::REMOVED, "removed"));
        }
        Ok(())
    }

    async fn send(&mut self, bytes: Bytes) -> Result<(), Stop> {
        let text = ByteString::try_from(bytes).map_err(|_| Stop::Close(1011, "encoding"))?;
        match tokio::time::timeout(SEND_TIMEOUT, self.ws.text(text)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stop::Gone),
            Err(_) => Err(Stop::Close(close::SLOW, "slow")),
        }
    }

    async fn ping(&mut self) -> Result<(), Stop> {
        match tokio::time::timeout(SEND_TIMEOUT, self.ws.ping(b"hb")).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stop::Gone),
            Err(_) => Err(Stop::Close(close::SLOW, "slow")),
        }
    }
}
