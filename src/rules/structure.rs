//! The shape of the request: JSON syntax, keys, the `protected_instance`
//! wrapper, and the presence and type of every known member (SPEC §1–§3).
//! The format families only look at members this family found present.

use crate::document::{Kind, Member, Node};
use crate::engine::{pointer_escape, At, Checker, Instance};
use crate::report::{EmptyObject, Fix, PatchOp};
use crate::rules::{quote, rule};
use crate::source::SyntaxError;
use std::collections::HashMap;

rule! {
    /// ## What it checks
    /// The text must be strict JSON (RFC 8259): no comments, trailing commas,
    /// single quotes, `NaN`, byte-order mark, unescaped control characters,
    /// lone surrogate escapes, invalid UTF-8, nesting deeper than 128 levels,
    /// trailing text or empty input.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.0201` to a body it cannot parse. When the
    /// text is not JSON, no other rule can run, so this is the only diagnostic.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static INVALID_JSON = "invalid-json", Error, Syntax,
        "The request is not strict JSON", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// A key appears twice in one object. It is reported at the later key;
    /// the other rules look at the last value, which is what most server JSON
    /// parsers keep.
    ///
    /// ## Why it matters
    /// Which of the two values the service uses depends on its parser; the
    /// earlier one is silently lost.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "name": "web-02" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-02" } }
    /// ```
    pub static DUPLICATE_KEY = "duplicate-key", Error, Structure,
        "A key appears twice in one object", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// The root object has no `protected_instance` member but holds members of
    /// a protected instance (`name`, `server_id`, …). The root is then checked
    /// as the protected instance.
    ///
    /// ## Why it matters
    /// The service expects the members inside `protected_instance` and
    /// rejects the body with `SDRS.0201`.
    ///
    /// ## Example
    /// ```json
    /// { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "name": "web-01" }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "name": "web-01" } }
    /// ```
    pub static MISSING_WRAPPER = "missing-wrapper", Error, Structure,
        "The members are not wrapped in `protected_instance`", api_code = "SDRS.0201",
        fixable = true;
}

rule! {
    /// ## What it checks
    /// A required member is absent: `protected_instance`, its
    /// `server_group_id`, `server_id` and `name`, and a tag's `key` and `value`.
    /// The path is where the member should be.
    ///
    /// ## Why it matters
    /// The API page marks these members mandatory; the service rejects the
    /// request with `SDRS.0201`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01" } }
    /// ```
    pub static MISSING_FIELD = "missing-field", Error, Presence,
        "A required member is absent", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// A value has the wrong JSON type: the root and `protected_instance` must
    /// be objects, `tags` an array of objects, every other known member a
    /// string. `null` counts as a wrong type for required members and for
    /// tag values. `params`: `{expected, actual}` with JSON type names.
    ///
    /// ## Why it matters
    /// The service rejects the body (`SDRS.0201`; `SDRS.2208` for a `null`
    /// tag value). Numbers are not coerced: an ID written as a number is an
    /// error.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": true } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static TYPE_MISMATCH = "type-mismatch", Error, Presence,
        "A value has the wrong JSON type", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// An optional member (`description`, `primary_subnet_id`,
    /// `primary_ip_address`, `flavorRef`, `tags`) is `null`.
    ///
    /// ## Why it matters
    /// Servers treat `null` as absent, which is rarely what the writer meant:
    /// a form field that was never filled in, or a variable that was not set.
    /// Omit the member instead.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "flavorRef": null } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static NULL_VALUE = "null-value", Warning, Presence,
        "An optional member is null", fixable = true;
}

