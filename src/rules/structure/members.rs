//! The members of an object against its kind's description: the wrapper
//! (`missing-wrapper`), members the call does not have (`unknown-field`)
//! and misspellings whose value would be dropped (`misspelled-field`).
//!
//! Time: linear in the object's size. Unknown members take one more pass
//! per object; the names known in an object are a dozen, so a suggestion
//! costs a dozen length comparisons and a few short edit distances.

use super::{small_keys, SMALL_OBJECT};
use crate::document::{Members, Node};
use crate::edit;
use crate::engine::{At, Checker};
use crate::platform::Platform;
use crate::pointer::Pointer;
use crate::request::{Kind, Member};
use crate::rules::rule;
use crate::suggest::suggest;
use crate::text::KeyMap;
use std::borrow::Cow;

rule! {
    /// ## What it checks
    /// The root object has no wrapper (`protected_instance`) but holds a
    /// member only a request has (`server_group_id`, `server_id`,
    /// `primary_subnet_id`, `primary_ip_address`, `flavorRef`; `name`,
    /// `description` and `tags` alone are in too many JSON files to tell).
    /// The root is then checked as the protected instance. `params.wrapper`
    /// names the wrapper. The fix wraps the members (safe): in the text,
    /// `{"protected_instance": ` and `}` around the root, so every member,
    /// repeated ones too, keeps its bytes. There is none when a misspelt
    /// wrapper holds the instance's members: renaming it
    /// (`misspelled-field`) is the fix, and wrapping would nest it.
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
    message: r#"The members of the protected instance must be inside a "{wrapper}" object."#;
    fix: r#"Wrap the members in "{wrapper}""#;
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
    message: "Unknown member {field:q}; the service ignores it. Known members here: {known}.";
    message("huawei"): "{field:q} is not in Open Telekom Cloud's API reference for this call; it is a member of the call on {platform:l}.";
    message("leftover"): "Unknown member {field:q}; the service ignores it. It stands for '{suggestion}', which this object has too: remove the one you do not mean.";
    message("hint"): "Unknown member {field:q}: that is the other call's name (single or batch); this call calls it '{suggestion}'.";
}

rule! {
    /// ## What it checks
    /// An unknown member that stands for a known member the object does
    /// not carry: the same name ignoring case, `_` and `-` (`serverId`,
    /// `FlavorRef`), within two edits (`flavourRef`, `nmae`), or the name
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
    message: "Unknown member {field:q}, which the service ignores, so its value is lost; did you mean '{suggestion}'?";
    message("alias"): "{field:q} is the name Terraform and the SDKs use; the API calls it '{suggestion}', and the service ignores {field:q}, so its value is lost.";
    fix: "Rename to '{suggestion}'";
}

/// The names an object may have, on a stack of at most [`SMALL_OBJECT`].
pub(super) struct Known {
    names: [&'static str; SMALL_OBJECT],
    len: usize,
    /// The object's members on every platform, for `unknown-field`'s
    /// platform variant.
    members: &'static [Member],
    aliases: &'static [(&'static str, &'static str)],
    hints: Cow<'static, [(&'static str, &'static str)]>,
}

impl Known {
    /// The members of a description on `platform`, and other names (a
    /// wrapper that the object itself may be missing); a kind's own object
    /// knows its aliases and hints.
    pub(super) fn of(
        members: &'static [Member],
        platform: Platform,
        extra: &[&'static str],
        kind: Option<&'static Kind>,
    ) -> Self {
        let mut known = Known {
            names: [""; SMALL_OBJECT],
            len: 0,
            members,
            aliases: kind.map_or(&[], |k| k.aliases),
            hints: Cow::Borrowed(kind.map_or(&[], |k| k.hints)),
        };
        let names = extra
            .iter()
            .copied()
            .chain(members.iter().filter(|m| m.on(platform)).map(|m| m.key));
        for name in names.take(SMALL_OBJECT) {
            known.names[known.len] = name;
            known.len += 1;
        }
        known
    }

    /// Other names of these members (a list's element has its own).
    pub(super) fn with_aliases(mut self, aliases: &'static [(&'static str, &'static str)]) -> Self {
        self.aliases = aliases;
        self
    }

    /// Other names that stand for one of these: another kind's wrapper
    /// where only one kind is asked for (that is the other call's body,
    /// not a misspelling to rename).
    pub(super) fn with_hints(mut self, hints: Vec<(&'static str, &'static str)>) -> Self {
        self.hints.to_mut().extend(hints);
        self
    }

    pub(super) fn names(&self) -> &[&'static str] {
        &self.names[..self.len]
    }
}

/// The names an unknown member's finding lists as known: the object's
/// members, without what the call refuses (the batch's address). Each list
/// is kept once for the run, so that a finding holds it without copying
/// (`Param::Names`): a hundred thousand unknown members would otherwise
/// copy it a hundred thousand times. The lists are few, one per kind or
/// item, platform and wrapper spelling the object can have, kept per
/// thread (no lock: 300 bytes less in the browser's core module).
fn listed(known: &Known) -> &'static [&'static str] {
    thread_local! {
        static LISTS: std::cell::RefCell<Vec<&'static [&'static str]>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let refused = |n: &str| known.members.iter().any(|m| m.key == n && m.refused);
    let mut list = [""; SMALL_OBJECT];
    let mut len = 0;
    for name in known.names().iter().filter(|n| !refused(n)) {
        list[len] = name;
        len += 1;
    }
    let list = &list[..len];
    LISTS.with_borrow_mut(|lists| {
        if let Some(kept) = lists.iter().find(|kept| **kept == list) {
            return *kept;
        }
        let kept: &'static [&'static str] = Box::leak(list.into());
        lists.push(kept);
        kept
    })
}

