//! Rendering and file handling for the command.

pub mod fix;
pub mod human;
pub mod sarif;

use std::path::PathBuf;

/// One request as read: its display name, its file (none for standard
/// input) and its bytes.
pub struct Input {
    pub name: String,
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

impl Input {
    /// The text, when it is UTF-8 (invalid UTF-8 gets no code frame).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}
