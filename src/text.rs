//! How messages show what the user wrote: quoted, shortened, and with every
//! character a person cannot see named instead of printed. A message that
//! quotes a zero-width space raw looks like `''` and misleads; it says
//! `U+200B (zero width space)` instead. Diagnostic `params` keep the raw
//! characters: this module is for people, not programs.

use std::fmt::Write;

/// Characters a message never prints raw: controls (Cc), format characters
/// (Cf: zero-width characters, bidirectional controls, tag characters), every
/// space but U+0020 (Zs, Zl, Zp), and the blank-looking default-ignorable
/// characters (variation selectors, fillers, the combining grapheme joiner).
/// Ranges from Unicode 15's `UnicodeData.txt`, sorted.
static INVISIBLE: &[(u32, u32)] = &[
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];

/// Names of the invisible characters people meet in pasted text (the C0
/// controls by their Unicode name aliases).
static NAMES: &[(u32, &str)] = &[
    (0x0000, "null"),
    (0x0001, "start of heading"),
    (0x0002, "start of text"),
    (0x0003, "end of text"),
    (0x0004, "end of transmission"),
    (0x0005, "enquiry"),
    (0x0006, "acknowledge"),
    (0x0007, "bell"),
    (0x0008, "backspace"),
    (0x0009, "tab"),
    (0x000A, "line feed"),
    (0x000B, "line tabulation"),
    (0x000C, "form feed"),
    (0x000D, "carriage return"),
    (0x000E, "shift out"),
    (0x000F, "shift in"),
    (0x0010, "data link escape"),
    (0x0011, "device control one"),
    (0x0012, "device control two"),
    (0x0013, "device control three"),
    (0x0014, "device control four"),
    (0x0015, "negative acknowledge"),
    (0x0016, "synchronous idle"),
    (0x0017, "end of transmission block"),
    (0x0018, "cancel"),
    (0x0019, "end of medium"),
    (0x001A, "substitute"),
    (0x001B, "escape"),
    (0x001C, "file separator"),
    (0x001D, "group separator"),
    (0x001E, "record separator"),
    (0x001F, "unit separator"),
    (0x007F, "delete"),
    (0x0085, "next line"),
    (0x00A0, "no-break space"),
    (0x00AD, "soft hyphen"),
    (0x034F, "combining grapheme joiner"),
    (0x061C, "Arabic letter mark"),
    (0x115F, "Hangul choseong filler"),
    (0x1160, "Hangul jungseong filler"),
    (0x1680, "Ogham space mark"),
    (0x180E, "Mongolian vowel separator"),
    (0x2000, "en quad"),
    (0x2001, "em quad"),
    (0x2002, "en space"),
    (0x2003, "em space"),
    (0x2004, "three-per-em space"),
    (0x2005, "four-per-em space"),
    (0x2006, "six-per-em space"),
    (0x2007, "figure space"),
    (0x2008, "punctuation space"),
    (0x2009, "thin space"),
    (0x200A, "hair space"),
    (0x200B, "zero width space"),
    (0x200C, "zero width non-joiner"),
    (0x200D, "zero width joiner"),
    (0x200E, "left-to-right mark"),
    (0x200F, "right-to-left mark"),
    (0x2028, "line separator"),
    (0x2029, "paragraph separator"),
    (0x202A, "left-to-right embedding"),
    (0x202B, "right-to-left embedding"),
    (0x202C, "pop directional formatting"),
    (0x202D, "left-to-right override"),
    (0x202E, "right-to-left override"),
    (0x202F, "narrow no-break space"),
    (0x205F, "medium mathematical space"),
    (0x2060, "word joiner"),
    (0x2061, "function application"),
    (0x2062, "invisible times"),
    (0x2063, "invisible separator"),
    (0x2064, "invisible plus"),
    (0x2066, "left-to-right isolate"),
    (0x2067, "right-to-left isolate"),
    (0x2068, "first strong isolate"),
    (0x2069, "pop directional isolate"),
    (0x2800, "braille pattern blank"),
    (0x3000, "ideographic space"),
    (0x3164, "Hangul filler"),
    (0xFEFF, "zero width no-break space"),
    (0xFFA0, "halfwidth Hangul filler"),
];

/// A character a message must name rather than print.
pub fn is_invisible(c: char) -> bool {
    let c = c as u32;
    let i = INVISIBLE.partition_point(|&(_, last)| last < c);
    INVISIBLE.get(i).is_some_and(|&(first, _)| first <= c)
}

