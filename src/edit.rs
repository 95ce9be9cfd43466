//! Fixes as edits of the source text. A rule proposes a fix as a JSON Patch
//! (for object input and JavaScript values) and, for text input, as text
//! edits computed from the spans; applying the edits changes only their
//! ranges, so every byte the user did not ask to change stays as it was:
//! line endings, escapes, numbers as written, key order, white space,
//! repeated keys. Nothing is ever re-serialized. [`crate::fix`] applies them.

use crate::document::{Member, Members, Node, Span};
use crate::pointer::Pointer;
use crate::report::{Applicability, PatchOp, PatchValue};

/// A fix as a rule proposes it; its description is written by the sink in
/// the report's language.
#[derive(Clone, Debug)]
pub struct FixDraft {
    pub applicability: Applicability,
    pub patch: Vec<PatchOp>,
    /// Byte spans of the source and their new text.
    pub edits: Vec<(Span, String)>,
}

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
    // A byte search: a substring searcher's slicing would bring its panic's
    // formatting into the browser build.
    token.is_ascii()
        && token.as_bytes().windows(2).any(|w| w == b"\\u")
        && !node.as_str().unwrap_or_default().is_ascii()
}

/// The JSON text of `value` in place of the string literal `token`, where
/// each character kept from the old string keeps its old spelling, so an
/// escape the user wrote (`\u00e9`, `\/`) stays an escape: position by
/// position when the two have as many characters (characters replaced),
/// else in order when `value` keeps some of them (a trim, a cut, characters
/// removed); otherwise `value` is written afresh. Linear in both lengths.
fn respell(token: &str, value: &str, ascii: bool) -> String {
    let inside = token
        .get(1..token.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out = String::with_capacity(token.len());
    out.push('"');
    if Spellings(inside).count() == value.chars().count() {
        for ((old, spelling), c) in Spellings(inside).zip(value.chars()) {
            if old == c {
                out.push_str(spelling);
            } else {
                let fresh = json_string(c.encode_utf8(&mut [0; 4]), ascii);
                out.push_str(fresh.get(1..fresh.len() - 1).unwrap_or_default());
            }
        }
    } else if !kept_in_order(inside, value, &mut out) {
        // Characters replaced and the string cut (a name's runs of
        // disallowed characters become '-', then it is cut to the limit):
        // each kept character keeps its spelling, each new one is written
        // afresh, and the old characters it replaces are passed over.
        out.clear();
        out.push('"');
        let mut old = Spellings(inside).peekable();
        let mut new = value.chars().peekable();
        while let Some(c) = new.next() {
            match old.peek() {
                Some(&(decoded, spelling)) if decoded == c => {
                    out.push_str(spelling);
                    old.next();
                }
                _ => {
                    let fresh = json_string(c.encode_utf8(&mut [0; 4]), ascii);
                    out.push_str(fresh.get(1..fresh.len() - 1).unwrap_or_default());
                    if let Some(&next) = new.peek() {
                        while old.next_if(|(decoded, _)| *decoded != next).is_some() {}
                    }
                }
            }
        }
    }
    out.push('"');
    out
}

/// Writes `value` into `out` from the spellings of `inside` when `value`
/// keeps some of its characters in order and adds none (a trim, a cut,
/// characters removed); false when a character of `value` is new.
fn kept_in_order(inside: &str, value: &str, out: &mut String) -> bool {
    let mut old = Spellings(inside);
    for c in value.chars() {
        match old.by_ref().find(|(decoded, _)| *decoded == c) {
            Some((_, spelling)) => out.push_str(spelling),
            None => return false,
        }
    }
    true
}

/// The characters of a JSON string literal's inside, each with its
/// spelling there: itself, or its escape (a surrogate pair is one
/// character; a lone surrogate, which the parser refuses, reads as U+FFFD).
struct Spellings<'t>(&'t str);

