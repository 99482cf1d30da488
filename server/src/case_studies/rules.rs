//! Who may do what to a case study (導入事例), and which status it moves to, pure.
//!
//! The path: the vendor (or the organiser) drafts one from an adopted match; the vendor edits it and
//! submits it; a member of the user company approves it (or sends it back to draft); the organiser
//! publishes it. Publication needs the user company's approval: only an `approved` case carrying
//! the approving member can be published. The user company may withdraw it at any time.

use serde::Serialize;

/// A case study's status (mirrors `entities::case_study::CaseStudyStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    AwaitingApproval,
    Approved,
    Published,
    Withdrawn,
}

/// How the actor stands to one case study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Party {
    /// A member of the product's vendor.
    pub vendor: bool,
    /// A member of the user company that adopted the product.
    pub user_company: bool,
    pub organiser: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Edit,
    Submit,
    Approve,
    SendBack,
    Publish,
    Withdraw,
}

impl Command {
    pub const ALL: [Command; 6] =
        [Command::Edit, Command::Submit, Command::Approve, Command::SendBack, Command::Publish, Command::Withdraw];

    /// The action as written in URLs (`/case-studies/{id}/{action}`); editing has its own route.
    pub fn from_action(action: &str) -> Option<Command> {
        Some(match action {
            "submit" => Command::Submit,
            "approve" => Command::Approve,
            "send-back" => Command::SendBack,
            "publish" => Command::Publish,
            "withdraw" => Command::Withdraw,
            _ => return None,
        })
    }

    pub fn action(self) -> &'static str {
        match self {
            Command::Edit => "edit",
            Command::Submit => "submit",
            Command::Approve => "approve",
            Command::SendBack => "send-back",
            Command::Publish => "publish",
            Command::Withdraw => "withdraw",
        }
    }
}

/// Why a command is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not see the case study at all (404).
    Hidden,
    /// The actor sees it but this is not theirs to do (403).
    NotYours,
    /// Theirs to do, but not in this status (409).
    WrongStatus,
}

/// Who may see a case study: everyone once published; before (and after withdrawal) only the
/// vendor, the user company and the organiser.
pub fn may_view(party: Party, status: Status) -> bool {
    status == Status::Published || party.vendor || party.user_company || party.organiser
}

/// Drafting from a match: the product's vendor or the organiser, and only for an adopted match.
pub fn may_draft(party: Party, adopted: bool) -> Result<(), Refusal> {
    if !(party.vendor || party.organiser) {
        return Err(Refusal::NotYours);
    }
    if adopted { Ok(()) } else { Err(Refusal::WrongStatus) }
}

/// The status `command` leads to from `status`, for this party. `approved_by_member` says whether
/// the stored case names the user-company member who approved it.
pub fn next(party: Party, status: Status, command: Command, approved_by_member: bool) -> Result<Status, Refusal> {
    if !may_view(party, status) {
        return Err(Refusal::Hidden);
    }
    let (allowed, from_ok, to) = match command {
        Command::Edit => (party.vendor, status == Status::Draft, Status::Draft),
        Command::Submit => (party.vendor, status == Status::Draft, Status::AwaitingApproval),
        Command::Approve => (party.user_company, status == Status::AwaitingApproval, Status::Approved),
        Command::SendBack => (party.user_company, status == Status::AwaitingApproval, Status::Draft),
        Command::Publish => (party.organiser, status == Status::Approved && approved_by_member, Status::Published),
        Command::Withdraw => (party.user_company, status != Status::Withdrawn, Status::Withdrawn),
    };
    if !allowed {
        Err(Refusal::NotYours)
    } else if !from_ok {
        Err(Refusal::WrongStatus)
    } else {
        Ok(to)
    }
}

