//! Fuzzy matching over cluster names, ids, prefectures and pinyin, shared by
//! `find` and the TUI.
//!
//! Pinyin comes from the `pinyin` crate, which gives each character its most
//! common reading; place names and a few domain words read differently
//! (长阳 is cháng yáng, not zhǎng yáng; 曾都 is zēng dū), so phrases are
//! looked up first.

mod readings;

#[cfg(test)]
mod tests;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub use readings::{romanize, syllable_match};

// Scores, best first: an exact id (1,000,000) or its start (500,000), then
// what people mean (whole, from the start, within), scattered letters last.
const INITIALS_WHOLE: i64 = 100_000;

const NAME_WHOLE: i64 = 100_000;

const NAME_START: i64 = 60_000;

const INITIALS_START: i64 = 60_000;

const PINYIN_START: i64 = 60_000;

const PREFECTURE: i64 = 45_000;

const NAME_WITHIN: i64 = 40_000;

const INITIALS_WITHIN: i64 = 30_000;

const PINYIN_WITHIN: i64 = 30_000;

/// The most a scattered (fuzzy) match scores.
const SCATTERED: i64 = 10_000;

/// True when the ASCII `query`'s bytes occur in `text` in order (case
/// ignored): a cheap test every fuzzy match passes.
fn in_order(text: &str, query: &str) -> bool {
    let t = text.as_bytes();
    let mut at = 0;
    for q in query.bytes() {
        let (lower, upper) = (q.to_ascii_lowercase(), q.to_ascii_uppercase());
        match memchr::memchr2(lower, upper, &t[at..]) {
            Some(i) => at += i + 1,
            None => return false,
        }
    }
    true
}

/// What a search runs over.
pub trait Searchable {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn prefecture(&self) -> &str;
    fn pinyin(&self) -> &str;
    fn initials(&self) -> &str;
    /// The [`letters`] of id, pinyin and initials, kept by long lists so that
    /// most entries are passed over with one comparison; 0 when not kept.
    fn letters(&self) -> u64 {
        0
    }
    /// The same of id and initials only, for queries too short to be
    /// looked for in the full pinyin: most entries are passed over then too.
    fn short_letters(&self) -> u64 {
        0
    }
}

/// A bit for each ASCII letter and digit in `text`, case ignored.
pub(crate) fn letters(text: &str) -> u64 {
    text.bytes().fold(0, |m, b| m | letter_bit(b))
}

fn letter_bit(b: u8) -> u64 {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => 1 << (c - b'a'),
        c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
        _ => 0,
    }
}

/// An evidence title, for search.
#[derive(Clone, Debug)]
pub struct TitleRow {
    pub cluster: String,
    pub seq: u32,
    pub title: String,
    pub pinyin: String,
    pub initials: String,
    /// [`letters`] of cluster id, pinyin and initials.
    pub letters: u64,
    /// The same of cluster id and initials only.
    pub short_letters: u64,
}

impl TitleRow {
    /// A title romanized, with the letters it can match kept.
    pub fn new(cluster: String, seq: u32, title: String) -> TitleRow {
        let (pinyin, initials) = romanize(&title);
        let id = letters(&cluster);
        TitleRow {
            // Initials are letters of the pinyin: covered.
            letters: id | letters(&pinyin),
            short_letters: id | letters(&initials),
            cluster,
            seq,
            title,
            pinyin,
            initials,
        }
    }
}

impl Searchable for TitleRow {
    fn id(&self) -> &str {
        &self.cluster
    }
    fn name(&self) -> &str {
        &self.title
    }
    fn prefecture(&self) -> &str {
        ""
    }
    fn pinyin(&self) -> &str {
        &self.pinyin
    }
    fn initials(&self) -> &str {
        &self.initials
    }
    fn letters(&self) -> u64 {
        self.letters
    }
    fn short_letters(&self) -> u64 {
        self.short_letters
    }
}

/// A reusable matcher.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }
}

impl Matcher {
    /// The score of one entry for a query, or `None` when it does not match.
    pub fn score<T: Searchable>(&self, entry: &T, query: &str) -> Option<i64> {
        self.score_prepared(entry, &crate::text::fold(query).to_lowercase())
    }

