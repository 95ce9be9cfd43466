//! `name`: at most 64 bytes of letters, digits, `.`, `_` and `-` (API page, Table 1).
//!
//! Time: linear in the name's length: one pass checks the characters; a kept
//! finding makes one more for its fix and at most 100 distinct characters.

use crate::edit;
use crate::engine::{At, Checker};
use crate::platform::Platform;
use crate::request::{Field, Limit, Role, Unit};
use crate::rules::rule;
use crate::text::distinct_chars;

/// API page: "The name can contain a maximum of 64 bytes." The member's
/// description carries it; this is for a name member that gives none.
const NAME_LIMIT: Limit = Limit {
    max: 64,
    unit: Unit::Bytes,
};

rule! {
    /// ## What it checks
    /// `name` is longer than 64 UTF-8 **bytes** (the API page counts bytes,
    /// not characters: on Huawei Cloud a name holds at most 21 Chinese
    /// characters). `params`:
    /// `{bytes, limit}`. The fix cuts it to 64 bytes at a character
    /// boundary; it is unsafe, since it drops what was written.
    ///
    /// ## Why it matters
    /// The service rejects it with `SDRS.0202`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "production-web-frontend-server-in-frankfurt-availability-zone-one" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "prod-web-fra-az1" } }
    /// ```
    pub static NAME_TOO_LONG = "name-too-long", Error, Format,
        "The name is longer than 64 bytes", api_code = "SDRS.0202", fix = Unsafe;
    message: "name is {bytes} bytes long; at most {limit} bytes are allowed.";
    fix: "Cut the name to {limit} bytes";
}

rule! {
    /// ## What it checks
    /// `name` contains a character other than `A-Z a-z 0-9 . _ -`; on Huawei
    /// Cloud (`platform: "huawei"`) Chinese characters U+4E00–U+9FA5 are
    /// allowed too (the range Huawei's own validators spell out; later
    /// additions to the block and full-width letters are not). `params.chars`
    /// lists the distinct offending characters in order of appearance (at
    /// most 100). The fix turns each run of them into one `-` (then cuts to
    /// 64 bytes); there is no fix when nothing would be left. It is unsafe:
    /// it replaces what was written.
    ///
    /// ## Why it matters
    /// The service rejects it with `SDRS.0202`; spaces are the usual culprit.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "my name" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "my-name" } }
    /// ```
    pub static NAME_CHARSET = "name-charset", Error, Format,
        "The name has characters that are not allowed", api_code = "SDRS.0202", fix = Unsafe;
    message: "name contains characters that are not allowed: {chars:c}. Use letters, digits, '.', '_' or '-'.";
    message("huawei"): "name contains characters that are not allowed: {chars:c}. Use Chinese characters, letters, digits, '.', '_' or '-'.";
    message("prefix"): "name_prefix contains characters that are not allowed: {chars:c}. Use letters, digits, '.', '_' or '-'.";
    message("prefix-huawei"): "name_prefix contains characters that are not allowed: {chars:c}. Use Chinese characters, letters, digits, '.', '_' or '-'.";
    fix: "Replace disallowed characters with '-'";
}

/// Huawei Cloud's "Chinese characters" (SPEC §7): the range Huawei's own
/// validators spell out, the CJK Unified Ideographs of Unicode 1.1.
fn chinese(c: char) -> bool {
    ('\u{4E00}'..='\u{9FA5}').contains(&c)
}

fn allowed(c: char, platform: Platform) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '_' | '-')
        || (platform == Platform::Huawei && chinese(c))
}