/// The commands this party could take now (for the buttons on the page).
pub fn available(party: Party, status: Status, approved_by_member: bool) -> Vec<Command> {
    Command::ALL.into_iter().filter(|c| next(party, status, *c, approved_by_member).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENDOR: Party = Party { vendor: true, user_company: false, organiser: false };
    const USER: Party = Party { vendor: false, user_company: true, organiser: false };
    const ORGANISER: Party = Party { vendor: false, user_company: false, organiser: true };
    const STRANGER: Party = Party { vendor: false, user_company: false, organiser: false };

    #[test]
    fn the_happy_path_runs_vendor_user_company_organiser() {
        let s = next(VENDOR, Status::Draft, Command::Submit, false).unwrap();
        assert_eq!(s, Status::AwaitingApproval);
        let s = next(USER, s, Command::Approve, false).unwrap();
        assert_eq!(s, Status::Approved);
        assert_eq!(next(ORGANISER, s, Command::Publish, true), Ok(Status::Published));
    }

    #[test]
    fn nothing_is_published_without_the_user_companys_approval() {
        for status in [Status::Draft, Status::AwaitingApproval, Status::Withdrawn, Status::Published] {
            assert_eq!(next(ORGANISER, status, Command::Publish, true), Err(Refusal::WrongStatus), "{status:?}");
        }
        // Approved, but no approving member recorded: still not publishable.
        assert_eq!(next(ORGANISER, Status::Approved, Command::Publish, false), Err(Refusal::WrongStatus));
        // Only the organiser publishes; the vendor cannot approve for the user company.
        assert_eq!(next(VENDOR, Status::Approved, Command::Publish, true), Err(Refusal::NotYours));
        assert_eq!(next(VENDOR, Status::AwaitingApproval, Command::Approve, false), Err(Refusal::NotYours));
        assert_eq!(next(ORGANISER, Status::AwaitingApproval, Command::Approve, false), Err(Refusal::NotYours));
    }

    #[test]
    fn the_user_company_sends_back_or_withdraws_at_any_time() {
        assert_eq!(next(USER, Status::AwaitingApproval, Command::SendBack, false), Ok(Status::Draft));
        for status in [Status::Draft, Status::AwaitingApproval, Status::Approved, Status::Published] {
            assert_eq!(next(USER, status, Command::Withdraw, true), Ok(Status::Withdrawn));
            assert_eq!(next(VENDOR, status, Command::Withdraw, true), Err(Refusal::NotYours));
        }
        assert_eq!(next(USER, Status::Withdrawn, Command::Withdraw, true), Err(Refusal::WrongStatus));
    }

    #[test]
    fn only_the_vendor_edits_and_only_drafts() {
        assert_eq!(next(VENDOR, Status::Draft, Command::Edit, false), Ok(Status::Draft));
        assert_eq!(next(VENDOR, Status::Approved, Command::Edit, true), Err(Refusal::WrongStatus));
        assert_eq!(next(USER, Status::Draft, Command::Edit, false), Err(Refusal::NotYours));
    }

    #[test]
    fn strangers_see_only_published_cases() {
        assert_eq!(next(STRANGER, Status::Draft, Command::Approve, false), Err(Refusal::Hidden));
        assert!(may_view(STRANGER, Status::Published));
        assert!(!may_view(STRANGER, Status::Withdrawn));
        assert_eq!(next(STRANGER, Status::Published, Command::Withdraw, true), Err(Refusal::NotYours));
    }

    #[test]
    fn drafting_needs_an_adopted_match_and_the_vendor_or_organiser() {
        assert_eq!(may_draft(VENDOR, true), Ok(()));
        assert_eq!(may_draft(ORGANISER, true), Ok(()));
        assert_eq!(may_draft(USER, true), Err(Refusal::NotYours));
        assert_eq!(may_draft(VENDOR, false), Err(Refusal::WrongStatus));
        assert_eq!(
            available(USER, Status::AwaitingApproval, false),
            vec![Command::Approve, Command::SendBack, Command::Withdraw]
        );
    }
}
