//! `find` and `show` for the shell: plain text aligned by display width, or
//! JSON for scripts. Workbook text is always rendered inert.

use serde::Serialize;

use crate::i18n::{M, tr, trf};
use crate::model::{Cluster, Evidence, Round, Yuan};
use crate::review::conditions::{self, Check, Flag};
use crate::review::rubric::Rubric;
use crate::search::Matcher;
use crate::store::{BundleInfo, ClusterRow, Store, StoreError};
use crate::text::{fit, inert, width};

pub fn round_name(r: Round) -> &'static str {
    tr(match r {
        Round::Assessment => M::RoundAssessment,
        Round::Application => M::RoundApplication,
    })
}

/// The matches of a query, best first, at most `limit`.
pub fn find(
    store: &Store,
    bundle: &BundleInfo,
    query: &str,
    limit: usize,
) -> Result<Vec<ClusterRow>, StoreError> {
    let rows = store.cluster_rows(bundle.no)?;
    let hits = Matcher::default().rank(&rows, query);
    Ok(hits
        .into_iter()
        .take(limit)
        .map(|(i, _)| rows[i].clone())
        .collect())
}

/// One line per match: id, name, prefecture, round, new sales.
pub fn find_text(rows: &[ClusterRow]) -> String {
    let name_w = rows
        .iter()
        .map(|r| width(&inert(&r.name)))
        .max()
        .unwrap_or(0)
        .min(40);
    let mut out = String::new();
    for r in rows {
        let sales = r
            .sales_increment
            .map(|v| {
                format!(
                    "{} {}",
                    tr(M::LabelIncrement),
                    crate::i18n::with_unit(&Yuan(v).wan(), M::WanYuan)
                )
            })
            .unwrap_or_default();
        let line = format!(
            "{}  {}  {}  {}  {}",
            fit(&inert(&r.id), 12),
            fit(&inert(&r.name), name_w),
            fit(&inert(&r.prefecture), 10),
            fit(round_name(r.round), 4),
            sales
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Everything `show` prints, also its JSON form.
#[derive(Debug, Serialize)]
pub struct Detail {
    pub bundle: String,
    pub cluster: Cluster,
    /// Growth of each indicator over the previous year, percent, in the
    /// order of `cluster.indicators` (one decimal in JSON, as on screen).
    #[serde(serialize_with = "growth_json")]
    pub growth_pct: Vec<Option<f64>>,
    pub flags: Vec<Flag>,
    /// What pack and import found on the cluster (the pre-screen).
    pub findings: Vec<crate::store::Finding>,
    pub conditions: Vec<Check>,
    pub evidence: Vec<Evidence>,
    #[serde(skip)]
    pub rubric: Option<Rubric>,
}

/// The growth figures as JSON shows them: one decimal each.
fn growth_json<S: serde::Serializer>(v: &[Option<f64>], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    #[derive(Serialize)]
    struct One(#[serde(serialize_with = "crate::json::one_decimal")] Option<f64>);
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for g in v {
        seq.serialize_element(&One(*g))?;
    }
    seq.end()
}

pub fn detail(store: &Store, bundle: &BundleInfo, id: &str) -> Result<Option<Detail>, StoreError> {
    let Some(cluster) = store.cluster(bundle.no, id)? else {
        return Ok(None);
    };
    let evidence = store.evidence(bundle.no, &cluster.id.0)?;
    let rubric = store.rubric(bundle.no, cluster.round)?;
    let findings = store.findings(bundle.no, &cluster.id.0)?;
    Ok(Some(Detail {
        bundle: bundle.id.clone(),
        growth_pct: cluster.indicators.iter().map(|i| i.growth_pct()).collect(),
        flags: conditions::flags(&cluster),
        findings,
        conditions: cluster
            .application
            .as_ref()
            .map(conditions::check)
            .unwrap_or_default(),
        evidence,
        rubric,
        cluster,
    }))
}

/// A table row: each cell padded to its width; `true` aligns right (numbers).
fn row(cells: &[(&str, usize, bool)]) -> String {
    let mut s = String::new();
    for (i, (text, w, right)) in cells.iter().enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        if *right {
            s.push_str(&" ".repeat(w.saturating_sub(width(text))));
            s.push_str(text);
        } else {
            s.push_str(&fit(text, *w));
        }
    }
    s.trim_end().to_string() + "\n"
}

/// The indicator table of a cluster as text cells: the header, then one
/// row per indicator (name, previous, current, increment, growth, unit).
/// Shared by `show` and the terminal UI.
pub fn indicator_table(d: &Detail) -> Vec<[String; 6]> {
    let mut rows = vec![[
        tr(M::LabelIndicators).to_string(),
        tr(M::LabelPrevious).to_string(),
        tr(M::LabelCurrent).to_string(),
        tr(M::LabelIncrement).to_string(),
        tr(M::LabelGrowth).to_string(),
        tr(M::LabelUnit).to_string(),
    ]];
    // Money in one number of decimals (as many as the most exact figure
    // needs: nothing rounded), so that a column lines up on the point.
    let decimals = d
        .cluster
        .indicators
        .iter()
        .filter(|i| i.kind.is_money())
        .flat_map(|i| [i.previous, i.current, i.increment])
        .map(|v| crate::model::Yuan(v).wan_decimals())
        .max()
        .unwrap_or(0);
    let amount = |kind: crate::model::IndicatorKind, v: i64| {
        if kind.is_money() {
            crate::model::Yuan(v).wan_fixed(decimals)
        } else {
            conditions::amount(kind, v)
        }
    };
    for (i, ind) in d.cluster.indicators.iter().enumerate() {
        let growth = d
            .growth_pct
            .get(i)
            .copied()
            .flatten()
            .map_or("—".to_string(), |g| format!("{g:.1}%"));
        rows.push([
            conditions::indicator_name(ind.kind).to_string(),
            amount(ind.kind, ind.previous),
            amount(ind.kind, ind.current),
            amount(ind.kind, ind.increment),
            growth,
            conditions::unit_name(ind.kind).to_string(),
        ]);
    }
    rows
}

/// Every figure of an application form (申报表), labelled, in the form's
/// order; blank fields say so.
pub fn application_fields(a: &crate::model::Application) -> Vec<(&'static str, String)> {
    let blank = || tr(M::NotGiven).to_string();
    let n = |v: Option<i64>| v.map_or_else(blank, |v| v.to_string());
    let pct = |v: Option<f64>| v.map_or_else(blank, |v| format!("{v:.1}%"));
    let num = |v: Option<f64>| v.map_or_else(blank, |v| format!("{v}"));
    let mut brands = n(a.brands);
    if !a.brand_names.trim().is_empty() {
        brands.push_str(&trf(M::Paren, &[&inert(&a.brand_names)]));
    }
    let mut contact = inert(&a.contact).into_owned();
    if !a.phone.is_empty() {
        contact.push_str(&format!(" {}", inert(&a.phone)));
    }
    vec![
        (
            tr(M::LabelAnnualSales),
            a.annual_sales.map_or_else(blank, |s| {
                format!(
                    "{}{}",
                    crate::i18n::with_unit(&s.wan(), M::WanYuan),
                    trf(M::Paren, &[&crate::i18n::with_unit(&s.yi(), M::YiYuan)])
                )
            }),
        ),
        (tr(M::LabelSalesGrowth), pct(a.sales_growth_pct)),
        (tr(M::LabelRegionGrowth), pct(a.region_growth_pct)),
        (tr(M::LabelEnergy), num(a.energy_per_value_added)),
        (tr(M::LabelLocalEnergy), num(a.local_energy_average)),
        (
            tr(M::LabelEmissions),
            a.emissions_compliant
                .map_or_else(blank, |b| tr(if b { M::Yes } else { M::No }).to_string()),
        ),
        (tr(M::LabelBrands), brands),
        (tr(M::LabelPatents), n(a.patents)),
        (tr(M::LabelRdPlatforms), n(a.rd_platforms)),
        (tr(M::LabelEnterprises), n(a.enterprises)),
        (tr(M::LabelEmployment), n(a.employment)),
        (
            tr(M::LabelPark),
            if a.park.trim().is_empty() {
                blank()
            } else {
                inert(&a.park).into_owned()
            },
        ),
        (tr(M::LabelContact), contact),
    ]
}

pub fn detail_text(d: &Detail) -> String {
    let c = &d.cluster;
    let colon = tr(M::Colon);
    let mut out = format!("{}  {}\n", inert(&c.id.0), inert(&c.name));
    let facts = [
        (tr(M::LabelRound), round_name(c.round).to_string()),
        (tr(M::LabelPrefecture), inert(&c.prefecture).to_string()),
        (tr(M::LabelCounty), inert(&c.county).to_string()),
        (tr(M::LabelIndustry), inert(&c.industry).to_string()),
        (
            tr(M::LabelAboveScale),
            c.above_scale.map(|n| n.to_string()).unwrap_or_default(),
        ),
    ];
    for (label, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!("  {label}{colon}{value}\n"));
    }
    out.push_str(&format!(
        "  {}{colon}{}\n",
        tr(M::LabelSource),
        inert(&c.source)
    ));
    out.push_str(&format!(
        "  {}{colon}{}\n",
        tr(M::LabelBundle),
        crate::text::short(&d.bundle)
    ));

    if !c.indicators.is_empty() {
        out.push('\n');
        let table = indicator_table(d);
        let name_w = table.iter().map(|r| width(&r[0])).max().unwrap_or(8);
        for r in &table {
            out.push_str(&row(&[
                (&r[0], name_w, false),
                (&r[1], 14, true),
                (&r[2], 14, true),
                (&r[3], 12, true),
                (&r[4], 7, true),
                (&r[5], 6, false),
            ]));
        }
    }
    // What the pre-screen found (its checks included); a store imported
    // before findings were kept has the checks alone.
    if !d.findings.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            trf(M::LabelFindings, &[&d.findings.len()])
        ));
        for f in &d.findings {
            out.push_str(&format!(
                "  ! {}  [{}]\n",
                inert(&f.message),
                inert(&f.place())
            ));
        }
    } else if !d.flags.is_empty() {
        out.push_str(&format!("\n{}\n", tr(M::LabelFlags)));
        for f in &d.flags {
            out.push_str(&format!("  ! {}\n", f.message));
        }
    }
    if let Some(app) = &c.application {
        out.push_str(&format!("\n{}\n", tr(M::LabelApplication)));
        for (label, value) in application_fields(app) {
            out.push_str(&format!("  {label}{colon}{value}\n"));
        }
        if !app.core_enterprises.is_empty() {
            out.push_str(&format!("  {}{colon}\n", tr(M::LabelCoreEnterprises)));
            for e in &app.core_enterprises {
                let sales = e
                    .sales
                    .map(|s| crate::i18n::with_unit(&s.wan(), M::WanYuan))
                    .unwrap_or_default();
                out.push_str(&format!("    {}  {}\n", fit(&inert(&e.name), 28), sales));
            }
        }
        out.push_str(&format!("\n{}\n", tr(M::LabelConditions)));
        let cw = d
            .conditions
            .iter()
            .map(|k| width(k.condition.name()))
            .max()
            .unwrap_or(0);
        let sw = d
            .conditions
            .iter()
            .map(|k| width(k.status.name()))
            .max()
            .unwrap_or(0);
        for k in &d.conditions {
            out.push_str(&format!(
                "  {}  {}  {}\n",
                fit(k.condition.name(), cw),
                fit(k.status.name(), sw),
                k.reason
            ));
        }
    }
    out.push_str(&format!("\n{}\n", tr(M::LabelEvidence)));
    if d.evidence.is_empty() {
        out.push_str(&format!("  {}\n", tr(M::NoEvidence)));
    }
    for e in &d.evidence {
        let item = crate::review::documents::item_label(d.rubric.as_ref(), &e.rubric_item);
        let pages = e
            .pages
            .map(|p| format!("{p}{}", tr(M::LabelPages)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {:>3}  {}  {}  {}  {}\n",
            e.seq,
            fit(&inert(&e.title), 34),
            fit(&inert(&item), 22),
            fit(&pages, 6),
            inert(&e.path)
        ));
    }
    out
}
