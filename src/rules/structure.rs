//! The shape of the request: JSON syntax, keys, the `protected_instance`
//! wrapper, and the presence and type of every known member (SPEC §1–§3).
//! The format families only look at members this family found present.
//!
//! Time: linear in the number of values and keys. One walk finds repeated
//! keys (pairwise in objects of up to 16 members, through a hash set sized
//! at once beyond) and foreign values; unknown members take one more pass
//! per object, and a suggestion (a dozen known names) is only looked for by
//! a finding that is kept.

use crate::document::{Elements, Kind, Members, Node};
use crate::engine::{At, Checker, Instance, Path, Segment, NAMES};
use crate::fix;
use crate::options::Platform;
use crate::rules::rule;
use crate::source::SyntaxError;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

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
}

rule! {
    /// ## What it checks
    /// The root object has no `protected_instance` member but holds members of
    /// a protected instance (`name`, `server_id`, …). The root is then checked
    /// as the protected instance. The fix wraps the members (safe): in the
    /// text, `{"protected_instance": ` and `}` around the root, so every
    /// member, repeated ones too, keeps its bytes. There is none when a
    /// misspelt `protected_instance` holds the instance's members: renaming
    /// it (`unknown-field`) is the fix, and wrapping would nest it.
    ///
    /// ## Why it matters
    /// The service expects the members inside `protected_instance` and
    /// rejects the body with `SDRS.0201`.
    ///
    /// ## Example
    /// ```json
    /// { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "name": "web-01" }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "name": "web-01" } }
    /// ```
    pub static MISSING_WRAPPER = "missing-wrapper", Error, Structure,
        "The members are not wrapped in `protected_instance`", api_code = "SDRS.0201",
        fix = Safe;
}

rule! {
    /// ## What it checks
    /// A required member is absent: `protected_instance`, its
    /// `server_group_id`, `server_id` and `name`, and a tag's `key` and `value`.
    /// The path is where the member should be.
    ///
    /// ## Why it matters
    /// The API page marks these members mandatory; the service rejects the
    /// request with `SDRS.0201`.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    ///   "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01" } }
    /// ```
    pub static MISSING_FIELD = "missing-field", Error, Presence,
        "A required member is absent", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// A value has the wrong JSON type: the root and `protected_instance` must
    /// be objects, `tags` an array of objects, every other known member a
    /// string. `null` counts as a wrong type for required members and for
    /// tag values. `params`: `{expected, actual}` with JSON type names, and
    /// `field` (the member) and `index` (the tag) where they apply.
    ///
    /// ## Why it matters
    /// The service rejects the body (`SDRS.0201`; `SDRS.2208` for a `null`
    /// tag value). Numbers are not coerced: an ID written as a number is an
    /// error.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": true } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static TYPE_MISMATCH = "type-mismatch", Error, Presence,
        "A value has the wrong JSON type", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// An optional member (`description`, `primary_subnet_id`,
    /// `primary_ip_address`, `flavorRef`, `tags`) is `null`. `params.field`
    /// names it. The fix removes the member (safe: the service treats `null`
    /// as absent), with every repeat of its key, so that no earlier value
    /// comes back.
    ///
    /// ## Why it matters
    /// Servers treat `null` as absent, which is rarely what the writer meant:
    /// a form field that was never filled in, or a variable that was not set.
    /// Omit the member instead.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "flavorRef": null } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static NULL_VALUE = "null-value", Warning, Presence,
        "An optional member is null", fix = Safe;
}

rule! {
    /// ## What it checks
    /// `server_group_id`, `server_id`, `name`, `primary_subnet_id`,
    /// `primary_ip_address`, `flavorRef` or a tag `key` is `""` (a tag key:
    /// empty after trimming white space). An empty `description` or tag
    /// `value` is allowed.
    ///
    /// ## Why it matters
    /// The service rejects empty values (`SDRS.0201`, `SDRS.2205` for a tag
    /// key); an empty optional member should be omitted.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static EMPTY_VALUE = "empty-value", Error, Presence,
        "A member that must have a value is empty", api_code = "SDRS.0201";
}

