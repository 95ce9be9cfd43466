//! The rule catalogue: every code with its metadata, in the order of SPEC's
//! tables (which is also the tie-break when two diagnostics share a range).
//!
//! A rule is declared with [`rule!`] in its family's file: the doc comment
//! above it is its documentation (`--explain`, `rules()` in JavaScript), and
//! the family's `check` function beside it reports it.

use crate::messages::Locale;
use crate::platform::Platform;
use crate::report::{Applicability, Severity};
use serde::Serialize;

pub mod address;
pub mod batch;
pub mod description;
/// The rules' documentation in German and Chinese (generated list).
#[cfg(feature = "docs")]
#[rustfmt::skip]
mod docs;
pub mod flavor;
pub mod ids;
pub mod name;
pub mod plan;
pub mod policy;
pub mod preflight;
pub mod structure;
pub mod tags;
pub mod tenancy;

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
    /// An organization's own rule (SPEC §8).
    Policy,
    /// The report itself (the diagnostic cap).
    Report,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Syntax => "syntax",
            RuleKind::Structure => "structure",
            RuleKind::Presence => "presence",
            RuleKind::Format => "format",
            RuleKind::Preflight => "preflight",
            RuleKind::Plan => "plan",
            RuleKind::Policy => "policy",
            RuleKind::Report => "report",
        }
    }
}

#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub kind: RuleKind,
    pub summary: &'static str,
    pub api_code: Option<&'static str>,
    /// Whether its fix is safe (applied by `--fix`) or unsafe (only with
    /// `--unsafe-fixes`); `None` when it has none.
    pub fix: Option<Applicability>,
    /// The platforms it applies to (SPEC §7).
    pub platforms: &'static [Platform],
    /// Markdown: what it checks, why it matters, a bad and a good request.
    /// Empty without the `docs` feature.
    pub docs: &'static str,
    /// Its message templates in English (`messages` module's syntax): the
    /// plain one first (variant `""`), then one per `variant`. The other
    /// languages' catalogues key theirs by `code` and `code.variant`.
    pub messages: &'static [(&'static str, &'static str)],
    /// Its fix's description template in English, for a fixable rule.
    pub fix_title: Option<&'static str>,
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

    /// The English template of a finding's message.
    pub fn message(&self, variant: Option<&str>) -> Option<&'static str> {
        let variant = variant.unwrap_or("");
        self.messages
            .iter()
            .find(|(v, _)| *v == variant)
            .map(|(_, template)| *template)
    }

    /// Whether the rule can offer a fix.
    pub fn fixable(&self) -> bool {
        self.fix.is_some()
    }

    /// The applicability of its fixes, for a rule that has them.
    pub fn applicability(&self) -> Applicability {
        self.fix.unwrap_or(Applicability::Unsafe)
    }

    /// The rule's page, relative to the repository and the npm package.
    pub fn url(&self) -> String {
        format!("docs/rules/{}.md", self.code)
    }

    /// The one-line summary in a language (English beside the rule, the
    /// others in their catalogues as `summary.CODE`).
    pub fn summary_in(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.summary.to_string(),
            _ => crate::messages::label(locale, "summary", self.code)
                .unwrap_or_else(|| self.summary.to_string()),
        }
    }

    /// The documentation in a language: English beside the rule, the
    /// others in `src/rules/docs/LANG/CODE.md`. Empty without the `docs`
    /// feature.
    pub fn documentation_in(&self, locale: Locale) -> String {
        #[cfg(feature = "docs")]
        {
            let pages = match locale {
                Locale::En => &[][..],
                Locale::De => docs::DE,
                Locale::Zh => docs::ZH,
            };
            if let Some((_, page)) = pages.iter().find(|(code, _)| *code == self.code) {
                return page.trim().to_string();
            }
        }
        let _ = locale;
        self.documentation()
    }

    /// The rule's page in a language (`docs/rules/de/CODE.md`).
    pub fn url_in(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.url(),
            other => format!("docs/rules/{}/{}.md", other.as_str(), self.code),
        }
    }

    /// Position in the catalogue.
    pub fn rank(&'static self) -> usize {
        CATALOGUE
            .iter()
            .position(|r| std::ptr::eq(*r, self))
            .unwrap_or(CATALOGUE.len())
    }
}