impl<'t> Iterator for Spellings<'t> {
    type Item = (char, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.0;
        let mut chars = rest.chars();
        let first = chars.next()?;
        let (decoded, len) = if first != '\\' {
            (first, first.len_utf8())
        } else {
            match rest.as_bytes().get(1) {
                Some(b'u') => {
                    let unit = |at: usize| {
                        rest.get(at..at + 4)
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    };
                    match (unit(2), rest.get(6..8), unit(8)) {
                        (
                            Some(high @ 0xD800..=0xDBFF),
                            Some("\\u"),
                            Some(low @ 0xDC00..=0xDFFF),
                        ) => {
                            let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            (char::from_u32(c).unwrap_or('\u{FFFD}'), 12)
                        }
                        (Some(unit), _, _) => (char::from_u32(unit).unwrap_or('\u{FFFD}'), 6),
                        (None, _, _) => ('\u{FFFD}', rest.len()),
                    }
                }
                Some(&b) => {
                    let c = match b {
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'b' => '\u{8}',
                        b'f' => '\u{C}',
                        other => char::from(other),
                    };
                    (c, 2)
                }
                None => ('\\', 1),
            }
        };
        // Each spelling ends on a character boundary; the checked split only
        // keeps a slicing panic out of the module.
        let (spelling, after) = rest
            .split_at_checked(len.min(rest.len()))
            .unwrap_or((rest, ""));
        self.0 = after;
        Some((decoded, spelling))
    }
}

/// Replaces a string value.
pub fn replace_string(
    node: Node,
    pointer: Pointer,
    value: &str,
    applicability: Applicability,
) -> FixDraft {
    let text = node.document().text();
    let edits = node
        .span()
        .map(|span| {
            let written = match text.get(span.start..span.end) {
                Some(token) => respell(token, value, escaped_ascii(node)),
                None => json_string(value, escaped_ascii(node)),
            };
            (span, written)
        })
        .into_iter()
        .collect();
    FixDraft {
        applicability,
        patch: vec![PatchOp::Replace {
            path: pointer.render(),
            value: value.into(),
        }],
        edits,
    }
}

/// The edit that removes the items `run` (consecutive) of a list with one
/// separator, so that the neighbours' layout stays as it was and no line is
/// ever joined to another: the separator after them, or the one before them
/// where the one after holds the only line break. Where the items share a
/// line with the list's bracket, the line break stays (it is copied, never
/// invented).
fn removal(text: &str, items: &[Span], run: std::ops::Range<usize>) -> Option<(Span, String)> {
    let first = *items.get(run.start)?;
    let last = *items.get(run.end.checked_sub(1)?)?;
    let previous = run.start.checked_sub(1).and_then(|i| items.get(i));
    let next = items.get(run.end);
    let between = |from: usize, to: usize| text.get(from..to).unwrap_or_default();
    let line_break =
        |from: usize, to: usize| between(from, to).find(['\n', '\r']).map(|i| from + i);
    let blank = |c: char| c == ' ' || c == '\t';
    // Only blanks between the bracket (or a line break) and the first item.
    let starts_line = || {
        let before = between(0, first.start).trim_end_matches(blank);
        before.is_empty() || before.ends_with(['\n', '\r'])
    };
    // Only blanks between the last item and the bracket's line break.
    let ends_line = || {
        let after = text
            .get(last.end..)
            .unwrap_or_default()
            .trim_start_matches(blank);
        after.is_empty() || after.starts_with(['\n', '\r'])
    };
    let delete = |from: usize, to: usize| (Span::new(from, to), String::new());
    Some(match (previous, next) {
        (Some(p), Some(n)) => match (
            line_break(p.end, first.start),
            line_break(last.end, n.start),
        ) {
            (None, Some(_)) => delete(p.end, last.end),
            _ => delete(first.start, n.start),
        },
        (None, Some(n)) => match line_break(last.end, n.start) {
            Some(at) if !starts_line() => (
                Span::new(first.start, n.start),
                without_separator(between(at, n.start)),
            ),
            _ => delete(first.start, n.start),
        },
        (Some(p), None) => match line_break(p.end, first.start) {
            Some(at) if !ends_line() => (
                Span::new(p.end, last.end),
                without_separator(between(at, first.start)),
            ),
            _ => delete(p.end, last.end),
        },
        (None, None) => delete(first.start, last.end),
    })
}

