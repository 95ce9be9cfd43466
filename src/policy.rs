//! An organization's own rules (SPEC §8): which tags every protected
//! instance must carry, which values a tag may have, how names are formed.
//! The tag policy is read in the format of AWS Organizations and Huawei
//! Cloud Organizations tag policies (an effective policy: `@@assign` only).
//!
//! A policy is read once, strictly, like a context: a member the reader does
//! not know, a wrong type or a pattern that does not compile is a
//! [`PolicyError`] naming the place, never ignored. The name pattern is
//! compiled with `regex-lite`, whose matching is linear in the name for any
//! pattern an administrator writes (no backtracking blow-up), and bounded
//! in size when compiled.

use crate::document::{Document, Node};
use crate::suggest::closest;
use crate::text::quote;
use std::collections::HashMap;

/// What the organization requires of a protected instance.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// By policy key, in the policy's order.
    pub tags: Vec<TagPolicy>,
    /// Tag keys every request must carry, spelt exactly so.
    pub required_tags: Vec<String>,
    pub name_pattern: Option<NamePattern>,
    /// Positions in `tags` by ASCII-lower-case policy key.
    by_key: HashMap<String, usize>,
}

/// The policy of one tag key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPolicy {
    /// The policy's own key (lower case in such policies).
    pub key: String,
    /// How the tag key must be spelt: `tag_key`, else the policy key in
    /// lower case (SPEC §8, as the organizations' services do).
    pub spelling: String,
    /// The allowed values; one ending in `*` allows every value with that
    /// prefix. `None`: any value.
    pub values: Option<Vec<String>>,
    /// `enforced_for` names an SDRS resource type: findings are errors.
    pub enforced: bool,
    /// The resource types `enforced_for` names, as written.
    pub enforced_for: Option<Vec<String>>,
}

impl TagPolicy {
    /// Whether `value` is allowed.
    pub fn allows(&self, value: &str) -> bool {
        self.values.as_ref().is_none_or(|values| {
            values
                .iter()
                .any(|allowed| match allowed.strip_suffix('*') {
                    Some(prefix) => value.starts_with(prefix),
                    None => value == allowed,
                })
        })
    }
}

/// A compiled `name_pattern`.
#[derive(Clone, Debug)]
pub struct NamePattern {
    /// As the administrator wrote it.
    pub pattern: String,
    regex: regex_lite::Regex,
}

impl NamePattern {
    /// Compiles a pattern the whole name must match.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let regex =
            regex_lite::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())?;
        Ok(NamePattern {
            pattern: pattern.to_string(),
            regex,
        })
    }

    /// Whether the whole name matches.
    pub fn matches(&self, name: &str) -> bool {
        self.regex.is_match(name)
    }
}

impl PartialEq for NamePattern {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern
    }
}

impl PartialEq for Policy {
    fn eq(&self, other: &Self) -> bool {
        (&self.tags, &self.required_tags, &self.name_pattern)
            == (&other.tags, &other.required_tags, &other.name_pattern)
    }
}

/// A policy the linter cannot read; the message names the place, such as
/// `policy.tags.costcenter.tag_value must be {"@@assign": [strings]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError(pub String);

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PolicyError {}

/// The members of a policy.
pub const MEMBERS: [&str; 3] = ["tags", "required_tags", "name_pattern"];
/// The members of one key's tag policy.
pub const TAG_MEMBERS: [&str; 3] = ["tag_key", "tag_value", "enforced_for"];

fn unknown(place: &str, key: &str, known: &[&str]) -> PolicyError {
    let hint = closest(key, known)
        .map(|k| format!(" (did you mean '{k}'?)"))
        .unwrap_or_default();
    PolicyError(format!(
        "{place} has an unknown member '{key}'{hint}; the members are {}",
        known.join(", ")
    ))
}

/// A list of strings.
fn strings(place: &str, node: Node) -> Result<Vec<String>, PolicyError> {
    let wrong = || {
        PolicyError(format!(
            "{place} must be a list of strings, not {}",
            node.described()
        ))
    };
    let items = node.elements().ok_or_else(wrong)?;
    items
        .enumerate()
        .map(|(i, item)| {
            item.as_str().map(str::to_string).ok_or_else(|| {
                PolicyError(format!(
                    "{place}[{i}] must be a string, not {}",
                    item.described()
                ))
            })
        })
        .collect()
}

