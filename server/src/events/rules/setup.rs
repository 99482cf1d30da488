//! The event form, checked at the edge, and the slots it makes. Every field arrives as text (the
//! page's form and the JSON API share names and checks), so bad input becomes a field error with
//! a stable code. Slots are cut from each day's hours in the event's own time zone, skipping the
//! breaks, and kept in UTC. Pure: no actix, no sea-orm.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use entities::matching_event::Participation;
use serde::{Deserialize, Serialize};

use crate::events::scheduler::MAX_SLOTS;
use crate::http::FieldError;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const BREAKS_MAX: usize = 10;
pub const TABLES_MAX: i64 = 500;
pub const REQUEST_LIMIT_MAX: i64 = 100;
/// An event lasts at most this many days.
pub const DAYS_MAX: i64 = 14;
pub const SLOT_LENGTHS: [i16; 3] = [15, 20, 30];

/// Who may request a meeting with whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WhoMeetsWho {
    /// Vendors with user companies, either side asking (the default).
    VendorUserCompany,
    /// Anyone with anyone, same side included (the schedule may then need more slots).
    Anyone,
}

impl WhoMeetsWho {
    pub fn code(self) -> &'static str {
        match self {
            WhoMeetsWho::VendorUserCompany => "vendor_user_company",
            WhoMeetsWho::Anyone => "anyone",
        }
    }

    /// As stored in `matching_event.who_meets_who`: which roles each role may request.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            WhoMeetsWho::VendorUserCompany => {
                serde_json::json!({ "vendor": ["user_company"], "user_company": ["vendor"] })
            }
            WhoMeetsWho::Anyone => serde_json::json!({
                "vendor": ["user_company", "vendor"],
                "user_company": ["vendor", "user_company"],
            }),
        }
    }

    /// Read back from the stored JSON; anything but "both sides may meet their own" is the default.
    pub fn from_json(value: &serde_json::Value) -> Self {
        let lists = |role: &str, other: &str| {
            value.get(role).and_then(|v| v.as_array()).is_some_and(|l| l.iter().any(|r| r.as_str() == Some(other)))
        };
        if lists("vendor", "vendor") && lists("user_company", "user_company") {
            WhoMeetsWho::Anyone
        } else {
            WhoMeetsWho::VendorUserCompany
        }
    }
}

/// A break within each day, local times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Break {
    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({ "start": self.start.format("%H:%M").to_string(), "end": self.end.format("%H:%M").to_string() })
    }

    /// `12:00-13:00` as shown in the form.
    pub fn text(self) -> String {
        format!("{}-{}", self.start.format("%H:%M"), self.end.format("%H:%M"))
    }
}