/// White space between two items with their separator taken out: the comma
/// and the blanks after it, wherever the layout puts it (`1,\n  2` or
/// comma-first `1\n  , 2`).
fn without_separator(gap: &str) -> String {
    match gap.split_once(',') {
        Some((before, after)) => {
            let mut out = before.to_string();
            out.push_str(after.trim_start_matches([' ', '\t']));
            out
        }
        None => gap.to_string(),
    }
}

/// Removes the member of `object` whose value is `value`, with every other
/// member of the same key: the patch removes the key, and a repeated key's
/// earlier value must not come back in its place.
pub fn remove_member(
    object: Node,
    value: Node,
    pointer: Pointer,
    applicability: Applicability,
) -> FixDraft {
    let members: Vec<Member> = object.members().into_iter().flatten().collect();
    let spans: Vec<Span> = members
        .iter()
        .filter_map(|m| Some(Span::new(m.key_span?.start, m.value.span()?.end)))
        .collect();
    let key = members
        .iter()
        .find(|m| m.value.order() == value.order())
        .map(|m| m.key);
    let text = object.document().text();
    let mut edits = Vec::new();
    if let (Some(key), true) = (key, spans.len() == members.len()) {
        let mut i = 0;
        while i < members.len() {
            if members[i].key != key {
                i += 1;
                continue;
            }
            let start = i;
            while members.get(i).is_some_and(|m| m.key == key) {
                i += 1;
            }
            edits.extend(removal(text, &spans, start..i));
        }
    }
    FixDraft {
        applicability,
        patch: vec![PatchOp::Remove {
            path: pointer.render(),
        }],
        edits,
    }
}

/// Each member's span, from its key to the end of its value; empty for
/// object input, which has no spans.
pub fn member_spans(members: Members) -> Vec<Span> {
    members
        .map(|m| Some(Span::new(m.key_span?.start, m.value.span()?.end)))
        .collect::<Option<Vec<Span>>>()
        .unwrap_or_default()
}

/// Removes one member of an object, the one at `position` among `spans`
/// (see [`member_spans`]), whatever its key: an earlier occurrence of a
/// repeated key, whose value does not count. JSON Patch cannot name one
/// occurrence of a repeated key, and the value the patch works on holds
/// only the last one, which stays: the patch is empty.
pub fn remove_nth_member(
    text: &str,
    spans: &[Span],
    position: usize,
    applicability: Applicability,
) -> FixDraft {
    FixDraft {
        applicability,
        patch: Vec::new(),
        edits: removal(text, spans, position..position + 1)
            .into_iter()
            .collect(),
    }
}

/// Removes the element `item` of an array, whose neighbours are given: their
/// spans decide which separator goes with it, and the cost of the fix does
/// not grow with the array (a fix for each of 100 000 duplicate tags).
pub fn remove_element(
    previous: Option<Node>,
    item: Node,
    next: Option<Node>,
    pointer: Pointer,
    applicability: Applicability,
) -> FixDraft {
    let spans: Vec<Span> = [previous, Some(item), next]
        .into_iter()
        .flatten()
        .filter_map(Node::span)
        .collect();
    let at = usize::from(previous.is_some());
    let edits = removal(item.document().text(), &spans, at..at + 1)
        .into_iter()
        .collect();
    FixDraft {
        applicability,
        patch: vec![PatchOp::Remove {
            path: pointer.render(),
        }],
        edits,
    }
}

