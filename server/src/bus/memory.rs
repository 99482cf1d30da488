//! The in-process bus: for one instance (and for tests).

use std::sync::Arc;

use super::topics::Topics;
use super::{Bus, Bytes, Delivery, PublishFuture, Subscription};

#[derive(Debug, Clone)]
pub struct MemoryBus {
    topics: Arc<Topics>,
}

impl MemoryBus {
    pub fn new(capacity: usize) -> Self {
        Self { topics: Topics::new(capacity, None) }
    }
}

impl Bus for MemoryBus {
    fn publish(&self, topic: &str, payload: Bytes) -> PublishFuture {
        self.topics.deliver(topic, Delivery::Message(payload));
        Box::pin(async { Ok(()) })
    }

    fn subscribe(&self, topic: &str) -> Subscription {
        self.topics.subscribe(topic)
    }

    fn name(&self) -> &'static str {
        "memory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_of_a_topic_get_its_messages_only() {
        let bus = MemoryBus::new(8);
        let mut a = bus.subscribe("a");
        let mut a2 = bus.subscribe("a");
        let mut b = bus.subscribe("b");
        bus.publish("a", Bytes::from_static(b"1")).await.unwrap();
        assert_eq!(a.recv().await, Some(Delivery::Message(Bytes::from_static(b"1"))));
        assert_eq!(a2.recv().await, Some(Delivery::Message(Bytes::from_static(b"1"))));
        bus.publish("b", Bytes::from_static(b"2")).await.unwrap();
        assert_eq!(b.recv().await, Some(Delivery::Message(Bytes::from_static(b"2"))));
    }

    #[tokio::test]
    async fn a_slow_subscriber_lags_alone() {
        let bus = MemoryBus::new(2);
        let mut slow = bus.subscribe("t");
        let mut fast = bus.subscribe("t");
        for i in 0..4u8 {
            bus.publish("t", Bytes::from(vec![i])).await.unwrap();
            assert!(matches!(fast.recv().await, Some(Delivery::Message(_))));
        }
        assert_eq!(slow.recv().await, Some(Delivery::Lagged(2)));
    }

    #[tokio::test]
    async fn dropping_the_last_subscriber_makes_the_topic_idle() {
        let bus = MemoryBus::new(2);
        let a = bus.subscribe("t");
        assert_eq!(bus.topics.active(), vec!["t".to_owned()]);
        drop(a);
        assert!(bus.topics.active().is_empty());
    }
}
