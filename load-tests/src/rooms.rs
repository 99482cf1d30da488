//! The `rooms` scenario: realtime room fan-out. Starts the colapla binary as a child process (so its
//! memory can be read on its own) on a fresh SQLite database, seeds members and sessions straight
//! into that database, then runs, each for a fixed time at a fixed send rate:
//! one room of 50 members, one room of 200, and many small rooms. Every member reads; a few send
//! chat messages carrying their send time, so each delivery's latency is measured. Last, idle
//! connections are opened and the server's RSS growth per connection is reported.
//!
//!     cargo build --release -p colapla && cargo run --release -p load-tests -- rooms

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use colapla::rooms::realtime::protocol::{ClientMessage, Event, ServerMessage};
use futures_util::{SinkExt, StreamExt};
use sea_orm::{ActiveModelTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use uuid::Uuid;

use crate::report::{Latencies, ms, print_table};

#[derive(Debug, clap::Args)]
pub struct RoomsArgs {
    /// The colapla binary to start (default: `colapla` beside this program, i.e. target/release).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Seconds each fan-out case sends for (at most 120).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=120))]
    seconds: u64,
    /// Messages a second in each big room (50 and 200 members).
    #[arg(long, default_value_t = 20)]
    rate: u32,
    /// Small rooms, each of `small_size` members sending one message a second in total.
    #[arg(long, default_value_t = 40)]
    small_rooms: usize,
    #[arg(long, default_value_t = 5)]
    small_size: usize,
    /// Idle connections opened to measure memory.
    #[arg(long, default_value_t = 500)]
    idle: usize,
}

struct Server {
    child: Child,
    base: String,
    db: DatabaseConnection,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

async fn start_server(bin: Option<PathBuf>) -> Result<Server, String> {
    let bin = match bin {
        Some(b) => b,
        None => std::env::current_exe().map_err(|e| e.to_string())?.with_file_name("colapla"),
    };
    if !bin.is_file() {
        return Err(format!("{} not found: build it first (cargo build --release -p colapla)", bin.display()));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("colapla.db").display());
    let child = Command::new(&bin)
        .arg("serve")
        .env("COLAPLA_BIND", format!("127.0.0.1:{port}"))
        .env("COLAPLA_DATA_DIR", dir.path())
        .env("DATABASE_URL", &database_url)
        .env("COLAPLA_DEMO", "auto")
        .env("COLAPLA_LOG", "warn")
        .env("COLAPLA_MAIL_WORKER", "false")
        .env("COLAPLA_ROOM_MESSAGES_PER_SEC", "1000")
        .env("COLAPLA_ROOM_SEND_QUEUE", "1024")
        .env("COLAPLA_DATABASE_MAX_CONNECTIONS", "20")
        .env_remove("REDIS_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while !client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the server did not answer /healthz within 60 s".to_owned());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let db = Database::connect(&database_url).await.map_err(|e| e.to_string())?;
    Ok(Server { child, base, db, _dir: dir })
}

/// A session with room for `capacity`, and `members` people registered to it; returns their cookies.
async fn seed_room(db: &DatabaseConnection, members: usize, tag: &str) -> Result<(Uuid, Vec<String>), String> {
    let err = |e: sea_orm::DbErr| e.to_string();
    let group = entities::working_group::Entity::find().one(db).await.map_err(err)?.ok_or("no working group")?;
    let now = chrono::Utc::now();
    let session = Uuid::new_v4();
    entities::wg_session::Model {
        id: session,
        working_group_id: group.id,
        title_ja: format!("負荷試験 {tag}"),
        title_en: None,
        description: None,
        starts_at: now,
        ends_at: now + chrono::Duration::hours(2),
        capacity: i32::try_from(members + 10).unwrap_or(i32::MAX),
        requires_approval: false,
        status: entities::wg_session::SessionStatus::Live,
        reported_participants: None,
        minutes_markdown: None,
        minutes_published_at: None,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await
    .map_err(err)?;
    let mut cookies = Vec::with_capacity(members);
    for i in 0..members {
        let user = Uuid::new_v4();
        entities::app_user::Model {
            id: user,
            email: format!("load-{tag}-{i}@colapla.example"),
            display_name: format!("負荷 {tag}-{i}"),
            locale: entities::app_user::Locale::Ja,
            time_zone: "Asia/Tokyo".to_owned(),
            created_at: now,
            updated_at: now,
            last_sign_in_at: None,
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .map_err(err)?;
        entities::session_registration::Model {
            id: Uuid::new_v4(),
            session_id: session,
            user_id: user,
            role: entities::session_registration::RegistrationRole::Participant,
            status: entities::session_registration::RegistrationStatus::Approved,
            attended_at: None,
            created_at: now,
            updated_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await
        .map_err(err)?;
        let token = colapla::identity::session::start(db, user, "load-test", None, None).await.map_err(err)?;
        cookies.push(format!("{}={token}", colapla::identity::session::SESSION_COOKIE));
    }
    Ok((session, cookies))
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(base: &str, session: Uuid, cookie: &str) -> Result<Socket, String> {
    let mut request = format!("{}/ws/sessions/{session}", base.replacen("http://", "ws://", 1))
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request.headers_mut().insert("Origin", HeaderValue::from_str(base).map_err(|e| e.to_string())?);
    request.headers_mut().insert("Cookie", HeaderValue::from_str(cookie).map_err(|e| e.to_string())?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.map_err(|e| e.to_string())?;
    // Joined once the welcome is here: earlier messages are in its state, later ones come as events.
    loop {
        match tokio::time::timeout(Duration::from_secs(30), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) if text.contains(r#""type":"welcome""#) => return Ok(socket),
            Ok(Some(Ok(_))) => {}
            other => return Err(format!("no welcome: {other:?}")),
        }
    }
}

/// One case's result: deliveries and their latencies, and what was sent.
struct Outcome {
    latencies: Vec<Duration>,
    sent: usize,
    expected: usize,
}

/// Every member reads until the deadline (plus a grace period); `senders` of them send, in turn,
/// `rate` messages a second in total. A message's text is its send time on the shared clock.
async fn fan_out(
    base: &str,
    rooms: Vec<(Uuid, Vec<String>)>,
    rate_per_room: u32,
    seconds: u64,
    clock: Instant,
) -> Result<Outcome, String> {
    let mut readers = Vec::new();
    let mut senders = Vec::new();
    let mut members_total = Vec::new();
    for (session, cookies) in rooms {
        members_total.push(cookies.len());
        let mut sockets = Vec::new();
        for cookie in &cookies {
            sockets.push(open(base, session, cookie).await?);
        }
        // The first member sends; everyone (the sender too) reads.
        let mut sockets = sockets.into_iter();
        let sender = sockets.next().ok_or("an empty room")?;
        let (mut sink, sender_stream) = sender.split();
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let interval = Duration::from_secs_f64(1.0 / f64::from(rate_per_room.max(1)));
        senders.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            let mut sent = 0usize;
            while Instant::now() < deadline {
                tick.tick().await;
                let text = clock.elapsed().as_micros().to_string();
                let message = ClientMessage::Chat { text, client_id: None };
                if sink.send(Message::text(serde_json::to_string(&message).unwrap_or_default())).await.is_err() {
                    break;
                }
                sent += 1;
            }
            sent
        }));
        let streams = std::iter::once(sender_stream).chain(sockets.map(|s| s.split().1));
        for mut stream in streams {
            let until = deadline + Duration::from_secs(3);
            readers.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(until.into(), stream.next()).await {
                    let Message::Text(text) = frame else { continue };
                    if let Ok(ServerMessage::Event(e)) = serde_json::from_str::<ServerMessage>(&text)
                        && let Event::Chat { text } = e.event
                        && let Ok(sent_us) = text.parse::<u128>()
                    {
                        let now = clock.elapsed().as_micros();
                        latencies.push(Duration::from_micros(u64::try_from(now.saturating_sub(sent_us)).unwrap_or(0)));
                    }
                }
                latencies
            }));
        }
    }
    let mut sent_per_room = Vec::new();
    for s in senders {
        sent_per_room.push(s.await.map_err(|e| e.to_string())?);
    }
    let mut latencies = Vec::new();
    for r in readers {
        latencies.extend(r.await.map_err(|e| e.to_string())?);
    }
    let expected = sent_per_room.iter().zip(&members_total).map(|(s, m)| s * m).sum();
    Ok(Outcome { latencies, sent: sent_per_room.iter().sum(), expected })
}

pub async fn run(args: RoomsArgs) -> Result<(), String> {
    let server = start_server(args.server_bin).await?;
    // First, on a fresh server, so memory freed by earlier cases does not hide the growth.
    // Memory: idle connections spread over rooms of 50.
    let rooms = args.idle.div_ceil(50);
    let mut seeded = Vec::new();
    for r in 0..rooms {
        seeded.push(seed_room(&server.db, 50.min(args.idle - r * 50), &format!("idle-{r}")).await?);
    }
    // One connection first, so the server's one-off start-up of the realtime path is not counted.
    let warm = open(&server.base, seeded[0].0, &seeded[0].1[0]).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = server.rss_kib();
    let mut idle = Vec::with_capacity(args.idle);
    for (session, cookies) in &seeded {
        for cookie in cookies {
            idle.push(open(&server.base, *session, cookie).await?);
        }
    }
    // Let welcomes drain and allocations settle.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = server.rss_kib();
    let per = (after.saturating_sub(before)) as f64 / args.idle.max(1) as f64;
    print_table(
        &["idle connections", "server RSS before MiB", "after MiB", "per connection KiB"],
        &[vec![
            args.idle.to_string(),
            format!("{:.1}", before as f64 / 1024.0),
            format!("{:.1}", after as f64 / 1024.0),
            format!("{per:.1}"),
        ]],
    );
    drop(idle);
    drop(warm);
    // Closing them is not instant; let the server notice before the fan-out cases.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let clock = Instant::now();
    let mut rows = Vec::new();
    let cases: Vec<(String, usize, usize, u32)> = vec![
        ("1 room × 50".to_owned(), 1, 50, args.rate),
        ("1 room × 200".to_owned(), 1, 200, args.rate),
        (format!("{} rooms × {}", args.small_rooms, args.small_size), args.small_rooms, args.small_size, 1),
    ];
    for (name, rooms, members, rate) in cases {
        let mut seeded = Vec::new();
        for r in 0..rooms {
            seeded.push(seed_room(&server.db, members, &format!("{}-{r}-{members}", rows.len())).await?);
        }
        eprintln!("{name}: {} members connected, sending for {} s…", rooms * members, args.seconds);
        let outcome = fan_out(&server.base, seeded, rate, args.seconds, clock).await?;
        let delivered = outcome.latencies.len();
        let latencies = Latencies::new(outcome.latencies);
        rows.push(vec![
            name,
            (rooms * members).to_string(),
            format!("{}/s", u64::from(rate) * rooms as u64),
            outcome.sent.to_string(),
            format!("{delivered} of {}", outcome.expected),
            format!("{:.0}", delivered as f64 / args.seconds as f64),
            ms(latencies.quantile(0.5)),
            ms(latencies.quantile(0.99)),
        ]);
    }
    print_table(&["case", "members", "send rate", "sent", "delivered", "deliveries/s", "p50 ms", "p99 ms"], &rows);

    Ok(())
}
