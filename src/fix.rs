//! Fixes as edits of the source text. A rule proposes a fix as a JSON Patch
//! (for object input and JavaScript values) and, for text input, as text
//! edits computed from the spans; applying the edits changes only their
//! ranges, so every byte the user did not ask to change stays as it was:
//! line endings, escapes, numbers as written, key order, white space,
//! repeated keys. Nothing is ever re-serialized.
//!
//! [`fix_str`] applies the fixes of a report, relints and repeats (fixes
//! can enable other fixes), at most ten times, like ESLint.

use crate::document::{Member, Node, Span};
use crate::engine::FixDraft;
use crate::options::Options;
use crate::report::{Applicability, PatchOp, PatchValue, Report};
use crate::source::OffsetUnit;

/// ESLint's bound: fixes can enable other fixes, but never loop forever.
pub const MAX_PASSES: usize = 10;

/// JSON text of a string. Only what JSON requires is escaped, plus every
/// non-ASCII character when `ascii` (the value being replaced was written
/// with `\u` escapes, so the replacement is too).
pub fn json_string(value: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (ascii && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a string token is written in ASCII with `\u` escapes, so that a
/// replacement should be too.
fn escaped_ascii(node: Node) -> bool {
    let Some(span) = node.span() else {
        return false;
    };
    let token = node
        .document()
        .text()
        .get(span.start..span.end)
        .unwrap_or_default();
    token.is_ascii() && token.contains("\\u") && !node.as_str().unwrap_or_default().is_ascii()
}

/// Replaces a string value.
pub fn replace_string(
    node: Node,
    path: String,
    value: &str,
    applicability: Applicability,
) -> FixDraft {
    let edits = node
        .span()
        .map(|span| (span, json_string(value, escaped_ascii(node))))
        .into_iter()
        .collect();
    FixDraft {
        applicability,
        patch: vec![PatchOp::Replace {
            path,
            value: value.into(),
        }],
        edits,
    }
}

/// The span that removing item `index` of a list deletes: the item and the
/// separator after it (or before it, for the last one), so the neighbours'
/// layout stays as it was.
fn removal(items: &[Span], index: usize) -> Option<Span> {
    let item = *items.get(index)?;
    Some(if let Some(next) = items.get(index + 1) {
        Span::new(item.start, next.start)
    } else if let Some(previous) = index.checked_sub(1).and_then(|i| items.get(i)) {
        Span::new(previous.end, item.end)
    } else {
        item
    })
}

/// Removes the member of `object` whose value is `value` (the last of
/// repeated keys, the one the rules look at).
pub fn remove_member(
    object: Node,
    value: Node,
    path: String,
    applicability: Applicability,
) -> FixDraft {
    let members: Vec<Member> = object.members().into_iter().flatten().collect();
    let spans: Vec<Span> = members
        .iter()
        .filter_map(|m| Some(Span::new(m.key_span?.start, m.value.span()?.end)))
        .collect();
    let index = members
        .iter()
        .position(|m| m.value.order() == value.order());
    let edits = index
        .filter(|_| spans.len() == members.len())
        .and_then(|i| removal(&spans, i))
        .map(|span| (span, String::new()))
        .into_iter()
        .collect();
    FixDraft {
        applicability,
        patch: vec![PatchOp::Remove { path }],
        edits,
    }
}

/// Removes the element `item` of an array, whose neighbours are given: their
/// spans decide which separator goes with it, and the cost of the fix does
/// not grow with the array (a fix for each of 100 000 duplicate tags).
pub fn remove_element(
    previous: Option<Node>,
    item: Node,
    next: Option<Node>,
    path: String,
    applicability: Applicability,
) -> FixDraft {
    let spans: Vec<Span> = [previous, Some(item), next]
        .into_iter()
        .flatten()
        .filter_map(Node::span)
        .collect();
    let edits = removal(&spans, usize::from(previous.is_some()))
        .map(|span| (span, String::new()))
        .into_iter()
        .collect();
    FixDraft {
        applicability,
        patch: vec![PatchOp::Remove { path }],
        edits,
    }
}

/// Renames a member's key.
pub fn rename_key(
    member: &Member,
    from: String,
    to: String,
    key: &str,
    applicability: Applicability,
) -> FixDraft {
    FixDraft {
        applicability,
        patch: vec![PatchOp::Move { from, path: to }],
        edits: member
            .key_span
            .map(|span| (span, json_string(key, false)))
            .into_iter()
            .collect(),
    }
}

/// Puts the root object's members into a new `protected_instance` object:
/// in the text, two insertions around the root, which moves every member,
/// repeated ones too, without touching a byte of them.
pub fn wrap(root: Node, applicability: Applicability) -> FixDraft {
    let mut patch = vec![PatchOp::Add {
        path: "/protected_instance".into(),
        value: PatchValue::Object(Vec::new()),
    }];
    let members: Vec<Member> = root.members().into_iter().flatten().collect();
    for (i, m) in members.iter().enumerate() {
        // Each key once: the later of repeated keys is the one JSON keeps.
        if !members[..i].iter().any(|o| o.key == m.key) {
            let key = crate::engine::pointer_escape(m.key);
            patch.push(PatchOp::Move {
                from: format!("/{key}"),
                path: format!("/protected_instance/{key}"),
            });
        }
    }
    let edits = root
        .span()
        .map(|span| {
            vec![
                (
                    Span::new(span.start, span.start),
                    "{\"protected_instance\": ".to_string(),
                ),
                (Span::new(span.end, span.end), "}".to_string()),
            ]
        })
        .unwrap_or_default();
    FixDraft {
        applicability,
        patch,
        edits,
    }
}

/// Adds a tag `{"key": key, "value": ""}` at the end of `tags`, or a
/// `tags` member with it to the end of the protected instance.
pub fn add_tag(
    instance: Node,
    tags: Option<Node>,
    base: &str,
    key: &str,
    applicability: Applicability,
) -> FixDraft {
    let tag = PatchValue::Object(vec![
        ("key".into(), key.into()),
        ("value".into(), "".into()),
    ]);
    let tag_text = format!("{{\"key\": {}, \"value\": \"\"}}", json_string(key, false));
    let (patch, edit) = match tags {
        Some(tags) => {
            let last = tags.elements().into_iter().flatten().last();
            let edit = match last {
                Some(last) => last.span().map(|s| (s.end, format!(", {tag_text}"))),
                None => tags.span().map(|s| (s.start + 1, tag_text)),
            };
            let path = format!("{base}/tags/-");
            (PatchOp::Add { path, value: tag }, edit)
        }
        None => {
            let member = format!("\"tags\": [{tag_text}]");
            let last = instance.members().into_iter().flatten().last();
            let edit = match last {
                Some(last) => last.value.span().map(|s| (s.end, format!(", {member}"))),
                None => instance.span().map(|s| (s.start + 1, member)),
            };
            let path = format!("{base}/tags");
            let value = PatchValue::Array(vec![tag]);
            (PatchOp::Add { path, value }, edit)
        }
    };
    FixDraft {
        applicability,
        patch: vec![patch],
        edits: edit
            .map(|(at, text)| (Span::new(at, at), text))
            .into_iter()
            .collect(),
    }
}

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub code: &'static str,
    pub path: String,
    pub description: String,
}

/// The outcome of [`fix_str`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Fixed {
    /// The text with the fixes applied.
    pub text: String,
    /// Every fix applied, in the order applied.
    pub applied: Vec<Applied>,
    /// The lint of the fixed text.
    pub report: Report,
}

