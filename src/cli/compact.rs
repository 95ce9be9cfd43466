//! The compact format: one line per diagnostic, `file:line:column: severity
//! code message`, as compilers print them and editors' problem matchers
//! (Vim's errorformat, VS Code's `$tsc`-style matchers) read them.

use super::{Input, Outcome, Render};
use sdrs_lint::Report;
use std::io::{self, Write};

pub struct Compact;

impl Render for Compact {
    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        for d in &report.diagnostics {
            match d.range {
                Some(range) => write!(
                    out,
                    "{}:{}:{}:",
                    input.source,
                    input.file_line(range.start),
                    range.start.column
                )?,
                // Only the closing too-many-diagnostics has no place.
                None => write!(out, "{}:", input.source)?,
            };
            writeln!(out, " {} {} {}", d.severity.as_str(), d.code, d.message)?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _outcome: &Outcome) -> io::Result<()> {
        Ok(())
    }
}
