//! Text to [`Document`]: strict JSON with spans and repeated keys kept, and
//! the byte offset to line/UTF-16 column arithmetic every surface shares.
//!
//! The parser is a recursive descent over bytes for exactly RFC 8259 plus
//! SPEC §2's strict points (no byte-order mark, no lone surrogate escapes,
//! nesting up to 128). It is hand-written because `serde_json` drops spans
//! and repeated keys, and a general parser's leniencies, all turned off here,
//! cost the WebAssembly build kilobytes.

use crate::document::{Kind, Member, Node, Span, MAX_DEPTH};
use crate::report::Position;
use crate::rules::show_char;

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
        let end = text
            .get(start..)
            .unwrap_or_default()
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

/// [`parse`] for a file whose error is a message, not a diagnostic (a
/// context or configuration): the cause with its line and column.
pub fn parse_file(text: &str) -> Result<Node, String> {
    parse(text).map_err(|e| {
        let at = LineIndex::new(text).position(text, e.span.start);
        format!("{} (line {}, column {})", e.message, at.line, at.column)
    })
}

/// Parses strict JSON into a numbered [`Node`] tree with spans.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    match parser.document() {
        Ok(root) => Ok(root.number()),
        Err(fault) => {
            let message = fault.message(text.get(parser.pos..).unwrap_or_default());
            Err(if parser.pos < text.len() {
                SyntaxError::at(text, parser.pos, message)
            } else {
                SyntaxError::at_end(text, message)
            })
        }
    }
}

/// What went wrong. The parser stops on the character to blame and only then
/// is a message built, so that parsing valid text never formats.
#[derive(Clone, Copy, Debug)]
enum Fault {
    ByteOrderMark,
    /// Only at the end: nothing but white space.
    Empty,
    TooDeep,
    Value,
    Key,
    Colon,
    /// After an array element; at the end, an unterminated array.
    AfterElement,
    /// After an object member; at the end, an unterminated object.
    AfterMember,
    /// At the comma; the closing bracket after it.
    TrailingComma(u8),
    AfterRoot,
    /// A token's next character: what was expected, e.g. "a digit after '-'".
    Expected(&'static str),
    NumberStart,
    LeadingZero,
    /// Only at the end: an unterminated string.
    UnterminatedString,
    Control,
    Escape,
    /// At the backslash of the `\uXXXX` escape.
    LoneSurrogate,
}

impl Fault {
    /// Every syntax error message; `rest` is the text from where parsing
    /// failed, empty when it ended early.
    fn message(self, rest: &str) -> String {
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            let what = match self {
                Fault::Empty => return "empty input: expected a JSON value".into(),
                Fault::Key | Fault::Colon | Fault::AfterMember => "unterminated object",
                Fault::AfterElement => "unterminated array",
                Fault::Expected(what) => {
                    return format!("unexpected end of input: expected {what}")
                }
                // Nothing else reads to the end of the input but a string.
                _ => "unterminated string",
            };
            return format!("unexpected end of input: {what}");
        };
        let found = show_char(c);
        let expected = match self {
            // Where a token may start is where a comment would.
            Fault::Value
            | Fault::Key
            | Fault::Colon
            | Fault::AfterElement
            | Fault::AfterMember
            | Fault::AfterRoot
                if c == '/' && matches!(chars.next(), Some('/' | '*')) =>
            {
                return "comments are not allowed in JSON".into()
            }
            Fault::Value | Fault::Empty => "a JSON value",
            Fault::Key => "a string key in double quotes",
            Fault::Colon => "':' after an object key",
            Fault::AfterElement => "',' or ']' after an array element",
            Fault::AfterMember => "',' or '}' after an object member",
            Fault::UnterminatedString => "'\"' to end the string",
            Fault::Expected(what) => what,
            Fault::ByteOrderMark => {
                return "the text starts with a byte-order mark (U+FEFF), which JSON does not allow"
                    .into()
            }
            Fault::TooDeep => {
                return format!("arrays and objects are nested deeper than {MAX_DEPTH} levels")
            }
            Fault::TrailingComma(close) => {
                return format!("trailing comma before '{}'", close as char)
            }
            Fault::AfterRoot => return format!("unexpected {found} after the JSON value"),
            Fault::NumberStart => return format!("a number cannot start with {found}"),
            Fault::LeadingZero => return "leading zeros are not allowed in numbers".into(),
            Fault::Control => {
                return format!(
                    "control character U+{:04X} inside a string must be escaped",
                    c as u32
                )
            }
            Fault::Escape => {
                return match found.strip_prefix('\'') {
                    Some(quoted) => format!("invalid escape '\\{quoted} in a string"),
                    None => format!("invalid escape in a string: '\\' followed by {found}"),
                }
            }
            Fault::LoneSurrogate => {
                return format!(
                    "lone surrogate '{}' in a string: surrogates must come in high-low pairs",
                    rest.get(..6).unwrap_or(rest)
                )
            }
        };
        format!("expected {expected}, found {found}")
    }
}