    /// The score for a query already folded and lower-cased (once per
    /// search, not once per entry).
    fn score_prepared<T: Searchable>(&self, entry: &T, q: &str) -> Option<i64> {
        if q.is_empty() {
            return Some(0);
        }
        let id = entry.id();
        let mut best: Option<i64> = None;
        let mut consider = |s: Option<i64>| {
            if let Some(s) = s {
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        };
        // An exact id, or the start of one, beats any fuzzy hit.
        if id.eq_ignore_ascii_case(q) {
            consider(Some(1_000_000));
        } else if id.len() >= q.len()
            && id.is_char_boundary(q.len())
            && id[..q.len()].eq_ignore_ascii_case(q)
        {
            consider(Some(500_000));
        }
        if q.is_ascii() {
            // Two letters scattered through a whole pinyin spelling match
            // nearly anything: full pinyin counts from three letters on.
            let full = q.len() >= 3;
            let needed = letters(q);
            let kept = if full {
                entry.letters()
            } else {
                entry.short_letters()
            };
            if kept != 0 && kept & needed != needed {
                return best;
            }
            // The id, scattered (ids are short: "kh4213").
            if in_order(id, q) {
                consider(self.skim.fuzzy_match(id, q));
            }
            // Initials: whole, from the start, anywhere, or scattered
            // (people shorten: szzyc for 随州专用(汽)车).
            let initials = entry.initials();
            if initials.eq_ignore_ascii_case(q) {
                consider(Some(INITIALS_WHOLE));
            } else if initials.starts_with(q) {
                consider(Some(INITIALS_START + q.len() as i64));
            } else if initials.contains(q) {
                consider(Some(INITIALS_WITHIN + q.len() as i64));
            } else if initials.as_bytes().first() == q.as_bytes().first() && in_order(initials, q) {
                // Scattered, but from the first syllable: how names are
                // shortened (szzyc), not letters found here and there (zzz).
                consider(self.skim.fuzzy_match(initials, q).map(|s| s.min(SCATTERED)));
            }
            // Pinyin: only as people type it, the start of each syllable
            // of a run of syllables (suizhou, suiz, zhuanyong) — never
            // letters scattered through the spelling (zzz).
            if full && in_order(entry.pinyin(), q) {
                match syllable_match(entry.name(), q) {
                    Some(0) => consider(Some(PINYIN_START + q.len() as i64)),
                    Some(k) => consider(Some(PINYIN_WITHIN - k as i64 + q.len() as i64)),
                    None => {}
                }
            }
            // The prefecture by its pinyin (suizhou: every 随州 cluster).
            let pref = entry.prefecture();
            if full && !pref.is_empty() && syllable_match(pref, q) == Some(0) {
                consider(Some(PREFECTURE + q.len() as i64));
            }
        } else {
            let name = entry.name();
            let ql = q.chars().count() as i64;
            if name == q {
                consider(Some(NAME_WHOLE));
            } else if name.starts_with(q) {
                consider(Some(NAME_START + ql));
            } else if name.contains(q) {
                consider(Some(NAME_WITHIN + ql));
            }
            let pref = entry.prefecture();
            if !pref.is_empty() && (pref.starts_with(q) || q.starts_with(pref)) {
                let both = format!("{pref}{name}");
                if both.contains(q) {
                    consider(Some(PREFECTURE + ql));
                }
            }
            // Scattered characters (专用车 for 专用汽车) rank below any
            // that stand together.
            consider(self.skim.fuzzy_match(id, q).map(|s| s.min(SCATTERED)));
            consider(self.skim.fuzzy_match(name, q).map(|s| s.min(SCATTERED)));
        }
        best
    }
    /// Indices of the entries that match, best first (ties in input order).
    pub fn rank<T: Searchable + Sync>(&self, entries: &[T], query: &str) -> Vec<(usize, i64)> {
        let mut hits = self.matches(entries, None, query);
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        hits
    }

    /// Every entry that matches, with its score, in input order: among all
    /// entries (`None`), or among some only (a query that extends the last
    /// one can only match what the last one matched). Long lists are scored
    /// on every core.
    ///
    /// Nothing is copied that need not be: the first keystroke to look at
    /// every evidence title of a national bundle touches megabytes of fresh
    /// memory otherwise, and fresh memory is slow to come by.
    pub fn matches<T: Searchable + Sync>(
        &self,
        entries: &[T],
        among: Option<&[usize]>,
        query: &str,
    ) -> Vec<(usize, i64)> {
        let q = crate::text::fold(query).to_lowercase();
        let n = among.map_or(entries.len(), <[usize]>::len);
        let score = |part: std::ops::Range<usize>| -> Vec<(usize, i64)> {
            let mut out = Vec::with_capacity(part.len().min(4096));
            for k in part {
                let i = among.map_or(k, |a| a[k]);
                if let Some(s) = entries.get(i).and_then(|e| self.score_prepared(e, &q)) {
                    out.push((i, s));
                }
            }
            out
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if threads <= 1 || n < 20_000 {
            return score(0..n);
        }
        let chunk = n.div_ceil(threads);
        let parts: Vec<Vec<(usize, i64)>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| s.spawn(move || score(start..(start + chunk).min(n))))
                .collect();
            handles
                .into_iter()
                // A scorer that failed is not "no hits": the failure goes on.
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.extend(part);
        }
        all
    }
}
