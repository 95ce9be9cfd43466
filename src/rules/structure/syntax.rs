//! The text and the tree themselves: strict JSON (`invalid-json`), keys
//! repeated in one object (`duplicate-key`) and values JSON cannot hold
//! (`non-json-value`), anywhere in the document.
//!
//! Time: linear in the number of values and keys. One walk finds repeated
//! keys (pairwise in objects of up to 16 members, through a hash map sized
//! at once beyond) and foreign values.

use super::{small_keys, SMALL_OBJECT};
use crate::document::{Kind, Members, Node};
use crate::edit;
use crate::engine::{At, Checker};
use crate::pointer::{Pointer, Step};
use crate::rules::rule;
use crate::source::SyntaxError;
use crate::text::KeyMap;

rule! {
    /// ## What it checks
    /// The text must be strict JSON (RFC 8259): no comments, trailing commas,
    /// single quotes, `NaN`, byte-order mark, unescaped control characters,
    /// lone surrogate escapes, invalid UTF-8, nesting deeper than 128 levels,
    /// trailing text or empty input. The range is the one character where
    /// parsing stopped. `params.cause` names why (`trailing-comma`,
    /// `comment`, `expected-value`, `lone-surrogate`, `invalid-utf8`, …),
    /// with `found` (the character), `expected`, `close`, `limit`,
    /// `escape`, `byte` and `offset` where they apply. In JavaScript, a
    /// string holding a lone UTF-16 surrogate is `invalid-utf16` (`unit`,
    /// `offset`, ranged on the surrogate), and `lint()` or `fix()` given
    /// anything but a string is `not-text` (`actual`: its type; no range).
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
    message: "The request is not valid JSON: {cause:l}.";
}

rule! {
    /// ## What it checks
    /// A key appears more than once in one object. Each later occurrence is
    /// reported at its key; the other rules look at the last value, which is
    /// what most server JSON parsers keep. `params`: `{key, index, count,
    /// previous_index}`, where `index` is which occurrence this is and
    /// `previous_index` the one before it (both from 0, as in a list of the
    /// key's occurrences), `count` how many there are. The fix removes the
    /// occurrence before this one, whose value does not count; the fixes of
    /// all occurrences together leave the last one alone. It is unsafe: the
    /// removed value may be the one that was meant. Its JSON Patch is empty,
    /// since a patch cannot name one occurrence of a repeated key and the
    /// value it works on already holds only the last.
    ///
    /// ## Why it matters
    /// Which of the values the service uses depends on its parser; the
    /// earlier ones are silently lost.
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
        "A key appears more than once in one object", api_code = "SDRS.0201",
        fix = Unsafe;
    message: "The key {key:q} appears {count} times in this object, and only the value of the last one counts: this is occurrence {index:nth}, and the value of occurrence {previous_index:nth} before it is ignored.";
    fix: "Remove occurrence {previous_index:nth} of {key:q}, whose value is ignored";
}

rule! {
    /// ## What it checks
    /// A value that JSON cannot hold, in an object given from JavaScript:
    /// `undefined`, a function, a `BigInt`, `NaN` or an infinity, a symbol, a
    /// cyclic reference, a `Map` or `Set`, a string or a member name with a
    /// lone surrogate, a getter or proxy that throws, nesting deeper than 128
    /// levels, or more than 1 000 000 values in one argument (then the one
    /// diagnostic, at its root). `params.actual` names which: `undefined`,
    /// `function`, `bigint`, `nan`, `infinity`, `-infinity`, `symbol`,
    /// `cycle`, `map`, `set`, `lone-surrogate`, `lone-surrogate-key`,
    /// `throws`, `too-deep`, `too-many-values`.
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
    message: "The value {actual:l}.";
    message("root"): "The request {actual:l}.";
}

pub fn report_syntax(cx: &mut Checker, e: &SyntaxError) {
    let at = At {
        pointer: Pointer::ROOT,
        span: Some(e.span),
        order: 0,
        subject: None,
    };
    cx.report(&INVALID_JSON, at, |f| {
        for (key, value) in e.params.iter() {
            f.param(key, value.clone());
        }
    });
}

/// Repeated keys and foreign values, anywhere in the document.
pub fn check(cx: &mut Checker, root: Node) {
    // A request is a few levels deep: one allocation for the walk.
    let mut trail = Vec::with_capacity(8);
    walk(cx, root, &mut trail);
}

/// A later occurrence of a repeated key.
struct Repeat {
    /// Which occurrence of its key this is, from 0 (so at least 1).
    occurrence: usize,
    /// How many times the key occurs in the object.
    count: usize,
    /// The position among the object's members of the occurrence before it.
    previous: usize,
}

