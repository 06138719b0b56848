//! Exact arithmetic on scores: every score is a whole number of hundredths
//! of a point, every mean and median an exact fraction of them, compared
//! exactly and rounded once, for display, to 0.01 point (half away from
//! zero). The standard deviation is the population one, √(nΣx² − (Σx)²)/n,
//! rounded once to 0.01 in integers alone. No binary floating point in any
//! figure, so the same inputs give the same figures on every machine.

use serde::{Deserialize, Serialize};

use crate::merge::options::{Options, Rule};
use crate::review::rubric::Points;

/// A fraction of hundredths; `den > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Ratio {
    pub num: i128,
    pub den: i128,
}

impl Default for Ratio {
    fn default() -> Ratio {
        Ratio::ZERO
    }
}

impl Ratio {
    pub(crate) const ZERO: Ratio = Ratio { num: 0, den: 1 };

    pub fn new(num: i128, den: i128) -> Ratio {
        if den < 0 {
            Ratio {
                num: -num,
                den: -den,
            }
        } else {
            Ratio { num, den }
        }
    }

    /// To whole hundredths, half away from zero.
    pub(crate) fn round(&self) -> Points {
        let (n, d) = (self.num, self.den.max(1));
        let q = if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((-2 * n + d) / (2 * d))
        };
        Points(q as i64)
    }
}

/// The figures of a set of scores (an item's, or the totals').
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub n: usize,
    pub mean: Points,
    pub median: Points,
    pub min: Points,
    pub max: Points,
    pub spread: Points,
    /// Population standard deviation.
    pub sd: Points,
    /// By the rule, to 0.01.
    pub final_score: Points,
    /// The rule applied (the mean where too few scores for trimming).
    pub rule_used: Rule,
}

/// The integer square root, rounded down.
pub(crate) fn isqrt(v: i128) -> i128 {
    if v <= 0 {
        return 0;
    }
    let mut x = (v as f64).sqrt() as i128;
    // Corrected to the exact floor whatever the float gave.
    while x * x > v {
        x -= 1;
    }
    while (x + 1) * (x + 1) <= v {
        x += 1;
    }
    x
}

impl Stats {
    /// Figures of `values` (hundredths) under the office's rule; none for
    /// no values.
    pub(crate) fn of(values: &[i64], options: &Options) -> Option<Stats> {
        if values.is_empty() {
            return None;
        }
        let mut v: Vec<i128> = values.iter().map(|&x| i128::from(x)).collect();
        v.sort_unstable();
        let n = v.len() as i128;
        let sum: i128 = v.iter().sum();
        let mean = Ratio::new(sum, n);
        let m = v.len() / 2;
        let median = if v.len() % 2 == 1 {
            Ratio::new(v[m], 1)
        } else {
            Ratio::new(v[m - 1] + v[m], 2)
        };
        let (exact, rule_used) = match options.rule {
            Rule::Mean => (mean, Rule::Mean),
            Rule::Median => (median, Rule::Median),
            Rule::Trimmed if v.len() >= options.trim_from.max(3) => {
                let inner = &v[1..v.len() - 1];
                (
                    Ratio::new(inner.iter().sum(), inner.len() as i128),
                    Rule::Trimmed,
                )
            }
            Rule::Trimmed => (mean, Rule::Mean),
        };
        let sq: i128 = v.iter().map(|x| x * x).sum();
        let var_num = n * sq - sum * sum;
        let min = v[0];
        let max = v[v.len() - 1];
        Some(Stats {
            n: v.len(),
            mean: mean.round(),
            median: median.round(),
            min: Points(min as i64),
            max: Points(max as i64),
            spread: Points((max - min) as i64),
            sd: sd(var_num, n),
            final_score: exact.round(),
            rule_used,
        })
    }
}

/// √V / n rounded once to a whole hundredth, half away from zero, in
/// integers: the q with (2q − 1)·n ≤ 2√V < (2q + 1)·n, that is
/// q = ⌊(⌊√(4V)⌋ / n + 1) / 2⌋ (for whole a, a ≤ √X ⟺ a ≤ ⌊√X⌋).
fn sd(v: i128, n: i128) -> Points {
    let twice = isqrt(4 * v) / n.max(1);
    Points(((twice + 1) / 2) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[&str]) -> Vec<i64> {
        v.iter().map(|s| Points::parse(s).unwrap().0).collect()
    }

    fn opts(rule: Rule, trim_from: usize) -> Options {
        Options {
            rule,
            trim_from,
            ..Options::default()
        }
    }

    #[test]
    fn means_medians_and_trimming_by_hand() {
        // 80, 85, 90, 70, 95: mean 84, median 85, trimmed (80+85+90)/3 = 85.
        let v = pts(&["80", "85", "90", "70", "95"]);
        let s = Stats::of(&v, &opts(Rule::Trimmed, 5)).unwrap();
        assert_eq!(
            (s.mean, s.median, s.final_score),
            (Points(8400), Points(8500), Points(8500))
        );
        assert_eq!(
            (s.min, s.max, s.spread),
            (Points(7000), Points(9500), Points(2500))
        );
        assert_eq!(s.rule_used, Rule::Trimmed);
        // Below N the mean stands, and says so.
        let s = Stats::of(&v[..4], &opts(Rule::Trimmed, 5)).unwrap();
        assert_eq!((s.final_score, s.rule_used), (Points(8125), Rule::Mean));
        // Exactly N: trimmed.
        let s = Stats::of(&v[..4], &opts(Rule::Trimmed, 4)).unwrap();
        assert_eq!((s.final_score, s.rule_used), (Points(8250), Rule::Trimmed));
        // Median of an even count: the mean of the middle two.
        let s = Stats::of(&pts(&["80", "85.5"]), &opts(Rule::Median, 5)).unwrap();
        assert_eq!(s.final_score, Points(8275));
    }

    #[test]
    fn rounding_is_half_away_from_zero_once() {
        // (80 + 80 + 80.01) / 3 = 80.00333… → 80.00; (80 + 80.01) / 2 = 80.005 → 80.01.
        let s = Stats::of(&pts(&["80", "80", "80.01"]), &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.final_score, Points(8000));
        let s = Stats::of(&pts(&["80", "80.01"]), &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.final_score, Points(8001));
        assert_eq!(Ratio::new(-5, 2).round(), Points(-3));
    }

    #[test]
    fn standard_deviation_in_integers() {
        // 70, 90: population sd 10.
        let v = pts(&["70", "90"]);
        let s = Stats::of(&v, &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.sd, Points(1000));
        // Rounded once: 0, 0, 8.71 have an sd of 4.10593… points, shown
        // 4.11 (a root rounded down first, then rounded, showed 4.10).
        let s = Stats::of(&[0, 0, 871], &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.sd, Points(411));
        // Exactly half a hundredth rounds away from zero: 0 and 1 → 0.5 → 1.
        let s = Stats::of(&[0, 1], &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.sd, Points(1));
        // Just under a half rounds down: 0, 0, 1 → √2/3 = 0.471…
        let s = Stats::of(&[0, 0, 1], &opts(Rule::Mean, 5)).unwrap();
        assert_eq!(s.sd, Points(0));
        assert_eq!(isqrt(99), 9);
        assert_eq!(isqrt(100), 10);
        assert_eq!(isqrt(i128::from(i64::MAX)), 3_037_000_499);
    }
}