rule! {
    /// ## What it checks
    /// A member of the root, of `protected_instance` or of a tag is not part
    /// of the API, and stands for no member the object lacks (that is
    /// `misspelled-field`). `params`: `{field, known?, suggestion?,
    /// platform?}`: `known` lists the members the object may have; where
    /// the name is close to a known member that the object also has, that
    /// one is `suggestion` (a leftover beside it: remove one of the two). On
    /// Open Telekom Cloud, `cluster_id`, `tenancy` and `dedicated_host_id`
    /// are not in the API reference: they are members of the call on Huawei
    /// Cloud (`params.platform` is `"huawei"`).
    ///
    /// ## Why it matters
    /// The service ignores unknown members: whatever they were meant to say
    /// is not said.
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "zone": "eu-de-01" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01" } }
    /// ```
    pub static UNKNOWN_FIELD = "unknown-field", Warning, Structure,
        "A member is not part of the API";
}

rule! {
    /// ## What it checks
    /// An unknown member that stands for a known member the object does
    /// not carry: the same name ignoring case, `_` and `-` (`serverId`,
    /// `FlavorRef`), within two edits (`flavour`, `nmae`), or the name
    /// Terraform providers and SDKs give it (`group_id`, `subnet_id`,
    /// `ip_address`, `flavor`, `flavor_id`, `flavor_ref`), however spelt
    /// (`groupId`, `Subnet_Id`). `params`: `{field, suggestion}`. The fix
    /// renames it (safe: it makes the value count, as meant; there is none
    /// when the misspelt name is repeated, or for a second misspelling of
    /// the same member). A required member it stands for is not also
    /// `missing-field`, nor an address `ip-requires-subnet` when it stands
    /// for the subnet: one mistake, one finding, and the rename fixes both.
    ///
    /// ## Why it matters
    /// The service ignores the member, so the value the caller meant is
    /// silently dropped: the DR site server gets another subnet, address or
    /// flavor than the one written, or the request is refused for a
    /// required member it does not see (`SDRS.0201`).
    ///
    /// ## Example
    /// ```json
    /// { "protected_instance": { "name": "web-01", "subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    /// Use instead:
    /// ```json
    /// { "protected_instance": { "name": "web-01", "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502" } }
    /// ```
    pub static MISSPELLED_FIELD = "misspelled-field", Error, Structure,
        "A misspelt member's value would be dropped", api_code = "SDRS.0201",
        fix = Safe;
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
}

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
}

/// What a known member must be (SPEC §1, from the API page's tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    String,
    TagList,
}

pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
    /// `""` is an `empty-value` error.
    pub non_empty: bool,
    /// Known on Huawei Cloud only (SPEC §7).
    pub huawei_only: bool,
}

const fn field(name: &'static str, required: bool, shape: Shape, non_empty: bool) -> Field {
    Field {
        name,
        required,
        shape,
        non_empty,
        huawei_only: false,
    }
}

const fn huawei(name: &'static str, non_empty: bool) -> Field {
    Field {
        huawei_only: true,
        ..field(name, false, Shape::String, non_empty)
    }
}

/// The members of `protected_instance`, in the API page's order, then the
/// Huawei Cloud ones (its SDK model `CreateProtectedInstanceRequestParams`).
/// `tenancy` may be `""` as far as presence goes: `tenancy-value` says why
/// it is wrong.
pub static INSTANCE_FIELDS: [Field; 11] = [
    field("server_group_id", true, Shape::String, true),
    field("server_id", true, Shape::String, true),
    field("name", true, Shape::String, true),
    field("description", false, Shape::String, false),
    field("primary_subnet_id", false, Shape::String, true),
    field("primary_ip_address", false, Shape::String, true),
    field("flavorRef", false, Shape::String, true),
    field("tags", false, Shape::TagList, false),
    huawei("cluster_id", true),
    huawei("tenancy", false),
    huawei("dedicated_host_id", true),
];

const ROOT_FIELDS: [&str; 1] = ["protected_instance"];