/// The bytes that end a run of plain string text: '"', '\\' and controls.
static STRING_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Where parsing is; on a fault, the character to blame.
    pos: usize,
    /// Open arrays and objects, so that recursion stays within MAX_DEPTH.
    depth: usize,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Node, Fault> {
        if self.text.starts_with('\u{feff}') {
            return Err(Fault::ByteOrderMark);
        }
        self.white_space();
        let root = self.value(Fault::Empty)?;
        self.white_space();
        if self.pos < self.bytes.len() {
            return Err(Fault::AfterRoot);
        }
        Ok(root)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The text from `start` to where parsing is. Both are character
    /// boundaries; `get` keeps a panic's formatting out of the wasm module.
    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += found as usize;
        found
    }

    /// RFC 8259's four white-space characters, nothing else.
    fn white_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// A value at the current position (white space skipped); `at_end` is
    /// the fault when the input ends here.
    fn value(&mut self, at_end: Fault) -> Result<Node, Fault> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(at_end),
            Some(b'"') => Kind::String(self.string()?),
            Some(open @ (b'[' | b'{')) => {
                if self.depth == MAX_DEPTH {
                    return Err(Fault::TooDeep);
                }
                self.depth += 1;
                let kind = if open == b'[' {
                    self.array()?
                } else {
                    self.object()?
                };
                self.depth -= 1;
                kind
            }
            Some(b't') => self.literal(b"true", "'true'", Kind::Bool(true))?,
            Some(b'f') => self.literal(b"false", "'false'", Kind::Bool(false))?,
            Some(b'n') => self.literal(b"null", "'null'", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'+' | b'.') => return Err(Fault::NumberStart),
            Some(_) => return Err(Fault::Value),
        };
        Ok(Node::new(kind, Some(Span::new(start, self.pos))))
    }

    fn array(&mut self) -> Result<Kind, Fault> {
        let mut items = Vec::new();
        self.pos += 1;
        self.white_space();
        if self.eat(b']') {
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value(Fault::AfterElement)?);
            self.white_space();
            match self.peek() {
                Some(b']') => break,
                Some(b',') => self.comma(b']')?,
                _ => return Err(Fault::AfterElement),
            }
        }
        self.pos += 1;
        Ok(Kind::Array(items))
    }

    fn object(&mut self) -> Result<Kind, Fault> {
        let mut members = Vec::new();
        self.pos += 1;
        self.white_space();
        if self.eat(b'}') {
            return Ok(Kind::Object(members));
        }
        loop {
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return Err(Fault::Key);
            }
            let key = self.string()?;
            let key_span = Some(Span::new(key_start, self.pos));
            self.white_space();
            if !self.eat(b':') {
                return Err(Fault::Colon);
            }
            self.white_space();
            let value = self.value(Fault::AfterMember)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.white_space();
            match self.peek() {
                Some(b'}') => break,
                Some(b',') => self.comma(b'}')?,
                _ => return Err(Fault::AfterMember),
            }
        }
        self.pos += 1;
        Ok(Kind::Object(members))
    }

    /// Past a comma and the white space after it. A closing bracket next is a
    /// trailing comma, blamed on the comma: that is what to delete.
    fn comma(&mut self, close: u8) -> Result<(), Fault> {
        let comma = self.pos;
        self.pos += 1;
        self.white_space();
        if self.peek() == Some(close) {
            self.pos = comma;
            return Err(Fault::TrailingComma(close));
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8], quoted: &'static str, kind: Kind) -> Result<Kind, Fault> {
        for &b in word {
            if !self.eat(b) {
                return Err(Fault::Expected(quoted));
            }
        }
        Ok(kind)
    }

    /// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<Kind, Fault> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            if let Some(b'0'..=b'9') = self.peek() {
                return Err(Fault::LeadingZero);
            }
        } else {
            self.digits("a digit after '-'")?;
        }
        if self.eat(b'.') {
            self.digits("a digit after the decimal point")?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits("a digit in the exponent")?;
        }
        Ok(Kind::Number(self.slice(start).to_owned()))
    }

    /// One or more digits.
    fn digits(&mut self, expected: &'static str) -> Result<(), Fault> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(Fault::Expected(expected));
        }
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    /// A string at its opening quote, decoded.
    fn string(&mut self) -> Result<String, Fault> {
        self.pos += 1;
        let start = self.pos;
        let mut out = String::new();
        // The text between escapes is copied a run at a time; a string
        // without escapes is one run.
        loop {
            let run = self.pos;
            self.pos += self.bytes[run..]
                .iter()
                .position(|&b| STRING_END[b as usize])
                .unwrap_or(self.bytes.len() - run);
            let text = self.slice(run);
            match self.peek() {
                Some(b'"') if run == start => {
                    self.pos += 1;
                    return Ok(text.to_owned());
                }
                Some(b'"') => {
                    self.pos += 1;
                    out.push_str(text);
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(text);
                    out.push(self.escape()?);
                }
                Some(_) => return Err(Fault::Control),
                None => return Err(Fault::UnterminatedString),
            }
        }
    }

    /// An escape at its backslash.
    fn escape(&mut self) -> Result<char, Fault> {
        let backslash = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                if let Some(c) = char::from_u32(unit) {
                    return Ok(c);
                }
                // A surrogate: valid only as a high one with a low one next.
                let low = if unit < 0xdc00 && self.bytes[self.pos..].starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4()?
                } else {
                    0
                };
                if !(0xdc00..0xe000).contains(&low) {
                    self.pos = backslash;
                    return Err(Fault::LoneSurrogate);
                }
                let pair = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                return Ok(char::from_u32(pair).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            None => return Err(Fault::UnterminatedString),
            Some(_) => return Err(Fault::Escape),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, Fault> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(Fault::UnterminatedString),
                Some(b) => (b as char)
                    .to_digit(16)
                    .ok_or(Fault::Expected("4 hex digits after '\\u'"))?,
            };
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }
}

