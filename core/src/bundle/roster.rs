//! The roster of designated clusters (已纳入培育的集群) the office lists in
//! `pack.toml`, carried in the bundle as `roster.toml`, and what the
//! pre-screen checks against it: every designated cluster present in the
//! assessment, none that is not designated, and no designated cluster
//! applying again ("已纳入2018年度省级重点成长型产业集群培育的不再重新申报").

use serde::{Deserialize, Serialize};

use crate::bundle::{Loc, Problems, Severity};
use crate::i18n::{M, tr, trf};
use crate::model::{Cluster, Round, canonical_prefecture};
use crate::text::inert;

/// Where the roster lies in a bundle.
pub(crate) const ROSTER_PATH: &str = "roster.toml";

/// A designated cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub id: String,
    pub name: String,
    pub prefecture: String,
    /// Its leading industry, where the office gives it (else 表二's).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub industry: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    #[serde(default)]
    pub cluster: Vec<RosterEntry>,
}

impl Roster {
    pub fn to_text(&self) -> String {
        let head = "# The designated clusters of the assessment round, from pack.toml.\n";
        format!("{head}{}", toml::to_string(self).unwrap_or_default())
    }

    pub fn parse(text: &str) -> Result<Roster, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// A name as it identifies a cluster: NFKC, no spaces or punctuation, the
/// prefecture written its one way, without 产业集群 / 集群 at the end.
pub(crate) fn name_key(name: &str) -> String {
    let mut s: String = crate::text::fold(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    for (canonical, _, aliases) in crate::model::PREFECTURES {
        for a in aliases.iter() {
            if let Some(rest) = s.strip_prefix(a) {
                s = format!("{canonical}{rest}");
            }
        }
    }
    for suffix in ["产业集群", "集群"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
            break;
        }
    }
    s
}

/// How alike two name keys are: the share of character pairs they have in
/// common (Dice), 0 to 1.
fn likeness(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (pa, mut pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let total = pa.len() + pb.len();
    let mut common = 0;
    for p in &pa {
        if let Some(i) = pb.iter().position(|q| q == p) {
            pb.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// Two name keys of clusters of one prefecture and industry that could be
/// one cluster. Where both names hold the industry, what is left is the
/// place: close when it is the same, or one names none. Otherwise, close
/// when one name holds the other (a word added: 及零部件, 制造) or they are
/// mostly the same (a character changed or left out: 专用车 for 专用汽车).
/// Clusters of one industry in two counties (咸宁 and 通城 电子信息) are not.
fn close(a: &str, b: &str, industry: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return true;
    }
    if !industry.is_empty() && a.contains(industry) && b.contains(industry) {
        let place = |k: &str| k.replace(industry, "");
        let (pa, pb) = (place(a), place(b));
        return pa == pb || pa.is_empty() || pb.is_empty();
    }
    likeness(a, b) >= 0.6
}

/// A designated cluster as the checks see it.
struct Designated<'a> {
    id: &'a str,
    name: &'a str,
    prefecture: Option<&'static str>,
    industry: &'a str,
}

/// The roster's findings on `clusters` (those the bundle defines).
pub fn check(roster: &Roster, clusters: &[Cluster], problems: &mut Problems) {
    let assessed: Vec<&Cluster> = clusters
        .iter()
        .filter(|c| c.round == Round::Assessment)
        .collect();
    let on_roster = |id: &str| roster.cluster.iter().any(|r| r.id.eq_ignore_ascii_case(id));
    if !roster.cluster.is_empty() {
        // Designated, but not in the prefecture's 表二.
        for r in &roster.cluster {
            if assessed.iter().any(|c| c.id.0.eq_ignore_ascii_case(&r.id)) {
                continue;
            }
            let pref = canonical_prefecture(&r.prefecture).unwrap_or(r.prefecture.as_str());
            let table = assessed
                .iter()
                .find(|c| canonical_prefecture(&c.prefecture) == Some(pref))
                .map_or_else(|| format!("{pref}/"), |c| c.source.clone());
            problems.finding(
                Severity::Warning,
                None,
                M::RosterMissing,
                Loc::file(&table),
                trf(
                    M::RosterMissing,
                    &[&inert(&r.id), &inert(&r.name), &inert(pref)],
                ),
            );
        }
        // In 表二, but not designated.
        for c in &assessed {
            if !on_roster(&c.id.0) {
                problems.finding(
                    Severity::Warning,
                    Some(&c.id.0),
                    M::NotOnRoster,
                    Loc::file(&c.source),
                    trf(M::NotOnRoster, &[&c.id]),
                );
            }
        }
    }
    // Applications by clusters already designated.
    let mut designated: Vec<Designated<'_>> = roster
        .cluster
        .iter()
        .map(|r| Designated {
            id: &r.id,
            name: &r.name,
            prefecture: canonical_prefecture(&r.prefecture),
            industry: if r.industry.is_empty() {
                assessed
                    .iter()
                    .find(|c| c.id.0.eq_ignore_ascii_case(&r.id))
                    .map_or("", |c| c.industry.as_str())
            } else {
                &r.industry
            },
        })
        .collect();
    for c in &assessed {
        if !on_roster(&c.id.0) {
            designated.push(Designated {
                id: &c.id.0,
                name: &c.name,
                prefecture: canonical_prefecture(&c.prefecture),
                industry: &c.industry,
            });
        }
    }
    for a in clusters.iter().filter(|c| c.round == Round::Application) {
        let key = name_key(&a.name);
        let pref = canonical_prefecture(&a.prefecture);
        let industry = crate::text::fold(&a.industry);
        let hit = designated.iter().find_map(|d| {
            if d.id.eq_ignore_ascii_case(&a.id.0) {
                Some((d, M::SameId))
            } else if name_key(d.name) == key {
                Some((d, M::SameName))
            } else if pref.is_some()
                && d.prefecture == pref
                && !industry.is_empty()
                && crate::text::fold(d.industry) == industry
                && close(&name_key(d.name), &key, &industry)
            {
                Some((d, M::CloseName))
            } else {
                None
            }
        });
        if let Some((d, how)) = hit {
            problems.finding(
                Severity::Warning,
                Some(&a.id.0),
                M::Reapplication,
                Loc::file(&a.source),
                trf(
                    M::Reapplication,
                    &[&a.id, &inert(d.id), &inert(d.name), &tr(how)],
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_as_they_identify_a_cluster() {
        assert_eq!(name_key("随州市专用汽车产业集群"), "随州专用汽车");
        assert_eq!(name_key(" 随州 专用汽车集群 "), "随州专用汽车");
        assert_eq!(name_key("ＡＢＣ产业集群"), "ABC");
        assert!(likeness("随州专用汽车", "随州专用车") >= 0.5);
        assert!(likeness("随州专用汽车", "随州食品") < 0.5);
        assert!(
            close("随州专用汽车", "随州市专用汽车", "专用汽车")
                || name_key("随州市专用汽车") == "随州专用汽车"
        );
        assert!(
            close("随州专用汽车", "随州专用汽车制造", "专用汽车"),
            "a word added"
        );
        assert!(
            !close("咸宁电子信息", "通城电子信息", "电子信息"),
            "two counties"
        );
        assert!(
            close("电子信息", "咸宁电子信息", "电子信息"),
            "no place named"
        );
        assert!(
            !close("咸宁通城电子信息", "咸宁赤壁电子信息", "电子信息"),
            "two counties of one prefecture"
        );
        assert!(
            close("随州专用汽车", "随州专用车", "专用汽车"),
            "a character left out"
        );
    }

    #[test]
    fn the_roster_travels_as_toml() {
        let r = Roster {
            cluster: vec![RosterEntry {
                id: "KH-4213-01".into(),
                name: "随州专用汽车产业集群".into(),
                prefecture: "随州".into(),
                industry: String::new(),
            }],
        };
        assert_eq!(Roster::parse(&r.to_text()).unwrap(), r);
    }

    fn entry(id: &str, name: &str, prefecture: &str) -> RosterEntry {
        RosterEntry {
            id: id.into(),
            name: name.into(),
            prefecture: prefecture.into(),
            industry: String::new(),
        }
    }

    fn cluster(id: &str, round: Round, name: &str, prefecture: &str, industry: &str) -> Cluster {
        Cluster {
            id: crate::model::ClusterId(id.into()),
            round,
            name: name.into(),
            prefecture: prefecture.into(),
            county: String::new(),
            industry: industry.into(),
            above_scale: None,
            indicators: Vec::new(),
            application: None,
            source: format!("{prefecture}/{id}.xlsx"),
        }
    }

    /// The findings of `check`, as (kind, cluster, file).
    fn findings(roster: &Roster, clusters: &[Cluster]) -> Vec<(String, String, String)> {
        let mut p = Problems::default();
        check(roster, clusters, &mut p);
        p.0.iter()
            .map(|p| {
                (
                    p.kind.unwrap_or_default().to_string(),
                    p.cluster.clone().unwrap_or_default(),
                    p.loc.file.clone(),
                )
            })
            .collect()
    }

    fn row(kind: &str, cluster: &str, file: &str) -> (String, String, String) {
        (kind.into(), cluster.into(), file.into())
    }

    #[test]
    fn coverage_is_checked_both_ways_against_the_roster() {
        let roster = Roster {
            cluster: vec![
                entry("KH-4213-01", "随州专用汽车产业集群", "随州市"),
                entry("KH-4213-02", "随州香菇产业集群", "随州"),
                entry("KH-4228-01", "恩施硒产业集群", "恩施州"),
            ],
        };
        let clusters = [
            cluster(
                "KH-4213-01",
                Round::Assessment,
                "随州专用汽车产业集群",
                "随州",
                "汽车",
            ),
            cluster(
                "kh-4213-09",
                Round::Assessment,
                "随州新集群",
                "随州",
                "食品",
            ),
        ];
        assert_eq!(
            findings(&roster, &clusters),
            [
                // Missing: at the prefecture's 表二, or its folder when it
                // sent none.
                row("RosterMissing", "", "随州/KH-4213-01.xlsx"),
                row("RosterMissing", "", "恩施州/"),
                row("NotOnRoster", "kh-4213-09", "随州/kh-4213-09.xlsx"),
            ]
        );
        // No roster, no coverage findings.
        assert!(findings(&Roster::default(), &clusters).is_empty());
    }

    #[test]
    fn applications_by_designated_clusters_are_found_by_id_name_and_close_name() {
        let roster = Roster {
            cluster: vec![RosterEntry {
                industry: "专用汽车".into(),
                ..entry("KH-4213-01", "随州专用汽车产业集群", "随州")
            }],
        };
        let designated = cluster(
            "KH-4213-01",
            Round::Assessment,
            "随州专用汽车产业集群",
            "随州",
            "",
        );
        let case = |id: &str, name: &str, pref: &str, industry: &str| {
            let a = cluster(id, Round::Application, name, pref, industry);
            findings(&roster, &[designated.clone(), a])
                .into_iter()
                .filter(|f| f.0 == "Reapplication")
                .count()
        };
        // The same id, whatever the name.
        assert_eq!(case("kh-4213-01", "另一个集群", "黄石", "纺织"), 1);
        // The same name once normalised (随州市, spaces, 集群 suffix).
        assert_eq!(case("SB-4213-01", "随州市 专用汽车集群", "随州", "纺织"), 1);
        // A close name in the same prefecture and industry: a character
        // left out, a word added, a typo.
        assert_eq!(
            case("SB-4213-01", "随州专用车产业集群", "随州", "专用汽车"),
            1
        );
        assert_eq!(
            case(
                "SB-4213-01",
                "随州专用汽车及零部件产业集群",
                "随州",
                "专用汽车"
            ),
            1
        );
        assert_eq!(
            case("SB-4213-01", "随州专用汔车产业集群", "随州", "专用汽车"),
            1
        );
        // ... but not in another prefecture, or another industry.
        assert_eq!(
            case("SB-4201-01", "随州专用车产业集群", "武汉", "专用汽车"),
            0
        );
        assert_eq!(case("SB-4213-01", "随州专用车产业集群", "随州", "食品"), 0);
        // A different cluster is not flagged.
        assert_eq!(
            case("SB-4213-02", "随州食品产业集群", "随州", "专用汽车"),
            0
        );
    }
}
