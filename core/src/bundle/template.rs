//! The workbook templates an office sends to prefectures (`pingshen
//! template DIR`), written with rust_xlsxwriter. The sample generator fills
//! the same layouts, so the templates and the demo data cannot drift apart.
//!
//! Every cell is written as a string or a number, never as a formula.

use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::bundle::fields::{CATALOGUE, FORM, SUMMARY, TABLE2, TABLE2_TEMPLATE_ORDER};
use crate::model::IndicatorKind;

/// A value to write into a cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Blank,
    Text(String),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Number(x)
    }
}

/// Formats shared by every template.
struct Styles {
    title: Format,
    header: Format,
    body: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = Format::new().set_border(FormatBorder::Thin);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            header: border
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            body: border,
            note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A new workbook with the fixed properties every template carries.
pub fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    // A fixed creation time keeps generated workbooks byte-for-byte reproducible.
    if let Ok(t) = ExcelDateTime::from_ymd(2019, 3, 1) {
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&t)
                .set_author("pingshen"),
        );
    }
    wb
}

fn put(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell, fmt: &Format) -> Result<(), XlsxError> {
    match cell {
        Cell::Blank => ws.write_blank(row, col, fmt)?,
        Cell::Text(s) => ws.write_string_with_format(row, col, s, fmt)?,
        Cell::Number(x) => ws.write_number_with_format(row, col, *x, fmt)?,
    };
    Ok(())
}

fn note_row(
    ws: &mut Worksheet,
    row: u32,
    last_col: u16,
    text: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.merge_range(row, 0, row, last_col, text, &st.note)?;
    ws.set_row_height(row, 60)?;
    Ok(())
}

/// The header of 表二 as the template lays it out: fixed columns merged over
/// two rows, then each indicator as a group over 上年 / 本年 / 新增.
fn table2_header(ws: &mut Worksheet, row: u32, st: &Styles) -> Result<u16, XlsxError> {
    fn label(key: &'static str) -> &'static str {
        TABLE2
            .iter()
            .find(|f| f.key == key)
            .map_or(key, |f| f.label)
    }
    let fixed = &TABLE2_TEMPLATE_ORDER[..6];
    for (c, key) in fixed.iter().enumerate() {
        ws.merge_range(row, c as u16, row + 1, c as u16, label(key), &st.header)?;
    }
    let mut col = fixed.len() as u16;
    for kind in IndicatorKind::ALL {
        let group = match kind {
            IndicatorKind::Sales => "销售收入（万元）",
            IndicatorKind::Employment => "就业人数（人）",
            IndicatorKind::Investment => "固定资产投资额（万元）",
            IndicatorKind::Taxes => "上缴工商税收（万元）",
        };
        ws.merge_range(row, col, row, col + 2, group, &st.header)?;
        for (i, sub) in ["上年", "本年", "新增"].iter().enumerate() {
            ws.write_string_with_format(row + 1, col + i as u16, *sub, &st.header)?;
        }
        col += 3;
    }
    Ok(col - 1)
}

/// The row of 表二's first cluster (0-based): under the title, the
/// 填报单位 line and the two header rows.
pub const TABLE2_FIRST_ROW: u32 = 4;

/// Writes 表二 业绩指标 with `rows` (each in `TABLE2_TEMPLATE_ORDER`).
pub fn write_table2(path: &Path, year: i32, rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
    let mut wb = workbook();
    table2_sheet(wb.add_worksheet(), year, rows)?;
    wb.save(path)
}

/// Lays out 表二 业绩指标 on `ws` (named 表二): the template's title,
/// header and notes around `rows`, from `TABLE2_FIRST_ROW` on.
pub fn table2_sheet(ws: &mut Worksheet, year: i32, rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
    let st = Styles::new();
    ws.set_name("表二")?;
    let last = table2_header(ws, 2, &st)?;
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{year}年度省重点成长型产业集群考核 表二 业绩指标"),
        &st.title,
    )?;
    ws.write_string(1, 0, "填报单位（盖章）：")?;
    for (i, r) in rows.iter().enumerate() {
        for (c, cell) in r.iter().enumerate() {
            put(ws, TABLE2_FIRST_ROW + i as u32, c as u16, cell, &st.body)?;
        }
    }
    let notes = format!(
        "填表说明：1. 每个集群一行，统计口径为集群内规模以上企业；2. 金额单位为万元，就业单位为人；3. 上年为{}年，本年为{year}年，新增 = 本年 − 上年；4. 集群编号由省经信厅统一编定，请勿改动。",
        year - 1
    );
    note_row(
        ws,
        TABLE2_FIRST_ROW + 1 + rows.len() as u32,
        last,
        &notes,
        &st,
    )?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(4, 14)?;
    ws.set_freeze_panes(TABLE2_FIRST_ROW, 2)?;
    Ok(())
}

