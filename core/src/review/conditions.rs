//! The seven application conditions of the notice, checked from the figures
//! where the notice gives a hard threshold, and the cross-checks of an
//! assessed cluster's indicators.

use serde::{Deserialize, Serialize};

use crate::i18n::{M, tr, trf};
use crate::model::{Application, Cluster, IndicatorKind, Yuan};

/// The seven conditions (申报条件) of the notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Scale,
    Distinct,
    Concentration,
    Competitive,
    Growth,
    Green,
    Smart,
}

impl Condition {
    pub const ALL: [Condition; 7] = [
        Condition::Scale,
        Condition::Distinct,
        Condition::Concentration,
        Condition::Competitive,
        Condition::Growth,
        Condition::Green,
        Condition::Smart,
    ];

    pub fn name(self) -> &'static str {
        tr(match self {
            Condition::Scale => M::CondScale,
            Condition::Distinct => M::CondDistinct,
            Condition::Concentration => M::CondConcentration,
            Condition::Competitive => M::CondCompetitive,
            Condition::Growth => M::CondGrowth,
            Condition::Green => M::CondGreen,
            Condition::Smart => M::CondSmart,
        })
    }
}

/// Annual sales "in principle over" 20亿元.
pub(crate) const SCALE_THRESHOLD: Yuan = Yuan(20 * Yuan::YI);
/// Core enterprises' annual sales of at least 1亿元.
pub(crate) const CORE_THRESHOLD: Yuan = Yuan(Yuan::YI);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

impl Status {
    pub fn name(self) -> &'static str {
        tr(match self {
            Status::Pass => M::Pass,
            Status::Fail => M::Fail,
            Status::Unknown => M::Unknown,
        })
    }
}

/// A condition's automatic check with the figures behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub condition: Condition,
    pub status: Status,
    pub reason: String,
}

fn missing(what: &[&str]) -> (Status, String) {
    (
        Status::Unknown,
        trf(M::WhyMissing, &[&what.join(crate::i18n::tr(M::ListSep))]),
    )
}

/// Checks all seven conditions of an application.
pub fn check(app: &Application) -> Vec<Check> {
    Condition::ALL
        .into_iter()
        .map(|condition| {
            let (status, reason) = match condition {
                // 年销售额原则上超过20亿元: strictly more.
                Condition::Scale => match app.annual_sales {
                    Some(s) => {
                        let pass = s > SCALE_THRESHOLD;
                        (
                            pass_fail(pass),
                            trf(M::WhyScale, &[&s.yi(), &if pass { ">" } else { "≤" }]),
                        )
                    }
                    None => missing(&["集群年销售收入"]),
                },
                // 核心企业年销售额达1亿元以上: every core enterprise the form
                // lists, those below named.
                Condition::Concentration => concentration(&app.core_enterprises),
                Condition::Competitive => match app.brands {
                    Some(n) => (pass_fail(n > 0), trf(M::WhyCompetitive, &[&n])),
                    None => missing(&["省级以上名牌或著名商标"]),
                },
                Condition::Growth => match (app.sales_growth_pct, app.region_growth_pct) {
                    (Some(g), Some(r)) => {
                        let pass = g > r;
                        let word = if pass { ">" } else { "≤" };
                        (
                            pass_fail(pass),
                            trf(M::WhyGrowth, &[&fmt1(g), &word, &fmt1(r)]),
                        )
                    }
                    _ => missing(&["集群销售收入增速", "本区域工业销售收入增速"]),
                },
                Condition::Green => match (app.energy_per_value_added, app.local_energy_average) {
                    (Some(e), Some(avg)) => {
                        let below = e < avg;
                        let word = if below { "<" } else { "≥" };
                        let why = trf(M::WhyGreen, &[&fmt3(e), &word, &fmt3(avg)]);
                        match app.emissions_compliant {
                            Some(false) => {
                                (Status::Fail, format!("{why}；{}", tr(M::WhyEmissions)))
                            }
                            // A blank answer is not a yes: to be verified.
                            None if below => (
                                Status::Unknown,
                                format!("{why}；{}", tr(M::WhyEmissionsBlank)),
                            ),
                            _ => (pass_fail(below), why),
                        }
                    }
                    _ => missing(&["单位工业增加值能耗", "本地平均值"]),
                },
                Condition::Distinct | Condition::Smart => {
                    (Status::Unknown, tr(M::WhyJudgement).to_string())
                }
            };
            Check {
                condition,
                status,
                reason,
            }
        })
        .collect()
}

