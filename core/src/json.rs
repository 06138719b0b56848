//! JSON for the shell: what `--json` prints is read by scripts and, as
//! often, by a person in a terminal. Every character that must not reach a
//! terminal raw (C0 and C1 controls, DEL, bidirectional overrides) is
//! written as a `\uXXXX` escape — serde_json escapes only C0 — and numbers
//! are the decimals shown on screen, not a float's binary expansion.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::text::is_dangerous;

/// `value` as pretty JSON with every dangerous character escaped.
pub(crate) fn to_string_inert<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(escape(&text))
}

/// Writes `value` as pretty JSON and a line break, escaped as
/// [`to_string_inert`] does.
pub fn write_inert<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let text = to_string_inert(value).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")
}

/// Escapes the dangerous characters of JSON text. They can stand only
/// inside strings (the layout uses spaces and line breaks, and serde_json
/// has escaped C0 already), where `\uXXXX` means the same character.
fn escape(text: &str) -> String {
    if !text.chars().any(|c| c != '\n' && is_dangerous(c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && is_dangerous(c) {
            // Every dangerous character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A percentage as shown on screen: one decimal (`16.5`, not
/// `16.49999970229111`).
pub(crate) fn one_decimal<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_f64((x * 10.0).round() / 10.0),
        _ => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_c1_controls_are_escaped_and_the_json_still_reads() {
        let v = serde_json::json!({
            "name": "集群\u{202e}txt.exe\u{9b}2J\u{7f}\u{1b}",
            "n": 1,
        });
        let text = to_string_inert(&v).unwrap();
        assert!(text.contains("\\u202e") && text.contains("\\u009b") && text.contains("\\u007f"));
        assert!(
            !text.chars().any(|c| c != '\n' && is_dangerous(c)),
            "{text:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v, "the same value once read");
    }

    #[test]
    fn percentages_have_the_decimal_shown() {
        #[derive(Serialize)]
        struct P {
            #[serde(serialize_with = "one_decimal")]
            g: Option<f64>,
        }
        let j = |g| serde_json::to_string(&P { g }).unwrap();
        assert_eq!(j(Some(16.49999970229111)), r#"{"g":16.5}"#);
        assert_eq!(j(Some(-2.5)), r#"{"g":-2.5}"#);
        assert_eq!(j(Some(f64::NAN)), r#"{"g":null}"#);
        assert_eq!(j(None), r#"{"g":null}"#);
    }
}
