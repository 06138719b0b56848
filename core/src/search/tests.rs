use super::readings::*;
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
            "sz", "zs", "ss", "kh", "qc", "sn", "ns", "jq", "szz", "szzyc", "suiz", "zhuan", "ppj",
            "pinpai", "4213", "46", "lsp", "lvse",
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
