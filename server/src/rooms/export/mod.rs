//! The record of a session for its organisers: chat, polls, attendance and minutes as CSV (UTF-8
//! with a byte-order mark, so spreadsheet software in Japan reads it as UTF-8) and as Markdown.
//! Pure: rows in, text out. Room events are read defensively, since their kinds and payloads belong
//! to the realtime protocol: a payload is JSON that may hold `text`, `question`, `options`,
//! `choice` or `choices`; unknown kinds are exported as they are, never dropped.

mod pages;
mod store;

pub use pages::{csv_download, delete_data, markdown_download};

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use crate::i18n::{Locale, format_datetime};

/// The byte-order mark at the head of every CSV export.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub room_id: String,
    pub seq: i64,
    pub kind: String,
    pub payload: Value,
    pub author: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub name: String,
    pub organisation: Option<String>,
    pub role: String,
    pub status: String,
    pub attended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub events: Vec<EventRow>,
    pub attendance: Vec<AttendanceRow>,
    pub minutes: Option<String>,
}

fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" / "),
        Value::Object(map) => ["text", "label", "title"]
            .iter()
            .find_map(|k| map.get(*k))
            .map(text_of)
            .unwrap_or_else(|| value.to_string()),
        other => other.to_string(),
    }
}

fn field<'a>(payload: &'a Value, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| payload.get(*n)).filter(|v| !v.is_null())
}

/// What a vote chose, as option labels: indices are looked up in the poll's options.
fn choices(payload: &Value, options: &[String]) -> Vec<String> {
    let raw: Vec<&Value> = match field(payload, &["choices", "choice", "option", "options"]) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    raw.into_iter()
        .map(|v| match v.as_u64().and_then(|i| options.get(usize::try_from(i).ok()?)) {
            Some(label) => label.clone(),
            None => text_of(v),
        })
        .collect()
}

fn options_of(payload: &Value) -> Vec<String> {
    match field(payload, &["options", "choices"]) {
        Some(Value::Array(items)) => items.iter().map(text_of).collect(),
        _ => Vec::new(),
    }
}

/// A chat message that was edited or deleted later: the later event names it by sequence.
fn target_seq(payload: &Value) -> Option<i64> {
    field(payload, &["target_seq", "message_seq", "seq", "target"]).and_then(Value::as_i64)
}

#[derive(Debug, Clone, PartialEq)]
struct Chat {
    room_id: String,
    seq: i64,
    at: DateTime<Utc>,
    author: String,
    text: String,
    state: &'static str,
}

