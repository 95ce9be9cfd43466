//! The tree the rules see. Text, `serde_json::Value` and JavaScript objects all
//! become a [`Document`], so a rule never knows where its request came from;
//! only the spans are missing for object input.

use serde_json::Value;

/// Arrays and objects nested deeper than this are refused (SPEC §2, strict
/// JSON), which also bounds every recursive walk of a document.
pub const MAX_DEPTH: usize = 128;

/// A byte range in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number's source text (or its JSON rendering for object input).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in source order, duplicates kept.
    Object(Vec<Member>),
    /// A JavaScript value JSON cannot hold (`undefined`, a function, a
    /// `BigInt`, `NaN`, a symbol, a cycle); the text names it (see
    /// [`UNDEFINED`]).
    Foreign(String),
}

/// How [`Kind::Foreign`] names JavaScript's `undefined`, which an options
/// or context object may hold where it means "absent".
pub const UNDEFINED: &str = "undefined";

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Option<Span>,
    /// Pre-order position in the document: the order of object input.
    pub order: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Option<Span>,
    pub value: Node,
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

impl Node {
    pub fn new(kind: Kind, span: Option<Span>) -> Self {
        Node {
            kind,
            span,
            order: 0,
        }
    }

    /// The JSON type, or the foreign value's own name.
    pub fn type_name(&self) -> &str {
        match &self.kind {
            Kind::Foreign(what) => what,
            _ => self.json_type().map(JsonType::name).unwrap_or_default(),
        }
    }

    /// The type as a message names it: `null`, `a string`, `an array`, or
    /// the foreign value's own name.
    pub fn described(&self) -> String {
        match self.json_type() {
            None | Some(JsonType::Null) => self.type_name().to_string(),
            Some(JsonType::Array | JsonType::Object) => format!("an {}", self.type_name()),
            Some(_) => format!("a {}", self.type_name()),
        }
    }

    pub fn json_type(&self) -> Option<JsonType> {
        Some(match self.kind {
            Kind::Null => JsonType::Null,
            Kind::Bool(_) => JsonType::Boolean,
            Kind::Number(_) => JsonType::Number,
            Kind::String(_) => JsonType::String,
            Kind::Array(_) => JsonType::Array,
            Kind::Object(_) => JsonType::Object,
            Kind::Foreign(_) => return None,
        })
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn elements(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Array(e) => Some(e),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    pub fn is_undefined(&self) -> bool {
        matches!(&self.kind, Kind::Foreign(what) if what == UNDEFINED)
    }

    /// The member of an object with this key; the last one when repeated
    /// (what most server JSON parsers keep).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// Numbers every node in pre-order, so that object input has a document order.
    pub fn number(mut self) -> Self {
        let mut next = 0;
        self.number_from(&mut next);
        self
    }

    fn number_from(&mut self, next: &mut u32) {
        self.order = *next;
        *next += 1;
        match &mut self.kind {
            Kind::Array(items) => items.iter_mut().for_each(|n| n.number_from(next)),
            Kind::Object(members) => members.iter_mut().for_each(|m| m.value.number_from(next)),
            _ => {}
        }
    }
}

impl From<&Value> for Node {
    /// Object input: no spans; order is the map's own (insertion order, as
    /// the crate enables `serde_json/preserve_order`).
    fn from(value: &Value) -> Self {
        fn build(v: &Value, depth: usize) -> Node {
            // Like the text parser, only arrays and objects count as nesting.
            let container = matches!(v, Value::Array(_) | Value::Object(_));
            if container && depth > MAX_DEPTH {
                return Node::new(
                    Kind::Foreign(format!("nesting deeper than {MAX_DEPTH}")),
                    None,
                );
            }
            let kind = match v {
                Value::Null => Kind::Null,
                Value::Bool(b) => Kind::Bool(*b),
                Value::Number(n) => Kind::Number(n.to_string()),
                Value::String(s) => Kind::String(s.clone()),
                Value::Array(items) => {
                    Kind::Array(items.iter().map(|i| build(i, depth + 1)).collect())
                }
                Value::Object(map) => Kind::Object(
                    map.iter()
                        .map(|(k, v)| Member {
                            key: k.clone(),
                            key_span: None,
                            value: build(v, depth + 1),
                        })
                        .collect(),
                ),
            };
            Node::new(kind, None)
        }
        build(value, 1).number()
    }
}
