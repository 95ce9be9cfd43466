//! Reports as JSON text, for the JavaScript package: one string crosses into
//! JavaScript and one `JSON.parse` builds the objects, which measured
//! cheaper than creating them a property at a time from WebAssembly, and
//! keeps `serde_json` and `serde-wasm-bindgen` out of the browser build.
//! The output is exactly what `serde_json` writes for the same values (the
//! tests compare them), so every surface serializes alike.

use crate::document::{Kind, Node};
#[cfg(feature = "fix")]
use crate::fix::{Applied, Fixed};
use crate::messages::{self, Locale};
use crate::platform::Platform;
use crate::report::{
    Diagnostic, Fix, Param, Params, PatchOp, PatchValue, Position, Range, Report, TextEdit,
};
use crate::request::{Member, Shape, KINDS};
use crate::rules::{RuleInfo, CATALOGUE};
use crate::source::{OffsetUnit, Positions};
use std::fmt::Write;

/// A JSON text being written.
struct Json(String);

impl Json {
    fn raw(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    fn string(&mut self, text: &str) -> &mut Self {
        self.0.push('"');
        // Runs that need no escape are found eight bytes at a time and
        // copied whole: a character at a time was most of writing a report.
        let bytes = text.as_bytes();
        let mut run = 0;
        loop {
            let end = crate::source::string_end(bytes, run);
            // Escaped bytes are ASCII, so `end` is on a character boundary
            // (the checked slice keeps a slicing panic out of the module).
            self.0.push_str(text.get(run..end).unwrap_or_default());
            let Some(&b) = bytes.get(end) else { break };
            match b {
                b'"' => self.0.push_str("\\\""),
                b'\\' => self.0.push_str("\\\\"),
                b'\n' => self.0.push_str("\\n"),
                b'\r' => self.0.push_str("\\r"),
                b'\t' => self.0.push_str("\\t"),
                0x08 => self.0.push_str("\\b"),
                0x0c => self.0.push_str("\\f"),
                _ => {
                    let _ = write!(self.0, "\\u{b:04x}");
                }
            }
            run = end + 1;
        }
        self.0.push('"');
        self
    }

    // Through `fmt`, which the module has anyway: `itoa` wrote a ten-problem
    // report 0.8 µs faster natively but cost the browser build 322 bytes.
    fn number(&mut self, n: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.0, "{n}");
        self
    }

    /// `"name":` after a `{` or `,` the caller wrote, for the crate's own
    /// member and parameter names, which need no escape.
    fn key(&mut self, name: &'static str) -> &mut Self {
        debug_assert!(name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
        self
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) -> &mut Self {
        self.0.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            each(self, item);
        }
        self.0.push(']');
        self
    }

    fn position(&mut self, p: &Position) -> &mut Self {
        self.raw("{")
            .key("line")
            .number(p.line)
            .raw(",")
            .key("column")
            .number(p.column)
            .raw(",")
            .key("offset")
            .number(p.offset)
            .raw("}")
    }

    fn range(&mut self, r: &Range) -> &mut Self {
        self.raw("{")
            .key("start")
            .position(&r.start)
            .raw(",")
            .key("end")
            .position(&r.end)
            .raw("}")
    }