/// The name of an invisible character, or what kind of character it is.
pub(crate) fn invisible_name(c: char) -> &'static str {
    let code = c as u32;
    if let Ok(i) = NAMES.binary_search_by_key(&code, |&(n, _)| n) {
        return NAMES[i].1;
    }
    if c.is_control() {
        "control character"
    } else if c.is_whitespace() {
        "space character"
    } else if (0xFE00..=0xFE0F).contains(&code) || (0xE0100..=0xE01EF).contains(&code) {
        "variation selector"
    } else if (0xE0000..=0xE007F).contains(&code) {
        "tag character"
    } else {
        "format character"
    }
}

/// How a message names one character: `'x'`, `' ' (space)`, or
/// `U+200B (zero width space)` for one a person cannot see.
pub fn show_char(c: char) -> String {
    let mut out = String::new();
    push_char(&mut out, c);
    out
}

/// [`show_char`], written into `out`.
pub fn push_char(out: &mut String, c: char) {
    if c == ' ' {
        out.push_str("' ' (space)");
    } else if is_invisible(c) {
        let _ = write!(out, "U+{:04X} ({})", c as u32, invisible_name(c));
    } else {
        out.push('\'');
        out.push(c);
        out.push('\'');
    }
}

/// The text with each invisible character written as its escape
/// (`\u200B`, `\u{E0041}` beyond the Basic Multilingual Plane).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if plain(text) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    push_visible(&mut out, text);
    out.into()
}

/// Printable ASCII, the usual case, checked a byte at a time; else no
/// invisible character.
fn plain(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(is_invisible)
}

/// [`visible`], written into `out`.
pub fn push_visible(out: &mut String, text: &str) {
    if plain(text) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if !is_invisible(c) {
            out.push(c);
        } else if (c as u32) <= 0xFFFF {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        }
    }
}

/// The number of characters (Unicode scalar values): the bytes that start
/// one, which compiles to a loop over words rather than a UTF-8 decoder.
pub fn char_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    // A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear.
    let continuations: usize = words
        .by_ref()
        .map(|word| {
            let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
            (x & !(x << 1) & 0x8080_8080_8080_8080).count_ones() as usize
        })
        .sum();
    let rest = words
        .remainder()
        .iter()
        .filter(|b| (**b & 0xC0) == 0x80)
        .count();
    bytes.len() - continuations - rest
}

/// Whether the text has one of two bytes: eight bytes at a time, for long
/// values.
pub fn has_either(text: &str, a: u8, b: u8) -> bool {
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let zero = |x: u64| x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
    let (a8, b8) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    let found = words.by_ref().any(|word| {
        let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
        zero(x ^ a8) | zero(x ^ b8) != 0
    });
    found || words.remainder().iter().any(|&c| c == a || c == b)
}

/// At most this many characters of a value are quoted.
const QUOTE_LIMIT: usize = 40;

/// A value quoted for a message: shortened when long, invisible characters
/// escaped (see [`visible`]).
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(QUOTE_LIMIT * 4) + 4);
    push_quoted(&mut out, value);
    out
}

/// [`quote`], written into `out`.
pub fn push_quoted(out: &mut String, value: &str) {
    let cut = value.char_indices().nth(QUOTE_LIMIT).map(|_| {
        value
            .char_indices()
            .nth(QUOTE_LIMIT - 1)
            .map_or(0, |(i, _)| i)
    });
    out.push('\'');
    match cut {
        None => push_visible(out, value),
        Some(end) => {
            push_visible(out, value.get(..end).unwrap_or_default());
            out.push('…');
        }
    }
    out.push('\'');
}

/// The crate's one hash map, from a key (of the document, or a lower-cased
/// copy for ASCII-folded look-ups) to a position: where a large object or
/// list (only hostile requests have them) is checked in linear time. One
/// type, because every other key or value type would add its own copy of a
/// map's code to the browser build (about 1.5 KB each). Natively the
/// standard library's map, whose keys are random; in WebAssembly, which has
/// no randomness to key it with (the standard library's keys are fixed
/// there), [`OpenMap`], a tenth of its size.
#[cfg(not(target_arch = "wasm32"))]
pub type KeyMap<'a> = StdMap<'a>;
#[cfg(target_arch = "wasm32")]
pub type KeyMap<'a> = OpenMap<'a>;

/// [`KeyMap`] natively: the standard library's map.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default)]
pub struct StdMap<'a>(std::collections::HashMap<&'a str, usize>);