rule! {
    /// ## What it checks
    /// `server_group_id`, `server_id`, `name`, `primary_subnet_id`,
    /// `primary_ip_address`, `flavorRef` or a tag `key` is `""` (a tag key:
    /// empty after trimming white space). An empty `description` or tag
    /// `value` is allowed.
    ///
    /// ## Why it matters
    /// The service rejects empty values (`SDRS.0201`, `SDRS.2205` for a tag
    /// key); an empty optional member should be omitted.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static EMPTY_VALUE = "empty-value", Error, Presence,
        "A member that must have a value is empty", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// A member of the root, of `protected_instance` or of a tag is not part
    /// of the API. When the name is close to a known one (same letters
    /// ignoring case, `_` and `-`, or within two edits) it is suggested, and
    /// the fix renames it. `cluster_id`, `tenancy` and `dedicated_host_id`
    /// exist on Huawei Cloud only (`params.platform` is `"huawei"`).
    ///
    /// ## Why it matters
    /// The service ignores unknown members, so a misspelt optional member
    /// (`flavor_ref`) silently falls back to its default.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "flavor_ref": "s3.large.2" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01", "flavorRef": "s3.large.2" } }
    /// ```
    pub static UNKNOWN_FIELD = "unknown-field", Warning, Structure,
        "A member is not part of the API", fixable = true;
}

rule! {
    /// ## What it checks
    /// A value that JSON cannot hold, in an object given from JavaScript:
    /// `undefined`, a function, a `BigInt`, `NaN` or an infinity, a symbol, a
    /// cyclic reference, or nesting deeper than 128 levels.
    ///
    /// ## Why it matters
    /// `JSON.stringify` drops, changes or throws on such values, so what is
    /// sent is not what the form holds.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": undefined } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static NON_JSON_VALUE = "non-json-value", Error, Presence,
        "A value JSON cannot represent", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// More diagnostics were found than the report keeps (`max_diagnostics`,
    /// 1000 by default). This entry ends the list; `params.omitted` counts
    /// the rest. The report's `valid` and counts still include them.
    ///
    /// ## Why it matters
    /// A hostile or broken body must not produce an unbounded report.
    pub static TOO_MANY_DIAGNOSTICS = "too-many-diagnostics", Info, Report,
        "More diagnostics were found than the report keeps";
}

/// What a known member must be (SPEC §1, from the API page's tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    String,
    TagList,
}

pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
    /// `""` is an `empty-value` error.
    pub non_empty: bool,
}

const fn field(name: &'static str, required: bool, shape: Shape, non_empty: bool) -> Field {
    Field {
        name,
        required,
        shape,
        non_empty,
    }
}

/// The members of `protected_instance`, in the API page's order.
pub static INSTANCE_FIELDS: [Field; 8] = [
    field("server_group_id", true, Shape::String, true),
    field("server_id", true, Shape::String, true),
    field("name", true, Shape::String, true),
    field("description", false, Shape::String, false),
    field("primary_subnet_id", false, Shape::String, true),
    field("primary_ip_address", false, Shape::String, true),
    field("flavorRef", false, Shape::String, true),
    field("tags", false, Shape::TagList, false),
];

const ROOT_FIELDS: [&str; 1] = ["protected_instance"];
const TAG_FIELDS: [&str; 2] = ["key", "value"];
/// Members of the Huawei Cloud variant of the call that OTC does not have.
const HUAWEI_ONLY: [&str; 3] = ["cluster_id", "tenancy", "dedicated_host_id"];

pub fn report_syntax(cx: &mut Checker, e: &SyntaxError) {
    cx.report(
        &INVALID_JSON,
        At {
            path: String::new(),
            span: Some(e.span),
            order: 0,
        },
        format!("The request is not valid JSON: {}.", e.message),
    );
}

