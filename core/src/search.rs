//! Fuzzy matching over cluster names, ids, prefectures and pinyin, shared by
//! `find` and the TUI.
//!
//! Pinyin comes from the `pinyin` crate, which gives each character its most
//! common reading; place names and a few domain words read differently
//! (长阳 is cháng yáng, not zhǎng yáng; 曾都 is zēng dū), so phrases are
//! looked up first.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use pinyin::ToPinyin;

/// Phrases whose reading differs from the characters' most common readings.
const PHRASES: &[(&str, &[&str])] = &[
    ("长阳", &["chang", "yang"]),
    ("长江", &["chang", "jiang"]),
    ("长沙", &["chang", "sha"]),
    ("长春", &["chang", "chun"]),
    ("长丰", &["chang", "feng"]),
    ("长治", &["chang", "zhi"]),
    ("长兴", &["chang", "xing"]),
    ("曾都", &["zeng", "du"]),
    ("曾家", &["zeng", "jia"]),
    ("重庆", &["chong", "qing"]),
    ("重点", &["zhong", "dian"]),
    ("重型", &["zhong", "xing"]),
    ("重工", &["zhong", "gong"]),
    ("厦门", &["xia", "men"]),
    ("蚌埠", &["beng", "bu"]),
    ("六安", &["lu", "an"]),
    ("乐山", &["le", "shan"]),
    ("乐清", &["yue", "qing"]),
    ("丽水", &["li", "shui"]),
    ("东阿", &["dong", "e"]),
    ("单县", &["shan", "xian"]),
    ("番禺", &["pan", "yu"]),
    ("铅山", &["yan", "shan"]),
    ("大冶", &["da", "ye"]),
    ("行业", &["hang", "ye"]),
    ("银行", &["yin", "hang"]),
    ("调味", &["tiao", "wei"]),
    ("藏药", &["zang", "yao"]),
    ("西藏", &["xi", "zang"]),
    ("茶叶", &["cha", "ye"]),
    ("服装", &["fu", "zhuang"]),
    ("汽车", &["qi", "che"]),
    ("仔猪", &["zi", "zhu"]),
    ("朝阳", &["chao", "yang"]),
    ("乐器", &["yue", "qi"]),
    ("音乐", &["yin", "yue"]),
    ("民乐", &["min", "yue"]),
    ("声乐", &["sheng", "yue"]),
    ("长寿", &["chang", "shou"]),
    ("长城", &["chang", "cheng"]),
    ("长安", &["chang", "an"]),
    ("长乐", &["chang", "le"]),
    ("长葛", &["chang", "ge"]),
    ("长垣", &["chang", "yuan"]),
    ("长岭", &["chang", "ling"]),
    ("长宁", &["chang", "ning"]),
    ("长汀", &["chang", "ting"]),
    ("长海", &["chang", "hai"]),
    ("长途", &["chang", "tu"]),
    ("长效", &["chang", "xiao"]),
    ("长纤", &["chang", "xian"]),
    ("重化", &["zhong", "hua"]),
    ("重装", &["zhong", "zhuang"]),
    ("重卡", &["zhong", "ka"]),
    ("重载", &["zhong", "zai"]),
    ("重机", &["zhong", "ji"]),
    ("重钢", &["zhong", "gang"]),
    ("调料", &["tiao", "liao"]),
    ("调制", &["tiao", "zhi"]),
    ("空调", &["kong", "tiao"]),
    ("行政", &["xing", "zheng"]),
    ("薄膜", &["bo", "mo"]),
    ("薄板", &["bao", "ban"]),
    ("着装", &["zhuo", "zhuang"]),
    ("冶金", &["ye", "jin"]),
    ("大别山", &["da", "bie", "shan"]),
];

/// True for the first characters of [`PHRASES`] (a test keeps them in step).
fn starts_phrase(c: char) -> bool {
    matches!(
        c,
        '东' | '丽'
            | '乐'
            | '音'
            | '民'
            | '声'
            | '空'
            | '薄'
            | '着'
            | '冶'
            | '仔'
            | '六'
            | '单'
            | '厦'
            | '大'
            | '曾'
            | '服'
            | '朝'
            | '汽'
            | '番'
            | '茶'
            | '藏'
            | '蚌'
            | '行'
            | '西'
            | '调'
            | '重'
            | '铅'
            | '银'
            | '长'
    )
}

