//! `--statistics`: how many diagnostics each rule found, most first.

use sdrs_lint::{Report, Severity, CATALOGUE};
use std::fmt::Write;

struct Row {
    code: &'static str,
    severity: Severity,
    count: usize,
}

/// One row per code found, by count and then catalogue order.
fn rows(reports: &[Report]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match rows.iter_mut().find(|row| row.code == d.code) {
            Some(row) => row.count += 1,
            None => rows.push(Row {
                code: d.code,
                severity: d.severity,
                count: 1,
            }),
        }
    }
    let rank = |code: &str| CATALOGUE.iter().position(|r| r.code == code);
    rows.sort_by_key(|row| (std::cmp::Reverse(row.count), rank(row.code)));
    rows
}

fn summary(code: &str) -> &'static str {
    sdrs_lint::rules::find(code).map_or("", |r| r.summary)
}

pub fn human(reports: &[Report]) -> String {
    let rows = rows(reports);
    let width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let _ = writeln!(
            out,
            "{:>5}  {:width$}  {:7}  {}",
            row.count,
            row.code,
            row.severity.as_str(),
            summary(row.code)
        );
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    let _ = writeln!(out, "{total:>5}  in all");
    out
}

pub fn json(reports: &[Report]) -> String {
    let rows: Vec<serde_json::Value> = rows(reports)
        .iter()
        .map(|row| {
            serde_json::json!({
                "code": row.code,
                "severity": row.severity,
                "count": row.count,
                "summary": summary(row.code),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).expect("serializable") + "\n"
}