    fn params(&mut self, params: &Params) -> &mut Self {
        self.raw("{");
        for (i, (key, value)) in params.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.key(key);
            match value {
                Param::Null => self.raw("null"),
                Param::Count(n) => self.number(*n),
                Param::Text(t) => self.string(t),
                Param::Texts(list) => self.list(list, |j, t| {
                    j.string(t);
                }),
                Param::Names(list) => self.list(list, |j, t| {
                    j.string(t);
                }),
            };
        }
        self.raw("}")
    }

    fn patch_value(&mut self, value: &PatchValue) -> &mut Self {
        match value {
            PatchValue::String(s) => self.string(s),
            PatchValue::Array(items) => self.list(items, |j, v| {
                j.patch_value(v);
            }),
            PatchValue::Object(members) => {
                self.raw("{");
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.string(key).raw(":").patch_value(value);
                }
                self.raw("}")
            }
        }
    }

    fn patch_op(&mut self, op: &PatchOp) -> &mut Self {
        self.raw("{").key("op");
        match op {
            PatchOp::Replace { path, value } => self
                .string("replace")
                .raw(",")
                .key("path")
                .string(path)
                .raw(",")
                .key("value")
                .patch_value(value),
            PatchOp::Add { path, value } => self
                .string("add")
                .raw(",")
                .key("path")
                .string(path)
                .raw(",")
                .key("value")
                .patch_value(value),
            PatchOp::Remove { path } => self.string("remove").raw(",").key("path").string(path),
            PatchOp::Move { from, path } => self
                .string("move")
                .raw(",")
                .key("from")
                .string(from)
                .raw(",")
                .key("path")
                .string(path),
        };
        self.raw("}")
    }

    fn fix(&mut self, fix: &Fix) -> &mut Self {
        self.raw("{")
            .key("description")
            .string(&fix.description)
            .raw(",")
            .key("applicability")
            .string(fix.applicability.as_str())
            .raw(",")
            .key("patch")
            .list(&fix.patch, |j, op| {
                j.patch_op(op);
            });
        if !fix.edits.is_empty() {
            self.raw(",")
                .key("edits")
                .list(&fix.edits, |j, e: &TextEdit| {
                    j.raw("{")
                        .key("range")
                        .range(&e.range)
                        .raw(",")
                        .key("text")
                        .string(&e.text)
                        .raw("}");
                });
        }
        self.raw("}")
    }

    fn diagnostic(&mut self, d: &Diagnostic) -> &mut Self {
        self.raw("{")
            .key("code")
            .string(d.code)
            .raw(",")
            .key("severity")
            .string(d.severity.as_str())
            .raw(",")
            .key("message")
            .string(&d.message)
            .raw(",")
            .key("path")
            .string(&d.path);
        if let Some(range) = &d.range {
            self.raw(",").key("range").range(range);
        }
        if !d.params.is_empty() {
            self.raw(",").key("params").params(&d.params);
        }
        if let Some(code) = d.api_code {
            self.raw(",").key("api_code").string(code);
        }
        if let Some(fix) = &d.fix {
            self.raw(",").key("fix").fix(fix);
        }
        if let Some(variant) = d.variant {
            self.raw(",").key("variant").string(variant);
        }
        if let Some(r) = &d.resource {
            self.raw(",")
                .key("resource")
                .raw("{")
                .key("address")
                .string(&r.address)
                .raw(",")
                .key("type")
                .string(&r.kind)
                .raw(",")
                .key("argument")
                .string(&r.argument)
                .raw("}");
        }
        self.raw("}")
    }

    fn report(&mut self, r: &Report) -> &mut Self {
        self.raw("{").key("kind");
        match r.kind {
            Some(kind) => self.string(kind),
            None => self.raw("null"),
        };
        self.raw(",")
            .key("valid")
            .raw(if r.valid { "true" } else { "false" })
            .raw(",")
            .key("errors")
            .number(r.errors)
            .raw(",")
            .key("warnings")
            .number(r.warnings)
            .raw(",")
            .key("infos")
            .number(r.infos)
            .raw(",")
            .key("diagnostics")
            .list(&r.diagnostics, |j, d| {
                j.diagnostic(d);
            })
            .raw("}")
    }
}

/// A report as JSON text.
pub fn report(report: &Report) -> String {
    let mut json = Json(String::with_capacity(64 + 400 * report.diagnostics.len()));
    json.report(report);
    json.0
}

/// Several reports (a plan) as a JSON array.
pub fn reports(reports: &[Report]) -> String {
    let mut json = Json(String::new());
    json.list(reports, |j, r| {
        j.report(r);
    });
    json.0
}

/// The outcome of fixing, as JavaScript's `fix()` returns it.
#[cfg(feature = "fix")]
pub fn fixed(fixed: &Fixed) -> String {
    let mut json = Json(String::new());
    json.raw("{")
        .key("text")
        .string(&fixed.text)
        .raw(",")
        .key("applied")
        .list(&fixed.applied, |j, a: &Applied| {
            j.raw("{")
                .key("code")
                .string(a.code)
                .raw(",")
                .key("path")
                .string(&a.path)
                .raw(",")
                .key("description")
                .string(&a.description)
                .raw("}");
        })
        .raw(",")
        .key("report")
        .report(&fixed.report)
        .raw("}");
    json.0
}