/// `{"@@assign": …}`: what an effective tag policy assigns.
fn assigned<'d>(place: &str, node: Node<'d>, what: &str) -> Result<Node<'d>, PolicyError> {
    let wrong = || {
        PolicyError(format!(
            "{place} must be {{\"@@assign\": {what}}}, not {}",
            node.described()
        ))
    };
    let members = node.members().ok_or_else(wrong)?;
    let mut value = None;
    for m in members.filter(|m| !m.value.is_undefined()) {
        if m.key != "@@assign" {
            return Err(PolicyError(format!(
                "{place} has '{}'; an effective policy has only \"@@assign\"",
                m.key
            )));
        }
        value = Some(m.value);
    }
    value.ok_or_else(wrong)
}

impl Policy {
    /// Reads a policy strictly (SPEC §8).
    pub fn from_node(node: Node) -> Result<Policy, PolicyError> {
        let Some(members) = node.members() else {
            return Err(PolicyError(format!(
                "policy must be an object, not {}",
                node.described()
            )));
        };
        let mut policy = Policy::default();
        for m in members.filter(|m| !m.value.is_undefined()) {
            let v = m.value;
            match m.key {
                "tags" => {
                    let Some(keys) = v.members() else {
                        return Err(PolicyError(format!(
                            "policy.tags must be an object, not {}",
                            v.described()
                        )));
                    };
                    for k in keys {
                        policy.add_tag(k.key, k.value)?;
                    }
                }
                "required_tags" => policy.required_tags = strings("policy.required_tags", v)?,
                "name_pattern" => {
                    let Some(pattern) = v.as_str() else {
                        return Err(PolicyError(format!(
                            "policy.name_pattern must be a string, not {}",
                            v.described()
                        )));
                    };
                    policy.name_pattern = Some(NamePattern::new(pattern).map_err(|cause| {
                        PolicyError(format!(
                            "policy.name_pattern {} is not a valid regular expression: {cause}",
                            quote(pattern)
                        ))
                    })?);
                }
                "$schema" if v.as_str().is_some() => {}
                other => return Err(unknown("policy", other, &MEMBERS)),
            }
        }
        policy.check_required_tags()?;
        Ok(policy)
    }

    /// Refuses required tags no request could carry as written, which would
    /// have `policy-tag-missing` add them pass after pass: empty, padded (the
    /// service trims tag keys), repeated (in any letter case), or spelt
    /// otherwise by the policy's own `tags`.
    fn check_required_tags(&self) -> Result<(), PolicyError> {
        // The map type `by_key` already is: no other hash table in the module.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, key) in self.required_tags.iter().enumerate() {
            let at = format!("policy.required_tags[{i}]");
            let fault = if key.is_empty() {
                "is empty".to_string()
            } else if key.trim() != key {
                format!(
                    "{} has white space at its start or end, which the service removes from tag keys",
                    quote(key)
                )
            } else if let Some(first) = seen.insert(key.to_ascii_lowercase(), i) {
                let earlier = &self.required_tags[first];
                if earlier == key {
                    format!("repeats {}", quote(key))
                } else {
                    // Both present would be tag-key-case-duplicate on every
                    // request that complies.
                    format!(
                        "{} repeats {} in other letter case",
                        quote(key),
                        quote(earlier)
                    )
                }
            } else {
                match self.tag(key).filter(|t| t.spelling != *key) {
                    Some(t) => format!(
                        "{} is spelt {} by policy.tags.{}",
                        quote(key),
                        quote(&t.spelling),
                        t.key
                    ),
                    None => continue,
                }
            };
            return Err(PolicyError(format!("{at} {fault}")));
        }
        Ok(())
    }

    /// Reads a policy from a serde value.
    pub fn from_value(value: &serde_json::Value) -> Result<Policy, PolicyError> {
        Policy::from_node(Document::from_value(value).root())
    }

    fn add_tag(&mut self, key: &str, node: Node) -> Result<(), PolicyError> {
        // No tag key is empty or padded (the service trims them): such a
        // policy key would never match.
        if key.is_empty() || key.trim() != key {
            return Err(PolicyError(format!(
                "policy.tags has the key {}, which no tag key can match: tag keys are not empty and have no white space at their start or end",
                quote(key)
            )));
        }
        let place = format!("policy.tags.{key}");
        let Some(members) = node.members() else {
            return Err(PolicyError(format!(
                "{place} must be an object, not {}",
                node.described()
            )));
        };
        let mut tag = TagPolicy {
            key: key.to_string(),
            spelling: key.to_ascii_lowercase(),
            values: None,
            enforced: false,
            enforced_for: None,
        };
        for m in members.filter(|m| !m.value.is_undefined()) {
            let at = format!("{place}.{}", m.key);
            match m.key {
                "tag_key" => {
                    let value = assigned(&at, m.value, "a string")?;
                    tag.spelling = value
                        .as_str()
                        .ok_or_else(|| {
                            PolicyError(format!(
                                "{at}.@@assign must be a string, not {}",
                                value.described()
                            ))
                        })?
                        .to_string();
                    if !tag.spelling.eq_ignore_ascii_case(key) {
                        return Err(PolicyError(format!(
                            "{at} '{}' must be the policy key '{key}' in other letter case",
                            tag.spelling
                        )));
                    }
                }
                "tag_value" => {
                    let value = assigned(&at, m.value, "[strings]")?;
                    tag.values = Some(strings(&format!("{at}.@@assign"), value)?);
                }
                "enforced_for" => {
                    let value = assigned(&at, m.value, "[resource types]")?;
                    let types = strings(&format!("{at}.@@assign"), value)?;
                    // "sdrs:*", "sdrs:protected-instance", "sdrs:protectedInstance":
                    // the type names vary between clouds; the service part decides.
                    tag.enforced = types.iter().any(|t| {
                        t.split(':')
                            .next()
                            .is_some_and(|service| service.eq_ignore_ascii_case("sdrs"))
                    });
                    tag.enforced_for = Some(types);
                }
                other => return Err(unknown(&place, other, &TAG_MEMBERS)),
            }
        }
        let folded = key.to_ascii_lowercase();
        if let Some(&other) = self.by_key.get(&folded) {
            return Err(PolicyError(format!(
                "policy.tags has both '{}' and '{key}'; policy keys are compared ignoring case",
                self.tags[other].key
            )));
        }
        self.by_key.insert(folded, self.tags.len());
        self.tags.push(tag);
        Ok(())
    }

    /// The policy of a tag key, compared ignoring ASCII case.
    pub fn tag(&self, key: &str) -> Option<&TagPolicy> {
        let i = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.by_key.get(&key.to_ascii_lowercase())
        } else {
            self.by_key.get(key)
        };
        i.map(|&i| &self.tags[i])
    }
}

