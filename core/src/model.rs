//! Plain domain types shared by the bundle reader, the store, search and the UI.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A cluster's identifier as printed in the workbooks (e.g. `KH-4213-01`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClusterId(pub String);

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The two rounds of the notice: the annual assessment of existing clusters
/// (考核) and the applications of new ones (申报).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    Assessment,
    Application,
}

impl Round {
    pub const ALL: [Round; 2] = [Round::Assessment, Round::Application];

    /// Stable name used in files and the store.
    pub fn key(self) -> &'static str {
        match self {
            Round::Assessment => "assessment",
            Round::Application => "application",
        }
    }

    pub fn from_key(s: &str) -> Option<Round> {
        Round::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// An amount of money in whole yuan. Workbooks state 万元 or 亿元; the store
/// keeps yuan so that no unit is ever mixed silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Yuan(pub i64);

impl Yuan {
    pub(crate) const WAN: i64 = 10_000;
    pub(crate) const YI: i64 = 100_000_000;

    /// The amount in 万元 with up to four decimals, grouped by thousands.
    pub fn wan(self) -> String {
        scaled(self.0, Self::WAN, 4)
    }

    /// How many decimals show the amount in 万元 exactly (0 to 4).
    pub fn wan_decimals(self) -> usize {
        let mut f = self.0.unsigned_abs() % Self::WAN as u64;
        let mut d = 4;
        while d > 0 && f.is_multiple_of(10) {
            f /= 10;
            d -= 1;
        }
        if f == 0 { 0 } else { d }
    }

    /// The amount in 万元 with exactly `decimals` decimals, at least
    /// [`Yuan::wan_decimals`] (never rounded), grouped by thousands: a
    /// column of these lines up on the decimal point.
    pub fn wan_fixed(self, decimals: usize) -> String {
        let d = decimals.clamp(self.wan_decimals(), 4);
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let int = group_thousands(a / Self::WAN as u64);
        if d == 0 {
            return format!("{sign}{int}");
        }
        let frac = format!("{:04}", a % Self::WAN as u64);
        format!("{sign}{int}.{}", &frac[..d])
    }

    /// The amount in 亿元 with up to two decimals (rounded half away from zero).
    pub(crate) fn yi(self) -> String {
        let hundredths = div_round(self.0, Self::YI / 100);
        scaled(hundredths, 100, 2)
    }
}

fn div_round(v: i64, d: i64) -> i64 {
    let q = v / d;
    let r = v % d;
    if r.abs() * 2 >= d { q + v.signum() } else { q }
}

/// Formats `v / unit` exactly, trimming trailing zeros of the fraction.
fn scaled(v: i64, unit: i64, decimals: usize) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let unit = unit as u64;
    let int = group_thousands(a / unit);
    let frac = a % unit;
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let f = format!("{frac:0decimals$}");
    format!("{sign}{int}.{}", f.trim_end_matches('0'))
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The four performance indicators (业绩指标) of the assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Sales,
    Employment,
    Investment,
    Taxes,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 4] = [
        IndicatorKind::Sales,
        IndicatorKind::Employment,
        IndicatorKind::Investment,
        IndicatorKind::Taxes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IndicatorKind::Sales => "sales",
            IndicatorKind::Employment => "employment",
            IndicatorKind::Investment => "investment",
            IndicatorKind::Taxes => "taxes",
        }
    }

    pub fn from_key(s: &str) -> Option<IndicatorKind> {
        IndicatorKind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// Money indicators are stored in yuan; employment in persons.
    pub(crate) fn is_money(self) -> bool {
        self != IndicatorKind::Employment
    }
}

/// One performance indicator of a cluster: previous year, current year and
/// the increment (新增), in yuan or persons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub previous: i64,
    pub current: i64,
    pub increment: i64,
}

impl Indicator {
    /// Growth over the previous year in percent, when the previous year is positive.
    pub(crate) fn growth_pct(&self) -> Option<f64> {
        (self.previous > 0)
            .then(|| (self.current - self.previous) as f64 * 100.0 / self.previous as f64)
    }

    /// True when the stated increment is not current − previous.
    pub(crate) fn increment_mismatch(&self) -> bool {
        self.increment != self.current - self.previous
    }
}

/// A core enterprise named on an application form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreEnterprise {
    pub name: String,
    pub sales: Option<Yuan>,
}

/// The figures of an application form (申报表) that the seven conditions need.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub annual_sales: Option<Yuan>,
    pub sales_growth_pct: Option<f64>,
    pub region_growth_pct: Option<f64>,
    /// Energy per unit of industrial value added, tonnes of standard coal per 万元.
    pub energy_per_value_added: Option<f64>,
    pub local_energy_average: Option<f64>,
    pub emissions_compliant: Option<bool>,
    pub brands: Option<i64>,
    pub brand_names: String,
    pub patents: Option<i64>,
    pub rd_platforms: Option<i64>,
    pub enterprises: Option<i64>,
    pub employment: Option<i64>,
    pub park: String,
    pub contact: String,
    pub phone: String,
    pub core_enterprises: Vec<CoreEnterprise>,
}

