//! Whether each member the kind describes is there and has the right JSON
//! type: `missing-field`, `type-mismatch`, `null-value`, `empty-value`. A
//! member with one of these gets no format rule (the sink suppresses them).
//! A list's elements are checked the same way against the item's members.

use super::members::{unknown_fields, Known};
use crate::document::{Kind as Json, Node};
use crate::edit;
use crate::engine::{At, Checker};
use crate::pointer::Pointer;
use crate::request::{Instance, Item, Member, Role, Shape};
use crate::rules::rule;

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
    message: r#"The required member "{field}" is missing."#;
    message("wrapper"): r#"The request has no "{field}" object."#;
    message("tag"): r#"Tag {index:nth} has no "{field}"; a tag needs both "key" and "value"."#;
    message("server"): "Server {index:nth} has no \"{field}\"; a server to protect needs its ID.";
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
    message: r#""{field}" must be {expected:t}, not {actual:t}."#;
    message("root"): "The request must be {expected:t}, not {actual:t}.";
    message("tag"): "Tag {index:nth} must be {expected:t}, not {actual:t}.";
    message("tag-member"): "The {field:l} of tag {index:nth} must be {expected:t}, not {actual:t}.";
    message("server"): "Server {index:nth} must be {expected:t}, not {actual:t}.";
    message("server-member"): "\"{field}\" of server {index:nth} must be {expected:t}, not {actual:t}.";
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
    message: r#""{field}" is null, which the service treats as absent; omit it."#;
    fix: r#"Remove "{field}""#;
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
    message: r#""{field}" must not be empty."#;
    message("tag"): "The {field:l} of tag {index:nth} is empty.";
    message("tag-blank"): "The {field:l} of tag {index:nth}, {value:q}, is empty after trimming white space.";
    message("server"): "\"{field}\" of server {index:nth} must not be empty.";
}

/// The members of an instance: unknown and misspelt ones, then each member
/// of its kind's description on the platform.
pub(super) fn check_instance(cx: &mut Checker, instance: &mut Instance) {
    let Some(members) = instance.node.members() else {
        return;
    };
    let kind = instance.kind;
    // An unwrapped root may still carry the wrapper's own name wrongly spelt.
    let wrapper: &[&'static str] = if instance.is_root() {
        &[kind.wrapper]
    } else {
        &[]
    };
    let known = Known::of(kind.members, instance.platform, wrapper, Some(kind));
    // An open kind's other members are its source's business.
    let misspelt = match kind.open {
        true => 0,
        false => unknown_fields(cx, instance.pointer, members, &known),
    };
    for (i, name) in known.names().iter().enumerate() {
        if misspelt & (1 << i) != 0 {
            if let Some(member) = kind.member(name) {
                instance.set_misspelt(member.role);
            }
        }
    }
    for member in kind.members_on(instance.platform) {
        let pointer = instance.pointer.key(member.key);
        match instance.get(member.role) {
            Some(value) => check_value(cx, member, value, instance.node, pointer, None),
            // A misspelling that stands for it already says it is missing;
            // a value known after apply will be there.
            None if member.required
                && !instance.misspelt(member.role)
                && !instance.unknown(member.role) =>
            {
                cx.report(&MISSING_FIELD, At::missing(pointer, instance.node), |f| {
                    f.param("field", member.key);
                });
            }
            None => {}
        }
    }
}

/// One present member's value: `item` is the list item it belongs to and
/// the element's index, for the messages that name it.
fn check_value(
    cx: &mut Checker,
    member: &'static Member,
    value: Node,
    object: Node,
    pointer: Pointer,
    item: Option<(&'static Item, usize)>,
) {
    let at = At::value(pointer, value);
    match (value.kind(), member.shape) {
        (Json::Foreign(_), _) => {}
        (Json::Null, _) if !member.required => {
            cx.report(&NULL_VALUE, at, |f| {
                f.param("field", member.key).fix(edit::remove_member(
                    object,
                    value,
                    pointer,
                    NULL_VALUE.applicability(),
                ));
            });
        }
        (Json::String(s), Shape::Text) => {
            // A tag key is empty once trimmed: the service trims it.
            let empty = match member.role {
                Role::TagKey => s.trim().is_empty(),
                _ => s.is_empty(),
            };
            if member.non_empty && empty {
                cx.report(&EMPTY_VALUE, at, |f| {
                    f.param("field", member.key);
                    if member.role == Role::TagKey {
                        f.api_code("SDRS.2205");
                    }
                    if let Some((item, index)) = item {
                        f.param("index", index);
                        if s.is_empty() {
                            f.variant(item.variants.item);
                        } else {
                            f.variant(item.variants.blank).param("value", s);
                        }
                    }
                });
            }
        }
        (Json::Array(elements), Shape::List(list)) => {
            for (i, element) in elements.enumerate() {
                check_element(cx, list, element, pointer.index(i), i);
            }
        }
        (Json::Object(entries), Shape::Map(item)) => {
            // Each entry's value is the item's second member: a string.
            let Some(part) = item.members.get(1) else {
                return;
            };
            for (i, entry) in entries.enumerate() {
                if !matches!(entry.value.kind(), Json::String(_) | Json::Foreign(_)) {
                    let at = At::value(pointer.key(entry.key), entry.value);
                    cx.report(&TYPE_MISMATCH, at, |f| {
                        f.variant(item.variants.member)
                            .param("field", part.key)
                            .param("index", i)
                            .param("expected", "string")
                            .param("actual", entry.value.type_name());
                    });
                }
            }
        }
        _ => {
            cx.report(&TYPE_MISMATCH, at, |f| {
                f.param("field", member.key)
                    .param("expected", member.shape.json_type())
                    .param("actual", value.type_name());
                if let Some((item, index)) = item {
                    f.variant(item.variants.member).param("index", index);
                    // SDRS.2208: "Null tag value".
                    if member.role == Role::TagValue && value.is_null() {
                        f.api_code("SDRS.2208");
                    }
                }
            });
        }
    }
}

/// One element of a list member: an object with the item's members.
fn check_element(
    cx: &mut Checker,
    item: &'static Item,
    element: Node,
    pointer: Pointer,
    index: usize,
) {
    let Some(members) = element.members() else {
        if let Some(actual) = element.json_type() {
            cx.report(&TYPE_MISMATCH, At::value(pointer, element), |f| {
                f.variant(item.variants.item)
                    .param("index", index)
                    .param("expected", "object")
                    .param("actual", actual.name());
            });
        }
        return;
    };
    let platform = cx.platform();
    let known = Known::of(item.members, platform, &[], None).with_aliases(item.aliases);
    let misspelt = unknown_fields(cx, pointer, members, &known);
    for member in item.members.iter().filter(|m| m.on(platform)) {
        let at = pointer.key(member.key);
        match element.get(member.key) {
            Some(value) => check_value(cx, member, value, element, at, Some((item, index))),
            None if member.required => {
                let bit = known.names().iter().position(|n| *n == member.key);
                if bit.is_some_and(|b| misspelt & (1 << b) != 0) {
                    continue;
                }
                cx.report(&MISSING_FIELD, At::missing(at, element), |f| {
                    f.variant(item.variants.item)
                        .param("field", member.key)
                        .param("index", index);
                });
            }
            None => {}
        }
    }
}
