//! `tags`: at most 10 key/value pairs (API page, Table 2; limits and character
//! sets from the Tag Management Service documentation). The service trims
//! keys and values, so lengths and comparisons use the trimmed text.
//!
//! Time: linear in the number of tags and the length of their text. Keys are
//! compared in a fixed array up to 16 tags, in hash maps (exact and ASCII
//! case-folded) beyond; a duplicate's fix looks only at its neighbours.

use crate::document::Node;
use crate::edit::{self, FixDraft};
use crate::engine::{At, Checker};
use crate::platform::Platform;
use crate::pointer::Pointer;
use crate::request::{Field, Member, Role, Shape};
use crate::rules::rule;
use crate::text::{distinct_chars, KeyMap};

// The limits a tags member's description gives none of: API page, "You
// can add up to 10 tags for each protected instance"; Tag Management
// Service, keys up to 36 characters and values up to 43.
const TAGS_LIMIT: usize = 10;
const KEY_LIMIT: usize = 36;
const VALUE_LIMIT: usize = 43;

rule! {
    /// ## What it checks
    /// More than 10 tags. `params`: `{count, limit}`.
    ///
    /// ## Why it matters
    /// The API page allows up to 10 tags per protected instance; the service
    /// answers `SDRS.2203`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "t1", "value": "x"}, "… 11 tags in all" ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "t1", "value": "x"} ] } }
    /// ```
    pub static TAGS_TOO_MANY = "tags-too-many", Error, Format,
        "More than 10 tags", api_code = "SDRS.2203";
    message: "{count} tags are given; at most {limit} are allowed.";
}

rule! {
    /// ## What it checks
    /// `tags` is an empty array. The fix removes it (safe: an empty list
    /// sets nothing), with every repeat of the `tags` key.
    ///
    /// ## Why it matters
    /// It does nothing; usually a form sent its empty list. Omit it.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "tags": [] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static TAGS_EMPTY = "tags-empty", Warning, Format,
        "The tag list is empty", fix = Safe;
    message: "tags is an empty list; omit it.";
    fix: r#"Remove "tags""#;
}

rule! {
    /// ## What it checks
    /// A tag key equals the key of an earlier tag (after trimming). It is
    /// reported on each later tag; `params`: `{key, index, first_index}`. The
    /// fix removes the later tag; it is unsafe, since that tag's value is
    /// lost.
    ///
    /// ## Why it matters
    /// The API page: "The tag key of a resource must be unique." The service
    /// answers `SDRS.2209`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "app", "value": "a"}, {"key": "app", "value": "b"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "app", "value": "a"} ] } }
    /// ```
    pub static TAG_KEY_DUPLICATE = "tag-key-duplicate", Error, Format,
        "Two tags have the same key", api_code = "SDRS.2209", fix = Unsafe;
    message: "Tag {index:nth} repeats the key {key:q} of tag {first_index:nth}; tag keys must be unique.";
    fix: "Remove tag {index:nth}";
}

rule! {
    /// ## What it checks
    /// A tag key equals an earlier one ignoring ASCII case, but not exactly.
    /// `params`: `{key, first_index}`.
    ///
    /// ## Why it matters
    /// The service accepts both, but tag-based billing and policies usually
    /// treat them as one; it is almost always a typo.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "APP", "value": "a"}, {"key": "app", "value": "b"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "app", "value": "a"} ] } }
    /// ```
    pub static TAG_KEY_CASE_DUPLICATE = "tag-key-case-duplicate", Warning, Format,
        "Two tag keys differ only in case";
    message: "The key {key:q} of tag {index:nth} differs from the key {first_key:q} of tag {first_index:nth} only in case.";
}

rule! {
    /// ## What it checks
    /// A tag key longer than 36 characters (Unicode scalar values, after
    /// trimming). `params`: `{chars, limit}`.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.2204`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "cost-center-of-the-frankfurt-operations-team", "value": "x"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "cost-center", "value": "fra-ops"} ] } }
    /// ```
    pub static TAG_KEY_TOO_LONG = "tag-key-too-long", Error, Format,
        "A tag key is longer than 36 characters", api_code = "SDRS.2204";
    message: "The key of tag {index:nth} is {chars} characters long; at most {limit} are allowed.";
}

