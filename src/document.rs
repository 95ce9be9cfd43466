//! The tree the rules see. Text, `serde_json::Value` and JavaScript values
//! all become a [`Document`], so a rule never knows where its request came
//! from; only the spans are missing for object input.
//!
//! A document is one array of 12-byte nodes in pre-order (the tag in the top
//! four bits of a 32-bit word), so a node's index is its document order, and
//! strings and numbers that stand verbatim in the source text stay there. A
//! hostile body of a million values costs a million small nodes, not a
//! million allocations: a request of `n` bytes takes at most about `6 n`
//! bytes of nodes (`[1,1,…]`, two bytes a node).

use serde_json::Value;

/// Arrays and objects nested deeper than this are refused (SPEC §2, strict
/// JSON), which also bounds every recursive walk of a document.
pub const MAX_DEPTH: usize = 128;

/// A byte range in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The first byte only: how a missing member points at its object's brace.
    pub fn first_byte(self) -> Self {
        Span::new(self.start, (self.start + 1).min(self.end.max(self.start)))
    }
}

/// What a node is, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    Null,
    False,
    True,
    Number,
    String,
    /// An object member's key; its value is the next node.
    Key,
    Array,
    Object,
    Foreign,
}

/// The bits of a slot's word that hold its data; the four above, its tag.
const DATA_BITS: u32 = 28;
const DATA: u32 = (1 << DATA_BITS) - 1;

/// Data of a string, key or number that stands verbatim in the source.
const VERBATIM: u32 = DATA;

/// The most nodes a document holds, so that every node and piece index
/// fits its data beside [`VERBATIM`]. Text is never that large
/// ([`crate::source::MAX_TEXT`]: a node takes two bytes at least); a larger
/// `serde_json::Value` is read as one foreign value.
pub const MAX_NODES: usize = DATA as usize - 1;

#[derive(Clone, Copy, Debug)]
struct Slot {
    start: u32,
    end: u32,
    /// The tag, then the data. Arrays and objects: the index one past
    /// their last descendant. Strings, keys, numbers and foreign values:
    /// [`VERBATIM`], or their text's place in [`Document::pieces`].
    word: u32,
}

impl Slot {
    fn new(start: usize, end: usize, tag: Tag, data: u32) -> Slot {
        Slot {
            start: start as u32,
            end: end as u32,
            word: (tag as u32) << DATA_BITS | data,
        }
    }

    fn tag(self) -> Tag {
        match self.word >> DATA_BITS {
            0 => Tag::Null,
            1 => Tag::False,
            2 => Tag::True,
            3 => Tag::Number,
            4 => Tag::String,
            5 => Tag::Key,
            6 => Tag::Array,
            7 => Tag::Object,
            _ => Tag::Foreign,
        }
    }

    fn data(self) -> u32 {
        self.word & DATA
    }
}

/// A parsed request (or context, or options object).
#[derive(Debug, Default)]
pub struct Document<'t> {
    text: &'t str,
    /// False for object input: then no node has a span.
    spanned: bool,
    slots: Vec<Slot>,
    /// Text the source does not hold verbatim: decoded escapes, and every
    /// string of object input.
    owned: String,
    pieces: Vec<(u32, u32)>,
}

/// JSON type names, as `type-mismatch` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Boolean,
    Null,
    Array,
    Object,
}

impl JsonType {
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Null => "null",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

/// How [`Kind::Foreign`] names JavaScript's `undefined`, which an options
/// or context object may hold where it means "absent".
pub const UNDEFINED: &str = "undefined";

/// One value of a document: a cheap handle to copy around.
#[derive(Clone, Copy)]
pub struct Node<'d> {
    doc: &'d Document<'d>,
    index: u32,
}

