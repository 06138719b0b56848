//! A scripted panel of five experts on the demo bundle: keys, scores,
//! conclusions, opinions and signed review files, made the way the experts
//! make them (each through a session of their own, each exported and
//! signed), with what a real panel brings: a split in the conclusions, a
//! tie at the last place of the recommended list, a recusal.
//!
//! What it is built to give (tested in tests/merge/panel.rs):
//! - 13 assessed clusters (武汉 and 黄石), each expert scoring every item
//!   as a share of its maximum set by the cluster's quality and the
//!   expert's leaning;
//! - KH-4201-02: conclusions 优秀 2, 合格 2, 基本合格 1 — no majority;
//! - KH-4202-03: 钱七 recused (a conflict of interest), four reviews;
//! - the first 8 applications by id, the 3rd and 4th of equal quality, so
//!   that every expert scores them alike and they tie;
//! - `rules.toml`: grades by the lower of the score's band and the
//!   majority, three places with a tie at the last included.

use std::fs;
use std::path::{Path, PathBuf};

use pingshen_core::model::Round;
use pingshen_core::review::rubric::Points;
use pingshen_core::review::score::Field;
use pingshen_core::session::Session;
use pingshen_core::sign::keys;
use pingshen_core::store::Store;

/// The experts, the first the panel's leader.
pub const EXPERTS: [&str; 5] = ["张三", "李四", "王五", "赵六", "钱七"];
/// Each expert's leaning, in hundredths of the maximum.
const LEANING: [i64; 5] = [0, 2, -2, 1, -1];
/// The assessed clusters' qualities (hundredths), in id order.
const ASSESSED: [(&str, i64); 13] = [
    ("KH-4201-01", 93),
    ("KH-4201-02", 84),
    ("KH-4201-03", 78),
    ("KH-4201-04", 71),
    ("KH-4202-01", 66),
    ("KH-4202-02", 58),
    ("KH-4202-03", 91),
    ("KH-4202-04", 82),
    ("KH-4202-05", 76),
    ("KH-4202-06", 69),
    ("KH-4202-07", 62),
    ("KH-4202-08", 55),
    ("KH-4202-09", 88),
];
/// The split: each expert's conclusion on it.
pub const SPLIT: (&str, [&str; 5]) = ("KH-4201-02", ["优秀", "优秀", "合格", "合格", "基本合格"]);
/// The recusal: who, on what.
pub const RECUSAL: (&str, &str) = ("钱七", "KH-4202-03");
/// The applications' qualities, best first; the 3rd and 4th equal.
const APPLIED: [i64; 8] = [92, 85, 78, 78, 74, 66, 58, 50];

/// The decision rules the demo's office sets.
pub const RULES: &str = "\
# The office's decision rules for the demo panel: pingshen merge --decision rules.toml
[assessment]
# The score's band (优秀 ≥90, 合格 ≥75, 基本合格 ≥60), unless more than half
# of the experts concluded lower; without a majority, the best grade more
# than half of them gave or bettered.
by = \"lower_of_both\"
on_split = \"lower\"

[application]
# A final score of 60 or more, more than half concluding 推荐, three places;
# clusters tied across the last place are all recommended.
cut_off = 60
majority = true
places = 3
on_tie = \"include\"
";

/// What the panel made.
pub struct Panel {
    /// Each expert's signed review file (the `.sig` beside it).
    pub reviews: Vec<PathBuf>,
    /// The experts' keys for reviews (namespace pingshen-review).
    pub allowed_signers: PathBuf,
    /// The leader's key for the panel's result (namespace pingshen-result).
    pub office_signers: PathBuf,
    /// Each expert's private key, by name.
    pub keys: Vec<(String, PathBuf)>,
    pub rules: PathBuf,
    /// The store the experts scored in (it holds the bundle).
    pub store: PathBuf,
    /// The applications scored, best first.
    pub applications: Vec<String>,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A share of an item's maximum, down to its step.
fn share(max: Points, step: Points, percent: i64) -> Points {
    let raw = max.0 * percent.clamp(0, 100) / 100;
    Points(raw - raw % step.0)
}

/// The grade a total gives (the default bands).
fn grade_of(total: Points) -> &'static str {
    match total.0 / 100 {
        90.. => "优秀",
        75..=89 => "合格",
        60..=74 => "基本合格",
        _ => "不合格",
    }
}