/// The members only a request has (SPEC §3, `missing-wrapper`): `name`,
/// `description` and `tags` alone are in many JSON files (a
/// `package.json`) and make none of them a request.
pub const REQUEST_ONLY: [&str; 5] = [
    "server_group_id",
    "server_id",
    "primary_subnet_id",
    "primary_ip_address",
    "flavorRef",
];
const TAG_FIELDS: [&str; 2] = ["key", "value"];

/// The names Terraform providers and SDKs give these members (SPEC §7).
const ALIASES: [(&str, &str); 6] = [
    ("group_id", "server_group_id"),
    ("subnet_id", "primary_subnet_id"),
    ("ip_address", "primary_ip_address"),
    ("flavor", "flavorRef"),
    ("flavor_id", "flavorRef"),
    ("flavor_ref", "flavorRef"),
];

/// Objects with more members than this find repeated keys with a hash set;
/// smaller ones compare pairwise, which allocates nothing.
const SMALL_OBJECT: usize = 16;

pub fn report_syntax(cx: &mut Checker, e: &SyntaxError) {
    let at = At {
        path: Path::root(),
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

/// Checks the document's shape; returns the protected instance to check
/// further, if there is one.
pub fn check<'d>(cx: &mut Checker, root: Node<'d>) -> Option<Instance<'d>> {
    // A request is a few levels deep: one allocation for the walk.
    let mut trail = Trail {
        segments: Vec::with_capacity(8),
    };
    walk(cx, root, &mut trail);
    let Some(members) = root.members() else {
        if let Some(actual) = root.json_type() {
            cx.report(&TYPE_MISMATCH, At::value(Path::root(), root), |f| {
                f.variant("root")
                    .param("expected", "object")
                    .param("actual", actual.name());
            });
        }
        return None;
    };
    if let Some(instance) = root.get("protected_instance") {
        unknown_fields(cx, Place::Root, members, &ROOT_FIELDS);
        let path = Path::field("", "protected_instance");
        return match instance.kind() {
            Kind::Object(_) => {
                let mut instance = Instance::new(instance, "/protected_instance");
                check_instance(cx, &mut instance);
                Some(instance)
            }
            Kind::Foreign(_) => None,
            _ => {
                mismatch(
                    cx,
                    At::value(path, instance),
                    instance,
                    "protected_instance",
                    "object",
                );
                None
            }
        };
    }
    let platform = cx.options().platform;
    let is_instance = members.clone().any(|m| REQUEST_ONLY.contains(&m.key));
    if is_instance {
        // A misspelt wrapper that holds the instance's members is what was
        // meant: its rename is the fix, and wrapping the root around it
        // would nest it.
        let misspelt_wrapper = members.clone().any(|m| {
            suggest(m.key, &ROOT_FIELDS).is_some()
                && m.value.members().is_some_and(|mut inner| {
                    inner.any(|i| fields(platform).any(|f| f.name == i.key))
                })
        });
        cx.report(&MISSING_WRAPPER, At::missing(Path::root(), root), |f| {
            if !misspelt_wrapper {
                f.fix(fix::wrap(root, MISSING_WRAPPER.applicability()));
            }
        });
        let mut instance = Instance::new(root, "");
        check_instance(cx, &mut instance);
        return Some(instance);
    }
    let misspelt = unknown_fields(cx, Place::Root, members, &ROOT_FIELDS);
    if misspelt == 0 {
        let path = Path::field("", "protected_instance");
        cx.report(&MISSING_FIELD, At::missing(path, root), |f| {
            f.variant("wrapper").param("field", "protected_instance");
        });
    }
    None
}

/// The way from the root to the value being walked.
struct Trail<'d> {
    segments: Vec<Segment<'d>>,
}

impl<'d> Trail<'d> {
    fn push(&mut self, segment: Segment<'d>) {
        self.segments.push(segment);
    }

    fn pop(&mut self) {
        self.segments.pop();
    }

    fn path(&self) -> Path<'_> {
        Path::Segments(&self.segments)
    }
}

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
    /// Per key: occurrences in all, seen so far, position of the last seen.
    Large(HashMap<&'d str, (usize, usize, usize)>),
}

