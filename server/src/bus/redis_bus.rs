//! The Redis bus: publish with PUBLISH; one pub/sub connection per instance, subscribed to the
//! topics active on this instance. When that connection drops it reconnects with backoff,
//! subscribes again, and tells every local subscriber there may be a gap.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::topics::{TopicChange, Topics};
use super::{Bus, BusError, Bytes, Delivery, PublishFuture, Subscription};

const CHANNEL_PREFIX: &str = "colapla:bus:";

#[derive(Debug, Clone)]
pub struct RedisBus {
    topics: Arc<Topics>,
    publisher: redis::aio::ConnectionManager,
}

impl RedisBus {
    /// Starts the subscriber task; it ends when the last clone of the bus is dropped.
    pub fn start(client: redis::Client, publisher: redis::aio::ConnectionManager, capacity: usize) -> Self {
        let (changes, receiver) = mpsc::unbounded_channel();
        let topics = Topics::new(capacity, Some(changes));
        tokio::spawn(subscriber(client, Arc::downgrade(&topics), receiver));
        Self { topics, publisher }
    }
}

impl Bus for RedisBus {
    fn publish(&self, topic: &str, payload: Bytes) -> PublishFuture {
        let mut publisher = self.publisher.clone();
        let channel = format!("{CHANNEL_PREFIX}{topic}");
        let topics = Arc::clone(&self.topics);
        let topic = topic.to_owned();
        Box::pin(async move {
            let sent: Result<i64, _> =
                redis::cmd("PUBLISH").arg(&channel).arg(payload.as_ref()).query_async(&mut publisher).await;
            sent.map(|_| ()).map_err(|e| {
                // Local subscribers still get it; others recover by sequence.
                topics.deliver(&topic, Delivery::Message(payload));
                BusError::Publish(e.to_string())
            })
        })
    }

    fn subscribe(&self, topic: &str) -> Subscription {
        self.topics.subscribe(topic)
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}

async fn subscriber(
    client: redis::Client,
    topics: std::sync::Weak<Topics>,
    mut changes: mpsc::UnboundedReceiver<TopicChange>,
) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match client.get_async_pubsub().await {
            Ok(pubsub) => {
                let (mut sink, mut stream) = pubsub.split();
                let Some(current) = topics.upgrade() else { return };
                let mut ok = true;
                for topic in current.active() {
                    ok &= sink.subscribe(format!("{CHANNEL_PREFIX}{topic}")).await.is_ok();
                }
                if ok {
                    backoff = Duration::from_millis(100);
                    // Anything published while we were away is in the subscribers' stores.
                    current.deliver_to_all(&Delivery::Gap);
                    drop(current);
                    loop {
                        tokio::select! {
                            change = changes.recv() => match change {
                                None => return,
                                Some(TopicChange::Active(topic)) => {
                                    if sink.subscribe(format!("{CHANNEL_PREFIX}{topic}")).await.is_err() { break }
                                    // Messages published before the subscription took hold.
                                    if let Some(t) = topics.upgrade() { t.deliver(&topic, Delivery::Gap) }
                                }
                                Some(TopicChange::Idle(topic)) => {
                                    if sink.unsubscribe(format!("{CHANNEL_PREFIX}{topic}")).await.is_err() { break }
                                }
                            },
                            message = stream.next() => match message {
                                None => break,
                                Some(message) => {
                                    let Some(topic) = message.get_channel_name().strip_prefix(CHANNEL_PREFIX) else { continue };
                                    let Some(t) = topics.upgrade() else { return };
                                    t.deliver(topic, Delivery::Message(Bytes::copy_from_slice(message.get_payload_bytes())));
                                }
                            },
                        }
                    }
                }
                tracing::warn!("redis bus: subscription connection lost; reconnecting");
            }
            Err(err) => tracing::warn!(%err, "redis bus: cannot connect; retrying"),
        }
        if topics.strong_count() == 0 {
            return;
        }
        // Topic changes while away are covered by re-subscribing to the active set.
        while changes.try_recv().is_ok() {}
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
