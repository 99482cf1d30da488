//! When the event's mails are due, pure. The timer job asks these on every tick and enqueues
//! with idempotency keys, so a mail that is due is sent once however often the job runs, and a
//! job that was down sends what is still useful (never a reminder for something already begun).

use chrono::{DateTime, Duration, Utc};

/// A meeting's reminder goes this long before it starts.
pub const MEETING_LEAD_MINUTES: i64 = 30;
/// A day's reminder goes this long before its first meeting.
pub const DAY_LEAD_HOURS: i64 = 24;
/// The survey is sent again this long after the event.
pub const SURVEY_AGAIN_DAYS: i64 = 90;

pub fn meeting_reminder_due(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= starts_at - Duration::minutes(MEETING_LEAD_MINUTES) && now < starts_at
}

pub fn day_reminder_due(first_meeting_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= first_meeting_at - Duration::hours(DAY_LEAD_HOURS) && now < first_meeting_at
}

/// Which survey round is due for a meeting that ended at `ended_at`: 1 right after the event,
/// 2 about three months later.
pub fn survey_round(ended_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<u8> {
    if now >= ended_at + Duration::days(SURVEY_AGAIN_DAYS) {
        Some(2)
    } else if now >= ended_at {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reminders_fall_in_their_window_only() {
        let start = t("2026-12-10T01:00:00Z");
        assert!(!meeting_reminder_due(start, t("2026-12-10T00:29:59Z")));
        assert!(meeting_reminder_due(start, t("2026-12-10T00:30:00Z")));
        assert!(!meeting_reminder_due(start, start), "not once it has begun");
        assert!(day_reminder_due(start, t("2026-12-09T01:00:00Z")));
        assert!(!day_reminder_due(start, t("2026-12-09T00:59:00Z")));
        assert_eq!(survey_round(start, t("2026-12-09T00:00:00Z")), None);
        assert_eq!(survey_round(start, t("2026-12-11T00:00:00Z")), Some(1));
        assert_eq!(survey_round(start, t("2027-03-11T00:00:00Z")), Some(2));
    }
}