/// The catalogue's metadata (not the documentation), as `rules()` returns it.
pub fn rules() -> String {
    let infos: Vec<RuleInfo> = CATALOGUE.iter().map(|r| RuleInfo::from(*r)).collect();
    let mut json = Json(String::new());
    json.list(&infos, |j, r| {
        j.raw("{")
            .key("code")
            .string(r.code)
            .raw(",")
            .key("severity")
            .string(r.severity.as_str())
            .raw(",")
            .key("kind")
            .string(r.kind.as_str())
            .raw(",")
            .key("summary")
            .string(r.summary);
        if let Some(code) = r.api_code {
            j.raw(",").key("api_code").string(code);
        }
        j.raw(",")
            .key("fixable")
            .raw(if r.fixable { "true" } else { "false" });
        if let Some(fix) = r.fix_applicability {
            j.raw(",").key("fix_applicability").string(fix.as_str());
        }
        j.raw(",")
            .key("platforms")
            .list(r.platforms, |j, p| {
                j.string(p.as_str());
            })
            .raw(",")
            .key("url")
            .string(&r.url)
            .raw("}");
    });
    json.0
}

/// The request kinds (SPEC §9) as a console builds its forms from them
/// (`kinds()`): each kind's wrapper and members on `platform`, in the API's
/// order, with their display names in `locale`.
/// The request kinds (the one `only` names, or every one) with their
/// members on `platform`, display names in `locale`.
pub fn kinds(platform: Platform, locale: Locale, only: Option<&str>) -> String {
    let kinds: Vec<&crate::request::Kind> = KINDS
        .iter()
        .copied()
        .filter(|k| only.is_none_or(|name| name == k.name))
        .collect();
    let mut json = Json(String::with_capacity(4096));
    json.list(&kinds, |j, kind| {
        j.raw("{")
            .key("name")
            .string(kind.name)
            .raw(",")
            .key("call")
            .string(kind.call)
            .raw(",")
            .key("wrapper")
            .string(kind.wrapper)
            .raw(",")
            .key("members");
        j.members(kind.members, platform, locale);
        j.raw("}");
    });
    json.0
}

impl Json {
    fn members(&mut self, members: &[Member], platform: Platform, locale: Locale) -> &mut Self {
        let members: Vec<&Member> = members.iter().filter(|m| m.accepted_on(platform)).collect();
        self.list(&members, |j, m| {
            j.raw("{")
                .key("name")
                .string(m.key)
                .raw(",")
                .key("role")
                .string(m.role.as_str())
                .raw(",")
                .key("label")
                .string(&messages::label(locale, "member", m.role.as_str()).unwrap_or_default())
                .raw(",")
                .key("type")
                .string(m.shape.json_type())
                .raw(",")
                .key("required")
                .raw(if m.required { "true" } else { "false" })
                .raw(",")
                .key("platforms")
                .list(m.platforms, |j, p| {
                    j.string(p.as_str());
                })
                .raw(",")
                .key("about")
                .string(m.about);
            if let Some(limit) = m.limit {
                j.raw(",")
                    .key("limit")
                    .raw("{")
                    .key("max")
                    .number(limit.max)
                    .raw(",")
                    .key("unit")
                    .string(limit.unit.as_str())
                    .raw("}");
            }
            if !m.choices.is_empty() {
                j.raw(",").key("choices").list(m.choices, |j, c| {
                    j.string(c);
                });
            }
            if let Some(listing) = m.role.listing() {
                j.raw(",").key("listing").string(listing);
            }
            if let Shape::List(item) = m.shape {
                j.raw(",").key("items");
                j.members(item.members, platform, locale);
            }
            j.raw("}");
        })
    }

