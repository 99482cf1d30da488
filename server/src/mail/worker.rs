//! The outbox worker: a background task that claims due mail under a lease, sends it, and records
//! the outcome. Several workers (on one or many instances) may share a database; the lease keeps
//! each mail with one of them at a time. See `docs/mail.md` for the rules.
//!
//! Delivery is at least once: a worker that dies after the server accepted a mail but before the
//! row says `sent` leaves a lease that runs out, and the mail is sent again by another worker —
//! once, with the same Message-ID, so the receiving side can recognise the repeat.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use entities::outbox;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::MailError;
use super::render::Renderer;
use super::retry::{AfterFailure, RetryPolicy};
use super::store;
use super::transport::{MailTransport, SendFailure};
use crate::ops::Metrics;
use crate::state::AppState;

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchReport {
    pub claimed: usize,
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// Handed back untried (stopping, or too little lease left for a send).
    pub released: usize,
    /// Finished after the lease had been taken over by another worker.
    pub lease_lost: usize,
}

#[derive(Debug)]
pub struct Worker {
    db: DatabaseConnection,
    transport: Arc<MailTransport>,
    renderer: Arc<Renderer>,
    metrics: Arc<Metrics>,
    retry: RetryPolicy,
    owner: String,
    lease: Duration,
    send_timeout: Duration,
    batch_size: u32,
    poll_interval: Duration,
}

impl Worker {
    /// A worker with the application's settings, transport and database, and an owner name of its
    /// own (process id and a random part) for its leases.
    pub fn new(state: &AppState) -> Result<Self, MailError> {
        let config = &state.config;
        Ok(Self {
            db: state.db.clone(),
            transport: Arc::new(MailTransport::from_config(config)?),
            renderer: Arc::new(Renderer::new(config, Arc::clone(&state.templates), Arc::clone(&state.secret_key))?),
            metrics: Arc::clone(&state.metrics),
            retry: RetryPolicy::from_config(config),
            owner: format!("pid{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            lease: config.mail_lease,
            send_timeout: config.mail_send_timeout,
            batch_size: config.mail_batch_size,
            poll_interval: config.mail_poll_interval,
        })
    }

    /// The name this worker writes into `lease_owner`.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Claims one batch of due mail and tries each; for tests and tools.
    pub async fn run_once(&self) -> Result<BatchReport, DbErr> {
        self.run_batch(None).await
    }

    /// Runs the loop on a task of its own until [`WorkerHandle::stop`].
    pub fn spawn(self) -> WorkerHandle {
        let (stop, stopped) = watch::channel(false);
        // A send in flight is allowed to finish before the task is aborted.
        let grace = self.send_timeout + Duration::from_secs(1);
        let task = tokio::spawn(self.run(stopped));
        WorkerHandle { stop, task, grace }
    }

    async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(owner = %self.owner, transport = self.transport.description(), "mail worker started");
        loop {
            if *stop.borrow() {
                break;
            }
            let full_batch = match self.run_batch(Some(&stop)).await {
                Ok(report) => report.claimed == self.batch_size as usize,
                Err(err) => {
                    tracing::warn!(error = %err, "mail worker: the outbox did not answer; trying again shortly");
                    false
                }
            };
            // After a full batch more may be due: go on at once.
            if full_batch {
                tokio::task::yield_now().await;
                continue;
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                () = tokio::time::sleep(self.poll_interval) => {}
            }
        }
        tracing::info!(owner = %self.owner, "mail worker stopped");
    }

    async fn run_batch(&self, stop: Option<&watch::Receiver<bool>>) -> Result<BatchReport, DbErr> {
        let rows = store::claim(&self.db, &self.owner, self.lease, self.batch_size, Utc::now()).await?;
        let mut report = BatchReport { claimed: rows.len(), ..BatchReport::default() };
        for row in &rows {
            let stopping = stop.is_some_and(|s| *s.borrow());
            // Start a send only when it can finish inside the lease; otherwise another worker
            // could claim the row while this one is still sending it.
            let lease_left = row.lease_until.map_or(chrono::TimeDelta::zero(), |until| until - Utc::now());
            if stopping || lease_left.to_std().unwrap_or_default() <= self.send_timeout {
                store::release(&self.db, row.id, &self.owner).await?;
                report.released += 1;
                continue;
            }
            self.deliver(row, &mut report).await?;
        }
        Ok(report)
    }

    async fn deliver(&self, row: &outbox::Model, report: &mut BatchReport) -> Result<(), DbErr> {
        let outcome = match self.renderer.message(row) {
            Err(err) => Err(SendFailure::Permanent(err.to_string())),
            // The whole conversation is bounded, not just each reply, so it ends inside the lease.
            Ok(message) => tokio::time::timeout(self.send_timeout, self.transport.send(message))
                .await
                .unwrap_or_else(|_| Err(SendFailure::Transient("timed out".to_owned()))),
        };
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let (id, message_id, template) = (row.id, row.message_id.as_str(), row.template.as_str());
        let held = match outcome {
            Ok(()) => {
                report.sent += 1;
                self.metrics.mail_sent.inc();
                tracing::info!(id, message_id, template, attempts, "mail sent");
                store::mark_sent(&self.db, id, &self.owner, Utc::now()).await?
            }
            Err(SendFailure::Transient(error)) => match self.retry.after_transient_failure(attempts) {
                AfterFailure::RetryIn(delay) => {
                    report.retrying += 1;
                    self.metrics.mail_retried.inc();
                    tracing::warn!(
                        id, message_id, template, attempts, retry_in = ?delay, %error,
                        "mail not sent; will retry"
                    );
                    let at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
                    store::retry_at(&self.db, id, &self.owner, at, &error).await?
                }
                AfterFailure::GiveUp => {
                    report.failed += 1;
                    self.metrics.mail_failed.inc();
                    tracing::error!(id, message_id, template, attempts, %error, "mail not sent; giving up");
                    let error = format!("gave up after {attempts} attempts: {error}");
                    store::mark_failed(&self.db, id, &self.owner, &error).await?
                }
            },
            Err(SendFailure::Permanent(error)) => {
                report.failed += 1;
                self.metrics.mail_failed.inc();
                tracing::error!(id, message_id, template, attempts, %error, "mail refused for good");
                store::mark_failed(&self.db, id, &self.owner, &error).await?
            }
        };
        if !held {
            report.lease_lost += 1;
            tracing::warn!(id, message_id, "the lease ran out during the attempt; another worker owns the mail now");
        }
        Ok(())
    }
}

/// The running worker task.
#[derive(Debug)]
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    grace: Duration,
}

impl WorkerHandle {
    /// Asks the worker to stop after the send in flight (unsent claimed mail is handed back), and
    /// waits for it; a worker stuck longer than a send may take is aborted.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(self.grace, &mut self.task).await.is_err() {
            self.task.abort();
            tracing::warn!("mail worker did not stop in time; aborted (its leases will run out)");
        }
    }

    /// Kills the task at once, as a crash would (tests).
    pub fn abort(&self) {
        self.task.abort();
    }
}
