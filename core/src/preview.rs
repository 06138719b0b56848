//! What an evidence file is, read from its bytes (never from its name), for
//! showing it in a terminal: a PDF's text layer, page count and document
//! information; an image's format and size; text as text; anything else
//! described, never shown raw.

use crate::i18n::{M, tr, trf};

/// How much of a PDF's text is read (the first pages say what it is).
const PDF_PAGES: usize = 30;
/// The most text lines kept.
const MAX_LINES: usize = 5_000;

/// A file as the viewer shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// What it is and its particulars, a line each.
    pub info: Vec<String>,
    /// Its text, where it has some (inert when drawn).
    pub lines: Vec<String>,
}

/// Looks at a file's bytes.
pub fn preview(bytes: &[u8]) -> Preview {
    if bytes.starts_with(b"%PDF-") {
        return pdf(bytes);
    }
    if let Some(p) = image(bytes) {
        return p;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return described(tr(M::KindZip));
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        return described(tr(M::KindOle));
    }
    match std::str::from_utf8(bytes) {
        Ok(t)
            if !t
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            Preview {
                info: vec![tr(M::KindText).to_string()],
                lines: t.lines().take(MAX_LINES).map(str::to_string).collect(),
            }
        }
        _ => described(tr(M::KindBinary)),
    }
}

fn described(kind: &str) -> Preview {
    Preview {
        info: vec![kind.to_string(), tr(M::OpenElsewhere).to_string()],
        lines: Vec::new(),
    }
}

/// A PDF: its pages, its document information and its text layer. A file
/// the reader cannot make out (or that makes it fail) is described.
fn pdf(bytes: &[u8]) -> Preview {
    let read = std::panic::catch_unwind(|| -> Option<(usize, Vec<String>, String)> {
        let doc = lopdf::Document::load_mem(bytes).ok()?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let mut info = Vec::new();
        let dict = doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|o| o.as_reference().ok())
            .and_then(|r| doc.get_dictionary(r).ok());
        if let Some(d) = dict {
            for (key, label) in [
                (&b"Title"[..], M::PdfTitle),
                (b"Author", M::PdfAuthor),
                (b"Producer", M::PdfProducer),
                (b"CreationDate", M::PdfCreated),
            ] {
                if let Some(v) = d
                    .get(key)
                    .ok()
                    .and_then(|o| lopdf::decode_text_string(o).ok())
                    .filter(|v| !v.trim().is_empty())
                {
                    info.push(format!("{}{}{}", tr(label), tr(M::Colon), v.trim()));
                }
            }
        }
        let first: Vec<u32> = pages.iter().copied().take(PDF_PAGES).collect();
        let text = doc.extract_text(&first).unwrap_or_default();
        Some((pages.len(), info, text))
    });
    match read {
        Ok(Some((pages, mut info, text))) => {
            info.insert(0, trf(M::KindPdf, &[&pages]));
            let lines: Vec<String> = text
                .lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .take(MAX_LINES)
                .map(str::to_string)
                .collect();
            if lines.is_empty() {
                info.push(tr(M::PdfNoText).to_string());
                info.push(tr(M::OpenElsewhere).to_string());
            }
            Preview { info, lines }
        }
        _ => described(tr(M::KindPdfUnreadable)),
    }
}

/// An image's format and size from its header.
fn image(b: &[u8]) -> Option<Preview> {
    let be32 = |at: usize| -> Option<u32> {
        b.get(at..at + 4)
            .map(|x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]))
    };
    let be16 =
        |at: usize| -> Option<u16> { b.get(at..at + 2).map(|x| u16::from_be_bytes([x[0], x[1]])) };
    let (kind, size) = if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        ("PNG", be32(16).zip(be32(20)))
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        let le16 = |at: usize| b.get(at..at + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
        (
            "GIF",
            le16(6)
                .zip(le16(8))
                .map(|(w, h)| (u32::from(w), u32::from(h))),
        )
    } else if b.starts_with(&[0xff, 0xd8, 0xff]) {
        // The first start-of-frame marker holds the size.
        let mut at = 2;
        let mut size = None;
        while at + 9 < b.len() && b[at] == 0xff {
            let marker = b[at + 1];
            let len = be16(at + 2)? as usize;
            if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
                size = be16(at + 7)
                    .zip(be16(at + 5))
                    .map(|(w, h)| (u32::from(w), u32::from(h)));
                break;
            }
            at += 2 + len;
        }
        ("JPEG", size)
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        ("TIFF", None)
    } else if b.starts_with(b"BM") && b.len() > 26 {
        let le32 = |at: usize| {
            b.get(at..at + 4)
                .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
        };
        ("BMP", le32(18).zip(le32(22)))
    } else {
        return None;
    };
    let mut info = vec![match size {
        Some((w, h)) => trf(M::KindImageSized, &[&kind, &w, &h]),
        None => trf(M::KindImage, &[&kind]),
    }];
    info.push(tr(M::OpenElsewhere).to_string());
    Some(Preview {
        info,
        lines: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_shows_its_pages_and_text_never_its_source() {
        let path = format!(
            "{}/../testdata/submissions/天门/考核材料/KH-429006-02 天门生物医药产业集群/材料/06 集群品牌及著名商标证书.pdf",
            env!("CARGO_MANIFEST_DIR")
        );
        let p = preview(&std::fs::read(path).unwrap());
        assert!(p.info[0].contains('1'), "{:?}", p.info);
        assert_eq!(p.lines, ["KH-429006-02 W6"]);
        assert!(!p.lines.iter().any(|l| l.contains("obj")));
    }

    #[test]
    fn images_and_binaries_are_described() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        let p = preview(&png);
        assert!(
            p.info[0].contains("PNG") && p.info[0].contains("640"),
            "{:?}",
            p.info
        );
        assert!(p.lines.is_empty());
        let p = preview(b"\x00\x01\x02binary");
        assert!(p.lines.is_empty());
        // A broken PDF is described, not shown, and nothing panics.
        let p = preview(b"%PDF-1.4\n1 0 obj<</Kids[ 9 9 R]>>\ntrailer<</Root 1 0 R>>");
        assert!(p.lines.is_empty());
        assert_eq!(preview(b"text\nlines").lines, ["text", "lines"]);
    }
}
