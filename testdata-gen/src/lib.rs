//! A deterministic generator of submissions folders: the demo data in
//! `testdata/submissions` (the 2018 assessment of 110 clusters in the
//! published distribution, and 30 applications for 2019), and a
//! national-scale folder for the benchmarks.
//!
//! The demo is written the way prefectures really fill workbooks: some use
//! the official two-row header, others a flat header with years in it and
//! their own column order, 亿元 instead of 万元, numbers typed as text with
//! thousands separators or full-width digits, blank rows and notes rows.

use std::fs;
use std::io;
use std::path::Path;

use pingshen_core::bundle::fields::{TABLE2_TEMPLATE_ORDER, indicator_keys};
use pingshen_core::bundle::template::{self, Cell};
use pingshen_core::model::{IndicatorKind, PREFECTURES};

/// A small deterministic generator (SplitMix64), so the data never depends
/// on a crate's algorithm changing.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// The assessed clusters of the demo: (prefecture, [(county, industry)]).
pub const ASSESSED: &[(&str, &[(&str, &str)])] = &[
    (
        "武汉",
        &[
            ("东西湖区", "食品加工"),
            ("蔡甸区", "汽车零部件"),
            ("新洲区", "钢构建材"),
            ("江夏区", "装备制造"),
        ],
    ),
    (
        "黄石",
        &[
            ("黄石港区", "模具"),
            ("大冶市", "饮料食品"),
            ("阳新县", "纺织服装"),
            ("黄石经济技术开发区", "电子信息"),
            ("大冶市", "铜冶炼及深加工"),
            ("黄石港区", "特钢"),
            ("大冶市", "保健酒"),
            ("阳新县", "医药化工"),
            ("下陆区", "智能装备"),
        ],
    ),
    (
        "襄阳",
        &[
            ("襄阳高新区", "汽车零部件"),
            ("谷城县", "汽车零部件"),
            ("枣阳市", "摩擦密封材料"),
            ("老河口市", "轴承及机械装备"),
            ("宜城市", "电子信息"),
            ("南漳县", "有机食品"),
            ("保康县", "磷化工"),
            ("襄州区", "农产品加工"),
            ("樊城区", "纺织服装"),
            ("襄阳高新区", "新能源汽车"),
        ],
    ),
    (
        "荆州",
        &[
            ("荆州开发区", "汽车零部件"),
            ("沙市区", "日化"),
            ("江陵县", "煤电及化工"),
            ("松滋市", "白酒"),
            ("公安县", "塑料新材料"),
            ("监利县", "食品加工"),
            ("洪湖市", "水产品加工"),
            ("石首市", "医药化工"),
            ("荆州开发区", "石油机械"),
            ("松滋市", "机械制造"),
            ("监利县", "纺织服装"),
        ],
    ),
    (
        "宜昌",
        &[
            ("宜昌高新区", "磷化工"),
            ("猇亭区", "先进装备制造"),
            ("枝江市", "白酒"),
            ("当阳市", "建筑陶瓷"),
            ("宜都市", "精细化工"),
            ("远安县", "生物医药"),
            ("兴山县", "新材料"),
            ("秭归县", "脐橙加工"),
            ("五峰县", "茶叶加工"),
            ("长阳县", "清江鱼加工"),
            ("夷陵区", "电子信息"),
            ("宜昌高新区", "光电子"),
        ],
    ),
    (
        "十堰",
        &[
            ("十堰经济开发区", "汽车零部件"),
            ("张湾区", "商用车"),
            ("丹江口市", "汽车零部件"),
            ("郧阳区", "汽车零部件"),
            ("竹山县", "绿松石加工"),
            ("房县", "食用菌"),
            ("竹溪县", "茶叶加工"),
        ],
    ),
    (
        "孝感",
        &[
            ("孝南区", "汽车零部件"),
            ("汉川市", "纺织服装"),
            ("应城市", "盐化工"),
            ("安陆市", "粮食加工"),
            ("云梦县", "塑料包装"),
            ("大悟县", "特色农产品加工"),
            ("孝昌县", "食品加工"),
        ],
    ),
    (
        "荆门",
        &[
            ("掇刀区", "石油化工"),
            ("钟祥市", "食品加工"),
            ("京山县", "轻工机械"),
            ("沙洋县", "农产品加工"),
            ("掇刀区", "再生资源"),
            ("东宝区", "新材料"),
            ("漳河新区", "通用航空"),
            ("钟祥市", "医药化工"),
        ],
    ),
    (
        "鄂州",
        &[
            ("鄂城区", "冶金及金属制品"),
            ("葛店开发区", "生物医药"),
            ("华容区", "服装"),
            ("鄂州经济开发区", "光电子信息"),
            ("梁子湖区", "水产品加工"),
        ],
    ),
    (
        "黄冈",
        &[
            ("黄州区", "新型建材"),
            ("武穴市", "医药化工"),
            ("麻城市", "石材"),
            ("蕲春县", "中药材"),
            ("浠水县", "新材料"),
            ("团风县", "钢构"),
            ("罗田县", "特色农产品加工"),
            ("红安县", "纺织服装"),
        ],
    ),
    (
        "咸宁",
        &[
            ("咸安区", "苎麻纺织"),
            ("咸宁高新区", "生物医药"),
            ("咸宁高新区", "机电制造"),
            ("赤壁市", "纺织服装"),
            ("赤壁市", "青砖茶"),
            ("嘉鱼县", "管业"),
            ("嘉鱼县", "蔬菜加工"),
            ("通城县", "涂附磨具"),
            ("通城县", "电子信息"),
            ("崇阳县", "新材料"),
            ("通山县", "石材"),
            ("通山县", "竹木加工"),
        ],
    ),
    (
        "随州",
        &[
            ("随州市", "专用汽车"),
            ("随县", "香菇食品加工"),
            ("广水市", "风机制造"),
            ("曾都区", "汽车零部件"),
            ("随县", "农产品加工"),
        ],
    ),
    (
        "恩施州",
        &[
            ("恩施市", "富硒茶"),
            ("利川市", "中药材加工"),
            ("建始县", "绿色食品"),
        ],
    ),
    (
        "仙桃",
        &[
            ("仙桃市", "无纺布"),
            ("仙桃市", "食品加工"),
            ("仙桃市", "汽车零部件"),
        ],
    ),
    (
        "潜江",
        &[
            ("潜江市", "小龙虾加工"),
            ("潜江市", "石油化工"),
            ("潜江市", "纺织服装"),
        ],
    ),
    ("天门", &[("天门市", "纺织服装"), ("天门市", "生物医药")]),
    ("神农架林区", &[("神农架林区", "绿色食品")]),
];

