//! Writing a workbook the way an office's looks: cells of any kind, sheets
//! hidden or titled, merged cells, formats, the 申报表 form.

use super::*;

/// A cell of a generated sheet.
#[derive(Clone, Debug)]
pub(crate) enum X {
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

pub(crate) fn t(s: &str) -> X {
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

/// How a sheet is laid out.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// The official 表二 template (`template::table2_sheet`) with these
    /// rows; cells then overwritten by `Sheet::cells`.
    Official(Vec<Vec<X>>),
    /// A grid written as is, from A1.
    Grid(Vec<Vec<X>>),
    /// The 申报表 template of SB-429006-01.
    Form,
}

#[derive(Clone, Debug)]
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) hidden: bool,
    pub(crate) body: Body,
    /// Cells written over the body: (row, col, value).
    pub(crate) cells: Vec<(u32, u16, X)>,
    /// Merged ranges over the body (the first cell keeps its value).
    pub(crate) merges: Vec<(u32, u16, u32, u16)>,
    pub(crate) hidden_rows: Vec<u32>,
    pub(crate) hidden_cols: Vec<u16>,
}

impl Sheet {
    pub(crate) fn new(name: &str, body: Body) -> Sheet {
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

    pub(crate) fn official(name: &str, rows: Vec<Vec<X>>) -> Sheet {
        Sheet::new(name, Body::Official(rows))
    }

    /// Overwrites a cell of the official layout's data: `row` counts
    /// clusters from 0.
    pub(crate) fn data(mut self, row: u32, key: &str, v: X) -> Sheet {
        self.cells.push((TABLE2_FIRST_ROW + row, col(key), v));
        self
    }

    pub(crate) fn title(mut self, text: &str) -> Sheet {
        self.cells.push((0, 0, t(text)));
        self
    }

    pub(crate) fn hidden(mut self) -> Sheet {
        self.hidden = true;
        self
    }
}

/// A flat table: a title, one or more header rows, the rows, what follows.
pub(crate) fn grid(header: Vec<Vec<X>>, rows: Vec<Vec<X>>, after: Vec<Vec<X>>) -> Vec<Vec<X>> {
    let mut g = vec![vec![t("天门市2018年度重点成长型产业集群 表二 业绩指标")]];
    g.extend(header);
    g.extend(rows);
    g.extend(after);
    g
}

pub(crate) fn header_row(labels: &[String]) -> Vec<X> {
    labels.iter().map(|s| t(s)).collect()
}

pub(crate) fn write_x(ws: &mut Worksheet, r: u32, c: u16, x: &X, body: &Format) -> Result<()> {
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
pub(crate) fn form_value(key: &str) -> Cell {
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

pub(crate) fn write_book(path: &Path, sheets: &[Sheet]) -> Result<()> {
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
