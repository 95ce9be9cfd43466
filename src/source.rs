//! Text to [`Document`]: strict JSON with spans and repeated keys kept, and
//! the byte offset to line/UTF-16 column arithmetic every surface shares.
//!
//! The parser is a recursive descent over bytes for exactly RFC 8259 plus
//! SPEC §2's strict points (no byte-order mark, no lone surrogate escapes,
//! nesting up to 128). It is hand-written because `serde_json` drops spans
//! and repeated keys, and a general parser's leniencies, all turned off here,
//! cost the WebAssembly build kilobytes. Time and memory are linear in the
//! text: one pass, one node per value and key, and an allocation only for a
//! string with escapes.

use crate::document::{Builder, Document, Scalar, Span, MAX_DEPTH, MAX_NODES};
use crate::messages::{self, Locale};
use crate::report::{Params, Position};

/// Why the text is not strict JSON, and the one character where it failed
/// (zero-width at the end when the text ends early). `params.cause` names
/// the reason (`trailing-comma`, `lone-surrogate`, …) with its details, so
/// that the `invalid-json` diagnostic can say it in every language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// In English.
    pub message: String,
    pub span: Span,
    pub params: Params,
}

impl SyntaxError {
    fn new(span: Span, params: Params) -> Self {
        SyntaxError {
            message: messages::syntax_reason(Locale::En, &params),
            span,
            params,
        }
    }
}

/// Larger texts are refused before parsing: every node takes two bytes at
/// least, so a text this size has at most [`MAX_NODES`] of them (512 MiB;
/// JavaScript strings end a little above it).
pub const MAX_TEXT: usize = 2 * (MAX_NODES - 1);

/// Bytes to text: invalid UTF-8 is a syntax error at the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<&str, SyntaxError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let bad = e.error_len().unwrap_or(bytes.len() - at);
        let mut params = Params::default();
        params.insert("cause", "invalid-utf8".into());
        params.insert("byte", format!("0x{:02X}", bytes[at]).into());
        params.insert("offset", at.into());
        SyntaxError::new(Span::new(at, at + bad), params)
    })
}

/// A JavaScript string that is not well-formed UTF-16: `at` is the UTF-16
/// index of its first lone surrogate, `unit` that code unit. `text` is the
/// string as it reached Rust, with U+FFFD in place of each lone surrogate
/// (what encoding to UTF-8 does), so the error spans that character and a
/// UTF-16 position of it is the surrogate's own.
pub fn lone_surrogate(text: &str, at: usize, unit: u16) -> SyntaxError {
    let mut units = 0;
    let start = text
        .char_indices()
        .find(|&(_, c)| {
            let here = units;
            units += c.len_utf16();
            here >= at
        })
        .map_or(text.len(), |(i, _)| i);
    let end = start
        + text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
    let mut params = Params::default();
    params.insert("cause", "invalid-utf16".into());
    params.insert("unit", format!("U+{unit:04X}").into());
    params.insert("offset", at.into());
    SyntaxError::new(Span::new(start, end), params)
}

/// A JavaScript argument given as the request's text that is not a string:
/// `actual` names it (`number`, `null`, `undefined`, `object`, …). It has
/// no text, so the error has no place.
pub fn not_text(actual: &str) -> SyntaxError {
    let mut params = Params::default();
    params.insert("cause", "not-text".into());
    params.insert("actual", actual.to_string().into());
    SyntaxError::new(Span::new(0, 0), params)
}

/// [`parse`] for a file whose error is a message, not a diagnostic (a
/// context or configuration): the cause with its line and column.
pub fn parse_file(text: &str) -> Result<Document<'_>, String> {
    parse(text).map_err(|e| {
        let at = Locator::new(text, OffsetUnit::Utf8).position(e.span.start);
        format!("{} (line {}, column {})", e.message, at.line, at.column)
    })
}

/// Parses strict JSON into a [`Document`] with spans.
pub fn parse(text: &str) -> Result<Document<'_>, SyntaxError> {
    parse_with(text, true, false)
}

/// The most nodes reserved before any is counted.
const FIRST_NODES: usize = 4096;