/// Reports a missing wrapper around an unwrapped root, with its fix.
pub(super) fn missing_wrapper(cx: &mut Checker, root: Node, wrapper: &'static str, known: &Known) {
    let members = root.members().into_iter().flatten();
    // A misspelt wrapper that holds the instance's members is what was
    // meant: its rename is the fix, and wrapping the root around it would
    // nest it.
    let misspelt_wrapper = members.clone().any(|m| {
        suggest(m.key, &[wrapper], &[]).is_some()
            && m.value
                .members()
                .is_some_and(|mut inner| inner.any(|i| known.names().contains(&i.key)))
    });
    cx.report(&MISSING_WRAPPER, At::missing(Pointer::ROOT, root), |f| {
        f.param("wrapper", wrapper);
        if !misspelt_wrapper {
            f.fix(edit::wrap(root, wrapper, MISSING_WRAPPER.applicability()));
        }
    });
}

/// Unknown members of one object, each distinct key once, at its last
/// occurrence; linear in the object's size. A member that stands for a
/// known one the object lacks is `misspelled-field`, any other
/// `unknown-field`. Returns the known names (a bit each, by their position
/// in `known`) that a misspelling stands for: their absence is that one
/// finding, not a second one.
pub(super) fn unknown_fields(
    cx: &mut Checker,
    object: Pointer,
    members: Members,
    known: &Known,
) -> u64 {
    let names = known.names();
    let small = small_keys(members.clone());
    let last = match small {
        Some(_) => None,
        None => last_occurrences(members.clone()),
    };
    let platform = cx.platform();
    // Which known names the object has: found once, by the first member
    // with a suggestion, not by every one (a million misspellings).
    let mut present = None;
    // The known names a misspelling stands for; the first of each gets the
    // rename (two renamed together would make a repeated key).
    let mut stood_for = 0u64;
    for (i, m) in members.clone().enumerate() {
        if names.contains(&m.key) {
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
        let pointer = object.key(m.key);
        // A member of the call on another platform.
        let elsewhere = known
            .members
            .iter()
            .find(|d| d.key == m.key && !d.on(platform))
            .and_then(|d| d.platforms.first());
        // Another kind's member: its counterpart here is suggested.
        if let Some((_, meant)) = known.hints.iter().find(|(h, _)| *h == m.key) {
            cx.report(&UNKNOWN_FIELD, At::key(pointer, &m), |f| {
                f.param("field", m.key)
                    .variant("hint")
                    .param("suggestion", *meant);
            });
            continue;
        }
        let suggestion = suggest(m.key, names, known.aliases).filter(|_| elsewhere.is_none());
        let Some((suggestion, alias)) = suggestion else {
            cx.report(&UNKNOWN_FIELD, At::key(pointer, &m), |f| {
                f.param("field", m.key);
                match elsewhere {
                    Some(platform) => {
                        f.variant("huawei").param("platform", platform.as_str());
                    }
                    None => {
                        // What the call refuses (the batch's address) is
                        // no member to suggest.
                        f.param("known", listed(known));
                    }
                }
            });
            continue;
        };
        let bit = names
            .iter()
            .position(|k| *k == suggestion)
            .map_or(0, |i| 1 << i);
        let present = *present.get_or_insert_with(|| known_present(&members, names));
        if present & bit != 0 {
            // A leftover beside the member it stands for: no value is lost.
            cx.report(&UNKNOWN_FIELD, At::key(pointer, &m), |f| {
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
        cx.report(&MISSPELLED_FIELD, At::key(pointer, &m), |f| {
            f.param("field", m.key).param("suggestion", suggestion);
            if alias {
                f.variant("alias");
            }
            if renamed {
                f.fix(edit::rename_key(
                    &m,
                    object,
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
    // Values only, 12 bytes each: a member's key is the node before its value.
    let values: Vec<Node> = members.map(|m| m.value).collect();
    if values.len() <= SMALL_OBJECT {
        return None;
    }
    let doc = values[0].document();
    let mut last_of = KeyMap::with_capacity(values.len());
    let mut occurrences = vec![Occurrence::Earlier; values.len()];
    for (i, value) in values.iter().enumerate().rev() {
        let key = doc.node(value.order() - 1).as_str().unwrap_or_default();
        let last = last_of.get_or_insert(key, i);
        if last == i {
            occurrences[i] = Occurrence::Only;
        } else if let Some(o) = occurrences.get_mut(last) {
            *o = Occurrence::LastOfMany;
        }
    }
    Some(occurrences)
}
