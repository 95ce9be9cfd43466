//! The shape of the request: JSON syntax, keys, the wrapper, and the
//! presence and type of every member its kind describes (SPEC §1–§3, §9).
//! The other families only look at values this family found present.
//!
//! - [`syntax`]: strict JSON, repeated keys, values JSON cannot hold;
//! - [`members`]: the wrapper, unknown and misspelt members;
//! - [`presence`]: missing members, wrong types, `null`, `""`.

mod members;
mod presence;
mod syntax;

pub use members::{MISSING_WRAPPER, MISSPELLED_FIELD, UNKNOWN_FIELD};
pub use presence::{EMPTY_VALUE, MISSING_FIELD, NULL_VALUE, TYPE_MISMATCH};
pub use syntax::{report_syntax, DUPLICATE_KEY, INVALID_JSON, NON_JSON_VALUE};

use crate::document::{Kind as Json, Members, Node};
use crate::engine::{At, Checker};
use crate::pointer::Pointer;
use crate::request::{self, Choice, Found, Instance};
use crate::rules::rule;
use members::Known;

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
    message: "More diagnostics were found than the report keeps: {omitted} not shown (the limit is {limit}).";
}

/// Objects with more members than this find repeated keys with a hash map;
/// smaller ones compare pairwise, which allocates nothing.
const SMALL_OBJECT: usize = 16;