/// Renames a member's key.
pub fn rename_key(
    member: &Member,
    object: Pointer,
    to: &str,
    applicability: Applicability,
) -> FixDraft {
    FixDraft {
        applicability,
        patch: vec![PatchOp::Move {
            from: object.key(member.key).render(),
            path: object.key(to).render(),
        }],
        edits: member
            .key_span
            .map(|span| (span, json_string(to, false)))
            .into_iter()
            .collect(),
    }
}

/// Puts the root object's members into a new `protected_instance` object:
/// in the text, two insertions around the root, which moves every member,
/// repeated ones too, without touching a byte of them.
pub fn wrap(root: Node, wrapper: &str, applicability: Applicability) -> FixDraft {
    let inside = Pointer::ROOT.key(wrapper);
    let mut patch = vec![PatchOp::Add {
        path: inside.render(),
        value: PatchValue::Object(Vec::new()),
    }];
    let members: Vec<Member> = root.members().into_iter().flatten().collect();
    for (i, m) in members.iter().enumerate() {
        // Each key once: the later of repeated keys is the one JSON keeps.
        if !members[..i].iter().any(|o| o.key == m.key) {
            patch.push(PatchOp::Move {
                from: Pointer::ROOT.key(m.key).render(),
                path: inside.key(m.key).render(),
            });
        }
    }
    let edits = root
        .span()
        .map(|span| {
            vec![
                (
                    Span::new(span.start, span.start),
                    format!("{{{}: ", json_string(wrapper, false)),
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

/// Adds a tag `{"key": key, "value": ""}` at the end of `tags`, in place of
/// a `null` one, or as a new `tags` member at the end of the protected
/// instance.
pub fn add_tag(
    instance: Node,
    (tags, tags_key, at_tags): (Option<Node>, &str, Pointer),
    key: &str,
    applicability: Applicability,
) -> FixDraft {
    let tag = PatchValue::Object(vec![
        ("key".into(), key.into()),
        ("value".into(), "".into()),
    ]);
    let tag_text = format!("{{\"key\": {}, \"value\": \"\"}}", json_string(key, false));
    let at = |offset: usize| Span::new(offset, offset);
    let (patch, edit) = match tags {
        Some(tags) if tags.is_null() => {
            let edit = tags.span().map(|s| (s, format!("[{tag_text}]")));
            let path = at_tags.render();
            let value = PatchValue::Array(vec![tag]);
            (PatchOp::Replace { path, value }, edit)
        }
        Some(tags) => {
            let last = tags.elements().into_iter().flatten().last();
            let edit = match last {
                Some(last) => last.span().map(|s| (at(s.end), format!(", {tag_text}"))),
                None => tags.span().map(|s| (at(s.start + 1), tag_text)),
            };
            let path = at_tags.key("-").render();
            (PatchOp::Add { path, value: tag }, edit)
        }
        None => {
            let member = format!("{}: [{tag_text}]", json_string(tags_key, false));
            let last = instance.members().into_iter().flatten().last();
            let edit = match last {
                Some(last) => last
                    .value
                    .span()
                    .map(|s| (at(s.end), format!(", {member}"))),
                None => instance.span().map(|s| (at(s.start + 1), member)),
            };
            let path = at_tags.render();
            let value = PatchValue::Array(vec![tag]);
            (PatchOp::Add { path, value }, edit)
        }
    };
    FixDraft {
        applicability,
        patch: vec![patch],
        edits: edit.into_iter().collect(),
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

    /// The text left when `run` of `items` is removed.
    fn removed(text: &str, items: &[Span], run: std::ops::Range<usize>) -> String {
        let (span, with) = removal(text, items, run).unwrap();
        format!("{}{with}{}", &text[..span.start], &text[span.end..])
    }

    #[test]
    fn removal_takes_one_separator() {
        let text = "[1, 2, 3]";
        let items = [Span::new(1, 2), Span::new(4, 5), Span::new(7, 8)];
        assert_eq!(removed(text, &items, 0..1), "[2, 3]");
        assert_eq!(removed(text, &items, 1..2), "[1, 3]");
        assert_eq!(removed(text, &items, 2..3), "[1, 2]");
        assert_eq!(removed(text, &items, 1..3), "[1]");
        assert_eq!(removed(text, &items, 0..3), "[]");
        assert_eq!(removed("[1]", &items[..1], 0..1), "[]");
        assert_eq!(removal(text, &items, 3..4), None);
    }

    #[test]
    fn removal_never_joins_a_line_to_another() {
        // The second item shares the first's line; the third has its own.
        let items = [Span::new(1, 2), Span::new(4, 5), Span::new(9, 10)];
        assert_eq!(removed("[1, 2,\r\n\t3]", &items, 1..2), "[1,\r\n\t3]");
        // An item on a line of its own goes with its line.
        let items = [Span::new(1, 2), Span::new(5, 6), Span::new(9, 10)];
        assert_eq!(removed("[1,\n 2,\n 3]", &items, 1..2), "[1,\n 3]");
        // The first item on the bracket's line: the line break stays.
        let items = [Span::new(1, 2), Span::new(4, 5)];
        assert_eq!(removed("[1,\n2]", &items, 0..1), "[\n2]");
        // The last item on the bracket's line, after a line break.
        assert_eq!(removed("[1,\n2]", &items, 1..2), "[1\n]");
        // Comma-first: the separator goes wherever it stands.
        let items = [Span::new(1, 2), Span::new(4, 5)];
        assert_eq!(removed("[1\n,2]", &items, 0..1), "[\n2]");
        assert_eq!(removed("[1\n,2]", &items, 1..2), "[1\n]");
        let items = [Span::new(1, 2), Span::new(8, 9)];
        assert_eq!(removed("[1\r\n  , 2]", &items, 0..1), "[\r\n  2]");
        assert_eq!(removed("[1\r\n  , 2]", &items, 1..2), "[1\r\n  ]");
        // Pretty-printed: the item's line goes, and nothing else.
        let text = "[\n  1,\n  2\n]";
        let items = [Span::new(4, 5), Span::new(9, 10)];
        assert_eq!(removed(text, &items, 0..1), "[\n  2\n]");
        assert_eq!(removed(text, &items, 1..2), "[\n  1\n]");
    }

    #[test]
    fn a_respelt_string_keeps_the_escapes_of_what_it_keeps() {
        assert_eq!(
            respell(r#""\u00e9 <b>\/x\ud83d\ude00 ""#, "é b/x😀", false),
            r#""\u00e9 b\/x\ud83d\ude00""#
        );
        assert_eq!(respell(r#"" a\tb ""#, "a\tb", false), r#""a\tb""#);
        // Characters replaced: the others keep their spelling.
        assert_eq!(
            respell(r#""\u0061 b\/c""#, "a-b-c", false),
            r#""\u0061-b-c""#
        );
        assert_eq!(
            respell(r#""\u4e2d文 x""#, "中文-x", false),
            r#""\u4e2d文-x""#
        );
        assert_eq!(
            respell(r#""Dedicated""#, "dedicated", false),
            r#""dedicated""#
        );
        // Characters replaced and the string cut: what is kept keeps its
        // escapes (a batch's prefix with a space, cut to 59 characters).
        assert_eq!(respell(r#""x y\u0061aa""#, "x-ya", false), r#""x-y\u0061""#);
        assert_eq!(
            respell(r#""\u00e9  \u00e8!x""#, "é-è-", false),
            r#""\u00e9-\u00e8-""#
        );
        // Nothing kept in order: written afresh.
        assert_eq!(respell(r#""a  b""#, "a-c", false), r#""a-c""#);
        assert_eq!(respell(r#""\u00c9""#, "é", true), r#""\u00e9""#);
    }
}
