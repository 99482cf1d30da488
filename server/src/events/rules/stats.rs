//! An event's numbers for the organiser: requests and how they ended, the acceptance rate,
//! meetings scheduled and held, and what came of them. Pure.

use entities::meeting::{MeetingOutcome, MeetingStatus};
use entities::meeting_request::MeetingRequestState as RequestState;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EventNumbers {
    pub participants: usize,
    pub requests: usize,
    pub pending: usize,
    pub accepted: usize,
    pub declined: usize,
    pub expired: usize,
    pub withdrawn: usize,
    /// Accepted among the requests that were answered or ran out (withdrawn and pending left
    /// out), in percent with one decimal; `None` before any.
    pub acceptance_rate_percent: Option<f64>,
    /// Meetings with a slot on the (draft or published) schedule.
    pub meetings_scheduled: usize,
    pub meetings_held: usize,
    pub outcomes: OutcomeCounts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutcomeCounts {
    pub no_contact: usize,
    pub negotiating: usize,
    pub agreement: usize,
    /// Held meetings nobody has reported on yet.
    pub unanswered: usize,
}

/// A meeting as counted: whether it has a slot, its status and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingFacts {
    pub placed: bool,
    pub status: MeetingStatus,
    pub outcome: Option<MeetingOutcome>,
}

pub fn numbers(participants: usize, requests: &[RequestState], meetings: &[MeetingFacts]) -> EventNumbers {
    let count = |state: RequestState| requests.iter().filter(|s| **s == state).count();
    let (accepted, declined, expired) =
        (count(RequestState::Accepted), count(RequestState::Declined), count(RequestState::Expired));
    let decided = accepted + declined + expired;
    let acceptance_rate_percent = (decided > 0).then(|| {
        let per_mille = (accepted * 1000 + decided / 2) / decided;
        per_mille as f64 / 10.0
    });
    let mut outcomes = OutcomeCounts::default();
    let held: Vec<&MeetingFacts> = meetings.iter().filter(|m| m.status == MeetingStatus::Held).collect();
    for m in meetings.iter().filter(|m| m.status != MeetingStatus::Cancelled) {
        match m.outcome {
            Some(MeetingOutcome::NoContact) => outcomes.no_contact += 1,
            Some(MeetingOutcome::Negotiating) => outcomes.negotiating += 1,
            Some(MeetingOutcome::Agreement) => outcomes.agreement += 1,
            None if m.status == MeetingStatus::Held => outcomes.unanswered += 1,
            None => {}
        }
    }
    EventNumbers {
        participants,
        requests: requests.len(),
        pending: count(RequestState::Pending),
        accepted,
        declined,
        expired,
        withdrawn: count(RequestState::Withdrawn),
        acceptance_rate_percent,
        meetings_scheduled: meetings.iter().filter(|m| m.placed && m.status != MeetingStatus::Cancelled).count(),
        meetings_held: held.len(),
        outcomes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_add_up() {
        use RequestState::*;
        let requests = [Accepted, Accepted, Declined, Expired, Withdrawn, Pending];
        let held = |outcome| MeetingFacts { placed: true, status: MeetingStatus::Held, outcome };
        let meetings = [
            held(Some(MeetingOutcome::Agreement)),
            held(None),
            MeetingFacts { placed: false, status: MeetingStatus::Cancelled, outcome: None },
        ];
        let n = numbers(4, &requests, &meetings);
        assert_eq!((n.requests, n.accepted, n.declined, n.expired, n.withdrawn, n.pending), (6, 2, 1, 1, 1, 1));
        assert_eq!(n.acceptance_rate_percent, Some(50.0));
        assert_eq!((n.meetings_scheduled, n.meetings_held), (2, 2));
        assert_eq!(n.outcomes, OutcomeCounts { agreement: 1, unanswered: 1, ..OutcomeCounts::default() });
        assert_eq!(numbers(0, &[], &[]).acceptance_rate_percent, None);
        let third = numbers(0, &[Accepted, Declined, Declined], &[]);
        assert_eq!(third.acceptance_rate_percent, Some(33.3));
    }
}
