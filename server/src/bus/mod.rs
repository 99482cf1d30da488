//! A small fan-out bus: publish bytes on a topic, subscribe to a topic. Two implementations: in
//! process (one instance), and Redis pub/sub (several instances). Either way each instance keeps
//! one local broadcast channel per active topic, shared by all its subscribers, so a Redis
//! subscription is held once per instance and topic, never once per client.
//!
//! Delivery is at most once: a subscriber that must not lose anything (the rooms) numbers its
//! messages and fills gaps from its store. The bus says when a gap may have happened
//! ([`Delivery::Gap`]: Redis reconnected, or a subscription just became active).

mod memory;
mod redis_bus;
mod topics;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

pub use actix_web::web::Bytes;
pub use memory::MemoryBus;
pub use redis_bus::RedisBus;
pub use topics::Subscription;

/// What a subscriber receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Message(Bytes),
    /// Messages may have been missed (reconnect, or the subscription just became live).
    Gap,
    /// This subscriber fell so far behind that this many messages were dropped for it alone.
    Lagged(u64),
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("publish failed: {0}")]
    Publish(String),
}

pub type PublishFuture = Pin<Box<dyn Future<Output = Result<(), BusError>> + Send>>;

pub trait Bus: Send + Sync + Debug {
    /// Sends `payload` to every subscriber of `topic` on every instance.
    fn publish(&self, topic: &str, payload: Bytes) -> PublishFuture;
    /// Subscribes to `topic`; the subscription ends when dropped.
    fn subscribe(&self, topic: &str) -> Subscription;
    /// A short name for logs and metrics ("memory" or "redis").
    fn name(&self) -> &'static str;
}

/// The bus the configuration asks for: Redis when `redis_url` is set (sharing its publisher
/// connection), in-process otherwise. Each topic buffers `rooms.send_queue` messages per subscriber.
pub fn from_config(
    config: &crate::config::Config,
    redis: Option<&redis::aio::ConnectionManager>,
) -> Result<std::sync::Arc<dyn Bus>, (String, redis::RedisError)> {
    use secrecy::ExposeSecret;
    let capacity = config.rooms.send_queue;
    match (&config.redis_url, redis) {
        (Some(url), Some(publisher)) => {
            let url = url.expose_secret().to_owned();
            let client = redis::Client::open(url.as_str()).map_err(|e| (url.clone(), e))?;
            Ok(std::sync::Arc::new(RedisBus::start(client, publisher.clone(), capacity)))
        }
        _ => Ok(std::sync::Arc::new(MemoryBus::new(capacity))),
    }
}
