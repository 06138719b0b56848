//! A table as CSV; a text cell Excel or WPS would run as a formula starts
//! with `'` unless the caller asks for the cells exactly as they are.

use super::tables::{Cell, Table};

pub(super) fn csv(t: &Table, safe: bool) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = t
        .headers
        .iter()
        .map(|h| field(&Cell::Text(h.clone()).csv(safe)))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in &t.rows {
        out.push_str(
            &row.iter()
                .map(|c| field(&c.csv(safe)))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}
