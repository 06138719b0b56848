//! A national-scale submissions folder for the benchmarks.

use std::fs;
use std::io;
use std::path::Path;

use pingshen_core::model::PREFECTURES;

use super::evidence::{write_evidence, write_text};
use super::figures::{Rng, Style, figures};
use super::names::{ASSESSED, ASSESSMENT_EVIDENCE, place};
use super::workbooks::{Assessed, write_table2_official};

/// Writes a national-scale submissions folder: `clusters` assessed clusters
/// over the 17 prefecture folders, each with `evidence` catalogue rows.
pub fn write_national(
    dir: &Path,
    year: i32,
    clusters: usize,
    evidence: usize,
    rubric_dir: &Path,
) -> io::Result<()> {
    let mut rng = Rng::new(3500);
    fs::create_dir_all(dir)?;
    let rubric = |round: &str| {
        rubric_dir
            .join(format!("{round}.toml"))
            .display()
            .to_string()
    };
    write_text(
        &dir.join("pack.toml"),
        &format!(
            "title = \"national-scale benchmark\"\nissuer = \"pingshen\"\nyear = {year}\n\n[[rubrics]]\nround = \"assessment\"\npath = \"{}\"\n",
            rubric("assessment")
        ),
    )?;
    let per = clusters.div_ceil(PREFECTURES.len());
    let mut made = 0;
    for (pi, (prefecture, code, _)) in PREFECTURES.iter().enumerate() {
        let n = per.min(clusters - made);
        made += n;
        let pdir = dir.join(prefecture);
        let list: Vec<Assessed> = (0..n)
            .map(|i| {
                let figures = figures(&mut rng, 1);
                let (county, industry) = ASSESSED[pi].1[i % ASSESSED[pi].1.len()];
                Assessed {
                    id: format!("KH-{code}-{:04}", i + 1),
                    name: format!(
                        "{}{}产业集群{}号",
                        place(prefecture, county),
                        industry,
                        i + 1
                    ),
                    county: county.to_string(),
                    industry: industry.to_string(),
                    above_scale: rng.range(12, 140),
                    increments: figures.map(|(p, c)| c - p),
                    figures,
                }
            })
            .collect();
        write_table2_official(
            &pdir.join("表二 业绩指标.xlsx"),
            year,
            prefecture,
            &list.iter().collect::<Vec<_>>(),
            Style::Official,
        )?;
        for c in &list {
            let cdir = pdir.join(&c.id);
            let items: Vec<(&str, String)> = (0..evidence)
                .map(|k| {
                    let (item, title) = ASSESSMENT_EVIDENCE[k % ASSESSMENT_EVIDENCE.len()];
                    (item, format!("{title}（{}）", k + 1))
                })
                .collect();
            write_evidence(&cdir, &c.id, &c.name, &items, &mut rng, year)?;
        }
    }
    Ok(())
}
