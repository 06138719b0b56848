//! Writes the workbooks of `testdata/broken/` that the tests feed to `pack`
//! and `import` (see `testdata/broken/README.md` for what each must do):
//!
//!     cargo run --example gen_broken -- testdata/broken
//!
//! The `.xls` files and the LibreOffice-saved `.xlsx` are made by LibreOffice
//! (`soffice --headless --convert-to`), which must be installed to run this;
//! the committed files are what the tests use, so CI does not need it.

use std::fs;

#[path = "common/xls_edit.rs"]
mod xls_edit;
#[path = "common/zip_edit.rs"]
mod zip_edit;
use std::path::{Path, PathBuf};
use std::process::Command;
use zip_edit::rewrite_zip;

use anyhow::{Context, Result, bail};
use pingshen::bundle::fields::TABLE2_TEMPLATE_ORDER;
use pingshen::bundle::template::{self, Cell};

const YEAR: i32 = 2018;

/// The one cluster of 神农架林区 in the demo, as the official 表二 writes it.
fn row(name: &str, sales_cur: Cell) -> Vec<Cell> {
    TABLE2_TEMPLATE_ORDER
        .iter()
        .map(|k| match *k {
            "id" => Cell::from("KH-429021-01"),
            "name" => Cell::from(name),
            "prefecture" => Cell::from("神农架林区"),
            "county" => Cell::from("神农架林区"),
            "industry" => Cell::from("绿色食品"),
            "above_scale" => Cell::Number(31.0),
            "sales_prev" => Cell::Number(152_300.0),
            "sales_cur" => sales_cur.clone(),
            "sales_inc" => Cell::Number(15_230.5),
            "employment_prev" => Cell::Number(3_120.0),
            "employment_cur" => Cell::Number(3_388.0),
            "employment_inc" => Cell::Number(268.0),
            "investment_prev" => Cell::Number(41_000.0),
            "investment_cur" => Cell::Number(45_500.0),
            "investment_inc" => Cell::Number(4_500.0),
            "taxes_prev" => Cell::Number(9_800.0),
            "taxes_cur" => Cell::Number(10_750.25),
            "taxes_inc" => Cell::Number(950.25),
            _ => Cell::Blank,
        })
        .collect()
}

const NAME: &str = "神农架绿色食品产业集群";

fn official(path: &Path, rows: &[Vec<Cell>]) -> Result<()> {
    template::write_table2(path, YEAR, rows)?;
    Ok(())
}

/// Rewrites one entry of a zip (an .xlsx) through `edit`.
fn patch_zip(path: &Path, entry: &str, edit: impl Fn(String) -> String) -> Result<()> {
    rewrite_zip(
        path,
        |name, text| Ok(if name == entry { edit(text) } else { text }),
        &[],
    )
}

/// Replaces `from` by `to` in `s`, which must hold it exactly once.
fn once(s: &str, from: &str, to: &str) -> Result<String> {
    if s.matches(from).count() != 1 {
        bail!("expected {from:?} once");
    }
    Ok(s.replacen(from, to, 1))
}