impl serde::Serialize for Policy {
    /// The policy file's own format, so that a printed policy reads back.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Assign<T>(T);
        impl<T: serde::Serialize> serde::Serialize for Assign<T> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("@@assign", &self.0)?;
                map.end()
            }
        }
        struct Tag<'a>(&'a TagPolicy);
        impl serde::Serialize for Tag<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let t = self.0;
                let mut map = s.serialize_map(None)?;
                if t.spelling != t.key.to_ascii_lowercase() {
                    map.serialize_entry("tag_key", &Assign(&t.spelling))?;
                }
                if let Some(values) = &t.values {
                    map.serialize_entry("tag_value", &Assign(values))?;
                }
                if let Some(types) = &t.enforced_for {
                    map.serialize_entry("enforced_for", &Assign(types))?;
                }
                map.end()
            }
        }
        struct Tags<'a>(&'a [TagPolicy]);
        impl serde::Serialize for Tags<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for t in self.0 {
                    map.serialize_entry(&t.key, &Tag(t))?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(None)?;
        if !self.tags.is_empty() {
            map.serialize_entry("tags", &Tags(&self.tags))?;
        }
        if !self.required_tags.is_empty() {
            map.serialize_entry("required_tags", &self.required_tags)?;
        }
        if let Some(pattern) = &self.name_pattern {
            map.serialize_entry("name_pattern", &pattern.pattern)?;
        }
        map.end()
    }
}

impl std::str::FromStr for Policy {
    type Err = PolicyError;

