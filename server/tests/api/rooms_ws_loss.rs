//! The loss checker: N clients in several rooms send M messages through forced disconnects and a
//! server restart on the same database. Every client must end with every event of its room exactly
//! once, in order, and all clients of a room with the same sequence. On SQLite with one instance;
//! with two instances sharing PostgreSQL and Redis when TEST_DATABASE_URL and TEST_REDIS_URL are set
//! (there the Redis subscriptions are also killed once, to exercise resubscribe and recovery).

use std::collections::{BTreeMap, HashSet};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use colapla::config::{Config, DemoMode};
use colapla::rooms::realtime::protocol::{ClientMessage, Event, ServerMessage};
use colapla::startup::Application;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use secrecy::SecretString;
use tokio::sync::RwLock;
use uuid::Uuid;

use crate::helpers::{TestDatabase, report_skip, skips_allowed, test_settings};
use crate::rooms_ws_client::{Join, RoomClient, cookie_for, register};

struct Instance {
    address: String,
    handle: ServerHandle,
    db: DatabaseConnection,
}

async fn start(dir: &std::path::Path, database_url: &str, redis_url: Option<&str>) -> Instance {
    let listener = TcpListener::bind("127.0.0.1:0").expect("port");
    let port = listener.local_addr().unwrap().port();
    let mut settings = test_settings(port, dir, database_url);
    settings.redis_url = redis_url.map(|u| SecretString::from(u.to_owned()));
    settings.room_messages_per_sec = 1000;
    settings.mail_worker = false;
    let mut config = Config::from_raw(settings).expect("config");
    config.demo = DemoMode::Auto;
    let app = Application::build_with_listener(config, listener).await.expect("application builds");
    let handle = app.handle();
    let db = app.state().db.clone();
    drop(tokio::spawn(app.run_until_stopped()));
    Instance { address: format!("http://127.0.0.1:{port}"), handle, db }
}

const USERS: [&str; 4] =
    ["gifu@colapla.example", "osaka@colapla.example", "okinawa@colapla.example", "vendor@colapla.example"];
const ROOMS: usize = 3;
const MESSAGES: usize = 25;
/// A client drops its own socket after every this many messages.
const DISCONNECT_EVERY: usize = 7;

/// What one client saw: (seq, chat text) in arrival order.
type Seen = Vec<(i64, String)>;

struct Client {
    name: String,
    session: Uuid,
    cookie: String,
    addresses: Arc<RwLock<Vec<String>>>,
    prefer: usize,
    socket: Option<RoomClient>,
    seen: Seen,
    last: i64,
    connects: usize,
}