/// Breaks as stored (`[{"start": "12:00", "end": "13:00"}]`), skipping anything unreadable.
pub fn breaks_from_json(value: &serde_json::Value) -> Vec<Break> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|b| {
                    Some(Break { start: hhmm(b.get("start")?.as_str()?)?, end: hhmm(b.get("end")?.as_str()?)? })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The fields as sent; missing ones are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventInput {
    pub title_ja: String,
    pub title_en: String,
    pub description: String,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub day_start_time: String,
    pub day_end_time: String,
    pub slot_minutes: String,
    /// `12:00-13:00, 15:00-15:15`
    pub breaks: String,
    pub tables: String,
    pub online: String,
    /// Local to the event's zone (`2026-12-01T09:00`), or RFC 3339 with an offset.
    pub booking_opens_at: String,
    pub booking_closes_at: String,
    pub participation: String,
    pub who_meets_who: String,
    pub request_limit: String,
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                serde_json::Value::Object(_) => format!(
                    "{}-{}",
                    item.get("start").and_then(|v| v.as_str()).unwrap_or_default(),
                    item.get("end").and_then(|v| v.as_str()).unwrap_or_default()
                ),
                other => text_of(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

impl EventInput {
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut input = Self::default();
        for (key, value) in pairs {
            if let Some(slot) = input.field_mut(key.as_ref())
                && slot.is_empty()
            {
                *slot = value.as_ref().to_owned();
            }
        }
        input
    }

    /// From a JSON object; `breaks` may be a list of `"12:00-13:00"` or of `{"start","end"}`.
    pub fn from_json(value: &serde_json::Value) -> Self {
        let mut input = Self::default();
        if let Some(object) = value.as_object() {
            for (key, value) in object {
                if let Some(slot) = input.field_mut(key) {
                    *slot = text_of(value);
                }
            }
        }
        input
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "title_ja" => &mut self.title_ja,
            "title_en" => &mut self.title_en,
            "description" => &mut self.description,
            "time_zone" => &mut self.time_zone,
            "starts_on" => &mut self.starts_on,
            "ends_on" => &mut self.ends_on,
            "day_start_time" => &mut self.day_start_time,
            "day_end_time" => &mut self.day_end_time,
            "slot_minutes" => &mut self.slot_minutes,
            "breaks" => &mut self.breaks,
            "tables" => &mut self.tables,
            "online" => &mut self.online,
            "booking_opens_at" => &mut self.booking_opens_at,
            "booking_closes_at" => &mut self.booking_closes_at,
            "participation" => &mut self.participation,
            "who_meets_who" => &mut self.who_meets_who,
            "request_limit" => &mut self.request_limit,
            _ => return None,
        })
    }

    /// The values to put back into a re-rendered form, cut short.
    pub fn echo(&self) -> Self {
        let cut = |s: &str, max: usize| s.chars().take(max + 1).collect::<String>();
        Self {
            title_ja: cut(&self.title_ja, TITLE_MAX),
            title_en: cut(&self.title_en, TITLE_MAX),
            description: cut(&self.description, DESCRIPTION_MAX),
            time_zone: cut(&self.time_zone, 64),
            starts_on: cut(&self.starts_on, 10),
            ends_on: cut(&self.ends_on, 10),
            day_start_time: cut(&self.day_start_time, 5),
            day_end_time: cut(&self.day_end_time, 5),
            slot_minutes: cut(&self.slot_minutes, 4),
            breaks: cut(&self.breaks, 200),
            tables: cut(&self.tables, 6),
            online: cut(&self.online, 8),
            booking_opens_at: cut(&self.booking_opens_at, 32),
            booking_closes_at: cut(&self.booking_closes_at, 32),
            participation: cut(&self.participation, 16),
            who_meets_who: cut(&self.who_meets_who, 32),
            request_limit: cut(&self.request_limit, 6),
        }
    }
}

/// A checked event, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub title_ja: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub time_zone: Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    pub slot_minutes: i16,
    pub breaks: Vec<Break>,
    pub tables: i32,
    pub online: bool,
    pub booking_opens_at: DateTime<Utc>,
    pub booking_closes_at: DateTime<Utc>,
    pub participation: Participation,
    pub who_meets_who: WhoMeetsWho,
    pub request_limit: Option<i32>,
    /// The slots the days make, in order.
    pub slots: Vec<SlotTimes>,
}

/// One slot, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTimes {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

