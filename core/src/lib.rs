//! pingshen-core: everything of pingshen (评审) but the terminal.
//!
//! This crate has no ratatui or crossterm dependency, so the compiler keeps
//! the core from reaching the UI. It reads the review
//! bundle (`bundle`), the SQLite store (`store`), search (`search`), rubric
//! rules and reviews (`review`), signed review files (`sign`) and the rendering
//! of lookups for the shell (`lookup`).

pub mod bundle;
pub mod config;
pub mod digest;
pub mod handover;
pub mod i18n;
pub mod json;
pub mod lookup;
pub mod merge;
pub mod model;
pub mod platform;
pub mod preview;
pub mod print;
pub mod private;
pub mod progress;
pub mod review;
pub mod search;
pub mod session;
pub mod sign;
pub mod store;
pub mod text;
pub mod trace;
