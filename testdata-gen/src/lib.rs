//! A deterministic generator of submissions folders: the demo data in
//! `testdata/submissions` (the 2018 assessment of 110 clusters in the
//! published distribution, and 30 applications for 2019), and a
//! national-scale folder for the benchmarks.
//!
//! The demo is written the way prefectures really fill workbooks: some use
//! the official two-row header, others a flat header with years in it and
//! their own column order, 亿元 instead of 万元, numbers typed as text with
//! thousands separators or full-width digits, blank rows and notes rows.

mod evidence;
mod figures;
mod names;
mod national;
pub mod panel;
mod workbooks;

use std::fs;
use std::io;
use std::path::Path;

use pingshen_core::bundle::template::{self, Cell};

use evidence::{write_catalogue_of, write_evidence, write_text};
use figures::{Style, WAN, figures, money_cell};
use names::{
    APPLICATION_DOCUMENTS, APPLICATION_EVIDENCE, ASSESSMENT_EVIDENCE, place, prefecture_code,
};
use workbooks::{Assessed, write_applicant, write_table2_flat, write_table2_official, xlsx};

pub use figures::Rng;
pub use names::{APPLICANTS, ASSESSED};
pub use national::write_national;

/// What a pre-screen scenario changes in the demo submissions: each the
/// kind of thing the office's pre-screen must catch.
#[derive(Clone, Debug, Default)]
pub struct Variant {
    /// An assessed cluster left out of its 表二 and 附件3, its evidence
    /// folder gone (it stays on the roster).
    pub drop_assessed: Option<String>,
    /// A row of 附件3 for a cluster no 表二 has: (prefecture, id, name).
    pub summary_extra: Option<(String, String, String)>,
    /// An applicant named as a designated cluster: (its id, the name).
    pub rename_applicant: Option<(String, String)>,
    /// An applicant whose catalogue lacks a document: (its id, 请示 …).
    pub without_document: Option<(String, String)>,
    /// An applicant whose 三废 answer is left blank.
    pub blank_emissions: Option<String>,
}

/// Writes the demo submissions folder (`testdata/submissions`).
pub fn write_demo(dir: &Path, year: i32) -> io::Result<()> {
    write_demo_with(dir, year, &Variant::default())
}

