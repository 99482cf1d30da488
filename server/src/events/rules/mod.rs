//! The pure rules of matching events: the event form and its slots ([`setup`]), the life of an
//! event and of its requests ([`flow`]), who may do what ([`access`]), when mail is due
//! ([`reminders`]) and the organiser's numbers ([`stats`]). No actix, no sea-orm.

pub mod access;
pub mod flow;
pub mod reminders;
pub mod setup;
pub mod stats;
