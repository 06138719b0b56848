//! Figures as prefectures type them: a deterministic random source, money
//! in 万元 or 亿元, as numbers or text with separators or full-width digits.

use pingshen_core::bundle::template::Cell;

/// A small deterministic generator (SplitMix64), so the data never depends
/// on a crate's algorithm changing.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Figures of one assessed cluster, in yuan / persons: (previous, current) per indicator.
pub(super) fn figures(rng: &mut Rng, scale: i64) -> [(i64, i64); 4] {
    // Money to the hundredth of a 万元 (100 yuan), as the statistics report it.
    let grow = |rng: &mut Rng, prev: i64, quantum: i64| {
        let cur = prev + prev * rng.range(-40, 250) / 1000;
        cur / quantum * quantum
    };
    let sales = rng.range(150_000, 3_000_000) * scale * WAN;
    let jobs = rng.range(2_000, 40_000);
    let invest = rng.range(20_000, 600_000) * WAN;
    let taxes = rng.range(5_000, 200_000) * WAN;
    let mut out = [(0, 0); 4];
    for (i, prev) in [sales, jobs, invest, taxes].into_iter().enumerate() {
        out[i] = (prev, grow(rng, prev, if i == 1 { 1 } else { 100 }));
    }
    out
}

/// Yuan in a 万元.
pub(super) const WAN: i64 = 10_000;

/// How a prefecture writes numbers into its workbook.
#[derive(Clone, Copy)]
pub(super) enum Style {
    /// The official template, numbers as numbers.
    Official,
    /// Numbers typed as text with thousands separators.
    TextNumbers,
    /// Full-width digits typed as text.
    FullWidth,
}

pub(super) fn money_cell(yuan: i64, style: Style, unit: i64) -> Cell {
    let v = yuan as f64 / unit as f64;
    match style {
        Style::Official => Cell::Number(v),
        Style::TextNumbers => Cell::Text(group(&format_amount(yuan, unit))),
        Style::FullWidth => Cell::Text(full_width(&format_amount(yuan, unit))),
    }
}

fn format_amount(yuan: i64, unit: i64) -> String {
    let int = yuan / unit;
    let frac = (yuan % unit).abs();
    if frac == 0 {
        int.to_string()
    } else {
        let digits = unit.to_string().len() - 1;
        let f = format!("{frac:0digits$}");
        format!("{int}.{}", f.trim_end_matches('0'))
    }
}

fn group(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let grouped = pingshen_core::model::group_thousands(digits.parse().unwrap_or(0));
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}
