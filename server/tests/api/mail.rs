//! The mail outbox against a real SMTP server on loopback (`smtp_sink.py`, Python's aiosmtpd):
//! outages, 4xx and 5xx replies, crashed workers and competing workers, plus the file transport,
//! unsubscribe links and the enqueue rules. Each test has its own database and its own sink port.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::Utc;
use colapla::config::{Config, RawSettings};
use colapla::i18n::Locale;
use colapla::mail::{MailError, NewMail, Worker, enqueue, store};
use entities::outbox::{self, OutboxState};
use entities::{app_user, mail_preference};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set, TransactionTrait};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::helpers::{Options, TestApp, report_skip, skips_allowed, spawn_app_configured};

/// Re-evaluates `condition` (which may `.await`) every 50 ms until it holds, or fails the test
/// after `secs` seconds.
macro_rules! wait_for {
    ($what:expr, $secs:expr, $condition:expr) => {{
        let deadline = tokio::time::Instant::now() + Duration::from_secs($secs);
        while !$condition {
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {}", $what);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }};
}

// ---- the SMTP sink ----------------------------------------------------------------------------

fn aiosmtpd_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// `smtp_sink.py` as a child process. It ends when dropped (its stdin closes, and it is killed).
struct SmtpSink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpSink {
    /// A sink accepting mail, or `None` (after saying why) when aiosmtpd is missing.
    async fn start(test: &str) -> Option<Self> {
        if !aiosmtpd_available() {
            assert!(skips_allowed(), "{test}: CI=true needs python3 with aiosmtpd (pip install aiosmtpd)");
            report_skip(test, "python3 cannot import aiosmtpd (pip install aiosmtpd)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let dir = tempfile::tempdir().expect("sink directory");
        std::fs::create_dir(dir.path().join("in")).expect("inbox directory");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/smtp_sink.py");
        let quiet = std::env::var("TEST_LOG").is_err();
        let child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path().join("in"))
            .arg(dir.path().join("mode"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(if quiet { Stdio::null() } else { Stdio::inherit() })
            .spawn()
            .expect("start smtp_sink.py");
        let sink = Self { child, port, dir };
        wait_for!("the SMTP sink to listen", 15, sink.accepts_connections());
        Some(sink)
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn accepts_connections(&self) -> bool {
        std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    /// `ok`, `451`, `550`, `down` or `slow N` (see smtp_sink.py).
    async fn set_mode(&self, mode: &str) {
        let part = self.dir.path().join("mode.part");
        std::fs::File::create(&part).and_then(|mut f| f.write_all(mode.as_bytes())).expect("write mode");
        std::fs::rename(&part, self.dir.path().join("mode")).expect("replace mode");
        if mode == "down" {
            wait_for!("the sink to stop listening", 5, !self.accepts_connections());
        } else {
            wait_for!("the sink to listen", 5, self.accepts_connections());
        }
    }

    /// Every delivery, in order of arrival (repeats included).
    fn deliveries(&self) -> Vec<String> {
        read_eml_files(&self.dir.path().join("in"))
    }

    /// Deliveries by Message-ID.
    fn deliveries_by_message_id(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for message in self.deliveries() {
            *counts.entry(header(&message, "Message-ID").expect("a Message-ID")).or_insert(0) += 1;
        }
        counts
    }
}

fn read_eml_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).expect("readable .eml")).collect()
}

/// A header's value (unfolded), matched case-insensitively.
fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next().unwrap_or(message).replace("\r\n ", " ").replace("\r\n\t", " ");
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })
}

// ---- the application --------------------------------------------------------------------------

/// Short intervals so that retries and lease expiry take a second or two, not hours.
fn fast_mail(raw: &mut RawSettings, smtp_url: Option<String>, worker: bool) {
    raw.smtp_url = smtp_url.map(SecretString::from);
    raw.mail_worker = worker;
    raw.mail_poll_interval_ms = 50;
    raw.mail_batch_size = 5;
    raw.mail_lease_secs = 2;
    raw.mail_send_timeout_secs = 1;
    raw.mail_retry_initial_ms = 100;
    raw.mail_retry_max_ms = 400;
}

async fn spawn_mail_app(smtp_url: Option<String>, worker: bool, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    spawn_app_configured(Options::default(), |raw| {
        fast_mail(raw, smtp_url, worker);
        adjust(raw);
    })
    .await
}

async fn create_user(app: &TestApp, locale: app_user::Locale) -> Uuid {
    let id = Uuid::new_v4();
    let now = Utc::now();
    app_user::ActiveModel {
        id: Set(id),
        email: Set(format!("{}@example.jp", id.simple())),
        display_name: Set("Test User".to_owned()),
        locale: Set(locale),
        time_zone: Set("Asia/Tokyo".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        last_sign_in_at: Set(None),
    }
    .insert(&app.state.db)
    .await
    .expect("insert user");
    id
}

fn test_message(user_id: Uuid, key: &str) -> NewMail {
    NewMail {
        template: "test_message",
        to: "reader@example.jp".to_owned(),
        user_id: Some(user_id),
        locale: Locale::En,
        payload: serde_json::json!({ "note": format!("message {key}") }),
        essential: false,
        idempotency_key: key.to_owned(),
    }
}

async fn enqueue_many(app: &TestApp, user_id: Uuid, count: usize) {
    for n in 0..count {
        enqueue(&app.state.db, test_message(user_id, &format!("test:{n}"))).await.expect("enqueue");
    }
}

async fn rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&app.state.db).await.expect("outbox rows")
}

async fn all_in_state(app: &TestApp, state: OutboxState) -> bool {
    rows(app).await.iter().all(|r| r.state == state)
}

/// Each row's Message-ID reached the sink exactly `expected` times.
fn assert_each_delivered(sink: &SmtpSink, rows: &[outbox::Model], at_most_repeated: usize) {
    let counts = sink.deliveries_by_message_id();
    assert_eq!(counts.len(), rows.len(), "one Message-ID per mail, no strangers: {counts:?}");
    for row in rows {
        let n = counts.get(&row.message_id).copied().unwrap_or(0);
        assert!(n >= 1, "mail {} was never delivered", row.id);
        assert!(n <= 1 + at_most_repeated, "mail {} delivered {n} times", row.id);
    }
}

// ---- SMTP ---------------------------------------------------------------------------------------

#[tokio::test]
async fn mail_survives_an_smtp_outage_and_arrives_exactly_once() {
    let Some(sink) = SmtpSink::start("mail_survives_an_smtp_outage_and_arrives_exactly_once").await else { return };
    sink.set_mode("down").await;
    let app = spawn_mail_app(Some(sink.url()), true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue_many(&app, user, 6).await;

    // While the server is down every mail is tried, fails transiently and waits its turn again.
    wait_for!(
        "retries during the outage",
        20,
        rows(&app).await.iter().all(|r| r.attempts >= 2 && r.state == OutboxState::Pending)
    );
    assert!(rows(&app).await.iter().all(|r| r.last_error.is_some()));
    assert!(sink.deliveries().is_empty());

    sink.set_mode("ok").await;
    wait_for!("delivery after the outage", 20, all_in_state(&app, OutboxState::Sent).await);
    let sent = rows(&app).await;
    assert!(sent.iter().all(|r| r.sent_at.is_some() && r.last_error.is_none() && r.lease_owner.is_none()));
    assert_each_delivered(&sink, &sent, 0);
    assert_eq!(sink.deliveries().len(), 6, "exactly once each");

    let (_, metrics) = app.get_text("/metrics").await;
    assert!(metrics.contains("colapla_mail_sent_total 6"), "{metrics}");
    assert!(metrics.contains("colapla_mail_retried_total"), "{metrics}");
    assert!(metrics.contains("colapla_outbox_depth 0"), "{metrics}");
}

#[tokio::test]
async fn a_4xx_reply_is_retried_until_the_server_accepts() {
    let Some(sink) = SmtpSink::start("a_4xx_reply_is_retried_until_the_server_accepts").await else { return };
    sink.set_mode("451").await;
    let app = spawn_mail_app(Some(sink.url()), true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::Ja).await;
    enqueue_many(&app, user, 1).await;

    wait_for!("three refused attempts", 20, {
        let row = rows(&app).await.remove(0);
        row.attempts >= 3 && row.state == OutboxState::Pending
    });
    let row = &rows(&app).await[0];
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("451")), "{:?}", row.last_error);

    sink.set_mode("ok").await;
    wait_for!("delivery", 20, all_in_state(&app, OutboxState::Sent).await);
    assert_each_delivered(&sink, &rows(&app).await, 0);
}