/// A value as the rules match on it.
#[derive(Clone, Debug)]
pub enum Kind<'d> {
    Null,
    Bool(bool),
    /// The number's source text (or its JSON rendering for object input).
    Number(&'d str),
    String(&'d str),
    Array(Elements<'d>),
    /// Members in source order, duplicates kept.
    Object(Members<'d>),
    /// A JavaScript value JSON cannot hold (`undefined`, a function, a
    /// `BigInt`, `NaN`, a symbol, a cycle); the text names it.
    Foreign(&'d str),
}

/// An object member.
#[derive(Clone, Copy, Debug)]
pub struct Member<'d> {
    pub key: &'d str,
    pub key_span: Option<Span>,
    pub value: Node<'d>,
}

/// The elements of an array, in order. An iterator, so not `Copy`: clone it
/// to walk the elements again.
#[derive(Clone)]
pub struct Elements<'d> {
    doc: &'d Document<'d>,
    next: u32,
    end: u32,
}

/// The members of an object, in source order with duplicates kept.
#[derive(Clone)]
pub struct Members<'d> {
    doc: &'d Document<'d>,
    next: u32,
    end: u32,
}

impl<'t> Document<'t> {
    /// The root value. Every document has one.
    pub fn root(&self) -> Node<'_> {
        Node {
            doc: self.shorten(),
            index: 0,
        }
    }

    /// How many nodes (values and keys) the document has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The source text (empty for object input).
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The node with this index (its document order).
    pub fn node(&self, index: u32) -> Node<'_> {
        Node {
            doc: self.shorten(),
            index,
        }
    }

    fn shorten<'d>(&'d self) -> &'d Document<'d> {
        self
    }

    fn slot(&self, index: u32) -> Slot {
        self.slots[index as usize]
    }

    fn tag(&self, index: u32) -> Tag {
        self.slot(index).tag()
    }

    /// The index after `index` and its descendants.
    fn after(&self, index: u32) -> u32 {
        let slot = self.slot(index);
        match slot.tag() {
            Tag::Array | Tag::Object => slot.data(),
            _ => index + 1,
        }
    }

    fn text_of(&self, slot: Slot, tag: Tag) -> &str {
        if slot.data() == VERBATIM {
            let (start, end) = (slot.start as usize, slot.end as usize);
            let quotes = matches!(tag, Tag::String | Tag::Key) as usize;
            return self
                .text
                .get(start + quotes..end - quotes)
                .unwrap_or_default();
        }
        let (start, end) = self.pieces[slot.data() as usize];
        self.owned
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

impl<'d> Node<'d> {
    pub fn kind(self) -> Kind<'d> {
        let slot = self.doc.slot(self.index);
        match self.doc.tag(self.index) {
            Tag::Null => Kind::Null,
            Tag::False => Kind::Bool(false),
            Tag::True => Kind::Bool(true),
            tag @ Tag::Number => Kind::Number(self.doc.text_of(slot, tag)),
            tag @ (Tag::String | Tag::Key) => Kind::String(self.doc.text_of(slot, tag)),
            tag @ Tag::Foreign => Kind::Foreign(self.doc.text_of(slot, tag)),
            Tag::Array => Kind::Array(Elements {
                doc: self.doc,
                next: self.index + 1,
                end: slot.data(),
            }),
            Tag::Object => Kind::Object(Members {
                doc: self.doc,
                next: self.index + 1,
                end: slot.data(),
            }),
        }
    }

    /// The value's place in the source text; `None` for object input.
    pub fn span(self) -> Option<Span> {
        let slot = self.doc.slot(self.index);
        self.doc
            .spanned
            .then(|| Span::new(slot.start as usize, slot.end as usize))
    }

    /// Pre-order position in the document: the order of object input.
    pub fn order(self) -> u32 {
        self.index
    }

    /// The position after this value and everything inside it: the node
    /// orders `order()..end()` are its subtree.
    pub fn end(self) -> u32 {
        self.doc.after(self.index)
    }

    /// The document this node belongs to.
    pub fn document(self) -> &'d Document<'d> {
        self.doc
    }

    /// The JSON type, or `None` for a foreign value.
    pub fn json_type(self) -> Option<JsonType> {
        Some(match self.doc.tag(self.index) {
            Tag::Null => JsonType::Null,
            Tag::False | Tag::True => JsonType::Boolean,
            Tag::Number => JsonType::Number,
            Tag::String | Tag::Key => JsonType::String,
            Tag::Array => JsonType::Array,
            Tag::Object => JsonType::Object,
            Tag::Foreign => return None,
        })
    }

    /// The JSON type, or the foreign value's own name.
    pub fn type_name(self) -> &'d str {
        match self.kind() {
            Kind::Foreign(what) => what,
            _ => self.json_type().map(JsonType::name).unwrap_or_default(),
        }
    }

    /// The type as a usage error names it in English: `null`, `a string`,
    /// `an array`, `a BigInt`, `undefined`.
    pub fn described(self) -> String {
        crate::messages::type_label(self.type_name())
    }

    pub fn as_str(self) -> Option<&'d str> {
        match self.kind() {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn members(self) -> Option<Members<'d>> {
        match self.kind() {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn elements(self) -> Option<Elements<'d>> {
        match self.kind() {
            Kind::Array(e) => Some(e),
            _ => None,
        }
    }

    pub fn is_null(self) -> bool {
        matches!(self.kind(), Kind::Null)
    }

    pub fn is_undefined(self) -> bool {
        matches!(self.kind(), Kind::Foreign(what) if what == UNDEFINED)
    }

    /// The member of an object with this key; the last one when repeated
    /// (what most server JSON parsers keep).
    pub fn get(self, key: &str) -> Option<Node<'d>> {
        self.members()?
            .filter(|m| m.key == key)
            .last()
            .map(|m| m.value)
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind() {
            Kind::Array(items) => f.debug_list().entries(items).finish(),
            Kind::Object(members) => f
                .debug_map()
                .entries(members.map(|m| (m.key, m.value)))
                .finish(),
            kind => kind.fmt(f),
        }
    }
}