/// Calls `each` with the syllables of a name: phrases first, then each
/// character's common reading; ASCII letters and digits pass through
/// lower-cased, one syllable per run.
fn each_syllable(name: &str, mut each: impl FnMut(&str)) {
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    let mut run = String::new();
    'outer: while i < chars.len() {
        let c = chars[i];
        // Only a few characters start a phrase; most skip the table.
        if starts_phrase(c) {
            for (phrase, readings) in PHRASES {
                let n = phrase.chars().count();
                if i + n <= chars.len() && chars[i..i + n].iter().copied().eq(phrase.chars()) {
                    readings.iter().for_each(|r| each(r));
                    i += n;
                    continue 'outer;
                }
            }
        }
        if c.is_ascii_alphanumeric() {
            run.clear();
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                run.push(chars[i].to_ascii_lowercase());
                i += 1;
            }
            each(&run);
            continue;
        }
        if let Some(p) = c.to_pinyin() {
            each(p.plain());
        }
        i += 1;
    }
}

/// (full pinyin without spaces, initials) of a name, as stored for search.
pub fn romanize(name: &str) -> (String, String) {
    let mut full = String::with_capacity(name.len() * 2);
    let mut initials = String::with_capacity(name.len() / 2);
    each_syllable(name, |s| {
        full.push_str(s);
        initials.extend(s.chars().next());
    });
    (full, initials)
}

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