/// Every listed core enterprise at or above 1亿元: passes; any below fails,
/// naming them; otherwise, any without a figure leaves it unknown.
fn concentration(core: &[crate::model::CoreEnterprise]) -> (Status, String) {
    if core.is_empty() {
        return missing(&["核心企业"]);
    }
    let sep = tr(M::ListSep);
    let below: Vec<String> = core
        .iter()
        .filter_map(|c| {
            c.sales
                .filter(|s| *s < CORE_THRESHOLD)
                .map(|s| format!("{}（{}万元）", c.name, s.wan()))
        })
        .collect();
    if !below.is_empty() {
        return (
            Status::Fail,
            trf(M::WhyCoreBelow, &[&below.len(), &below.join(sep)]),
        );
    }
    let blank: Vec<&str> = core
        .iter()
        .filter(|c| c.sales.is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !blank.is_empty() {
        return (Status::Unknown, trf(M::WhyCoreBlank, &[&blank.join(sep)]));
    }
    (Status::Pass, trf(M::WhyConcentration, &[&core.len()]))
}

fn pass_fail(pass: bool) -> Status {
    if pass { Status::Pass } else { Status::Fail }
}

fn fmt1(x: f64) -> String {
    format!("{x:.1}")
}

fn fmt3(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A cross-check flag on an assessed cluster's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub indicator: IndicatorKind,
    pub message: String,
}

/// Flags for an assessed cluster: a stated increment that is not current − previous.
pub(crate) fn flags(cluster: &Cluster) -> Vec<Flag> {
    cluster
        .indicators
        .iter()
        .filter(|i| i.increment_mismatch())
        .map(|i| Flag {
            indicator: i.kind,
            message: trf(
                M::IncrementMismatch,
                &[
                    &cluster.id,
                    &indicator_name(i.kind),
                    &amount(i.kind, i.increment),
                    &amount(i.kind, i.current),
                    &amount(i.kind, i.previous),
                ],
            ),
        })
        .collect()
}

/// The indicator's name in the current language.
pub(crate) fn indicator_name(kind: IndicatorKind) -> &'static str {
    tr(match kind {
        IndicatorKind::Sales => M::IndSales,
        IndicatorKind::Employment => M::IndEmployment,
        IndicatorKind::Investment => M::IndInvestment,
        IndicatorKind::Taxes => M::IndTaxes,
    })
}

/// An indicator value in its display unit (万元 or persons), without the unit.
pub(crate) fn amount(kind: IndicatorKind, v: i64) -> String {
    if kind.is_money() {
        Yuan(v).wan()
    } else {
        Yuan(v * Yuan::WAN).wan()
    }
}

