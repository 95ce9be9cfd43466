//! What a caller can set: severity per rule (like ESLint's `rules`), the
//! diagnostic cap, the account's context (SPEC §4), the language, the
//! platform and the organization's policy. [`crate::config`] reads them from
//! the JSON that the command's `--config` file and the JavaScript `options`
//! object share.

use crate::context::Context;
use crate::messages::Locale;
use crate::platform::Platform;
use crate::policy::Policy;
use crate::report::Level;
use std::sync::Arc;

/// The default `max_diagnostics` (SPEC §2).
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1000;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Severity overrides by rule code, one per code (see [`Options::set_rule`]).
    pub rules: Vec<(&'static str, Level)>,
    /// At most this many diagnostics are kept in a report.
    pub max_diagnostics: usize,
    /// What the caller knows about the account; the pre-flight rules run
    /// only with it. Shared, because a large context is read once and
    /// serves many lint calls.
    pub context: Option<Arc<Context>>,
    /// The language of messages and fix descriptions.
    pub locale: Locale,
    /// Which cloud's variant of the call the requests are for.
    pub platform: Platform,
    /// The organization's own rules (SPEC §8); shared like the context.
    pub policy: Option<Arc<Policy>>,
    /// The request kind the requests are (SPEC §9), by its name: `None`
    /// decides by each document's root (`auto`).
    pub kind: Option<&'static str>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rules: Vec::new(),
            max_diagnostics: DEFAULT_MAX_DIAGNOSTICS,
            context: None,
            locale: Locale::En,
            platform: Platform::Otc,
            policy: None,
            kind: None,
        }
    }
}

/// The members of a configuration or options object.
pub const KEYS: [&str; 7] = [
    "rules",
    "max_diagnostics",
    "context",
    "locale",
    "platform",
    "policy",
    "kind",
];

/// A malformed configuration or options object; the message says what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptionsError {}

impl Options {
    /// The level the configuration sets for a rule, if it sets one.
    pub fn override_for(&self, code: &str) -> Option<Level> {
        self.rules
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, level)| *level)
    }
}
