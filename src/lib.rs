//! pingshen (评审): expert review of provincial industrial-cluster submissions.
//!
//! The library holds everything but the terminal UI: reading the review
//! bundle (`bundle`), the SQLite store (`store`), search (`search`), rubric
//! rules and reviews (`review`), signed review files (`sign`) and the rendering
//! of lookups for the shell (`lookup`).

pub mod bundle;
pub mod config;
pub mod digest;
#[doc(hidden)]
pub mod fuzz;
pub mod handover;
pub mod i18n;
pub mod json;
pub mod lookup;
pub mod merge;
pub mod model;
pub mod preview;
pub mod print;
pub mod private;
pub mod review;
pub mod search;
pub mod session;
pub mod sign;
pub mod store;
pub mod text;
pub mod trace;
pub mod tui;
