//! The principals and the key of a line: where the principals field ends,
//! which key type names a family, and the base64 key read as OpenSSH's
//! `b64_pton` reads it.

use ssh_key::PublicKey;

pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// OpenSSH's `strdelimw` on the principals field: the field (quotes taken
/// out) and where the rest of the line starts.
pub(super) fn principals_field(cp: &[u8]) -> Option<(Vec<u8>, usize)> {
    let at = cp.iter().position(|&b| is_ws(b) || b == b'"')?;
    if cp[at] == b'"' {
        let close = at + 1 + cp[at + 1..].iter().position(|&b| b == b'"')?;
        let mut field = cp[..at].to_vec();
        field.extend_from_slice(&cp[at + 1..close]);
        let rest = close + 1 + cp[close + 1..].iter().take_while(|&&b| is_ws(b)).count();
        return Some((field, rest));
    }
    let rest = at + 1 + cp[at + 1..].iter().take_while(|&&b| is_ws(b)).count();
    Some((cp[..at].to_vec(), rest))
}

/// A key type's family, by the full names OpenSSH's `sshkey_read` takes
/// (short names such as `ED25519` it does not take there).
fn key_family(name: &[u8]) -> Option<&'static str> {
    const FULL: &[(&str, &str)] = &[
        ("ssh-ed25519", "ed25519"),
        ("ssh-ed25519-cert-v01@openssh.com", "ed25519-cert"),
        ("sk-ssh-ed25519@openssh.com", "sk-ed25519"),
        ("sk-ssh-ed25519-cert-v01@openssh.com", "sk-ed25519-cert"),
        ("ssh-rsa", "rsa"),
        ("rsa-sha2-256", "rsa"),
        ("rsa-sha2-512", "rsa"),
        ("ssh-rsa-cert-v01@openssh.com", "rsa-cert"),
        ("rsa-sha2-256-cert-v01@openssh.com", "rsa-cert"),
        ("rsa-sha2-512-cert-v01@openssh.com", "rsa-cert"),
        ("ssh-dss", "dsa"),
        ("ssh-dss-cert-v01@openssh.com", "dsa-cert"),
        ("ecdsa-sha2-nistp256", "ecdsa"),
        ("ecdsa-sha2-nistp384", "ecdsa"),
        ("ecdsa-sha2-nistp521", "ecdsa"),
        ("ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-cert"),
        ("ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-cert"),
        ("ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-cert"),
        ("sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa"),
        ("webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa"),
        (
            "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "sk-ecdsa-cert",
        ),
    ];
    FULL.iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, f)| *f)
}

/// What OpenSSH's `sshkey_read` makes of the start of `cp`.
pub(super) enum KeyRead {
    /// Not a key: OpenSSH then reads options first.
    No,
    Key(PublicKey),
    /// A key OpenSSH reads that never signs a review.
    Unused(String),
}

pub(super) fn read_key(cp: &[u8]) -> KeyRead {
    let Some(space) = cp.iter().position(|&b| b == b' ' || b == b'\t') else {
        return KeyRead::No;
    };
    let name = &cp[..space];
    let Some(family) = key_family(name) else {
        return KeyRead::No;
    };
    let start = space
        + cp[space..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
    if start >= cp.len() {
        return KeyRead::No;
    }
    let end = start
        + cp[start..]
            .iter()
            .position(|&b| b == b' ' || b == b'\t')
            .unwrap_or(cp.len() - start);
    let Some(blob) = b64_decode(&cp[start..end]) else {
        return KeyRead::No;
    };
    // The blob names its own type: it must be of the family the line says.
    let Some(len) = blob
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    else {
        return KeyRead::No;
    };
    let Some(inner) = blob.get(4..4 + len) else {
        return KeyRead::No;
    };
    if key_family(inner) != Some(family) {
        return KeyRead::No;
    }
    if family != "ed25519" {
        return KeyRead::Unused(String::from_utf8_lossy(name).into_owned());
    }
    match PublicKey::from_bytes(&blob) {
        Ok(k) => KeyRead::Key(k),
        Err(_) => KeyRead::No,
    }
}

/// OpenSSH's `b64_pton`: white space anywhere is skipped, padding is
/// checked, and the bits past the last byte must be zero.
pub fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut state) = (0u32, 0u8);
    let mut i = 0;
    let mut padded = false;
    while i < s.len() && s[i] != 0 {
        let c = s[i];
        i += 1;
        if space(c) {
            continue;
        }
        if c == b'=' {
            padded = true;
            break;
        }
        acc = (acc << 6) | value(c)?;
        state += 1;
        if state == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            state = 0;
        }
    }
    if !padded {
        return (state == 0).then_some(out);
    }
    let rest = |from: usize| s[from..].iter().take_while(|&&c| c != 0);
    match state {
        2 => {
            // A second `=`, after any white space; then only white space.
            let mut r = rest(i).copied().skip_while(|&c| space(c));
            if r.next() != Some(b'=') || !r.all(space) {
                return None;
            }
            if acc & 0x0f != 0 {
                return None;
            }
            out.push((acc >> 4) as u8);
        }
        3 => {
            if !rest(i).all(|&c| space(c)) || acc & 0x03 != 0 {
                return None;
            }
            out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
        }
        _ => return None,
    }
    Some(out)
}
