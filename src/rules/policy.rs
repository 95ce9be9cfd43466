//! Organization policies (SPEC §8): required tags, allowed tag values and
//! spellings, and a naming pattern, from the options' [`Policy`]. These
//! come after the API's own rules: a member or tag with an error of those
//! gets no policy finding (the sink drops them, one error per member), and
//! a `tags` member with an error (more than ten tags, say) gets none, so at
//! most ten tags are looked up. Tag keys are found in the policy by hash,
//! required keys among the tags by hash for long lists: linear time.
//! The name pattern is matched by regex-lite, which does not backtrack:
//! time linear in the name's length for a given pattern.

use crate::document::{Elements, Node};
use crate::edit;
use crate::engine::{At, Checker};
use crate::policy::Policy;
use crate::report::Severity;
use crate::request::{Instance, Role, Shape};
use crate::rules::rule;
use crate::suggest::Folded;
use std::collections::HashMap;

rule! {
    /// ## What it checks
    /// The organization's policy requires a tag (`required_tags`, exact
    /// spelling) that the request does not carry. Reported where `tags` is,
    /// or where it would be. `params`: `{key}`, and `found` when a tag's key
    /// differs from it only in letter case. The fix adds the tag with an
    /// empty value, for the user to fill in (unsafe: it invents a value), at
    /// the end of `tags`, in place of `"tags": null`, or as a new `tags`.
    ///
    /// ## Why it matters
    /// Tag policies are applied after the request is sent, or reported as
    /// non-compliant after deployment; cost allocation and ownership
    /// reports miss the protected instance.
    ///
    /// ## Example
    /// With the policy `{ "required_tags": ["owner"] }`:
    /// ```json
    /// { "protected_instance": { "name": "web-01", "tags": [ {"key": "env", "value": "prod"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01", "tags": [ {"key": "env", "value": "prod"}, {"key": "owner", "value": "ops"} ] } }
    /// ```
    pub static POLICY_TAG_MISSING = "policy-tag-missing", Error, Policy,
        "A tag the organization requires is missing", fix = Unsafe;
    message: "The organization's tag policy requires the tag {key:q}.[[ The tag {found:q} differs from it only in case.]]";
    fix: "Add the tag {key:q} with an empty value";
}

rule! {
    /// ## What it checks
    /// A tag key equals a key of the tag policy ignoring case, but not its
    /// required spelling (`tag_key`, else the policy's own lower-case key).
    /// An error where the key's `enforced_for` names SDRS, else a warning.
    /// `params`: `{key, expected, index}`. The fix rewrites the key; there
    /// is none while another tag spells the same key (renaming would repeat
    /// it: `tag-key-duplicate`).
    ///
    /// ## Why it matters
    /// Tag policies compare spellings exactly: `costcenter` does not count
    /// as `CostCenter`, and an enforced policy refuses the tag.
    ///
    /// ## Example
    /// With a policy whose `costcenter` key has `"tag_key": {"@@assign": "CostCenter"}`:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "costcenter", "value": "100"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "CostCenter", "value": "100"} ] } }
    /// ```
    pub static POLICY_TAG_KEY_CASE = "policy-tag-key-case", Warning, Policy,
        "A tag key is not spelt as the tag policy requires", fix = Safe;
    message: "The organization's tag policy spells the key {key:q} of tag {index:nth} as {expected:q}.";
    fix: "Rename the key to {expected:q}";
}

rule! {
    /// ## What it checks
    /// The value of a tag the policy governs is not among its `tag_value`s
    /// (a value ending in `*` allows every value with that prefix). An error
    /// where the key's `enforced_for` names SDRS, else a warning.
    /// `params`: `{key, value, allowed, index}`.
    ///
    /// ## Why it matters
    /// An enforced policy refuses the tag; otherwise the resource is
    /// reported as non-compliant.
    ///
    /// ## Example
    /// With a policy whose `env` key allows `prod`, `staging`, `dev`:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "env", "value": "production"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "env", "value": "prod"} ] } }
    /// ```
    pub static POLICY_TAG_VALUE = "policy-tag-value", Warning, Policy,
        "A tag value is not allowed by the tag policy";
    message: "The value {value:q} of tag {index:nth} ({key:q}) is not allowed by the organization's tag policy; allowed: {allowed:q}.";
}