impl<'d> Iterator for Elements<'d> {
    type Item = Node<'d>;

    fn next(&mut self) -> Option<Node<'d>> {
        if self.next >= self.end {
            return None;
        }
        let node = Node {
            doc: self.doc,
            index: self.next,
        };
        self.next = self.doc.after(self.next);
        Some(node)
    }
}

impl<'d> Iterator for Members<'d> {
    type Item = Member<'d>;

    fn next(&mut self) -> Option<Member<'d>> {
        if self.next >= self.end {
            return None;
        }
        let (key, key_tag) = (self.doc.slot(self.next), self.doc.tag(self.next));
        let value = Node {
            doc: self.doc,
            index: self.next + 1,
        };
        self.next = self.doc.after(self.next + 1);
        Some(Member {
            key: self.doc.text_of(key, key_tag),
            key_span: self
                .doc
                .spanned
                .then(|| Span::new(key.start as usize, key.end as usize)),
            value,
        })
    }
}

impl std::fmt::Debug for Elements<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl std::fmt::Debug for Members<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.clone().map(|m| (m.key, m.value)))
            .finish()
    }
}

/// Builds a document node by node, in pre-order. The text parser, the
/// `serde_json::Value` conversion and the JavaScript bridge all use it.
pub(crate) struct Builder<'t> {
    doc: Document<'t>,
    /// Whether the rest of the text has had its nodes counted.
    counted: bool,
}

/// A scalar as the builder takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Number,
    String,
    Key,
    Foreign,
}

impl<'t> Builder<'t> {
    /// `spanned`: the document's spans point into `text` (text input).
    pub fn new(text: &'t str, spanned: bool) -> Self {
        Builder {
            doc: Document {
                text,
                spanned,
                ..Document::default()
            },
            counted: false,
        }
    }

    /// Room for about this many nodes.
    pub fn reserve(&mut self, nodes: usize) {
        self.doc.slots.reserve(nodes);
    }

    /// Room for the node that starts at byte `from` of the text. When the
    /// first reservation runs out, the nodes still to come are counted
    /// once: at most one per `[`, `{`, `,` and `:` from here on, plus this
    /// one (every node but the root follows its own). The arrays then grow
    /// once, to that bound: growing by doubling would leave up to twice
    /// their final size behind in WebAssembly memory, which never shrinks
    /// (a `[1,1,…]` of 10 MB peaked at 19 bytes per input byte in Node.js).
    /// Object input has no text to count, and doubles.
    fn room(&mut self, from: usize) {
        if self.doc.slots.len() < self.doc.slots.capacity() {
            return;
        }
        let rest = self.doc.text.as_bytes().get(from..).unwrap_or_default();
        let more = if self.counted || rest.is_empty() {
            self.doc.slots.len().max(4)
        } else {
            self.counted = true;
            // Every node also has a byte of its own: never more than half.
            (separators(rest) + 1).min(rest.len() / 2 + 1)
        };
        self.reserve(more);
    }

