//! # sdrs-lint
//!
//! Checks request bodies of the Storage Disaster Recovery Service call
//! *Creating a Protected Instance* (`POST /v1/{project_id}/protected-instances`,
//! Open Telekom Cloud / Huawei Cloud) before they are sent, and returns
//! structured diagnostics: a stable code, a severity, a message, the JSON
//! Pointer of the offending member, its source range, machine-readable
//! parameters, the service's own error code and, where safe, a fix.
//!
//! ```
//! let report = sdrs_lint::lint_str(
//!     r#"{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
//!         "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "my name"}}"#,
//!     &sdrs_lint::Options::default(),
//! );
//! assert!(!report.valid);
//! let d = &report.diagnostics[0];
//! assert_eq!((d.code, d.path.as_str()), ("name-charset", "/protected_instance/name"));
//! assert_eq!(d.range.unwrap().start.line, 2);
//! ```
//!
//! The same engine serves the `sdrs-lint` command and the `sdrs-lint` npm
//! package (WebAssembly).

pub mod document;
pub mod engine;
pub mod options;
pub mod report;
pub mod rules;
pub mod source;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use document::Node;
pub use options::{Options, OptionsError};
pub use report::{Diagnostic, Fix, Level, PatchOp, Position, Range, Report, Severity};
pub use rules::{Rule, RuleInfo, CATALOGUE};

/// Lints a request given as JSON text; ranges point into `text`.
pub fn lint_str(text: &str, options: &Options) -> Report {
    let parsed = source::parse(text);
    engine::check(parsed.as_ref(), options).finish(options, Some(text))
}

/// Lints a request given as bytes: invalid UTF-8 is an `invalid-json`
/// diagnostic at the first bad byte.
pub fn lint_bytes(bytes: &[u8], options: &Options) -> Report {
    match source::decode(bytes) {
        Ok(text) => lint_str(text, options),
        Err(e) => {
            // Ranges are computed over the valid prefix, which holds the error's start.
            let valid = source::decode(&bytes[..e.span.start]).unwrap_or_default();
            let mut report = engine::check(Err(&e), options).finish(options, Some(valid));
            for d in &mut report.diagnostics {
                if let Some(r) = &mut d.range {
                    r.end.column += (e.span.end - e.span.start) as u32;
                    r.end.offset = e.span.end;
                }
            }
            report
        }
    }
}

/// Lints a request given as a value (what a form or a program holds): the
/// report has paths in document order and no ranges.
pub fn lint_value(value: &serde_json::Value, options: &Options) -> Report {
    lint_document(&Node::from(value), options)
}

/// Lints an already built document (the JavaScript package builds one from a
/// JS object, including values JSON cannot hold).
pub fn lint_document(root: &Node, options: &Options) -> Report {
    engine::check(Ok(root), options).finish(options, None)
}

/// Every rule with its metadata and documentation, in catalogue order.
pub fn rules() -> Vec<RuleInfo> {
    CATALOGUE.iter().map(|r| RuleInfo::from(*r)).collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{Options, Report};

    pub fn lint(text: &str) -> Report {
        crate::lint_str(text, &Options::default())
    }

    pub fn lint_json(value: serde_json::Value) -> Report {
        crate::lint_value(&value, &Options::default())
    }

    /// A valid request with one member replaced (or removed, for `null`).
    pub fn with(field: &str, value: serde_json::Value) -> Report {
        let mut request = serde_json::json!({"protected_instance": {
            "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
            "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
            "name": "web-01",
            "description": "frontend",
            "primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502",
            "primary_ip_address": "192.168.0.5",
            "flavorRef": "s3.large.2",
            "tags": [{"key": "owner", "value": "ops"}]
        }});
        request["protected_instance"][field] = value;
        lint_json(request)
    }

    /// (code, path) of every diagnostic, in report order.
    pub fn codes(report: &Report) -> Vec<(&str, &str)> {
        report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect()
    }
}