/// Where each member stands among the repeats of its key: in a small
/// object by comparing its keys, in a large one through one hash map sized
/// at once (a count per key, then a second pass numbering them).
// The small variant is the point: a request's objects are small, and their
// keys on the stack cost no allocation.
#[allow(clippy::large_enum_variant)]
enum Repeats<'d> {
    Small([&'d str; SMALL_OBJECT], usize),
    /// Per key its place in `counts` (the crate's one hash map type, see
    /// [`crate::text::KeyMap`]), and there its occurrences in all, the
    /// ones seen so far and the position of the last seen.
    Large(KeyMap<'d>, Vec<(usize, usize, usize)>),
}

impl<'d> Repeats<'d> {
    fn of(members: Members<'d>) -> Self {
        if let Some((keys, len)) = small_keys(members.clone()) {
            return Repeats::Small(keys, len);
        }
        let mut slots = KeyMap::with_capacity(members.clone().count());
        let mut counts = Vec::new();
        for m in members {
            let slot = slots.get_or_insert(m.key, counts.len());
            if slot == counts.len() {
                counts.push((0, 0, 0));
            }
            if let Some((count, _, _)) = counts.get_mut(slot) {
                *count += 1;
            }
        }
        Repeats::Large(slots, counts)
    }

    /// The member at `position`, of this key, when an earlier one has it.
    fn at(&mut self, position: usize, key: &str) -> Option<Repeat> {
        match self {
            Repeats::Small(keys, len) => {
                let before = &keys[..position];
                let previous = before.iter().rposition(|k| *k == key)?;
                Some(Repeat {
                    occurrence: before.iter().filter(|k| **k == key).count(),
                    count: keys[..*len].iter().filter(|k| **k == key).count(),
                    previous,
                })
            }
            Repeats::Large(slots, counts) => {
                let (count, seen, last) = counts.get_mut(slots.get(key)?)?;
                let previous = std::mem::replace(last, position);
                *seen += 1;
                (*seen > 1).then_some(Repeat {
                    occurrence: *seen - 1,
                    count: *count,
                    previous,
                })
            }
        }
    }
}

/// Each object is checked for repeated keys once, in time linear in its
/// size; `trail` is the way from the root.
fn walk<'d>(cx: &mut Checker, node: Node<'d>, trail: &mut Vec<Step<'d>>) {
    match node.kind() {
        Kind::Foreign(what) => {
            let root = trail.is_empty();
            cx.report(
                &NON_JSON_VALUE,
                At::value(Pointer::walked(trail), node),
                |f| {
                    f.param("actual", what);
                    if root {
                        f.variant("root");
                    }
                },
            );
        }
        Kind::Array(items) => {
            for (i, item) in items.enumerate() {
                trail.push(Step::Index(i));
                walk(cx, item, trail);
                trail.pop();
            }
        }
        Kind::Object(members) => {
            let mut repeats = Repeats::of(members.clone());
            // The members' spans, for the fixes: taken once per object, by
            // the first kept finding that needs them.
            let mut spans = None;
            for (i, m) in members.clone().enumerate() {
                trail.push(Step::Key(m.key));
                if let Some(repeat) = repeats.at(i, m.key) {
                    cx.report(&DUPLICATE_KEY, At::key(Pointer::walked(trail), &m), |f| {
                        f.param("key", m.key)
                            .param("index", repeat.occurrence)
                            .param("previous_index", repeat.occurrence - 1)
                            .param("count", repeat.count);
                        let spans =
                            spans.get_or_insert_with(|| edit::member_spans(members.clone()));
                        f.fix(edit::remove_nth_member(
                            node.document().text(),
                            spans,
                            repeat.previous,
                            DUPLICATE_KEY.applicability(),
                        ));
                    });
                }
                walk(cx, m.value, trail);
                trail.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, lint};

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
    fn a_repeated_key_says_which_value_counts_and_what_its_fix_removes() {
        let ids = r#""server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f""#;
        // A small object is compared pairwise, a large one hashed.
        for filler in [
            String::new(),
            (0..20).map(|i| format!(", \"x{i}\": 1")).collect(),
        ] {
            let text = format!(
                r#"{{"protected_instance": {{{ids}, "name": "a",
                "name": "b", "name": "c"{filler}}}}}"#
            );
            let r = lint(&text);
            let repeats: Vec<_> = r
                .diagnostics
                .iter()
                .filter(|d| d.code == "duplicate-key")
                .collect();
            assert_eq!(repeats.len(), 2);
            for (d, (index, previous)) in repeats.iter().zip([(1, 0), (2, 1)]) {
                assert_eq!(d.path, "/protected_instance/name");
                assert_eq!(d.params["index"], index);
                assert_eq!(d.params["previous_index"], previous);
                assert_eq!(d.params["count"], 3);
                let fix = d.fix.as_ref().expect("a fix");
                assert_eq!(fix.applicability, crate::Applicability::Unsafe);
                assert!(fix.patch.is_empty(), "a patch cannot name one occurrence");
                // Counted for people: occurrence 2 and 3, removing 1 and 2.
                let (this, before) = (index + 1, previous + 1);
                assert!(
                    d.message.contains("3 times")
                        && d.message.contains(&format!("this is occurrence {this}"))
                        && d.message
                            .contains(&format!("occurrence {before} before it is ignored")),
                    "{}",
                    d.message
                );
                assert_eq!(
                    fix.description,
                    format!("Remove occurrence {before} of 'name', whose value is ignored")
                );
            }
            // Together the fixes leave the last occurrence, whose value counted.
            let fixed = crate::fix_str(
                &text,
                &crate::Options::default(),
                crate::Applicability::Unsafe,
            );
            assert!(!fixed.report.has("duplicate-key"), "{}", fixed.text);
            let value: serde_json::Value = serde_json::from_str(&fixed.text).unwrap();
            assert_eq!(value["protected_instance"]["name"], "c");
            assert_eq!(fixed.text.matches("\"name\"").count(), 1, "{}", fixed.text);
            // Safe fixes leave repeated keys alone.
            let safe = crate::fix_str(
                &text,
                &crate::Options::default(),
                crate::Applicability::Safe,
            );
            assert_eq!(safe.text, text);
        }
    }
}
