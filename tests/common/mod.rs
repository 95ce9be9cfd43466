//! What the integration tests share.

use sdrs_lint::Report;

/// Each diagnostic's code and JSON Pointer, in report order.
pub fn codes(report: &Report) -> Vec<(&str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str()))
        .collect()
}