/// Applies the fixes of `text`'s diagnostics, up to `allowed` (safe fixes,
/// or safe and unsafe ones), relinting between passes. A fix whose edits
/// touch another's waits for the next pass.
pub fn fix_str(text: &str, options: &Options, allowed: Applicability) -> Fixed {
    fix_with(text, options, allowed, OffsetUnit::Utf8)
}

pub(crate) fn fix_with(
    text: &str,
    options: &Options,
    allowed: Applicability,
    unit: OffsetUnit,
) -> Fixed {
    let mut text = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_PASSES {
        let report = crate::lint_str(&text, options);
        let mut taken: Vec<(Span, &str)> = Vec::new();
        for d in &report.diagnostics {
            let Some(fix) = d.fix.as_ref().filter(|f| f.applicability <= allowed) else {
                continue;
            };
            let edits: Vec<(Span, &str)> = fix
                .edits
                .iter()
                .map(|e| {
                    let span = Span::new(e.range.start.offset, e.range.end.offset);
                    (span, e.text.as_str())
                })
                .collect();
            // Closed intervals: edits that touch wait too (two insertions
            // at one place would come out in either order).
            let touches = |a: Span, b: Span| a.start <= b.end && b.start <= a.end;
            if edits.is_empty()
                || edits
                    .iter()
                    .any(|(e, _)| taken.iter().any(|(t, _)| touches(*e, *t)))
            {
                continue;
            }
            taken.extend(edits);
            applied.push(Applied {
                code: d.code,
                path: d.path.clone(),
                description: fix.description.clone(),
            });
        }
        if taken.is_empty() {
            break;
        }
        taken.sort_unstable_by_key(|(span, _)| *span);
        let mut fixed = String::with_capacity(text.len());
        let mut at = 0;
        for (span, replacement) in taken {
            fixed.push_str(text.get(at..span.start).unwrap_or_default());
            fixed.push_str(replacement);
            at = span.end;
        }
        fixed.push_str(text.get(at..).unwrap_or_default());
        text = fixed;
    }
    let report = crate::lint_str_in(&text, options, unit);
    Fixed {
        text,
        applied,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_json_requires() {
        assert_eq!(
            json_string("a\"b\\c\n\u{1}é", false),
            r#""a\"b\\c\n\u0001é""#
        );
        assert_eq!(json_string("é😀", true), r#""\u00e9\ud83d\ude00""#);
    }

    #[test]
    fn removal_takes_one_separator() {
        let items = [Span::new(1, 2), Span::new(4, 5), Span::new(7, 8)];
        assert_eq!(removal(&items, 0), Some(Span::new(1, 4)));
        assert_eq!(removal(&items, 2), Some(Span::new(5, 8)));
        assert_eq!(removal(&items[..1], 0), Some(Span::new(1, 2)));
        assert_eq!(removal(&items, 3), None);
    }
}
