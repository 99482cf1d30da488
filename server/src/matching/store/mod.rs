//! The database side of matching: facts for the engine, proposals, lifecycle transitions, who to
//! mail and what.

pub mod facts;
pub mod notify;
pub mod outcomes;
pub mod people;
pub mod proposals;
pub mod transitions;
