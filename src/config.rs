//! Reading options strictly from JSON: the command's `--config` file and the
//! JavaScript `options` object have one shape. Unknown keys, unknown rule
//! codes and wrong types are errors that say what is wrong, never ignored.
//! Above the rules, whose catalogue it checks codes against.

#[cfg(feature = "context")]
use crate::context::Context;
use crate::document::{Document, Kind, Member, Node};
use crate::options::{Options, OptionsError, KEYS};
#[cfg(feature = "policy")]
use crate::policy::Policy;
use crate::report::Level;
use crate::rules;
use serde_json::Value;
#[cfg(any(feature = "context", feature = "policy"))]
use std::sync::Arc;

impl Options {
    /// The `kind` option (SPEC §9): `auto`, or a request kind's name.
    pub fn parse_kind(name: &str) -> Result<Option<&'static str>, OptionsError> {
        if name == "auto" {
            return Ok(None);
        }
        if name == crate::terraform::KIND {
            if cfg!(not(feature = "terraform")) {
                return Err(OptionsError::missing_feature(
                    "options.kind 'terraform'",
                    "terraform",
                ));
            }
            return Ok(Some(crate::terraform::KIND));
        }
        match crate::request::kind(name) {
            Some(kind) => Ok(Some(kind.name)),
            None => {
                let names: Vec<String> = std::iter::once("auto")
                    .chain(crate::request::KINDS.iter().map(|k| k.name))
                    .chain(std::iter::once(crate::terraform::KIND))
                    .map(|n| format!("\"{n}\""))
                    .collect();
                Err(OptionsError(format!(
                    "unknown kind '{name}' (expected {})",
                    names.join(", ")
                )))
            }
        }
    }

    /// The level a rule reports at: its override, else its default severity.
    pub fn level(&self, code: &str) -> Level {
        if let Some(level) = self.override_for(code) {
            return level;
        }
        match rules::find(code).map(|r| r.severity) {
            Some(crate::Severity::Info) => Level::Info,
            Some(crate::Severity::Warning) => Level::Warning,
            _ => Level::Error,
        }
    }

    /// Sets one rule's level, replacing an earlier one; the code must be in
    /// the catalogue.
    pub fn set_rule(&mut self, code: &str, level: Level) -> Result<(), OptionsError> {
        let Some(rule) = rules::find(code) else {
            let codes: Vec<&str> = rules::CATALOGUE.iter().map(|r| r.code).collect();
            let hint = crate::suggest::closest(code, &codes)
                .map(|c| format!(" (did you mean '{c}'?)"))
                .unwrap_or_default();
            return Err(OptionsError(format!("unknown rule '{code}'{hint}")));
        };
        self.rules.retain(|(c, _)| *c != rule.code);
        self.rules.push((rule.code, level));
        Ok(())
    }

    /// Reads `{"rules": {code: "off"|"info"|"warning"|"error"}, "max_diagnostics": n,
    /// "context": {…}}`. Unknown keys, unknown codes, wrong types and a context
    /// that [`Context::from_node`] refuses are errors, never ignored.
    pub fn from_value(value: &Value) -> Result<Options, OptionsError> {
        Options::from_node(Document::from_value(value).root())
    }

    /// [`Options::from_value`] for a document tree (what text and JavaScript
    /// values become). A member set to JavaScript's `undefined` is absent,
    /// as JS callers expect (`{ context: maybeContext }`).
    pub fn from_node(node: Node) -> Result<Options, OptionsError> {
        let err = |m: String| Err(OptionsError(m));
        let Some(members) = node.members() else {
            return err(format!(
                "options must be an object, not {}",
                node.described()
            ));
        };
        let mut options = Options::default();
        // The cap's two spellings are one option: given both (or one twice),
        // which would win is a guess.
        let mut cap_given: Option<&str> = None;
        for Member { key, value: v, .. } in members.filter(|m| !m.value.is_undefined()) {
            match key {
                "rules" => {
                    let Some(rules) = v.members() else {
                        return err(format!("'rules' must be an object, not {}", v.described()));
                    };
                    for Member {
                        key: code,
                        value: level,
                        ..
                    } in rules
                    {
                        if level.is_undefined() {
                            continue;
                        }
                        let Some(level) = level.as_str() else {
                            return err(format!(
                                "rules.{code} must be \"off\", \"info\", \"warning\" or \"error\", not {}",
                                level.described()
                            ));
                        };
                        let level = level
                            .parse()
                            .map_err(|e| OptionsError(format!("rules.{code}: {e}")))?;
                        options.set_rule(code, level)?;
                    }
                }
                "max_diagnostics" | "maxDiagnostics" if cap_given.is_some() => {
                    let first = cap_given.unwrap_or_default();
                    return err(format!(
                        "'{first}' and '{key}' are the same option; give it once"
                    ));
                }
                "max_diagnostics" | "maxDiagnostics" => match v.kind() {
                    Kind::Number(n) => match n.parse() {
                        Ok(n) if n > 0 => {
                            options.max_diagnostics = n;
                            cap_given = Some(key);
                        }
                        _ => return err(format!("'{key}' must be a positive integer")),
                    },
                    _ => return err(format!("'{key}' must be a positive integer")),
                },
                #[cfg(feature = "context")]
                "context" => {
                    options.context = match v.kind() {
                        Kind::Null => None,
                        _ => Some(Arc::new(
                            Context::from_node(v).map_err(|e| OptionsError(e.0))?,
                        )),
                    }
                }
                #[cfg(feature = "policy")]
                "policy" => {
                    options.policy = match v.kind() {
                        Kind::Null => None,
                        _ => Some(Arc::new(
                            Policy::from_node(v).map_err(|e| OptionsError(e.0))?,
                        )),
                    }
                }
                // A build without them (the npm package's core browser
                // module) refuses what it would not read; `null` is none.
                #[cfg(not(feature = "context"))]
                "context" => {
                    if !matches!(v.kind(), Kind::Null) {
                        return Err(OptionsError::missing_feature("options.context", "context"));
                    }
                }
                #[cfg(not(feature = "policy"))]
                "policy" => {
                    if !matches!(v.kind(), Kind::Null) {
                        return Err(OptionsError::missing_feature("options.policy", "policy"));
                    }
                }
                "locale" => {
                    let Some(tag) = v.as_str() else {
                        return err(format!("'locale' must be a string, not {}", v.described()));
                    };
                    options.locale = tag.parse().map_err(OptionsError)?;
                    if !options.locale.is_built() {
                        return Err(OptionsError::missing_feature(
                            &format!("options.locale '{tag}'"),
                            "locales",
                        ));
                    }
                }
                "platform" => {
                    let Some(name) = v.as_str() else {
                        return err(format!(
                            "'platform' must be a string, not {}",
                            v.described()
                        ));
                    };
                    options.platform = name.parse().map_err(OptionsError)?;
                }
                "kind" => {
                    let Some(name) = v.as_str() else {
                        return err(format!("'kind' must be a string, not {}", v.described()));
                    };
                    options.kind = Options::parse_kind(name)?;
                }
                // Editors complete and check a configuration against its schema.
                "$schema" => {
                    if v.as_str().is_none() {
                        return err(format!(
                            "\"$schema\" must be a string (the schema's URI), not {}",
                            v.described()
                        ));
                    }
                }
                other => {
                    let hint = crate::suggest::closest(other, &KEYS)
                        .map(|k| format!(" (did you mean '{k}'?)"))
                        .unwrap_or_default();
                    return err(format!("unknown option '{other}'{hint}"));
                }
            }
        }
        Ok(options)
    }
}

