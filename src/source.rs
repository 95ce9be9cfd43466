//! Text to [`Document`]: strict JSON with spans and repeated keys kept, and
//! the byte offset to line/UTF-16 column arithmetic every surface shares.
//!
//! `jsonc-parser` (dprint's parser) does the parsing: with every leniency off
//! it is a strict RFC 8259 parser that keeps each key and value's byte range
//! and all members of an object, duplicates included, which `serde_json`
//! cannot. The few strict-JSON points it leaves to its caller (SPEC §2: a
//! byte-order mark, raw control characters in strings, empty input, nesting
//! deeper than 128) are checked here.

use crate::document::{Kind, Member, Node, Span, MAX_DEPTH};
use crate::report::Position;
use jsonc_parser::ast;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};

/// Why the text is not strict JSON, and the one character where it failed
/// (zero-width at the end when the text ends early).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl SyntaxError {
    fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let start = offset.min(text.len());
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        SyntaxError {
            message: message.into(),
            span: Span::new(start, end),
        }
    }

    fn at_end(text: &str, message: impl Into<String>) -> Self {
        SyntaxError {
            message: message.into(),
            span: Span::new(text.len(), text.len()),
        }
    }
}

/// Bytes to text: invalid UTF-8 is a syntax error at the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<&str, SyntaxError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let bad = e.error_len().unwrap_or(bytes.len() - at);
        SyntaxError {
            message: format!("invalid UTF-8 (byte 0x{:02X}) at offset {at}", bytes[at]),
            span: Span::new(at, at + bad),
        }
    })
}

/// Parses strict JSON into a numbered [`Node`] tree with spans.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if text.starts_with('\u{feff}') {
        return Err(SyntaxError::at(
            text,
            0,
            "the text starts with a byte-order mark (U+FEFF), which JSON does not allow",
        ));
    }
    let too_deep = first_too_deep(text);
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict);
    let depth_error = |at: usize| {
        SyntaxError::at(
            text,
            at,
            format!("arrays and objects are nested deeper than {MAX_DEPTH} levels"),
        )
    };
    match parsed {
        Err(e) => {
            let kind = e.kind();
            let err = match kind {
                ParseErrorKind::UnterminatedArray
                | ParseErrorKind::UnterminatedObject
                | ParseErrorKind::UnterminatedCommentBlock
                | ParseErrorKind::String(
                    jsonc_parser::ParseStringErrorKind::UnterminatedStringLiteral,
                ) => SyntaxError::at_end(text, format!("unexpected end of input: {}", lower(kind))),
                _ => SyntaxError::at(text, e.range().start, lower(kind)),
            };
            Err(match too_deep {
                Some(at) if at <= err.span.start => depth_error(at),
                _ => err,
            })
        }
        Ok(result) => {
            if let Some(at) = too_deep {
                return Err(depth_error(at));
            }
            let value = result
                .value
                .ok_or_else(|| SyntaxError::at_end(text, "empty input: expected a JSON value"))?;
            Ok(convert(text, &value)?.number())
        }
    }
}

fn lower(kind: &ParseErrorKind) -> String {
    let message = kind.to_string();
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => message,
    }
}

/// The offset of the first `[` or `{` nested deeper than [`MAX_DEPTH`],
/// found before parsing so that a hostile text never recurses deeply.
fn first_too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn span(r: jsonc_parser::common::Range) -> Option<Span> {
    Some(Span::new(r.start, r.end))
}

/// RFC 8259 §7: control characters must be escaped inside strings.
fn check_string(text: &str, lit: &ast::StringLit) -> Result<String, SyntaxError> {
    let raw = &text.as_bytes()[lit.range.start..lit.range.end];
    if let Some(i) = raw.iter().position(|&b| b < 0x20) {
        return Err(SyntaxError::at(
            text,
            lit.range.start + i,
            format!(
                "control character U+{:04X} inside a string must be escaped",
                raw[i]
            ),
        ));
    }
    Ok(lit.value.to_string())
}

fn convert(text: &str, value: &ast::Value) -> Result<Node, SyntaxError> {
    Ok(match value {
        ast::Value::NullKeyword(n) => Node::new(Kind::Null, span(n.range)),
        ast::Value::BooleanLit(b) => Node::new(Kind::Bool(b.value), span(b.range)),
        ast::Value::NumberLit(n) => Node::new(Kind::Number(n.value.to_string()), span(n.range)),
        ast::Value::StringLit(s) => Node::new(Kind::String(check_string(text, s)?), span(s.range)),
        ast::Value::Array(a) => Node::new(
            Kind::Array(
                a.elements
                    .iter()
                    .map(|v| convert(text, v))
                    .collect::<Result<_, _>>()?,
            ),
            span(a.range),
        ),
        ast::Value::Object(o) => {
            let mut members = Vec::with_capacity(o.properties.len());
            for p in &o.properties {
                let (key, key_span) = match &p.name {
                    ast::ObjectPropName::String(s) => (check_string(text, s)?, span(s.range)),
                    // Unreachable with loose property names off; kept total.
                    ast::ObjectPropName::Word(w) => (w.value.to_string(), span(w.range)),
                };
                members.push(Member {
                    key,
                    key_span,
                    value: convert(text, &p.value)?,
                });
            }
            Node::new(Kind::Object(members), span(o.range))
        }
    })
}