/// Writes the demo submissions with the changes of `variant`.
pub fn write_demo_with(dir: &Path, year: i32, variant: &Variant) -> io::Result<()> {
    let mut rng = Rng::new(201_915);
    fs::create_dir_all(dir)?;
    // The roster of designated clusters: every assessed one.
    let mut roster = String::from(
        "\n# The designated clusters of the assessment round (已纳入培育的集群):\n# pack reports any missing from 表二, any 表二 cluster not listed, and\n# any application by one of them.\n",
    );
    for (pi, (prefecture, list)) in ASSESSED.iter().enumerate() {
        let pdir = dir.join(prefecture);
        let code = prefecture_code(prefecture);
        let clusters: Vec<Assessed> = list
            .iter()
            .enumerate()
            .map(|(i, (county, industry))| {
                let figures = figures(&mut rng, 1);
                let mut increments = figures.map(|(p, c)| c - p);
                // A few prefectures mistype an increment: pack warns.
                if (pi + i) % 37 == 5 {
                    increments[0] += 12_345 * WAN;
                }
                Assessed {
                    id: format!("KH-{code}-{:02}", i + 1),
                    name: format!("{}{}产业集群", place(prefecture, county), industry),
                    county: county.to_string(),
                    industry: industry.to_string(),
                    above_scale: rng.range(12, 140),
                    figures,
                    increments,
                }
            })
            .collect();
        for c in &clusters {
            roster.push_str(&format!(
                "\n[[roster]]\nid = \"{}\"\nname = \"{}\"\nprefecture = \"{prefecture}\"\n",
                c.id, c.name
            ));
        }
        let dropped = variant.drop_assessed.as_deref();
        let kept: Vec<&Assessed> = clusters
            .iter()
            .filter(|c| Some(c.id.as_str()) != dropped)
            .collect();
        let style = match pi % 4 {
            1 => Style::TextNumbers,
            3 => Style::FullWidth,
            _ => Style::Official,
        };
        if pi % 3 == 2 {
            write_table2_flat(
                &pdir.join("表二 业绩指标.xlsx"),
                year,
                prefecture,
                &kept,
                style,
            )?;
        } else {
            write_table2_official(
                &pdir.join("表二 业绩指标.xlsx"),
                year,
                prefecture,
                &kept,
                style,
            )?;
        }
        let mut rows: Vec<Vec<Cell>> = kept
            .iter()
            .map(|c| {
                let mut r = vec![Cell::from(c.id.as_str()), Cell::from(c.name.as_str())];
                for (k, inc) in c.increments.iter().enumerate() {
                    r.push(if k == 1 {
                        Cell::Number(*inc as f64)
                    } else {
                        money_cell(*inc, Style::Official, WAN)
                    });
                }
                r
            })
            .collect();
        if let Some((p, id, name)) = &variant.summary_extra
            && p == prefecture
        {
            let mut r = vec![Cell::from(id.as_str()), Cell::from(name.as_str())];
            r.extend((0..4).map(|_| Cell::Number(0.0)));
            rows.push(r);
        }
        let mut totals = vec![Cell::Blank, Cell::Blank];
        for k in 0..4 {
            let sum: i64 = kept.iter().map(|c| c.increments[k]).sum();
            totals.push(if k == 1 {
                Cell::Number(sum as f64)
            } else {
                money_cell(sum, Style::Official, WAN)
            });
        }
        template::write_summary(
            &pdir.join("附件3 数据汇总表.xlsx"),
            year,
            prefecture,
            &rows,
            Some(&totals),
        )
        .map_err(xlsx)?;
        for (i, c) in clusters.iter().enumerate() {
            let cdir = pdir.join("考核材料").join(format!("{} {}", c.id, c.name));
            // Most clusters document every work indicator; some leave one out.
            let skip = if (pi * 7 + i) % 5 == 0 {
                Some((pi + i) % 8)
            } else {
                None
            };
            let items: Vec<(&str, String)> = ASSESSMENT_EVIDENCE
                .iter()
                .enumerate()
                .filter(|(k, _)| Some(*k) != skip)
                .map(|(_, (item, title))| (*item, title.to_string()))
                .collect();
            write_evidence(&cdir, &c.id, &c.name, &items, &mut rng, year)?;
            if Some(c.id.as_str()) == dropped {
                // Written (the figures after it stay the same), then gone.
                fs::remove_dir_all(&cdir)?;
            }
        }
    }
    write_text(
        &dir.join("pack.toml"),
        &format!(
            "# The office's settings for `pingshen pack`.\ntitle = \"{year}年度全省重点成长型产业集群考核和{}年度申报\"\nissuer = \"湖北省经济和信息化厅产业政策处\"\nyear = {year}\n\n[[rubrics]]\nround = \"assessment\"\npath = \"../rubric/assessment.toml\"\n\n[[rubrics]]\nround = \"application\"\npath = \"../rubric/application.toml\"\n{roster}",
            year + 1
        ),
    )?;
    for (ai, (prefecture, county, industry)) in APPLICANTS.iter().enumerate() {
        let n = APPLICANTS[..ai]
            .iter()
            .filter(|(p, _, _)| p == prefecture)
            .count()
            + 1;
        let id = format!("SB-{}-{n:02}", prefecture_code(prefecture));
        let name = match &variant.rename_applicant {
            Some((who, name)) if *who == id => name.clone(),
            _ => format!("{}{}产业集群", place(prefecture, county), industry),
        };
        let adir = dir
            .join(prefecture)
            .join("申报材料")
            .join(format!("{id} {name}"));
        let blank_emissions = variant.blank_emissions.as_deref() == Some(id.as_str());
        write_applicant(
            &adir,
            year,
            &id,
            &name,
            prefecture,
            county,
            industry,
            ai,
            &mut rng,
            blank_emissions,
        )?;
        let docs: Vec<(&str, &str)> = APPLICATION_DOCUMENTS
            .iter()
            .copied()
            .filter(|(d, _)| {
                !matches!(&variant.without_document, Some((who, doc)) if *who == id && doc == d)
            })
            .collect();
        let items: Vec<(&str, String)> = APPLICATION_EVIDENCE
            .iter()
            .map(|(i, t)| (*i, t.to_string()))
            .collect();
        write_catalogue_of(&adir, &id, &name, &docs, &items, &mut rng, year)?;
    }
    Ok(())
}
