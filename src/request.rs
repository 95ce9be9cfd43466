//! Which JSON documents are requests at all (SPEC §2, "Not a request"): a
//! folder of JSON holds `package.json`s and `tsconfig.json`s too, and a
//! walk over it must neither report nor change them.
//!
//! A document is a request when its root object has the wrapper or a member
//! only a request has. `name`, `description` and `tags` alone make none: many
//! JSON files have them. Text that is not JSON is a request when it names
//! such a member as a key (`"server_id":`), so that a broken request is
//! still reported, while a JSON-with-comments configuration is not.

use crate::document::Node;
use crate::rules::structure::REQUEST_ONLY;
use crate::source;

/// The member that wraps a request's members.
const WRAPPER: &str = "protected_instance";

/// Whether the bytes of a file hold a request (see the module's docs).
/// Linear in the length.
pub fn is_request(bytes: &[u8]) -> bool {
    match source::decode(bytes).map(source::parse) {
        Ok(Ok(document)) => is_request_root(document.root()),
        _ => names_a_request_member(bytes),
    }
}

/// Whether a parsed document's root is a request.
pub fn is_request_root(root: Node) -> bool {
    root.members().is_some_and(|mut members| {
        members.any(|m| m.key == WRAPPER || REQUEST_ONLY.contains(&m.key))
    })
}

/// Whether text that is not JSON has a key `"NAME":` that only a request has.
fn names_a_request_member(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(open) = rest.iter().position(|b| *b == b'"') {
        let after = &rest[open + 1..];
        let Some(close) = closing_quote(after) else {
            return false;
        };
        let name = &after[..close];
        let tail = &after[close + 1..];
        let colon = tail
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b':');
        if colon
            && (name == WRAPPER.as_bytes() || REQUEST_ONLY.iter().any(|m| name == m.as_bytes()))
        {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// Where the string that `text` starts inside of ends: its next quote that
/// no backslash escapes.
fn closing_quote(text: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::is_request;

    #[test]
    fn requests_are_told_from_other_json() {
        for request in [
            r#"{"protected_instance": {}}"#,
            r#"{"server_id": "x", "name": "web-01"}"#,
            r#"{"name": "web-01", "flavorRef": "s3.large.2"}"#,
            // Not JSON, but a request all the same: it is reported.
            r#"{"protected_instance": {"name": "web-01",}}"#,
            "{\"server_group_id\" :\n \"x\" // a comment\n}",
            r#"{"note": "say \"hi\"", "server_id": "x",}"#,
        ] {
            assert!(is_request(request.as_bytes()), "{request}");
        }
        for other in [
            r#"{"name": "my-app", "description": null, "version": "1.0.0"}"#,
            r#"{"name": "x", "tags": []}"#,
            r#"{"compilerOptions": {"strict": true}, // comment
            }"#,
            r#"[{"server_id": "x"}]"#,
            r#""protected_instance""#,
            // A value, not a key, that names a member.
            r#"{"note": "server_id", "other": ["flavorRef"]}"#,
            r#"{"a": "b" /* server_id */}"#,
            r#"{"a": "\"server_id\": 1", }"#,
            "",
            "\u{feff}{}",
        ] {
            assert!(!is_request(other.as_bytes()), "{other}");
        }
        assert!(is_request(b"{\"server_id\": \"\xff\"}"));
        assert!(!is_request(b"{\"x\": \"\xff\"}"));
    }
}
