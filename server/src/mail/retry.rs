//! When to try a mail again: a capped exponential backoff (by default 30 s, doubling, at most 1 h)
//! and a limit on attempts (by default 12, about five hours of trying). Pure rules.

use std::time::Duration;

use crate::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub initial: Duration,
    pub max: Duration,
    pub max_attempts: u32,
}

/// What to do after an attempt that failed transiently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn(Duration),
    GiveUp,
}

impl RetryPolicy {
    pub fn from_config(config: &Config) -> Self {
        Self { initial: config.mail_retry_initial, max: config.mail_retry_max, max_attempts: config.mail_max_attempts }
    }

    /// `attempts` counts every attempt made so far, the failed one included (so it is at least 1).
    pub fn after_transient_failure(&self, attempts: u32) -> AfterFailure {
        if attempts >= self.max_attempts { AfterFailure::GiveUp } else { AfterFailure::RetryIn(self.delay(attempts)) }
    }

    /// initial × 2^(attempts − 1), at most `max`.
    pub fn delay(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        self.initial.saturating_mul(1 << doublings).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_policy() -> RetryPolicy {
        RetryPolicy { initial: Duration::from_secs(30), max: Duration::from_secs(3600), max_attempts: 12 }
    }

    #[test]
    fn doubles_from_thirty_seconds_up_to_an_hour() {
        let policy = default_policy();
        let delays: Vec<u64> = (1..=9).map(|n| policy.delay(n).as_secs()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(policy.delay(1000), Duration::from_secs(3600), "no overflow on absurd counts");
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let policy = default_policy();
        assert_eq!(policy.after_transient_failure(11), AfterFailure::RetryIn(Duration::from_secs(3600)));
        assert_eq!(policy.after_transient_failure(12), AfterFailure::GiveUp);
        let once = RetryPolicy { max_attempts: 1, ..policy };
        assert_eq!(once.after_transient_failure(1), AfterFailure::GiveUp);
    }
}