impl Client {
    /// Connects (resuming after `last`), trying each instance in turn until one answers.
    async fn connect(&mut self) {
        for attempt in 0..200 {
            let addresses = self.addresses.read().await.clone();
            let address = &addresses[(self.prefer + attempt) % addresses.len()];
            let join = Join { since: Some(self.last), ..Join::default() };
            match tokio::time::timeout(
                Duration::from_secs(5),
                RoomClient::join(address, self.session, &self.cookie, join),
            )
            .await
            {
                Ok(Ok(client)) => {
                    self.connects += 1;
                    self.socket = Some(client);
                    return;
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("{} could not reconnect", self.name);
    }

    /// Records an event; false if the socket is gone.
    fn record(&mut self, message: &ServerMessage) {
        if let ServerMessage::Event(e) = message {
            if let Event::Chat { text } = &e.event {
                self.seen.push((e.seq, text.clone()));
            } else {
                self.seen.push((e.seq, String::new()));
            }
            self.last = self.last.max(e.seq);
        }
    }

    /// Reads until `until` says stop; `false` when the connection dropped first.
    async fn read_until(&mut self, until: impl Fn(&ServerMessage, &Self) -> bool) -> bool {
        loop {
            let Some(socket) = self.socket.as_mut() else { return false };
            let message =
                match tokio::time::timeout(Duration::from_secs(8), socket.next_within(Duration::from_secs(9))).await {
                    Ok(Ok(m)) => m,
                    _ => {
                        self.socket = None;
                        return false;
                    }
                };
            self.record(&message);
            if until(&message, self) {
                return true;
            }
        }
    }

    async fn run(mut self, sent: Arc<AtomicUsize>) -> Self {
        self.connect().await;
        for i in 0..MESSAGES {
            let text = format!("{}-{i}", self.name);
            loop {
                if self.socket.is_none() {
                    self.connect().await;
                    // Did the unacknowledged message make it before the drop? The replay says.
                    let caught_up = {
                        let head = self.socket.as_ref().map_or(0, RoomClient::state_seq);
                        self.read_until(|_, c| c.last >= head).await || head == 0
                    };
                    if caught_up && self.seen.iter().any(|(_, t)| *t == text) {
                        break;
                    }
                    if self.socket.is_none() {
                        continue;
                    }
                }
                let message = ClientMessage::Chat { text: text.clone(), client_id: Some(text.clone()) };
                let socket = self.socket.as_mut().expect("connected");
                if socket.send_raw(serde_json::to_string(&message).unwrap()).await.is_err() {
                    self.socket = None;
                    continue;
                }
                let acked = self
                    .read_until(|m, _| matches!(m, ServerMessage::Ack { client_id: Some(id), .. } if *id == text))
                    .await;
                if acked {
                    break;
                }
            }
            sent.fetch_add(1, Ordering::SeqCst);
            if i % DISCONNECT_EVERY == DISCONNECT_EVERY - 1 {
                self.socket = None; // a forced disconnect: resume by seq
            }
        }
        self
    }

    /// Reads until it has seen `head`.
    async fn drain(&mut self, head: i64) {
        while self.last < head {
            if self.socket.is_none() {
                self.connect().await;
            }
            self.read_until(|_, c| c.last >= head).await;
        }
    }
}

async fn sessions(db: &DatabaseConnection) -> Vec<Uuid> {
    entities::wg_session::Entity::find()
        .order_by_asc(entities::wg_session::Column::StartsAt)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .rev()
        .take(ROOMS)
        .collect()
}

async fn registered(db: &DatabaseConnection, session: Uuid, email: &str) -> bool {
    let user = crate::rooms_ws_client::user_id(db, email).await;
    entities::session_registration::Entity::find()
        .filter(entities::session_registration::Column::SessionId.eq(session))
        .filter(entities::session_registration::Column::UserId.eq(user))
        .one(db)
        .await
        .unwrap()
        .is_some()
}

/// Runs the checker; `restart` replaces the first instance half-way; `disrupt` runs once too.
async fn check(instances: Vec<Instance>, restart: impl AsyncFnOnce(Instance) -> Instance, disrupt: impl AsyncFnOnce()) {
    let db = instances[0].db.clone();
    let rooms = sessions(&db).await;
    assert_eq!(rooms.len(), ROOMS);
    for &room in &rooms {
        for email in USERS {
            if !registered(&db, room, email).await {
                register(&db, room, email, "participant").await;
            }
        }
    }
    let addresses = Arc::new(RwLock::new(instances.iter().map(|i| i.address.clone()).collect::<Vec<_>>()));
    let sent = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for (r, &room) in rooms.iter().enumerate() {
        for (u, email) in USERS.iter().enumerate() {
            let client = Client {
                name: format!("r{r}u{u}"),
                session: room,
                cookie: cookie_for(&db, email).await,
                addresses: Arc::clone(&addresses),
                prefer: u,
                socket: None,
                seen: Vec::new(),
                last: 0,
                connects: 0,
            };
            tasks.push(tokio::spawn(client.run(Arc::clone(&sent))));
        }
    }
    let total = ROOMS * USERS.len() * MESSAGES;
    // Restart the first instance a third of the way through, disrupt at two thirds.
    while sent.load(Ordering::SeqCst) < total / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut instances = instances.into_iter();
    let first = instances.next().expect("an instance");
    let replacement = restart(first).await;
    addresses.write().await[0] = replacement.address.clone();
    while sent.load(Ordering::SeqCst) < 2 * total / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    disrupt().await;

    let mut clients = Vec::new();
    for task in tasks {
        clients.push(tokio::time::timeout(Duration::from_secs(120), task).await.expect("client finished").unwrap());
    }
    let mut by_room: BTreeMap<Uuid, Vec<Client>> = BTreeMap::new();
    for client in clients {
        by_room.entry(client.session).or_default().push(client);
    }
    let (mut lost, mut duplicated, mut out_of_order) = (0usize, 0usize, 0usize);
    let connects: usize = by_room.values().flatten().map(|c| c.connects).sum();
    for (room, clients) in &mut by_room {
        let room_id = colapla::rooms::realtime::protocol::room_id(*room, None);
        let head = entities::room_event::Entity::find()
            .filter(entities::room_event::Column::RoomId.eq(room_id.as_str()))
            .all(&replacement.db)
            .await
            .unwrap()
            .len() as i64;
        let expected: HashSet<String> =
            clients.iter().flat_map(|c| (0..MESSAGES).map(move |i| format!("{}-{i}", c.name))).collect();
        for client in clients.iter_mut() {
            client.drain(head).await;
            let seqs: Vec<i64> = client.seen.iter().map(|(s, _)| *s).collect();
            let unique: HashSet<i64> = seqs.iter().copied().collect();
            duplicated += seqs.len() - unique.len();
            out_of_order += seqs.windows(2).filter(|w| w[1] != w[0] + 1).count();
            let texts: Vec<&String> = client.seen.iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
            let text_set: HashSet<&String> = texts.iter().copied().collect();
            duplicated += texts.len() - text_set.len();
            lost += expected.iter().filter(|t| !text_set.contains(t)).count();
            assert_eq!(seqs.first(), Some(&1), "{} starts at seq 1", client.name);
        }
        let first = &clients[0].seen;
        for other in &clients[1..] {
            assert_eq!(&other.seen, first, "{} and {} saw the same sequence", clients[0].name, other.name);
        }
        assert_eq!(head as usize, expected.len(), "the store holds each message once");
    }
    eprintln!(
        "loss checker: {} clients, {ROOMS} rooms, {total} messages, {connects} connections: \
         {lost} lost, {duplicated} duplicated, {out_of_order} out of order",
        ROOMS * USERS.len()
    );
    let forced = ROOMS * USERS.len() * (1 + MESSAGES / DISCONNECT_EVERY);
    assert!(connects > forced, "the restart forced reconnects beyond the {forced} planned ones");
    assert_eq!((lost, duplicated, out_of_order), (0, 0, 0));
    replacement.handle.stop(false).await;
    for rest in instances {
        rest.handle.stop(false).await;
    }
}

/// One instance, restarted hard on the same database (SQLite by default, PostgreSQL under TEST_DATABASE_URL).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_ws_loss_checker_one_instance_with_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path()).await;
    let url = database.url.clone();
    let path = dir.path().to_owned();
    let first = start(dir.path(), &url, None).await;
    check(
        vec![first],
        async move |old: Instance| {
            // Not graceful: connections are cut mid-stream, as in a crash.
            old.handle.stop(false).await;
            start(&path, &url, None).await
        },
        async || {},
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_ws_loss_checker_two_instances_postgres_redis() {
    let (Some(pg), Some(redis)) = (
        std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")),
        std::env::var("TEST_REDIS_URL").ok(),
    ) else {
        // The SQLite pass (no TEST_DATABASE_URL) skips it; the PostgreSQL + Redis pass must run it.
        let half_configured = std::env::var("TEST_DATABASE_URL").is_ok() || std::env::var("TEST_REDIS_URL").is_ok();
        assert!(
            !half_configured || skips_allowed(),
            "CI=true needs both TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL"
        );
        report_skip(
            "rooms_ws_loss_checker_two_instances_postgres_redis",
            "set TEST_DATABASE_URL=postgres://… and TEST_REDIS_URL=redis://… to run it",
        );
        return;
    };
    let _ = pg;
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path()).await;
    let url = database.url.clone();
    let path = dir.path().to_owned();
    let a = start(dir.path(), &url, Some(&redis)).await;
    let b = start(dir.path(), &url, Some(&redis)).await;
    let redis_for_kill = redis.clone();
    check(
        vec![a, b],
        async move |old: Instance| {
            // Not graceful: connections are cut mid-stream, as in a crash.
            old.handle.stop(false).await;
            start(&path, &url, Some(&redis)).await
        },
        async move || {
            // Redis drops every subscriber connection: instances resubscribe, clients recover by seq.
            let client = redis::Client::open(redis_for_kill.as_str()).unwrap();
            let mut conn = client.get_multiplexed_async_connection().await.unwrap();
            // One Redis subscription per instance and room, however many members are connected.
            // Rooms only: other topics (the matching service's change notices) are shared by every
            // instance of every test that uses this Redis.
            let channels: Vec<String> =
                redis::cmd("PUBSUB").arg("CHANNELS").arg("colapla:bus:session:*").query_async(&mut conn).await.unwrap();
            assert!(!channels.is_empty(), "rooms are subscribed");
            for channel in channels {
                let counts: Vec<(String, i64)> =
                    redis::cmd("PUBSUB").arg("NUMSUB").arg(&channel).query_async(&mut conn).await.unwrap();
                assert!(counts.iter().all(|(_, n)| *n <= 2), "{channel}: {counts:?} subscriptions for 2 instances");
            }
            let killed: i64 =
                redis::cmd("CLIENT").arg("KILL").arg("TYPE").arg("pubsub").query_async(&mut conn).await.unwrap();
            eprintln!("killed {killed} Redis pub/sub connections");
        },
    )
    .await;
    drop(database);
}
