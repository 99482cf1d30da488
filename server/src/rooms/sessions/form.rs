//! The session form, checked at the edge (pure). The schedule is typed in the organiser's zone
//! (Asia/Tokyo unless they chose another) and stored in UTC; the API may also send an RFC 3339
//! time with its offset. The agenda is one item a line, `minutes | 日本語の題 | English title`,
//! or, in JSON, a list of `{planned_minutes, title_ja, title_en}`.

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::catalog::needs::form::{check_number, check_text};
use crate::http::FieldError;
use crate::i18n::DEFAULT_TIME_ZONE;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const DURATION_MIN: i64 = 5;
pub const DURATION_MAX: i64 = 600;
pub const CAPACITY_MAX: i64 = 1000;
pub const AGENDA_MAX: usize = 30;
/// `datetime-local` inputs send minutes; seconds are accepted too.
const LOCAL_FORMATS: [&str; 2] = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgendaInput {
    pub planned_minutes: String,
    pub title_ja: String,
    pub title_en: String,
}

/// The fields as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionInput {
    pub title_ja: String,
    pub title_en: String,
    pub description: String,
    pub starts_at: String,
    pub time_zone: String,
    pub duration_minutes: String,
    pub capacity: String,
    pub requires_approval: bool,
    pub agenda: Vec<AgendaInput>,
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The agenda textarea: one item a line, `minutes | title_ja | title_en`.
pub fn parse_agenda_lines(text: &str) -> Vec<AgendaInput> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let first = parts.next().unwrap_or_default();
            match parts.next() {
                Some(title_ja) => AgendaInput {
                    planned_minutes: first.to_owned(),
                    title_ja: title_ja.to_owned(),
                    title_en: parts.next().unwrap_or_default().to_owned(),
                },
                // A line without bars is a title whose minutes are missing.
                None => AgendaInput { title_ja: first.to_owned(), ..AgendaInput::default() },
            }
        })
        .collect()
}

