//! Rubric rules and the automatic checks shown beside the scores: pure
//! functions of the figures, shared by `show`, the TUI and the merge.

pub mod conditions;
pub mod decision;
pub mod documents;
pub mod rubric;
pub mod score;