    /// A node of an outline: its kind, its UTF-16 range, and its members,
    /// items or value.
    fn node(&mut self, node: Node, at: &Positions) -> &mut Self {
        let span = node.span().unwrap_or_default();
        let kind = match node.kind() {
            Kind::Object(_) => "object",
            Kind::Array(_) => "array",
            Kind::String(_) => "string",
            Kind::Number(_) => "number",
            Kind::Bool(_) => "boolean",
            Kind::Null | Kind::Foreign(_) => "null",
        };
        self.raw("{")
            .key("kind")
            .string(kind)
            .raw(",")
            .key("start")
            .number(at.get(span.start).offset)
            .raw(",")
            .key("end")
            .number(at.get(span.end).offset)
            .raw(",");
        match node.kind() {
            Kind::Object(members) => {
                let members: Vec<_> = members.collect();
                self.key("members").list(&members, |j, m| {
                    let key = m.key_span.unwrap_or_default();
                    j.raw("{")
                        .key("key")
                        .string(m.key)
                        .raw(",")
                        .key("keyStart")
                        .number(at.get(key.start).offset)
                        .raw(",")
                        .key("keyEnd")
                        .number(at.get(key.end).offset)
                        .raw(",")
                        .key("value")
                        .node(m.value, at)
                        .raw("}");
                })
            }
            Kind::Array(items) => {
                let items: Vec<_> = items.collect();
                self.key("items").list(&items, |j, item| {
                    j.node(*item, at);
                })
            }
            Kind::String(s) => self.key("value").string(s),
            // As written: JSON's own number syntax.
            Kind::Number(n) => self.key("value").raw(n),
            Kind::Bool(b) => self.key("value").raw(if b { "true" } else { "false" }),
            Kind::Null | Kind::Foreign(_) => self.key("value").raw("null"),
        };
        self.raw("}")
    }
}

/// JSON text as a tree with UTF-16 ranges (`outline()`): every value's and
/// key's place, every member of an object with repeats kept, so that a
/// console edits a member's text where it stands. Text that is not strict
/// JSON gives its problem instead: the message and the UTF-16 offset.
pub fn outline(text: &str) -> String {
    let mut json = Json(String::with_capacity(text.len() * 2));
    match crate::source::parse(text) {
        Ok(document) => {
            let mut offsets = Vec::with_capacity(document.len() * 2);
            let root = document.root();
            collect_spans(root, &mut offsets);
            let at = Positions::new(text, OffsetUnit::Utf16, offsets);
            json.raw("{").key("root").node(root, &at).raw("}");
        }
        Err(e) => {
            let at = Positions::new(text, OffsetUnit::Utf16, vec![e.span.start]);
            json.raw("{")
                .key("problem")
                .raw("{")
                .key("message")
                .string(&e.message)
                .raw(",")
                .key("offset")
                .number(at.get(e.span.start).offset)
                .raw("}}");
        }
    }
    json.0
}

/// Every span's ends, for one pass of position finding.
fn collect_spans(node: Node, offsets: &mut Vec<usize>) {
    if let Some(span) = node.span() {
        offsets.extend([span.start, span.end]);
    }
    match node.kind() {
        Kind::Object(members) => {
            for m in members {
                if let Some(key) = m.key_span {
                    offsets.extend([key.start, key.end]);
                }
                collect_spans(m.value, offsets);
            }
        }
        Kind::Array(items) => {
            for item in items {
                collect_spans(item, offsets);
            }
        }
        _ => {}
    }
}

/// An error the JavaScript wrapper throws as a `TypeError`.
pub fn usage_error(message: &str) -> String {
    let mut json = Json(String::new());
    json.raw("{").key("usage_error").string(message).raw("}");
    json.0
}