/// The display unit of an indicator.
pub(crate) fn unit_name(kind: IndicatorKind) -> &'static str {
    tr(if kind.is_money() {
        M::WanYuan
    } else {
        M::Persons
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CoreEnterprise;

    fn app() -> Application {
        Application {
            annual_sales: Some(Yuan(1_860_000_000)),
            sales_growth_pct: Some(12.0),
            region_growth_pct: Some(9.5),
            energy_per_value_added: Some(0.4),
            local_energy_average: Some(0.5),
            emissions_compliant: Some(true),
            brands: Some(2),
            core_enterprises: vec![CoreEnterprise {
                name: "某公司".into(),
                sales: Some(Yuan(Yuan::YI)),
            }],
            ..Application::default()
        }
    }

    fn status(checks: &[Check], c: Condition) -> Status {
        checks.iter().find(|k| k.condition == c).unwrap().status
    }

    fn with(edit: impl Fn(&mut Application)) -> Vec<Check> {
        let mut a = app();
        edit(&mut a);
        check(&a)
    }

    fn core(sales: &[Option<i64>]) -> Vec<CoreEnterprise> {
        sales
            .iter()
            .enumerate()
            .map(|(i, s)| CoreEnterprise {
                name: format!("企业{i}"),
                sales: s.map(Yuan),
            })
            .collect()
    }

    #[test]
    fn thresholds_from_the_notice() {
        let _lang = crate::i18n::speak(crate::i18n::Lang::Zh);
        let checks = check(&app());
        assert_eq!(status(&checks, Condition::Scale), Status::Fail);
        assert!(
            checks[0].reason.contains("18.6亿元 ≤ 20亿元"),
            "{}",
            checks[0].reason
        );
        assert_eq!(status(&checks, Condition::Concentration), Status::Pass);
        assert_eq!(status(&checks, Condition::Growth), Status::Pass);
        assert_eq!(status(&checks, Condition::Green), Status::Pass);
        assert_eq!(status(&checks, Condition::Distinct), Status::Unknown);
        assert_eq!(status(&checks, Condition::Smart), Status::Unknown);
        for c in Condition::ALL {
            assert_ne!(
                status(&check(&Application::default()), c),
                Status::Pass,
                "{c:?} blank"
            );
        }
    }

    /// 年销售额原则上超过20亿元: more than 20亿元, not 20亿元 itself.
    #[test]
    fn scale_at_just_above_and_just_below_the_line() {
        let s = |y: Option<i64>| status(&with(|a| a.annual_sales = y.map(Yuan)), Condition::Scale);
        assert_eq!(s(Some(20 * Yuan::YI)), Status::Fail, "exactly 20亿元");
        assert_eq!(s(Some(20 * Yuan::YI + 1)), Status::Pass);
        assert_eq!(s(Some(20 * Yuan::YI - 1)), Status::Fail);
        assert_eq!(s(None), Status::Unknown);
    }

    /// 核心企业年销售额达1亿元以上: every listed core enterprise, 1亿元 itself
    /// included; those below are named.
    #[test]
    fn every_core_enterprise_reaches_the_line() {
        let _lang = crate::i18n::speak(crate::i18n::Lang::Zh);
        let c = |sales: &[Option<i64>]| {
            let checks = with(|a| a.core_enterprises = core(sales));
            let k = checks
                .into_iter()
                .find(|k| k.condition == Condition::Concentration)
                .unwrap();
            (k.status, k.reason)
        };
        assert_eq!(c(&[Some(Yuan::YI)]).0, Status::Pass, "exactly 1亿元");
        assert_eq!(c(&[Some(Yuan::YI + 1)]).0, Status::Pass);
        assert_eq!(c(&[Some(Yuan::YI - 1)]).0, Status::Fail);
        // One above and one at 6,676万元: fails, naming the one below.
        let (st, why) = c(&[Some(5 * Yuan::YI), Some(66_760_000)]);
        assert_eq!(st, Status::Fail);
        assert!(why.contains("企业1（6,676万元）"), "{why}");
        assert!(!why.contains("企业0"), "{why}");
        // A blank figure leaves it to be verified, unless one is below.
        assert_eq!(c(&[Some(Yuan::YI), None]).0, Status::Unknown);
        assert_eq!(c(&[Some(Yuan::YI - 1), None]).0, Status::Fail);
        assert_eq!(c(&[]).0, Status::Unknown, "no core enterprise listed");
    }

    #[test]
    fn growth_must_be_above_the_region() {
        let g = |mine: Option<f64>, region: Option<f64>| {
            status(
                &with(|a| {
                    a.sales_growth_pct = mine;
                    a.region_growth_pct = region;
                }),
                Condition::Growth,
            )
        };
        assert_eq!(g(Some(9.5), Some(9.5)), Status::Fail, "equal is not above");
        assert_eq!(g(Some(9.6), Some(9.5)), Status::Pass);
        assert_eq!(g(Some(9.4), Some(9.5)), Status::Fail);
        assert_eq!(g(None, Some(9.5)), Status::Unknown);
        assert_eq!(g(Some(9.5), None), Status::Unknown);
    }

    #[test]
    fn green_is_below_the_average_and_compliant() {
        let g = |e: Option<f64>, avg: Option<f64>, ok: Option<bool>| {
            status(
                &with(|a| {
                    a.energy_per_value_added = e;
                    a.local_energy_average = avg;
                    a.emissions_compliant = ok;
                }),
                Condition::Green,
            )
        };
        assert_eq!(
            g(Some(0.5), Some(0.5), Some(true)),
            Status::Fail,
            "equal is not below"
        );
        assert_eq!(g(Some(0.499), Some(0.5), Some(true)), Status::Pass);
        assert_eq!(g(Some(0.501), Some(0.5), Some(true)), Status::Fail);
        assert_eq!(g(Some(0.4), Some(0.5), Some(false)), Status::Fail);
        // A blank 三废 answer is never 符合.
        assert_eq!(g(Some(0.4), Some(0.5), None), Status::Unknown);
        assert_eq!(g(Some(0.6), Some(0.5), None), Status::Fail);
        assert_eq!(g(None, Some(0.5), Some(true)), Status::Unknown);
        assert_eq!(g(Some(0.4), None, Some(true)), Status::Unknown);
    }

    #[test]
    fn competitive_needs_one_brand() {
        let c = |n: Option<i64>| status(&with(|a| a.brands = n), Condition::Competitive);
        assert_eq!(c(Some(1)), Status::Pass);
        assert_eq!(c(Some(0)), Status::Fail);
        assert_eq!(c(None), Status::Unknown);
    }
}