impl<'d> Repeats<'d> {
    fn of(members: Members<'d>) -> Self {
        if let Some((keys, len)) = small_keys(members.clone()) {
            return Repeats::Small(keys, len);
        }
        let mut counts = HashMap::with_capacity(members.clone().count());
        for m in members {
            counts.entry(m.key).or_insert((0, 0, 0)).0 += 1;
        }
        Repeats::Large(counts)
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
            Repeats::Large(counts) => {
                let (count, seen, last) = counts.get_mut(key)?;
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

/// Repeated keys and foreign values, anywhere in the document. Each object
/// is checked for repeated keys once, in time linear in its size.
fn walk<'d>(cx: &mut Checker, node: Node<'d>, trail: &mut Trail<'d>) {
    match node.kind() {
        Kind::Foreign(what) => {
            cx.report(&NON_JSON_VALUE, At::value(trail.path(), node), |f| {
                f.param("actual", what);
                if trail.segments.is_empty() {
                    f.variant("root");
                }
            });
        }
        Kind::Array(items) => {
            for (i, item) in items.enumerate() {
                trail.push(Segment::Index(i));
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
                trail.push(Segment::Key(m.key));
                if let Some(repeat) = repeats.at(i, m.key) {
                    cx.report(&DUPLICATE_KEY, At::key(trail.path(), &m), |f| {
                        f.param("key", m.key)
                            .param("index", repeat.occurrence)
                            .param("previous_index", repeat.occurrence - 1)
                            .param("count", repeat.count);
                        let spans = spans.get_or_insert_with(|| fix::member_spans(members.clone()));
                        f.fix(fix::remove_nth_member(
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

/// Where an object's members are, for their paths.
#[derive(Clone, Copy)]
enum Place<'a> {
    Root,
    Instance(&'a str),
    /// Tag `index` of the instance at the base.
    Tag(&'a str, usize),
}

impl<'a> Place<'a> {
    fn path(self, key: &'a str) -> Path<'a> {
        match self {
            Place::Root => Path::field("", key),
            Place::Instance(base) => Path::field(base, key),
            Place::Tag(base, i) => Path::element(base, "tags", i, Some(key)),
        }
    }
}

/// Unknown members of one object, each distinct key once, at its last
/// occurrence; linear in the object's size. A member that stands for a
/// known one the object lacks is `misspelled-field`, any other
/// `unknown-field`. Returns the known names (a bit each, by their position
/// in `known`) that a misspelling stands for: their absence is that one
/// finding, not a second one.
fn unknown_fields(
    cx: &mut Checker,
    place: Place,
    members: Members,
    known: &'static [&'static str],
) -> u64 {
    let small = small_keys(members.clone());
    let last = match small {
        Some(_) => None,
        None => last_occurrences(members.clone()),
    };
    let huawei = cx.options().platform == Platform::Huawei;
    // Which known names the object has: found once, by the first member
    // with a suggestion, not by every one (a million misspellings).
    let mut present = None;
    // The known names a misspelling stands for; the first of each gets the
    // rename (two renamed together would make a repeated key).
    let mut stood_for = 0u64;
    for (i, m) in members.clone().enumerate() {
        if known.contains(&m.key) {
            continue;
        }
        let (is_last, repeated) = match (&small, &last) {
            (Some((keys, len)), _) => (
                !keys[i + 1..*len].contains(&m.key),
                keys[..i].contains(&m.key),
            ),
            (None, Some(last)) => (
                last[i] != Occurrence::Earlier,
                last[i] == Occurrence::LastOfMany,
            ),
            (None, None) => (true, false),
        };
        if !is_last {
            continue;
        }
        let path = place.path(m.key);
        // Only the protected instance's own members have a Huawei variant.
        let huawei_member = !huawei
            && matches!(place, Place::Instance(_))
            && INSTANCE_FIELDS
                .iter()
                .any(|f| f.huawei_only && f.name == m.key);
        let suggestion = suggest(m.key, known).filter(|_| !huawei_member);
        let Some((suggestion, alias)) = suggestion else {
            cx.report(&UNKNOWN_FIELD, At::key(path, &m), |f| {
                f.param("field", m.key);
                if huawei_member {
                    f.variant("huawei").param("platform", "huawei");
                } else {
                    f.param("known", known);
                }
            });
            continue;
        };
        let bit = known
            .iter()
            .position(|k| *k == suggestion)
            .map_or(0, |i| 1 << i);
        let present = *present.get_or_insert_with(|| known_present(&members, known));
        if present & bit != 0 {
            // A leftover beside the member it stands for: no value is lost.
            cx.report(&UNKNOWN_FIELD, At::key(path, &m), |f| {
                f.param("field", m.key)
                    .variant("leftover")
                    .param("suggestion", suggestion);
            });
            continue;
        }
        // Renaming the last of a repeated key would bring back the one
        // before it.
        let renamed = stood_for & bit == 0 && !repeated;
        stood_for |= bit;
        cx.report(&MISSPELLED_FIELD, At::key(path, &m), |f| {
            f.param("field", m.key).param("suggestion", suggestion);
            if alias {
                f.variant("alias");
            }
            if renamed {
                f.fix(fix::rename_key(
                    &m,
                    path.render(),
                    place.path(suggestion).render(),
                    suggestion,
                    MISSPELLED_FIELD.applicability(),
                ));
            }
        });
    }
    if cx.is_off(&MISSPELLED_FIELD) {
        0
    } else {
        stood_for
    }
}

/// Which of `known` (at most a dozen names) the object has, a bit each.
fn known_present(members: &Members, known: &[&str]) -> u64 {
    members.clone().fold(0, |bits, m| {
        bits | known.iter().position(|k| *k == m.key).map_or(0, |i| 1 << i)
    })
}

/// Where a member stands among those of its key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Occurrence {
    /// Its key comes again later.
    Earlier,
    /// The only one of its key.
    Only,
    /// The last of a repeated key.
    LastOfMany,
}

/// For a large object, where each member stands among those of its key: the
/// members walked backwards through one hash map sized at once. A small
/// object (`None`) is compared pairwise instead.
fn last_occurrences(members: Members) -> Option<Vec<Occurrence>> {
    let keys: Vec<Node> = members.map(|m| m.value).collect();
    if keys.len() <= SMALL_OBJECT {
        return None;
    }
    let doc = keys[0].document();
    let mut last_of: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    let mut occurrences = vec![Occurrence::Earlier; keys.len()];
    for (i, value) in keys.iter().enumerate().rev() {
        // A member's key is the node before its value.
        let key = doc.node(value.order() - 1).as_str().unwrap_or_default();
        match last_of.entry(key) {
            Entry::Vacant(entry) => {
                entry.insert(i);
                occurrences[i] = Occurrence::Only;
            }
            Entry::Occupied(entry) => occurrences[*entry.get()] = Occurrence::LastOfMany,
        }
    }
    Some(occurrences)
}

/// A known name for a misspelt one, and whether it came through an alias
/// (a Terraform or SDK name): an alias as written, else a name equal
/// ignoring (ASCII, as every known name is) case, `_` and `-` to a known
/// name, else to an alias (`flavorId`, `Subnet_Id`), else the nearest
/// known name within two edits (ties to the first in `known`). Names whose lengths
/// differ by more than two are never within two edits, so most pairs cost
/// a comparison of lengths.
fn suggest(name: &str, known: &[&'static str]) -> Option<(&'static str, bool)> {
    // Compared lazily: a mismatch stops at the short known name's end.
    fn folded(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|b| *b != b'_' && *b != b'-')
            .map(|b| b.to_ascii_lowercase())
    }
    // Every unknown member asks (its code depends on the answer), so the
    // comparisons that cannot match are ruled out by a length first.
    let folded_len = |s: &str| s.bytes().filter(|b| *b != b'_' && *b != b'-').count();
    let name_folded = folded_len(name);
    let same_folded = |k: &str| folded_len(k) == name_folded && folded(k).eq(folded(name));
    let aliases = ALIASES.iter().filter(|(_, target)| known.contains(target));
    if let Some((_, target)) = aliases.clone().find(|(a, _)| *a == name) {
        return Some((target, true));
    }
    if let Some(k) = known.iter().find(|k| same_folded(k)) {
        return Some((k, false));
    }
    if let Some((_, target)) = aliases.clone().find(|(a, _)| same_folded(a)) {
        return Some((target, true));
    }
    // Aliases get no edit distance: each would cost every unknown member
    // one more, and they are spelt like the names they stand for. Two edits
    // change the number of characters by two at most.
    let chars = name.chars().count();
    let mut best: Option<(usize, &'static str)> = None;
    for k in known.iter().filter(|k| k.len().abs_diff(chars) <= 2) {
        if let Some(d) = within_two_edits(name, k) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
    }
    best.map(|(_, k)| (k, false))
}

/// The Levenshtein distance between a name and a known (ASCII, short)
/// name when it is at most two; `None` as soon as a row of the table
/// exceeds it. Two rows on the stack: no allocation per comparison. At
/// most two characters can differ, each at most four bytes where the known
/// name has one: a longer name is not within two edits.
fn within_two_edits(name: &str, known: &str) -> Option<usize> {
    const MAX: usize = 2;
    let known = known.as_bytes();
    let mut previous = [0usize; 32];
    let mut current = [0usize; 32];
    let width = known.len() + 1;
    if width > previous.len() || name.len() > known.len() + MAX * 4 {
        return None;
    }
    for (j, cell) in previous.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for (i, c) in name.chars().enumerate() {
        current[0] = i + 1;
        let mut smallest = current[0];
        for j in 1..width {
            let cost = usize::from(c as u32 != u32::from(known[j - 1]));
            current[j] = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            smallest = smallest.min(current[j]);
        }
        if smallest > MAX {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[width - 1]).filter(|d| *d <= MAX)
}

/// The members of the protected instance on the options' platform.
fn fields(platform: Platform) -> impl Iterator<Item = &'static Field> {
    INSTANCE_FIELDS
        .iter()
        .filter(move |f| !f.huawei_only || platform == Platform::Huawei)
}

fn check_instance(cx: &mut Checker, instance: &mut Instance) {
    let members = instance.node.members().expect("an object");
    let platform = cx.options().platform;
    // An unwrapped root may still carry the wrapper's own name wrongly spelt.
    let first = if instance.base.is_empty() { 0 } else { 1 };
    let last = match platform {
        Platform::Otc => 9,
        Platform::Huawei => NAMES.len(),
    };
    let known = &NAMES[first..last];
    let misspelt = unknown_fields(cx, Place::Instance(instance.base), members, known);
    for (i, name) in known.iter().enumerate() {
        if misspelt & (1 << i) != 0 {
            instance.set_misspelt(name);
        }
    }
    for f in fields(platform) {
        let path = instance.path(f.name);
        let Some(value) = instance.get(f.name) else {
            // A misspelling that stands for it already says it is missing.
            if f.required && !instance.misspelt(f.name) {
                cx.report(&MISSING_FIELD, At::missing(path, instance.node), |d| {
                    d.param("field", f.name);
                });
            }
            continue;
        };
        let at = At::value(path, value);
        match (value.kind(), f.shape) {
            (Kind::Foreign(_), _) => {}
            (Kind::Null, _) if !f.required => {
                cx.report(&NULL_VALUE, at, |d| {
                    d.param("field", f.name).fix(fix::remove_member(
                        instance.node,
                        value,
                        path.render(),
                        NULL_VALUE.applicability(),
                    ));
                });
            }
            (Kind::String(s), Shape::String) => {
                if f.non_empty && s.is_empty() {
                    cx.report(&EMPTY_VALUE, at, |d| {
                        d.param("field", f.name);
                    });
                }
            }
            (Kind::Array(items), Shape::TagList) => check_tags(cx, instance.base, items),
            (_, Shape::String) => mismatch(cx, at, value, f.name, "string"),
            (_, Shape::TagList) => mismatch(cx, at, value, f.name, "array"),
        }
    }
}

/// `type-mismatch` of a member.
fn mismatch(cx: &mut Checker, at: At, value: Node, field: &'static str, expected: &'static str) {
    cx.report(&TYPE_MISMATCH, at, |f| {
        f.param("field", field)
            .param("expected", expected)
            .param("actual", value.type_name());
    });
}

fn check_tags(cx: &mut Checker, base: &str, items: Elements) {
    for (i, tag) in items.enumerate() {
        let Some(members) = tag.members() else {
            if let Some(actual) = tag.json_type() {
                let at = At::value(Path::element(base, "tags", i, None), tag);
                cx.report(&TYPE_MISMATCH, at, |f| {
                    f.variant("tag")
                        .param("index", i)
                        .param("expected", "object")
                        .param("actual", actual.name());
                });
            }
            continue;
        };
        let misspelt = unknown_fields(cx, Place::Tag(base, i), members, &TAG_FIELDS);
        for (bit, name) in TAG_FIELDS.into_iter().enumerate() {
            let path = Path::element(base, "tags", i, Some(name));
            let Some(value) = tag.get(name) else {
                if misspelt & (1 << bit) == 0 {
                    cx.report(&MISSING_FIELD, At::missing(path, tag), |f| {
                        f.variant("tag").param("field", name).param("index", i);
                    });
                }
                continue;
            };
            let at = At::value(path, value);
            match value.kind() {
                Kind::Foreign(_) => {}
                Kind::String(s) => {
                    if name == "key" && s.trim().is_empty() {
                        cx.report(&EMPTY_VALUE, at, |f| {
                            f.param("field", name)
                                .param("index", i)
                                .api_code("SDRS.2205");
                            if s.is_empty() {
                                f.variant("tag");
                            } else {
                                f.variant("tag-blank").param("value", s);
                            }
                        });
                    }
                }
                _ => {
                    cx.report(&TYPE_MISMATCH, at, |f| {
                        f.variant("tag-member")
                            .param("field", name)
                            .param("index", i)
                            .param("expected", "string")
                            .param("actual", value.type_name());
                        if name == "value" && value.is_null() {
                            f.api_code("SDRS.2208");
                        }
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::INSTANCE_FIELDS;
    use crate::engine::NAMES;
    use crate::test_support::{codes, lint, lint_json};

    #[test]
    fn the_known_names_are_the_fields_in_order() {
        let fields: Vec<&str> = INSTANCE_FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(NAMES[1..], fields[..]);
        assert!(INSTANCE_FIELDS[..8].iter().all(|f| !f.huawei_only));
        assert!(INSTANCE_FIELDS[8..].iter().all(|f| f.huawei_only));
        assert_eq!(crate::engine::FIELDS[..], NAMES[1..]);
    }
    use serde_json::json;

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
        for member in super::REQUEST_ONLY {
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
    fn sdk_names_are_suggested_however_they_are_spelt() {
        let known = super::INSTANCE_FIELDS
            .iter()
            .filter(|f| !f.huawei_only)
            .map(|f| f.name)
            .collect::<Vec<_>>();
        for (name, suggestion, alias) in [
            ("group_id", "server_group_id", true),
            ("groupId", "server_group_id", true),
            ("Subnet_Id", "primary_subnet_id", true),
            ("ipAddress", "primary_ip_address", true),
            ("flavor-id", "flavorRef", true),
            ("FLAVOR", "flavorRef", true),
            ("flavor_ref", "flavorRef", true),
            // A known name spelt otherwise is not an SDK's name.
            ("FlavorRef", "flavorRef", false),
            ("serverId", "server_id", false),
        ] {
            assert_eq!(
                super::suggest(name, &known),
                Some((suggestion, alias)),
                "{name}"
            );
        }
        assert_eq!(super::suggest("zone", &known), None);
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
    fn two_edits_match_the_levenshtein_distance() {
        for known in super::NAMES {
            for name in [
                "serverId",
                "flavor_ref",
                "nmae",
                "names",
                "tag",
                "tags",
                "x",
                "",
                "server_group_idd",
                "priamry_ip_address",
                "dédicated_host_id",
                "中文",
                known,
            ] {
                let expected = Some(strsim::levenshtein(name, known)).filter(|d| *d <= 2);
                assert_eq!(
                    super::within_two_edits(name, known),
                    expected,
                    "{name} {known}"
                );
            }
        }
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
