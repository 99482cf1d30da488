//! The rooms open on this instance. A room holds its folded state (caught up from the store when
//! another writer got there first) and serialises this instance's writes to it. An event is stored
//! with the next seq BEFORE it is published, and serialised once for every member.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use chrono::Utc;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::commands::Refusal;
use super::protocol::{Envelope, Event, Member, ServerMessage};
use super::reducer::RoomState;
use super::store::{self, AppendError};
use crate::bus::{Bus, Bytes, Subscription};

/// Writers that collide this many times in a row give up (the client sees `unavailable`).
const MAX_APPEND_ATTEMPTS: usize = 50;
/// Events read from the store in one go.
pub const PAGE: u64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error("refused")]
    Refused(Refusal),
    #[error("store: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("too many concurrent writers")]
    Contended,
}

/// A frame on the bus: 8 bytes of seq (0 for ephemeral messages), then the JSON text sent to clients.
pub fn frame(seq: i64, message: &ServerMessage) -> Bytes {
    let json = serde_json::to_vec(message).unwrap_or_default();
    let mut out = Vec::with_capacity(8 + json.len());
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&json);
    Bytes::from(out)
}

/// The seq and the JSON text of a bus frame.
pub fn unframe(bytes: &Bytes) -> Option<(i64, Bytes)> {
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some((i64::from_be_bytes(head), bytes.slice(8..)))
}

#[derive(Debug, Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: DatabaseConnection,
    bus: Arc<dyn Bus>,
    rooms: Mutex<HashMap<String, Weak<Room>>>,
    /// Another instance may write: check the store before deciding, not only on conflict.
    shared: bool,
}

#[derive(Debug)]
pub struct Room {
    pub id: String,
    state: tokio::sync::Mutex<RoomState>,
    loaded: tokio::sync::OnceCell<()>,
    present: Mutex<HashMap<u64, Member>>,
    hub: Weak<Inner>,
}

impl Hub {
    pub fn new(db: DatabaseConnection, bus: Arc<dyn Bus>) -> Self {
        let shared = bus.name() != "memory";
        Self { inner: Arc::new(Inner { db, bus, rooms: Mutex::new(HashMap::new()), shared }) }
    }

    pub fn bus(&self) -> &Arc<dyn Bus> {
        &self.inner.bus
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The room, loaded from the store on first use on this instance.
    pub async fn room(&self, id: &str) -> Result<Arc<Room>, sea_orm::DbErr> {
        let room = {
            let mut rooms = self.inner.rooms.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            rooms.retain(|_, r| r.strong_count() > 0);
            match rooms.get(id).and_then(Weak::upgrade) {
                Some(room) => room,
                None => {
                    let room = Arc::new(Room {
                        id: id.to_owned(),
                        state: tokio::sync::Mutex::new(RoomState::default()),
                        loaded: tokio::sync::OnceCell::new(),
                        present: Mutex::new(HashMap::new()),
                        hub: Arc::downgrade(&self.inner),
                    });
                    rooms.insert(id.to_owned(), Arc::downgrade(&room));
                    room
                }
            }
        };
        room.loaded
            .get_or_try_init(|| async {
                let mut state = room.state.lock().await;
                catch_up(&self.inner.db, &room.id, &mut state).await
            })
            .await?;
        Ok(room)
    }

    pub fn subscribe(&self, room: &str) -> Subscription {
        self.inner.bus.subscribe(room)
    }

    /// Publishes an ephemeral message (presence, typing) to the room's members on every instance.
    pub async fn publish_ephemeral(&self, room: &str, message: &ServerMessage) {
        if let Err(err) = self.inner.bus.publish(room, frame(0, message)).await {
            tracing::warn!(%err, room, "bus publish failed");
        }
    }
}

async fn catch_up(db: &DatabaseConnection, room: &str, state: &mut RoomState) -> Result<(), sea_orm::DbErr> {
    loop {
        let events = store::since(db, room, state.seq, PAGE).await?;
        let n = events.len();
        for e in &events {
            state.apply(e);
        }
        if (n as u64) < PAGE {
            return Ok(());
        }
    }
}

impl Room {
    fn inner(&self) -> Option<Arc<Inner>> {
        self.hub.upgrade()
    }

    /// The state as of the store's latest event.
    pub async fn snapshot(&self) -> Result<RoomState, sea_orm::DbErr> {
        let Some(inner) = self.inner() else { return Ok(RoomState::default()) };
        let mut state = self.state.lock().await;
        catch_up(&inner.db, &self.id, &mut state).await?;
        Ok(state.clone())
    }

    /// Decides on the current state, stores the event with the next seq, then publishes it.
    /// On a seq collision (another writer, maybe on another instance) it catches up and decides again.
    pub async fn commit(
        &self,
        author: Option<&Member>,
        mut decide: impl FnMut(&RoomState) -> Result<Event, Refusal>,
    ) -> Result<Envelope, CommitError> {
        let Some(inner) = self.inner() else { return Err(CommitError::Contended) };
        let mut state = self.state.lock().await;
        if inner.shared {
            catch_up(&inner.db, &self.id, &mut state).await?;
        }
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let event = decide(&state).map_err(CommitError::Refused)?;
            let envelope = Envelope {
                room: self.id.clone(),
                seq: state.seq + 1,
                at: Utc::now(),
                author: author.map(|m| m.user),
                author_name: author.map(|m| m.name.clone()),
                event,
            };
            match store::append(&inner.db, &envelope).await {
                Ok(()) => {
                    state.apply(&envelope);
                    drop(state);
                    let bytes = frame(envelope.seq, &ServerMessage::Event(envelope.redacted()));
                    if let Err(err) = inner.bus.publish(&self.id, bytes).await {
                        tracing::warn!(%err, room = self.id, "bus publish failed; members recover by seq");
                    }
                    return Ok(envelope);
                }
                Err(AppendError::SeqTaken) => {
                    catch_up(&inner.db, &self.id, &mut state).await?;
                    tokio::task::yield_now().await;
                }
                Err(AppendError::Db(err)) => return Err(err.into()),
            }
        }
        Err(CommitError::Contended)
    }

    pub fn join(&self, connection: u64, member: Member) {
        self.present_lock().insert(connection, member);
    }

    pub fn leave(&self, connection: u64) {
        self.present_lock().remove(&connection);
    }

    /// Distinct people connected here, and whether `user` is one of them.
    pub fn present(&self) -> Vec<Member> {
        let mut seen: HashMap<Uuid, Member> = HashMap::new();
        for m in self.present_lock().values() {
            seen.entry(m.user).or_insert_with(|| m.clone());
        }
        let mut out: Vec<Member> = seen.into_values().collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn present_lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Member>> {
        self.present.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_carry_their_seq() {
        let bytes = frame(42, &ServerMessage::Pong);
        let (seq, json) = unframe(&bytes).unwrap();
        assert_eq!(seq, 42);
        assert_eq!(&json[..], br#"{"type":"pong"}"#);
        assert!(unframe(&Bytes::from_static(b"short")).is_none());
    }
}