/// Options that ask for what this build leaves out: the usage error and
/// the feature, `{"usage_error": "…", "feature": "locales"}`, which the
/// package's JavaScript turns into a `TypeError` saying how to load it.
pub fn missing_feature(message: &str, feature: &str) -> String {
    let mut json = Json(String::new());
    json.raw("{")
        .key("usage_error")
        .string(message)
        .raw(",")
        .key("feature")
        .string(feature)
        .raw("}");
    json.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint_str, lint_value, Options};
    use serde_json::json;

    #[test]
    fn reports_are_written_as_serde_writes_them() {
        let text = r#"{"server_group_id": "x", "name": "a b\u0001", "tags": [{"key": "k ", "value": "\"v\"\n"}],
            "zzz": {"a": [1e400, null]}, "flavorRef": "C4.XLARGE.2"}"#;
        for report in [
            lint_str(text, &Options::default()),
            lint_str("{,}", &Options::default()),
            lint_value(
                &json!({"protected_instance": {"name": "中 文"}}),
                &Options::default(),
            ),
        ] {
            let ours: serde_json::Value = serde_json::from_str(&super::report(&report)).unwrap();
            assert_eq!(ours, serde_json::to_value(&report).unwrap());
        }
        let fixed = crate::fix_str(text, &Options::default(), crate::Applicability::Unsafe);
        let ours: serde_json::Value = serde_json::from_str(&super::fixed(&fixed)).unwrap();
        assert_eq!(ours, serde_json::to_value(&fixed).unwrap());
    }

    #[test]
    fn kinds_list_their_members_on_the_platform_with_display_names() {
        let otc: serde_json::Value =
            serde_json::from_str(&kinds(Platform::Otc, Locale::En, None)).unwrap();
        assert_eq!(otc[0]["name"], "single");
        let batch: serde_json::Value =
            serde_json::from_str(&kinds(Platform::Otc, Locale::En, Some("batch"))).unwrap();
        assert_eq!(batch.as_array().map(Vec::len), Some(1));
        assert_eq!(batch[0]["name"], "batch");
        assert_eq!(otc[0]["wrapper"], "protected_instance");
        let names: Vec<&str> = otc[0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 8, "{names:?}");
        let group = &otc[0]["members"][0];
        assert_eq!(
            (&group["label"], &group["listing"], &group["required"]),
            (
                &json!("Protection group"),
                &json!("protection_groups"),
                &json!(true)
            )
        );
        assert_eq!(
            otc[0]["members"][2]["limit"],
            json!({"max": 64, "unit": "bytes"})
        );
        assert_eq!(otc[0]["members"][7]["items"][0]["name"], "key");
        // The batch's servers and the address it refuses.
        let batch = &otc[1];
        assert_eq!(batch["name"], "batch");
        assert_eq!(batch["members"][1]["items"][0]["listing"], "servers");
        assert!(!batch["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "primary_ip_address"));
        // Huawei's members, and names in Chinese.
        let huawei: serde_json::Value =
            serde_json::from_str(&kinds(Platform::Huawei, Locale::Zh, None)).unwrap();
        assert_eq!(huawei[0]["members"].as_array().unwrap().len(), 11);
        assert_eq!(huawei[0]["members"][0]["label"], "保护组");
        assert_eq!(
            huawei[0]["members"][9]["choices"],
            json!(["shared", "dedicated"])
        );
    }

    #[test]
    fn an_outline_has_every_value_and_key_in_utf16_offsets() {
        let text = "{\"a\": \"😀\", \"a\": [1.50e2, true, null], \"数\": {}}";
        let tree: serde_json::Value = serde_json::from_str(&outline(text)).unwrap();
        let root = &tree["root"];
        assert_eq!(
            (&root["kind"], &root["start"], &root["end"]),
            (&json!("object"), &json!(0), &json!(47))
        );
        let members = root["members"].as_array().unwrap();
        assert_eq!(members.len(), 3, "repeats are kept");
        assert_eq!(members[0]["value"]["value"], "😀");
        // The emoji is two UTF-16 units (four UTF-8 bytes).
        assert_eq!(members[1]["keyStart"], 12);
        assert_eq!(members[1]["value"]["items"][0]["value"], 150.0);
        assert_eq!(members[2]["key"], "数");
        assert_eq!(
            members[2]["keyEnd"],
            json!(members[2]["keyStart"].as_u64().unwrap() + 3)
        );
        let broken: serde_json::Value = serde_json::from_str(&outline("{\"😀\": 1,}")).unwrap();
        assert_eq!(broken["problem"]["offset"], 8);
        assert!(broken["problem"]["message"]
            .as_str()
            .unwrap()
            .contains("trailing"));
    }

    #[test]
    fn rules_are_the_catalogue_without_documentation() {
        let ours: serde_json::Value = serde_json::from_str(&rules()).unwrap();
        let mut theirs = serde_json::to_value(crate::rules()).unwrap();
        for rule in theirs.as_array_mut().unwrap() {
            rule.as_object_mut().unwrap().remove("documentation");
        }
        assert_eq!(ours, theirs);
    }
}
