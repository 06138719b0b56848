//! The workbooks of a prefecture: 表二 with the official two-row header or a
//! flat one of the prefecture's own, and an applicant's 申报表.

use std::fs;
use std::io;
use std::path::Path;

use pingshen_core::bundle::fields::{TABLE2_TEMPLATE_ORDER, indicator_keys};
use pingshen_core::bundle::template::{self, Cell};
use pingshen_core::model::IndicatorKind;

use super::figures::{Rng, Style, WAN, money_cell};
use super::names::place;

pub(super) fn xlsx(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

pub(super) struct Assessed {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) county: String,
    pub(super) industry: String,
    pub(super) above_scale: i64,
    pub(super) figures: [(i64, i64); 4],
    /// The increments as the prefecture typed them.
    pub(super) increments: [i64; 4],
}

fn table2_row(c: &Assessed, prefecture: &str, style: Style, sales_unit: i64) -> Vec<Cell> {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|key| match *key {
            "id" => Cell::from(c.id.as_str()),
            "name" => Cell::from(c.name.as_str()),
            "prefecture" => Cell::from(prefecture),
            "county" => Cell::from(c.county.as_str()),
            "industry" => Cell::from(c.industry.as_str()),
            "above_scale" => Cell::Number(c.above_scale as f64),
            key => {
                let (k, part) = IndicatorKind::ALL
                    .iter()
                    .enumerate()
                    .find_map(|(k, kind)| {
                        indicator_keys(*kind)
                            .iter()
                            .position(|x| x == &key)
                            .map(|p| (k, p))
                    })
                    .unwrap_or((0, 0));
                let v = match part {
                    0 => c.figures[k].0,
                    1 => c.figures[k].1,
                    _ => c.increments[k],
                };
                if k == 1 {
                    match style {
                        Style::Official => Cell::Number(v as f64),
                        _ => money_cell(v, style, 1),
                    }
                } else {
                    let unit = if k == 0 { sales_unit } else { WAN };
                    money_cell(v, style, unit)
                }
            }
        })
        .collect()
}

pub(super) fn write_table2_official(
    path: &Path,
    year: i32,
    prefecture: &str,
    clusters: &[&Assessed],
    style: Style,
) -> io::Result<()> {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d)?;
    }
    let mut rows = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        // A blank row in the middle, as people leave them.
        if i == 2 && clusters.len() > 4 {
            rows.push(vec![Cell::Blank]);
        }
        rows.push(table2_row(c, prefecture, style, WAN));
    }
    template::write_table2(path, year, &rows).map_err(xlsx)
}

