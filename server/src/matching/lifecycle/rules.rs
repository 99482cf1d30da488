//! The match lifecycle as pure rules: which side may move a match from which stage, and where to.
//!
//! ```text
//! proposed ──interest(one side)──▶ interested ──interest(other side)──▶ introduced
//!     │                                │                                    │ meeting(at)
//!     └──────── expire (timer) ◀───────┘                                    ▼
//!                                                          meeting ──▶ trial ──▶ adopted
//! any open stage ──decline──▶ declined
//! ```
//!
//! Introduction is the moment contact details become visible to both sides; an anonymous need's
//! firm name is shown to the vendor once the firm itself has said it is interested.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a match is. Mirrors `need_match.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Proposed,
    Interested,
    Introduced,
    Meeting,
    Trial,
    Adopted,
    Declined,
    Expired,
}

impl Stage {
    /// The funnel's steps, in order (declined and expired are ends, not steps).
    pub const FUNNEL: [Stage; 6] =
        [Stage::Proposed, Stage::Interested, Stage::Introduced, Stage::Meeting, Stage::Trial, Stage::Adopted];

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Adopted | Stage::Declined | Stage::Expired)
    }

    /// Contact details are shared from the introduction on.
    pub fn contacts_shared(self) -> bool {
        matches!(self, Stage::Introduced | Stage::Meeting | Stage::Trial | Stage::Adopted)
    }

    pub fn code(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::Interested => "interested",
            Stage::Introduced => "introduced",
            Stage::Meeting => "meeting",
            Stage::Trial => "trial",
            Stage::Adopted => "adopted",
            Stage::Declined => "declined",
            Stage::Expired => "expired",
        }
    }
}

/// Who acts on a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// A member of the user company that posted the need.
    User,
    /// A member of the product's vendor.
    Vendor,
    /// A member of the organiser (the programme's secretariat), acting on either side's behalf.
    Organiser,
    /// A timer.
    System,
}

/// What someone asks to do to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// "We are interested" (each side says it for itself).
    Interest,
    /// "Not for us", from either side, at any open stage.
    Decline,
    /// A business meeting (商談) is arranged (or moved) for this time.
    Meeting { at: DateTime<Utc> },
    /// The user company starts trialling the product.
    Trial,
    /// The user company adopted the product.
    Adopt,
    /// Nothing happened in time (timer only).
    Expire,
}

/// The facts of a match the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchFacts {
    pub stage: Stage,
    pub user_interested: bool,
    pub vendor_interested: bool,
}

/// What a permitted step changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub to: Stage,
    pub user_interested: bool,
    pub vendor_interested: bool,
    /// This step introduced the two sides (contacts become visible; both are mailed).
    pub introduces: bool,
    pub meeting_at: Option<DateTime<Utc>>,
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// This side may not take this step (e.g. a vendor marking the product adopted).
    #[error("this side may not take this step")]
    NotYourStep,
    /// The step does not apply at the match's stage (e.g. a trial before any introduction).
    #[error("the step does not apply at the match's current stage")]
    WrongStage,
    /// This side already said so.
    #[error("already done")]
    AlreadyDone,
}

/// Decides whether `side` may take `step` on a match with `facts`, and what changes.
pub fn decide(facts: MatchFacts, side: Side, step: Step) -> Result<Change, Refusal> {
    use Stage::*;
    let unchanged = Change {
        to: facts.stage,
        user_interested: facts.user_interested,
        vendor_interested: facts.vendor_interested,
        introduces: false,
        meeting_at: None,
    };
    if facts.stage.is_closed() {
        return Err(Refusal::WrongStage);
    }
    match step {
        Step::Interest => {
            if !matches!(facts.stage, Proposed | Interested) {
                return Err(Refusal::WrongStage);
            }
            let (user, vendor) = match side {
                Side::User if facts.user_interested => return Err(Refusal::AlreadyDone),
                Side::Vendor if facts.vendor_interested => return Err(Refusal::AlreadyDone),
                Side::User => (true, facts.vendor_interested),
                Side::Vendor => (facts.user_interested, true),
                // Interest is each side's own word; nobody says it for them.
                Side::Organiser | Side::System => return Err(Refusal::NotYourStep),
            };
            let introduces = user && vendor;
            Ok(Change {
                to: if introduces { Introduced } else { Interested },
                user_interested: user,
                vendor_interested: vendor,
                introduces,
                meeting_at: None,
            })
        }
        Step::Decline => match side {
            Side::User | Side::Vendor | Side::Organiser => Ok(Change { to: Declined, ..unchanged }),
            Side::System => Err(Refusal::NotYourStep),
        },
        Step::Meeting { at } => {
            if side == Side::System {
                return Err(Refusal::NotYourStep);
            }
            if !matches!(facts.stage, Introduced | Meeting) {
                return Err(Refusal::WrongStage);
            }
            Ok(Change { to: Meeting, meeting_at: Some(at), ..unchanged })
        }
        Step::Trial => {
            if side == Side::System {
                return Err(Refusal::NotYourStep);
            }
            if !matches!(facts.stage, Introduced | Meeting) {
                return Err(Refusal::WrongStage);
            }
            Ok(Change { to: Trial, ..unchanged })
        }
        Step::Adopt => {
            // Only the firm (or the secretariat on its word) says it adopted a product.
            if !matches!(side, Side::User | Side::Organiser) {
                return Err(Refusal::NotYourStep);
            }
            if !matches!(facts.stage, Introduced | Meeting | Trial) {
                return Err(Refusal::WrongStage);
            }
            Ok(Change { to: Adopted, ..unchanged })
        }
        Step::Expire => {
            if side != Side::System {
                return Err(Refusal::NotYourStep);
            }
            if !matches!(facts.stage, Proposed | Interested) {
                return Err(Refusal::WrongStage);
            }
            Ok(Change { to: Expired, ..unchanged })
        }
    }
}

