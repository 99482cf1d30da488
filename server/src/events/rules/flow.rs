//! The rules of an event's life and of its meeting requests, pure: which status may follow which,
//! who may ask whom, when, and how often. The store loads the facts, asks here, and writes.

use chrono::{DateTime, Utc};
use entities::event_participant::{ParticipantRole, ParticipantStatus};
use entities::matching_event::MatchingEventStatus as Status;
use entities::meeting_request::MeetingRequestState as RequestState;

use super::setup::WhoMeetsWho;

/// Why an action on an event or a request is refused; each maps to a 409 with this text, except
/// [`Refusal::NotYours`] (403).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the event is not open for this in its current status")]
    WrongStatus,
    #[error("the booking window is not open")]
    OutsideBookingWindow,
    #[error("this participant may not meet that one at this event")]
    NotAllowedPair,
    #[error("you cannot request a meeting with yourself")]
    SelfRequest,
    #[error("a request between you two already exists")]
    AlreadyRequested,
    #[error("the request limit of this event is reached")]
    LimitReached,
    #[error("the other participant does not wish to meet")]
    NoThanks,
    #[error("the request is no longer pending")]
    NotPending,
    #[error("only the participant the request is addressed to may answer it")]
    NotYours,
    #[error("this participant is not registered")]
    NotRegistered,
}

/// The status changes an organiser may make by hand (publication has its own action, which also
/// needs a schedule).
pub fn may_change_status(from: Status, to: Status) -> bool {
    matches!(
        (from, to),
        (Status::Draft, Status::Booking)
            | (Status::Booking, Status::Draft)
            | (Status::Booking, Status::Scheduling)
            | (Status::Scheduling, Status::Booking)
            | (Status::Published, Status::Closed)
    )
}

/// The event's settings may change while nobody can rely on the slots yet.
pub fn may_edit(status: Status) -> bool {
    matches!(status, Status::Draft | Status::Booking)
}

/// Requests are sent and answered while the event is booking and the window is open.
pub fn booking_open(
    status: Status,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if status != Status::Booking {
        return Err(Refusal::WrongStatus);
    }
    if now < opens || now >= closes {
        return Err(Refusal::OutsideBookingWindow);
    }
    Ok(())
}

/// Whether a participant of `from` may request a meeting with one of `to`.
pub fn pair_allowed(rule: WhoMeetsWho, from: ParticipantRole, to: ParticipantRole) -> bool {
    match rule {
        WhoMeetsWho::VendorUserCompany => from != to,
        WhoMeetsWho::Anyone => true,
    }
}

/// What the store knows when someone sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFacts {
    pub rule: WhoMeetsWho,
    pub from_role: ParticipantRole,
    pub to_role: ParticipantRole,
    pub to_status: ParticipantStatus,
    pub same_participant: bool,
    /// A request either way that is not withdrawn.
    pub existing_live_request: bool,
    /// Requests this sender has made that still count (not withdrawn).
    pub sent_so_far: usize,
    pub limit: Option<i32>,
    /// Either side marked the other as no-thanks.
    pub no_thanks: bool,
}

pub fn check_request(facts: &RequestFacts) -> Result<(), Refusal> {
    if facts.same_participant {
        return Err(Refusal::SelfRequest);
    }
    if facts.to_status != ParticipantStatus::Registered {
        return Err(Refusal::NotRegistered);
    }
    if !pair_allowed(facts.rule, facts.from_role, facts.to_role) {
        return Err(Refusal::NotAllowedPair);
    }
    if facts.no_thanks {
        return Err(Refusal::NoThanks);
    }
    if facts.existing_live_request {
        return Err(Refusal::AlreadyRequested);
    }
    if facts.limit.is_some_and(|limit| facts.sent_so_far >= usize::try_from(limit).unwrap_or(0)) {
        return Err(Refusal::LimitReached);
    }
    Ok(())
}

/// A request's answer or withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Accept,
    Decline,
    Withdraw,
}

impl Response {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "accept" => Some(Response::Accept),
            "decline" => Some(Response::Decline),
            "withdraw" => Some(Response::Withdraw),
            _ => None,
        }
    }
}