/// Chat messages in order, with edits applied and deletions marked.
fn chat(events: &[EventRow]) -> Vec<Chat> {
    let mut messages: Vec<Chat> = Vec::new();
    for e in events {
        let kind = e.kind.as_str();
        let find = |messages: &mut Vec<Chat>| {
            let seq = target_seq(&e.payload)?;
            messages.iter_mut().position(|m| m.seq == seq && m.room_id == e.room_id)
        };
        if kind == "chat" || kind == "chat_message" || kind == "chat_posted" {
            messages.push(Chat {
                room_id: e.room_id.clone(),
                seq: e.seq,
                at: e.at,
                author: e.author.clone().unwrap_or_default(),
                text: field(&e.payload, &["text", "body", "message"]).map(text_of).unwrap_or_default(),
                state: "",
            });
        } else if kind.starts_with("chat") && kind.contains("edit") {
            if let Some(i) = find(&mut messages) {
                messages[i].text = field(&e.payload, &["text", "body", "message"]).map(text_of).unwrap_or_default();
                messages[i].state = "edited";
            }
        } else if kind.starts_with("chat")
            && (kind.contains("delete") || kind.contains("remove"))
            && let Some(i) = find(&mut messages)
        {
            messages[i].text.clear();
            messages[i].state = "deleted";
        }
    }
    messages
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Poll {
    question: String,
    options: Vec<String>,
    /// Votes by label, in option order first.
    tally: BTreeMap<String, u32>,
    voters: u32,
    closed: bool,
}

/// Polls in the order they opened. A poll is named by the sequence number of its `poll_opened`
/// event in its room (the realtime protocol's votes and closes say `poll: <seq>`), or by an
/// explicit `poll_id`.
fn polls(events: &[EventRow]) -> Vec<(String, Poll)> {
    let mut order: Vec<String> = Vec::new();
    let mut polls: BTreeMap<String, Poll> = BTreeMap::new();
    for e in events.iter().filter(|e| e.kind.starts_with("poll")) {
        let opening = e.kind.contains("open") || e.kind.contains("creat");
        let named = match field(&e.payload, &["poll_id", "poll"]) {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(seq)) => Some(format!("{}#{seq}", e.room_id)),
            _ => None,
        };
        let id = match named {
            Some(id) => id,
            None if opening => format!("{}#{}", e.room_id, e.seq),
            // A vote or close that names no poll belongs to the room's latest one.
            None => match order.iter().rev().find(|id| id.starts_with(&format!("{}#", e.room_id))) {
                Some(id) => id.clone(),
                None => format!("{}#{}", e.room_id, e.seq),
            },
        };
        if !polls.contains_key(&id) {
            order.push(id.clone());
        }
        let poll = polls.entry(id).or_default();
        match e.kind.as_str() {
            _ if opening => {
                poll.question = field(&e.payload, &["question", "text", "title"]).map(text_of).unwrap_or_default();
                poll.options = options_of(&e.payload);
            }
            k if k.contains("vote") => {
                poll.voters += 1;
                for choice in choices(&e.payload, &poll.options) {
                    *poll.tally.entry(choice).or_default() += 1;
                }
            }
            k if k.contains("clos") => {
                poll.closed = true;
                // The final tally, when the close carries one, is the record.
                if let Some(Value::Array(counts)) = field(&e.payload, &["tally", "results"]) {
                    let counts: Vec<u32> =
                        counts.iter().map(|c| c.as_u64().and_then(|c| u32::try_from(c).ok()).unwrap_or(0)).collect();
                    if counts.len() == poll.options.len() {
                        poll.tally = poll.options.iter().cloned().zip(counts).collect();
                    }
                }
                if let Some(cast) = field(&e.payload, &["votes_cast"]).and_then(Value::as_u64) {
                    poll.voters = u32::try_from(cast).unwrap_or(poll.voters);
                }
            }
            _ => {}
        }
    }
    order.into_iter().filter_map(|id| polls.remove(&id).map(|p| (id, p))).collect()
}