/// Writes 附件3 数据汇总表: a row per cluster and the totals row.
pub fn write_summary(
    path: &Path,
    year: i32,
    prefecture: &str,
    rows: &[Vec<Cell>],
    totals: Option<&[Cell]>,
) -> Result<(), XlsxError> {
    let st = Styles::new();
    let mut wb = workbook();
    let ws = wb.add_worksheet();
    ws.set_name("附件3")?;
    let headers: Vec<&str> = std::iter::once("序号")
        .chain(SUMMARY.iter().map(|f| f.label))
        .collect();
    let last = headers.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{year}年度省重点成长型产业集群数据汇总表（{prefecture}）"),
        &st.title,
    )?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &st.header)?;
    }
    let mut r = 2;
    for (i, row) in rows.iter().enumerate() {
        put(ws, r, 0, &Cell::Number(i as f64 + 1.0), &st.body)?;
        for (c, cell) in row.iter().enumerate() {
            put(ws, r, c as u16 + 1, cell, &st.body)?;
        }
        r += 1;
    }
    if let Some(t) = totals {
        put(ws, r, 0, &Cell::from("合计"), &st.body)?;
        for (c, cell) in t.iter().enumerate() {
            put(ws, r, c as u16 + 1, cell, &st.body)?;
        }
        r += 1;
    }
    note_row(
        ws,
        r + 1,
        last,
        "填表说明：各项均为新增数，与表二一致；末行为合计。",
        &st,
    )?;
    ws.set_column_width(2, 28)?;
    ws.set_freeze_panes(2, 0)?;
    wb.save(path)
}

/// Writes a cluster's 证明材料目录 with its items (序号, 材料名称, 对应评分项, 页数, 文件路径).
pub fn write_catalogue(
    path: &Path,
    cluster_id: &str,
    cluster_name: &str,
    items: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    let st = Styles::new();
    let mut wb = workbook();
    let ws = wb.add_worksheet();
    ws.set_name("目录")?;
    let last = CATALOGUE.len() as u16 - 1;
    ws.merge_range(0, 0, 0, last, "证明材料目录", &st.title)?;
    ws.write_string_with_format(1, 0, "集群编号", &st.header)?;
    ws.write_string_with_format(1, 1, cluster_id, &st.body)?;
    ws.write_string_with_format(1, 2, "集群名称", &st.header)?;
    ws.merge_range(1, 3, 1, last, cluster_name, &st.body)?;
    for (c, f) in CATALOGUE.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, f.label, &st.header)?;
    }
    for (i, row) in items.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            put(ws, 3 + i as u32, c as u16, cell, &st.body)?;
        }
    }
    note_row(
        ws,
        4 + items.len() as u32,
        last,
        "填表说明：按装订顺序逐项填写；对应评分项填评分标准中的编号或名称；文件路径相对于本目录所在文件夹。",
        &st,
    )?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 22)?;
    ws.set_column_width(4, 40)?;
    wb.save(path)
}

