//! Whether a verification record counts today, pure. A record is current from its date to its
//! valid-until date inclusive, unless withdrawn; it lapses by itself, with no job to run.

use chrono::NaiveDate;

/// The levels of the Proven in Japan verification platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 開発段階検証: design, source and prototypes checked during development.
    Dev,
    /// 赤検証: high-level verification including attack-type testing.
    Red,
    /// 緑検証: effectiveness verified by experts in a verification environment.
    Green,
    /// 青検証: trialled by a user company in its real environment.
    Blue,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Dev => "dev",
            Level::Red => "red",
            Level::Green => "green",
            Level::Blue => "blue",
        }
    }

    /// Green and blue results make a product matchable.
    pub fn is_matchable(self) -> bool {
        matches!(self, Level::Green | Level::Blue)
    }
}

/// The facts of one record that decide whether it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordDates {
    pub level: Level,
    pub verified_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub withdrawn: bool,
}

impl RecordDates {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        !self.withdrawn && self.verified_on <= today && today <= self.valid_until
    }
}

/// The badge to show: the highest current level (blue, green, red, dev), and among records of
/// that level the one valid longest.
pub fn current_badge(records: &[RecordDates], today: NaiveDate) -> Option<RecordDates> {
    records.iter().filter(|r| r.is_current(today)).copied().max_by_key(|r| (r.level, r.valid_until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(level: Level, from: &str, until: &str) -> RecordDates {
        RecordDates { level, verified_on: d(from), valid_until: d(until), withdrawn: false }
    }

    #[test]
    fn a_record_lapses_by_itself() {
        let r = rec(Level::Green, "2024-12-01", "2026-11-30");
        assert!(r.is_current(d("2026-11-30")), "valid through its last day");
        assert!(!r.is_current(d("2026-12-01")), "lapsed the day after");
        assert!(!r.is_current(d("2024-11-30")), "not before its date");
        assert!(!RecordDates { withdrawn: true, ..r }.is_current(d("2025-06-01")));
    }

    #[test]
    fn the_badge_prefers_blue_then_green() {
        let today = d("2026-11-28");
        let records = [
            rec(Level::Green, "2025-01-01", "2027-01-01"),
            rec(Level::Blue, "2020-01-01", "2022-01-01"),
            rec(Level::Red, "2025-01-01", "2027-01-01"),
        ];
        assert_eq!(current_badge(&records, today).map(|r| r.level), Some(Level::Green));
        let records = [rec(Level::Blue, "2025-01-01", "2027-01-01"), rec(Level::Green, "2026-01-01", "2028-01-01")];
        assert_eq!(current_badge(&records, today).map(|r| r.level), Some(Level::Blue));
        assert_eq!(current_badge(&[], today), None);
    }
}