/// One CSV field: quoted when needed; a leading `=`, `+`, `-` or `@` gets a `'` so that a
/// spreadsheet does not run a chat message as a formula.
fn csv_field(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn csv_line(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The whole record as one CSV table: `section` says what a row is (chat, poll, vote tally,
/// attendance, minutes, or another room event), times are UTC (RFC 3339).
pub fn to_csv(record: &SessionRecord) -> String {
    let mut out = String::from(BOM);
    csv_line(&mut out, &["section", "room", "seq", "at_utc", "who", "kind", "text", "detail"]);
    for m in chat(&record.events) {
        let seq = m.seq.to_string();
        csv_line(&mut out, &["chat", &m.room_id, &seq, &utc(m.at), &m.author, "chat", &m.text, m.state]);
    }
    for (id, poll) in polls(&record.events) {
        let state = if poll.closed { "closed" } else { "open" };
        csv_line(&mut out, &["poll", "", "", "", "", state, &poll.question, &poll.options.join(" / ")]);
        for (label, count) in &poll.tally {
            csv_line(&mut out, &["poll_result", "", "", "", "", &id, label, &count.to_string()]);
        }
    }
    for a in &record.attendance {
        let at = a.attended_at.map(utc).unwrap_or_default();
        let who = match &a.organisation {
            Some(org) => format!("{} ({org})", a.name),
            None => a.name.clone(),
        };
        csv_line(&mut out, &["attendance", "", "", &at, &who, &a.role, &a.status, ""]);
    }
    for e in record.events.iter().filter(|e| !e.kind.starts_with("chat") && !e.kind.starts_with("poll")) {
        let seq = e.seq.to_string();
        let author = e.author.clone().unwrap_or_default();
        let text = field(&e.payload, &["text", "title", "question"]).map(text_of).unwrap_or_default();
        csv_line(&mut out, &["event", &e.room_id, &seq, &utc(e.at), &author, &e.kind, &text, &e.payload.to_string()]);
    }
    if let Some(minutes) = record.minutes.as_deref().filter(|m| !m.trim().is_empty()) {
        csv_line(&mut out, &["minutes", "", "", "", "", "", minutes, ""]);
    }
    out
}

/// Text on one Markdown list item: later lines indented under it.
fn item_text(text: &str) -> String {
    text.trim_end().replace("\r\n", "\n").replace('\n', "\n  ")
}

/// The record as Markdown, with times in `zone`.
pub fn to_markdown(record: &SessionRecord, zone: Tz, locale: Locale) -> String {
    let mut out = String::new();
    let when = |at| format_datetime(at, zone, locale);
    let _ = writeln!(out, "# {}\n", record.title);
    let _ = writeln!(out, "- 日時 (Time): {} – {}", when(record.starts_at), when(record.ends_at));
    let present = record.attendance.iter().filter(|a| a.attended_at.is_some()).count();
    let _ = writeln!(out, "- 出席 (Attended): {present} / {}\n", record.attendance.len());

    let _ = writeln!(out, "## 議事録 (Minutes)\n");
    match record.minutes.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(minutes) => {
            let _ = writeln!(out, "{}\n", minutes.trim_end());
        }
        None => out.push_str("(なし / none)\n\n"),
    }

    let _ = writeln!(out, "## チャット (Chat)\n");
    let messages = chat(&record.events);
    if messages.is_empty() {
        out.push_str("(なし / none)\n");
    }
    for m in messages {
        let text = match m.state {
            "deleted" => "(削除 / deleted)".to_owned(),
            "edited" => format!("{} (編集 / edited)", item_text(&m.text)),
            _ => item_text(&m.text),
        };
        let _ = writeln!(out, "- {} **{}**: {text}", when(m.at), m.author);
    }

    let _ = writeln!(out, "\n## 投票 (Polls)\n");
    let all = polls(&record.events);
    if all.is_empty() {
        out.push_str("(なし / none)\n");
    }
    for (_, poll) in all {
        let _ = writeln!(out, "### {}\n", poll.question);
        let mut labels: Vec<String> = poll.options.clone();
        labels.extend(poll.tally.keys().filter(|k| !poll.options.contains(k)).cloned());
        for label in labels {
            let _ = writeln!(out, "- {}: {}", label, poll.tally.get(&label).copied().unwrap_or(0));
        }
        let _ = writeln!(out, "\n({} 票 / votes)\n", poll.voters);
    }

    let _ = writeln!(out, "\n## 出席 (Attendance)\n");
    out.push_str(
        "| 氏名 (Name) | 所属 (Organisation) | 役割 (Role) | 状態 (Status) | 入室 (Joined) |\n|---|---|---|---|---|\n",
    );
    for a in &record.attendance {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let joined = a.attended_at.map(when).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&a.name),
            cell(a.organisation.as_deref().unwrap_or_default()),
            a.role,
            a.status,
            joined
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 10, minute, 0).unwrap()
    }

    fn event(seq: i64, kind: &str, payload: Value, author: Option<&str>) -> EventRow {
        EventRow {
            room_id: "session:1".to_owned(),
            seq,
            kind: kind.to_owned(),
            payload,
            author: author.map(str::to_owned),
            at: at(u32::try_from(seq).unwrap()),
        }
    }

    fn record() -> SessionRecord {
        SessionRecord {
            title: "中小企業とサプライチェーン".to_owned(),
            starts_at: at(0),
            ends_at: at(59),
            events: vec![
                event(1, "chat", json!({"text": "よろしくお願いします、皆さん"}), Some("岐阜 太郎")),
                event(2, "chat", json!({"text": "=HYPERLINK(\"x\")"}), Some("Mallory")),
                event(
                    3,
                    "poll_opened",
                    json!({"poll_id": "p1", "question": "調査票は届きましたか", "options": ["はい", "いいえ"]}),
                    Some("司会"),
                ),
                event(4, "poll_voted", json!({"poll_id": "p1", "choice": 0}), None),
                event(5, "poll_voted", json!({"poll_id": "p1", "choices": ["はい"]}), None),
                event(6, "poll_voted", json!({"poll_id": "p1", "choice": 1}), None),
                event(7, "poll_closed", json!({"poll_id": "p1"}), Some("司会")),
                event(8, "chat_deleted", json!({"target_seq": 2}), Some("司会")),
                event(9, "hand_raised", json!({}), Some("岐阜 太郎")),
            ],
            attendance: vec![AttendanceRow {
                name: "岐阜 太郎".to_owned(),
                organisation: Some("岐阜精密工業".to_owned()),
                role: "participant".to_owned(),
                status: "approved".to_owned(),
                attended_at: Some(at(1)),
            }],
            minutes: Some("## 決定事項\n- 次回は1月".to_owned()),
        }
    }

    #[test]
    fn csv_starts_with_a_bom_uses_crlf_and_keeps_japanese() {
        let csv = to_csv(&record());
        assert!(csv.starts_with(BOM));
        assert!(
            csv.contains("\r\nchat,session:1,1,2026-12-03T10:01:00Z,岐阜 太郎,chat,よろしくお願いします、皆さん,\r\n"),
            "{csv}"
        );
        assert!(!csv.replace("\r\n", "").contains("\n\n"));
        assert!(csv.contains("poll_result,,,,,p1,はい,2\r\n"), "{csv}");
        assert!(csv.contains("poll_result,,,,,p1,いいえ,1\r\n"), "{csv}");
        assert!(
            csv.contains("attendance,,,2026-12-03T10:01:00Z,岐阜 太郎 (岐阜精密工業),participant,approved,"),
            "{csv}"
        );
        assert!(csv.contains("event,session:1,9,"), "unknown kinds are kept: {csv}");
        assert!(csv.contains("\"## 決定事項\n- 次回は1月\""), "{csv}");
    }

    #[test]
    fn the_realtime_protocol_shapes_are_read() {
        // As `rooms::realtime::protocol::Event` stores them: the kind tag inside the payload,
        // votes and closes naming the poll by the seq of its opening, chat edits by `target`.
        let record = SessionRecord {
            events: vec![
                event(1, "chat", json!({"kind": "chat", "text": "はじめまして"}), Some("A")),
                event(
                    2,
                    "chat_edited",
                    json!({"kind": "chat_edited", "target": 1, "text": "はじめまして！"}),
                    Some("A"),
                ),
                event(
                    3,
                    "poll_opened",
                    json!({"kind": "poll_opened", "question": "次回は？", "options": ["1月", "2月"],
                    "multiple": true, "anonymous": true, "live_results": false}),
                    Some("司会"),
                ),
                event(
                    4,
                    "poll_voted",
                    json!({"kind": "poll_voted", "poll": 3, "choices": [0, 1], "anonymous": true,
                    "live_results": false, "votes_cast": 1}),
                    None,
                ),
                event(
                    5,
                    "poll_voted",
                    json!({"kind": "poll_voted", "poll": 3, "choices": [1], "anonymous": true,
                    "live_results": false, "votes_cast": 2}),
                    None,
                ),
                event(
                    6,
                    "poll_closed",
                    json!({"kind": "poll_closed", "poll": 3, "tally": [1, 2], "votes_cast": 2}),
                    Some("司会"),
                ),
                event(7, "note_added", json!({"kind": "note_added", "text": "要確認"}), Some("司会")),
            ],
            ..record()
        };
        let csv = to_csv(&record);
        assert!(csv.contains(",chat,はじめまして！,edited\r\n"), "{csv}");
        assert!(csv.contains("poll,,,,,closed,次回は？,1月 / 2月\r\n"), "{csv}");
        assert!(csv.contains("poll_result,,,,,session:1#3,1月,1\r\n"), "{csv}");
        assert!(csv.contains("poll_result,,,,,session:1#3,2月,2\r\n"), "{csv}");
        assert!(csv.contains(",note_added,要確認,"), "{csv}");
        let md = to_markdown(&record, chrono_tz::Asia::Tokyo, Locale::En);
        assert!(md.contains("### 次回は？\n\n- 1月: 1\n- 2月: 2\n\n(2 票 / votes)"), "{md}");
    }

    #[test]
    fn deleted_messages_lose_their_text_and_formulas_are_defused() {
        let csv = to_csv(&record());
        assert!(!csv.contains("HYPERLINK"), "a deleted message is gone: {csv}");
        assert_eq!(csv_field("=1+2"), "'=1+2");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }

    #[test]
    fn markdown_has_every_section_in_tokyo_time() {
        let md = to_markdown(&record(), chrono_tz::Asia::Tokyo, Locale::Ja);
        assert!(md.starts_with("# 中小企業とサプライチェーン\n"));
        assert!(md.contains("2026年12月3日 19:01 (JST) **岐阜 太郎**: よろしくお願いします、皆さん"), "{md}");
        assert!(md.contains("(削除 / deleted)"));
        assert!(md.contains("### 調査票は届きましたか\n\n- はい: 2\n- いいえ: 1\n\n(3 票 / votes)"), "{md}");
        assert!(
            md.contains("| 岐阜 太郎 | 岐阜精密工業 | participant | approved | 2026年12月3日 19:01 (JST) |"),
            "{md}"
        );
        assert!(md.contains("## 決定事項"));
    }
}
