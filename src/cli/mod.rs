//! Rendering and file handling for the command.

pub mod compact;
pub mod config;
pub mod fix;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod inputs;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod watch;

use sdrs_lint::{Diagnostic, Position, Report};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;

/// One request as read: its name in reports (`FILE`, or `FILE:LINE` for an
/// NDJSON line), its file (none for standard input), where it starts in
/// that file, and its bytes.
pub struct Input {
    pub name: String,
    pub path: Option<PathBuf>,
    /// The file's name as code frames show it.
    pub source: String,
    /// Where the request lives as locations name it: its file, or
    /// `--stdin-filename`; none for unnamed standard input.
    pub location: Option<PathBuf>,
    /// Which input file it came from, counted from 0 (NDJSON lines share one).
    pub file: usize,
    /// The file line of the input's first line (1 except in NDJSON).
    pub first_line: u32,
    /// Found by walking a directory or a glob, not named on its own.
    pub walked: bool,
    pub bytes: Vec<u8>,
}

impl Input {
    /// The text, when it is UTF-8 (invalid UTF-8 gets no code frame).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// A position of a report on this input as a line of its file (NDJSON
    /// ranges are within the line).
    pub fn file_line(&self, at: Position) -> u32 {
        at.line + self.first_line - 1
    }
}

/// How the run ended, for the formats that record it (SARIF, JUnit).
pub struct Outcome<'a> {
    pub exit_code: u8,
    /// Inputs that could not be read, each named with the cause.
    pub unreadable: &'a [String],
}

/// Splits NDJSON into one input per non-blank line (LF or CRLF).
pub fn ndjson_lines(file: Input) -> Vec<Input> {
    file.bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(i, line)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            Input {
                name: format!("{}:{}", file.source, i + 1),
                path: file.path.clone(),
                source: file.source.clone(),
                location: file.location.clone(),
                file: file.file,
                first_line: i as u32 + 1,
                walked: file.walked,
                bytes: line.to_vec(),
            }
        })
        .collect()
}

/// Stable identities for the diagnostics of a run, for code-scanning and
/// code-quality tools that track a finding across commits: a hash of the
/// input's name, the rule and the JSON Pointer (not the line, which moves
/// with unrelated edits; for a plan's finding, its resource's address and
/// argument), and how many identical ones came before it.
pub fn fingerprints<'a>(inputs: &'a [Input], reports: &'a [Report]) -> Vec<Vec<String>> {
    let mut seen: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
    inputs
        .iter()
        .zip(reports)
        .map(|(input, report)| {
            report
                .diagnostics
                .iter()
                .map(|d: &Diagnostic| {
                    // A plan's finding is where its resource's argument is:
                    // its index among the plan's changes moves when
                    // another resource is added.
                    let place = match &d.resource {
                        Some(r) if !r.address.is_empty() => {
                            let rest = r.argument.as_str();
                            (r.address.as_str(), rest)
                        }
                        _ => (d.path.as_str(), ""),
                    };
                    let n = seen
                        .entry((input.name.as_str(), d.code, place.0, place.1))
                        .or_default();
                    *n += 1;
                    let mut hash = Sha256::new();
                    let n = n.to_string();
                    let parts = match d.resource.is_some() {
                        true => vec![input.name.as_str(), d.code, place.0, place.1, &n],
                        false => vec![input.name.as_str(), d.code, place.0, &n],
                    };
                    for part in parts {
                        hash.update(part.as_bytes());
                        hash.update([0]);
                    }
                    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
                })
                .collect()
        })
        .collect()
}