/// The new state of a request `state` when `responder_is_recipient` (else the sender) responds.
/// The recipient accepts or declines a pending request; the sender withdraws a pending or
/// accepted one (an accepted meeting is not scheduled yet while booking is open).
pub fn respond(state: RequestState, response: Response, responder_is_recipient: bool) -> Result<RequestState, Refusal> {
    match response {
        Response::Accept | Response::Decline if !responder_is_recipient => Err(Refusal::NotYours),
        Response::Withdraw if responder_is_recipient => Err(Refusal::NotYours),
        Response::Accept if state == RequestState::Pending => Ok(RequestState::Accepted),
        Response::Decline if state == RequestState::Pending => Ok(RequestState::Declined),
        Response::Withdraw if matches!(state, RequestState::Pending | RequestState::Accepted) => {
            Ok(RequestState::Withdrawn)
        }
        _ => Err(Refusal::NotPending),
    }
}

/// Requests still pending once booking has closed are expired.
pub fn is_expired(state: RequestState, closes: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    state == RequestState::Pending && now >= closes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> RequestFacts {
        RequestFacts {
            rule: WhoMeetsWho::VendorUserCompany,
            from_role: ParticipantRole::UserCompany,
            to_role: ParticipantRole::Vendor,
            to_status: ParticipantStatus::Registered,
            same_participant: false,
            existing_live_request: false,
            sent_so_far: 0,
            limit: None,
            no_thanks: false,
        }
    }

    #[test]
    fn requests_follow_the_rules_of_the_event() {
        assert_eq!(check_request(&facts()), Ok(()));
        let same_side = RequestFacts { to_role: ParticipantRole::UserCompany, ..facts() };
        assert_eq!(check_request(&same_side), Err(Refusal::NotAllowedPair));
        assert_eq!(check_request(&RequestFacts { rule: WhoMeetsWho::Anyone, ..same_side }), Ok(()));
        assert_eq!(
            check_request(&RequestFacts { sent_so_far: 2, limit: Some(2), ..facts() }),
            Err(Refusal::LimitReached)
        );
        assert_eq!(check_request(&RequestFacts { sent_so_far: 1, limit: Some(2), ..facts() }), Ok(()));
        assert_eq!(check_request(&RequestFacts { no_thanks: true, ..facts() }), Err(Refusal::NoThanks));
        assert_eq!(
            check_request(&RequestFacts { existing_live_request: true, ..facts() }),
            Err(Refusal::AlreadyRequested)
        );
        assert_eq!(check_request(&RequestFacts { same_participant: true, ..facts() }), Err(Refusal::SelfRequest));
        assert_eq!(
            check_request(&RequestFacts { to_status: ParticipantStatus::Invited, ..facts() }),
            Err(Refusal::NotRegistered)
        );
    }

    #[test]
    fn only_the_recipient_answers_and_only_the_sender_withdraws() {
        use RequestState::*;
        assert_eq!(respond(Pending, Response::Accept, true), Ok(Accepted));
        assert_eq!(respond(Pending, Response::Decline, true), Ok(Declined));
        assert_eq!(respond(Pending, Response::Accept, false), Err(Refusal::NotYours));
        assert_eq!(respond(Pending, Response::Withdraw, true), Err(Refusal::NotYours));
        assert_eq!(respond(Accepted, Response::Withdraw, false), Ok(Withdrawn));
        assert_eq!(respond(Declined, Response::Accept, true), Err(Refusal::NotPending));
        assert_eq!(respond(Expired, Response::Withdraw, false), Err(Refusal::NotPending));
    }

    #[test]
    fn the_window_and_the_status_both_gate_booking() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let (opens, closes) = (t("2026-12-01T00:00:00Z"), t("2026-12-08T00:00:00Z"));
        assert_eq!(booking_open(Status::Booking, opens, closes, t("2026-12-02T00:00:00Z")), Ok(()));
        assert_eq!(booking_open(Status::Booking, opens, closes, closes), Err(Refusal::OutsideBookingWindow));
        assert_eq!(booking_open(Status::Draft, opens, closes, t("2026-12-02T00:00:00Z")), Err(Refusal::WrongStatus));
        assert!(is_expired(RequestState::Pending, closes, closes));
        assert!(!is_expired(RequestState::Accepted, closes, closes));
        assert!(may_change_status(Status::Booking, Status::Scheduling));
        assert!(!may_change_status(Status::Scheduling, Status::Published), "publication is its own action");
        assert!(!may_change_status(Status::Draft, Status::Closed));
    }
}
