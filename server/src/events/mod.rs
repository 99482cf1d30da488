//! Matching events (商談会): vendors with verified products and user companies meet in short 1:1
//! meetings at tables, slot after slot. This capability will own the events, their requests and
//! their rooms; it starts with the pure meeting scheduler, which turns accepted requests into a
//! timetable that double-books nobody, fits the tables, respects everyone's unavailable slots and
//! uses as few slots as possible.

pub mod scheduler;
