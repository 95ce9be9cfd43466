//! The rule catalogue: every code with its metadata, in the order of SPEC's
//! tables (which is also the tie-break when two diagnostics share a range).
//!
//! A rule is declared with [`rule!`] in its family's file: the doc comment
//! above it is its documentation (`--explain`, `rules()` in JavaScript), and
//! the family's `check` function beside it reports it.

use crate::report::Severity;
use serde::Serialize;

pub mod address;
pub mod description;
pub mod flavor;
pub mod ids;
pub mod name;
pub mod plan;
pub mod preflight;
pub mod structure;
pub mod tags;

/// What a rule looks at; the sink uses it for suppression (SPEC §2, "One
/// error per member").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The text is not JSON.
    Syntax,
    /// The shape of the document: keys, wrapper.
    Structure,
    /// A member is missing, `null`, empty or of the wrong type: the member's
    /// format rules are then not reported.
    Presence,
    /// The content of a present value.
    Format,
    /// Needs facts about the account (SPEC §4).
    Preflight,
    /// Needs the other requests of a plan (SPEC §5).
    Plan,
    /// The report itself (the diagnostic cap).
    Report,
}

#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub kind: RuleKind,
    pub summary: &'static str,
    pub api_code: Option<&'static str>,
    pub fixable: bool,
    /// Markdown: what it checks, why it matters, a bad and a good request.
    /// Empty without the `docs` feature.
    pub docs: &'static str,
}

impl Rule {
    /// The documentation with the doc-comment indentation removed.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// Position in the catalogue.
    pub fn rank(&'static self) -> usize {
        CATALOGUE
            .iter()
            .position(|r| std::ptr::eq(*r, self))
            .unwrap_or(CATALOGUE.len())
    }
}

/// Declares a rule; its doc comment becomes its documentation.
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = $code:literal, $severity:ident, $kind:ident,
            $summary:literal $(, api_code = $api:literal)? $(, fixable = $fixable:literal)? ;
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            severity: $crate::report::Severity::$severity,
            kind: $crate::rules::RuleKind::$kind,
            summary: $summary,
            api_code: rule!(@api $($api)?),
            fixable: rule!(@fixable $($fixable)?),
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
        };
    };
    (@api) => { None };
    (@api $api:literal) => { Some($api) };
    (@fixable) => { false };
    (@fixable $f:literal) => { $f };
}
pub(crate) use rule;

/// Every rule, in SPEC order.
pub static CATALOGUE: &[&Rule] = &[
    &structure::INVALID_JSON,
    &structure::DUPLICATE_KEY,
    &structure::MISSING_WRAPPER,
    &structure::MISSING_FIELD,
    &structure::TYPE_MISMATCH,
    &structure::NULL_VALUE,
    &structure::EMPTY_VALUE,
    &structure::UNKNOWN_FIELD,
    &ids::ID_FORMAT,
    &ids::ID_UPPERCASE,
    &name::NAME_TOO_LONG,
    &name::NAME_CHARSET,
    &description::DESCRIPTION_TOO_LONG,
    &description::DESCRIPTION_ANGLE_BRACKET,
    &address::IP_REQUIRES_SUBNET,
    &address::IP_FORMAT,
    &address::IP_NOT_PRIVATE,
    &address::IP_LIKELY_RESERVED,
    &flavor::FLAVOR_FORMAT,
    &flavor::FLAVOR_BILLING_CODE,
    &flavor::FLAVOR_UNSUPPORTED,
    &tags::TAGS_TOO_MANY,
    &tags::TAGS_EMPTY,
    &tags::TAG_KEY_DUPLICATE,
    &tags::TAG_KEY_CASE_DUPLICATE,
    &tags::TAG_KEY_TOO_LONG,
    &tags::TAG_VALUE_TOO_LONG,
    &tags::TAG_KEY_CHARSET,
    &tags::TAG_VALUE_CHARSET,
    &tags::TAG_PORTABLE_CHARSET,
    &tags::TAG_WHITESPACE,
    &tags::TAG_KEY_RESERVED,
    &preflight::GROUP_NOT_FOUND,
    &preflight::GROUP_STATUS,
    &preflight::SERVER_NOT_FOUND,
    &preflight::SERVER_STATUS,
    &preflight::SERVER_ALREADY_PROTECTED,
    &preflight::SERVER_VPC_MISMATCH,
    &preflight::SERVER_AZ_MISMATCH,
    &preflight::SERVER_SHARED_DISK,
    &preflight::SERVER_DEDICATED_HOST,
    &preflight::SERVER_KEY_PAIR_MISSING,
    &preflight::SERVER_AUTOSCALING,
    &preflight::SUBNET_NOT_FOUND,
    &preflight::SUBNET_VPC_MISMATCH,
    &preflight::IP_OUTSIDE_SUBNET,
    &preflight::IP_RESERVED,
    &preflight::IP_IN_USE,
    &preflight::FLAVOR_NOT_AVAILABLE,
    &preflight::FLAVOR_SMALLER,
    &plan::PLAN_DUPLICATE_SERVER,
    &plan::PLAN_DUPLICATE_IP,
    &plan::PLAN_DUPLICATE_NAME,
    &structure::NON_JSON_VALUE,
    &structure::TOO_MANY_DIAGNOSTICS,
];

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().copied().find(|r| r.code == code)
}

