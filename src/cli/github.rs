//! The github format: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines.

use super::Input;
use sdrs_lint::{Report, Severity};
use std::fmt::Write;

pub fn render(inputs: &[Input], reports: &[Report]) -> String {
    let mut out = String::new();
    for (input, report) in inputs.iter().zip(reports) {
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![("file", input.source.clone())];
            if let Some(range) = d.range {
                properties.extend([
                    ("line", input.file_line(range.start).to_string()),
                    ("col", range.start.column.to_string()),
                    ("endLine", input.file_line(range.end).to_string()),
                    ("endColumn", range.end.column.to_string()),
                ]);
            }
            properties.push(("title", format!("sdrs-lint({})", d.code)));
            let properties: Vec<String> = properties
                .iter()
                .map(|(key, value)| format!("{key}={}", escape_property(value)))
                .collect();
            let _ = writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&d.message)
            );
        }
    }
    out
}

/// The runner's escaping of a command's message (actions/toolkit, command.ts).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value also escapes the separators `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