#[tokio::test]
async fn a_5xx_reply_fails_the_mail_for_good() {
    let Some(sink) = SmtpSink::start("a_5xx_reply_fails_the_mail_for_good").await else { return };
    sink.set_mode("550").await;
    let app = spawn_mail_app(Some(sink.url()), true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue_many(&app, user, 1).await;

    wait_for!("the mail to fail", 20, all_in_state(&app, OutboxState::Failed).await);
    let row = rows(&app).await.remove(0);
    assert_eq!(row.attempts, 1, "a permanent refusal is not retried");
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("550")), "{:?}", row.last_error);

    // Even once the server would accept, a failed mail stays failed.
    sink.set_mode("ok").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let again = rows(&app).await.remove(0);
    assert_eq!((again.state, again.attempts), (OutboxState::Failed, 1));
    assert!(sink.deliveries().is_empty());
    let (_, metrics) = app.get_text("/metrics").await;
    assert!(metrics.contains("colapla_mail_failed_total 1"), "{metrics}");
}

#[tokio::test]
async fn transient_failures_give_up_after_the_last_attempt() {
    let Some(sink) = SmtpSink::start("transient_failures_give_up_after_the_last_attempt").await else { return };
    sink.set_mode("451").await;
    let app = spawn_mail_app(Some(sink.url()), true, |raw| raw.mail_max_attempts = 3).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue_many(&app, user, 1).await;

    wait_for!("the mail to fail", 20, all_in_state(&app, OutboxState::Failed).await);
    let row = rows(&app).await.remove(0);
    assert_eq!(row.attempts, 3);
    let error = row.last_error.unwrap_or_default();
    assert!(error.starts_with("gave up after 3 attempts") && error.contains("451"), "{error}");
}