/// `spanned`: whether the document keeps spans (not for a JavaScript
/// value sent as text). `foreign`: whether `\u{1}` followed by a string is a
/// value JSON cannot hold (the JavaScript bridge's one addition to JSON).
pub(crate) fn parse_with(
    text: &str,
    spanned: bool,
    foreign: bool,
) -> Result<Document<'_>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        builder: Builder::new(text, spanned),
        scratch: String::new(),
        foreign,
    };
    if text.len() > MAX_TEXT {
        let mut params = Params::default();
        params.insert("cause", "too-large".into());
        params.insert("limit", MAX_TEXT.into());
        return Err(SyntaxError::new(Span::new(0, 0), params));
    }
    // A node for about every six bytes of a typical request, up to a first
    // block; a text that needs more has the rest of its nodes counted once
    // (`Builder`), so a long string costs no count and no large block.
    parser
        .builder
        .reserve((text.len() / 6 + 4).min(FIRST_NODES));
    match parser.document() {
        Ok(()) => Ok(parser.builder.finish()),
        Err(fault) => {
            let rest = text.get(parser.pos..).unwrap_or_default();
            let params = fault.params(rest);
            let span = match rest.chars().next() {
                Some(c) => Span::new(parser.pos, parser.pos + c.len_utf8()),
                None => Span::new(text.len(), text.len()),
            };
            Err(SyntaxError::new(span, params))
        }
    }
}

/// What went wrong. The parser stops on the character to blame and only then
/// are the details gathered, so that parsing valid text never formats.
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
    /// A token's next character: what was expected (a label key).
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
    /// The cause and its details; `rest` is the text from where parsing
    /// failed, empty when it ended early.
    fn params(self, rest: &str) -> Params {
        let mut params = Params::default();
        let mut cause = |c: &'static str| params.insert("cause", c.into());
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            match self {
                Fault::Empty => cause("empty"),
                Fault::Key | Fault::Colon | Fault::AfterMember => cause("unterminated-object"),
                Fault::AfterElement => cause("unterminated-array"),
                Fault::Expected(what) => {
                    cause("end-expected");
                    params.insert("expected", what.into());
                }
                // Nothing else reads to the end of the input but a string.
                _ => cause("unterminated-string"),
            }
            return params;
        };
        let comment = c == '/' && matches!(chars.next(), Some('/' | '*'));
        let (name, found) = match self {
            // Where a token may start is where a comment would.
            Fault::Value
            | Fault::Key
            | Fault::Colon
            | Fault::AfterElement
            | Fault::AfterMember
            | Fault::AfterRoot
                if comment =>
            {
                ("comment", false)
            }
            Fault::Value | Fault::Empty => ("expected-value", true),
            Fault::Key => ("expected-key", true),
            Fault::Colon => ("expected-colon", true),
            Fault::AfterElement => ("after-element", true),
            Fault::AfterMember => ("after-member", true),
            Fault::UnterminatedString => {
                params.insert("expected", "string-end".into());
                ("expected", true)
            }
            Fault::Expected(what) => {
                params.insert("expected", what.into());
                ("expected", true)
            }
            Fault::ByteOrderMark => ("byte-order-mark", false),
            Fault::TooDeep => {
                params.insert("limit", MAX_DEPTH.into());
                ("too-deep", false)
            }
            Fault::TrailingComma(close) => {
                params.insert("close", char::from(close).to_string().into());
                ("trailing-comma", false)
            }
            Fault::AfterRoot => ("after-root", true),
            Fault::NumberStart => ("number-start", true),
            Fault::LeadingZero => ("leading-zero", false),
            Fault::Control => ("control-character", true),
            Fault::Escape => ("invalid-escape", true),
            Fault::LoneSurrogate => {
                params.insert("escape", rest.get(..6).unwrap_or(rest).into());
                ("lone-surrogate", false)
            }
        };
        if found {
            params.insert("found", c.to_string().into());
        }
        params.insert("cause", name.into());
        params
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

