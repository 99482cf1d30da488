//! Matching: pairing small firms' needs with products that hold a current green or blue
//! verification, with the reasons for each pair.

pub mod engine;
