//! The gitlab format: a GitLab Code Quality report (a subset of the Code
//! Climate issue format), shown in merge requests.

use super::{fingerprints, Input};
use sdrs_lint::{Report, Severity};
use serde_json::json;

pub fn render(inputs: &[Input], reports: &[Report]) -> String {
    let fingerprints = fingerprints(inputs, reports);
    let mut issues = Vec::new();
    for ((input, report), fingerprints) in inputs.iter().zip(reports).zip(&fingerprints) {
        for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints) {
            // GitLab requires a begin line; the closing too-many-diagnostics,
            // which has no place, is shown on the first.
            let location = match d.range {
                Some(range) => json!({
                    "path": input.source,
                    "positions": {
                        "begin": {"line": input.file_line(range.start), "column": range.start.column},
                        "end": {"line": input.file_line(range.end), "column": range.end.column},
                    },
                }),
                None => json!({"path": input.source, "lines": {"begin": 1}}),
            };
            issues.push(json!({
                "check_name": d.code,
                "description": d.message,
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "fingerprint": fingerprint,
                "location": location,
            }));
        }
    }
    serde_json::to_string_pretty(&issues).expect("serializable") + "\n"
}