/// A 1×1 PNG, the picture of the WPS cell image.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Turns an official 表二 into the shape WPS 表格 gives a workbook it saves:
/// its custom document properties (`KSOProductBuildVer`), the `etc:`
/// namespace in the sheet and on its filter, rich-text runs in shared
/// strings with their `phoneticPr`, a line break inside a header, a picture
/// placed in a cell (`DISPIMG`, with `xl/cellimages.xml` and the hidden
/// `WpsReserved_CellImgList` sheet WPS adds for it), and WPS's `calcId`.
/// WPS itself does not run here; these are the parts of its files that
/// other readers are known to trip on.
fn wps_shaped(path: &Path) -> Result<()> {
    const ETC: &str = "http://www.wps.cn/officeDocument/2017/etCustomData";
    const IMG: &str = "ID_4C2A5E3B9F0D4B7E8A61D2C3B4A5F607";
    let custom = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-11.1.0.14309</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV"><vt:lpwstr>7C0B4A7E2D5F4E0C9A8B1F2E3D4C5B6A</vt:lpwstr></property></Properties>"#;
    let cellimages = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:etc="{ETC}"><etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="{IMG}" descr="现场照片"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1149350" cy="1149350"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage></etc:cellImages>"#
    );
    let cellimage_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;
    let reserved = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5"/><sheetData/><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>"#;
    rewrite_zip(
        path,
        |name, s| match name {
            "[Content_Types].xml" => once(
                &s,
                "</Types>",
                r#"<Default Extension="png" ContentType="image/png"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/></Types>"#,
            ),
            "_rels/.rels" => once(
                &s,
                "</Relationships>",
                r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#,
            ),
            "xl/_rels/workbook.xml.rels" => once(
                &s,
                "</Relationships>",
                r#"<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId6" Type="http://www.wps.cn/officeDocument/2020/cellImage" Target="cellimages.xml"/></Relationships>"#,
            ),
            "xl/workbook.xml" => {
                let s = once(
                    &s,
                    "</sheets>",
                    r#"<sheet name="WpsReserved_CellImgList" sheetId="2" state="veryHidden" r:id="rId5"/></sheets>"#,
                )?;
                let s = replace_between(&s, "<calcPr ", "/>", r#"calcId="144525""#)?;
                Ok(s)
            }
            "xl/worksheets/sheet1.xml" => {
                let s = once(
                    &s,
                    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
                    &format!(
                        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:etc="{ETC}"><sheetPr/>"#
                    ),
                )?;
                let s = replace_between(&s, r#"<dimension ref=""#, r#"""#, "A1:S7")?;
                // The photo column: its header, and the picture in the row.
                let s = once(
                    &s,
                    r#"</row><row r="4""#,
                    r#"<c r="S3" s="1" t="s"><v>20</v></c></row><row r="4""#,
                )?;
                let s = once(
                    &s,
                    r#"</row><row r="7""#,
                    &format!(
                        r#"<c r="S5" t="str"><f>_xlfn.DISPIMG("{IMG}",1)</f><v>=DISPIMG("{IMG}",1)</v></c></row><row r="7""#
                    ),
                )?;
                once(
                    &s,
                    "</sheetData>",
                    r#"</sheetData><autoFilter ref="A4:S5" etc:filterBottomFollowUsedRange="0"/>"#,
                )
            }
            "xl/sharedStrings.xml" => {
                let s = replace_between(&s, r#"uniqueCount=""#, r#"""#, "21")?;
                let s = once(
                    &s,
                    "<t>销售收入（万元）</t>",
                    "<t xml:space=\"preserve\">销售收入\n（万元）</t>",
                )?;
                let s = once(
                    &s,
                    "<si><t>神农架绿色食品产业集群</t></si>",
                    r#"<si><r><rPr><sz val="11"/><color rgb="FF000000"/><rFont val="宋体"/><charset val="134"/></rPr><t>神农架</t></r><r><rPr><b/><sz val="11"/><color rgb="FF000000"/><rFont val="宋体"/><charset val="134"/></rPr><t>绿色食品产业集群</t></r><phoneticPr fontId="0" type="noConversion"/></si>"#,
                )?;
                once(&s, "</sst>", "<si><t>现场照片</t></si></sst>")
            }
            _ => Ok(s),
        },
        &[
            ("docProps/custom.xml", custom.as_bytes()),
            ("xl/worksheets/sheet2.xml", reserved.as_bytes()),
            ("xl/cellimages.xml", cellimages.as_bytes()),
            ("xl/_rels/cellimages.xml.rels", cellimage_rels.as_bytes()),
            ("xl/media/image1.png", PNG),
        ],
    )
}

fn replace_between(s: &str, start: &str, end: &str, with: &str) -> Result<String> {
    let i = s.find(start).context("start marker")? + start.len();
    let j = i + s[i..].find(end).context("end marker")?;
    Ok(format!("{}{}{}", &s[..i], with, &s[j..]))
}

/// Converts with LibreOffice into `dir` (format: "xls" or "xlsx").
fn soffice(src: &Path, format: &str, dir: &Path) -> Result<PathBuf> {
    let tmp = tempfile::tempdir()?;
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(tmp.path())
        .arg(src)
        .env("HOME", tmp.path())
        .status()
        .context("LibreOffice (soffice) is needed to write the .xls fixtures")?;
    if !status.success() {
        bail!("soffice failed on {}", src.display());
    }
    let stem = src
        .file_stem()
        .context("stem")?
        .to_string_lossy()
        .to_string();
    let made = tmp.path().join(format!("{stem}.{format}"));
    let to = dir.join(format!("{stem}.{format}"));
    fs::copy(&made, &to)?;
    Ok(to)
}

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("testdata/broken"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let good = row(NAME, Cell::Number(167_530.5));

    official(
        &dir.join("表二-wrong-type.xlsx"),
        &[row(NAME, Cell::from("约3亿"))],
    )?;
    official(
        &dir.join("表二-escape.xlsx"),
        &[row(
            "神农架\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}绿色食品\u{9b}产业集群",
            Cell::Number(167_530.5),
        )],
    )?;
    official(
        &dir.join("表二-escape-in-error.xlsx"),
        &[row(NAME, Cell::from("\u{1b}[31m十六亿"))],
    )?;
    official(
        &dir.join("表二-merged-header.xlsx"),
        std::slice::from_ref(&good),
    )?;

    // A header without units and a 单位：万元 note above it; full-width digits.
    let header: Vec<String> = [
        "集群编号",
        "集群名称",
        "上年销售收入",
        "本年销售收入",
        "新增销售收入",
        "上年就业人数（人）",
        "本年就业人数（人）",
        "上年固定资产投资",
        "本年固定资产投资",
        "上年上缴税收",
        "本年上缴税收",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let fw = |s: &str| Cell::from(s);
    let full_width_row = vec![
        fw("KH-429021-01"),
        fw(NAME),
        fw("１５２，３００"),
        fw("１６７，５３０．５"),
        fw("１５，２３０．５"),
        fw("３１２０"),
        fw("３３８８"),
        fw("４１０００"),
        fw("４５５００"),
        fw("９８００"),
        fw("１０７５０．２５"),
    ];
    template::write_grid(
        &dir.join("表二-full-width.xlsx"),
        "表二",
        &["神农架林区表二", "单位：万元"],
        &header,
        &[full_width_row],
        &["注：本表由林区经信局填报。"],
    )?;

    let mut missing = header.clone();
    missing.remove(3);
    let mut short = row(NAME, Cell::Blank);
    short.truncate(missing.len());
    template::write_grid(
        &dir.join("表二-missing-column.xlsx"),
        "表二",
        &["神农架林区表二"],
        &missing,
        &[short],
        &[],
    )?;

    let wps = dir.join("表二-wps.xlsx");
    official(&wps, std::slice::from_ref(&good))?;
    wps_shaped(&wps)?;

    let absurd = dir.join("表二-absurd-dimension.xlsx");
    official(&absurd, std::slice::from_ref(&good))?;
    patch_zip(&absurd, "xl/worksheets/sheet1.xml", |s| {
        replace_between(&s, "<dimension ref=\"", "\"", "A1:XFD1048576").unwrap_or(s)
    })?;
    let strings = dir.join("表二-absurd-strings.xlsx");
    official(&strings, std::slice::from_ref(&good))?;
    patch_zip(&strings, "xl/sharedStrings.xml", |s| {
        replace_between(&s, "uniqueCount=\"", "\"", "4000000000").unwrap_or(s)
    })?;

    // The catalogue of KH-429021-01 with a path that climbs out of the bundle.
    let items = vec![
        vec![
            Cell::Number(1.0),
            Cell::from("集群发展规划"),
            Cell::from("W1"),
            Cell::Number(3.0),
            Cell::from("材料/01 集群发展规划及年度实施方案.txt"),
        ],
        vec![
            Cell::Number(2.0),
            Cell::from("系统口令"),
            Cell::from("W2"),
            Cell::Number(1.0),
            Cell::from("../../../../../etc/passwd"),
        ],
    ];
    template::write_catalogue(
        &dir.join("目录-traversal.xlsx"),
        "KH-429021-01",
        NAME,
        &items,
    )?;

    // Legacy .xls and a LibreOffice-saved .xlsx, made by LibreOffice itself.
    let lo = tempfile::tempdir()?;
    let src = lo.path().join("表二.xlsx");
    official(&src, std::slice::from_ref(&good))?;
    soffice(&src, "xls", &dir)?;
    let resaved = lo.path().join("表二-libreoffice.xlsx");
    official(&resaved, std::slice::from_ref(&good))?;
    let tmp = tempfile::tempdir()?;
    let out = soffice(&resaved, "xlsx", tmp.path())?;
    fs::copy(out, dir.join("表二-libreoffice.xlsx"))?;
    soffice(&dir.join("表二-wrong-type.xlsx"), "xls", &dir)?;
    let xls_absurd = lo.path().join("表二-absurd-dimension.xlsx");
    official(&xls_absurd, std::slice::from_ref(&good))?;
    let made = soffice(&xls_absurd, "xls", &dir)?;
    xls_edit::set_dimension(&made, 0x7fff_ffff, None)?;
    println!("wrote {}", dir.display());
    Ok(())
}
