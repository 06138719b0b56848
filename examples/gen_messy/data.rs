//! The figures written: the two clusters of 天门, their rows of 表二 (scaled
//! for drafts), the template's columns and labels, and the rows offices add
//! (units, sign-off).

use super::*;

/// A cluster of 天门 as its 表二 row says it: amounts in 万元, people in 人.
pub(crate) struct Cluster {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) industry: &'static str,
    pub(crate) above_scale: f64,
    /// sales, employment, investment, taxes: (上年, 本年, 新增).
    pub(crate) figures: [[f64; 3]; 4],
}

pub(crate) const CLUSTERS: [Cluster; 2] = [
    Cluster {
        id: "KH-429006-01",
        name: "天门纺织服装产业集群",
        industry: "纺织服装",
        above_scale: 64.0,
        figures: [
            [1_938_390.0, 2_169_058.41, 230_668.41],
            [39_938.0, 47_366.0, 7_428.0],
            [503_142.0, 534_336.8, 31_194.8],
            [162_281.0, 201_877.56, 39_596.56],
        ],
    },
    Cluster {
        id: "KH-429006-02",
        name: "天门生物医药产业集群",
        industry: "生物医药",
        above_scale: 15.0,
        figures: [
            [1_342_441.0, 1_514_273.44, 171_832.44],
            [21_011.0, 20_276.0, -735.0],
            [296_778.0, 334_172.02, 37_394.02],
            [144_673.0, 168_544.04, 23_871.04],
        ],
    },
];

/// A cluster's row in `TABLE2_TEMPLATE_ORDER`, its amounts times `factor`
/// (an old draft's figures are not the ones sent).
pub(crate) fn row(c: &Cluster, factor: f64) -> Vec<X> {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|key| match *key {
            "id" => t(c.id),
            "name" => t(c.name),
            "prefecture" => t("天门"),
            "county" => t(COUNTY),
            "industry" => t(c.industry),
            "above_scale" => X::Number(c.above_scale),
            k => {
                let (kind, which) = k.rsplit_once('_').unwrap_or((k, ""));
                let i = KINDS.iter().position(|x| *x == kind).unwrap_or(0);
                let j = ["prev", "cur", "inc"]
                    .iter()
                    .position(|x| *x == which)
                    .unwrap_or(0);
                X::Number(round2(c.figures[i][j] * factor))
            }
        })
        .collect()
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(crate) fn rows(factor: f64) -> Vec<Vec<X>> {
    CLUSTERS.iter().map(|c| row(c, factor)).collect()
}

/// The column of a field in `TABLE2_TEMPLATE_ORDER`.
pub(crate) fn col(key: &str) -> u16 {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(0) as u16
}

pub(crate) fn label(key: &str) -> String {
    TABLE2
        .iter()
        .find(|f| f.key == key)
        .map_or(key.to_string(), |f| f.label.to_string())
}

/// One header row as an office writes it for itself: the template's
/// labels, 上年 / 本年 / 新增 spelled out.
pub(crate) fn flat_header() -> Vec<String> {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|key| match key.rsplit_once('_') {
            Some((kind, which)) if KINDS.contains(&kind) => {
                let what = match kind {
                    "sales" => "销售收入（万元）",
                    "employment" => "就业人数（人）",
                    "investment" => "固定资产投资额（万元）",
                    _ => "上缴工商税收（万元）",
                };
                let when = match which {
                    "prev" => "上年",
                    "cur" => "本年",
                    _ => "新增",
                };
                format!("{when}{what}")
            }
            _ => label(key),
        })
        .collect()
}

/// The official layout with the cluster rows as given.
pub(crate) fn official(rows: Vec<Vec<X>>) -> Vec<Sheet> {
    vec![Sheet::official("表二", rows)]
}

/// Both rows with one cell of cluster `i` replaced.
pub(crate) fn with(i: usize, key: &str, v: X) -> Vec<Vec<X>> {
    let mut r = rows(1.0);
    r[i][col(key) as usize] = v;
    r
}

/// A flat table: title, `header`, the rows with `edit` applied, `after`.
pub(crate) fn flat(
    name: &str,
    header: Vec<Vec<X>>,
    edit: impl Fn(&mut Vec<Vec<X>>),
    after: Vec<Vec<X>>,
) -> Sheet {
    let mut r = rows(1.0);
    edit(&mut r);
    Sheet::new(name, Body::Grid(grid(header, r, after)))
}

/// Inserts a column at `at` into every row of a grid.
pub(crate) fn insert_col(g: &mut [Vec<X>], at: usize, header: &str, values: &[X]) {
    for (i, r) in g.iter_mut().enumerate() {
        let v = match i {
            0 => X::Blank,
            1 => t(header),
            n => values.get(n - 2).cloned().unwrap_or(X::Blank),
        };
        if r.len() >= at {
            r.insert(at, v);
        }
    }
}

pub(crate) fn units_row() -> Vec<X> {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|key| match *key {
            "above_scale" => t("家"),
            k if k.starts_with("employment") => t("人"),
            k if KINDS.iter().any(|x| k.starts_with(x)) => t("万元"),
            _ => X::Blank,
        })
        .collect()
}

pub(crate) fn sign_off() -> Vec<Vec<X>> {
    vec![vec![
        t("填表人：张敏"),
        X::Blank,
        t("审核人：王磊"),
        X::Blank,
        t("联系电话：0728-5221234"),
        X::Blank,
        X::Blank,
        t("填报日期：2019年1月10日"),
    ]]
}