rule! {
    /// ## What it checks
    /// A tag value longer than 43 characters (after trimming).
    /// `params`: `{chars, limit}`.
    ///
    /// ## Why it matters
    /// The service answers `SDRS.2207`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "owner", "value": "operations-team-frankfurt-second-floor-room-12"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "owner", "value": "ops-fra"} ] } }
    /// ```
    pub static TAG_VALUE_TOO_LONG = "tag-value-too-long", Error, Format,
        "A tag value is longer than 43 characters", api_code = "SDRS.2207";
    message: "The value of tag {index:nth} is {chars} characters long; at most {limit} are allowed.";
}

rule! {
    /// ## What it checks
    /// A tag key contains a control character (U+0000–U+001F) or one of
    /// `* < > \ = , | /`. `params.chars` lists them.
    ///
    /// ## Why it matters
    /// The Tag Management Service forbids them; the service answers `SDRS.2204`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "team/app", "value": "x"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "team-app", "value": "x"} ] } }
    /// ```
    pub static TAG_KEY_CHARSET = "tag-key-charset", Error, Format,
        "A tag key has a forbidden character", api_code = "SDRS.2204";
    message: "The key of tag {index:nth} contains forbidden characters: {chars:c}.";
}

rule! {
    /// ## What it checks
    /// A tag value contains a control character (U+0000–U+001F) or one of
    /// `* < > \ = , | /`. `params.chars` lists them.
    ///
    /// ## Why it matters
    /// The Tag Management Service forbids them; the service answers `SDRS.2207`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "env", "value": "a=b"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "env", "value": "a-b"} ] } }
    /// ```
    pub static TAG_VALUE_CHARSET = "tag-value-charset", Error, Format,
        "A tag value has a forbidden character", api_code = "SDRS.2207";
    message: "The value of tag {index:nth} contains forbidden characters: {chars:c}.";
}

rule! {
    /// ## What it checks
    /// A tag key or value with no forbidden character, but with one outside
    /// `A-Z a-z 0-9 _ -`: the set the SDRS console's tag editor accepts (OTC
    /// user guide "Managing Protected Instance Tags"; the Tag Management
    /// Service also accepts `@`, the SDRS console does not). Leading and trailing white space is left to
    /// `tag-whitespace`. `params`: `{part, chars, index}`. Open Telekom Cloud
    /// only: Huawei Cloud's tag rules are the forbidden set of
    /// `tag-key-charset` alone, so it is not reported there.
    ///
    /// ## Why it matters
    /// The API may accept the tag, but other tools (the console's tag editor,
    /// tag-based policies) refuse it, so it cannot be edited there later.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "app.tier", "value": "web"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "app_tier", "value": "web"} ] } }
    /// ```
    pub static TAG_PORTABLE_CHARSET = "tag-portable-charset", Warning, Format,
        "A tag has characters other tools do not accept", platforms = [Otc];
    message: "The {part:l} of tag {index:nth} contains {chars:c}, which the console's tag editor does not accept; use letters, digits, '_' or '-'.";
}

rule! {
    /// ## What it checks
    /// A tag key or value with leading or trailing white space. `params`:
    /// `{part, value, index}`. The fix trims it; it is safe, since the
    /// service trims it anyway.
    ///
    /// ## Why it matters
    /// The service trims it, so the tag stored is not the tag written, and
    /// two keys that look different may collide.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "owner ", "value": "ops"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "owner", "value": "ops"} ] } }
    /// ```
    pub static TAG_WHITESPACE = "tag-whitespace", Warning, Format,
        "A tag has leading or trailing white space", fix = Safe;
    message: "The {part:l} of tag {index:nth}, {value:q}, has leading or trailing white space, which the service trims.";
    fix: "Trim the tag {part:l}";
}

