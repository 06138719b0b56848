//! Form layouts (申报表, and the label above a catalogue): label cells with
//! their values beside or below them.

use std::collections::BTreeMap;

use crate::bundle::Loc;
use crate::bundle::cells::{self, Unit};
use crate::bundle::ctx::Ctx;
use crate::bundle::fields::{FORM, FORM_CORE_NAME, FORM_CORE_SALES};
use crate::bundle::workbook::{Sheet, Value};
use crate::i18n::{M, trf};
use crate::model::{Application, Cluster, ClusterId, CoreEnterprise, Round, Yuan};
use crate::text;

/// A label found in a form, and the value that goes with it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub label: (u32, u32),
    /// The value cell, where one is filled in.
    pub value: Option<(u32, u32, Value)>,
}

impl Hit {
    /// The value cell's position, or the cell right of the label when empty.
    pub(crate) fn pos(&self) -> (u32, u32) {
        self.value
            .as_ref()
            .map_or((self.label.0, self.label.1 + 1), |(r, c, _)| (*r, *c))
    }

    pub fn get(&self) -> &Value {
        self.value.as_ref().map_or(&Value::Empty, |(_, _, v)| v)
    }
}

const MAX_LABEL_CHARS: usize = 40;

/// Finds each label of `labels` (by the longest of its words a cell
/// contains; the first cell claims it) above `before_row`, and its value: the
/// next filled cell to the right, or else the cell below, unless that cell is
/// itself a label.
pub fn label_values(
    sheet: &Sheet,
    labels: &[(&'static str, &[&str])],
    before_row: Option<u32>,
) -> BTreeMap<&'static str, Hit> {
    let mut claimed: BTreeMap<&'static str, (u32, u32)> = BTreeMap::new();
    let mut label_cells = std::collections::BTreeSet::new();
    for row in sheet
        .rows
        .iter()
        .filter(|r| before_row.is_none_or(|b| r.index < b))
    {
        for (c, v) in &row.cells {
            let Value::Text(s) = v else { continue };
            let f = text::fold(s);
            let f = f.trim_end_matches(':');
            if f.chars().count() > MAX_LABEL_CHARS {
                continue;
            }
            let best = labels
                .iter()
                .filter(|(k, _)| !claimed.contains_key(k))
                .filter_map(|(k, words)| {
                    let len = words
                        .iter()
                        .filter(|w| f.contains(*w))
                        .map(|w| w.chars().count())
                        .max()?;
                    Some((len, *k))
                })
                .max_by_key(|(len, _)| *len);
            if let Some((_, key)) = best {
                claimed.insert(key, (row.index, *c));
                label_cells.insert((row.index, *c));
            }
        }
    }
    claimed
        .into_iter()
        .map(|(key, (r, c))| {
            let right = sheet
                .row(r)
                .and_then(|row| row.cells.iter().find(|(cc, v)| *cc > c && !v.is_empty()))
                .map(|(cc, v)| (r, *cc, v.clone()));
            let below = || {
                let v = sheet.get(r + 1, c);
                (!v.is_empty()).then(|| (r + 1, c, v.clone()))
            };
            let value = match right {
                Some((rr, cc, _)) if label_cells.contains(&(rr, cc)) => None,
                Some(hit) => Some(hit),
                None => below().filter(|(rr, cc, _)| !label_cells.contains(&(*rr, *cc))),
            };
            (
                key,
                Hit {
                    label: (r, c),
                    value,
                },
            )
        })
        .collect()
}

/// The header row of the core-enterprise list: (row, name column, and the
/// sales column with the unit its header states).
type CoreHeader = (u32, u32, Option<(u32, Option<Unit>)>);

fn core_header(sheet: &Sheet) -> Option<CoreHeader> {
    for row in &sheet.rows {
        let name_col = row.cells.iter().find_map(|(c, v)| {
            let f = text::fold(&v.as_text());
            FORM_CORE_NAME.iter().any(|w| f.contains(w)).then_some(*c)
        });
        if let Some(nc) = name_col {
            let sales = row.cells.iter().find_map(|(c, v)| {
                let f = text::fold(&v.as_text());
                FORM_CORE_SALES
                    .iter()
                    .any(|w| f.contains(w))
                    .then(|| (*c, Unit::in_label(&f)))
            });
            return Some((row.index, nc, sales));
        }
    }
    None
}

/// Reads an application form (申报表) into a cluster of the application round.
pub(crate) fn read_application(sheets: &[Sheet], ctx: &mut Ctx<'_>) -> Option<Cluster> {
    let labels: Vec<(&'static str, &[&str])> = FORM.iter().map(|(k, _, w)| (*k, *w)).collect();
    // The sheet with the most labels is the form.
    let (sheet, hits, core) = sheets
        .iter()
        .map(|s| {
            let core = core_header(s);
            // The list and its title row are not labels of the form.
            let stop = core.map(|(r, _, _)| r.saturating_sub(1));
            (s, label_values(s, &labels, stop), core)
        })
        .max_by_key(|(_, h, _)| h.len())?;
    let file = ctx.file;
    let loc = |(r, c): (u32, u32)| Loc::cell(file, &sheet.name, r, c);
    let label_unit = |key: &str| {
        hits.get(key)
            .map(|h| text::fold(&sheet.get(h.label.0, h.label.1).as_text()))
            .and_then(|l| Unit::in_label(&l))
    };
    let mut get =
        |key: &str, f: &dyn Fn(&Value) -> cells::CellResult<ParsedField>| -> Option<ParsedField> {
            let hit = hits.get(key)?;
            match f(hit.get()) {
                Ok(v) => v,
                Err(msg) => {
                    ctx.problems.error(loc(hit.pos()), msg);
                    None
                }
            }
        };
    let text = |v: &Value| cells::text_of(v).map(|o| o.map(ParsedField::Text));
    let money_unit = label_unit("annual_sales").unwrap_or(Unit::Wan);
    let money = move |v: &Value| cells::scaled_int(v, money_unit).map(|o| o.map(ParsedField::Int));
    let int = |v: &Value| cells::whole(v).map(|o| o.map(ParsedField::Int));
    let pct = |v: &Value| cells::real(v, Unit::Percent).map(|o| o.map(ParsedField::Real));
    let tce = |v: &Value| cells::real(v, Unit::TcePerWan).map(|o| o.map(ParsedField::Real));
    let yes = |v: &Value| cells::yes_no(v).map(|o| o.map(ParsedField::Bool));

    let id_of = |v: &Value| cells::cluster_id(v).map(|o| o.map(ParsedField::Text));
    let id = get("id", &id_of).and_then(ParsedField::text);
    let name = get("name", &text).and_then(ParsedField::text);
    let named_pref = get("prefecture", &text).and_then(ParsedField::text);
    let county = get("county", &text)
        .and_then(ParsedField::text)
        .unwrap_or_default();
    let industry = get("industry", &text)
        .and_then(ParsedField::text)
        .unwrap_or_default();
    let mut app = Application {
        annual_sales: get("annual_sales", &money)
            .and_then(ParsedField::int)
            .map(Yuan),
        sales_growth_pct: get("sales_growth", &pct).and_then(ParsedField::real),
        region_growth_pct: get("region_growth", &pct).and_then(ParsedField::real),
        energy_per_value_added: get("energy", &tce).and_then(ParsedField::real),
        local_energy_average: get("energy_avg", &tce).and_then(ParsedField::real),
        emissions_compliant: get("emissions", &yes).and_then(ParsedField::bool),
        brands: get("brands", &int).and_then(ParsedField::int),
        brand_names: get("brand_names", &text)
            .and_then(ParsedField::text)
            .unwrap_or_default(),
        patents: get("patents", &int).and_then(ParsedField::int),
        rd_platforms: get("rd_platforms", &int).and_then(ParsedField::int),
        enterprises: get("enterprises", &int).and_then(ParsedField::int),
        employment: get("employment", &int).and_then(ParsedField::int),
        park: get("park", &text)
            .and_then(ParsedField::text)
            .unwrap_or_default(),
        contact: get("contact", &text)
            .and_then(ParsedField::text)
            .unwrap_or_default(),
        phone: get("phone", &text)
            .and_then(ParsedField::text)
            .unwrap_or_default(),
        core_enterprises: Vec::new(),
    };
    let above_scale = get("above_scale", &int).and_then(ParsedField::int);

    if let Some((hr, name_col, sales)) = core {
        let unit = sales.and_then(|(_, u)| u).unwrap_or(Unit::Wan);
        for row in sheet.rows.iter().filter(|r| r.index > hr) {
            let first = row.cells.iter().find(|(_, v)| !v.is_empty());
            let Some((_, first)) = first else { break };
            let f = text::fold(&first.as_text());
            if ["注", "填表说明", "说明", "备注"]
                .iter()
                .any(|p| f.starts_with(p))
            {
                break;
            }
            let Ok(Some(name)) = cells::text_of(row.get(name_col)) else {
                continue;
            };
            let sales = sales.and_then(|(sc, _)| match cells::scaled_int(row.get(sc), unit) {
                Ok(v) => v,
                Err(msg) => {
                    ctx.problems.error(loc((row.index, sc)), msg);
                    None
                }
            });
            app.core_enterprises.push(CoreEnterprise {
                name,
                sales: sales.map(Yuan),
            });
        }
    }

    for (key, what) in [("id", M::FieldId), ("name", M::FieldName)] {
        let filled = hits.get(key).is_some_and(|h| !h.get().is_empty());
        if !filled {
            let pos = hits.get(key).map_or((0, 0), Hit::pos);
            ctx.problems.error(loc(pos), cells::missing(what));
        }
    }
    // Every field the form asks for, blank or absent: a finding at its cell.
    let cluster = id.clone();
    for (key, label, _) in FORM.iter().filter(|(k, _, _)| !matches!(*k, "id" | "name")) {
        if *key == "brand_names" && app.brands == Some(0) {
            continue;
        }
        let (at, message) = match hits.get(*key) {
            Some(h) if h.get().is_empty() => (loc(h.pos()), trf(M::BlankFormField, &[label])),
            Some(_) => continue,
            None => (
                Loc::sheet(file, &sheet.name),
                trf(M::AbsentFormField, &[label]),
            ),
        };
        ctx.problems.finding(
            crate::bundle::Severity::Warning,
            cluster.as_deref(),
            M::BlankFormField,
            at,
            message,
        );
    }
    let pref_pos = hits.get("prefecture").map_or((0, 0), Hit::pos);
    let prefecture = ctx.prefecture(loc(pref_pos), named_pref);
    Some(Cluster {
        id: ClusterId(id?),
        round: Round::Application,
        name: name?,
        prefecture,
        county,
        industry,
        above_scale,
        indicators: Vec::new(),
        application: Some(app),
        source: file.to_string(),
    })
}

/// A form value of one of the kinds a form holds.
enum ParsedField {
    Text(String),
    Int(i64),
    Real(f64),
    Bool(bool),
}

impl ParsedField {
    fn text(self) -> Option<String> {
        match self {
            ParsedField::Text(s) => Some(s),
            _ => None,
        }
    }
    fn int(self) -> Option<i64> {
        match self {
            ParsedField::Int(i) => Some(i),
            _ => None,
        }
    }
    fn real(self) -> Option<f64> {
        match self {
            ParsedField::Real(x) => Some(x),
            _ => None,
        }
    }
    fn bool(self) -> Option<bool> {
        match self {
            ParsedField::Bool(b) => Some(b),
            _ => None,
        }
    }
}
