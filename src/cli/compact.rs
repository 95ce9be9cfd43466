//! The compact format: one line per diagnostic, `file:line:column: severity
//! code message`, as compilers print them and editors' problem matchers
//! (Vim's errorformat, VS Code's `$tsc`-style matchers) read them.

use super::Input;
use sdrs_lint::Report;
use std::fmt::Write;

pub fn render(inputs: &[Input], reports: &[Report]) -> String {
    let mut out = String::new();
    for (input, report) in inputs.iter().zip(reports) {
        for d in &report.diagnostics {
            let _ = match d.range {
                Some(range) => write!(
                    out,
                    "{}:{}:{}:",
                    input.source,
                    input.file_line(range.start),
                    range.start.column
                ),
                // Only the closing too-many-diagnostics has no place.
                None => write!(out, "{}:", input.source),
            };
            let _ = writeln!(out, " {} {} {}", d.severity.as_str(), d.code, d.message);
        }
    }
    out
}