rule! {
    /// ## What it checks
    /// A tag key starting with `_sys_` (any case).
    ///
    /// ## Why it matters
    /// The prefix is reserved for system tags; the service may reject the tag
    /// or the platform may overwrite it.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "_sys_owner", "value": "ops"} ] } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "tags": [ {"key": "owner", "value": "ops"} ] } }
    /// ```
    pub static TAG_KEY_RESERVED = "tag-key-reserved", Warning, Format,
        "A tag key uses the reserved prefix _sys_";
    message: "The key {key:q} of tag {index:nth} starts with '{prefix}', which is reserved for system tags.";
}

fn forbidden(c: char) -> bool {
    c <= '\u{1f}' || matches!(c, '*' | '<' | '>' | '\\' | '=' | ',' | '|' | '/')
}

fn portable(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

/// Tag lists up to this long are compared in a fixed array; longer ones
/// (only hostile requests have them) in hash maps, so that any number of
/// tags is checked in linear time.
const SMALL_LIST: usize = 16;

/// The trimmed keys of the tags so far: each distinct key with the index
/// of its first tag, and each ASCII-folded key with its first spelling.
/// Past [`SMALL_LIST`] tags, through hash maps: the folded one keyed by the
/// keys' lower-case copies (`lowered`, one per tag, made beforehand), so
/// that both are the crate's one map type ([`KeyMap`]).
struct SeenKeys<'d, 'l> {
    small: [(&'d str, usize); SMALL_LIST],
    len: usize,
    exact: KeyMap<'d>,
    /// A lower-cased key's place in `firsts`.
    folded: KeyMap<'l>,
    firsts: Vec<(&'d str, usize)>,
    lowered: &'l [String],
}

impl<'d, 'l> SeenKeys<'d, 'l> {
    fn new(lowered: &'l [String]) -> Self {
        SeenKeys {
            small: [("", 0); SMALL_LIST],
            len: 0,
            exact: KeyMap::default(),
            folded: KeyMap::default(),
            firsts: Vec::new(),
            lowered,
        }
    }

    /// The first tag with exactly this key.
    fn exact(&self, key: &str) -> Option<usize> {
        if self.len <= SMALL_LIST {
            return self.small[..self.len]
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, i)| *i);
        }
        self.exact.get(key)
    }

    /// The first tag whose key equals this one (of tag `index`) ignoring
    /// ASCII case.
    fn folded(&self, key: &str, index: usize) -> Option<(&'d str, usize)> {
        if self.len <= SMALL_LIST {
            return self.small[..self.len]
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .copied();
        }
        let lowered = self.lowered.get(index)?;
        self.firsts.get(self.folded.get(lowered.as_str())?).copied()
    }

    /// Remembers a key not seen before.
    fn insert(&mut self, key: &'d str, index: usize) {
        if self.len < SMALL_LIST {
            self.small[self.len] = (key, index);
            self.len += 1;
            return;
        }
        if self.len == SMALL_LIST {
            for (k, i) in self.small {
                self.remember(k, i);
            }
        }
        self.len += 1;
        self.remember(key, index);
    }

    fn remember(&mut self, key: &'d str, index: usize) {
        self.exact.insert(key, index);
        if let Some(lowered) = self.lowered.get(index) {
            let next = self.firsts.len();
            if self.folded.get_or_insert(lowered.as_str(), next) == next {
                self.firsts.push((key, index));
            }
        }
    }
}

/// Each tag's trimmed key in lower case, for a list longer than
/// [`SMALL_LIST`] (none for a shorter one, which is compared pairwise).
fn lowered_keys(node: Node, key: &Member) -> Vec<String> {
    let lower = |n: Option<Node>| {
        n.and_then(|n| n.as_str())
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    if let Some(entries) = node.members() {
        if entries.clone().count() > SMALL_LIST {
            let doc = node.document();
            return entries
                .map(|e| lower(Some(doc.node(e.value.order() - 1))))
                .collect();
        }
    } else if let Some(items) = node.elements() {
        if items.clone().count() > SMALL_LIST {
            return items.map(|tag| lower(tag.get(key.key))).collect();
        }
    }
    Vec::new()
}

/// The tag list (or a Terraform `tags` map), its count and each tag, with
/// the limits of the member's description (the list's and its items').
pub fn check(cx: &mut Checker, field: &Field) {
    let (node, path) = (field.node, field.pointer);
    let (Shape::List(item) | Shape::Map(item)) = field.member.shape else {
        return;
    };
    let part = |role: Role| item.members.iter().find(|m| m.role == role);
    let (Some(key), Some(value)) = (part(Role::TagKey), part(Role::TagValue)) else {
        return;
    };
    let mut count = 0;
    let lowered = lowered_keys(node, key);
    let mut seen = SeenKeys::new(&lowered);
    if let Some(entries) = node.members() {
        // A map: each entry's key is the tag's key, its value the value.
        let doc = node.document();
        for (i, entry) in entries.enumerate() {
            count += 1;
            let at = path.key(entry.key);
            // A member's key is the node before its value.
            let key_node = doc.node(entry.value.order() - 1);
            let remove =
                || edit::remove_member(node, entry.value, at, TAG_KEY_DUPLICATE.applicability());
            check_key(cx, (at, i, &remove), (key, key_node), &mut seen);
            if entry.value.as_str().is_some() {
                check_text(cx, at, i, value, entry.value);
            }
        }
    } else if let Some(items) = node.elements() {
        // A duplicate's fix removes it from between its neighbours.
        let mut items = items.peekable();
        let mut previous = None;
        while let Some(tag) = items.next() {
            let i = count;
            count += 1;
            let at = path.index(i);
            if let Some(text) = tag.get(key.key).filter(|k| k.as_str().is_some()) {
                let next = items.peek().copied();
                let remove = || {
                    edit::remove_element(previous, tag, next, at, TAG_KEY_DUPLICATE.applicability())
                };
                check_key(cx, (at.key(key.key), i, &remove), (key, text), &mut seen);
            }
            previous = Some(tag);
            if let Some(text) = tag.get(value.key).filter(|v| v.as_str().is_some()) {
                check_text(cx, at.key(value.key), i, value, text);
            }
        }
    }
    if count == 0 && !field.instance.kind.open {
        cx.report(&TAGS_EMPTY, At::value(path, node), |f| {
            f.fix(edit::remove_member(
                field.object,
                node,
                path,
                TAGS_EMPTY.applicability(),
            ));
        });
    }
    if matches!(field.member.shape, Shape::Map(_)) {
        count += field.instance.pending_entries();
    }
    let limit = field.member.limit.map_or(TAGS_LIMIT, |l| l.max);
    if count > limit {
        cx.report(&TAGS_TOO_MANY, At::value(path, node), |f| {
            f.param("count", count).param("limit", limit);
        });
    }
}

/// A tag's key: `at` is where findings about it point, `i` its place, and
/// `remove` the fix that removes the tag.
fn check_key<'d>(
    cx: &mut Checker,
    (at, i, remove): (Pointer, usize, &dyn Fn() -> FixDraft),
    (member, node): (&'static Member, Node<'d>),
    seen: &mut SeenKeys<'d, '_>,
) {
    let raw = node.as_str().unwrap_or_default();
    let key = raw.trim();
    if key.is_empty() {
        return; // empty-value
    }
    let pointer = at;
    let at = At::value(pointer, node);
    if let Some(first) = seen.exact(key) {
        cx.report(&TAG_KEY_DUPLICATE, at, |f| {
            f.param("key", key)
                .param("index", i)
                .param("first_index", first)
                .fix(remove());
        });
    } else {
        if let Some((other, first)) = seen.folded(key, i) {
            cx.report(&TAG_KEY_CASE_DUPLICATE, at, |f| {
                f.param("key", key)
                    .param("index", i)
                    .param("first_key", other)
                    .param("first_index", first);
            });
        }
        seen.insert(key, i);
    }
    if let Some(prefix) = key.get(..5).filter(|p| p.eq_ignore_ascii_case("_sys_")) {
        cx.report(&TAG_KEY_RESERVED, at, |f| {
            f.param("key", key)
                .param("index", i)
                .param("prefix", prefix);
        });
    }
    check_text(cx, pointer, i, member, node);
}

/// Length, character sets and white space, shared by keys and values;
/// `path` is where findings point.
fn check_text(cx: &mut Checker, path: Pointer, i: usize, member: &'static Member, node: Node) {
    let raw = node.as_str().unwrap_or_default();
    let text = raw.trim();
    let at = At::value(path, node);
    let is_key = member.role == Role::TagKey;
    let (default, too_long, charset) = if is_key {
        (KEY_LIMIT, &TAG_KEY_TOO_LONG, &TAG_KEY_CHARSET)
    } else {
        (VALUE_LIMIT, &TAG_VALUE_TOO_LONG, &TAG_VALUE_CHARSET)
    };
    let limit = member.limit.map_or(default, |l| l.max);
    let part = if is_key { "key" } else { "value" };
    // Counting stops past the limit: a huge value costs no more than this.
    let chars = text.chars().take(limit + 1).count();
    if chars > limit {
        cx.report(too_long, at, |f| {
            f.param("chars", text.chars().count())
                .param("limit", limit)
                .param("index", i);
        });
    }
    if raw.contains(forbidden) {
        cx.report(charset, at, |f| {
            f.param("chars", distinct_chars(raw, forbidden))
                .param("index", i);
        });
    } else if cx.platform() == Platform::Otc && !text.chars().all(portable) {
        // SPEC §7: Huawei Cloud's tag rules are the forbidden set only.
        cx.report(&TAG_PORTABLE_CHARSET, at, |f| {
            f.param("part", part)
                .param("chars", distinct_chars(text, |c| !portable(c)))
                .param("index", i);
        });
    }
    if text.len() != raw.len() {
        cx.report(&TAG_WHITESPACE, at, |f| {
            f.param("part", part)
                .param("value", raw)
                .param("index", i)
                .fix(edit::replace_string(
                    node,
                    path,
                    text,
                    TAG_WHITESPACE.applicability(),
                ));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, with};
    use serde_json::json;

    fn tags(tags: serde_json::Value) -> crate::Report {
        with("tags", tags)
    }

    #[test]
    fn a_long_list_finds_repeats_and_case_repeats_as_a_short_one_does() {
        // Past SMALL_LIST distinct keys the look-ups go through the maps.
        let mut list: Vec<_> = (0..20)
            .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
            .collect();
        list.push(json!({"key": " K3 ", "value": "v"}));
        list.push(json!({"key": "k5", "value": "v"}));
        list.push(json!({"key": "K3", "value": "v"}));
        let r = tags(json!(list));
        let found: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("tag-key"))
            .map(|d| {
                let p = |k: &str| d.params.get(k).map(|v| serde_json::to_value(v).unwrap());
                (d.code, p("index"), p("first_index"), p("first_key"))
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "tag-key-case-duplicate",
                    Some(json!(20)),
                    Some(json!(3)),
                    Some(json!("k3"))
                ),
                ("tag-key-duplicate", Some(json!(21)), Some(json!(5)), None),
                ("tag-key-duplicate", Some(json!(22)), Some(json!(20)), None),
            ]
        );
    }

    #[test]
    fn good_tags_pass() {
        let r = tags(
            json!([{"key": "owner", "value": "ops_team"}, {"key": "k".repeat(36), "value": "v".repeat(43)},
            {"key": "empty-value", "value": ""}]),
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn count_limits() {
        let list: Vec<_> = (0..11)
            .map(|i| json!({"key": format!("t{i}"), "value": "x"}))
            .collect();
        let r = tags(json!(list));
        assert_eq!(codes(&r), [("tags-too-many", "/protected_instance/tags")]);
        assert_eq!(r.diagnostics[0].params["count"], 11);
        let list: Vec<_> = (0..10)
            .map(|i| json!({"key": format!("t{i}"), "value": "x"}))
            .collect();
        assert!(tags(json!(list)).diagnostics.is_empty());
        assert_eq!(
            codes(&tags(json!([]))),
            [("tags-empty", "/protected_instance/tags")]
        );
    }

    #[test]
    fn duplicates_compare_trimmed_and_case_duplicates_only_when_not_exact() {
        let r = tags(
            json!([{"key": "app", "value": "a"}, {"key": "app ", "value": "b"}, {"key": "App", "value": "c"}, {"key": "app", "value": "d"}]),
        );
        assert_eq!(
            codes(&r),
            [
                ("tag-key-duplicate", "/protected_instance/tags/1/key"),
                ("tag-whitespace", "/protected_instance/tags/1/key"),
                ("tag-key-case-duplicate", "/protected_instance/tags/2/key"),
                ("tag-key-duplicate", "/protected_instance/tags/3/key"),
            ]
        );
        assert_eq!(r.diagnostics[0].params["first_index"], 0);
        assert_eq!(r.diagnostics[0].params["key"], "app");
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(
            fix["patch"][0],
            json!({"op": "remove", "path": "/protected_instance/tags/1"})
        );
    }

    #[test]
    fn lengths_count_characters_of_the_trimmed_text() {
        let r = tags(json!([{"key": "ü".repeat(36), "value": format!(" {} ", "v".repeat(43))}]));
        assert_eq!(
            codes(&r),
            [
                ("tag-portable-charset", "/protected_instance/tags/0/key"),
                ("tag-whitespace", "/protected_instance/tags/0/value")
            ]
        );
        let r = tags(json!([{"key": "k".repeat(37), "value": "v".repeat(44)}]));
        assert_eq!(
            codes(&r),
            [
                ("tag-key-too-long", "/protected_instance/tags/0/key"),
                ("tag-value-too-long", "/protected_instance/tags/0/value")
            ]
        );
    }

    #[test]
    fn forbidden_and_portable_characters() {
        let r = tags(json!([{"key": "a*b/c*", "value": "x\u{1}"}]));
        assert_eq!(
            codes(&r),
            [
                ("tag-key-charset", "/protected_instance/tags/0/key"),
                ("tag-value-charset", "/protected_instance/tags/0/value")
            ]
        );
        assert_eq!(r.diagnostics[0].params["chars"], json!(["*", "/"]));
        let r = tags(json!([{"key": "app.tier", "value": "中文"}]));
        assert_eq!(
            codes(&r),
            [
                ("tag-portable-charset", "/protected_instance/tags/0/key"),
                ("tag-portable-charset", "/protected_instance/tags/0/value")
            ]
        );
        assert_eq!(r.diagnostics[0].params["chars"], json!(["."]));
        // The SDRS console's tag editor refuses '@', which the Tag
        // Management Service would take.
        let r = tags(json!([{"key": "owner", "value": "ops@team"}]));
        assert_eq!(
            codes(&r),
            [("tag-portable-charset", "/protected_instance/tags/0/value")]
        );
        assert_eq!(r.diagnostics[0].params["chars"], json!(["@"]));
        assert!(
            r.diagnostics[0]
                .message
                .ends_with("use letters, digits, '_' or '-'."),
            "{}",
            r.diagnostics[0].message
        );
    }

    #[test]
    fn whitespace_is_fixed_by_trimming() {
        let r = tags(json!([{"key": "k", "value": "x "}]));
        assert_eq!(
            codes(&r),
            [("tag-whitespace", "/protected_instance/tags/0/value")]
        );
        let fix = serde_json::to_value(r.diagnostics[0].fix.as_ref().unwrap()).unwrap();
        assert_eq!(fix["patch"][0]["value"], "x");
    }

    #[test]
    fn reserved_prefix_any_case() {
        let r = tags(json!([{"key": "_SYS_x", "value": "x"}]));
        assert_eq!(
            codes(&r),
            [("tag-key-reserved", "/protected_instance/tags/0/key")]
        );
        assert!(tags(json!([{"key": "sys_x", "value": "x"}]))
            .diagnostics
            .is_empty());
    }
}
