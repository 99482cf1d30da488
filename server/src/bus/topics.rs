//! The local side of every bus: one broadcast channel per active topic on this instance.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, mpsc};

use super::Delivery;

/// Tells a transport that a topic became active or idle on this instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicChange {
    Active(String),
    Idle(String),
}

#[derive(Debug)]
pub struct Topics {
    channels: Mutex<HashMap<String, broadcast::Sender<Delivery>>>,
    capacity: usize,
    changes: Option<mpsc::UnboundedSender<TopicChange>>,
}

impl Topics {
    /// `capacity` bounds how far one subscriber may fall behind before it gets `Lagged`.
    pub fn new(capacity: usize, changes: Option<mpsc::UnboundedSender<TopicChange>>) -> Arc<Self> {
        Arc::new(Self { channels: Mutex::new(HashMap::new()), capacity: capacity.max(1), changes })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, broadcast::Sender<Delivery>>> {
        self.channels.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn subscribe(self: &Arc<Self>, topic: &str) -> Subscription {
        let mut channels = self.lock();
        let receiver = match channels.get(topic) {
            Some(sender) => sender.subscribe(),
            None => {
                let (sender, receiver) = broadcast::channel(self.capacity);
                channels.insert(topic.to_owned(), sender);
                if let Some(changes) = &self.changes {
                    let _ = changes.send(TopicChange::Active(topic.to_owned()));
                }
                receiver
            }
        };
        Subscription { receiver: Some(receiver), topic: topic.to_owned(), topics: Arc::clone(self) }
    }

    /// Hands a message to this instance's subscribers of `topic` (none: dropped).
    pub fn deliver(&self, topic: &str, delivery: Delivery) {
        if let Some(sender) = self.lock().get(topic) {
            let _ = sender.send(delivery);
        }
    }

    pub fn deliver_to_all(&self, delivery: &Delivery) {
        for sender in self.lock().values() {
            let _ = sender.send(delivery.clone());
        }
    }

    pub fn active(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn release(&self, topic: &str) {
        let mut channels = self.lock();
        if channels.get(topic).is_some_and(|s| s.receiver_count() == 0) {
            channels.remove(topic);
            if let Some(changes) = &self.changes {
                let _ = changes.send(TopicChange::Idle(topic.to_owned()));
            }
        }
    }
}

/// A subscriber's end. Dropping the last one of a topic makes the topic idle on this instance.
#[derive(Debug)]
pub struct Subscription {
    receiver: Option<broadcast::Receiver<Delivery>>,
    topic: String,
    topics: Arc<Topics>,
}

impl Subscription {
    /// The next delivery; `None` once the bus is gone.
    pub async fn recv(&mut self) -> Option<Delivery> {
        let receiver = self.receiver.as_mut()?;
        match receiver.recv().await {
            Ok(delivery) => Some(delivery),
            Err(broadcast::error::RecvError::Lagged(n)) => Some(Delivery::Lagged(n)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        drop(self.receiver.take());
        self.topics.release(&self.topic);
    }
}