/// Writes a 申报表 form: each field's label with its value beside it, two
/// fields a row, then the core-enterprise list.
pub fn write_application(
    path: &Path,
    year: i32,
    values: &dyn Fn(&str) -> Cell,
    core: &[(String, Cell)],
) -> Result<(), XlsxError> {
    let mut wb = workbook();
    application_sheet(wb.add_worksheet(), year, values, core)?;
    wb.save(path)
}

/// Where the value of the 申报表 field `key` goes: (row, column), 0-based.
pub fn form_cell(key: &str) -> Option<(u32, u16)> {
    let i = FORM.iter().position(|(k, _, _)| *k == key)?;
    Some((1 + (i / 2) as u32, (i % 2 * 2 + 1) as u16))
}

/// Lays out a 申报表 form on `ws` (named 申报表).
pub fn application_sheet(
    ws: &mut Worksheet,
    year: i32,
    values: &dyn Fn(&str) -> Cell,
    core: &[(String, Cell)],
) -> Result<(), XlsxError> {
    let st = Styles::new();
    ws.set_name("申报表")?;
    ws.merge_range(
        0,
        0,
        0,
        3,
        &format!("{}年度湖北省重点成长型产业集群申报表", year + 1),
        &st.title,
    )?;
    // The rows `form_cell` says.
    let mut row = 1;
    for pair in FORM.chunks(2) {
        for (i, (key, label, _)) in pair.iter().enumerate() {
            let c = (i * 2) as u16;
            ws.write_string_with_format(row, c, *label, &st.header)?;
            put(ws, row, c + 1, &values(key), &st.body)?;
        }
        row += 1;
    }
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        3,
        "核心企业（年销售收入1亿元以上）",
        &st.header,
    )?;
    row += 1;
    for (c, h) in ["序号", "企业名称", "年销售收入（万元）"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    for (i, (name, sales)) in core.iter().enumerate() {
        row += 1;
        put(ws, row, 0, &Cell::Number(i as f64 + 1.0), &st.body)?;
        put(ws, row, 1, &Cell::Text(name.clone()), &st.body)?;
        put(ws, row, 2, sales, &st.body)?;
    }
    row += 2;
    note_row(
        ws,
        row,
        3,
        "填表说明：金额单位为万元；增速填百分数（如 12.5）；能耗单位为吨标准煤/万元；“三废”排放达标填“是”或“否”；核心企业可续行填写。",
        &st,
    )?;
    for (c, w) in [(0, 30), (1, 26), (2, 30), (3, 26)] {
        ws.set_column_width(c, w)?;
    }
    Ok(())
}

/// Writes a plain table as a prefecture might lay it out itself: title rows
/// (merged across), one header row, the rows, then notes rows.
pub fn write_grid(
    path: &Path,
    sheet: &str,
    titles: &[&str],
    header: &[String],
    rows: &[Vec<Cell>],
    notes: &[&str],
) -> Result<(), XlsxError> {
    let st = Styles::new();
    let mut wb = workbook();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let last = header.len().saturating_sub(1) as u16;
    for (r, t) in titles.iter().enumerate() {
        ws.merge_range(r as u32, 0, r as u32, last, t, &st.title)?;
    }
    let top = titles.len() as u32;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, h, &st.header)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            put(ws, top + 1 + i as u32, c as u16, cell, &st.body)?;
        }
    }
    let after = top + rows.len() as u32 + 2;
    for (i, n) in notes.iter().enumerate() {
        ws.write_string(after + i as u32, 0, *n)?;
    }
    wb.save(path)
}

/// Writes the four blank templates into `dir`; returns how many.
pub fn write_blank(dir: &Path, year: i32) -> Result<usize, XlsxError> {
    std::fs::create_dir_all(dir)?;
    write_table2(&dir.join("表二 业绩指标.xlsx"), year, &[])?;
    write_summary(
        &dir.join("附件3 数据汇总表.xlsx"),
        year,
        "市州",
        &[],
        Some(&[]),
    )?;
    write_catalogue(&dir.join("证明材料目录.xlsx"), "", "", &[])?;
    write_application(&dir.join("申报表.xlsx"), year, &|_| Cell::Blank, &[])?;
    Ok(4)
}
