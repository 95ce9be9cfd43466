//! The gitlab format: a GitLab Code Quality report (a subset of the Code
//! Climate issue format), shown in merge requests; an array of issues
//! written as each input is linted.

use super::{fingerprints, Input, JsonArray, Outcome, Render};
use sdrs_lint::{Report, Severity};
use serde_json::json;
use std::io::{self, Write};

#[derive(Default)]
pub struct Gitlab {
    issues: Option<JsonArray>,
}

impl Render for Gitlab {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.issues = Some(JsonArray::open(out, 0)?);
        Ok(())
    }

    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        let issues = self.issues.as_mut().expect("started");
        let fingerprints = fingerprints(input, report);
        for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints) {
            // GitLab requires a begin line; the closing too-many-diagnostics,
            // which has no place, is shown on the first.
            let location = match d.range {
                Some(range) => json!({
                    "path": &*input.source,
                    "positions": {
                        "begin": {"line": input.file_line(range.start), "column": range.start.column},
                        "end": {"line": input.file_line(range.end), "column": range.end.column},
                    },
                }),
                None => json!({"path": &*input.source, "lines": {"begin": 1}}),
            };
            let issue = json!({
                "check_name": d.code,
                "description": d.message,
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "fingerprint": fingerprint,
                "location": location,
            });
            issues.push(out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _outcome: &Outcome) -> io::Result<()> {
        self.issues.take().expect("started").close(out)?;
        out.write_all(b"\n")
    }
}
