//! colapla (コラプラ): the collaboration platform where vendors list security products that passed
//! expert evaluation, small firms post needs, a matching engine pairs them, and organisers run
//! working groups and matching events.
//!
//! One folder a capability (`catalog`, `rooms`, …), each owning its pure logic, storage and
//! routes; shared wiring in `config`, `http`, `ui`, `i18n`, `ops`.

pub mod bus;
pub mod calendar;
pub mod case_studies;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod console;
pub mod db;
pub mod demo;
pub mod events;
pub mod home;
pub mod http;
pub mod i18n;
pub mod identity;
pub mod mail;
pub mod matching;
pub mod ops;
pub mod reference;
pub mod rooms;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod ui;