/// A small object's keys, read once into an array on the stack: pairwise
/// comparison of them allocates nothing.
fn small_keys<'d>(members: Members<'d>) -> Option<([&'d str; SMALL_OBJECT], usize)> {
    let mut keys = [""; SMALL_OBJECT];
    let mut len = 0;
    for m in members {
        *keys.get_mut(len)? = m.key;
        len += 1;
    }
    Some((keys, len))
}

/// Repeated keys and values JSON cannot hold, anywhere in the document.
pub fn check_syntax(cx: &mut Checker, root: Node) {
    syntax::check(cx, root);
}

/// The members of an instance found elsewhere (a Terraform resource's
/// `change.after`): unknown, misspelt, missing, of the wrong type.
pub fn check_object(cx: &mut Checker, instance: &mut Instance) {
    presence::check_instance(cx, instance);
}

/// Checks the document's shape; returns the request's instance to check
/// further, if there is one.
pub fn check<'d>(cx: &mut Checker, root: Node<'d>) -> Option<Instance<'d>> {
    syntax::check(cx, root);
    let Some(members) = root.members() else {
        if let Some(actual) = root.json_type() {
            cx.report(&TYPE_MISMATCH, At::value(Pointer::ROOT, root), |f| {
                f.variant("root")
                    .param("expected", "object")
                    .param("actual", actual.name());
            });
        }
        return None;
    };
    let options = cx.options();
    let choice = match options.kind.and_then(request::kind) {
        Some(kind) => Choice::Only(kind),
        None => Choice::Auto,
    };
    let platform = cx.platform();
    let found = request::find(root, choice);
    cx.set_kind(found.kind());
    match found {
        Found::Wrapped(kind, value) => {
            let known = Known::of(&[], platform, &[kind.wrapper], None);
            members::unknown_fields(cx, Pointer::ROOT, members, &known);
            let pointer = Pointer::ROOT.key(kind.wrapper);
            match value.kind() {
                Json::Object(_) => {
                    let mut instance = Instance::new(kind, platform, value, pointer);
                    presence::check_instance(cx, &mut instance);
                    Some(instance)
                }
                Json::Foreign(_) => None,
                _ => {
                    cx.report(&TYPE_MISMATCH, At::value(pointer, value), |f| {
                        f.param("field", kind.wrapper)
                            .param("expected", "object")
                            .param("actual", value.type_name());
                    });
                    None
                }
            }
        }
        Found::Unwrapped(kind) => {
            let known = Known::of(kind.members, platform, &[], Some(kind));
            members::missing_wrapper(cx, root, kind.wrapper, &known);
            let mut instance = Instance::new(kind, platform, root, Pointer::ROOT);
            presence::check_instance(cx, &mut instance);
            Some(instance)
        }
        Found::Absent(kind) => {
            // Any kind's wrapper may be the misspelt one.
            let wrappers: Vec<&'static str> = match choice {
                Choice::Auto => request::KINDS.iter().map(|k| k.wrapper).collect(),
                Choice::Only(kind) => vec![kind.wrapper],
            };
            let others = match choice {
                Choice::Auto => Vec::new(),
                Choice::Only(kind) => request::KINDS
                    .iter()
                    .filter(|k| k.wrapper != kind.wrapper)
                    .map(|k| (k.wrapper, kind.wrapper))
                    .collect(),
            };
            let known = Known::of(&[], platform, &wrappers, None).with_hints(others);
            let misspelt = members::unknown_fields(cx, Pointer::ROOT, members, &known);
            if misspelt == 0 {
                let pointer = Pointer::ROOT.key(kind.wrapper);
                cx.report(&MISSING_FIELD, At::missing(pointer, root), |f| {
                    f.variant("wrapper").param("field", kind.wrapper);
                });
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, lint, lint_json};
    use serde_json::json;

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
        let r = lint(r#"{"server_id": "a", "a/b": 1, "server_id": "b"}"#);
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
        // Nor for one whose only instance members are names many JSON
        // files have (a package.json): it is not a request.
        let r = lint(r#"{"name": "app", "description": null, "tags": []}"#);
        assert_eq!(
            codes(&r),
            [
                ("missing-field", "/protected_instance"),
                ("unknown-field", "/name"),
                ("unknown-field", "/description"),
                ("unknown-field", "/tags"),
            ]
        );
        assert!(r.diagnostics.iter().all(|d| d.fix.is_none()));
        // Any member only a request has makes one.
        for member in crate::request::single::SINGLE.marks {
            let r = lint(&format!(r#"{{"name": "app", "{member}": "x"}}"#));
            assert_eq!(r.diagnostics[0].code, "missing-wrapper", "{member}");
        }
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
    fn misspellings_of_absent_members_are_errors_and_leftovers_warnings() {
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "flavor_ref": "s3.large.2",
            "serverId": "x", "tenancy": "0", "zzz": 1, "tags": [{"key": "k", "value": "v", "Value": "w"}]}}),
        );
        assert_eq!(
            codes(&r),
            [
                ("misspelled-field", "/protected_instance/flavor_ref"),
                ("unknown-field", "/protected_instance/serverId"),
                ("unknown-field", "/protected_instance/tenancy"),
                ("unknown-field", "/protected_instance/zzz"),
                ("unknown-field", "/protected_instance/tags/0/Value"),
            ]
        );
        assert!(!r.valid, "a dropped flavor fails the request");
        let d = &r.diagnostics;
        assert_eq!(d[0].params["suggestion"], "flavorRef");
        assert_eq!(d[0].variant, Some("alias"));
        assert!(d[0].fix.is_some());
        // A leftover beside the member it stands for loses no value.
        assert_eq!(d[1].params["suggestion"], "server_id");
        assert_eq!(d[1].variant, Some("leftover"));
        assert!(
            d[1].fix.is_none(),
            "server_id exists: renaming would lose it"
        );
        assert_eq!(d[2].params["platform"], "huawei");
        assert!(!d[2].message.contains("ignores"), "{}", d[2].message);
        assert!(d[3].params.get("suggestion").is_none());
        assert_eq!(d[4].params["suggestion"], "value");
    }

    #[test]
    fn a_misspelling_stands_for_the_member_it_means() {
        // A required member misspelt: one finding, not also missing-field.
        let r = lint_json(
            json!({"protected_instance": {"serverGroupId": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n"}}),
        );
        assert_eq!(
            codes(&r),
            [("misspelled-field", "/protected_instance/serverGroupId")]
        );
        // The subnet misspelt: not also ip-requires-subnet.
        let r = lint_json(
            json!({"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n",
            "subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "10.0.0.5"}}),
        );
        assert_eq!(
            codes(&r),
            [("misspelled-field", "/protected_instance/subnet_id")]
        );
        // A tag's value misspelt, and the wrapper.
        let r = lint_json(json!({"protectedInstance": {}}));
        assert_eq!(codes(&r), [("misspelled-field", "/protectedInstance")]);
        let r = crate::test_support::with("tags", json!([{"key": "k", "Value": "v"}]));
        assert_eq!(
            codes(&r),
            [("misspelled-field", "/protected_instance/tags/0/Value")]
        );
        // Two misspellings of one member: both lose a value, one is renamed.
        let mut request = crate::test_support::request("flavor_id", json!("s3.large.2"));
        let instance = request["protected_instance"].as_object_mut().unwrap();
        instance.remove("flavorRef");
        instance.insert("flavor".into(), json!("s3.large.4"));
        let r = lint_json(request);
        assert_eq!(
            r.diagnostics
                .iter()
                .map(|d| (d.code, d.fix.is_some()))
                .collect::<Vec<_>>(),
            [("misspelled-field", true), ("misspelled-field", false)]
        );
        // Turned off, the misspelling no longer stands in for the absence.
        let options = crate::Options::from_value(&json!({"rules": {"misspelled-field": "off"}}));
        let r = crate::lint_value(
            &json!({"protected_instance": {"serverGroupId": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n"}}),
            &options.unwrap(),
        );
        assert_eq!(
            codes(&r),
            [("missing-field", "/protected_instance/server_group_id")]
        );
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