    fn tag(scalar: Scalar) -> Tag {
        match scalar {
            Scalar::Null => Tag::Null,
            Scalar::Bool(false) => Tag::False,
            Scalar::Bool(true) => Tag::True,
            Scalar::Number => Tag::Number,
            Scalar::String => Tag::String,
            Scalar::Key => Tag::Key,
            Scalar::Foreign => Tag::Foreign,
        }
    }

    /// A scalar whose text, if any, stands verbatim in the source at `span`
    /// (strings and keys between their quotes).
    pub fn verbatim(&mut self, scalar: Scalar, span: Span) {
        self.room(span.start);
        self.doc
            .slots
            .push(Slot::new(span.start, span.end, Self::tag(scalar), VERBATIM));
    }

    /// A string, key, number or foreign value with its own text.
    pub fn owned(&mut self, scalar: Scalar, span: Span, text: &str) {
        let start = self.doc.owned.len() as u32;
        self.doc.owned.push_str(text);
        self.doc.pieces.push((start, self.doc.owned.len() as u32));
        self.room(span.start);
        let piece = self.doc.pieces.len() as u32 - 1;
        self.doc
            .slots
            .push(Slot::new(span.start, span.end, Self::tag(scalar), piece));
    }

    /// Opens an array or object at `start`; returns what [`Builder::close`] takes.
    pub fn open(&mut self, object: bool, start: usize) -> u32 {
        self.room(start);
        let tag = if object { Tag::Object } else { Tag::Array };
        self.doc.slots.push(Slot::new(start, start, tag, 0));
        self.doc.slots.len() as u32 - 1
    }

    pub fn close(&mut self, opened: u32, end: usize) {
        let after = self.doc.slots.len() as u32;
        let slot = &mut self.doc.slots[opened as usize];
        slot.end = end as u32;
        slot.word = (slot.word & !DATA) | after;
    }

    pub fn finish(self) -> Document<'t> {
        self.doc
    }
}

/// How many bytes of `text` are `[`, `{`, `,` or `:`, eight at a time:
/// WebAssembly has no vector loop for a byte filter, and natively this is
/// 2.6× the byte-by-byte count.
fn separators(text: &[u8]) -> usize {
    const fn repeat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    const LOW: u64 = repeat(0x7f);
    const HIGH: u64 = repeat(0x80);
    // The high bit of each byte that is zero, exactly (no borrow between bytes).
    let zeros = |y: u64| !(((y & LOW) + LOW) | y) & HIGH;
    let mut words = text.chunks_exact(8);
    let counted: usize = words
        .by_ref()
        .map(|word| {
            let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
            // '[' and '{' differ only in 0x20.
            let found = zeros(x ^ repeat(b','))
                | zeros(x ^ repeat(b':'))
                | zeros((x | repeat(0x20)) ^ repeat(b'{'));
            found.count_ones() as usize
        })
        .sum();
    counted
        + words
            .remainder()
            .iter()
            .filter(|b| matches!(b, b'[' | b'{' | b',' | b':'))
            .count()
}

impl Document<'static> {
    /// Object input: no spans; member order is the map's own (insertion
    /// order, as the crate enables `serde_json/preserve_order`).
    pub fn from_value(value: &Value) -> Self {
        fn build(b: &mut Builder, v: &Value, depth: usize) {
            let none = Span::default();
            match v {
                Value::Null => b.verbatim(Scalar::Null, none),
                Value::Bool(x) => b.verbatim(Scalar::Bool(*x), none),
                Value::Number(n) => b.owned(Scalar::Number, none, &n.to_string()),
                Value::String(s) => b.owned(Scalar::String, none, s),
                // Like the text parser, only arrays and objects count as nesting.
                Value::Array(_) | Value::Object(_) if depth > MAX_DEPTH => {
                    b.owned(Scalar::Foreign, none, "too-deep")
                }
                Value::Array(items) => {
                    let open = b.open(false, 0);
                    for item in items {
                        build(b, item, depth + 1);
                    }
                    b.close(open, 0);
                }
                Value::Object(map) => {
                    let open = b.open(true, 0);
                    for (key, item) in map {
                        b.owned(Scalar::Key, none, key);
                        build(b, item, depth + 1);
                    }
                    b.close(open, 0);
                }
            }
        }
        /// The nodes `build` makes of `v`, counted up to past [`MAX_NODES`].
        fn count(v: &Value, depth: usize, total: &mut usize) {
            if *total > MAX_NODES {
                return;
            }
            *total += 1;
            match v {
                Value::Array(items) if depth <= MAX_DEPTH => {
                    items.iter().for_each(|item| count(item, depth + 1, total))
                }
                Value::Object(map) if depth <= MAX_DEPTH => {
                    for item in map.values() {
                        *total += 1;
                        count(item, depth + 1, total);
                    }
                }
                _ => {}
            }
        }
        let mut builder = Builder::new("", false);
        let mut total = 0;
        count(value, 1, &mut total);
        if total > MAX_NODES {
            // As the JavaScript package reads a value past its budget.
            builder.owned(Scalar::Foreign, Span::default(), "too-many-values");
        } else {
            build(&mut builder, value, 1);
        }
        builder.finish()
    }
}

