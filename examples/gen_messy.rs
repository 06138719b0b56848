//! Writes `testdata/messy/`: 表二 and 申报表 workbooks of 天门 filled the
//! ways offices fill them — one kind of mess each, and all at once — in
//! `.xlsx` and (through LibreOffice) legacy `.xls`, with `cases.json`
//! saying what each must read to or where it must be refused.
//! `tests/messy.rs` takes every one through pack → import → `show --json`.
//!
//!     cargo run --example gen_messy -- testdata/messy
//!
//! LibreOffice (`soffice`) must be installed to write the `.xls` files; the
//! committed files are what the tests use, so CI does not need it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

#[path = "common/zip_edit.rs"]
mod zip_edit;
use pingshen::bundle::fields::{TABLE2, TABLE2_TEMPLATE_ORDER};
use pingshen::bundle::template::{self, Cell, TABLE2_FIRST_ROW};
use rust_xlsxwriter::{Format, FormatBorder, Formula, Worksheet};
use serde_json::{Value as Json, json};

const YEAR: i32 = 2018;

/// A cluster of 天门 as its 表二 row says it: amounts in 万元, people in 人.
struct Cluster {
    id: &'static str,
    name: &'static str,
    industry: &'static str,
    above_scale: f64,
    /// sales, employment, investment, taxes: (上年, 本年, 新增).
    figures: [[f64; 3]; 4],
}