impl std::str::FromStr for Options {
    type Err = OptionsError;

    /// Reads a configuration from JSON text (the command's `--config FILE`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let root = crate::source::parse_file(text)
            .map_err(|e| OptionsError(format!("not valid JSON: {e}")))?;
        Options::from_node(root.root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_rules_and_refuses_mistakes() {
        let o =
            Options::from_value(&json!({"rules": {"name-charset": "off", "tags-empty": "error"}}))
                .unwrap();
        assert_eq!(o.level("name-charset"), Level::Off);
        assert_eq!(o.level("tags-empty"), Level::Error);
        assert_eq!(o.level("ip-not-private"), Level::Warning);

        let e = Options::from_value(&json!({"rules": {"name-charst": "off"}})).unwrap_err();
        assert!(e.0.contains("did you mean 'name-charset'"), "{e}");
        assert!(Options::from_value(&json!({"rules": {"name-charset": "loud"}})).is_err());
        assert!(Options::from_value(&json!({"rules": {"name-charset": 0}})).is_err());
        assert!(Options::from_value(&json!({"rulez": {}})).is_err());
        assert!(Options::from_value(&json!([])).is_err());
        assert!(Options::from_value(&json!({"max_diagnostics": 0})).is_err());
        let both = Options::from_value(&json!({"max_diagnostics": 1, "maxDiagnostics": 2}));
        assert_eq!(
            both.unwrap_err().0,
            "'max_diagnostics' and 'maxDiagnostics' are the same option; give it once"
        );
        let e = "{\"rules\": }".parse::<Options>().unwrap_err();
        assert!(e.0.starts_with("not valid JSON: "), "{e}");
        assert!(e.0.ends_with("(line 1, column 11)"), "{e}");
        assert_eq!(
            r#"{"rules": {"tags-empty": "off"}}"#.parse::<Options>().unwrap().level("tags-empty"),
            Level::Off
        );
    }

    #[test]
    fn a_missing_feature_is_named() {
        let e = OptionsError::missing_feature("options.locale 'de'", "locales");
        assert_eq!(
            e.0,
            "options.locale 'de' needs the 'locales' feature, which this build of sdrs-lint leaves out"
        );
        assert_eq!(e.feature(), Some("locales"));
        assert_eq!(
            OptionsError::missing_feature("options.policy", "policy").feature(),
            Some("policy")
        );
        assert_eq!(OptionsError("unknown option 'x'".into()).feature(), None);
        // This build has every feature: nothing is refused for want of one.
        assert!(Options::from_value(&json!({"locale": "de", "kind": "terraform"})).is_ok());
    }

    #[test]
    fn reads_a_context_strictly() {
        let o = Options::from_value(&json!({"context": {"key_pairs": ["kp-prod"]}})).unwrap();
        let context = o.context.expect("a context");
        assert_eq!(context.key_pairs, Some(vec!["kp-prod".to_string()]));
        assert_eq!(
            Options::from_value(&json!({"context": null})).unwrap(),
            Options::default()
        );
        let e = Options::from_value(
            &json!({"context": {"servers": [{"id": "s", "dedicated_host": 1}]}}),
        )
        .unwrap_err();
        assert_eq!(
            e.0,
            "context.servers[0].dedicated_host must be a boolean, not a number"
        );
        let e = Options::from_value(&json!({"context": "ctx.json"})).unwrap_err();
        assert_eq!(e.0, "context must be an object, not a string");
    }
}