#[cfg(not(target_arch = "wasm32"))]
impl<'a> StdMap<'a> {
    pub fn with_capacity(capacity: usize) -> Self {
        StdMap(std::collections::HashMap::with_capacity(capacity))
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }

    pub fn insert(&mut self, key: &'a str, value: usize) {
        self.0.insert(key, value);
    }

    /// The key's value, or `value`, which it then has.
    pub fn get_or_insert(&mut self, key: &'a str, value: usize) -> usize {
        *self.0.entry(key).or_insert(value)
    }
}

/// [`KeyMap`] in WebAssembly: open addressing with linear probing over a
/// power-of-two table kept at most half full, keys hashed by FNV-1a and
/// spread by a Fibonacci multiply. Values are positions, never
/// `usize::MAX`, which marks an empty slot.
#[cfg(any(target_arch = "wasm32", test))]
#[derive(Debug, Default)]
pub struct OpenMap<'a> {
    slots: Vec<(&'a str, usize)>,
    len: usize,
    /// 64 minus the table's bits: the hash's top bits are the slot.
    shift: u32,
}

#[cfg(any(target_arch = "wasm32", test))]
impl<'a> OpenMap<'a> {
    const EMPTY: usize = usize::MAX;

    pub fn with_capacity(capacity: usize) -> Self {
        let mut map = OpenMap::default();
        map.reserve(capacity);
        map
    }

