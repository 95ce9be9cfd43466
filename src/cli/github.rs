//! The github format: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines.

use super::{Input, Outcome, Render};
use sdrs_lint::{Report, Severity};
use std::io::{self, Write};

pub struct Github;

impl Render for Github {
    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![("file", input.source.to_string())];
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
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&d.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _outcome: &Outcome) -> io::Result<()> {
        Ok(())
    }
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
