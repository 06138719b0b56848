//! The cases, one kind of mess each, by what they try.

mod figures;
mod headers;
mod sheets;

use super::Case;

pub(crate) fn cases() -> Vec<Case> {
    let mut out = sheets::cases();
    out.extend(headers::cases());
    out.extend(figures::cases());
    out
}
