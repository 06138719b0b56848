//! Print setup shared by the workbooks an office puts on paper: A4
//! landscape, fitted to the page width, the header row repeated on every
//! page, the document's title in the page header and page numbers in the
//! footer, in a Chinese font that Excel, WPS and LibreOffice all have or
//! substitute cleanly.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::i18n::{M, tr};

/// The font every printed sheet uses: 宋体 ships with Windows and WPS;
/// LibreOffice substitutes its CJK serif.
pub(crate) const FONT: &str = "宋体";

/// GB2312, which tells Excel the font is a Chinese one.
pub(crate) const CHARSET: u8 = 134;

/// Excel's paper code for A4.
const A4: u8 = 9;

/// Text in the font every printed sheet uses.
pub(crate) fn text() -> Format {
    Format::new().set_font_name(FONT).set_font_charset(CHARSET)
}

/// A plain cell of a printed table.
pub(crate) fn body() -> Format {
    text()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// The header row of a printed table.
pub(crate) fn head() -> Format {
    body().set_bold().set_background_color("D9E1F2")
}

/// A title for Excel's header/footer mini-language: inert, `&` doubled,
/// and short enough for its 255-character limit.
fn header_text(s: &str) -> String {
    let t: String = crate::text::inert(s).chars().take(80).collect();
    t.replace('&', "&&")
}

/// A header/footer section's codes: the size before the font, since the
/// font's closing quote ends the code and a text that starts with a digit
/// ("2018年度…") is then not read as a size.
fn section(size: u8, text: &str) -> String {
    format!("&{size}&\"{FONT},Regular\"{text}")
}

/// Sets `ws` up for paper: A4 landscape, one page wide, rows
/// `first_head..=last_head` repeated on every page, `title` in the page
/// header (left, with `sheet` on the right when given; else centred) and
/// "page P of N" in the footer.
pub(crate) fn paper(
    ws: &mut Worksheet,
    title: &str,
    sheet: Option<&str>,
    first_head: u32,
    last_head: u32,
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    let header = match sheet {
        Some(sheet) => format!(
            "&L{}&R{}",
            section(9, &header_text(title)),
            section(9, &header_text(sheet))
        ),
        None => format!("&C{}", section(11, &header_text(title))),
    };
    ws.set_header(header);
    ws.set_footer(format!("&C{}", section(9, tr(M::PageFooter))));
    ws.set_repeat_rows(first_head, last_head)?;
    Ok(())
}

/// How many lines `text` takes wrapped in a column `width` characters wide
/// (a CJK character counts two, as Excel's width unit does; a tenth more
/// for the cell's padding). Row heights are set from this, since not every
/// reader fits rows to wrapped text.
pub(crate) fn lines(text: &str, width: f64) -> u32 {
    text.split('\n')
        .map(|l| {
            ((crate::text::width(l) as f64 * 1.1) / width.max(1.0))
                .ceil()
                .max(1.0) as u32
        })
        .sum::<u32>()
        .max(1)
}

/// The height in points of a row of `lines` lines of the body font.
pub(crate) fn row_height(lines: u32) -> f64 {
    f64::from(lines.min(30)) * 14.0 + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_cjk_double_and_never_zero() {
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("abcdefghi", 10.0), 1);
        // Ten characters and the padding overflow ten.
        assert_eq!(lines("abcdefghij", 10.0), 2);
        // Five CJK characters are ten units.
        assert_eq!(lines("销售收入新", 10.0), 2);
        assert_eq!(lines("销售收入", 10.0), 1);
        assert_eq!(lines("a\nb", 10.0), 2);
    }

    #[test]
    fn header_titles_escape_ampersands_and_controls() {
        assert_eq!(header_text("A&B"), "A&&B");
        assert_eq!(header_text("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(header_text(&"长".repeat(300)).chars().count(), 80);
    }
}
