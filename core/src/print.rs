//! Print setup shared by the workbooks an office puts on paper: A4
//! landscape, fitted to the page width, the header row repeated on every
//! page, the document's title in the page header and page numbers in the
//! footer, in a Chinese font that Excel, WPS and LibreOffice all have or
//! substitute cleanly.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The font every printed sheet uses: 宋体 ships with Windows and WPS;
/// LibreOffice substitutes its CJK serif.
pub(crate) const FONT: &str = "宋体";

/// Excel's paper code for A4.
const A4: u8 = 9;

/// A plain cell of a printed table.
pub(crate) fn body() -> Format {
    Format::new()
        .set_font_name(FONT)
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

/// Sets `ws` up for paper: A4 landscape, one page wide, rows `0..=last_head`
/// repeated on every page, `title` centred in the page header and
/// "page / pages" in the footer.
pub(crate) fn paper(ws: &mut Worksheet, title: &str, last_head: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_header(format!("&C&\"{FONT},Regular\"&11{}", header_text(title)));
    ws.set_footer("&C&P / &N");
    ws.set_repeat_rows(0, last_head)?;
    Ok(())
}

/// How many lines `text` takes wrapped in a column `width` characters wide
/// (a CJK character counts two, as Excel's width unit does). Row heights
/// are set from this, since not every reader fits rows to wrapped text.
pub(crate) fn lines(text: &str, width: u16) -> u32 {
    let cols = usize::from(width.max(2)) - 1;
    text.lines()
        .map(|l| crate::text::width(l).div_ceil(cols).max(1) as u32)
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
        assert_eq!(lines("", 10), 1);
        assert_eq!(lines("abcdefghi", 10), 1);
        assert_eq!(lines("abcdefghij", 10), 2);
        // Five CJK characters are ten units: two lines of nine.
        assert_eq!(lines("销售收入新", 10), 2);
        assert_eq!(lines("a\nb", 10), 2);
    }

    #[test]
    fn header_titles_escape_ampersands_and_controls() {
        assert_eq!(header_text("A&B"), "A&&B");
        assert_eq!(header_text("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(header_text(&"长".repeat(300)).chars().count(), 80);
    }
}