rule! {
    /// ## What it checks
    /// `name` does not match the policy's `name_pattern` as a whole.
    /// `params`: `{value, pattern}`. The pattern is a `regex-lite` regular
    /// expression: Rust's syntax without Unicode classes (`\w`, `\d`, `\s`
    /// are ASCII), matched in time linear in the name.
    ///
    /// ## Why it matters
    /// Naming conventions let people and scripts find a protected instance
    /// by its name; a name outside them gets lost.
    ///
    /// ## Example
    /// With the policy `{ "name_pattern": "^[a-z][a-z0-9-]*-(prod|stage|dev)$" }`:
    /// ```json
    /// { "protected_instance": { "name": "WebServer01" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01-prod" } }
    /// ```
    pub static POLICY_NAME_PATTERN = "policy-name-pattern", Error, Policy,
        "The name does not match the naming pattern";
    message: "name {value:q} does not match the organization's naming pattern '{pattern}'.";
    message("made"): "The name {value:q}, which the service makes from the prefix {prefix:q}, does not match the organization's naming pattern '{pattern}'.";
}

/// Tag lists longer than this are looked up in hash maps.
const SMALL_LIST: usize = 16;

pub fn check(cx: &mut Checker, instance: &Instance, policy: &Policy) {
    check_tags(cx, instance, policy);
    let Some(pattern) = &policy.name_pattern else {
        return;
    };
    // The name the service makes: the name itself, or a batch's first.
    let Some(names) = (instance.kind.names)(instance) else {
        return;
    };
    let name = names.first();
    // A name with an error (too long, say) is not matched at all.
    if !cx.has_error(names.node) && !pattern.matches(&name) {
        let at = At::value(instance.pointer(names.role), names.node);
        cx.report(&POLICY_NAME_PATTERN, at, |f| {
            f.param("value", name.as_str())
                .param("pattern", pattern.pattern.as_str());
            if names.numbered.is_some() {
                f.variant("made").param("prefix", names.text);
            }
        });
    }
}

/// A tag as the policy sees it: its index, trimmed key and key node.
type TagKey<'d> = (usize, &'d str, Node<'d>);

fn check_tags(cx: &mut Checker, instance: &Instance, policy: &Policy) {
    let tags = instance.get(Role::Tags);
    let Some(Shape::List(item)) = instance.member(Role::Tags).map(|m| m.shape) else {
        return;
    };
    let part = |role: Role| item.members.iter().find(|m| m.role == role).map(|m| m.key);
    let (Some(key_name), Some(value_name)) = (part(Role::TagKey), part(Role::TagValue)) else {
        return;
    };
    let items = match tags {
        None => None,
        Some(node) if node.is_null() => None,
        Some(node) => match node.elements() {
            Some(items) if !cx.has_error(node) => Some(items),
            _ => return, // a wrong type, or an error: no policy finding
        },
    };
    let at_tags = instance.pointer(Role::Tags);
    let mut keys: Vec<TagKey> = Vec::new();
    // How many tags have each key, case aside: counted once, by the first
    // rename fix that asks. Renaming one of two spellings onto the policy's
    // would make a repeated key.
    let mut spellings: Option<HashMap<Folded, usize>> = None;
    for (i, tag) in items.clone().into_iter().flatten().enumerate() {
        let Some(key_node) = tag.get(key_name) else {
            continue;
        };
        let Some(raw) = key_node.as_str() else {
            continue;
        };
        let value = tag.get(value_name);
        let key = raw.trim();
        // Present for `required_tags` even with an error of its own.
        keys.push((i, key, key_node));
        if cx.has_error(tag) || cx.has_error(key_node) || value.is_some_and(|v| cx.has_error(v)) {
            continue;
        }
        let Some(rule) = policy.tag(key) else {
            continue;
        };
        let severity = if rule.enforced {
            Severity::Error
        } else {
            Severity::Warning
        };
        if key != rule.spelling {
            let path = at_tags.index(i).key(key_name);
            cx.report_as(
                &POLICY_TAG_KEY_CASE,
                severity,
                At::value(path, key_node),
                |f| {
                    f.param("key", key)
                        .param("expected", rule.spelling.as_str())
                        .param("index", i);
                    let counts =
                        spellings.get_or_insert_with(|| key_spellings(items.clone(), key_name));
                    if counts.get(&Folded(key)).copied() == Some(1) {
                        f.fix(edit::replace_string(
                            key_node,
                            path,
                            &rule.spelling,
                            POLICY_TAG_KEY_CASE.applicability(),
                        ));
                    }
                },
            );
        }
        let Some((text, value_node)) = value.and_then(|v| Some((v.as_str()?, v))) else {
            continue;
        };
        if !rule.allows(text.trim()) {
            let path = at_tags.index(i).key(value_name);
            cx.report_as(
                &POLICY_TAG_VALUE,
                severity,
                At::value(path, value_node),
                |f| {
                    f.param("key", rule.spelling.as_str())
                        .param("value", text)
                        .param("allowed", rule.values.clone().unwrap_or_default())
                        .param("index", i);
                },
            );
        }
    }
    check_required(cx, instance, policy, tags, &keys);
}

