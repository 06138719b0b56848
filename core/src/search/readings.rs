//! Cluster names in pinyin: full syllables and initials, with the readings
//! of place names and domain words that differ from the characters' most
//! common ones (长阳 is cháng yáng, not zhǎng yáng; 曾都 is zēng dū).

use pinyin::ToPinyin;

/// Phrases whose reading differs from the characters' most common readings.
pub(super) const PHRASES: &[(&str, &[&str])] = &[
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
pub(super) fn starts_phrase(c: char) -> bool {
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