/// Checks the document's shape; returns the protected instance to check
/// further, if there is one.
pub fn check<'a>(cx: &mut Checker, root: &'a Node) -> Option<Instance<'a>> {
    walk(cx, root, &mut String::new());
    let Some(members) = root.members() else {
        if root.json_type().is_some() {
            type_mismatch(cx, At::value("", root), "The request", "object", root);
        }
        return None;
    };
    if let Some(instance) = root.get("protected_instance") {
        unknown_fields(cx, members, "", &ROOT_FIELDS);
        let path = "/protected_instance";
        return match &instance.kind {
            Kind::Object(_) => {
                let instance = Instance {
                    node: instance,
                    base: path,
                };
                check_instance(cx, instance);
                Some(instance)
            }
            Kind::Foreign(_) => None,
            _ => {
                type_mismatch(
                    cx,
                    At::value(path, instance),
                    "protected_instance",
                    "object",
                    instance,
                );
                None
            }
        };
    }
    let is_instance = members
        .iter()
        .any(|m| INSTANCE_FIELDS.iter().any(|f| f.name == m.key));
    if is_instance {
        let finding = cx.report(
            &MISSING_WRAPPER,
            At::missing("", root),
            "The members of the protected instance must be inside a \"protected_instance\" object.",
        );
        finding.fix(wrap(members));
        let instance = Instance {
            node: root,
            base: "",
        };
        check_instance(cx, instance);
        return Some(instance);
    }
    cx.report(
        &MISSING_FIELD,
        At::missing("/protected_instance", root),
        "The request has no \"protected_instance\" object.",
    )
    .param("field", "protected_instance");
    unknown_fields(cx, members, "", &ROOT_FIELDS);
    None
}