fn hhmm(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if text.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// A moment given as RFC 3339, or as local time in `tz` (`2026-12-01T09:00`, seconds optional).
pub fn moment(text: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.len() > 40 {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())?;
    tz.from_local_datetime(&local).earliest().map(|at| at.with_timezone(&Utc))
}

/// The local form of a UTC moment for a `datetime-local` field.
pub fn local_field(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

fn parse_breaks(text: &str) -> Result<Vec<Break>, &'static str> {
    let mut breaks = Vec::new();
    for part in text.split([',', '\n', ';', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        let (start, end) = part.split_once(['-', '–', '~', '〜']).ok_or("invalid")?;
        let (Some(start), Some(end)) = (hhmm(start), hhmm(end)) else { return Err("invalid") };
        if end <= start {
            return Err("invalid");
        }
        breaks.push(Break { start, end });
    }
    if breaks.len() > BREAKS_MAX {
        return Err("too_many");
    }
    breaks.sort_by_key(|b| b.start);
    Ok(breaks)
}

/// Checks every field and makes the slots. `now` bounds nothing but is kept for symmetry with the
/// other forms: an organiser may prepare a past event to record it.
pub fn validate(input: &EventInput) -> Result<EventDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut require_text = |field: &str, value: &str, max: usize, required: bool| -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            if required {
                errors.push(FieldError::new(field, "required"));
            }
            None
        } else if value.chars().count() > max {
            errors.push(FieldError::new(field, "too_long").with("max", max));
            None
        } else {
            Some(value.to_owned())
        }
    };
    let title_ja = require_text("title_ja", &input.title_ja, TITLE_MAX, true);
    let title_en = require_text("title_en", &input.title_en, TITLE_MAX, false);
    let description = require_text("description", &input.description, DESCRIPTION_MAX, false);

    let time_zone = match input.time_zone.trim() {
        "" => Some(chrono_tz::Asia::Tokyo),
        name => name.parse::<Tz>().ok().or_else(|| {
            errors.push(FieldError::new("time_zone", "unknown"));
            None
        }),
    };
    let mut parsed = |field: &str, value: &str, parse: &dyn Fn(&str) -> bool| {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "required"));
        } else if !parse(value) {
            errors.push(FieldError::new(field, "invalid"));
        }
    };
    parsed("starts_on", &input.starts_on, &|v| date(v).is_some());
    parsed("ends_on", &input.ends_on, &|v| date(v).is_some());
    parsed("day_start_time", &input.day_start_time, &|v| hhmm(v).is_some());
    parsed("day_end_time", &input.day_end_time, &|v| hhmm(v).is_some());
    let (starts_on, ends_on) = (date(&input.starts_on), date(&input.ends_on));
    let (day_start, day_end) = (hhmm(&input.day_start_time), hhmm(&input.day_end_time));
    if let (Some(from), Some(to)) = (starts_on, ends_on)
        && (to < from || (to - from).num_days() >= DAYS_MAX)
    {
        errors.push(
            FieldError::new("ends_on", "out_of_range")
                .with("min", from)
                .with("max", from + Duration::days(DAYS_MAX - 1)),
        );
    }
    if let (Some(start), Some(end)) = (day_start, day_end)
        && end <= start
    {
        errors.push(FieldError::new("day_end_time", "invalid"));
    }
    let slot_minutes = match input.slot_minutes.trim().parse::<i16>() {
        Ok(m) if SLOT_LENGTHS.contains(&m) => Some(m),
        _ if input.slot_minutes.trim().is_empty() => {
            errors.push(FieldError::new("slot_minutes", "required"));
            None
        }
        _ => {
            errors.push(FieldError::new("slot_minutes", "unknown"));
            None
        }
    };
    let breaks = match parse_breaks(&input.breaks) {
        Ok(breaks) => breaks,
        Err(code) => {
            let error = FieldError::new("breaks", code);
            errors.push(if code == "too_many" { error.with("max", BREAKS_MAX) } else { error });
            Vec::new()
        }
    };
    let tables = match input.tables.trim().parse::<i64>() {
        Ok(t) if (1..=TABLES_MAX).contains(&t) => i32::try_from(t).ok(),
        _ => {
            let code = if input.tables.trim().is_empty() { "required" } else { "out_of_range" };
            errors.push(FieldError::new("tables", code).with("min", 1).with("max", TABLES_MAX));
            None
        }
    };
    let online = matches!(input.online.trim(), "true" | "on" | "1" | "yes");
    let participation = match input.participation.trim() {
        "" | "open" => Participation::Open,
        "invitation" => Participation::Invitation,
        _ => {
            errors.push(FieldError::new("participation", "unknown"));
            Participation::Open
        }
    };
    let who_meets_who = match input.who_meets_who.trim() {
        "" | "vendor_user_company" => WhoMeetsWho::VendorUserCompany,
        "anyone" => WhoMeetsWho::Anyone,
        _ => {
            errors.push(FieldError::new("who_meets_who", "unknown"));
            WhoMeetsWho::VendorUserCompany
        }
    };
    let request_limit = match input.request_limit.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=REQUEST_LIMIT_MAX).contains(&n) => i32::try_from(n).ok(),
            _ => {
                errors.push(
                    FieldError::new("request_limit", "out_of_range").with("min", 1).with("max", REQUEST_LIMIT_MAX),
                );
                None
            }
        },
    };
    let tz = time_zone.unwrap_or(chrono_tz::Asia::Tokyo);
    let mut window = |field: &str, value: &str| {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "required"));
            None
        } else {
            moment(value, tz).or_else(|| {
                errors.push(FieldError::new(field, "invalid"));
                None
            })
        }
    };
    let opens = window("booking_opens_at", &input.booking_opens_at);
    let closes = window("booking_closes_at", &input.booking_closes_at);
    if let (Some(opens), Some(closes)) = (opens, closes)
        && closes <= opens
    {
        errors.push(FieldError::new("booking_closes_at", "invalid"));
    }

    let (Some(title_ja), Some(tz), Some(starts_on), Some(ends_on), Some(day_start), Some(day_end)) =
        (title_ja, time_zone, starts_on, ends_on, day_start, day_end)
    else {
        return Err(errors);
    };
    let (Some(slot_minutes), Some(tables), Some(opens), Some(closes)) = (slot_minutes, tables, opens, closes) else {
        return Err(errors);
    };
    if breaks.iter().any(|b| b.start < day_start || b.end > day_end) {
        errors.push(FieldError::new("breaks", "invalid"));
    }
    let slots = make_slots(tz, starts_on, ends_on, day_start, day_end, slot_minutes, &breaks);
    if slots.is_empty() {
        errors.push(FieldError::new("day_end_time", "invalid"));
    } else if slots.len() > MAX_SLOTS {
        errors.push(FieldError::new("ends_on", "too_many").with("max", MAX_SLOTS));
    } else if closes > slots[0].starts_at {
        // Requests must be settled before the first meeting.
        errors.push(FieldError::new("booking_closes_at", "invalid"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(EventDraft {
        title_ja,
        title_en,
        description,
        time_zone: tz,
        starts_on,
        ends_on,
        day_start,
        day_end,
        slot_minutes,
        breaks,
        tables,
        online,
        booking_opens_at: opens,
        booking_closes_at: closes,
        participation,
        who_meets_who,
        request_limit,
        slots,
    })
}

/// The slots of every day from `day_start` to `day_end` in `tz`, `minutes` long, skipping breaks:
/// a slot that would overlap a break starts again at the break's end. Local times that do not
/// exist (a daylight-saving gap) are skipped.
pub fn make_slots(
    tz: Tz,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    day_start: NaiveTime,
    day_end: NaiveTime,
    minutes: i16,
    breaks: &[Break],
) -> Vec<SlotTimes> {
    let length = Duration::minutes(i64::from(minutes));
    let mut slots = Vec::new();
    let mut day = starts_on;
    while day <= ends_on && slots.len() <= MAX_SLOTS {
        let end = day.and_time(day_end);
        let mut at = day.and_time(day_start);
        while at + length <= end && slots.len() <= MAX_SLOTS {
            let slot_end = at + length;
            if let Some(b) = breaks.iter().find(|b| at < day.and_time(b.end) && day.and_time(b.start) < slot_end) {
                at = day.and_time(b.end);
                continue;
            }
            if let (Some(from), Some(to)) =
                (tz.from_local_datetime(&at).earliest(), tz.from_local_datetime(&slot_end).earliest())
            {
                slots.push(SlotTimes { starts_at: from.with_timezone(&Utc), ends_at: to.with_timezone(&Utc) });
            }
            at = slot_end;
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> EventInput {
        EventInput {
            title_ja: "岐阜 商談会".into(),
            starts_on: "2026-12-10".into(),
            ends_on: "2026-12-11".into(),
            day_start_time: "10:00".into(),
            day_end_time: "12:30".into(),
            slot_minutes: "30".into(),
            breaks: "11:00-11:15".into(),
            tables: "4".into(),
            booking_opens_at: "2026-12-01T09:00".into(),
            booking_closes_at: "2026-12-08T17:00".into(),
            ..EventInput::default()
        }
    }

    #[test]
    fn slots_skip_breaks_and_are_stored_in_utc() {
        let draft = validate(&sample()).unwrap();
        // 10:00, 10:30, (break 11:00–11:15), 11:15, 11:45 (ends 12:15): four a day, two days.
        assert_eq!(draft.slots.len(), 8);
        let first = draft.slots[0];
        assert_eq!(first.starts_at.to_rfc3339(), "2026-12-10T01:00:00+00:00", "10:00 JST is 01:00 UTC");
        assert_eq!(draft.slots[2].starts_at.to_rfc3339(), "2026-12-10T02:15:00+00:00");
        assert_eq!(draft.slots[4].starts_at.to_rfc3339(), "2026-12-11T01:00:00+00:00");
        assert_eq!(draft.booking_closes_at.to_rfc3339(), "2026-12-08T08:00:00+00:00");
        assert_eq!(
            (draft.tables, draft.participation, draft.who_meets_who),
            (4, Participation::Open, WhoMeetsWho::VendorUserCompany)
        );
    }

    #[test]
    fn another_time_zone_moves_the_slots() {
        let input = EventInput { time_zone: "UTC".into(), ..sample() };
        let draft = validate(&input).unwrap();
        assert_eq!(draft.slots[0].starts_at.to_rfc3339(), "2026-12-10T10:00:00+00:00");
    }

    #[test]
    fn bad_fields_come_back_as_field_errors() {
        let input = EventInput {
            title_ja: String::new(),
            slot_minutes: "25".into(),
            tables: "0".into(),
            breaks: "13:00".into(),
            time_zone: "Mars/Olympus".into(),
            booking_closes_at: "2026-11-01T00:00".into(),
            request_limit: "-1".into(),
            participation: "secret".into(),
            ..sample()
        };
        let errors = validate(&input).unwrap_err();
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        for expected in [
            ("title_ja", "required"),
            ("slot_minutes", "unknown"),
            ("tables", "out_of_range"),
            ("breaks", "invalid"),
            ("time_zone", "unknown"),
            ("booking_closes_at", "invalid"),
            ("request_limit", "out_of_range"),
            ("participation", "unknown"),
        ] {
            assert!(codes.contains(&expected), "{expected:?} missing from {codes:?}");
        }
    }

    #[test]
    fn booking_must_close_before_the_first_slot() {
        let input = EventInput { booking_closes_at: "2026-12-10T10:30".into(), ..sample() };
        let errors = validate(&input).unwrap_err();
        assert_eq!(errors[0].field, "booking_closes_at");
    }

    #[test]
    fn json_breaks_and_who_meets_who_round_trip() {
        let input = EventInput::from_json(&serde_json::json!({
            "title_ja": "t", "breaks": [{"start": "12:00", "end": "13:00"}, "15:00-15:15"], "tables": 3
        }));
        assert_eq!(input.breaks, "12:00-13:00,15:00-15:15");
        assert_eq!(input.tables, "3");
        for rule in [WhoMeetsWho::VendorUserCompany, WhoMeetsWho::Anyone] {
            assert_eq!(WhoMeetsWho::from_json(&rule.to_json()), rule);
        }
        let b = Break { start: hhmm("12:00").unwrap(), end: hhmm("13:00").unwrap() };
        assert_eq!(breaks_from_json(&serde_json::json!([b.to_json()])), vec![b]);
    }
}
