//! What a caller can set: severity per rule (like ESLint's `rules`), the
//! diagnostic cap, the account's context (SPEC §4), the language, the
//! platform and the organization's policy. [`crate::config`] reads them from
//! the JSON that the command's `--config` file and the JavaScript `options`
//! object share.
//!
//! A build without the `context` or `policy` feature (the npm package's
//! core browser module) has no such member: the reader refuses options
//! that ask for it, naming the feature ([`OptionsError::missing_feature`]),
//! so nothing is ever linted without what was asked for.

#[cfg(feature = "context")]
use crate::context::Context;
use crate::messages::Locale;
use crate::platform::Platform;
#[cfg(feature = "policy")]
use crate::policy::Policy;
use crate::report::Level;
#[cfg(any(feature = "context", feature = "policy"))]
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
    #[cfg(feature = "context")]
    pub context: Option<Arc<Context>>,
    /// The language of messages and fix descriptions.
    pub locale: Locale,
    /// Which cloud's variant of the call the requests are for.
    pub platform: Platform,
    /// The organization's own rules (SPEC §8); shared like the context.
    #[cfg(feature = "policy")]
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
            #[cfg(feature = "context")]
            context: None,
            locale: Locale::En,
            platform: Platform::Otc,
            #[cfg(feature = "policy")]
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

/// The features options can ask for (see `Cargo.toml`).
const FEATURES: [&str; 4] = ["context", "policy", "locales", "terraform"];

/// How [`OptionsError::missing_feature`] words its message, around the feature's name.
const MISSING: (&str, &str) = (
    " needs the '",
    "' feature, which this build of sdrs-lint leaves out",
);

impl OptionsError {
    /// Options that ask for what this build leaves out: `what` (an option
    /// and its value) needs `feature`.
    pub fn missing_feature(what: &str, feature: &str) -> OptionsError {
        OptionsError(format!("{what}{}{feature}{}", MISSING.0, MISSING.1))
    }

    /// The feature the options asked for and this build leaves out, for an
    /// error of [`OptionsError::missing_feature`].
    pub fn feature(&self) -> Option<&'static str> {
        let rest = self.0.strip_suffix(MISSING.1)?;
        FEATURES
            .into_iter()
            .find(|f| rest.strip_suffix(f).is_some_and(|r| r.ends_with(MISSING.0)))
    }
}

impl Options {
    /// The level the configuration sets for a rule, if it sets one.
    pub fn override_for(&self, code: &str) -> Option<Level> {
        self.rules
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, level)| *level)
    }

    /// What the caller knows about the account, in a build that reads one
    /// (the `context` feature).
    pub fn context(&self) -> Option<&crate::context::Context> {
        #[cfg(feature = "context")]
        return self.context.as_deref();
        #[cfg(not(feature = "context"))]
        None
    }

    /// The organization's policy, in a build that reads one (the `policy`
    /// feature).
    pub fn policy(&self) -> Option<&crate::policy::Policy> {
        #[cfg(feature = "policy")]
        return self.policy.as_deref();
        #[cfg(not(feature = "policy"))]
        None
    }
}