/// Line breaks are LF, CRLF and a lone CR (SPEC §2).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
    /// UTF-16 index of each line's first character.
    utf16_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut utf16_starts = vec![0];
        let bytes = text.as_bytes();
        let mut utf16 = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            utf16 += c.len_utf16();
            let crlf = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
            if crlf {
                chars.next();
                utf16 += 1;
            }
            if c == '\n' || c == '\r' {
                starts.push(i + if crlf { 2 } else { 1 });
                utf16_starts.push(utf16);
            }
        }
        LineIndex {
            starts,
            utf16_starts,
        }
    }

    /// The position of a byte offset (clamped to the text, rounded down to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
            offset,
        }
    }

    /// The UTF-16 index of a position found by [`LineIndex::position`]: what
    /// JavaScript's `String.prototype.slice` takes.
    pub fn utf16_offset(&self, position: Position) -> usize {
        self.utf16_starts[position.line as usize - 1] + position.column as usize - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn strict_json_only() {
        for bad in [
            "",
            "  ",
            "{\"a\":1,}",
            "{'a':1}",
            "{a:1}",
            "[1 2]",
            "{\"a\":NaN}",
            "{} x",
            "// c\n{}",
            "{\"a\":01}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":0x1}",
            "{\"a\":\"\\x41\"}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        for good in [
            "{}",
            "[]",
            "1.5E+3",
            "-0",
            "\"\\/\"",
            "null",
            " {\"a\" : [true, false]} ",
        ] {
            assert!(parse(good).is_ok(), "{good:?} did not parse");
        }
    }

    #[test]
    fn byte_order_mark_is_refused() {
        let e = err("\u{feff}{}");
        assert!(e.message.contains("byte-order mark"));
        assert_eq!(e.span, Span::new(0, 3));
    }

    #[test]
    fn lone_surrogate_is_refused() {
        assert!(err("\"\\ud800\"").message.contains("surrogate"));
        assert!(err("\"\\udc00x\"").message.contains("surrogate"));
        assert_eq!(
            parse("\"\\ud83d\\ude00\"").unwrap().as_str(),
            Some("\u{1F600}")
        );
    }

    #[test]
    fn raw_control_character_is_refused() {
        let e = err("{\"a\":\"x\ty\"}");
        assert!(e.message.contains("U+0009"));
        assert_eq!(e.span, Span::new(7, 8));
    }

    #[test]
    fn nesting_limit_is_128() {
        let ok = "[".repeat(128) + &"]".repeat(128);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(129) + &"]".repeat(129);
        assert_eq!(err(&deep).span, Span::new(128, 129));
        let hostile = "[".repeat(1_000_000);
        assert_eq!(err(&hostile).span, Span::new(128, 129));
    }

    #[test]
    fn early_end_is_zero_width_at_the_end() {
        let text = "{\"a\": [1, 2";
        assert_eq!(err(text).span, Span::new(text.len(), text.len()));
        assert_eq!(err("\"abc").span, Span::new(4, 4));
        assert_eq!(err("").span, Span::new(0, 0));
    }

    #[test]
    fn error_points_at_one_character() {
        let e = err("# c\n{}");
        assert_eq!(e.span, Span::new(0, 1));
        let e = err("{\"é\": ü}");
        assert_eq!(e.span, Span::new(7, 9));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode(b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(e.span, Span::new(7, 8));
    }

    #[test]
    fn escapes_are_decoded_and_duplicates_kept() {
        let doc = parse("{\"a\": \"\\u003c\", \"a\": 2}").unwrap();
        let members = doc.members().unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].value.as_str(), Some("<"));
        assert_eq!(members[0].value.span, Some(Span::new(6, 14)));
        assert_eq!(members[1].key_span, Some(Span::new(16, 19)));
    }

    #[test]
    fn positions_count_utf16_and_every_line_break() {
        let text = "a\r\nb\rc\nd😀e";
        let index = LineIndex::new(text);
        let at = |o| index.position(text, o);
        assert_eq!((at(3).line, at(3).column), (2, 1));
        assert_eq!((at(5).line, at(5).column), (3, 1));
        assert_eq!((at(7).line, at(7).column), (4, 1));
        let e = text.find('e').unwrap();
        assert_eq!((at(e).line, at(e).column), (4, 4));
        assert_eq!(index.utf16_offset(at(e)), 10);
        // Inside the emoji: rounded down to its start.
        assert_eq!(at(e - 2).offset, e - 4);
    }
}