/// A cluster under review: an assessed cluster (from 表二) or an applicant
/// (from a 申报表).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: ClusterId,
    pub round: Round,
    pub name: String,
    pub prefecture: String,
    pub county: String,
    pub industry: String,
    /// Number of above-scale enterprises (规模以上企业).
    pub above_scale: Option<i64>,
    pub indicators: Vec<Indicator>,
    pub application: Option<Application>,
    /// Bundle-relative path of the workbook the cluster was read from.
    pub source: String,
}

impl Cluster {
    pub(crate) fn indicator(&self, kind: IndicatorKind) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.kind == kind)
    }
}

/// One row of a cluster's evidence catalogue (证明材料目录).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub cluster: ClusterId,
    pub seq: u32,
    pub title: String,
    pub rubric_item: String,
    pub pages: Option<u32>,
    /// Bundle-relative path of the evidence file.
    pub path: String,
    pub sha256: crate::digest::Digest,
    pub size: u64,
}

/// The 17 prefecture-level units of Hubei, with their administrative codes
/// and the spellings people use for them.
pub const PREFECTURES: &[(&str, &str, &[&str])] = &[
    ("武汉", "4201", &["武汉市"]),
    ("黄石", "4202", &["黄石市"]),
    ("十堰", "4203", &["十堰市"]),
    ("宜昌", "4205", &["宜昌市"]),
    ("襄阳", "4206", &["襄阳市", "襄樊"]),
    ("鄂州", "4207", &["鄂州市"]),
    ("荆门", "4208", &["荆门市"]),
    ("孝感", "4209", &["孝感市"]),
    ("荆州", "4210", &["荆州市"]),
    ("黄冈", "4211", &["黄冈市"]),
    ("咸宁", "4212", &["咸宁市"]),
    ("随州", "4213", &["随州市"]),
    ("恩施州", "4228", &["恩施", "恩施土家族苗族自治州"]),
    ("仙桃", "429004", &["仙桃市"]),
    ("潜江", "429005", &["潜江市"]),
    ("天门", "429006", &["天门市"]),
    ("神农架林区", "429021", &["神农架"]),
];

/// The canonical name of a prefecture from any of its spellings.
pub(crate) fn canonical_prefecture(name: &str) -> Option<&'static str> {
    let name = name.trim();
    PREFECTURES
        .iter()
        .find(|(n, _, aliases)| *n == name || aliases.contains(&name))
        .map(|(n, _, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_in_wan_and_yi() {
        assert_eq!(Yuan(1_234_567_890).wan(), "123,456.789");
        assert_eq!(Yuan(1_860_000_000).yi(), "18.6");
        assert_eq!(Yuan(2_000_000_000).yi(), "20");
        assert_eq!(Yuan(-15_000).wan(), "-1.5");
        assert_eq!(Yuan(0).wan(), "0");
        assert_eq!(Yuan(149_999_999).yi(), "1.5");
    }

    #[test]
    fn fixed_decimals_line_up_and_never_round() {
        // -8,684 万元, 33,744.8 万元, 1,956,609.34 万元, side by side.
        let v = [Yuan(-86_840_000), Yuan(337_448_000), Yuan(19_566_093_400)];
        let d = v.iter().map(|y| y.wan_decimals()).max().unwrap();
        assert_eq!(d, 2);
        let shown: Vec<String> = v
            .iter()
            .map(|y| format!("{:>13}", y.wan_fixed(d)))
            .collect();
        assert_eq!(shown, ["    -8,684.00", "    33,744.80", " 1,956,609.34"]);
        // More decimals than asked are kept, never rounded away.
        assert_eq!(Yuan(1_234_567).wan_fixed(2), "123.4567");
        assert_eq!(Yuan(-5).wan_fixed(0), "-0.0005");
    }

    #[test]
    fn prefecture_aliases() {
        assert_eq!(canonical_prefecture("随州市"), Some("随州"));
        assert_eq!(canonical_prefecture("恩施土家族苗族自治州"), Some("恩施州"));
        assert_eq!(canonical_prefecture("北京"), None);
    }

    #[test]
    fn growth_and_mismatch() {
        let i = Indicator {
            kind: IndicatorKind::Sales,
            previous: 100,
            current: 125,
            increment: 20,
        };
        assert_eq!(i.growth_pct(), Some(25.0));
        assert!(i.increment_mismatch());
    }
}