/// Repeated keys and foreign values, anywhere in the document.
fn walk(cx: &mut Checker, node: &Node, path: &mut String) {
    let len = path.len();
    match &node.kind {
        Kind::Foreign(what) => {
            let shown = if path.is_empty() {
                "The request"
            } else {
                "The value"
            };
            cx.report(
                &NON_JSON_VALUE,
                At::value(path.clone(), node),
                format!("{shown} is {what}, which JSON cannot represent."),
            )
            .param("actual", what.as_str());
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push('/');
                path.push_str(&i.to_string());
                walk(cx, item, path);
                path.truncate(len);
            }
        }
        Kind::Object(members) => {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (i, m) in members.iter().enumerate() {
                path.push('/');
                path.push_str(&pointer_escape(&m.key));
                if seen.insert(&m.key, i).is_some() {
                    cx.report(
                        &DUPLICATE_KEY,
                        At::key(path.clone(), m),
                        format!(
                            "The key {} appears more than once in this object; only the last value counts. Remove the other.",
                            quote(&m.key)
                        ),
                    )
                    .param("key", m.key.as_str());
                }
                walk(cx, &m.value, path);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn type_mismatch<'c>(
    cx: &'c mut Checker,
    at: At,
    what: &str,
    expected: &str,
    actual: &Node,
) -> &'c mut crate::engine::Finding {
    let actual = actual.type_name().to_string();
    let message = format!(
        "{what} must be {}, not {}.",
        with_article(expected),
        with_article(&actual)
    );
    cx.report(&TYPE_MISMATCH, at, message)
        .param("expected", expected)
        .param("actual", actual)
}

fn with_article(type_name: &str) -> String {
    match type_name {
        "null" => "null".to_string(),
        "array" | "object" => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// Moves the root's members into a new `protected_instance` object, each
/// distinct key once (the later of repeated keys is the one JSON keeps).
fn wrap(members: &[Member]) -> Fix {
    let mut patch = vec![PatchOp::Add {
        path: "/protected_instance".into(),
        value: EmptyObject {},
    }];
    for (i, m) in members.iter().enumerate() {
        if !members[..i].iter().any(|o| o.key == m.key) {
            let key = pointer_escape(&m.key);
            patch.push(PatchOp::Move {
                from: format!("/{key}"),
                path: format!("/protected_instance/{key}"),
            });
        }
    }
    Fix {
        description: "Wrap the members in \"protected_instance\"".into(),
        patch,
    }
}

/// Unknown members of one object, each distinct key once, at its last occurrence.
fn unknown_fields(cx: &mut Checker, members: &[Member], base: &str, known: &[&'static str]) {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        last.insert(&m.key, i);
    }
    for (i, m) in members.iter().enumerate() {
        if known.contains(&m.key.as_str()) || last[m.key.as_str()] != i {
            continue;
        }
        let path = format!("{base}/{}", pointer_escape(&m.key));
        let suggestion = suggest(&m.key, known);
        // Only the protected instance's own members have a Huawei variant.
        let huawei = known.contains(&"server_id") && HUAWEI_ONLY.contains(&m.key.as_str());
        let message = if huawei {
            format!(
                "{} is a Huawei Cloud member of this call; Open Telekom Cloud does not know it and ignores it.",
                quote(&m.key)
            )
        } else if let Some(s) = suggestion {
            format!("Unknown member {}; did you mean '{s}'?", quote(&m.key))
        } else {
            format!(
                "Unknown member {}; the service ignores it. Known members here: {}.",
                quote(&m.key),
                known.join(", ")
            )
        };
        let finding = cx
            .report(&UNKNOWN_FIELD, At::key(path.clone(), m), message)
            .param("field", m.key.as_str());
        if huawei {
            finding.param("platform", "huawei");
        }
        if let Some(s) = suggestion {
            finding.param("suggestion", s);
            // Renaming onto a member that is already there would lose it.
            if !members.iter().any(|o| o.key == s) {
                finding.fix(Fix {
                    description: format!("Rename to '{s}'"),
                    patch: vec![PatchOp::Move {
                        from: path,
                        path: format!("{base}/{s}"),
                    }],
                });
            }
        }
    }
}

/// A known name for a misspelt one: equal ignoring (ASCII, as every known
/// name is) case, `_` and `-`, else the nearest within two edits (ties to
/// the first in `known`).
fn suggest(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let folded = fold(name);
    if let Some(k) = known.iter().find(|k| fold(k) == folded) {
        return Some(k);
    }
    let mut best: Option<(usize, &'static str)> = None;
    for k in known {
        let d = strsim::levenshtein(name, k);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

fn check_instance(cx: &mut Checker, instance: Instance) {
    let members = instance.node.members().unwrap_or_default();
    let names: Vec<&'static str> = INSTANCE_FIELDS.iter().map(|f| f.name).collect();
    let mut known = names.clone();
    if instance.base.is_empty() {
        // An unwrapped root may still carry the wrapper's own name wrongly spelt.
        known.extend(ROOT_FIELDS);
    }
    unknown_fields(cx, members, instance.base, &known);
    for f in &INSTANCE_FIELDS {
        let path = instance.path(f.name);
        let Some(value) = instance.get(f.name) else {
            if f.required {
                cx.report(
                    &MISSING_FIELD,
                    At::missing(path, instance.node),
                    format!("The required member \"{}\" is missing.", f.name),
                )
                .param("field", f.name);
            }
            continue;
        };
        let at = At::value(path.clone(), value);
        match (&value.kind, f.shape) {
            (Kind::Foreign(_), _) => {}
            (Kind::Null, _) if !f.required => {
                cx.report(
                    &NULL_VALUE,
                    at,
                    format!(
                        "\"{}\" is null, which the service treats as absent; omit it.",
                        f.name
                    ),
                )
                .fix(Fix {
                    description: format!("Remove \"{}\"", f.name),
                    patch: vec![PatchOp::Remove { path }],
                });
            }
            (Kind::String(s), Shape::String) => {
                if f.non_empty && s.is_empty() {
                    cx.report(
                        &EMPTY_VALUE,
                        at,
                        format!("\"{}\" must not be empty.", f.name),
                    );
                }
            }
            (Kind::Array(items), Shape::TagList) => check_tags(cx, &path, items),
            (_, Shape::String) => {
                type_mismatch(cx, at, &format!("\"{}\"", f.name), "string", value);
            }
            (_, Shape::TagList) => {
                type_mismatch(cx, at, "\"tags\"", "array", value);
            }
        }
    }
}

fn check_tags(cx: &mut Checker, path: &str, items: &[Node]) {
    for (i, tag) in items.iter().enumerate() {
        let tag_path = format!("{path}/{i}");
        let Some(members) = tag.members() else {
            if tag.json_type().is_some() {
                type_mismatch(
                    cx,
                    At::value(tag_path, tag),
                    &format!("Tag {i}"),
                    "object",
                    tag,
                );
            }
            continue;
        };
        unknown_fields(cx, members, &tag_path, &TAG_FIELDS);
        for name in TAG_FIELDS {
            let field_path = format!("{tag_path}/{name}");
            let what = format!("The {name} of tag {i}");
            let Some(value) = tag.get(name) else {
                cx.report(
                    &MISSING_FIELD,
                    At::missing(field_path, tag),
                    format!("Tag {i} has no \"{name}\"; a tag needs both \"key\" and \"value\"."),
                )
                .param("field", name);
                continue;
            };
            let at = At::value(field_path, value);
            match &value.kind {
                Kind::Foreign(_) => {}
                Kind::String(s) => {
                    if name == "key" && s.trim().is_empty() {
                        cx.report(
                            &EMPTY_VALUE,
                            at,
                            format!(
                                "The key of tag {i} is empty{}.",
                                if s.is_empty() {
                                    ""
                                } else {
                                    " after trimming white space"
                                }
                            ),
                        )
                        .api_code("SDRS.2205");
                    }
                }
                _ => {
                    let finding = type_mismatch(cx, at, &what, "string", value);
                    if name == "value" && value.is_null() {
                        finding.api_code("SDRS.2208");
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, lint, lint_json};
    use serde_json::json;

    #[test]
    fn invalid_json_is_the_only_diagnostic() {
        let r = lint("{\"protected_instance\": {\"name\": \"a b\",}}");
        assert_eq!(codes(&r), [("invalid-json", "")]);
        let d = &r.diagnostics[0];
        assert_eq!(d.range.unwrap().start.column, 38);
        assert_eq!(d.api_code, Some("SDRS.0201"));
        assert!(!r.valid);
    }

    #[test]
    fn duplicate_key_is_reported_at_the_later_key_and_the_last_value_counts() {
        let r = lint(
            r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "ok", "name": "not ok"}}"#,
        );
        assert_eq!(
            codes(&r),
            [
                ("duplicate-key", "/protected_instance/name"),
                ("name-charset", "/protected_instance/name")
            ]
        );
        let range = r.diagnostics[0].range.unwrap();
        assert_eq!((range.start.line, range.start.column), (2, 80));
        assert_eq!(range.end.offset - range.start.offset, "\"name\"".len());
        // Not in different objects.
        assert!(!lint(r#"{"a": {"k": 1}, "b": {"k": 1}}"#).has("duplicate-key"));
    }

    #[test]
    fn missing_wrapper_checks_the_root_as_the_instance() {
        let r = lint_json(
            json!({"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "a b"}),
        );
        assert_eq!(
            codes(&r),
            [("missing-wrapper", ""), ("name-charset", "/name")]
        );
        let fix = r.diagnostics[0].fix.as_ref().unwrap();
        assert_eq!(
            serde_json::to_value(&fix.patch).unwrap(),
            json!([
                {"op": "add", "path": "/protected_instance", "value": {}},
                {"op": "move", "from": "/server_group_id", "path": "/protected_instance/server_group_id"},
                {"op": "move", "from": "/server_id", "path": "/protected_instance/server_id"},
                {"op": "move", "from": "/name", "path": "/protected_instance/name"},
            ])
        );
        // A repeated key is moved once; keys are escaped as pointers.
        let r = lint(r#"{"name": "a", "a/b": 1, "name": "b"}"#);
        let patch = serde_json::to_value(&r.diagnostics[0].fix.as_ref().unwrap().patch).unwrap();
        assert_eq!(patch.as_array().unwrap().len(), 3);
        assert_eq!(patch[2]["from"], "/a~1b");
        // Not for a root without instance members.
        let r = lint(r#"{"other": 1}"#);
        assert_eq!(
            codes(&r),
            [
                ("missing-field", "/protected_instance"),
                ("unknown-field", "/other")
            ]
        );
    }

    #[test]
    fn missing_fields_point_at_the_opening_brace() {
        let r = lint("{\"protected_instance\":\n  {\"name\": \"x\"}}");
        assert_eq!(
            codes(&r),
            [
                ("missing-field", "/protected_instance/server_group_id"),
                ("missing-field", "/protected_instance/server_id")
            ]
        );
        let range = r.diagnostics[0].range.unwrap();
        assert_eq!(
            (range.start.line, range.start.column, range.end.column),
            (2, 3, 4)
        );
        assert_eq!(r.diagnostics[0].params["field"], "server_group_id");
    }

    #[test]
    fn type_mismatch_names_json_types() {
        let r = lint("\"hello\"");
        assert_eq!(codes(&r), [("type-mismatch", "")]);
        assert_eq!(r.diagnostics[0].params["expected"], "object");
        assert_eq!(r.diagnostics[0].params["actual"], "string");
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": 5, "server_id": null, "name": "n",
            "tags": [3, {"key": "k", "value": null}]}}),
        );
        assert_eq!(
            codes(&r),
            [
                ("type-mismatch", "/protected_instance/server_group_id"),
                ("type-mismatch", "/protected_instance/server_id"),
                ("type-mismatch", "/protected_instance/tags/0"),
                ("type-mismatch", "/protected_instance/tags/1/value"),
            ]
        );
        assert_eq!(r.diagnostics[1].params["actual"], "null");
        assert_eq!(r.diagnostics[3].api_code, Some("SDRS.2208"));
        let r = lint_json(json!({"protected_instance": []}));
        assert_eq!(codes(&r), [("type-mismatch", "/protected_instance")]);
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "tags": {}}}),
        );
        assert_eq!(codes(&r), [("type-mismatch", "/protected_instance/tags")]);
    }

    #[test]
    fn null_optional_members_are_warnings_with_a_fix() {
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "flavorRef": null}}),
        );
        assert_eq!(codes(&r), [("null-value", "/protected_instance/flavorRef")]);
        assert!(r.valid);
        assert!(r.diagnostics[0].fix.is_some());
    }

    #[test]
    fn empty_values() {
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "", "description": "",
            "tags": [{"key": "  ", "value": ""}]}}),
        );
        assert_eq!(
            codes(&r),
            [
                ("empty-value", "/protected_instance/name"),
                ("empty-value", "/protected_instance/tags/0/key")
            ]
        );
        assert_eq!(r.diagnostics[1].api_code, Some("SDRS.2205"));
    }

    #[test]
    fn unknown_fields_suggest_and_fix() {
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "flavor_ref": "s3.large.2",
            "serverId": "x", "tenancy": "0", "zzz": 1, "tags": [{"key": "k", "value": "v", "Value": "w"}]}}),
        );
        assert_eq!(
            codes(&r),
            [
                ("unknown-field", "/protected_instance/flavor_ref"),
                ("unknown-field", "/protected_instance/serverId"),
                ("unknown-field", "/protected_instance/tenancy"),
                ("unknown-field", "/protected_instance/zzz"),
                ("unknown-field", "/protected_instance/tags/0/Value"),
            ]
        );
        let d = &r.diagnostics;
        assert_eq!(d[0].params["suggestion"], "flavorRef");
        assert!(d[0].fix.is_some());
        assert_eq!(d[1].params["suggestion"], "server_id");
        assert!(
            d[1].fix.is_none(),
            "server_id exists: renaming would lose it"
        );
        assert_eq!(d[2].params["platform"], "huawei");
        assert!(d[3].params.get("suggestion").is_none());
        assert_eq!(d[4].params["suggestion"], "value");
    }

    #[test]
    fn repeated_unknown_key_is_reported_once_at_its_last_occurrence() {
        let r = lint("{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb20867\", \"server_id\": \"403b603d-1d91-42cc-a357-81f3c2daf43f\", \"name\": \"n\", \"x\": 1, \"x\": 2}}");
        assert_eq!(
            codes(&r),
            [
                ("duplicate-key", "/protected_instance/x"),
                ("unknown-field", "/protected_instance/x")
            ]
        );
        assert_eq!(r.diagnostics[0].range, r.diagnostics[1].range);
    }

    #[test]
    fn pointer_escapes_keys() {
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "a/b~c": 1}}),
        );
        assert_eq!(
            codes(&r),
            [("unknown-field", "/protected_instance/a~1b~0c")]
        );
    }
}