/// Declares a rule: its doc comment becomes its documentation, and its
/// message (with one line per variant) and fix title sit beside it in
/// English.
macro_rules! rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = $code:literal, $severity:ident, $kind:ident,
            $summary:literal $(, api_code = $api:literal)? $(, fix = $fix:ident)?
            $(, platforms = [$($platform:ident),*])? ;
        message: $message:literal;
        $(message($variant:literal): $variant_message:literal;)*
        $(fix: $fix_title:literal;)?
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            severity: $crate::report::Severity::$severity,
            kind: $crate::rules::RuleKind::$kind,
            summary: $summary,
            api_code: rule!(@api $($api)?),
            fix: rule!(@fix $($fix)?),
            platforms: rule!(@platforms $([$($platform),*])?),
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
            messages: if rule!(@built $kind) {
                &[("", $message) $(, ($variant, $variant_message))*]
            } else {
                &[]
            },
            fix_title: if rule!(@built $kind) { rule!(@title $($fix_title)?) } else { None },
        };
    };
    // Whether this build can report the rule: a pre-flight rule needs the
    // `context` feature and a policy rule `policy`; the npm package's core
    // browser module leaves their words out (it never reports them).
    (@built Preflight) => { cfg!(feature = "context") };
    (@built Policy) => { cfg!(feature = "policy") };
    (@built $kind:ident) => { true };
    (@title) => { None };
    (@title $title:literal) => { Some($title) };
    (@api) => { None };
    (@api $api:literal) => { Some($api) };
    (@fix) => { None };
    (@fix $fix:ident) => { Some($crate::report::Applicability::$fix) };
    (@platforms) => { &$crate::platform::Platform::ALL };
    (@platforms [$($platform:ident),*]) => { &[$($crate::platform::Platform::$platform),*] };
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
    &structure::MISSPELLED_FIELD,
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
    &tenancy::TENANCY_VALUE,
    &tenancy::DEDICATED_HOST_TENANCY,
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
    &policy::POLICY_TAG_MISSING,
    &policy::POLICY_TAG_KEY_CASE,
    &policy::POLICY_TAG_VALUE,
    &policy::POLICY_NAME_PATTERN,
    &batch::NAME_PREFIX_TOO_LONG,
    &batch::SERVERS_EMPTY,
    &batch::SERVERS_TOO_MANY,
    &batch::BATCH_DUPLICATE_SERVER,
    &batch::BATCH_IP_NOT_SUPPORTED,
    &crate::terraform::TERRAFORM_UNSUPPORTED,
    &structure::NON_JSON_VALUE,
    &structure::TOO_MANY_DIAGNOSTICS,
];

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().copied().find(|r| r.code == code)
}

/// The rule whose code is closest to a misspelt one (see
/// [`crate::suggest::closest`]; ties go to catalogue order), for "did you
/// mean" hints.
pub fn closest_rule(code: &str) -> Option<&'static Rule> {
    let codes: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
    crate::suggest::closest(code, &codes)
        .and_then(find)
        .or_else(|| {
            // A code cut short (`tag-key-dup`): the one rule it begins.
            let mut begun = CATALOGUE
                .iter()
                .filter(|r| code.len() >= 3 && r.code.starts_with(code));
            match (begun.next(), begun.next()) {
                (Some(rule), None) => Some(rule),
                _ => None,
            }
        })
}

/// The rules whose findings the service would answer with `api_code`
/// (`SDRS.0201`), in catalogue order.
pub fn with_api_code(api_code: &str) -> Vec<&'static Rule> {
    CATALOGUE
        .iter()
        .filter(|r| r.api_code.is_some_and(|c| c.eq_ignore_ascii_case(api_code)))
        .copied()
        .collect()
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
    /// `safe` or `unsafe` for a fixable rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_applicability: Option<Applicability>,
    pub platforms: &'static [Platform],
    /// The rule's page, relative to the repository and the npm package.
    pub url: String,
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
            fixable: r.fixable(),
            fix_applicability: r.fix,
            platforms: r.platforms,
            url: r.url(),
            documentation: if cfg!(feature = "docs") {
                r.documentation()
            } else {
                String::new()
            },
        }
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
        assert_eq!(
            closest_rule("name-charst").map(|r| r.code),
            Some("name-charset")
        );
        // Case aside: a code typed in capitals finds its rule.
        assert_eq!(closest_rule("ID-FORMAT").map(|r| r.code), Some("id-format"));
        assert_eq!(
            closest_rule("something-else-entirely").map(|r| r.code),
            None
        );
    }
}