/// The applicants of the demo: (prefecture, county, industry).
pub const APPLICANTS: &[(&str, &str, &str)] = &[
    ("武汉", "东湖高新区", "激光"),
    ("武汉", "汉阳区", "汽车电子"),
    ("武汉", "黄陂区", "临空物流装备"),
    ("黄石", "黄石经济技术开发区", "生物医药"),
    ("黄石", "大冶市", "节能环保装备"),
    ("襄阳", "襄阳高新区", "航空航天"),
    ("襄阳", "襄州区", "纺织印染"),
    ("荆州", "荆州开发区", "智能家电"),
    ("荆州", "洪湖市", "石化装备"),
    ("宜昌", "宜昌高新区", "生物医药"),
    ("宜昌", "夷陵区", "食品饮料"),
    ("宜昌", "长阳县", "新型建材"),
    ("十堰", "茅箭区", "新能源汽车"),
    ("十堰", "郧西县", "绿色食品"),
    ("孝感", "孝南区", "光电子"),
    ("孝感", "汉川市", "金属制品"),
    ("荆门", "掇刀区", "新能源新材料"),
    ("荆门", "京山县", "智能装备"),
    ("鄂州", "葛店开发区", "智能制造"),
    ("黄冈", "黄梅县", "医药化工"),
    ("黄冈", "英山县", "茶叶加工"),
    ("咸宁", "咸宁高新区", "电子信息"),
    ("咸宁", "赤壁市", "生物医药"),
    ("随州", "曾都区", "应急产业"),
    ("随州", "广水市", "新材料"),
    ("恩施州", "宣恩县", "特色食品"),
    ("仙桃", "仙桃市", "医疗防护用品"),
    ("潜江", "潜江市", "化工新材料"),
    ("天门", "天门市", "机电制造"),
    ("神农架林区", "神农架林区", "中药材"),
];