/// Eight bytes of `b` each.
const fn repeat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The first byte at or after `from` that ends a run of plain string text
/// ('"', '\\' or a control: in JSON written, the bytes that need an escape),
/// or the length: eight bytes at a time while no
/// byte of a word can end the run (a long value costs a fraction of a
/// byte-by-byte loop), then the table for the word that holds the end.
pub(crate) fn string_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = repeat(0x01);
    const HIGH: u64 = repeat(0x80);
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
        let zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
        // A byte below 0x20, or equal to '"' or '\\' (exact for each byte:
        // a borrow only runs into bytes above a flagged one).
        let control = x.wrapping_sub(repeat(0x20)) & !x & HIGH;
        if control | zero(x ^ repeat(b'"')) | zero(x ^ repeat(b'\\')) != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| STRING_END[b as usize])
        .unwrap_or(bytes.len() - at)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Where parsing is; on a fault, the character to blame.
    pos: usize,
    /// Open arrays and objects, so that recursion stays within MAX_DEPTH.
    depth: usize,
    builder: Builder<'a>,
    /// Where strings with escapes are decoded.
    scratch: String,
    foreign: bool,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<(), Fault> {
        if self.text.starts_with('\u{feff}') {
            return Err(Fault::ByteOrderMark);
        }
        self.white_space();
        self.value(Fault::Empty)?;
        self.white_space();
        if self.pos < self.bytes.len() {
            return Err(Fault::AfterRoot);
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
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
    fn value(&mut self, at_end: Fault) -> Result<(), Fault> {
        let start = self.pos;
        match self.peek() {
            None => return Err(at_end),
            Some(b'"') => self.string(Scalar::String)?,
            Some(open @ (b'[' | b'{')) => {
                if self.depth == MAX_DEPTH {
                    return Err(Fault::TooDeep);
                }
                self.depth += 1;
                let node = self.builder.open(open == b'{', start);
                if open == b'[' {
                    self.array()?;
                } else {
                    self.object()?;
                }
                self.builder.close(node, self.pos);
                self.depth -= 1;
            }
            Some(b't') => self.literal(b"true", "true", Scalar::Bool(true))?,
            Some(b'f') => self.literal(b"false", "false", Scalar::Bool(false))?,
            Some(b'n') => self.literal(b"null", "null", Scalar::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'+' | b'.') => return Err(Fault::NumberStart),
            Some(1) if self.foreign => {
                self.pos += 1;
                self.string(Scalar::Foreign)?;
            }
            Some(_) => return Err(Fault::Value),
        }
        Ok(())
    }

    fn array(&mut self) -> Result<(), Fault> {
        self.pos += 1;
        self.white_space();
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            self.value(Fault::AfterElement)?;
            self.white_space();
            match self.peek() {
                Some(b']') => break,
                Some(b',') => self.comma(b']')?,
                _ => return Err(Fault::AfterElement),
            }
        }
        self.pos += 1;
        Ok(())
    }

    fn object(&mut self) -> Result<(), Fault> {
        self.pos += 1;
        self.white_space();
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(Fault::Key);
            }
            self.string(Scalar::Key)?;
            self.white_space();
            if !self.eat(b':') {
                return Err(Fault::Colon);
            }
            self.white_space();
            self.value(Fault::AfterMember)?;
            self.white_space();
            match self.peek() {
                Some(b'}') => break,
                Some(b',') => self.comma(b'}')?,
                _ => return Err(Fault::AfterMember),
            }
        }
        self.pos += 1;
        Ok(())
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

    fn literal(&mut self, word: &[u8], name: &'static str, scalar: Scalar) -> Result<(), Fault> {
        let start = self.pos;
        for &b in word {
            if !self.eat(b) {
                return Err(Fault::Expected(name));
            }
        }
        self.builder.verbatim(scalar, Span::new(start, self.pos));
        Ok(())
    }

    /// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<(), Fault> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            if let Some(b'0'..=b'9') = self.peek() {
                return Err(Fault::LeadingZero);
            }
        } else {
            self.digits("digit-after-minus")?;
        }
        if self.eat(b'.') {
            self.digits("digit-after-point")?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits("digit-in-exponent")?;
        }
        self.builder
            .verbatim(Scalar::Number, Span::new(start, self.pos));
        Ok(())
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

    /// A string at its opening quote: verbatim when it has no escapes,
    /// decoded otherwise.
    fn string(&mut self, scalar: Scalar) -> Result<(), Fault> {
        let quote = self.pos;
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        // The text between escapes is copied a run at a time.
        loop {
            let run = self.pos;
            self.pos = string_end(self.bytes, run);
            match self.peek() {
                Some(b'"') => {
                    let span = Span::new(quote, self.pos + 1);
                    if escaped {
                        self.scratch
                            .push_str(self.text.get(run..self.pos).unwrap_or_default());
                        self.builder.owned(scalar, span, &self.scratch);
                    } else if scalar == Scalar::Foreign {
                        let name = self.text.get(start..self.pos).unwrap_or_default();
                        self.builder.owned(scalar, span, name);
                    } else {
                        self.builder.verbatim(scalar, span);
                    }
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    if !escaped {
                        self.scratch.clear();
                        escaped = true;
                    }
                    self.scratch
                        .push_str(self.text.get(run..self.pos).unwrap_or_default());
                    let c = self.escape()?;
                    self.scratch.push(c);
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
                    .ok_or(Fault::Expected("hex-digits"))?,
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

/// What a position's `offset` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    /// UTF-8 bytes (Rust and the command).
    Utf8,
    /// UTF-16 code units (JavaScript's string indexes).
    Utf16,
}

/// Finds positions by walking the text forward once: offsets asked for in
/// increasing order cost one pass in all, and no index is built unless a
/// diagnostic needs a position. Line breaks are LF, CRLF and a lone CR
/// (SPEC §2); columns count UTF-16 code units.
pub struct Locator<'t> {
    bytes: &'t [u8],
    text: &'t str,
    unit: OffsetUnit,
    /// Walked so far: byte offset, 0-based line, UTF-16 index, and the
    /// UTF-16 index where the line starts.
    pos: usize,
    line: u32,
    utf16: usize,
    line_utf16: usize,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str, unit: OffsetUnit) -> Self {
        Locator {
            bytes: text.as_bytes(),
            text,
            unit,
            pos: 0,
            line: 0,
            utf16: 0,
            line_utf16: 0,
        }
    }

    /// The position of a byte offset (clamped to the text, rounded down to a
    /// character boundary). Asked for out of order, it starts again.
    pub fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.pos {
            *self = Locator::new(self.text, self.unit);
        }
        while self.pos < offset {
            // A word of ASCII without line breaks: eight code units at once.
            if let Some(word) = self.bytes.get(self.pos..self.pos + 8) {
                if self.pos + 8 <= offset {
                    let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
                    let zero = |y: u64| y.wrapping_sub(repeat(0x01)) & !y & repeat(0x80);
                    if (x & repeat(0x80)) | zero(x ^ repeat(b'\n')) | zero(x ^ repeat(b'\r')) == 0 {
                        self.pos += 8;
                        self.utf16 += 8;
                        continue;
                    }
                }
            }
            let b = self.bytes[self.pos];
            self.pos += 1;
            self.utf16 += utf16_units(b);
            // A CR followed by LF ends its line at the LF.
            if b == b'\n' || (b == b'\r' && self.bytes.get(self.pos) != Some(&b'\n')) {
                self.line += 1;
                self.line_utf16 = self.utf16;
            }
        }
        Position {
            line: self.line + 1,
            column: (self.utf16 - self.line_utf16) as u32 + 1,
            offset: match self.unit {
                OffsetUnit::Utf8 => offset,
                OffsetUnit::Utf16 => self.utf16,
            },
        }
    }
}

