//! OpenSSH's pattern lists (match.c): comma-separated, byte by byte,
//! `*` any run, `?` one byte, `!` excludes.

/// OpenSSH's `match_pattern`: `*` any run of bytes, `?` one byte.
pub fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < text.len() {
        if pi < pattern.len() && (pattern[pi] == b'?' || pattern[pi] == text[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < pattern.len() && pattern[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < pattern.len() && pattern[pi] == b'*' {
        pi += 1;
    }
    pi == pattern.len()
}

/// OpenSSH's `match_pattern_list`: whether `text` matches a pattern of the
/// comma-separated `list` and none of its `!` patterns.
pub fn matches_list(text: &[u8], list: &[u8]) -> bool {
    let mut yes = false;
    let mut i = 0;
    while i < list.len() {
        let negated = list[i] == b'!';
        if negated {
            i += 1;
        }
        let end = i + list[i..]
            .iter()
            .position(|&b| b == b',')
            .unwrap_or(list.len() - i);
        let sub = &list[i..end];
        // OpenSSH gives up on a pattern of 1,023 bytes or more.
        if sub.len() >= 1023 {
            return false;
        }
        i = if end < list.len() { end + 1 } else { end };
        if glob(sub, text) {
            if negated {
                return false;
            }
            yes = true;
        }
    }
    yes
}