/// The work-indicator evidence of an assessed cluster: (rubric item, title).
const ASSESSMENT_EVIDENCE: &[(&str, &str)] = &[
    ("W1", "集群发展规划及年度实施方案"),
    ("W2", "公共服务平台建设情况说明"),
    ("W3", "园区建设相关批复文件"),
    ("W4", "集群推进工作领导小组成立文件"),
    ("W5", "支持集群发展的政策文件汇编"),
    ("W6", "集群品牌及著名商标证书"),
    ("W7", "产学研合作协议"),
    ("W8", "智慧集群建设典型案例"),
];

const APPLICATION_EVIDENCE: &[(&str, &str)] = &[
    ("C1", "集群销售收入统计报表"),
    ("C2", "产业链及龙头企业情况说明"),
    ("C3", "核心企业销售收入证明"),
    ("C4", "名牌产品及著名商标证书"),
    ("C5", "集群与本区域工业增长情况对比"),
    ("C6", "节能减排目标完成情况"),
    ("C7", "智能制造及工业互联网应用案例"),
];

fn prefecture_code(p: &str) -> &'static str {
    PREFECTURES
        .iter()
        .find(|(n, _, _)| *n == p)
        .map_or("0000", |(_, c, _)| c)
}

/// A short place name for a cluster: the county without its suffix, or the
/// city for development zones.
fn place(prefecture: &str, county: &str) -> String {
    let zone = ["开发区", "高新区", "新区"]
        .iter()
        .any(|z| county.contains(z));
    if zone || county.strip_suffix('市') == Some(prefecture) {
        return match prefecture {
            "恩施州" => "恩施".to_string(),
            p => p.trim_end_matches("林区").to_string(),
        };
    }
    for suffix in ["林区", "市", "县", "区"] {
        if let Some(s) = county.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s.to_string();
        }
    }
    county.to_string()
}

fn write_text(path: &Path, text: &str) -> io::Result<()> {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d)?;
    }
    fs::write(path, text)
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// Figures of one assessed cluster, in yuan / persons: (previous, current) per indicator.
fn figures(rng: &mut Rng, scale: i64) -> [(i64, i64); 4] {
    // Money to the hundredth of a 万元 (100 yuan), as the statistics report it.
    let grow = |rng: &mut Rng, prev: i64, quantum: i64| {
        let cur = prev + prev * rng.range(-40, 250) / 1000;
        cur / quantum * quantum
    };
    let sales = rng.range(150_000, 3_000_000) * scale * WAN;
    let jobs = rng.range(2_000, 40_000);
    let invest = rng.range(20_000, 600_000) * WAN;
    let taxes = rng.range(5_000, 200_000) * WAN;
    let mut out = [(0, 0); 4];
    for (i, prev) in [sales, jobs, invest, taxes].into_iter().enumerate() {
        out[i] = (prev, grow(rng, prev, if i == 1 { 1 } else { 100 }));
    }
    out
}

/// Yuan in a 万元.
const WAN: i64 = 10_000;

/// How a prefecture writes numbers into its workbook.
#[derive(Clone, Copy)]
enum Style {
    /// The official template, numbers as numbers.
    Official,
    /// Numbers typed as text with thousands separators.
    TextNumbers,
    /// Full-width digits typed as text.
    FullWidth,
}