/// What the vendor side may see of the firm behind a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disclosure {
    /// The firm's name.
    pub firm_name: bool,
    /// E-mail addresses of the people to talk to.
    pub contacts: bool,
}

/// What the vendor sees: an anonymous need's firm stays unnamed until the firm accepts (says it is
/// interested); contacts only from the introduction on.
pub fn vendor_disclosure(need_is_named: bool, facts: MatchFacts) -> Disclosure {
    Disclosure { firm_name: need_is_named || facts.user_interested, contacts: facts.stage.contacts_shared() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stage: Stage) -> MatchFacts {
        MatchFacts { stage, user_interested: false, vendor_interested: false }
    }

    #[test]
    fn both_sides_interested_introduces_whoever_is_second() {
        let first = decide(at(Stage::Proposed), Side::Vendor, Step::Interest).unwrap();
        assert_eq!((first.to, first.introduces), (Stage::Interested, false));
        let facts = MatchFacts { stage: first.to, user_interested: false, vendor_interested: true };
        let second = decide(facts, Side::User, Step::Interest).unwrap();
        assert_eq!((second.to, second.introduces), (Stage::Introduced, true));
        assert!(second.user_interested && second.vendor_interested);
    }

    #[test]
    fn interest_is_said_once_and_only_by_the_side_itself() {
        let facts = MatchFacts { stage: Stage::Interested, user_interested: true, vendor_interested: false };
        assert_eq!(decide(facts, Side::User, Step::Interest), Err(Refusal::AlreadyDone));
        assert_eq!(decide(facts, Side::Organiser, Step::Interest), Err(Refusal::NotYourStep));
        assert_eq!(decide(facts, Side::System, Step::Interest), Err(Refusal::NotYourStep));
    }

    #[test]
    fn meetings_and_trials_need_an_introduction_first() {
        let now = Utc::now();
        for stage in [Stage::Proposed, Stage::Interested] {
            assert_eq!(decide(at(stage), Side::User, Step::Meeting { at: now }), Err(Refusal::WrongStage));
            assert_eq!(decide(at(stage), Side::Vendor, Step::Trial), Err(Refusal::WrongStage));
            assert_eq!(decide(at(stage), Side::User, Step::Adopt), Err(Refusal::WrongStage));
        }
        let meeting = decide(at(Stage::Introduced), Side::Vendor, Step::Meeting { at: now }).unwrap();
        assert_eq!((meeting.to, meeting.meeting_at), (Stage::Meeting, Some(now)));
        assert_eq!(decide(at(Stage::Meeting), Side::Vendor, Step::Trial).unwrap().to, Stage::Trial);
    }

    #[test]
    fn only_the_firm_or_the_organiser_marks_an_adoption() {
        assert_eq!(decide(at(Stage::Trial), Side::Vendor, Step::Adopt), Err(Refusal::NotYourStep));
        assert_eq!(decide(at(Stage::Trial), Side::User, Step::Adopt).unwrap().to, Stage::Adopted);
        assert_eq!(decide(at(Stage::Meeting), Side::Organiser, Step::Adopt).unwrap().to, Stage::Adopted);
    }

    #[test]
    fn closed_matches_do_not_move_and_only_timers_expire() {
        for stage in [Stage::Adopted, Stage::Declined, Stage::Expired] {
            for step in [Step::Interest, Step::Decline, Step::Trial, Step::Adopt, Step::Expire] {
                for side in [Side::User, Side::Vendor, Side::Organiser, Side::System] {
                    assert_eq!(decide(at(stage), side, step), Err(Refusal::WrongStage), "{stage:?} {side:?} {step:?}");
                }
            }
        }
        assert_eq!(decide(at(Stage::Proposed), Side::User, Step::Expire), Err(Refusal::NotYourStep));
        assert_eq!(decide(at(Stage::Interested), Side::System, Step::Expire).unwrap().to, Stage::Expired);
        assert_eq!(decide(at(Stage::Introduced), Side::System, Step::Expire), Err(Refusal::WrongStage));
        assert_eq!(decide(at(Stage::Meeting), Side::System, Step::Decline), Err(Refusal::NotYourStep));
    }

    #[test]
    fn an_anonymous_firm_is_named_only_after_it_accepts() {
        let proposed = at(Stage::Proposed);
        assert_eq!(vendor_disclosure(false, proposed), Disclosure { firm_name: false, contacts: false });
        let vendor_keen = MatchFacts { stage: Stage::Interested, user_interested: false, vendor_interested: true };
        assert!(!vendor_disclosure(false, vendor_keen).firm_name, "the vendor's own interest reveals nothing");
        let firm_keen = MatchFacts { stage: Stage::Interested, user_interested: true, vendor_interested: false };
        assert_eq!(vendor_disclosure(false, firm_keen), Disclosure { firm_name: true, contacts: false });
        let introduced = MatchFacts { stage: Stage::Introduced, user_interested: true, vendor_interested: true };
        assert_eq!(vendor_disclosure(false, introduced), Disclosure { firm_name: true, contacts: true });
        assert!(vendor_disclosure(true, proposed).firm_name, "a named need shows its firm from the start");
    }
}
