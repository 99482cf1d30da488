use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::Locale;

/// Times are stored in UTC and shown in Japan time unless the reader chose another zone.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Asia::Tokyo;

/// Integer yen with thousands separators: `¥8,000`, `-¥500`.
pub fn format_yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if amount < 0 { format!("-¥{grouped}") } else { format!("¥{grouped}") }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A calendar date: `2026年11月28日` or `28 Nov 2026`.
pub fn format_date(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Locale::En => format!("{} {} {}", date.day(), MONTHS_EN[date.month0() as usize], date.year()),
    }
}

/// A moment in the reader's time zone, with the zone's abbreviation: `2026年11月28日 19:00 (JST)`.
pub fn format_datetime(at: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    let local = at.with_timezone(&tz);
    let date = format_date(local.date_naive(), locale);
    format!("{date} {} ({})", local.format("%H:%M"), local.format("%Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen() {
        assert_eq!(format_yen(0), "¥0");
        assert_eq!(format_yen(8000), "¥8,000");
        assert_eq!(format_yen(1_234_567), "¥1,234,567");
        assert_eq!(format_yen(-500), "-¥500");
        assert_eq!(format_yen(100), "¥100");
    }

    #[test]
    fn dates_in_both_languages_and_time_zones() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(format_date(d, Locale::Ja), "2026年11月28日");
        assert_eq!(format_date(d, Locale::En), "28 Nov 2026");
        let at = DateTime::parse_from_rfc3339("2026-11-28T15:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_datetime(at, DEFAULT_TIME_ZONE, Locale::Ja), "2026年11月29日 00:30 (JST)");
        assert_eq!(format_datetime(at, chrono_tz::UTC, Locale::En), "28 Nov 2026 15:30 (UTC)");
    }
}