/// The UTF-16 code units a UTF-8 byte starts: one per character, two for
/// one beyond the Basic Multilingual Plane (a four-byte sequence), none for
/// a continuation byte.
fn utf16_units(b: u8) -> usize {
    match b {
        0x80..=0xBF => 0,
        0xF0..=0xFF => 2,
        _ => 1,
    }
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
    /// One pass over the bytes (a character-by-character walk was a third
    /// of `lint()`'s time in the size-optimised wasm build).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut utf16_starts = vec![0];
        let bytes = text.as_bytes();
        let mut utf16 = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            utf16 += utf16_units(b);
            if b == b'\n' || b == b'\r' {
                if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                    utf16 += 1;
                }
                starts.push(i);
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
        let column: usize = text.as_bytes()[self.starts[line]..offset]
            .iter()
            .map(|&b| utf16_units(b))
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

    /// The message and span of the error for `text`.
    fn fails(text: &str, message: &str, span: (usize, usize)) {
        let e = err(text);
        assert_eq!(e.message, message, "{text:?}");
        assert_eq!(e.span, Span::new(span.0, span.1), "{text:?}: {e:?}");
    }

    #[test]
    fn structural_errors_name_what_was_expected_and_found() {
        let after_member = "expected ',' or '}' after an object member, found 'x'";
        fails("{\"a\":1 x}", after_member, (7, 8));
        fails("{\"a\":0x1}", after_member, (6, 7));
        let after_element = "expected ',' or ']' after an array element, found '2'";
        fails("[1 2]", after_element, (3, 4));
        let key = "expected a string key in double quotes, found";
        fails("{'a':1}", &format!("{key} '''"), (1, 2));
        fails("{a:1}", &format!("{key} 'a'"), (1, 2));
        fails("{]", &format!("{key} ']'"), (1, 2));
        fails("{\"a\":1,2}", &format!("{key} '2'"), (7, 8));
        let colon = "expected ':' after an object key, found '1'";
        fails("{\"a\" 1}", colon, (5, 6));
        fails("[,1]", "expected a JSON value, found ','", (1, 2));
        fails("[}", "expected a JSON value, found '}'", (1, 2));
        fails("{\"a\":'x'}", "expected a JSON value, found '''", (5, 6));
        fails("Infinity", "expected a JSON value, found 'I'", (0, 1));
        fails("[NaN]", "expected a JSON value, found 'N'", (1, 2));
        fails("True", "expected a JSON value, found 'T'", (0, 1));
        fails("trux", "expected 'true', found 'x'", (3, 4));
        fails("[nul]", "expected 'null', found ']'", (4, 5));
        fails("fals€", "expected 'false', found '€'", (4, 7));
    }

    #[test]
    fn trailing_commas_are_blamed_on_the_comma() {
        fails("{\"a\":1,}", "trailing comma before '}'", (6, 7));
        fails("[1,]", "trailing comma before ']'", (2, 3));
        fails("[1 ,\n ]", "trailing comma before ']'", (3, 4));
        fails("[[],]", "trailing comma before ']'", (3, 4));
    }

    #[test]
    fn content_after_the_root_value_is_refused() {
        fails("{} x", "unexpected 'x' after the JSON value", (3, 4));
        fails("1 2", "unexpected '2' after the JSON value", (2, 3));
        fails("0x1", "unexpected 'x' after the JSON value", (1, 2));
        fails("[]]", "unexpected ']' after the JSON value", (2, 3));
        fails("nullx", "unexpected 'x' after the JSON value", (4, 5));
        fails("\"a\"\"b\"", "unexpected '\"' after the JSON value", (3, 4));
        assert!(parse("{} \r\n\t ").is_ok());
    }

    #[test]
    fn comments_are_named() {
        let comment = "comments are not allowed in JSON";
        fails("// c\n{}", comment, (0, 1));
        fails("{} /* c */", comment, (3, 4));
        fails("[1, /* c */ 2]", comment, (4, 5));
        fails("[1 // c\n]", comment, (3, 4));
        fails("{/* c */}", comment, (1, 2));
        fails("{\"a\" // c\n: 1}", comment, (5, 6));
        fails("{\"a\":1/**/}", comment, (6, 7));
        // A lone slash is no comment.
        let slash = "expected ',' or ']' after an array element, found '/'";
        fails("[1/2]", slash, (2, 3));
        fails("# c\n{}", "expected a JSON value, found '#'", (0, 1));
    }

    #[test]
    fn early_end_names_what_is_unterminated() {
        let cases: [(&str, &str); 16] = [
            ("\"abc", "unterminated string"),
            ("\"ab\\", "unterminated string"),
            ("\"\\u12", "unterminated string"),
            ("\"\\ud83d\\u", "unterminated string"),
            ("[", "unterminated array"),
            ("[1", "unterminated array"),
            ("[1, ", "unterminated array"),
            ("[[1]", "unterminated array"),
            ("{", "unterminated object"),
            ("{\"a\"", "unterminated object"),
            ("{\"a\": ", "unterminated object"),
            ("{\"a\": 1", "unterminated object"),
            ("{\"a\": 1,\n", "unterminated object"),
            ("[{\"a\": []", "unterminated object"),
            ("tru", "expected 'true'"),
            ("[fa", "expected 'false'"),
        ];
        for (text, what) in cases {
            let end = text.len();
            fails(
                text,
                &format!("unexpected end of input: {what}"),
                (end, end),
            );
        }
    }

    #[test]
    fn empty_input_is_an_error_at_the_end() {
        for text in ["", " ", " \t\r\n "] {
            let end = text.len();
            fails(text, "empty input: expected a JSON value", (end, end));
        }
    }

    #[test]
    fn white_space_is_only_space_tab_lf_cr() {
        let doc = parse("\r\n\t [\r1\t,\n2 ]\r\n").unwrap();
        assert_eq!(doc.elements().unwrap().len(), 2);
        assert_eq!(doc.span, Some(Span::new(4, 13)));
        fails("\u{c}1", "expected a JSON value, found U+000C", (0, 1));
        fails("\u{b}[]", "expected a JSON value, found U+000B", (0, 1));
        fails("\u{a0}1", "expected a JSON value, found U+00A0", (0, 2));
        fails("1\u{a0}", "unexpected U+00A0 after the JSON value", (1, 3));
        fails(
            "[1,\u{2028}2]",
            "expected a JSON value, found U+2028",
            (3, 6),
        );
    }

    #[test]
    fn numbers_keep_their_source_text() {
        for (text, number) in [
            ("0", "0"),
            ("-0", "-0"),
            ("1.5E+3", "1.5E+3"),
            ("1e5", "1e5"),
            ("-12.25e-3", "-12.25e-3"),
            (" 10.0e0 ", "10.0e0"),
            ("12345678901234567890123", "12345678901234567890123"),
        ] {
            let node = parse(text).unwrap();
            assert_eq!(node.kind, Kind::Number(number.into()), "{text:?}");
            let start = text.find(|c: char| c != ' ').unwrap();
            assert_eq!(node.span, Some(Span::new(start, start + number.len())));
        }
        let doc = parse("[0,-1,2.5e3]").unwrap();
        let spans: Vec<_> = doc.elements().unwrap().iter().map(|n| n.span).collect();
        let want = [Span::new(1, 2), Span::new(3, 5), Span::new(6, 11)];
        assert_eq!(spans, want.map(Some));
    }

    #[test]
    fn malformed_numbers_are_named() {
        let zeros = "leading zeros are not allowed in numbers";
        fails("01", zeros, (1, 2));
        fails("-01", zeros, (2, 3));
        fails("[00]", zeros, (2, 3));
        fails("+1", "a number cannot start with '+'", (0, 1));
        fails(".5", "a number cannot start with '.'", (0, 1));
        fails("[.5]", "a number cannot start with '.'", (1, 2));
        let end = "unexpected end of input: expected a digit";
        fails("1.", &format!("{end} after the decimal point"), (2, 2));
        fails("1e", &format!("{end} in the exponent"), (2, 2));
        fails("1e+", &format!("{end} in the exponent"), (3, 3));
        fails("-", &format!("{end} after '-'"), (1, 1));
        let fraction = "expected a digit after the decimal point, found";
        fails("[1.]", &format!("{fraction} ']'"), (3, 4));
        fails("1.e5", &format!("{fraction} 'e'"), (2, 3));
        let exponent = "expected a digit in the exponent, found 'x'";
        fails("[1E-x]", exponent, (4, 5));
        let minus = "expected a digit after '-', found";
        fails("-Infinity", &format!("{minus} 'I'"), (1, 2));
        fails("[- 1]", &format!("{minus} ' ' (space)"), (2, 3));
        fails("1.5.3", "unexpected '.' after the JSON value", (3, 4));
    }

    #[test]
    fn strings_are_decoded() {
        let cases = [
            ("\"\"", ""),
            ("\"héllo 😀\"", "héllo 😀"),
            (
                "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
                "\" \\ / \u{8} \u{c} \n \r \t",
            ),
            ("\"ab\\ncd\\té€f\"", "ab\ncd\té€f"),
            ("\"\\u0041\\u00e9\\u20AC\"", "Aé€"),
            ("\"x\\u0000y\"", "x\0y"),
            ("\"\u{7f}\"", "\u{7f}"),
        ];
        for (text, want) in cases {
            let node = parse(text).unwrap();
            assert_eq!(node.as_str(), Some(want), "{text:?}");
            assert_eq!(node.span, Some(Span::new(0, text.len())));
        }
    }

    #[test]
    fn string_errors_point_into_the_string() {
        fails("\"\\x41\"", "invalid escape '\\x' in a string", (2, 3));
        fails("[\"a\\'\"]", "invalid escape '\\'' in a string", (4, 5));
        fails("\"\\U0041\"", "invalid escape '\\U' in a string", (2, 3));
        fails("\"\\é\"", "invalid escape '\\é' in a string", (2, 4));
        let invisible = "invalid escape in a string: '\\' followed by U+0001";
        fails("\"\\\u{1}\"", invisible, (2, 3));
        let hex = "expected 4 hex digits after '\\u', found 'G'";
        fails("\"\\u12G4\"", hex, (5, 6));
        let control =
            |c: u32| format!("control character U+{c:04X} inside a string must be escaped");
        fails("\"a\tb\"", &control(9), (2, 3));
        fails("\"ab\\n\ncd\"", &control(0xA), (5, 6));
        fails("{\"k\0\": 1}", &control(0), (3, 4));
        fails("\"\u{1f}\"", &control(0x1F), (1, 2));
    }

    #[test]
    fn surrogate_pairs_decode_and_lone_ones_are_refused() {
        for text in [
            "\"\\ud83d\\ude00\"",
            "\"\\uD83D\\uDE00\"",
            "\"\\uD83D\\ude00\"",
        ] {
            assert_eq!(parse(text).unwrap().as_str(), Some("\u{1F600}"), "{text:?}");
        }
        let max = parse("\"a\\udbff\\udfffb\"").unwrap();
        assert_eq!(max.as_str(), Some("a\u{10FFFF}b"));
        for (text, at) in [
            ("\"\\ud800\"", 1),
            ("\"\\udc00x\"", 1),
            ("\"\\ud800\\u0041\"", 1),
            ("\"\\ud800\\ud800\"", 1),
            ("\"ab\\ud83dx\"", 3),
            ("\"\\ud83d\\n\"", 1),
            ("\"\\ude00\\ud83d\"", 1),
            ("\"\\udc00\\udc00\"", 1),
            ("\"\\u0041\\udfff\"", 7),
        ] {
            let e = err(text);
            assert!(e.message.contains("surrogate"), "{text:?}: {e:?}");
            assert_eq!(e.span, Span::new(at, at + 1), "{text:?}");
        }
        assert_eq!(
            err("\"\\uD800\"").message,
            "lone surrogate '\\uD800' in a string: surrogates must come in high-low pairs"
        );
        let hex = "expected 4 hex digits after '\\u', found 'Z'";
        fails("\"\\ud800\\uZ\"", hex, (9, 10));
    }

    #[test]
    fn keys_are_decoded_and_spanned_with_their_quotes() {
        let text = "{\"a\\\"b\\u00e9\\n\" : 1, \"\\ud83d\\ude00\":2}";
        let doc = parse(text).unwrap();
        let members = doc.members().unwrap();
        assert_eq!(members[0].key, "a\"bé\n");
        assert_eq!(members[0].key_span, Some(Span::new(1, 15)));
        assert_eq!(members[0].value.span, Some(Span::new(18, 19)));
        assert_eq!(members[1].key, "\u{1F600}");
        assert_eq!(members[1].key_span, Some(Span::new(21, 35)));
        fails("{\"a\\qb\": 1}", "invalid escape '\\q' in a string", (4, 5));
    }

    #[test]
    fn duplicates_are_kept_in_source_order() {
        let doc = parse("{\"a\":1,\"b\":true,\"a\":[],\"a\":null}").unwrap();
        let members = doc.members().unwrap();
        let keys: Vec<_> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "a", "a"]);
        assert_eq!(members[0].value.kind, Kind::Number("1".into()));
        assert_eq!(members[2].value.kind, Kind::Array(vec![]));
        assert!(doc.get("a").unwrap().is_null());
    }

    #[test]
    fn containers_span_their_brackets_and_are_numbered() {
        let text = "{\"a\": [1, {\"b\": null}], \"c\": {}}";
        let doc = parse(text).unwrap();
        assert_eq!(doc.span, Some(Span::new(0, text.len())));
        let a = doc.get("a").unwrap();
        assert_eq!(a.span, Some(Span::new(6, 22)));
        let inner = &a.elements().unwrap()[1];
        assert_eq!(inner.span, Some(Span::new(10, 21)));
        let b = inner.get("b").unwrap();
        assert_eq!(b.span, Some(Span::new(16, 20)));
        let c = doc.get("c").unwrap();
        assert_eq!(c.span, Some(Span::new(29, 31)));
        let one = &a.elements().unwrap()[0];
        let orders = [doc.order, a.order, one.order, inner.order, b.order, c.order];
        assert_eq!(orders, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn nesting_is_counted_for_arrays_and_objects_alike() {
        let too_deep = "arrays and objects are nested deeper than 128 levels";
        let arrays = |n: usize| "[".repeat(n) + &"]".repeat(n);
        fails(&arrays(129), too_deep, (128, 129));
        // Brackets inside strings do not count.
        let ok = "[".repeat(127) + "[\"[[{\", 1]" + &"]".repeat(127);
        assert!(parse(&ok).is_ok());
        let objects = |n: usize| "{\"a\":".repeat(n) + "1" + &"}".repeat(n);
        assert!(parse(&objects(128)).is_ok());
        fails(&objects(129), too_deep, (5 * 128, 5 * 128 + 1));
        let mixed = "[{\"a\":".repeat(64) + "[]" + &"}]".repeat(64);
        fails(&mixed, too_deep, (6 * 64, 6 * 64 + 1));
        // Found before the text turns out to be broken further on.
        fails(&("[".repeat(200) + "x"), too_deep, (128, 129));
        fails(&"{\"a\":".repeat(1_000_000), too_deep, (640, 641));
    }

    #[test]
    fn a_large_array_parses() {
        let text = format!("[{}1]", "1,".repeat(99_999));
        let doc = parse(&text).unwrap();
        let items = doc.elements().unwrap();
        assert_eq!(items.len(), 100_000);
        let end = text.len() - 1;
        assert_eq!(items[99_999].span, Some(Span::new(end - 1, end)));
        assert_eq!(items[99_999].order, 100_000);
    }
}
