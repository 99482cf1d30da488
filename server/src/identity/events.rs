//! Sign-out notices for long-lived connections: a realtime room subscribes and closes the
//! sockets of a session (or of every session of a person) that has ended.

use tokio::sync::broadcast;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    pub user_id: Uuid,
    /// One session, or `None` for every session of the person.
    pub session: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionEvents {
    sender: broadcast::Sender<SignedOut>,
}

impl Default for SessionEvents {
    fn default() -> Self {
        // Bounded: a subscriber that falls this far behind misses notices and must re-check
        // its sessions (the rooms do, on every heartbeat).
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl SessionEvents {
    pub fn signed_out(&self, user_id: Uuid, session: Option<String>) {
        let _ = self.sender.send(SignedOut { user_id, session });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<SignedOut> {
        self.sender.subscribe()
    }
}
