//! Calendar files (iCalendar, RFC 5545) for sessions and meetings, pure: no web framework, no
//! database. Times are written in UTC (`…Z`), which every calendar client converts to its own
//! zone, so a meeting at 10:00 JST shows as 10:00 in Tokyo and 01:00 in London without shipping
//! VTIMEZONE blocks. The `icalendar` crate does the escaping and line folding.

use chrono::{DateTime, Utc};
use icalendar::{Component, EventLike};

/// One entry of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// Globally unique and stable across downloads, so a re-import updates rather than duplicates,
    /// e.g. `meeting-<uuid>@colapla.example`.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    /// Where: a table number or "online".
    pub location: Option<String>,
    /// The join link (a room page or an external video link).
    pub url: Option<String>,
    /// Bumped when the entry changes, so clients replace their copy.
    pub sequence: u32,
}

/// The calendar file for `entries`, named `name` in clients that show one, stamped `now`.
pub fn calendar_file(name: &str, entries: &[CalendarEntry], now: DateTime<Utc>) -> String {
    let mut calendar = icalendar::Calendar::new();
    calendar.name(name);
    for entry in entries {
        let mut event = icalendar::Event::new();
        event
            .uid(&entry.uid)
            .timestamp(now)
            .starts(entry.starts_at)
            .ends(entry.ends_at)
            .summary(&entry.summary)
            .description(&with_link(&entry.description, entry.url.as_deref()))
            .sequence(entry.sequence);
        if let Some(location) = &entry.location {
            event.location(location);
        }
        if let Some(url) = &entry.url {
            event.url(url);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// Clients that hide the URL property still show the description, so the link goes there too.
fn with_link(description: &str, url: Option<&str>) -> String {
    match url {
        Some(url) if !description.contains(url) => format!("{description}\n{url}"),
        _ => description.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn meeting() -> CalendarEntry {
        CalendarEntry {
            uid: "meeting-1@colapla.example".to_owned(),
            // 10:00–10:20 in Tokyo.
            starts_at: Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 3, 1, 20, 0).unwrap(),
            summary: "商談: 岐阜精密工業 × yamory".to_owned(),
            description: "テーブル 3。ご質問はチャットで, どうぞ; よろしく".to_owned(),
            location: Some("テーブル 3".to_owned()),
            url: Some("https://colapla.example/events/e/meetings/m/room".to_owned()),
            sequence: 0,
        }
    }

    #[test]
    fn times_are_utc_and_lines_end_in_crlf() {
        let ics = calendar_file("colapla", &[meeting()], Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert!(ics.contains("DTSTART:20261203T010000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261203T012000Z\r\n"), "{ics}");
        assert!(ics.contains("UID:meeting-1@colapla.example\r\n"));
        assert!(ics.trim_end().ends_with("END:VCALENDAR"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line break is CRLF");
    }

    #[test]
    fn text_is_escaped_and_long_lines_are_folded() {
        let ics = calendar_file("colapla", &[meeting()], Utc::now());
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("チャットで\\, どうぞ\\; よろしく"), "{unfolded}");
        assert!(unfolded.contains("URL:https://colapla.example/events/e/meetings/m/room"), "{unfolded}");
    }
}
