//! A websocket client for the room tests: real sockets (tokio-tungstenite) against the spawned
//! server, with the session cookie and Origin a browser would send.

use std::time::Duration;

use colapla::rooms::realtime::protocol::{ClientMessage, Envelope, ServerMessage};
use futures_util::{SinkExt, StreamExt};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use uuid::Uuid;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a test waits for a frame it expects.
pub const WAIT: Duration = Duration::from_secs(10);

/// A session cookie value (`colapla_session=…`) for the person with this address.
pub async fn cookie_for(db: &DatabaseConnection, email: &str) -> String {
    let user = entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no user {email}"));
    let token = colapla::identity::session::start(db, user.id, "test", None, None).await.expect("session");
    format!("{}={token}", colapla::identity::session::SESSION_COOKIE)
}

pub async fn user_id(db: &DatabaseConnection, email: &str) -> Uuid {
    entities::app_user::Entity::find()
        .filter(entities::app_user::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .expect("user")
        .id
}

/// The demo session whose room the demo accounts are registered for.
pub async fn demo_room_session(db: &DatabaseConnection) -> Uuid {
    let registration = entities::session_registration::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("the demo data registers accounts for a session");
    registration.session_id
}

/// Registers (approved) `email` for `session` with `role`.
pub async fn register(db: &DatabaseConnection, session: Uuid, email: &str, role: &str) {
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let now = chrono::Utc::now();
    let role = serde_json::from_value(serde_json::json!(role)).expect("a role");
    entities::session_registration::Model {
        id: Uuid::new_v4(),
        session_id: session,
        user_id: user_id(db, email).await,
        role,
        status: entities::session_registration::RegistrationStatus::Approved,
        attended_at: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
    .expect("registration");
}

#[derive(Debug, Default, Clone)]
pub struct Join<'a> {
    pub since: Option<i64>,
    pub group: Option<u8>,
    /// Overrides the Origin header (default: the server's own address).
    pub origin: Option<&'a str>,
    pub no_cookie: bool,
}

pub struct RoomClient {
    pub socket: Socket,
    pub welcome: ServerMessage,
}

/// The handshake's answer when the server refused the upgrade.
pub async fn refused(address: &str, session: Uuid, cookie: &str, join: Join<'_>) -> u16 {
    match open(address, session, cookie, join).await {
        Err(WsError::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("the upgrade was accepted"),
    }
}

async fn open(address: &str, session: Uuid, cookie: &str, join: Join<'_>) -> Result<Socket, WsError> {
    let mut url = format!("{}/ws/sessions/{session}", address.replacen("http://", "ws://", 1));
    let mut params = Vec::new();
    if let Some(since) = join.since {
        params.push(format!("since={since}"));
    }
    if let Some(group) = join.group {
        params.push(format!("group={group}"));
    }
    if !params.is_empty() {
        url = format!("{url}?{}", params.join("&"));
    }
    let mut request = url.into_client_request()?;
    let origin = join.origin.unwrap_or(address);
    request.headers_mut().insert("Origin", HeaderValue::from_str(origin).expect("origin"));
    if !join.no_cookie {
        request.headers_mut().insert("Cookie", HeaderValue::from_str(cookie).expect("cookie"));
    }
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(socket)
}

impl RoomClient {
    pub async fn join(address: &str, session: Uuid, cookie: &str, join: Join<'_>) -> Result<Self, WsError> {
        let mut socket = open(address, session, cookie, join).await?;
        let welcome = loop {
            match tokio::time::timeout(WAIT, socket.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => break serde_json::from_str(&text).expect("server JSON"),
                Ok(Some(Ok(Message::Close(_))) | Some(Err(_)) | None) => return Err(WsError::ConnectionClosed),
                Ok(Some(Ok(_))) => {}
                Err(_) => panic!("no welcome within {WAIT:?}"),
            }
        };
        assert!(matches!(welcome, ServerMessage::Welcome { .. }), "first frame is the welcome: {welcome:?}");
        Ok(Self { socket, welcome })
    }

    pub async fn send(&mut self, message: &ClientMessage) {
        let text = serde_json::to_string(message).expect("JSON");
        self.socket.send(Message::text(text)).await.expect("sent");
    }

    pub async fn send_raw(&mut self, text: String) -> Result<(), WsError> {
        self.socket.send(Message::text(text)).await
    }

    /// The next server message (pings answered on the way); `Err` with the close frame when closed.
    pub async fn next(&mut self) -> Result<ServerMessage, Option<CloseFrame>> {
        self.next_within(WAIT).await
    }

    pub async fn next_within(&mut self, wait: Duration) -> Result<ServerMessage, Option<CloseFrame>> {
        loop {
            match tokio::time::timeout(wait, self.socket.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => {
                    return Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("server JSON {e}: {text}")));
                }
                Ok(Some(Ok(Message::Close(frame)))) => return Err(frame),
                Ok(Some(Ok(_))) => {}
                Ok(Some(Err(_)) | None) => return Err(None),
                Err(_) => panic!("nothing from the server within {wait:?}"),
            }
        }
    }

    /// The next durable event, skipping presence, typing, acks and errors.
    pub async fn next_event(&mut self) -> Envelope {
        loop {
            match self.next().await {
                Ok(ServerMessage::Event(e)) => return e,
                Ok(_) => {}
                Err(close) => panic!("closed while waiting for an event: {close:?}"),
            }
        }
    }

    /// The next durable event of this kind (`Event::kind`), skipping others.
    pub async fn event_of(&mut self, kind: &str) -> Envelope {
        loop {
            let e = self.next_event().await;
            if e.event.kind() == kind {
                return e;
            }
        }
    }

    /// The next message of this shape, skipping others.
    pub async fn next_matching(&mut self, what: impl Fn(&ServerMessage) -> bool) -> ServerMessage {
        loop {
            match self.next().await {
                Ok(m) if what(&m) => return m,
                Ok(_) => {}
                Err(close) => panic!("closed while waiting: {close:?}"),
            }
        }
    }

    /// Reads until the server closes; returns the close code.
    pub async fn closed_with(&mut self) -> Option<u16> {
        loop {
            match self.next().await {
                Ok(_) => {}
                Err(frame) => return frame.map(|f| u16::from(f.code)),
            }
        }
    }

    pub fn state_seq(&self) -> i64 {
        match &self.welcome {
            ServerMessage::Welcome { state, .. } => state.seq,
            _ => 0,
        }
    }
}
