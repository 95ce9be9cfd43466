//! The diagnostics model of SPEC §2: what every surface hands to its user.

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice.
    Info,
    /// Accepted by the service, but very likely a mistake.
    Warning,
    /// The service rejects the request, or the job fails.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A severity as a configuration names it: a [`Severity`] or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The severity a rule at this level reports with; `None` when it is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Level::Off),
            "info" => Ok(Level::Info),
            "warning" | "warn" => Ok(Level::Warning),
            "error" => Ok(Level::Error),
            _ => Err(format!(
                "unknown severity '{s}' (expected off, info, warning or error)"
            )),
        }
    }
}

/// A place in the text. `line` and `column` are 1-based, `column` in UTF-16
/// code units; `offset` is 0-based, a UTF-8 byte offset (the JavaScript
/// package turns it into a UTF-16 index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// One RFC 6902 operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum PatchOp {
    Replace { path: String, value: PatchValue },
    Add { path: String, value: PatchValue },
    Remove { path: String },
    Move { from: String, path: String },
}

/// A value a fix writes: a string, or the objects and arrays a fix adds (the
/// `protected_instance` wrapper, a tag).
#[derive(Clone, Debug, PartialEq)]
pub enum PatchValue {
    String(String),
    Array(Vec<PatchValue>),
    /// Members in order.
    Object(Vec<(String, PatchValue)>),
}

impl Serialize for PatchValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PatchValue::String(s) => serializer.serialize_str(s),
            PatchValue::Array(items) => items.serialize(serializer),
            PatchValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for PatchValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PatchValue;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, an array or an object")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PatchValue, E> {
                Ok(PatchValue::String(s.to_string()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PatchValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(PatchValue::Array(items))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PatchValue, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(PatchValue::Object(members))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl From<&str> for PatchValue {
    fn from(text: &str) -> Self {
        PatchValue::String(text.to_string())
    }
}

impl From<String> for PatchValue {
    fn from(text: String) -> Self {
        PatchValue::String(text)
    }
}

/// Whether `--fix` applies a fix on its own (Ruff's model).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the request means: lower-casing an ID, trimming what the
    /// service trims anyway, renaming a misspelt member, wrapping.
    Safe,
    /// Removes or shortens what the user wrote, or invents a value: applied
    /// only when asked (`--unsafe-fixes`).
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A replacement of one range of the source text. Applying a fix's edits
/// changes nothing outside their ranges: line endings, escapes, numbers,
/// key order, white space and repeated keys stay as they were.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub range: Range,
    /// The new text of the range (empty to delete it).
    pub text: String,
}

/// A mechanical correction: a JSON Patch against the request (for object
/// input and JavaScript values) and, for text input, the text edits that
/// make the same change to the source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    pub patch: Vec<PatchOp>,
    /// Sorted, not overlapping; empty for object input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<TextEdit>,
}

/// The Terraform resource instance a finding of a plan is about (SPEC §10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// Its full address: module path, `count` index or `for_each` key.
    pub address: String,
    /// The resource type, such as `opentelekomcloud_sdrs_protected_instance_v1`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The argument, in Terraform's words (`subnet_id`); empty for the
    /// resource as a whole.
    pub argument: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// RFC 6901 JSON Pointer of the offending member (where it should be, if missing).
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    #[serde(skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Which wording of the rule's message this is, where a rule has
    /// several (`unknown-field`: `suggestion`, `alias`, `huawei`): a UI that
    /// writes its own messages from `params` can follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<&'static str>,
    /// In a Terraform plan, the resource instance it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The request kind linted (`single`, `batch`; SPEC §9), or `None` when
    /// the text is not JSON (or not an object), so no kind's rules ran.
    pub kind: Option<&'static str>,
    /// True when no diagnostic has severity `error`.
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Ranges of the input that hold secrets (a Terraform plan's sensitive
    /// values, SPEC §10): a surface that shows the input's text, such as a
    /// code frame, masks them. Not part of the report's JSON.
    #[serde(skip)]
    pub redactions: Vec<Range>,
}

impl Report {
    /// True when a diagnostic with this code was kept.
    pub fn has(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}

/// A diagnostic's machine-readable details for a UI, such as `{"bytes": 70,
/// "limit": 64}`: a JSON object whose values are counts, texts or lists of
/// texts, in the order the rule gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, Param)>);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
    /// Unknown, such as a flavor's size the context does not list.
    Null,
    Count(u64),
    Text(String),
    Texts(Vec<String>),
    /// A list of names the catalogue holds (the known members), kept
    /// without copying them.
    Names(&'static [&'static str]),
}

impl Params {
    /// Sets a detail; a repeated key replaces the earlier value.
    pub fn insert(&mut self, key: &'static str, value: Param) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Param> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Param)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut Param)> {
        self.0.iter_mut().map(|(k, v)| (*k, v))
    }
}

impl std::ops::Index<&str> for Params {
    type Output = Param;

    /// Panics when the detail is absent, like a map's index.
    fn index(&self, key: &str) -> &Param {
        self.get(key)
            .unwrap_or_else(|| panic!("no parameter '{key}'"))
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Param {
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Param::Count(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Param::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Param {
    #[inline(never)]
    fn from(text: &str) -> Self {
        Param::Text(text.to_string())
    }
}

impl From<String> for Param {
    fn from(text: String) -> Self {
        Param::Text(text)
    }
}

impl<T: Into<Param>> From<Option<T>> for Param {
    fn from(value: Option<T>) -> Self {
        value.map_or(Param::Null, Into::into)
    }
}

impl From<&'static [&'static str]> for Param {
    fn from(names: &'static [&'static str]) -> Self {
        Param::Names(names)
    }
}

impl From<Vec<String>> for Param {
    fn from(texts: Vec<String>) -> Self {
        Param::Texts(texts)
    }
}

macro_rules! count_param {
    ($($t:ty),*) => {$(
        impl From<$t> for Param {
            fn from(n: $t) -> Self {
                Param::Count(n as u64)
            }
        }
    )*};
}
count_param!(u8, u32, u64, usize);

impl PartialEq<&str> for Param {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<serde_json::Value> for Param {
    fn eq(&self, other: &serde_json::Value) -> bool {
        serde_json::to_value(self).is_ok_and(|v| v == *other)
    }
}

impl PartialEq<u64> for Param {
    fn eq(&self, other: &u64) -> bool {
        self.as_u64() == Some(*other)
    }
}