/// Positions of many byte offsets, in one pass over the text.
pub struct Positions {
    offsets: Vec<usize>,
    positions: Vec<Position>,
}

impl Positions {
    pub fn new(text: &str, unit: OffsetUnit, mut offsets: Vec<usize>) -> Self {
        crate::text::sort_numbers(&mut offsets);
        offsets.dedup();
        let mut locator = Locator::new(text, unit);
        let positions = offsets.iter().map(|&o| locator.position(o)).collect();
        Positions { offsets, positions }
    }

    /// The position of an offset given to [`Positions::new`].
    pub fn get(&self, offset: usize) -> Position {
        let i = self.offsets.partition_point(|&o| o < offset);
        self.positions.get(i).copied().unwrap_or(Position {
            line: 1,
            column: 1,
            offset: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Kind;

    fn err(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn the_end_of_plain_string_text_is_found_in_any_word_position() {
        for len in 0..40 {
            for end in [b'"', b'\\', b'\n', 0x00, 0x1f] {
                let mut bytes = vec![b'a'; len];
                bytes.extend([0xc3, 0xa9, 0x7f, 0x20, b'!']);
                let at = bytes.len();
                bytes.push(end);
                bytes.extend(b"tail\"");
                assert_eq!(string_end(&bytes, 0), at, "{len} {end:#x}");
            }
            assert_eq!(string_end(&vec![b'x'; len], 0), len);
        }
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
            parse("\"\\ud83d\\ude00\"").unwrap().root().as_str(),
            Some("\u{1F600}")
        );
    }

    #[test]
    fn raw_control_character_is_refused() {
        let e = err("{\"a\":\"x\ty\"}");
        assert!(e.message.contains("U+0009 (tab)"));
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
    fn a_lone_surrogate_of_a_javascript_string_is_located_in_utf16() {
        // "😀\u{d800}" in JavaScript: the emoji is two code units, the
        // surrogate arrives as U+FFFD.
        let text = "{\"a\":\n\"😀\u{fffd}x\"}";
        let e = lone_surrogate(text, 9, 0xd800);
        assert_eq!(e.span, Span::new(11, 14));
        assert_eq!(e.params.get("cause"), Some(&"invalid-utf16".into()));
        assert_eq!(e.params.get("unit"), Some(&"U+D800".into()));
        assert_eq!(e.params.get("offset"), Some(&9_usize.into()));
        let at = |o| Locator::new(text, OffsetUnit::Utf16).position(o);
        assert_eq!((at(11).line, at(11).column, at(11).offset), (2, 4, 9));
        assert_eq!(at(14).offset, 10);
        assert_eq!(
            e.message,
            "the text holds a lone surrogate U+D800 at offset 9 (half of a UTF-16 pair), which UTF-8 cannot encode"
        );
        // Past the end (a caller's mistake): zero-width at the end.
        assert_eq!(lone_surrogate("ab", 5, 0xdc00).span, Span::new(2, 2));
    }

    #[test]
    fn an_argument_that_is_not_text_is_named() {
        let e = not_text("number");
        assert_eq!(
            e.message,
            "it is a number, not a string of JSON text (lintValue() takes a value)"
        );
        assert_eq!(
            not_text("undefined").params.get("actual"),
            Some(&"undefined".into())
        );
    }

    #[test]
    fn escapes_are_decoded_and_duplicates_kept() {
        let doc = parse("{\"a\": \"\\u003c\", \"a\": 2}").unwrap();
        let members: Vec<_> = doc.root().members().unwrap().collect();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].value.as_str(), Some("<"));
        assert_eq!(members[0].value.span(), Some(Span::new(6, 14)));
        assert_eq!(members[1].key_span, Some(Span::new(16, 19)));
    }

    #[test]
    fn positions_count_utf16_and_every_line_break() {
        let text = "a\r\nb\rc\nd😀e";
        let at = |o| Locator::new(text, OffsetUnit::Utf8).position(o);
        assert_eq!((at(3).line, at(3).column), (2, 1));
        assert_eq!((at(5).line, at(5).column), (3, 1));
        assert_eq!((at(7).line, at(7).column), (4, 1));
        // The LF of a CRLF still belongs to the line the CR ends.
        assert_eq!((at(2).line, at(2).column), (1, 3));
        let e = text.find('e').unwrap();
        assert_eq!((at(e).line, at(e).column), (4, 4));
        let utf16 = Locator::new(text, OffsetUnit::Utf16).position(e);
        assert_eq!(utf16.offset, 10);
        // Inside the emoji: rounded down to its start.
        assert_eq!(at(e - 2).offset, e - 4);
        // Asked for in any order, one locator gives the same answers.
        let mut one = Locator::new(text, OffsetUnit::Utf8);
        for o in [e, 3, 7, 0, e] {
            assert_eq!(one.position(o), at(o));
        }
        let many = Positions::new(text, OffsetUnit::Utf8, vec![7, 3, 7]);
        assert_eq!(many.get(3), at(3));
        assert_eq!(many.get(7), at(7));
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
        assert_eq!(doc.root().elements().unwrap().count(), 2);
        assert_eq!(doc.root().span(), Some(Span::new(4, 13)));
        fails(
            "\u{c}1",
            "expected a JSON value, found U+000C (form feed)",
            (0, 1),
        );
        fails(
            "\u{b}[]",
            "expected a JSON value, found U+000B (line tabulation)",
            (0, 1),
        );
        fails(
            "\u{a0}1",
            "expected a JSON value, found U+00A0 (no-break space)",
            (0, 2),
        );
        fails(
            "1\u{a0}",
            "unexpected U+00A0 (no-break space) after the JSON value",
            (1, 3),
        );
        fails(
            "[1,\u{2028}2]",
            "expected a JSON value, found U+2028 (line separator)",
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
            let doc = parse(text).unwrap();
            let node = doc.root();
            assert!(
                matches!(node.kind(), Kind::Number(n) if n == number),
                "{text:?}"
            );
            let start = text.find(|c: char| c != ' ').unwrap();
            assert_eq!(node.span(), Some(Span::new(start, start + number.len())));
        }
        let doc = parse("[0,-1,2.5e3]").unwrap();
        let spans: Vec<_> = doc.root().elements().unwrap().map(|n| n.span()).collect();
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
            let doc = parse(text).unwrap();
            assert_eq!(doc.root().as_str(), Some(want), "{text:?}");
            assert_eq!(doc.root().span(), Some(Span::new(0, text.len())));
        }
    }

    #[test]
    fn string_errors_point_into_the_string() {
        let escape = "invalid escape in a string: '\\' followed by";
        fails("\"\\x41\"", &format!("{escape} 'x'"), (2, 3));
        fails("[\"a\\'\"]", &format!("{escape} '''"), (4, 5));
        fails("\"\\U0041\"", &format!("{escape} 'U'"), (2, 3));
        fails("\"\\é\"", &format!("{escape} 'é'"), (2, 4));
        let invisible = "invalid escape in a string: '\\' followed by U+0001 (start of heading)";
        fails("\"\\\u{1}\"", invisible, (2, 3));
        let hex = "expected 4 hex digits after '\\u', found 'G'";
        fails("\"\\u12G4\"", hex, (5, 6));
        let control = |c: u32| {
            let shown = crate::text::show_char(char::from_u32(c).unwrap());
            format!("control character {shown} inside a string must be escaped")
        };
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
            assert_eq!(
                parse(text).unwrap().root().as_str(),
                Some("\u{1F600}"),
                "{text:?}"
            );
        }
        let max = parse("\"a\\udbff\\udfffb\"").unwrap();
        assert_eq!(max.root().as_str(), Some("a\u{10FFFF}b"));
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
        let members: Vec<_> = doc.root().members().unwrap().collect();
        assert_eq!(members[0].key, "a\"bé\n");
        assert_eq!(members[0].key_span, Some(Span::new(1, 15)));
        assert_eq!(members[0].value.span(), Some(Span::new(18, 19)));
        assert_eq!(members[1].key, "\u{1F600}");
        assert_eq!(members[1].key_span, Some(Span::new(21, 35)));
        fails(
            "{\"a\\qb\": 1}",
            "invalid escape in a string: '\\' followed by 'q'",
            (4, 5),
        );
    }