/// The rule whose code is closest to a misspelt one (Levenshtein distance at
/// most 3; ties go to catalogue order), for "did you mean" hints.
pub fn closest(code: &str) -> Option<&'static Rule> {
    CATALOGUE
        .iter()
        .copied()
        .map(|r| (strsim::levenshtein(code, r.code), r))
        .filter(|(distance, _)| *distance <= 3)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, r)| r)
}

/// A serializable view of a rule for the surfaces (`--list-rules`, `rules()`).
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub kind: RuleKind,
    pub summary: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_code: Option<&'static str>,
    pub fixable: bool,
    /// Absent without the `docs` feature (the wasm build).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub documentation: String,
}

impl From<&Rule> for RuleInfo {
    fn from(r: &Rule) -> Self {
        RuleInfo {
            code: r.code,
            severity: r.severity,
            kind: r.kind,
            summary: r.summary,
            api_code: r.api_code,
            fixable: r.fixable,
            documentation: if cfg!(feature = "docs") {
                r.documentation()
            } else {
                String::new()
            },
        }
    }
}

/// Shortens a value for quoting in a message.
pub(crate) fn quote(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        format!("'{value}'")
    } else {
        let head: String = value.chars().take(MAX - 1).collect();
        format!("'{head}…'")
    }
}

/// How a character is named in a message: itself, or its escape when invisible.
pub(crate) fn show_char(c: char) -> String {
    match c {
        ' ' => "' ' (space)".to_string(),
        c if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in CATALOGUE {
            assert!(seen.insert(rule.code), "{} twice", rule.code);
            assert!(rule
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            let docs = rule.documentation();
            assert!(docs.len() > 80, "{} has no documentation", rule.code);
            assert!(!rule.summary.is_empty());
            if ![RuleKind::Syntax, RuleKind::Report].contains(&rule.kind) {
                assert!(docs.contains("```json"), "{} has no example", rule.code);
            }
        }
    }

    #[test]
    fn closest_suggests_a_near_code_and_nothing_for_a_far_one() {
        assert_eq!(closest("name-charst").map(|r| r.code), Some("name-charset"));
        assert_eq!(closest("ID-FORMAT").map(|r| r.code), None);
        assert_eq!(closest("something-else-entirely").map(|r| r.code), None);
    }

    #[test]
    fn quote_shortens_long_values() {
        assert_eq!(quote("abc"), "'abc'");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 42);
    }
}