/// The longest prefix within the limit (bytes: one that ends on a
/// character boundary).
pub fn cut(s: &str, limit: Limit) -> &str {
    let mut end = match limit.unit {
        Unit::Bytes => limit.max.min(s.len()),
        _ => s.char_indices().nth(limit.max).map_or(s.len(), |(i, _)| i),
    };
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

pub fn check(cx: &mut Checker, field: &Field) {
    let name = field.text;
    let limit = field.member.limit.unwrap_or(NAME_LIMIT);
    let at = At::value(field.pointer, field.node);
    if name.len() > limit.max {
        cx.report(&NAME_TOO_LONG, at, |f| {
            f.param("bytes", name.len())
                .param("limit", limit.max)
                .fix(edit::replace_string(
                    field.node,
                    field.pointer,
                    cut(name, limit),
                    NAME_TOO_LONG.applicability(),
                ));
        });
    }
    charset(cx, field, limit);
}

/// `name-charset` of a name (or a batch's prefix), whose fix is cut to
/// the limit.
pub fn charset(cx: &mut Checker, field: &Field, limit: Limit) {
    let name = field.text;
    let platform = cx.platform();
    if name.chars().all(|c| allowed(c, platform)) {
        return;
    }
    cx.report(&NAME_CHARSET, At::value(field.pointer, field.node), |f| {
        let mut fixed = String::with_capacity(name.len());
        let mut in_run = false;
        for c in name.chars() {
            let ok = allowed(c, platform);
            if ok {
                fixed.push(c);
            } else if !in_run {
                fixed.push('-');
            }
            in_run = !ok;
        }
        f.param("chars", distinct_chars(name, |c| !allowed(c, platform)));
        // A batch's prefix is named as such.
        let prefix = field.member.role == Role::NamePrefix;
        match (prefix, platform) {
            (false, Platform::Huawei) => {
                f.variant("huawei");
            }
            (true, Platform::Huawei) => {
                f.variant("prefix-huawei");
            }
            (true, Platform::Otc) => {
                f.variant("prefix");
            }
            (false, Platform::Otc) => {}
        }
        let fixed = cut(&fixed, limit);
        if fixed.chars().any(|c| c != '-') {
            f.fix(edit::replace_string(
                field.node,
                field.pointer,
                fixed,
                NAME_CHARSET.applicability(),
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, with};
    use serde_json::json;

    #[test]
    fn a_good_name_passes() {
        assert!(with("name", json!("Web_01.prod-a")).diagnostics.is_empty());
        assert!(with("name", json!("n".repeat(64))).diagnostics.is_empty());
    }

    #[test]
    fn too_long_counts_bytes() {
        let r = with("name", json!("n".repeat(65)));
        assert_eq!(codes(&r), [("name-too-long", "/protected_instance/name")]);
        assert_eq!(r.diagnostics[0].params["bytes"], 65);
        // 22 three-byte characters are 66 bytes: too long, and a charset error too.
        let r = with("name", json!("名".repeat(22)));
        assert_eq!(r.diagnostics[0].code, "name-too-long");
        assert_eq!(r.diagnostics[1].code, "name-charset");
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"].as_str().unwrap().len(), 63);
    }

    #[test]
    fn charset_lists_distinct_characters_and_fixes_runs() {
        let r = with("name", json!("my name  is $x "));
        assert_eq!(codes(&r), [("name-charset", "/protected_instance/name")]);
        let d = &r.diagnostics[0];
        assert_eq!(d.params["chars"], json!([" ", "$"]));
        assert!(d.message.contains("' ' (space)"));
        let fix = serde_json::to_value(d.fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "my-name-is-x-");
        assert_eq!(fix["patch"][0]["op"], "replace");
    }

    fn on_huawei(name: &str) -> crate::Report {
        let options = crate::Options {
            platform: crate::Platform::Huawei,
            ..crate::Options::default()
        };
        crate::lint_value(&crate::test_support::request("name", json!(name)), &options)
    }

    #[test]
    fn chinese_names_on_huawei_cloud() {
        assert!(on_huawei("订单库-主机01").diagnostics.is_empty());
        // 21 characters are 63 bytes; 22 are 66, too long, and only that.
        assert!(on_huawei(&"数".repeat(21)).diagnostics.is_empty());
        let r = on_huawei(&"数".repeat(22));
        assert_eq!(codes(&r), [("name-too-long", "/protected_instance/name")]);
        // The range Huawei's validators spell out, no more: not U+9FA6, not
        // Extension A, not full-width letters or digits.
        for c in ['\u{9FA6}', '\u{3400}', 'ａ', '０', '。'] {
            let r = on_huawei(&format!("web{c}01"));
            assert_eq!(
                codes(&r),
                [("name-charset", "/protected_instance/name")],
                "{c}"
            );
            assert_eq!(r.diagnostics[0].params["chars"], json!([c.to_string()]));
        }
        // The fix keeps the Chinese characters.
        let r = on_huawei("订单 库");
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "订单-库");
        // On Open Telekom Cloud they are not allowed.
        let r = with("name", json!("订单库"));
        assert_eq!(codes(&r), [("name-charset", "/protected_instance/name")]);
    }

    #[test]
    fn no_fix_when_nothing_is_left() {
        let r = with("name", json!("a-$b"));
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "a--b");
        let r = with("name", json!("$$$"));
        assert!(r.diagnostics[0].fix.is_none());
    }
}