    /// Reads a policy from JSON text (the command's `--policy FILE`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let root = crate::source::parse_file(text)
            .map_err(|e| PolicyError(format!("the policy is not valid JSON: {e}")))?;
        Policy::from_node(root.root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(value: serde_json::Value) -> String {
        Policy::from_value(&value).unwrap_err().0
    }

    #[test]
    fn reads_the_spec_example() {
        // SPEC §8's example, as examples/policy.json holds it.
        let p: Policy = include_str!("../examples/policy.json").parse().unwrap();
        let cost = p.tag("COSTCENTER").unwrap();
        assert_eq!(cost.spelling, "CostCenter");
        assert!(cost.enforced);
        assert!(cost.allows("300-berlin") && cost.allows("100") && !cost.allows("1000"));
        let env = p.tag("env").unwrap();
        assert_eq!(env.spelling, "env");
        assert!(!env.enforced);
        assert!(p.tag("owner").is_none());
        let pattern = p.name_pattern.as_ref().unwrap();
        assert!(pattern.matches("web-prod") && !pattern.matches("Web-prod"));
        // Without tag_key, the policy key in lower case.
        let p = Policy::from_value(&json!({"tags": {"Env": {}}})).unwrap();
        assert_eq!(p.tag("ENV").unwrap().spelling, "env");
    }

    #[test]
    fn a_printed_policy_reads_back() {
        let p = Policy::from_value(&json!({
            "tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"},
                "enforced_for": {"@@assign": ["sdrs:*"]}}},
            "name_pattern": "[a-z]+"
        }))
        .unwrap();
        let printed = serde_json::to_value(&p).unwrap();
        assert_eq!(Policy::from_value(&printed).unwrap(), p);
        assert_eq!(
            printed["tags"]["costcenter"]["enforced_for"]["@@assign"][0],
            "sdrs:*"
        );
    }

    #[test]
    fn the_whole_name_must_match() {
        let pattern = NamePattern::new("[a-z]+").unwrap();
        assert!(pattern.matches("web"));
        assert!(!pattern.matches("web-01"));
        assert!(NamePattern::new("a|b").unwrap().matches("b"));
    }

    #[test]
    fn a_pathological_pattern_runs_in_linear_time() {
        let pattern = NamePattern::new("(a+)+$").unwrap();
        let name = "a".repeat(10_000) + "!";
        assert!(!pattern.matches(&name));
    }

    #[test]
    fn mistakes_name_their_place() {
        assert_eq!(
            error(json!({"required_tag": []})),
            "policy has an unknown member 'required_tag' (did you mean 'required_tags'?); the members are tags, required_tags, name_pattern"
        );
        assert_eq!(
            error(json!({"tags": {"env": {"tag_values": {"@@assign": ["a"]}}}})),
            "policy.tags.env has an unknown member 'tag_values' (did you mean 'tag_value'?); the members are tag_key, tag_value, enforced_for"
        );
        assert_eq!(
            error(json!({"tags": {"env": {"tag_value": {"@@assign": "prod"}}}})),
            "policy.tags.env.tag_value.@@assign must be a list of strings, not a string"
        );
        assert_eq!(
            error(json!({"tags": {"env": {"tag_value": ["prod"]}}})),
            "policy.tags.env.tag_value must be {\"@@assign\": [strings]}, not an array"
        );
        assert_eq!(
            error(json!({"tags": {"env": {"tag_value": {"@@append": ["x"]}}}})),
            "policy.tags.env.tag_value has '@@append'; an effective policy has only \"@@assign\""
        );
        assert_eq!(
            error(json!({"tags": {"env": {"tag_key": {"@@assign": "Stage"}}}})),
            "policy.tags.env.tag_key 'Stage' must be the policy key 'env' in other letter case"
        );
        assert_eq!(
            error(json!({"tags": {"env": {}, "ENV": {}}})),
            "policy.tags has both 'env' and 'ENV'; policy keys are compared ignoring case"
        );
        assert_eq!(
            error(json!({"required_tags": ["a", 1]})),
            "policy.required_tags[1] must be a string, not a number"
        );
        assert_eq!(
            error(json!({"required_tags": ["owner", ""]})),
            "policy.required_tags[1] is empty"
        );
        assert_eq!(
            error(json!({"required_tags": [" owner"]})),
            "policy.required_tags[0] ' owner' has white space at its start or end, which the service removes from tag keys"
        );
        assert_eq!(
            error(json!({"required_tags": ["owner", "app", "owner"]})),
            "policy.required_tags[2] repeats 'owner'"
        );
        assert_eq!(
            error(json!({"required_tags": ["owner", "Owner"]})),
            "policy.required_tags[1] 'Owner' repeats 'owner' in other letter case"
        );
        assert_eq!(
            error(json!({"tags": {" env": {}}})),
            "policy.tags has the key ' env', which no tag key can match: tag keys are not empty and have no white space at their start or end"
        );
        assert!(error(json!({"tags": {"": {}}})).starts_with("policy.tags has the key '', which"));
        assert_eq!(
            error(json!({"required_tags": ["Env"], "tags": {"env": {}}})),
            "policy.required_tags[0] 'Env' is spelt 'env' by policy.tags.env"
        );
        assert_eq!(
            error(
                json!({"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}},
                "required_tags": ["costcenter"]})
            ),
            "policy.required_tags[0] 'costcenter' is spelt 'CostCenter' by policy.tags.costcenter"
        );
        let e = error(json!({"name_pattern": "(unclosed"}));
        assert!(
            e.starts_with("policy.name_pattern '(unclosed' is not a valid regular expression: "),
            "{e}"
        );
        assert_eq!(error(json!([])), "policy must be an object, not an array");
    }
}
