//! Rendering and file handling for the command.

pub mod fix;
pub mod human;
pub mod sarif;

use std::path::PathBuf;

/// One request as read: its name in reports (`FILE`, or `FILE:LINE` for an
/// NDJSON line), its file (none for standard input), where it starts in
/// that file, and its bytes.
pub struct Input {
    pub name: String,
    pub path: Option<PathBuf>,
    /// The file's name as code frames show it.
    pub source: String,
    /// The file line of the input's first line (1 except in NDJSON).
    pub first_line: u32,
    pub bytes: Vec<u8>,
}

impl Input {
    /// The text, when it is UTF-8 (invalid UTF-8 gets no code frame).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
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
                first_line: i as u32 + 1,
                bytes: line.to_vec(),
            }
        })
        .collect()
}
