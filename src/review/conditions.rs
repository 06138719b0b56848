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
pub const SCALE_THRESHOLD: Yuan = Yuan(20 * Yuan::YI);
/// Core enterprises' annual sales of at least 1亿元.
pub const CORE_THRESHOLD: Yuan = Yuan(Yuan::YI);

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

fn cmp_word(pass: bool) -> &'static str {
    if pass { "≥" } else { "<" }
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
                Condition::Scale => match app.annual_sales {
                    Some(s) => {
                        let pass = s >= SCALE_THRESHOLD;
                        (
                            pass_fail(pass),
                            trf(M::WhyScale, &[&s.yi(), &cmp_word(pass)]),
                        )
                    }
                    None => missing(&["集群年销售收入"]),
                },
                Condition::Concentration => {
                    let known: Vec<Yuan> = app
                        .core_enterprises
                        .iter()
                        .filter_map(|c| c.sales)
                        .collect();
                    if known.is_empty() {
                        missing(&["核心企业销售收入"])
                    } else {
                        let n = known.iter().filter(|s| **s >= CORE_THRESHOLD).count();
                        (pass_fail(n > 0), trf(M::WhyConcentration, &[&n]))
                    }
                }
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
pub fn flags(cluster: &Cluster) -> Vec<Flag> {
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
pub fn indicator_name(kind: IndicatorKind) -> &'static str {
    tr(match kind {
        IndicatorKind::Sales => M::IndSales,
        IndicatorKind::Employment => M::IndEmployment,
        IndicatorKind::Investment => M::IndInvestment,
        IndicatorKind::Taxes => M::IndTaxes,
    })
}

/// An indicator value in its display unit (万元 or persons), without the unit.
pub fn amount(kind: IndicatorKind, v: i64) -> String {
    if kind.is_money() {
        Yuan(v).wan()
    } else {
        Yuan(v * Yuan::WAN).wan()
    }
}

/// The display unit of an indicator.
pub fn unit_name(kind: IndicatorKind) -> &'static str {
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

    #[test]
    fn thresholds_from_the_notice() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let checks = check(&app());
        assert_eq!(status(&checks, Condition::Scale), Status::Fail);
        assert!(
            checks[0].reason.contains("18.6亿元 < 20亿元"),
            "{}",
            checks[0].reason
        );
        assert_eq!(status(&checks, Condition::Concentration), Status::Pass);
        assert_eq!(status(&checks, Condition::Growth), Status::Pass);
        assert_eq!(status(&checks, Condition::Green), Status::Pass);
        assert_eq!(status(&checks, Condition::Distinct), Status::Unknown);

        let mut a = app();
        a.annual_sales = Some(SCALE_THRESHOLD);
        a.region_growth_pct = Some(12.0);
        a.emissions_compliant = Some(false);
        a.core_enterprises[0].sales = Some(Yuan(Yuan::YI - 1));
        let checks = check(&a);
        assert_eq!(status(&checks, Condition::Scale), Status::Pass);
        assert_eq!(
            status(&checks, Condition::Growth),
            Status::Fail,
            "equal growth is not above"
        );
        assert_eq!(status(&checks, Condition::Green), Status::Fail);
        assert_eq!(status(&checks, Condition::Concentration), Status::Fail);

        let checks = check(&Application::default());
        assert_eq!(status(&checks, Condition::Scale), Status::Unknown);
    }
}