const CLUSTERS: [Cluster; 2] = [
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

const COUNTY: &str = "天门市";
const KINDS: [&str; 4] = ["sales", "employment", "investment", "taxes"];

/// A cell of a generated sheet.
#[derive(Clone, Debug)]
enum X {
    Blank,
    Text(String),
    Number(f64),
    /// A number shown through a number format (`0.0%`, `yyyy-mm-dd`).
    Formatted(f64, &'static str),
    /// A formula, saved as a program that cannot calculate saves it.
    Formula(String),
    /// A formula with its computed value, as Excel saves it.
    Computed(String, f64),
}

fn t(s: &str) -> X {
    X::Text(s.to_string())
}

impl From<&Cell> for X {
    fn from(c: &Cell) -> X {
        match c {
            Cell::Blank => X::Blank,
            Cell::Text(s) => X::Text(s.clone()),
            Cell::Number(n) => X::Number(*n),
        }
    }
}

/// A cluster's row in `TABLE2_TEMPLATE_ORDER`, its amounts times `factor`
/// (an old draft's figures are not the ones sent).
fn row(c: &Cluster, factor: f64) -> Vec<X> {
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

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn rows(factor: f64) -> Vec<Vec<X>> {
    CLUSTERS.iter().map(|c| row(c, factor)).collect()
}

/// The column of a field in `TABLE2_TEMPLATE_ORDER`.
fn col(key: &str) -> u16 {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(0) as u16
}

fn label(key: &str) -> String {
    TABLE2
        .iter()
        .find(|f| f.key == key)
        .map_or(key.to_string(), |f| f.label.to_string())
}

/// One header row as an office writes it for itself: the template's
/// labels, 上年 / 本年 / 新增 spelled out.
fn flat_header() -> Vec<String> {
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

/// How a sheet is laid out.
#[derive(Clone, Debug)]
enum Body {
    /// The official 表二 template (`template::table2_sheet`) with these
    /// rows; cells then overwritten by `Sheet::cells`.
    Official(Vec<Vec<X>>),
    /// A grid written as is, from A1.
    Grid(Vec<Vec<X>>),
    /// The 申报表 template of SB-429006-01.
    Form,
}

#[derive(Clone, Debug)]
struct Sheet {
    name: String,
    hidden: bool,
    body: Body,
    /// Cells written over the body: (row, col, value).
    cells: Vec<(u32, u16, X)>,
    /// Merged ranges over the body (the first cell keeps its value).
    merges: Vec<(u32, u16, u32, u16)>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u16>,
}

impl Sheet {
    fn new(name: &str, body: Body) -> Sheet {
        Sheet {
            name: name.to_string(),
            hidden: false,
            body,
            cells: Vec::new(),
            merges: Vec::new(),
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
        }
    }

    fn official(name: &str, rows: Vec<Vec<X>>) -> Sheet {
        Sheet::new(name, Body::Official(rows))
    }

    /// Overwrites a cell of the official layout's data: `row` counts
    /// clusters from 0.
    fn data(mut self, row: u32, key: &str, v: X) -> Sheet {
        self.cells.push((TABLE2_FIRST_ROW + row, col(key), v));
        self
    }

    fn title(mut self, text: &str) -> Sheet {
        self.cells.push((0, 0, t(text)));
        self
    }

    fn hidden(mut self) -> Sheet {
        self.hidden = true;
        self
    }
}

/// A flat table: a title, one or more header rows, the rows, what follows.
fn grid(header: Vec<Vec<X>>, rows: Vec<Vec<X>>, after: Vec<Vec<X>>) -> Vec<Vec<X>> {
    let mut g = vec![vec![t("天门市2018年度重点成长型产业集群 表二 业绩指标")]];
    g.extend(header);
    g.extend(rows);
    g.extend(after);
    g
}

fn header_row(labels: &[String]) -> Vec<X> {
    labels.iter().map(|s| t(s)).collect()
}

fn write_x(ws: &mut Worksheet, r: u32, c: u16, x: &X, body: &Format) -> Result<()> {
    match x {
        X::Blank => {}
        X::Text(s) => {
            ws.write_string_with_format(r, c, s, body)?;
        }
        X::Number(n) => {
            ws.write_number_with_format(r, c, *n, body)?;
        }
        X::Formatted(n, code) => {
            ws.write_number_with_format(r, c, *n, &body.clone().set_num_format(*code))?;
        }
        X::Formula(f) => {
            ws.write_formula_with_format(r, c, Formula::new(f), body)?;
        }
        X::Computed(f, v) => {
            let f = Formula::new(f).set_result(v.to_string());
            ws.write_formula_with_format(r, c, f, body)?;
        }
    }
    Ok(())
}

/// The 申报表 values of SB-429006-01 as the demo has them.
fn form_value(key: &str) -> Cell {
    match key {
        "id" => "SB-429006-01".into(),
        "name" => "天门机电制造产业集群".into(),
        "prefecture" => "天门".into(),
        "county" => COUNTY.into(),
        "industry" => "机电制造".into(),
        "annual_sales" => Cell::Number(197_684.0),
        "sales_growth" => Cell::Number(10.5),
        "region_growth" => Cell::Number(10.7),
        "enterprises" => Cell::Number(89.0),
        "above_scale" => Cell::Number(28.0),
        "employment" => Cell::Number(5_292.0),
        "energy" => Cell::Number(0.162),
        "energy_avg" => Cell::Number(0.423),
        "emissions" => "是".into(),
        "brands" => Cell::Number(5.0),
        "brand_names" => "湖北省名牌产品5个".into(),
        "patents" => Cell::Number(65.0),
        "rd_platforms" => Cell::Number(2.0),
        "park" => "天门机电制造产业园".into(),
        "contact" => "刘洋".into(),
        "phone" => "0710-3221732".into(),
        _ => Cell::Blank,
    }
}

fn write_book(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let mut wb = template::workbook();
    let body = Format::new().set_border(FormatBorder::Thin);
    let visible = sheets.iter().position(|s| !s.hidden).unwrap_or(0);
    for (i, s) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        match &s.body {
            Body::Official(rows) => {
                let plain: Vec<Vec<Cell>> = rows
                    .iter()
                    .map(|r| r.iter().map(|_| Cell::Blank).collect())
                    .collect();
                template::table2_sheet(ws, YEAR, &plain)?;
                for (r, cells) in rows.iter().enumerate() {
                    for (c, x) in cells.iter().enumerate() {
                        write_x(ws, TABLE2_FIRST_ROW + r as u32, c as u16, x, &body)?;
                    }
                }
            }
            Body::Grid(g) => {
                for (r, cells) in g.iter().enumerate() {
                    for (c, x) in cells.iter().enumerate() {
                        write_x(ws, r as u32, c as u16, x, &body)?;
                    }
                }
            }
            Body::Form => {
                let core = [
                    ("天门恒信有限公司".to_string(), Cell::Number(84_034.0)),
                    ("天门楚天有限公司".to_string(), Cell::Number(62_167.0)),
                ];
                template::application_sheet(ws, YEAR, &form_value, &core)?;
            }
        }
        ws.set_name(&s.name)?;
        for (r, c, x) in &s.cells {
            write_x(ws, *r, *c, x, &body)?;
        }
        for &(r0, c0, r1, c1) in &s.merges {
            // The first cell's value is written again over the range.
            let first = s.cells.iter().find(|(r, c, _)| (*r, *c) == (r0, c0));
            ws.merge_range(r0, c0, r1, c1, "", &body)?;
            let v = match (first, &s.body) {
                (Some((_, _, x)), _) => x.clone(),
                (None, Body::Official(rows)) => rows
                    .get((r0 - TABLE2_FIRST_ROW) as usize)
                    .and_then(|r| r.get(c0 as usize))
                    .cloned()
                    .unwrap_or(X::Blank),
                (None, Body::Grid(g)) => g
                    .get(r0 as usize)
                    .and_then(|r| r.get(c0 as usize))
                    .cloned()
                    .unwrap_or(X::Blank),
                (None, Body::Form) => X::Blank,
            };
            write_x(ws, r0, c0, &v, &body)?;
        }
        for &r in &s.hidden_rows {
            ws.set_row_hidden(r)?;
        }
        for &c in &s.hidden_cols {
            ws.set_column_hidden(c)?;
        }
        if i == visible {
            ws.set_active(true);
        }
        if s.hidden {
            ws.set_hidden(true);
        }
    }
    wb.save(path)?;
    Ok(())
}

/// What a case must read to.
enum Expect {
    /// The figures of `CLUSTERS` (and, for a 申报表, the demo's form),
    /// with these warnings.
    Read(Vec<&'static str>),
    /// Refused, the report saying each of these.
    Refused(Vec<&'static str>),
}

struct Case {
    stem: &'static str,
    /// "表二" or "申报表".
    target: &'static str,
    what: &'static str,
    sheets: Vec<Sheet>,
    expect: Expect,
    /// What the `.xls` must read to instead, when that differs.
    xls: Option<Expect>,
    /// The sheets the `.xls` is converted from, when not `sheets`: a legacy
    /// workbook always holds its formulas' values, so its case is the
    /// formula with the value Excel saved.
    xls_from: Option<Vec<Sheet>>,
    /// An edit of the written `.xlsx` package.
    patch: Option<fn(&Path) -> Result<()>>,
}

fn case(stem: &'static str, what: &'static str, sheets: Vec<Sheet>, expect: Expect) -> Case {
    Case {
        stem,
        target: "表二",
        what,
        sheets,
        expect,
        xls: None,
        xls_from: None,
        patch: None,
    }
}

fn read() -> Expect {
    Expect::Read(Vec::new())
}

/// The official layout with the cluster rows as given.
fn official(rows: Vec<Vec<X>>) -> Vec<Sheet> {
    vec![Sheet::official("表二", rows)]
}

/// Both rows with one cell of cluster `i` replaced.
fn with(i: usize, key: &str, v: X) -> Vec<Vec<X>> {
    let mut r = rows(1.0);
    r[i][col(key) as usize] = v;
    r
}

/// A flat table: title, `header`, the rows with `edit` applied, `after`.
fn flat(
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
fn insert_col(g: &mut [Vec<X>], at: usize, header: &str, values: &[X]) {
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

fn units_row() -> Vec<X> {
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

fn sign_off() -> Vec<Vec<X>> {
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

fn cases() -> Vec<Case> {
    let a = 0usize;
    let b = 1usize;
    let header = || vec![header_row(&flat_header())];
    let mut out = vec![
        case(
            "表二-hidden-first-sheet",
            "a hidden first sheet holds an old draft (figures ×2); the visible 表二 is read",
            vec![
                Sheet::official("旧稿", rows(2.0)).hidden(),
                Sheet::official("表二", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-named-sheet-wins",
            "a visible draft sheet 草稿 before the sheet named 表二: 表二 is read",
            vec![
                Sheet::official("草稿", rows(2.0)).title("测算稿（不报送）"),
                Sheet::official("表二", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-named-by-title",
            "Sheet1 (a draft titled 测算稿) and Sheet2 titled 表二: Sheet2 is read",
            vec![
                Sheet::official("Sheet1", rows(2.0)).title("测算稿（不报送）"),
                Sheet::official("Sheet2", rows(1.0)),
            ],
            read(),
        ),
        case(
            "表二-two-candidates",
            "two visible sheets both titled 表二 with different figures: refused naming both",
            vec![
                Sheet::official("Sheet1", rows(2.0)),
                Sheet::official("Sheet2", rows(1.0)),
            ],
            Expect::Refused(vec!["several sheets hold this table: Sheet1、Sheet2"]),
        ),
        case(
            "表二-hidden-row",
            "a hidden row above the clusters holds an old copy of the first (figures ×2)",
            {
                let mut r = vec![row(&CLUSTERS[0], 2.0)];
                r.extend(rows(1.0));
                let mut s = Sheet::official("表二", r);
                s.hidden_rows.push(TABLE2_FIRST_ROW);
                vec![s]
            },
            read(),
        ),
        case(
            "表二-hidden-column",
            "a hidden older 本年销售收入 column (figures ×2) before the visible one",
            vec![{
                let mut s = flat("表二", header(), |_| {}, Vec::new());
                if let Body::Grid(g) = &mut s.body {
                    let old: Vec<X> = CLUSTERS
                        .iter()
                        .map(|c| X::Number(c.figures[0][1] * 2.0))
                        .collect();
                    insert_col(g, col("sales_cur") as usize, "本年销售收入（万元）", &old);
                }
                s.hidden_cols.push(col("sales_cur"));
                s
            }],
            read(),
        ),
        case(
            "表二-duplicate-column",
            "two visible 本年销售收入 columns: refused naming both cells",
            vec![{
                let mut s = flat("表二", header(), |_| {}, Vec::new());
                if let Body::Grid(g) = &mut s.body {
                    let old: Vec<X> = CLUSTERS
                        .iter()
                        .map(|c| X::Number(c.figures[0][1] * 2.0))
                        .collect();
                    insert_col(g, col("sales_cur") as usize, "本年销售收入（万元）", &old);
                }
                s
            }],
            Expect::Refused(vec![
                "表二!I2: two columns are both 本年销售收入（万元）: H2 and I2",
            ]),
        ),
        case(
            "表二-date-format",
            "本年就业人数 of the first cluster in a cell formatted as a date: refused by cell",
            vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "employment_cur",
                X::Formatted(47_366.0, "yyyy-mm-dd"),
            )],
            Expect::Refused(vec![
                "表二!K5: expected a number in 人, found a date-formatted 2029-09-05 (if it is a number, format the cell as a number)",
            ]),
        ),
        case(
            "表二-merged-county",
            "县（市、区） merged over both clusters' rows: both are in 天门市",
            vec![{
                let mut s = Sheet::official("表二", with(b, "county", X::Blank));
                let c = col("county");
                s.merges
                    .push((TABLE2_FIRST_ROW, c, TABLE2_FIRST_ROW + 1, c));
                s
            }],
            read(),
        ),
        case(
            "表二-full-width-id",
            "an id typed in full-width letters, digits and dashes",
            official(with(a, "id", t("ＫＨ－４２９００６－０１"))),
            read(),
        ),
        case(
            "表二-id-spaces-and-dash",
            "an id with spaces around it and a full-width dash inside",
            official(with(a, "id", t(" KH－429006-01\u{3000}"))),
            read(),
        ),
        case(
            "表二-bad-id",
            "an id that is no cluster id (its dash lost, its number cut): refused at its cell",
            official(with(a, "id", t("KH429006-1X"))),
            Expect::Refused(vec!["表二!A5: expected a cluster id"]),
        ),
        case(
            "表二-sign-off-row",
            "a flat table followed straight by the sign-off row (填表人, 审核人, 联系电话)",
            vec![flat("表二", header(), |_| {}, sign_off())],
            read(),
        ),
        case(
            "表二-units-row",
            "headers without units, the units (家, 万元, 人) in a row of their own under them",
            vec![flat(
                "表二",
                vec![
                    header_row(
                        &flat_header()
                            .iter()
                            .map(|h| {
                                h.replace("（万元）", "")
                                    .replace("（人）", "")
                                    .replace("（家）", "")
                            })
                            .collect::<Vec<_>>(),
                    ),
                    units_row(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-units-row-yi",
            "sales in 亿元, said only by the units row under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(
                        &flat_header()
                            .iter()
                            .map(|h| h.replace("销售收入（万元）", "销售收入"))
                            .collect::<Vec<_>>(),
                    ),
                    units_row()
                        .into_iter()
                        .enumerate()
                        .map(|(i, x)| {
                            if TABLE2_TEMPLATE_ORDER[i].starts_with("sales") {
                                t("亿元")
                            } else {
                                x
                            }
                        })
                        .collect(),
                ],
                |r| {
                    for (i, c) in CLUSTERS.iter().enumerate() {
                        for (j, k) in ["sales_prev", "sales_cur", "sales_inc"].iter().enumerate() {
                            r[i][col(k) as usize] = X::Number(c.figures[0][j] / 10_000.0);
                        }
                    }
                },
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-units-row-conflict",
            "the units row says 亿元 under a header that says 万元: refused at the units cell",
            vec![flat(
                "表二",
                {
                    let mut h = header();
                    let mut units = units_row();
                    units[col("sales_cur") as usize] = t("亿元");
                    h.push(units);
                    h
                },
                |_| {},
                Vec::new(),
            )],
            Expect::Refused(vec![
                "表二!H3: the units row says 亿元 where the header says 万元",
            ]),
        ),
        case(
            "表二-code-row-letters",
            "a column-code row (甲 乙 丙 …) under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(&flat_header()),
                    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"
                        .chars()
                        .map(|c| t(&c.to_string()))
                        .collect(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-code-row-numbers",
            "a column-number row (1 2 3 …, as numbers) under the header",
            vec![flat(
                "表二",
                vec![
                    header_row(&flat_header()),
                    (1..=18).map(|n| X::Number(n as f64)).collect(),
                ],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-statistics-wording",
            "本期 / 上年同期 / 本期比上年同期增减, as statistics offices head their columns",
            vec![flat(
                "表二",
                vec![header_row(
                    &flat_header()
                        .iter()
                        .map(|h| {
                            h.replace("上年", "上年同期")
                                .replace("本年", "本期")
                                .replace("新增", "本期比上年同期增减")
                        })
                        .collect::<Vec<_>>(),
                )],
                |_| {},
                Vec::new(),
            )],
            read(),
        ),
        case(
            "表二-accounting-negative",
            "a decrease typed as an accounting negative: (735)",
            official(with(b, "employment_inc", t("(735)"))),
            read(),
        ),
        case(
            "表二-unicode-minus",
            "a decrease typed with the minus sign U+2212: −735",
            official(with(b, "employment_inc", t("\u{2212}735"))),
            read(),
        ),
        case(
            "表二-full-width-minus",
            "a decrease typed with the full-width minus: －７３５",
            official(with(b, "employment_inc", t("－７３５"))),
            read(),
        ),
        case(
            "表二-units-in-cells",
            "amounts typed with their unit: 2,169,058.41万元, 21,690,584,100元, 0.323642172亿元",
            official({
                let mut r = rows(1.0);
                r[a][col("sales_cur") as usize] = t("2,169,058.41万元");
                r[a][col("sales_prev") as usize] = t("19,383,900,000元");
                r[a][col("taxes_prev") as usize] = t("16.2281亿元");
                r[b][col("investment_inc") as usize] = t("37,394.02 万元");
                r
            }),
            read(),
        ),
        case(
            "表二-measure-words",
            "counts typed with their measure word: 64家, 47366人",
            official({
                let mut r = rows(1.0);
                r[a][col("above_scale") as usize] = t("64家");
                r[b][col("above_scale") as usize] = t("15 家");
                r[a][col("employment_cur") as usize] = t("47,366人");
                r
            }),
            read(),
        ),
        case(
            "表二-precision",
            "an amount typed more precisely than a yuan: warned of at its cell, rounded",
            official(with(a, "sales_cur", X::Number(2_169_058.409_96))),
            Expect::Read(vec![
                "表二!H5: 2169058.40996 is more precise than what is kept",
            ]),
        ),
        {
            let r = TABLE2_FIRST_ROW + 1;
            let (p, cu) = (col("sales_prev"), col("sales_cur"));
            let name = |c: u16| pingshen::bundle::cell_name(r - 1, c as u32);
            let formula = format!("={}-{}", name(cu), name(p));
            let computed = vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "sales_inc",
                X::Computed(formula.clone(), CLUSTERS[0].figures[0][2]),
            )];
            Case {
                xls: Some(read()),
                xls_from: Some(computed),
                ..case(
                    "表二-formula-uncached",
                    "新增 as a formula written by a program that does not calculate (a placeholder 0 saved, the workbook marked to recalculate on load): refused; the .xls holds the formula with its value, and reads",
                    vec![Sheet::official("表二", rows(1.0)).data(
                        0,
                        "sales_inc",
                        X::Formula(formula),
                    )],
                    Expect::Refused(vec![
                        "表二!I5: expected a number in 万元, found a formula saved without its computed value",
                    ]),
                )
            }
        },
        {
            let r = TABLE2_FIRST_ROW + 1;
            let name = |c: u16| pingshen::bundle::cell_name(r - 1, c as u32);
            let formula = format!("={}-{}", name(col("taxes_cur")), name(col("taxes_prev")));
            let computed = vec![Sheet::official("表二", rows(1.0)).data(
                0,
                "taxes_inc",
                X::Computed(formula.clone(), CLUSTERS[0].figures[3][2]),
            )];
            Case {
                xls: Some(read()),
                xls_from: Some(computed),
                patch: Some(drop_formula_values),
                ..case(
                    "表二-formula-no-value",
                    "新增 as a formula saved with no value at all (as openpyxl saves): refused; the .xls holds the formula with its value, and reads",
                    vec![Sheet::official("表二", rows(1.0)).data(
                        0,
                        "taxes_inc",
                        X::Formula(formula),
                    )],
                    Expect::Refused(vec![
                        "表二!R5: expected a number in 万元, found a formula saved without its computed value",
                    ]),
                )
            }
        },
        Case {
            patch: Some(as_excel_saves),
            ..case(
                "表二-formula-computed",
                "every 新增 a formula with the value Excel saved (and no mark to recalculate on load, as Excel saves): read",
                vec![{
                    let mut s = Sheet::official("表二", rows(1.0));
                    for (i, c) in CLUSTERS.iter().enumerate() {
                        let r = TABLE2_FIRST_ROW + i as u32;
                        for (k, kind) in KINDS.iter().enumerate() {
                            let [p, cu, inc] = [
                                col(&format!("{kind}_prev")),
                                col(&format!("{kind}_cur")),
                                col(&format!("{kind}_inc")),
                            ];
                            let name = |c: u16| pingshen::bundle::cell_name(r, c as u32);
                            s.cells.push((
                                r,
                                inc,
                                X::Computed(format!("={}-{}", name(cu), name(p)), c.figures[k][2]),
                            ));
                        }
                    }
                    s
                }],
                read(),
            )
        },
        case(
            "表二-totals-row",
            "a 合计 row under the clusters",
            official({
                let mut r = rows(1.0);
                let mut total = vec![X::Blank, t("合计")];
                total.extend((2..18).map(|_| X::Blank));
                for (i, cell) in total
                    .iter_mut()
                    .enumerate()
                    .skip(col("sales_prev") as usize)
                {
                    let sum: f64 = r
                        .iter()
                        .map(|row| match &row[i] {
                            X::Number(n) => *n,
                            _ => 0.0,
                        })
                        .sum();
                    *cell = X::Number(round2(sum));
                }
                r.push(total);
                r
            }),
            read(),
        ),
        case(
            "表二-all-at-once",
            "a hidden draft sheet, a title, statistics wording without units, a units row, a code row, a hidden old row, a hidden old column, a merged county, a full-width id, an accounting negative, units and measure words in cells, a sign-off row",
            {
                let stats: Vec<String> = flat_header()
                    .iter()
                    .map(|h| {
                        h.replace("上年", "上年同期")
                            .replace("本年", "本期")
                            .replace("新增", "本期比上年同期增减")
                            .replace("（万元）", "")
                            .replace("（人）", "")
                            .replace("（家）", "")
                    })
                    .collect();
                let codes: Vec<X> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"
                    .chars()
                    .map(|c| t(&c.to_string()))
                    .collect();
                let mut data = vec![row(&CLUSTERS[0], 2.0)];
                data.extend(rows(1.0));
                data[1][col("id") as usize] = t("ＫＨ－４２９００６－０１");
                data[2][col("county") as usize] = X::Blank;
                data[2][col("employment_inc") as usize] = t("(735)");
                data[1][col("sales_cur") as usize] = t("2,169,058.41万元");
                data[1][col("above_scale") as usize] = t("64家");
                let mut g = grid(
                    vec![header_row(&stats), units_row(), codes],
                    data,
                    sign_off(),
                );
                let old: Vec<X> = std::iter::once(X::Blank)
                    .chain(std::iter::once(X::Blank))
                    .chain(CLUSTERS.iter().map(|c| X::Number(c.figures[3][1] * 3.0)))
                    .collect();
                // The hidden column comes before 本期上缴工商税收 (after the
                // rows added above the header: units, codes).
                let at = col("taxes_cur") as usize;
                for (i, r) in g.iter_mut().enumerate() {
                    let v = match i {
                        0 => X::Blank,
                        1 => t("本期上缴工商税收"),
                        2 => t("万元"),
                        3 => t("丑"),
                        n => old.get(n - 3).cloned().unwrap_or(X::Blank),
                    };
                    if r.len() >= at {
                        r.insert(at, v);
                    }
                }
                let mut s = Sheet::new("表二", Body::Grid(g));
                s.hidden_rows.push(4);
                s.hidden_cols.push(at as u16);
                let c = col("county");
                s.merges.push((5, c, 6, c));
                vec![Sheet::official("旧稿", rows(2.0)).hidden(), s]
            },
            read(),
        ),
    ];
    // The 申报表 of SB-429006-01.
    let form = |edit: &dyn Fn(&mut Sheet)| {
        let mut s = Sheet::new("申报表", Body::Form);
        edit(&mut s);
        vec![s]
    };
    let at = |key: &str| template::form_cell(key).unwrap_or((0, 0));
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-percent-growth",
            "growth typed as 10.5% in Excel: 0.105 stored with a percent format, read as 10.5",
            form(&|s| {
                let (r, c) = at("sales_growth");
                s.cells.push((r, c, X::Formatted(0.105, "0.0%")));
                let (r, c) = at("region_growth");
                s.cells.push((r, c, X::Formatted(0.107, "0.00%")));
            }),
            read(),
        )
    });
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-percent-text",
            "growth typed as the text 10.5% and 10.7％",
            form(&|s| {
                let (r, c) = at("sales_growth");
                s.cells.push((r, c, t("10.5%")));
                let (r, c) = at("region_growth");
                s.cells.push((r, c, t("10.7％")));
            }),
            read(),
        )
    });
    out.push(Case {
        target: "申报表",
        ..case(
            "申报表-units-in-cells",
            "annual sales typed as 19.7684亿元, employment as 5,292人, brands as 5个",
            form(&|s| {
                let (r, c) = at("annual_sales");
                s.cells.push((r, c, t("19.7684亿元")));
                let (r, c) = at("employment");
                s.cells.push((r, c, t("5,292人")));
                let (r, c) = at("brands");
                s.cells.push((r, c, t("5个")));
            }),
            read(),
        )
    });
    out
}

/// The figures every case that reads must come to, as `show --json` says
/// them (yuan, persons).
fn expected_figures() -> Json {
    let clusters: serde_json::Map<String, Json> = CLUSTERS
        .iter()
        .map(|c| {
            let indicators: Vec<Json> = KINDS
                .iter()
                .zip(c.figures.iter())
                .map(|(kind, f)| {
                    let scale = if *kind == "employment" { 1.0 } else { 10_000.0 };
                    json!({
                        "kind": kind,
                        "previous": (f[0] * scale).round() as i64,
                        "current": (f[1] * scale).round() as i64,
                        "increment": (f[2] * scale).round() as i64,
                    })
                })
                .collect();
            (
                c.id.to_string(),
                json!({
                    "name": c.name,
                    "county": COUNTY,
                    "industry": c.industry,
                    "above_scale": c.above_scale as i64,
                    "indicators": indicators,
                }),
            )
        })
        .collect();
    json!({
        "clusters": clusters,
        "application": {
            "SB-429006-01": {
                "annual_sales": 1_976_840_000i64,
                "sales_growth_pct": 10.5,
                "region_growth_pct": 10.7,
                "employment": 5292,
                "brands": 5,
            }
        }
    })
}

fn expect_json(e: &Expect) -> Json {
    match e {
        Expect::Read(w) => json!({ "reads": true, "warnings": w }),
        Expect::Refused(m) => json!({ "reads": false, "errors": m }),
    }
}

/// Removes every formula's saved value and the recalculate-on-load mark:
/// the shape of a workbook openpyxl writes.
fn drop_formula_values(path: &Path) -> Result<()> {
    zip_edit::rewrite_zip(
        path,
        |name, text| {
            Ok(match name {
                "xl/workbook.xml" => text.replace(" fullCalcOnLoad=\"1\"", ""),
                n if n.starts_with("xl/worksheets/") => text.replace("</f><v>0</v>", "</f>"),
                _ => text,
            })
        },
        &[],
    )
}

/// Removes the recalculate-on-load mark rust_xlsxwriter sets: the values
/// saved with the formulas are then what Excel computed.
fn as_excel_saves(path: &Path) -> Result<()> {
    zip_edit::rewrite_zip(
        path,
        |name, text| {
            Ok(match name {
                "xl/workbook.xml" => text.replace(" fullCalcOnLoad=\"1\"", ""),
                _ => text,
            })
        },
        &[],
    )
}

/// Converts with LibreOffice into `dir` (format: "xls").
fn soffice(src: &Path, format: &str, dir: &Path) -> Result<PathBuf> {
    let tmp = tempfile::tempdir()?;
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(src)
        .env("HOME", tmp.path())
        .stdout(std::process::Stdio::null())
        .status()
        .context("LibreOffice (soffice) is needed to write the .xls files")?;
    if !status.success() {
        bail!("soffice failed on {}", src.display());
    }
    let stem = src
        .file_stem()
        .context("stem")?
        .to_string_lossy()
        .to_string();
    Ok(dir.join(format!("{stem}.{format}")))
}

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("testdata/messy"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let mut listed = Vec::new();
    for c in cases() {
        let xlsx = dir.join(format!("{}.xlsx", c.stem));
        write_book(&xlsx, &c.sheets)?;
        if let Some(patch) = c.patch {
            patch(&xlsx)?;
        }
        let xls = match &c.xls_from {
            Some(sheets) => {
                let tmp = tempfile::tempdir()?;
                let src = tmp.path().join(format!("{}.xlsx", c.stem));
                write_book(&src, sheets)?;
                soffice(&src, "xls", &dir)?
            }
            None => soffice(&xlsx, "xls", &dir)?,
        };
        if !xls.exists() {
            bail!("LibreOffice wrote no {}", xls.display());
        }
        for (file, e) in [
            (xlsx, &c.expect),
            (xls, c.xls.as_ref().unwrap_or(&c.expect)),
        ] {
            let name = file
                .file_name()
                .context("name")?
                .to_string_lossy()
                .to_string();
            let mut j = expect_json(e);
            j["file"] = json!(name);
            j["replaces"] = json!(c.target);
            j["what"] = json!(c.what);
            listed.push(j);
        }
    }
    let cases = json!({ "expected": expected_figures(), "cases": listed });
    fs::write(
        dir.join("cases.json"),
        serde_json::to_string_pretty(&cases)? + "\n",
    )?;
    println!("{} workbooks in {}", listed.len(), dir.display());
    Ok(())
}
