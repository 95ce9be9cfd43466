//! Positions in the encoding the client and server agreed on (LSP 3.17
//! `general.positionEncodings`): a line counted from 0 and a character
//! offset in UTF-8 bytes or UTF-16 code units. Line breaks are LF, CRLF and
//! a lone CR, as in the library's ranges and in the protocol.
//!
//! The library's positions already carry the line and the UTF-16 column,
//! and a UTF-8 byte offset: turning them into the protocol's costs a lookup
//! of the line's start, whatever the length of the line.

use lsp_types::{Position, PositionEncodingKind};

/// The negotiated position encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16, which every client
    /// must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Where each line of a text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offsets of the lines' first bytes; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    starts.push(i + 1);
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// A position of a library report (1-based line, 1-based UTF-16
    /// column, UTF-8 byte offset) in the protocol's terms.
    pub fn of_report(&self, at: sdrs_lint::Position, encoding: Encoding) -> Position {
        let line = at.line.saturating_sub(1);
        let character = match encoding {
            Encoding::Utf16 => at.column.saturating_sub(1),
            Encoding::Utf8 => {
                let start = self.starts.get(line as usize).copied().unwrap_or(0);
                at.offset.saturating_sub(start) as u32
            }
        };
        Position { line, character }
    }

    /// The position of a byte offset (clamped to the text, rounded down to
    /// a character's start).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].encode_utf16().count(),
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of a position. A line past the end is the end of
    /// the text; a character past the end of its line is the line's end
    /// (LSP 3.17); one inside a character (half of a surrogate pair, a byte
    /// inside a UTF-8 sequence) is that character's start.
    pub fn offset(&self, text: &str, at: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(at.line as usize) else {
            return text.len();
        };
        let end = self.line_end(text, at.line as usize);
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = encoding.width(c);
            if units + width > at.character as usize {
                return start + i;
            }
            units += width;
        }
        end
    }

    /// Where a line's content ends (before its line break).
    fn line_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            None => text.len(),
            Some(&next) => {
                let bytes = text.as_bytes();
                if next >= 2 && bytes[next - 2] == b'\r' && bytes[next - 1] == b'\n' {
                    next - 2
                } else {
                    next - 1
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn offsets_and_positions_agree_in_both_encodings() {
        // "é" is 2 bytes and 1 UTF-16 unit; "名" 3 and 1; "😀" 4 and 2.
        let text = "{\r\n\"é名😀\": 1,\r\"x\"\n}";
        let index = LineIndex::new(text);
        let after_emoji = text.find("\":").unwrap();
        assert_eq!(
            index.position(text, after_emoji, Encoding::Utf16),
            pos(1, 5)
        );
        assert_eq!(
            index.position(text, after_emoji, Encoding::Utf8),
            pos(1, 10)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            // Every offset but the LF of a CRLF, which is inside a line break.
            for (offset, _) in text
                .char_indices()
                .filter(|(o, _)| !text[..*o].ends_with('\r'))
            {
                let p = index.position(text, offset, encoding);
                assert_eq!(
                    index.offset(text, p, encoding),
                    offset,
                    "{offset} {encoding:?}"
                );
            }
        }
        // The lone CR ends a line too.
        assert_eq!(
            index.position(text, text.find("\"x").unwrap(), Encoding::Utf16),
            pos(2, 0)
        );
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let text = "ab\r\n😀c";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(index.offset(text, pos(9, 0), Encoding::Utf16), text.len());
        // Inside the emoji's surrogate pair, or its bytes: its start.
        assert_eq!(index.offset(text, pos(1, 1), Encoding::Utf16), 4);
        assert_eq!(index.offset(text, pos(1, 3), Encoding::Utf8), 4);
        assert_eq!(index.offset(text, pos(1, 2), Encoding::Utf16), 8);
        assert_eq!(index.position(text, 5, Encoding::Utf8), pos(1, 0));
    }

    #[test]
    fn report_positions_need_no_walk() {
        let text = "{\"name\": \"名前😀\", \"x\": 1}";
        let report = sdrs_lint::lint_str(text, &sdrs_lint::Options::default());
        let index = LineIndex::new(text);
        for d in &report.diagnostics {
            let range = d.range.expect("a range");
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(
                    index.of_report(range.end, encoding),
                    index.position(text, range.end.offset, encoding),
                    "{} {encoding:?}",
                    d.code
                );
            }
        }
        assert!(!report.diagnostics.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_position_is_an_offset_on_a_character_boundary(
            text in "[a\\r\\né名😀]{0,30}", line in 0u32..8, character in 0u32..12
        ) {
            let index = LineIndex::new(&text);
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let offset = index.offset(&text, pos(line, character), encoding);
                proptest::prop_assert!(text.is_char_boundary(offset));
                let back = index.position(&text, offset, encoding);
                proptest::prop_assert!(back.line <= line);
            }
        }
    }
}