fn money_cell(yuan: i64, style: Style, unit: i64) -> Cell {
    let v = yuan as f64 / unit as f64;
    match style {
        Style::Official => Cell::Number(v),
        Style::TextNumbers => Cell::Text(group(&format_amount(yuan, unit))),
        Style::FullWidth => Cell::Text(full_width(&format_amount(yuan, unit))),
    }
}

fn format_amount(yuan: i64, unit: i64) -> String {
    let int = yuan / unit;
    let frac = (yuan % unit).abs();
    if frac == 0 {
        int.to_string()
    } else {
        let digits = unit.to_string().len() - 1;
        let f = format!("{frac:0digits$}");
        format!("{int}.{}", f.trim_end_matches('0'))
    }
}

fn group(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let grouped = pingshen_core::model::group_thousands(digits.parse().unwrap_or(0));
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}

struct Assessed {
    id: String,
    name: String,
    county: String,
    industry: String,
    above_scale: i64,
    figures: [(i64, i64); 4],
    /// The increments as the prefecture typed them.
    increments: [i64; 4],
}

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

fn write_table2_official(
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
fn write_table2_flat(
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
fn write_applicant(
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

/// The application's own documents as a catalogue names them (对应评分项,
/// title), filed first.
const APPLICATION_DOCUMENTS: &[(&str, &str)] = &[
    ("请示", "关于申报湖北省重点成长型产业集群的请示"),
    ("发展情况", "产业集群发展情况"),
    ("发展规划", "产业集群发展规划"),
];

/// Writes a cluster's evidence files and their catalogue.
fn write_evidence(
    dir: &Path,
    id: &str,
    name: &str,
    items: &[(&str, String)],
    rng: &mut Rng,
    year: i32,
) -> io::Result<()> {
    write_catalogue_of(dir, id, name, &[], items, rng, year)
}

/// A cluster's evidence files and their catalogue: `docs` first (their
/// pages fixed, so that the random figures after them do not move), then
/// the `items`.
fn write_catalogue_of(
    dir: &Path,
    id: &str,
    name: &str,
    docs: &[(&str, &str)],
    items: &[(&str, String)],
    rng: &mut Rng,
    year: i32,
) -> io::Result<()> {
    let all: Vec<(&str, String, Option<i64>)> = docs
        .iter()
        .enumerate()
        .map(|(k, (d, t))| (*d, t.to_string(), Some(3 + k as i64 * 4)))
        .chain(items.iter().map(|(i, t)| (*i, t.clone(), None)))
        .collect();
    let mut rows = Vec::new();
    for (k, (item, title, fixed)) in all.iter().enumerate() {
        let item = *item;
        let pages = fixed.unwrap_or_else(|| rng.range(1, 24));
        let ext = if k % 3 == 2 { "pdf" } else { "txt" };
        let rel = format!("材料/{:02} {title}.{ext}", k + 1);
        let body = format!(
            "{name}（{id}）\n{year}年度 {title}\n共 {pages} 页。\n\n本文件为演示数据，由 pingshen 生成。\n"
        );
        let content = if ext == "pdf" {
            tiny_pdf(&format!(
                "{id} {}",
                if item.is_ascii() { item } else { "doc" }
            ))
        } else {
            body
        };
        write_text(&dir.join(&rel), &content)?;
        rows.push(vec![
            Cell::Number(k as f64 + 1.0),
            Cell::Text(format!("{year}年度{title}")),
            Cell::from(item),
            Cell::Number(pages as f64),
            Cell::Text(rel),
        ]);
    }
    template::write_catalogue(&dir.join("证明材料目录.xlsx"), id, name, &rows).map_err(xlsx)
}

/// A minimal one-page PDF whose text is `label` (ASCII).
fn tiny_pdf(label: &str) -> String {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({label}) Tj ET");
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length {}>>stream\n{stream}\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        stream.len()
    )
}

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