/// Where the ASCII query `q` is typed as pinyin of `name`: the first of a
/// run of syllables, each given by a non-empty start of it (`suiz` for
/// sui·zhou, `zhuanyong`, `szzy`), the whole query used. The syllable it
/// starts at, the earliest.
pub fn syllable_match(name: &str, q: &str) -> Option<usize> {
    let mut syllables: Vec<String> = Vec::new();
    each_syllable(name, |s| syllables.push(s.to_string()));
    fn from(s: &[String], q: &[u8]) -> bool {
        if q.is_empty() {
            return true;
        }
        let Some((first, rest)) = s.split_first() else {
            return false;
        };
        let f = first.as_bytes();
        (1..=f.len().min(q.len()))
            .rev()
            .any(|l| f[..l].eq_ignore_ascii_case(&q[..l]) && from(rest, &q[l..]))
    }
    let q = q.as_bytes();
    (0..syllables.len()).find(|&k| from(&syllables[k..], q))
}

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
pub fn letters(text: &str) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    struct E(&'static str, &'static str, &'static str);

    impl Searchable for (E, String, String) {
        fn id(&self) -> &str {
            self.0.0
        }
        fn name(&self) -> &str {
            self.0.1
        }
        fn prefecture(&self) -> &str {
            self.0.2
        }
        fn pinyin(&self) -> &str {
            &self.1
        }
        fn initials(&self) -> &str {
            &self.2
        }
    }

    fn entry(id: &'static str, name: &'static str, pref: &'static str) -> (E, String, String) {
        let (p, i) = romanize(name);
        (E(id, name, pref), p, i)
    }

    #[test]
    fn kept_letters_pass_over_only_what_would_not_match() {
        let m = Matcher::default();
        for (id, name) in [
            ("KH-4213-01", "随州专用汽车产业集群"),
            ("KH-4201-0001", "2018年度集群品牌及著名商标证书（46）"),
            ("KH-429021-01", "神农架绿色食品产业集群"),
        ] {
            // The same entry without kept letters: every check is made.
            let plain = entry(id, name, "");
            let kept = TitleRow::new(id.into(), 1, name.into());
            assert_ne!((kept.letters, kept.short_letters), (0, 0));
            for q in [
                "sz", "zs", "ss", "kh", "qc", "sn", "ns", "jq", "szz", "szzyc", "suiz", "zhuan",
                "ppj", "pinpai", "4213", "46", "lsp", "lvse",
            ] {
                assert_eq!(m.score(&kept, q), m.score(&plain, q), "{id} {q}");
            }
        }
    }

    #[test]
    fn cheap_checks_agree_with_the_fuzzy_scorer() {
        assert!(in_order("suizhouzhuanyong", "szzy"));
        assert!(in_order("KH-4213-01", "kh42"));
        assert!(!in_order("szzy", "szzyc"));
        assert!(!in_order("abc", "ca"));
        let l = letters("KH-4213");
        assert_eq!(l & letters("kh4"), letters("kh4"));
        assert_ne!(l & letters("z"), letters("z"));
        // An entry that keeps its letters is passed over exactly when the
        // fuzzy scorer would not match it either.
        let m = Matcher::default();
        let e = entry("KH-4213-01", "随州专用汽车产业集群", "随州");
        for q in ["szzyc", "kh", "zzz", "qcc", "4213"] {
            assert_eq!(
                m.score(&e, q).is_some(),
                in_order(&e.1, q) || in_order(&e.2, q) || in_order(e.0.0, q),
                "{q}"
            );
        }
    }

    #[test]
    fn phrase_starts_are_in_step_with_the_table() {
        for (p, _) in PHRASES {
            assert!(starts_phrase(p.chars().next().unwrap()), "{p}");
        }
    }

    #[test]
    fn polyphonic_place_names() {
        assert_eq!(romanize("长阳清江鱼加工产业集群").1, "cyqjyjgcyjq");
        assert_eq!(romanize("曾都汽车零部件产业集群").1, "zdqclbjcyjq");
        assert_eq!(romanize("随州专用汽车产业集群").1, "szzyqccyjq");
        assert_eq!(romanize("大冶保健酒").0, "dayebaojianjiu");
        assert_eq!(romanize("PCB电路板").1, "pdlb");
    }

    #[test]
    fn polyphonic_words_read_as_names_and_industries_read_them() {
        for (text, want) in [
            ("乐器产业集群", "yueqichanyejiqun"),
            ("重型机械", "zhongxingjixie"),
            ("长江经济带", "changjiangjingjidai"),
            ("长阳", "changyang"),
            ("曾都", "zengdu"),
            ("调味品", "tiaoweipin"),
            ("重化工", "zhonghuagong"),
            ("空调压缩机", "kongtiaoyasuoji"),
            ("音乐", "yinyue"),
        ] {
            assert_eq!(romanize(text).0, want, "{text}");
        }
    }

    #[test]
    fn what_people_type_ranks_before_what_merely_scatters() {
        let entries = vec![
            entry("KH-4205-10", "长阳清江鱼加工产业集群", "宜昌"),
            entry("KH-4210-01", "长江中游船舶产业集群", "荆州"),
            entry("KH-4201-04", "江夏装备制造产业集群", "武汉"),
            entry("KH-4213-02", "随县香菇食品加工产业集群", "随州"),
            entry("KH-4213-03", "曾都汽车零部件产业集群", "随州"),
            entry("KH-4213-01", "随州专用汽车产业集群", "随州"),
        ];
        let m = Matcher::default();
        // Characters together beat characters apart.
        let hits = m.rank(&entries, "长江");
        assert_eq!(hits.first().map(|h| h.0), Some(1), "{hits:?}");
        // Letters that are no syllables' starts find nothing.
        assert!(
            m.rank(&entries, "zzz").is_empty(),
            "{:?}",
            m.rank(&entries, "zzz")
        );
        assert!(m.rank(&entries, "xqz").is_empty());
        // A prefecture by its pinyin: every cluster of it.
        let sz: Vec<usize> = m.rank(&entries, "suizhou").iter().map(|h| h.0).collect();
        assert_eq!(sz.len(), 3, "{sz:?}");
        assert_eq!(sz[0], 5, "the one named 随州 first");
        // Syllables as typed, from their start.
        assert_eq!(m.rank(&entries, "zengdu").first().map(|h| h.0), Some(4));
        assert_eq!(m.rank(&entries, "qingjiang").first().map(|h| h.0), Some(0));
        assert_eq!(m.rank(&entries, "xianggu").first().map(|h| h.0), Some(3));
        assert_eq!(m.rank(&entries, "szzyc").first().map(|h| h.0), Some(5));
        assert_eq!(syllable_match("随州专用汽车", "suiz"), Some(0));
        assert_eq!(syllable_match("随州专用汽车", "zhuany"), Some(2));
        assert_eq!(syllable_match("随州专用汽车", "zzz"), None);
    }

    #[test]
    fn initials_find_the_cluster_first() {
        let entries = vec![
            entry("KH-4213-02", "随县香菇食品加工产业集群", "随州"),
            entry("KH-4213-01", "随州专用汽车产业集群", "随州"),
            entry("KH-4205-10", "长阳清江鱼加工产业集群", "宜昌"),
        ];
        let m = Matcher::default();
        let hits = m.rank(&entries, "szzyc");
        assert_eq!(hits.first().map(|h| h.0), Some(1));
        assert_eq!(m.rank(&entries, "cyqjy").first().map(|h| h.0), Some(2));
        assert_eq!(m.rank(&entries, "专用车").first().map(|h| h.0), Some(1));
        assert_eq!(m.rank(&entries, "kh-4205-10").first().map(|h| h.0), Some(2));
        assert_eq!(m.rank(&entries, "KH-4213").len(), 2);
        assert!(m.rank(&entries, "xyz").is_empty());
    }
}