impl From<&Value> for Document<'static> {
    fn from(value: &Value) -> Self {
        Document::from_value(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_node_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
        for tag in [
            Tag::Null,
            Tag::False,
            Tag::True,
            Tag::Number,
            Tag::String,
            Tag::Key,
            Tag::Array,
            Tag::Object,
            Tag::Foreign,
        ] {
            let slot = Slot::new(1, 2, tag, DATA);
            assert_eq!((slot.tag(), slot.data()), (tag, DATA));
        }
    }

    #[test]
    fn a_large_text_grows_its_nodes_once_to_a_counted_bound() {
        let text = format!("[{}1]", "1,".repeat(100_000));
        let doc = crate::source::parse(&text).unwrap();
        assert_eq!(doc.slots.len(), 100_002);
        // The first block, then the rest counted (95 905 commas, and the
        // node at hand): exactly enough, where doubling would have reached
        // 131 072.
        assert_eq!(doc.slots.capacity(), 100_002);
        // A long string is one node: no count, no large block.
        let text = format!("\"{}\"", "a,".repeat(100_000));
        assert!(crate::source::parse(&text).unwrap().slots.capacity() <= 4096);
    }

    #[test]
    fn separators_are_counted_exactly() {
        let mut text = String::new();
        // Every ASCII byte, the four separators among them, multibyte
        // characters, at every alignment.
        for _ in 0..40 {
            text.extend((0u8..128).map(char::from));
            text.push_str("[{,:xé中😀\u{7fb}");
        }
        let expected = text.bytes().filter(|b| b"[{,:".contains(b)).count();
        for start in 0..16 {
            assert_eq!(
                super::separators(&text.as_bytes()[start..]),
                text.as_bytes()[start..]
                    .iter()
                    .filter(|b| b"[{,:".contains(b))
                    .count()
            );
        }
        assert_eq!(super::separators(text.as_bytes()), expected);
    }

    #[test]
    fn values_become_nodes_in_pre_order() {
        let doc = Document::from_value(&json!({"a": [1, "x", null], "b": {"c": true}}));
        let root = doc.root();
        let members: Vec<_> = root.members().unwrap().collect();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].key, "a");
        let items: Vec<_> = members[0].value.elements().unwrap().collect();
        assert!(matches!(items[0].kind(), Kind::Number("1")));
        assert_eq!(items[1].as_str(), Some("x"));
        assert!(items[2].is_null());
        assert_eq!(
            root.get("b").unwrap().get("c").unwrap().type_name(),
            "boolean"
        );
        // Keys are nodes too, so the order counts them.
        assert_eq!(members[0].value.order(), 2);
        assert_eq!(root.get("b").unwrap().order(), 7);
        assert!(root.span().is_none());
    }

    #[test]
    fn the_last_of_repeated_keys_counts() {
        let doc = crate::source::parse(r#"{"k": 1, "k": 2}"#).unwrap();
        assert!(matches!(
            doc.root().get("k").unwrap().kind(),
            Kind::Number("2")
        ));
        assert_eq!(doc.root().members().unwrap().count(), 2);
    }

    #[test]
    fn deep_values_are_foreign() {
        let mut v = json!(1);
        for _ in 0..200 {
            v = json!([v]);
        }
        let doc = Document::from_value(&v);
        let mut node = doc.root();
        let mut depth = 1;
        while let Some(mut items) = node.elements() {
            node = items.next().unwrap();
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH + 1);
        assert!(node.json_type().is_none());
    }
}
