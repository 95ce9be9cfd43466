//! IDs: `server_group_id`, `server_id`, `primary_subnet_id`, and Huawei
//! Cloud's `cluster_id` and `dedicated_host_id`: every member whose kind's
//! description names this family.
//!
//! Time: linear in the IDs' lengths (a UUID is 36 bytes, so a longer value
//! is refused by its length; only a kept finding looks at its characters).

use crate::edit;
use crate::engine::{At, Checker};
use crate::request::{Field, Pattern};
use crate::rules::rule;
use crate::text::distinct_chars;

rule! {
    /// ## What it checks
    /// `server_id` and `primary_subnet_id` must be UUIDs (8-4-4-4-12
    /// hexadecimal digits, either case); `server_group_id` a UUID or 32
    /// hexadecimal digits (OTC issues both forms). On Huawei Cloud also
    /// `cluster_id` (`SDRS.0218`) and `dedicated_host_id` (`SDRS.0227`),
    /// UUIDs as the DSS pools' and dedicated hosts' IDs are. `params`:
    /// `{field, value, expected, chars?}`: `chars` lists every distinct
    /// character that is neither a hexadecimal digit nor `-`, in order of
    /// first appearance (at most 100), and is absent when only the grouping
    /// is wrong.
    ///
    /// ## Why it matters
    /// The service looks the IDs up and fails (`SDRS.0210` for the server,
    /// `SDRS.0207` for the protection group). A stray letter, as in the API
    /// page's own example subnet `a32217fh-…`, is a common copy mistake.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fh-3413-c313-6342-3124d3491502" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    pub static ID_FORMAT = "id-format", Error, Format,
        "An ID is not a UUID";
    message: r#""{field}" must be {expected:l}, not {value:q}.[[ Not hexadecimal digits: {chars:c}.]]"#;
}

rule! {
    /// ## What it checks
    /// A valid ID with upper-case hexadecimal letters. `params`: `{field,
    /// value}`. The fix lower-cases it (safe: the same ID as issued).
    ///
    /// ## Why it matters
    /// The cloud issues IDs in lower case and compares them exactly, so an
    /// upper-case ID may not be found.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "server_id": "403B603D-1D91-42CC-A357-81F3C2DAF43F" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    pub static ID_UPPERCASE = "id-uppercase", Warning, Format,
        "An ID has upper-case letters", fix = Safe;
    message: r#""{field}" {value:q} has upper-case letters; the cloud issues and compares IDs in lower case."#;
    fix: "Lower-case the ID";
}

/// 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_hex32(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A member that holds an ID: a UUID, or where the member's pattern says
/// so (a protection group) 32 hexadecimal digits too. The service's error
/// code for a bad one is the member's.
pub fn check(cx: &mut Checker, field: &Field) {
    let id = field.text;
    if id.is_empty() {
        return; // empty-value
    }
    let allows_hex32 = field.member.pattern == Some(Pattern::UuidOrHex32);
    let at = At::value(field.pointer, field.node);
    if !(is_uuid(id) || allows_hex32 && is_hex32(id)) {
        cx.report(&ID_FORMAT, at, |f| {
            let bad = distinct_chars(id, |c| !c.is_ascii_hexdigit() && c != '-');
            f.param("field", field.member.key).param("value", id).param(
                "expected",
                if allows_hex32 {
                    "uuid-or-hex32"
                } else {
                    "uuid"
                },
            );
            if !bad.is_empty() {
                f.param("chars", bad);
            }
            if let Some(code) = field.member.api_code {
                f.api_code(code);
            }
        });
    } else if id.bytes().any(|b| b.is_ascii_uppercase()) {
        cx.report(&ID_UPPERCASE, at, |f| {
            f.param("field", field.member.key)
                .param("value", id)
                .fix(edit::replace_string(
                    field.node,
                    field.pointer,
                    &id.to_ascii_lowercase(),
                    ID_UPPERCASE.applicability(),
                ));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, with};
    use serde_json::json;

    #[test]
    fn uuids_pass() {
        assert!(
            with("server_id", json!("403b603d-1d91-42cc-a357-81f3c2daf43f"))
                .diagnostics
                .is_empty()
        );
        assert!(
            with("server_group_id", json!("0000000062db92d70162db9d200f00bb"))
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn not_uuids_fail() {
        let r = with(
            "primary_subnet_id",
            json!("a32217fh-3413-c313-6342-3124d3491502"),
        );
        assert_eq!(
            codes(&r),
            [("id-format", "/protected_instance/primary_subnet_id")]
        );
        assert!(r.diagnostics[0].message.contains("'h'"));
        // Every distinct offending character, once, in order: none is cut.
        let sentence = with("server_id", json!("test server xyz"));
        assert_eq!(
            sentence.diagnostics[0].params["chars"],
            json!(["t", "s", " ", "r", "v", "x", "y", "z"])
        );
        assert_eq!(r.diagnostics[0].api_code, None);
        let r = with("server_id", json!("0000000062db92d70162db9d200f00bb"));
        assert_eq!(codes(&r), [("id-format", "/protected_instance/server_id")]);
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0210"));
        let r = with("server_group_id", json!("0b3f5d2e"));
        assert_eq!(r.diagnostics[0].api_code, Some("SDRS.0207"));
        for bad in [
            "403b603d1d9142cca35781f3c2daf43f-",
            "403b603d-1d91-42cc-a357-81f3c2daf43",
            " 403b603d-1d91-42cc-a357-81f3c2daf43f",
        ] {
            assert!(with("server_id", json!(bad)).has("id-format"), "{bad}");
        }
    }

    #[test]
    fn upper_case_is_a_warning_with_a_fix() {
        let r = with("server_id", json!("403B603D-1D91-42CC-A357-81F3C2DAF43F"));
        assert_eq!(
            codes(&r),
            [("id-uppercase", "/protected_instance/server_id")]
        );
        let patch = serde_json::to_value(&r.diagnostics[0].fix.as_ref().unwrap().patch).unwrap();
        assert_eq!(patch[0]["value"], "403b603d-1d91-42cc-a357-81f3c2daf43f");
    }
}
