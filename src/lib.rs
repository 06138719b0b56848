//! pingshen (评审): expert review of provincial industrial-cluster submissions.
//!
//! The binary crate: the terminal UI (`tui`) and the command line on top of
//! `pingshen-core`, which holds everything else and is re-exported here so
//! `pingshen::store`, `pingshen::bundle` and the rest keep their paths.

pub use pingshen_core::*;

#[doc(hidden)]
pub mod fuzz;
pub mod tui;