    #[test]
    fn duplicates_are_kept_in_source_order() {
        let doc = parse("{\"a\":1,\"b\":true,\"a\":[],\"a\":null}").unwrap();
        let members: Vec<_> = doc.root().members().unwrap().collect();
        let keys: Vec<_> = members.iter().map(|m| m.key).collect();
        assert_eq!(keys, ["a", "b", "a", "a"]);
        assert!(matches!(members[0].value.kind(), Kind::Number("1")));
        assert!(matches!(members[2].value.kind(), Kind::Array(e) if e.clone().count() == 0));
        assert!(doc.root().get("a").unwrap().is_null());
    }

    #[test]
    fn containers_span_their_brackets_and_are_numbered() {
        let text = "{\"a\": [1, {\"b\": null}], \"c\": {}}";
        let doc = parse(text).unwrap();
        let root = doc.root();
        assert_eq!(root.span(), Some(Span::new(0, text.len())));
        let a = root.get("a").unwrap();
        assert_eq!(a.span(), Some(Span::new(6, 22)));
        let inner = a.elements().unwrap().nth(1).unwrap();
        assert_eq!(inner.span(), Some(Span::new(10, 21)));
        let b = inner.get("b").unwrap();
        assert_eq!(b.span(), Some(Span::new(16, 20)));
        let c = root.get("c").unwrap();
        assert_eq!(c.span(), Some(Span::new(29, 31)));
        let one = a.elements().unwrap().next().unwrap();
        // Keys are nodes too: "a" is 1, "b" 5, "c" 7.
        let orders = [
            root.order(),
            a.order(),
            one.order(),
            inner.order(),
            b.order(),
            c.order(),
        ];
        assert_eq!(orders, [0, 2, 3, 4, 6, 8]);
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
        let items = doc.root().elements().unwrap();
        assert_eq!(items.clone().count(), 100_000);
        let last = items.last().unwrap();
        let end = text.len() - 1;
        assert_eq!(last.span(), Some(Span::new(end - 1, end)));
        assert_eq!(last.order(), 100_000);
        assert_eq!(doc.len(), 100_001);
    }
}