/// An opinion in an expert's words.
fn opinion(expert: usize, conclusion: &str, total: Points) -> String {
    let open = [
        "集群主导产业特色鲜明，龙头企业带动作用较强",
        "集群规模稳步扩大，园区承载能力有所提升",
        "集群业绩指标完成情况总体较好，证明材料基本齐全",
        "集群公共服务平台建设有进展，产学研合作仍需加强",
        "集群增长较快，但部分指标与附件材料需进一步核实",
    ][expert];
    format!("{open}；总分 {total}，建议{conclusion}。")
}

/// Makes the panel in `dir` on the bundle file `bundle`.
pub fn make(dir: &Path, bundle: &Path) -> Result<Panel, Error> {
    fs::create_dir_all(dir.join("keys"))?;
    fs::create_dir_all(dir.join("reviews"))?;
    let store_path = dir.join("store.db");
    let mut store = Store::open(&store_path)?;
    pingshen_core::store::import(&mut store, bundle)?;
    let b = store.bundle(None)?;
    let mut applications: Vec<String> = store
        .cluster_rows(b.no)?
        .into_iter()
        .filter(|r| r.round == Round::Application)
        .map(|r| r.id)
        .collect();
    applications.sort();
    applications.truncate(APPLIED.len());
    let mut lines = Vec::new();
    let mut key_paths = Vec::new();
    let mut reviews = Vec::new();
    for (e, name) in EXPERTS.iter().enumerate() {
        let key = dir.join("keys").join(name);
        let public = if key.exists() {
            keys::load_public(&key)?
        } else {
            keys::generate(&key, name, None)?
        };
        lines.push(keys::allowed_signers_line(name, &public)?);
        key_paths.push((name.to_string(), key.clone()));
        {
            let mut s = Session::begin(&store, &b, name)?;
            let mut plan: Vec<(String, i64, Round)> = ASSESSED
                .iter()
                .map(|(id, q)| (id.to_string(), *q, Round::Assessment))
                .collect();
            plan.extend(
                applications
                    .iter()
                    .zip(APPLIED)
                    .map(|(id, q)| (id.clone(), q, Round::Application)),
            );
            for (id, quality, round) in plan {
                if (*name, id.as_str()) == RECUSAL {
                    s.set(
                        &mut store,
                        &id,
                        Field::Conflict,
                        Some("本人曾为该集群龙头企业提供咨询"),
                    )?;
                    continue;
                }
                let Some(rubric) = s.rubric(&id).cloned() else {
                    continue;
                };
                let percent = quality + LEANING[e];
                let mut total = Points(0);
                for item in &rubric.items {
                    let v = share(item.max, item.step, percent);
                    total.0 += v.0;
                    s.set(
                        &mut store,
                        &id,
                        Field::Score(item.id.clone()),
                        Some(&v.to_string()),
                    )?;
                    if v.0 * 10 < item.max.0 * 6 {
                        s.set(
                            &mut store,
                            &id,
                            Field::Comment(item.id.clone()),
                            Some("该项得分偏低：证明材料不足以支撑申报数据"),
                        )?;
                    }
                }
                let conclusion = match round {
                    Round::Assessment if id == SPLIT.0 => SPLIT.1[e],
                    Round::Assessment => grade_of(total),
                    Round::Application if total.0 >= 7000 => "推荐",
                    Round::Application => "不推荐",
                };
                s.set(&mut store, &id, Field::Conclusion, Some(conclusion))?;
                let words = opinion(e, conclusion, total);
                s.set(&mut store, &id, Field::Opinion, Some(&words))?;
            }
        }
        let out = dir.join("reviews").join(format!("{name}.review.json"));
        let _ = fs::remove_file(&out);
        let _ = fs::remove_file(format!("{}.sig", out.display()));
        let reviewer = store.reviewer(name)?;
        let mut private = || keys::load(&key, &mut || None);
        pingshen_core::session::export::export(
            &mut store,
            &b,
            &reviewer,
            &public,
            &mut private,
            &out,
            true,
        )?;
        reviews.push(out);
    }
    let allowed_signers = dir.join("allowed_signers");
    fs::write(&allowed_signers, lines.join("\n") + "\n")?;
    let office_signers = dir.join("office_signers");
    fs::write(
        &office_signers,
        lines[0].replace("pingshen-review", "pingshen-result") + "\n",
    )?;
    let rules = dir.join("rules.toml");
    fs::write(&rules, RULES)?;
    Ok(Panel {
        reviews,
        allowed_signers,
        office_signers,
        keys: key_paths,
        rules,
        store: store_path,
        applications,
    })
}