    /// Room for `len` keys at most half full.
    fn reserve(&mut self, len: usize) {
        let size = len.max(4).saturating_mul(2).next_power_of_two();
        if size <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![("", Self::EMPTY); size]);
        self.shift = 64 - size.trailing_zeros();
        for (key, value) in old {
            if value != Self::EMPTY {
                let at = self.slot(key);
                self.slots[at] = (key, value);
            }
        }
    }

    /// The slot that holds `key`, or the empty one where it would go.
    fn slot(&self, key: &str) -> usize {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mask = self.slots.len() - 1;
        let mut at = (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize & mask;
        loop {
            let (k, value) = self.slots[at];
            if value == Self::EMPTY || k == key {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        let (_, value) = self.slots[self.slot(key)];
        (value != Self::EMPTY).then_some(value)
    }

    pub fn insert(&mut self, key: &'a str, value: usize) {
        self.reserve(self.len + 1);
        let at = self.slot(key);
        if self.slots[at].1 == Self::EMPTY {
            self.len += 1;
        }
        self.slots[at] = (key, value);
    }

    /// The key's value, or `value`, which it then has.
    pub fn get_or_insert(&mut self, key: &'a str, value: usize) -> usize {
        self.reserve(self.len + 1);
        let at = self.slot(key);
        if self.slots[at].1 == Self::EMPTY {
            self.len += 1;
            self.slots[at] = (key, value);
        }
        self.slots[at].1
    }
}

/// Sorts numbers (byte offsets) in place: a heapsort, O(n log n) whatever
/// the input and a few hundred bytes of the browser build, where the
/// standard library's pattern-defeating quicksort is 4 KB there; the
/// offsets of a report are few, and sorting them is never the time a lint
/// takes.
pub fn sort_numbers(items: &mut [usize]) {
    fn sift_down(items: &mut [usize], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && items[child] < items[child + 1] {
                child += 1;
            }
            if items[root] >= items[child] {
                return;
            }
            items.swap(root, child);
            root = child;
        }
    }
    let len = items.len();
    for root in (0..len / 2).rev() {
        sift_down(items, root, len);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

/// At most this many distinct characters are listed in `params.chars`.
pub const CHARS_LIMIT: usize = 100;

/// The distinct characters of `text` that `pick` selects, in order of
/// appearance, at most [`CHARS_LIMIT`] of them; linear in the text.
pub(crate) fn distinct_chars(text: &str, pick: impl Fn(char) -> bool) -> Vec<String> {
    let mut found: Vec<char> = Vec::new();
    // The same, sorted: a binary search per character, however many of
    // them (at most CHARS_LIMIT) there are so far.
    let mut sorted: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| pick(*c)) {
        if let Err(at) = sorted.binary_search(&c) {
            sorted.insert(at, c);
            found.push(c);
            if found.len() == CHARS_LIMIT {
                break;
            }
        }
    }
    found.into_iter().map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named() {
        assert_eq!(show_char('\u{200B}'), "U+200B (zero width space)");
        assert_eq!(show_char('\u{202E}'), "U+202E (right-to-left override)");
        assert_eq!(show_char('\t'), "U+0009 (tab)");
        assert_eq!(show_char('\u{1}'), "U+0001 (start of heading)");
        assert_eq!(show_char('\u{0}'), "U+0000 (null)");
        assert_eq!(show_char('\u{9f}'), "U+009F (control character)");
        assert_eq!(show_char('\u{E0041}'), "U+E0041 (tag character)");
        assert_eq!(show_char('\u{FE0F}'), "U+FE0F (variation selector)");
        assert_eq!(show_char('\u{85}'), "U+0085 (next line)");
        assert_eq!(show_char(' '), "' ' (space)");
        assert_eq!(show_char('é'), "'é'");
        assert_eq!(show_char('中'), "'中'");
        assert_eq!(show_char('😀'), "'😀'");
    }

    #[test]
    fn the_open_map_keeps_what_a_hash_map_keeps() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("k{}", i % 7_000)).collect();
        let mut open = OpenMap::default();
        let mut std = std::collections::HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(open.get(key), std.get(key.as_str()).copied());
            if i % 3 == 0 {
                open.insert(key, i);
                std.insert(key.as_str(), i);
            } else {
                let kept = *std.entry(key.as_str()).or_insert(i);
                assert_eq!(open.get_or_insert(key, i), kept);
            }
        }
        assert_eq!(open.len, std.len());
        for key in ["", "k1", "k6999", "k7000", "x"] {
            assert_eq!(open.get(key), std.get(key).copied(), "{key}");
        }
        let sized = OpenMap::with_capacity(100);
        assert_eq!((sized.slots.len(), sized.get("a")), (256, None));
    }

    #[test]
    fn numbers_sort_as_the_standard_library_sorts_them() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 5, 16, 17, 100, 1000] {
            let mut items: Vec<usize> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 33) as usize % (len / 2 + 1)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            sort_numbers(&mut items);
            assert_eq!(items, expected, "{len}");
        }
    }

    #[test]
    fn the_tables_are_sorted() {
        assert!(INVISIBLE.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(INVISIBLE.iter().all(|(a, b)| a <= b));
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NAMES
            .iter()
            .all(|&(c, _)| is_invisible(char::from_u32(c).unwrap())));
    }

    #[test]
    fn every_non_space_white_space_and_control_is_invisible() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if (c.is_whitespace() && c != ' ') || c.is_control() {
                assert!(is_invisible(c), "U+{:04X}", c as u32);
            }
        }
        for c in ['a', 'Z', '0', '-', '中', 'é', '😀', '<'] {
            assert!(!is_invisible(c), "{c}");
        }
    }

    #[test]
    fn a_byte_is_found_in_any_position() {
        for len in 0..20 {
            let text = "a".repeat(len);
            assert!(!has_either(&text, b'<', b'>'));
            for at in 0..len {
                for byte in [b'<', b'>'] {
                    let mut with = text.clone().into_bytes();
                    with[at] = byte;
                    let with = std::str::from_utf8(&with).unwrap();
                    assert!(has_either(with, b'<', b'>'), "{len} {at}");
                }
            }
        }
        assert!(!has_either("中文é", b'<', b'>'));
    }

    #[test]
    fn characters_are_counted_by_their_first_bytes() {
        for text in [
            "",
            "abc",
            "中文",
            "😀x",
            "é\u{200b}",
            "0123456789中文é😀 and more text",
        ] {
            assert_eq!(char_count(text), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn quoting_escapes_and_shortens() {
        assert_eq!(quote("web\u{200B}01"), "'web\\u200B01'");
        assert_eq!(quote("a\u{E0041}"), "'a\\u{E0041}'");
        assert_eq!(quote("abc"), "'abc'");
        let long = quote(&"x".repeat(100));
        assert_eq!(long.chars().count(), QUOTE_LIMIT + 2);
        assert!(long.ends_with("…'"));
        assert_eq!(
            quote(&"x".repeat(QUOTE_LIMIT)).chars().count(),
            QUOTE_LIMIT + 2
        );
        assert_eq!(quote(&"中".repeat(50)).chars().count(), QUOTE_LIMIT + 2);
    }

    #[test]
    fn distinct_characters_in_order_and_bounded() {
        assert_eq!(
            distinct_chars("a b\tb a", |c| !c.is_alphabetic()),
            [" ", "\t"]
        );
        let many: String = ('\u{4E00}'..'\u{5000}').collect();
        let found = distinct_chars(&many, |_| true);
        assert_eq!(found.len(), CHARS_LIMIT);
        assert_eq!(found[20], "\u{4E14}");
    }
}
