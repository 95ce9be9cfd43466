//! The Terraform resource instance a plan's request is checked as: what
//! its findings carry (address, type) and which of its values are
//! sensitive, so that none of them is written anywhere (SPEC §10).

use crate::engine::{At, Finding};
use crate::messages::SENSITIVE;
use crate::report::Param;

/// The Terraform resource instance whose request is being checked: what
/// its findings carry, and which of its values are sensitive.
#[derive(Debug, Default)]
pub struct ResourceScope {
    pub address: String,
    pub kind: String,
    /// The pointer of the request's values (`/resource_changes/3/change/after`).
    pub base: String,
    /// Node ranges (`order()..end()`) of sensitive values, with their
    /// pointers.
    pub sensitive: Vec<(u32, u32, String)>,
    /// The plan's sensitive texts, never to be written anywhere.
    pub secrets: std::sync::Arc<[String]>,
}

/// Params that name things, never carry a value.
const NAMES: &[&str] = &[
    "field",
    "expected",
    "actual",
    "reason",
    "part",
    "role",
    "platform",
    "unit",
    "cause",
    "limit",
    "count",
    "index",
    "first_index",
    "previous_index",
    "bytes",
    // A plan rule's earlier request: its address.
    "first",
];

impl ResourceScope {
    /// The pointer of the sensitive value a finding is inside of, when the
    /// finding's own path goes deeper.
    pub(crate) fn sensitive_outer(&self, at: &At, path: &str) -> Option<&str> {
        let subject = at.subject?;
        self.sensitive
            .iter()
            .find(|(s, e, _)| (*s..*e).contains(&subject))
            .map(|(_, _, pointer)| pointer.as_str())
            .filter(|pointer| path.len() > pointer.len() && path.starts_with(pointer))
    }

    /// Writes no sensitive value into a finding: a value that is one of the
    /// secrets, and every text of a finding about a sensitive value (its
    /// characters, a fix that spells it), becomes `(sensitive)`. An ID known
    /// only after apply is written as the expression that will produce it.
    pub(crate) fn hide(&self, at: &At, finding: &mut Finding) {
        let about_secret = at
            .subject
            .is_some_and(|n| self.sensitive.iter().any(|(s, e, _)| (*s..*e).contains(&n)));
        if about_secret {
            finding.fix = None;
        }
        for (name, value) in finding.params.iter_mut() {
            let secret = |t: &str| {
                about_secret || self.secrets.binary_search_by(|s| s.as_str().cmp(t)).is_ok()
            };
            // An ID the plan knows only after apply reads as its expression.
            match value {
                Param::Text(t) => {
                    if let Some(expression) = crate::terraform::pending_expression(t) {
                        *t = expression;
                    }
                }
                Param::Texts(list) => {
                    for t in list {
                        if let Some(expression) = crate::terraform::pending_expression(t) {
                            *t = expression;
                        }
                    }
                }
                _ => {}
            }
            match value {
                Param::Text(t) if !NAMES.contains(&name) && secret(t) => *t = SENSITIVE.into(),
                Param::Texts(list) if !NAMES.contains(&name) && list.iter().any(|t| secret(t)) => {
                    *list = vec![SENSITIVE.into()];
                }
                _ => {}
            }
        }
    }
}