/// The agenda as the textarea shows it.
pub fn agenda_lines(agenda: &[AgendaInput]) -> String {
    agenda
        .iter()
        .map(|a| {
            if a.title_en.is_empty() {
                format!("{} | {}", a.planned_minutes, a.title_ja)
            } else {
                format!("{} | {} | {}", a.planned_minutes, a.title_ja, a.title_en)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl SessionInput {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut input = Self::default();
        for (key, value) in pairs {
            match key {
                "title_ja" => input.title_ja = value.to_owned(),
                "title_en" => input.title_en = value.to_owned(),
                "description" => input.description = value.to_owned(),
                "starts_at" => input.starts_at = value.to_owned(),
                "time_zone" => input.time_zone = value.to_owned(),
                "duration_minutes" => input.duration_minutes = value.to_owned(),
                "capacity" => input.capacity = value.to_owned(),
                "requires_approval" => input.requires_approval = matches!(value, "on" | "true" | "1"),
                "agenda" => input.agenda = parse_agenda_lines(value),
                _ => {}
            }
        }
        input
    }

    pub fn from_json(value: &serde_json::Value) -> Self {
        let field = |name: &str| value.get(name).map(text_of).unwrap_or_default();
        let agenda = match value.get("agenda") {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|item| AgendaInput {
                    planned_minutes: item.get("planned_minutes").map(text_of).unwrap_or_default(),
                    title_ja: item.get("title_ja").map(text_of).unwrap_or_default(),
                    title_en: item.get("title_en").map(text_of).unwrap_or_default(),
                })
                .collect(),
            Some(serde_json::Value::String(text)) => parse_agenda_lines(text),
            _ => Vec::new(),
        };
        Self {
            title_ja: field("title_ja"),
            title_en: field("title_en"),
            description: field("description"),
            starts_at: field("starts_at"),
            time_zone: field("time_zone"),
            duration_minutes: field("duration_minutes"),
            capacity: field("capacity"),
            requires_approval: value.get("requires_approval").is_some_and(|v| v.as_bool() == Some(true)),
            agenda,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaDraft {
    pub planned_minutes: i32,
    pub title_ja: String,
    pub title_en: Option<String>,
}

/// A checked session, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDraft {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub requires_approval: bool,
    pub agenda: Vec<AgendaDraft>,
}

fn optional(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// A start time: RFC 3339 with an offset, or a local time in `zone`. In a gap left by a
/// daylight-saving change the time does not exist, and is refused.
pub fn parse_start(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let local = LOCAL_FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())?;
    zone.from_local_datetime(&local).earliest().map(|at| at.with_timezone(&Utc))
}

/// Checks the input. `not_before`: on creation, the start must be later than this.
pub fn validate(input: &SessionInput, not_before: Option<DateTime<Utc>>) -> Result<SessionDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title_ja = check_text("title_ja", &input.title_ja, TITLE_MAX, true, false, &mut errors);
    let title_en = check_text("title_en", &input.title_en, TITLE_MAX, false, false, &mut errors);
    let description = check_text("description", &input.description, DESCRIPTION_MAX, false, true, &mut errors);
    let zone = if input.time_zone.trim().is_empty() {
        DEFAULT_TIME_ZONE
    } else if let Ok(zone) = input.time_zone.trim().parse::<Tz>() {
        zone
    } else {
        errors.push(FieldError::new("time_zone", "unknown"));
        DEFAULT_TIME_ZONE
    };
    let starts_at = if input.starts_at.trim().is_empty() {
        errors.push(FieldError::new("starts_at", "required"));
        None
    } else {
        match parse_start(&input.starts_at, zone) {
            None => {
                errors.push(FieldError::new("starts_at", "invalid"));
                None
            }
            Some(at) if not_before.is_some_and(|limit| at <= limit) => {
                errors.push(FieldError::new("starts_at", "in_past"));
                None
            }
            Some(at) => Some(at),
        }
    };
    let duration =
        check_number("duration_minutes", &input.duration_minutes, DURATION_MIN, DURATION_MAX, None, &mut errors);
    let capacity = check_number("capacity", &input.capacity, 1, CAPACITY_MAX, None, &mut errors);
    if input.agenda.len() > AGENDA_MAX {
        errors.push(FieldError::new("agenda", "too_many").with("max", AGENDA_MAX));
    }
    let mut agenda = Vec::new();
    for (i, item) in input.agenda.iter().take(AGENDA_MAX).enumerate() {
        let minutes = check_number(
            &format!("agenda[{i}].planned_minutes"),
            &item.planned_minutes,
            0,
            DURATION_MAX,
            None,
            &mut errors,
        );
        let title_ja =
            check_text(&format!("agenda[{i}].title_ja"), &item.title_ja, TITLE_MAX, true, false, &mut errors);
        let title_en =
            check_text(&format!("agenda[{i}].title_en"), &item.title_en, TITLE_MAX, false, false, &mut errors);
        agenda.push(AgendaDraft { planned_minutes: minutes as i32, title_ja, title_en: optional(title_en) });
    }
    let planned: i64 = agenda.iter().map(|a| i64::from(a.planned_minutes)).sum();
    if duration > 0 && planned > duration {
        // Reported as a range: the planned minutes must add up to at most the duration.
        errors.push(FieldError::new("agenda", "out_of_range").with("min", 0).with("max", duration));
    }
    match (errors.is_empty(), starts_at) {
        (true, Some(starts_at)) => Ok(SessionDraft {
            title_ja,
            title_en: optional(title_en),
            description: optional(description),
            starts_at,
            ends_at: starts_at + TimeDelta::minutes(duration),
            capacity: capacity as i32,
            requires_approval: input.requires_approval,
            agenda,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SessionInput {
        SessionInput::from_pairs([
            ("title_ja", "中小企業とサプライチェーン"),
            ("starts_at", "2030-12-03T19:00"),
            ("duration_minutes", "90"),
            ("capacity", "30"),
            ("agenda", "15 | 趣旨説明 | Purpose\n\n60 | グループ討議\n"),
        ])
    }

    fn codes(errors: &[FieldError]) -> Vec<(String, String)> {
        errors.iter().map(|e| (e.field.clone(), e.code.clone())).collect()
    }

    #[test]
    fn tokyo_time_is_stored_in_utc() {
        let draft = validate(&input(), None).unwrap();
        assert_eq!(draft.starts_at.to_rfc3339(), "2030-12-03T10:00:00+00:00");
        assert_eq!(draft.ends_at.to_rfc3339(), "2030-12-03T11:30:00+00:00");
        assert_eq!(draft.agenda.len(), 2);
        assert_eq!(draft.agenda[0].title_en.as_deref(), Some("Purpose"));
        assert_eq!(draft.agenda[1].title_en, None);
    }

    #[test]
    fn another_zone_and_rfc3339_are_understood() {
        let mut i = input();
        i.time_zone = "Europe/London".to_owned();
        assert_eq!(validate(&i, None).unwrap().starts_at.to_rfc3339(), "2030-12-03T19:00:00+00:00");
        i.starts_at = "2030-12-03T19:00:00+09:00".to_owned();
        assert_eq!(validate(&i, None).unwrap().starts_at.to_rfc3339(), "2030-12-03T10:00:00+00:00");
        i.time_zone = "Mars/Olympus".to_owned();
        assert_eq!(codes(&validate(&i, None).unwrap_err()), [("time_zone".to_owned(), "unknown".to_owned())]);
    }

    #[test]
    fn the_agenda_must_fit_the_session() {
        let mut i = input();
        i.duration_minutes = "60".to_owned();
        assert_eq!(codes(&validate(&i, None).unwrap_err()), [("agenda".to_owned(), "out_of_range".to_owned())]);
    }

    #[test]
    fn bad_fields_are_named() {
        let i = SessionInput::from_pairs([
            ("starts_at", "tomorrow"),
            ("duration_minutes", "2"),
            ("capacity", "0"),
            ("agenda", "議題だけ"),
        ]);
        let got = codes(&validate(&i, None).unwrap_err());
        assert!(got.contains(&("title_ja".to_owned(), "required".to_owned())), "{got:?}");
        assert!(got.contains(&("starts_at".to_owned(), "invalid".to_owned())), "{got:?}");
        assert!(got.contains(&("duration_minutes".to_owned(), "out_of_range".to_owned())), "{got:?}");
        assert!(got.contains(&("capacity".to_owned(), "out_of_range".to_owned())), "{got:?}");
        assert!(got.contains(&("agenda[0].planned_minutes".to_owned(), "required".to_owned())), "{got:?}");
    }

    #[test]
    fn a_new_session_starts_in_the_future() {
        let limit = "2031-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            codes(&validate(&input(), Some(limit)).unwrap_err()),
            [("starts_at".to_owned(), "in_past".to_owned())]
        );
    }

    #[test]
    fn json_agenda_and_lines_round_trip() {
        let json = serde_json::json!({
            "title_ja": "題", "starts_at": "2030-01-01T10:00", "duration_minutes": 30, "capacity": 5,
            "requires_approval": true,
            "agenda": [{"planned_minutes": 10, "title_ja": "開会", "title_en": "Opening"}]
        });
        let i = SessionInput::from_json(&json);
        assert!(i.requires_approval);
        assert_eq!(agenda_lines(&i.agenda), "10 | 開会 | Opening");
        assert_eq!(parse_agenda_lines(&agenda_lines(&i.agenda)), i.agenda);
    }
}
