//! What the integration tests share. Each test crate uses part of it.
#![allow(dead_code)]

use sdrs_lint::Report;
use std::path::{Path, PathBuf};

/// Each diagnostic's code and JSON Pointer, in report order.
pub fn codes(report: &Report) -> Vec<(&str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str()))
        .collect()
}

/// A folder of its own for one test, removed afterwards; named by the test
/// crate too, so that two crates' tests of one name never share it.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let crate_name = env!("CARGO_CRATE_NAME");
        let dir = std::env::temp_dir().join(format!(
            "sdrs-lint-{crate_name}-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes a file (and its folders) below the scratch folder.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
