//! A SHA-256 digest, as the model, the manifest and review files hold
//! them: a value of the model, below the bundle format that uses it.

use std::io;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// A SHA-256 digest: 32 bytes in memory (a national manifest lists 180,000
/// of them), lower-case hex in files and on screen.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(pub [u8; 32]);

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.hex_digits();
        // Hex digits are ASCII.
        f.write_str(std::str::from_utf8(&digits).unwrap_or_default())
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl Digest {
    /// The 64 lower-case hex digits, without allocating.
    pub(crate) fn hex_digits(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[(b >> 4) as usize];
            out[2 * i + 1] = DIGITS[(b & 15) as usize];
        }
        out
    }

    /// Parses 64 hex digits.
    pub fn parse(s: &str) -> Option<Digest> {
        Self::parse_bytes(s.as_bytes())
    }

    /// [`Digest::parse`] of bytes.
    pub fn parse_bytes(b: &[u8]) -> Option<Digest> {
        if b.len() != 64 {
            return None;
        }
        // A table rather than a match: digits are random, and a branch per
        // digit mispredicts half the time (a national manifest has 11 million).
        const NIBBLE: [u8; 256] = {
            let mut t = [0xff; 256];
            let mut c = 0;
            while c < 256 {
                t[c] = match c as u8 {
                    b'0'..=b'9' => c as u8 - b'0',
                    b'a'..=b'f' => c as u8 - b'a' + 10,
                    b'A'..=b'F' => c as u8 - b'A' + 10,
                    _ => 0xff,
                };
                c += 1;
            }
            t
        };
        let mut out = [0u8; 32];
        let mut bad = 0u8;
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            let (hi, lo) = (NIBBLE[pair[0] as usize], NIBBLE[pair[1] as usize]);
            bad |= hi | lo;
            *o = hi << 4 | lo;
        }
        // Every valid nibble is below 16; 0xff marks anything else.
        (bad < 16).then_some(Digest(out))
    }
}

impl Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
        Digest::parse(&s)
            .ok_or_else(|| serde::de::Error::custom("expected 64 hex digits of a SHA-256"))
    }
}

/// SHA-256 of bytes.
pub fn sha256_bytes(bytes: &[u8]) -> Digest {
    Digest(Sha256::digest(bytes).into())
}

/// SHA-256 of what a buffered reader holds, hashed from its own buffer
/// (no copy).
pub(crate) fn sha256_buffered(r: &mut impl io::BufRead) -> io::Result<Digest> {
    let mut h = Sha256::new();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        h.update(buf);
        let n = buf.len();
        r.consume(n);
    }
    Ok(Digest(h.finalize().into()))
}