/// How many tags have each trimmed key, case aside.
fn key_spellings<'d>(items: Option<Elements<'d>>, key_name: &str) -> HashMap<Folded<'d>, usize> {
    let mut counts = HashMap::new();
    for tag in items.into_iter().flatten() {
        if let Some(key) = tag.get(key_name).and_then(|k| k.as_str()) {
            *counts.entry(Folded(key.trim())).or_insert(0) += 1;
        }
    }
    counts
}

/// `required_tags` against the tags' trimmed keys.
fn check_required(
    cx: &mut Checker,
    instance: &Instance,
    policy: &Policy,
    tags: Option<Node>,
    keys: &[TagKey],
) {
    if policy.required_tags.is_empty() {
        return;
    }
    let large = keys.len() > SMALL_LIST;
    let exact: HashMap<&str, ()> = if large {
        keys.iter().map(|(_, k, _)| (*k, ())).collect()
    } else {
        HashMap::new()
    };
    let folded: HashMap<Folded, &str> = if large {
        keys.iter().rev().map(|(_, k, _)| (Folded(k), *k)).collect()
    } else {
        HashMap::new()
    };
    let path = instance.pointer(Role::Tags);
    let tags_key = instance.member(Role::Tags).map_or("tags", |m| m.key);
    for required in &policy.required_tags {
        let present = if large {
            exact.contains_key(required.as_str())
        } else {
            keys.iter().any(|(_, k, _)| k == required)
        };
        if present {
            continue;
        }
        let found = if large {
            folded.get(&Folded(required)).copied()
        } else {
            keys.iter()
                .map(|(_, k, _)| *k)
                .find(|k| k.eq_ignore_ascii_case(required))
        };
        let at = match tags.filter(|t| !t.is_null()) {
            Some(node) => At::value(path, node),
            None => At::missing(path, instance.node),
        };
        cx.report(&POLICY_TAG_MISSING, at, |f| {
            f.param("key", required.as_str());
            match found {
                // Adding a second spelling would make two tags of one key.
                Some(other) => {
                    f.param("found", other);
                }
                None => {
                    f.fix(edit::add_tag(
                        instance.node,
                        (tags, tags_key, path),
                        required,
                        POLICY_TAG_MISSING.applicability(),
                    ));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::Policy;
    use crate::test_support::{codes, request};
    use crate::{lint_str, lint_value, Level, Options, Severity};
    use serde_json::{json, Value};
    use std::sync::Arc;

    /// SPEC §8's example: a required tag, values with a wildcard, a name
    /// pattern.
    fn policy() -> Value {
        serde_json::from_str(include_str!("../../examples/policy.json")).unwrap()
    }

    fn options() -> Options {
        Options {
            policy: Some(Arc::new(Policy::from_value(&policy()).unwrap())),
            ..Options::default()
        }
    }

    fn with(name: &str, tags: Value) -> crate::Report {
        let mut r = request("name", json!(name));
        r["protected_instance"]["tags"] = tags;
        lint_value(&r, &options())
    }

    fn compliant() -> Value {
        json!([{"key": "CostCenter", "value": "300-fra"}, {"key": "owner", "value": "ops"},
            {"key": "env", "value": "prod"}])
    }

    #[test]
    fn a_compliant_request_passes() {
        let r = with("web-prod", compliant());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn keys_match_ignoring_case_and_need_the_policy_spelling() {
        let r = with(
            "web-prod",
            json!([{"key": "costcenter", "value": "100"}, {"key": "owner", "value": "ops"},
                {"key": "ENV", "value": "dev"}]),
        );
        assert_eq!(
            codes(&r),
            [
                ("policy-tag-missing", "/protected_instance/tags"),
                ("policy-tag-key-case", "/protected_instance/tags/0/key"),
                ("policy-tag-key-case", "/protected_instance/tags/2/key"),
            ]
        );
        let d = &r.diagnostics;
        // Enforced for SDRS: an error; not enforced: a warning.
        assert_eq!(d[1].severity, Severity::Error);
        assert_eq!(d[1].params["expected"], "CostCenter");
        assert_eq!(d[2].severity, Severity::Warning);
        assert_eq!(d[2].params["expected"], "env");
        // A required key spelt otherwise is named, and not added twice.
        assert_eq!(d[0].params["found"], "costcenter");
        assert!(d[0].fix.is_none());
        assert_eq!(d[1].fix.as_ref().unwrap().patch.len(), 1);
    }

    #[test]
    fn without_tag_key_the_lower_case_policy_key_is_required() {
        let options = Options {
            policy: Some(Arc::new(
                Policy::from_value(&json!({"tags": {"Env": {}}})).unwrap(),
            )),
            ..Options::default()
        };
        let mut r = request("name", json!("web"));
        r["protected_instance"]["tags"] = json!([{"key": "env", "value": "x"}]);
        assert!(lint_value(&r, &options).diagnostics.is_empty());
        r["protected_instance"]["tags"] = json!([{"key": "Env", "value": "x"}]);
        let report = lint_value(&r, &options);
        assert_eq!(
            codes(&report),
            [("policy-tag-key-case", "/protected_instance/tags/0/key")]
        );
        assert_eq!(report.diagnostics[0].params["expected"], "env");
    }

    #[test]
    fn values_and_wildcards() {
        let r = with(
            "web-prod",
            json!([{"key": "CostCenter", "value": "400"}, {"key": "owner", "value": "x"},
                {"key": "env", "value": "production"}]),
        );
        assert_eq!(
            codes(&r),
            [
                ("policy-tag-value", "/protected_instance/tags/0/value"),
                ("policy-tag-value", "/protected_instance/tags/2/value"),
            ]
        );
        assert_eq!(r.diagnostics[0].severity, Severity::Error);
        assert_eq!(
            r.diagnostics[0].params["allowed"],
            json!(["100", "200", "300*"])
        );
        assert_eq!(r.diagnostics[1].severity, Severity::Warning);
        assert!(with(
            "web-prod",
            json!([{"key": "CostCenter", "value": "300"},
            {"key": "owner", "value": "x"}])
        )
        .diagnostics
        .is_empty());
    }

    #[test]
    fn required_tags_and_their_fix() {
        let r = with("web-prod", json!([{"key": "owner", "value": "ops"}]));
        assert_eq!(
            codes(&r),
            [("policy-tag-missing", "/protected_instance/tags")]
        );
        let fix = r.diagnostics[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::Applicability::Unsafe);
        let mut r = request("name", json!("web-prod"));
        r["protected_instance"]
            .as_object_mut()
            .unwrap()
            .remove("tags");
        let report = lint_value(&r, &options());
        assert_eq!(
            codes(&report),
            [
                ("policy-tag-missing", "/protected_instance/tags"),
                ("policy-tag-missing", "/protected_instance/tags"),
            ]
        );
        // Text input: the fix is an insertion, and the result complies.
        let text = r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
  "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-prod",
  "tags": [{"key": "CostCenter", "value": "100"}]}}"#;
        let fixed = crate::fix_str(text, &options(), crate::Applicability::Unsafe);
        assert!(
            fixed.text.ends_with(
                r#"{"key": "CostCenter", "value": "100"}, {"key": "owner", "value": ""}]}}"#
            ),
            "{}",
            fixed.text
        );
        assert!(
            fixed.report.diagnostics.is_empty(),
            "{:?}",
            fixed.report.diagnostics
        );
    }

    #[test]
    fn the_name_pattern() {
        let r = with("WebServer01", compliant());
        assert_eq!(
            codes(&r),
            [("policy-name-pattern", "/protected_instance/name")]
        );
        assert_eq!(r.diagnostics[0].severity, Severity::Error);
        assert_eq!(
            r.diagnostics[0].params["pattern"],
            "^[a-z][a-z0-9-]*-(prod|stage|dev)$"
        );
        // A name with an API error is not matched against the pattern.
        let r = with("web prod", compliant());
        assert_eq!(codes(&r), [("name-charset", "/protected_instance/name")]);
    }

    #[test]
    fn an_api_error_on_a_tag_silences_the_policy() {
        let r = with(
            "web-prod",
            json!([{"key": "CostCenter", "value": "4/0"}, {"key": "owner", "value": "ops"}]),
        );
        assert_eq!(
            codes(&r),
            [("tag-value-charset", "/protected_instance/tags/0/value")]
        );
        let eleven: Vec<Value> = (0..11)
            .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
            .collect();
        let r = with("web-prod", json!(eleven));
        assert_eq!(codes(&r), [("tags-too-many", "/protected_instance/tags")]);
    }

    #[test]
    fn a_configured_severity_wins_over_enforcement() {
        let mut o = options();
        o.set_rule("policy-tag-value", Level::Info).unwrap();
        let mut r = request("name", json!("web-prod"));
        r["protected_instance"]["tags"] =
            json!([{"key": "CostCenter", "value": "9"}, {"key": "owner", "value": "ops"}]);
        let report = lint_value(&r, &o);
        assert_eq!(report.diagnostics[0].severity, Severity::Info);
    }

    #[test]
    fn a_policy_works_the_same_on_text() {
        let text = request("name", json!("Web")).to_string();
        let r = lint_str(&text, &options());
        assert!(r.has("policy-name-pattern") && r.has("policy-tag-missing"));
    }
}