/// A prefecture that made its own layout: a flat header with the years in
/// it, sales in 亿元, its own column order, no 新增 columns for taxes.
pub(super) fn write_table2_flat(
    path: &Path,
    year: i32,
    prefecture: &str,
    clusters: &[&Assessed],
    style: Style,
) -> io::Result<()> {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d)?;
    }
    let py = year - 1;
    let header: Vec<String> = vec![
        "序号".into(),
        "集群名称".into(),
        "集群编号".into(),
        "主导产业".into(),
        "县（市、区）".into(),
        format!("{py}年销售收入（亿元）"),
        format!("{year}年销售收入（亿元）"),
        "新增销售收入（亿元）".into(),
        format!("{py}年从业人员（人）"),
        format!("{year}年从业人员（人）"),
        "新增就业（人）".into(),
        format!("{py}年固定资产投资（万元）"),
        format!("{year}年固定资产投资（万元）"),
        "新增投资额（万元）".into(),
        format!("{py}年上缴税金（万元）"),
        format!("{year}年上缴税金（万元）"),
        "规模以上企业数（家）".into(),
    ];
    let rows: Vec<Vec<Cell>> = clusters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let m = |v: i64, unit: i64| money_cell(v, style, unit);
            vec![
                Cell::Number(i as f64 + 1.0),
                Cell::from(c.name.as_str()),
                Cell::from(c.id.as_str()),
                Cell::from(c.industry.as_str()),
                Cell::from(c.county.as_str()),
                m(c.figures[0].0, WAN * 10_000),
                m(c.figures[0].1, WAN * 10_000),
                m(c.increments[0], WAN * 10_000),
                Cell::Number(c.figures[1].0 as f64),
                Cell::Number(c.figures[1].1 as f64),
                Cell::Number(c.increments[1] as f64),
                m(c.figures[2].0, WAN),
                m(c.figures[2].1, WAN),
                m(c.increments[2], WAN),
                m(c.figures[3].0, WAN),
                m(c.figures[3].1, WAN),
                Cell::Number(c.above_scale as f64),
            ]
        })
        .collect();
    let title = format!("{prefecture}市{year}年度重点成长型产业集群业绩指标完成情况表");
    let notes = [
        "注：1. 数据来源于统计部门规模以上工业企业统计；",
        "2. 税金为上缴工商税收。",
    ];
    template::write_grid(
        path,
        "Sheet1",
        &[&title, "填报单位：市经信局"],
        &header,
        &rows,
        &notes,
    )
    .map_err(xlsx)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn write_applicant(
    dir: &Path,
    year: i32,
    id: &str,
    name: &str,
    prefecture: &str,
    county: &str,
    industry: &str,
    index: usize,
    rng: &mut Rng,
    blank_emissions: bool,
) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    // Most applicants are over the 20亿元 line; a few are just below it.
    let sales_wan = if index % 6 == 4 {
        rng.range(150_000, 199_000)
    } else {
        rng.range(210_000, 1_200_000)
    };
    let growth = rng.range(50, 260) as f64 / 10.0;
    let region = rng.range(60, 110) as f64 / 10.0;
    let energy = rng.range(150, 700) as f64 / 1000.0;
    let energy_avg = rng.range(350, 650) as f64 / 1000.0;
    let brands = rng.range(0, 6);
    let value = |key: &str| -> Cell {
        match key {
            "id" => id.into(),
            "name" => name.into(),
            "prefecture" => prefecture.into(),
            "county" => county.into(),
            "industry" => industry.into(),
            "annual_sales" => Cell::Number(sales_wan as f64),
            "sales_growth" => Cell::Number(growth),
            "region_growth" => Cell::Number(region),
            "enterprises" => Cell::Number((sales_wan / 4000 + 40) as f64),
            "above_scale" => Cell::Number((sales_wan / 12_000 + 12) as f64),
            "employment" => Cell::Number((sales_wan / 45 + 900) as f64),
            "energy" => Cell::Number(energy),
            "energy_avg" => Cell::Number(energy_avg),
            "emissions" if blank_emissions => Cell::Blank,
            "emissions" => if index % 11 == 7 { "否" } else { "是" }.into(),
            "brands" => Cell::Number(brands as f64),
            "brand_names" => if brands > 0 {
                format!("湖北省名牌产品{brands}个")
            } else {
                String::new()
            }
            .into(),
            "patents" => Cell::Number((sales_wan / 3000) as f64),
            "rd_platforms" => Cell::Number((sales_wan / 150_000 + 1) as f64),
            "park" => format!("{}{}产业园", place(prefecture, county), industry).into(),
            "contact" => ["张伟", "李娜", "王强", "刘洋", "陈静"][index % 5].into(),
            "phone" => format!("0710-{}", 3_000_000 + index * 7919 % 999_999).into(),
            _ => Cell::Blank,
        }
    };
    let n_core = 2 + index % 4;
    let core: Vec<(String, Cell)> = (0..n_core)
        .map(|k| {
            let firm = format!(
                "{}{}有限公司",
                place(prefecture, county),
                ["精工", "华昌", "宏达", "新创", "恒信", "楚天"][(index + k) % 6]
            );
            (firm, Cell::Number(rng.range(6_000, 90_000) as f64))
        })
        .collect();
    template::write_application(&dir.join("申报表.xlsx"), year, &value, &core).map_err(xlsx)
}
