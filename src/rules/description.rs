//! `description`: at most 64 bytes, no angle brackets (API page, Table 1).
//!
//! Time: linear in the description's length (its size is known; characters
//! are counted and brackets removed only for a finding that is kept).

use crate::edit;
use crate::engine::{At, Checker};
use crate::request::{Field, Limit, Unit};
use crate::rules::rule;

/// API page: "The description can contain a maximum of 64 bytes." The
/// member's description carries it (a batch's counts characters); this is
/// for a description member that gives none.
const DESCRIPTION_LIMIT: Limit = Limit {
    max: 64,
    unit: Unit::Bytes,
};

rule! {
    /// ## What it checks
    /// `description` is longer than 64 UTF-8 **bytes**. Characters outside
    /// ASCII take two to four bytes: 30 Chinese characters are 90 bytes.
    /// `params`: `{bytes, chars, limit, unit}`, `unit` being `"bytes"` (the
    /// single call's page counts bytes; a kind whose page counts
    /// characters says `"chars"`).
    ///
    /// ## Why it matters
    /// The service rejects it with `SDRS.0212`; a form that counts characters
    /// lets such a description through.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "description": "Größere Übersicht über alle Änderungen der Produktionsumgebung" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "description": "Übersicht der Produktion" } }
    /// ```
    pub static DESCRIPTION_TOO_LONG = "description-too-long", Error, Format,
        "The description is longer than 64 bytes (a batch's: 64 characters)", api_code = "SDRS.0212";
    message: "description is {bytes} bytes long ({chars} characters); at most {limit} {unit:l} are allowed.";
    message("multibyte"): "description is {bytes} bytes long ({chars} characters, but characters outside ASCII take more than one byte); at most {limit} {unit:l} are allowed.";
    message("chars"): "description is {chars} characters long ({bytes} bytes); at most {limit} {unit:l} are allowed.";
}

rule! {
    /// ## What it checks
    /// `description` contains `<` or `>` (also when written as `\u003c` or
    /// `\u003e`). The fix removes them (unsafe: it changes the text written).
    ///
    /// ## Why it matters
    /// The service rejects it with `SDRS.0212`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "description": "web <frontend>" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "description": "web frontend" } }
    /// ```
    pub static DESCRIPTION_ANGLE_BRACKET = "description-angle-bracket", Error, Format,
        "The description contains '<' or '>'", api_code = "SDRS.0212", fix = Unsafe;
    message: "description must not contain '<' or '>'.";
    fix: "Remove '<' and '>'";
}

pub fn check(cx: &mut Checker, field: &Field) {
    let text = field.text;
    let at = At::value(field.pointer, field.node);
    let limit = field.member.limit.unwrap_or(DESCRIPTION_LIMIT);
    let length = limit.unit.measure(text);
    if length > limit.max {
        cx.report(&DESCRIPTION_TOO_LONG, at, |f| {
            let chars = crate::text::char_count(text);
            if limit.unit == Unit::Bytes && chars != text.len() {
                f.variant("multibyte");
            } else if limit.unit == Unit::Chars {
                f.variant("chars");
            }
            f.param("bytes", text.len())
                .param("chars", chars)
                .param("limit", limit.max)
                .param("unit", limit.unit.as_str());
        });
    }
    // Bytes, not characters: '<' and '>' are ASCII, and UTF-8 never has
    // their bytes inside another character.
    if crate::text::has_either(text, b'<', b'>') {
        cx.report(&DESCRIPTION_ANGLE_BRACKET, at, |f| {
            let fixed: String = text.chars().filter(|c| !matches!(c, '<' | '>')).collect();
            f.fix(edit::replace_string(
                field.node,
                field.pointer,
                &fixed,
                DESCRIPTION_ANGLE_BRACKET.applicability(),
            ));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, lint, with};
    use serde_json::json;

    #[test]
    fn a_good_description_passes() {
        assert!(with("description", json!("")).diagnostics.is_empty());
        assert!(with("description", json!("x".repeat(64)))
            .diagnostics
            .is_empty());
        assert!(with("description", json!("ä".repeat(32)))
            .diagnostics
            .is_empty());
    }

    #[test]
    fn too_long_counts_bytes_and_says_so() {
        let r = with("description", json!("中".repeat(30)));
        assert_eq!(
            codes(&r),
            [("description-too-long", "/protected_instance/description")]
        );
        let d = &r.diagnostics[0];
        assert_eq!(
            (d.params["bytes"].as_u64(), d.params["chars"].as_u64()),
            (Some(90), Some(30))
        );
        assert!(d.message.contains("90 bytes"), "{}", d.message);
        assert!(with("description", json!("ä".repeat(33))).has("description-too-long"));
    }

    #[test]
    fn angle_brackets_even_escaped() {
        let r = with("description", json!("a > b"));
        assert_eq!(
            codes(&r),
            [(
                "description-angle-bracket",
                "/protected_instance/description"
            )]
        );
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "a  b");
        let r = lint(
            r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "n", "description": "\u003cb"}}"#,
        );
        assert_eq!(
            codes(&r),
            [(
                "description-angle-bracket",
                "/protected_instance/description"
            )]
        );
    }
}