#[tokio::test]
async fn a_worker_killed_mid_send_loses_nothing_and_repeats_only_that_mail_with_its_message_id() {
    let test = "a_worker_killed_mid_send_loses_nothing_and_repeats_only_that_mail_with_its_message_id";
    let Some(sink) = SmtpSink::start(test).await else { return };
    let app = spawn_mail_app(Some(sink.url()), false, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue_many(&app, user, 3).await;

    // The server keeps the first mail but is slow to say so; the worker dies before it hears back.
    sink.set_mode("slow 5").await;
    let doomed = Worker::new(&app.state).expect("worker");
    let task = tokio::spawn(async move { doomed.run_once().await });
    wait_for!("the first mail to reach the server", 10, !sink.deliveries().is_empty());
    task.abort();
    assert!(all_in_state(&app, OutboxState::Sending).await, "the dead worker still holds its batch");

    // Another worker takes the batch over once the lease runs out.
    sink.set_mode("ok").await;
    let survivor = Worker::new(&app.state).expect("worker");
    wait_for!("the batch to be taken over and sent", 20, {
        survivor.run_once().await.expect("batch");
        all_in_state(&app, OutboxState::Sent).await
    });
    let sent = rows(&app).await;
    assert_each_delivered(&sink, &sent, 1);
    let counts = sink.deliveries_by_message_id();
    assert_eq!(counts[&sent[0].message_id], 2, "the mail in flight is repeated, with the same Message-ID");
    assert_eq!(counts.values().sum::<usize>(), 4, "and nothing else is");
}

#[tokio::test]
async fn a_lease_that_ran_out_is_taken_over() {
    let Some(sink) = SmtpSink::start("a_lease_that_ran_out_is_taken_over").await else { return };
    let app = spawn_mail_app(Some(sink.url()), true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    // Claimed by a worker that vanished at once, before the application's worker saw the rows.
    let txn = app.state.db.begin().await.expect("transaction");
    for n in 0..3 {
        enqueue(&txn, test_message(user, &format!("ghost:{n}"))).await.expect("enqueue");
    }
    let claimed = store::claim(&txn, "ghost", Duration::from_millis(500), 10, Utc::now()).await.expect("claim");
    txn.commit().await.expect("commit");
    assert_eq!(claimed.len(), 3);

    wait_for!("the ghost's mail to be sent", 20, all_in_state(&app, OutboxState::Sent).await);
    let sent = rows(&app).await;
    assert!(sent.iter().all(|r| r.attempts == 2), "the lost claim counts as an attempt");
    assert_each_delivered(&sink, &sent, 0);
    assert_eq!(sink.deliveries().len(), 3);
}

#[tokio::test]
async fn competing_workers_on_one_database_never_send_a_mail_twice() {
    let Some(sink) = SmtpSink::start("competing_workers_on_one_database_never_send_a_mail_twice").await else {
        return;
    };
    let app = spawn_mail_app(Some(sink.url()), true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue_many(&app, user, 40).await;

    // Two more workers, each with a connection pool of its own, as on other instances.
    let mut others = Vec::new();
    for _ in 0..2 {
        let mut state = colapla::state::AppState::clone(&app.state);
        state.db = sea_orm::Database::connect(app.state.config.database_url.expose_secret()).await.expect("connect");
        others.push(Worker::new(&state).expect("worker").spawn());
    }
    wait_for!("all mail to be sent", 60, all_in_state(&app, OutboxState::Sent).await);
    for worker in others {
        worker.stop().await;
    }
    let sent = rows(&app).await;
    assert_each_delivered(&sink, &sent, 0);
    assert_eq!(sink.deliveries().len(), 40);
    assert!(sent.iter().all(|r| r.attempts == 1), "no mail was claimed twice");
}

// ---- files, links and rules ---------------------------------------------------------------------

#[tokio::test]
async fn the_file_transport_writes_a_readable_eml_with_both_parts() {
    let app = spawn_mail_app(None, true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue(&app.state.db, test_message(user, "file:1")).await.expect("enqueue");
    wait_for!("the .eml file", 20, !read_eml_files(&app.mail_dir()).is_empty());

    let row = rows(&app).await.remove(0);
    let eml = read_eml_files(&app.mail_dir()).remove(0);
    assert_eq!(header(&eml, "Message-ID").as_deref(), Some(row.message_id.as_str()));
    assert!(row.message_id.ends_with("@127.0.0.1>"), "{}", row.message_id);
    assert_eq!(header(&eml, "Subject").as_deref(), Some("Test message from colapla"));
    assert_eq!(header(&eml, "To").as_deref(), Some("reader@example.jp"));
    assert_eq!(header(&eml, "Content-Language").as_deref(), Some("en"));
    let unsubscribe = header(&eml, "List-Unsubscribe").expect("List-Unsubscribe");
    assert!(unsubscribe.starts_with(&format!("<{}/mail/unsubscribe?token=", app.address)), "{unsubscribe}");
    assert_eq!(header(&eml, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(header(&eml, "Content-Type").is_some_and(|c| c.starts_with("multipart/alternative")), "{eml}");
    let plain = eml.find("Content-Type: text/plain").expect("a plain text part");
    let html = eml.find("Content-Type: text/html").expect("an HTML part");
    assert!(plain < html, "plain text first, the richer part last");
    assert!(eml[plain..html].contains("Note: message file:1"), "{eml}");
    assert!(eml[html..].contains("<p>Note: message file:1</p>"), "{eml}");

    // Essential mail in Japanese: encoded subject, no unsubscribe header.
    let sign_in = NewMail {
        template: "magic_link",
        to: "new.person@example.jp".to_owned(),
        user_id: None,
        locale: Locale::Ja,
        payload: serde_json::json!({ "link": "http://127.0.0.1/login/email/verify?token=t", "expires_minutes": 15 }),
        essential: true,
        idempotency_key: "file:2".to_owned(),
    };
    enqueue(&app.state.db, sign_in).await.expect("enqueue");
    wait_for!("the second .eml file", 20, read_eml_files(&app.mail_dir()).len() == 2);
    let eml = read_eml_files(&app.mail_dir()).into_iter().find(|m| !m.contains("file:1")).expect("second mail");
    assert!(header(&eml, "Subject").is_some_and(|s| s.starts_with("=?utf-8?")), "{eml}");
    assert_eq!(header(&eml, "Content-Language").as_deref(), Some("ja"));
    assert!(header(&eml, "List-Unsubscribe").is_none(), "essential mail cannot be unsubscribed from");
}

#[tokio::test]
async fn the_unsubscribe_link_stops_non_essential_mail_only() {
    let app = spawn_mail_app(None, true, |_| {}).await;
    let user = create_user(&app, app_user::Locale::En).await;
    enqueue(&app.state.db, test_message(user, "before")).await.expect("enqueue");
    wait_for!("the .eml file", 20, !read_eml_files(&app.mail_dir()).is_empty());
    let eml = read_eml_files(&app.mail_dir()).remove(0);
    let link = header(&eml, "List-Unsubscribe").expect("List-Unsubscribe");
    let link = link.trim_start_matches('<').trim_end_matches('>').to_owned();

    // A tampered token is refused and changes nothing.
    let tampered = format!("{}x", link);
    assert_eq!(app.client.get(&tampered).send().await.unwrap().status(), 400);
    assert_eq!(app.client.post(&tampered).send().await.unwrap().status(), 400);

    // GET only asks (link scanners follow links); the one-click POST unsubscribes.
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("method=\"post\"") && html.contains("Unsubscribe"), "{html}");
    assert!(mail_preference::Entity::find_by_id(user).one(&app.state.db).await.unwrap().is_none());
    let done = app
        .client
        .post(&link)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let preference = mail_preference::Entity::find_by_id(user).one(&app.state.db).await.unwrap().expect("preference");
    assert!(preference.unsubscribed_all_at.is_some());
    // Again: still fine, still unsubscribed.
    assert_eq!(app.client.post(&link).send().await.unwrap().status(), 200);

    let before = rows(&app).await.len();
    enqueue(&app.state.db, test_message(user, "after")).await.expect("enqueue is not an error");
    assert_eq!(rows(&app).await.len(), before, "non-essential mail is no longer enqueued");
    let mut essential = test_message(user, "essential");
    essential.essential = true;
    enqueue(&app.state.db, essential).await.expect("enqueue");
    assert_eq!(rows(&app).await.len(), before + 1, "essential mail still is");
}

#[tokio::test]
async fn enqueue_commits_with_the_caller_once_per_key_and_checks_its_input() {
    let app = spawn_mail_app(None, false, |_| {}).await;
    let user = create_user(&app, app_user::Locale::Ja).await;

    // Rolled back with the change: no mail.
    let txn = app.state.db.begin().await.unwrap();
    enqueue(&txn, test_message(user, "rolled-back")).await.unwrap();
    txn.rollback().await.unwrap();
    assert!(rows(&app).await.is_empty());

    // The same key twice, even in one transaction: one row, not an error.
    let txn = app.state.db.begin().await.unwrap();
    enqueue(&txn, test_message(user, "once")).await.unwrap();
    enqueue(&txn, test_message(user, "once")).await.unwrap();
    txn.commit().await.unwrap();
    enqueue(&app.state.db, test_message(user, "once")).await.unwrap();
    let stored = rows(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].state, stored[0].attempts), (OutboxState::Pending, 0));
    let id = stored[0].message_id.trim_start_matches('<').trim_end_matches('>');
    let (uuid, host) = id.split_once('@').expect("uuid@host");
    assert!(Uuid::parse_str(uuid).is_ok() && host == "127.0.0.1", "{id}");

    let refused = |mail: NewMail| {
        let db = app.state.db.clone();
        async move { enqueue(&db, mail).await.unwrap_err() }
    };
    let mut unknown = test_message(user, "k1");
    unknown.template = "no_such_template";
    assert!(matches!(refused(unknown).await, MailError::UnknownTemplate(_)));
    let mut incomplete = test_message(user, "k2");
    incomplete.payload = serde_json::json!({});
    assert!(matches!(refused(incomplete).await, MailError::MissingPayload { field: "note", .. }));
    let mut anonymous = test_message(user, "k3");
    anonymous.user_id = None;
    assert!(matches!(refused(anonymous).await, MailError::NoUnsubscribeTarget { .. }));
    let mut bad_address = test_message(user, "k4");
    bad_address.to = "not an address".to_owned();
    assert!(matches!(refused(bad_address).await, MailError::InvalidRecipient));
    assert!(matches!(refused(test_message(user, "")).await, MailError::InvalidIdempotencyKey));
    assert_eq!(rows(&app).await.len(), 1);
}

#[test]
fn mail_settings_are_checked_and_the_secret_key_never_echoed() {
    let mut raw = RawSettings { secret_key: Some(SecretString::from("short-secret")), ..RawSettings::default() };
    let err = Config::from_raw(raw.clone()).unwrap_err().to_string();
    assert!(err.contains("COLAPLA_SECRET_KEY (secret_key)") && !err.contains("short-secret"), "{err}");

    raw.secret_key = Some(SecretString::from("k".repeat(40)));
    let config = Config::from_raw(raw.clone()).expect("a long key is fine");
    assert!(!format!("{config:?}").contains(&"k".repeat(40)));
    assert!(!format!("{:?}", config.describe()).contains(&"k".repeat(40)));

    raw.mail_lease_secs = 10;
    raw.mail_send_timeout_secs = 30;
    let err = Config::from_raw(raw).unwrap_err().to_string();
    assert!(err.contains("COLAPLA_MAIL_LEASE_SECS"), "{err}");
}

// ---- lead digests through SMTP -----------------------------------------------------------------

/// The vendor of a matched product hears of a new need in exactly one lead digest, delivered by
/// SMTP, that names the need and says why it matched, and never names the anonymous firm.
#[tokio::test]
async fn a_vendor_gets_exactly_one_lead_digest_through_smtp() {
    let Some(sink) = SmtpSink::start("a_vendor_gets_exactly_one_lead_digest_through_smtp").await else { return };
    let app = spawn_app_configured(Options { demo: true }, |raw| {
        fast_mail(raw, Some(sink.url()), true);
        raw.match_jobs_interval_secs = 1;
    })
    .await;
    let firm = app.client_signed_in_as("gifu@colapla.example").await;
    let csrf = app.csrf_token(&firm, "/").await;
    let need = serde_json::json!({
        "title": "SMTPで届くリード",
        "body": "社内サーバーの脆弱性を管理したい。",
        "worries": ["vulnerability"],
        "employees": 40,
        "devices": 30,
        "budget_initial_yen": 1_000_000,
        "budget_monthly_yen": 300_000,
        "prefecture_code": 21,
        "visibility": "anonymous",
    });
    let posted = firm.post(app.url("/api/v1/needs")).header("x-csrf-token", csrf).json(&need).send().await.unwrap();
    assert_eq!(posted.status().as_u16(), 201);

    let to_vendor = || {
        sink.deliveries()
            .into_iter()
            .filter(|m| header(m, "To").is_some_and(|to| to.contains("vendor@colapla.example")))
            .collect::<Vec<_>>()
    };
    wait_for!("the vendor's lead digest", 30, !to_vendor().is_empty());
    // Later rounds of the timer must not send another.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let digests = to_vendor();
    assert_eq!(digests.len(), 1, "exactly one lead mail for the vendor");
    let digest = &digests[0];
    assert!(header(digest, "List-Unsubscribe").is_some(), "a lead digest is not essential mail");
    let rows: Vec<outbox::Model> = rows(&app).await.into_iter().filter(|r| r.template == "lead_digest").collect();
    let row = rows.iter().find(|r| r.recipient_email == "vendor@colapla.example").expect("the digest's row");
    assert_eq!(row.state, OutboxState::Sent);
    assert!(row.payload["leads"].as_array().unwrap().iter().any(|l| l["need_title"] == "SMTPで届くリード"));
    assert!(row.payload["leads"].as_array().unwrap().iter().all(|l| l["firm_name"].is_null()));
}
