//! `--statistics`: how many diagnostics each rule found, most first; only
//! the counts are kept while the run goes.

use super::{Input, Outcome, Render};
use sdrs_lint::{messages, Locale, Report, Severity, CATALOGUE};
use std::io::{self, Write};

struct Row {
    code: &'static str,
    severity: Severity,
    count: usize,
}

/// One row per code found (at most one per rule of the catalogue).
pub struct Statistics {
    rows: Vec<Row>,
    json: bool,
    /// The language of the summaries, severities and the total's words.
    locale: Locale,
}

impl Statistics {
    pub fn new(json: bool, locale: Locale) -> Self {
        Statistics {
            rows: Vec::new(),
            json,
            locale,
        }
    }

    /// The rows by count and then catalogue order.
    fn sorted(&mut self) -> &[Row] {
        let rank = |code: &str| CATALOGUE.iter().position(|r| r.code == code);
        self.rows
            .sort_by_key(|row| (std::cmp::Reverse(row.count), rank(row.code)));
        &self.rows
    }
}

fn summary(code: &str, locale: Locale) -> String {
    sdrs_lint::rules::find(code).map_or(String::new(), |r| r.summary_in(locale))
}

impl Render for Statistics {
    fn report(&mut self, _out: &mut dyn Write, _input: &Input, report: &Report) -> io::Result<()> {
        for d in &report.diagnostics {
            match self.rows.iter_mut().find(|row| row.code == d.code) {
                Some(row) => row.count += 1,
                None => self.rows.push(Row {
                    code: d.code,
                    severity: d.severity,
                    count: 1,
                }),
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _outcome: &Outcome) -> io::Result<()> {
        let (json, locale) = (self.json, self.locale);
        let rows = self.sorted();
        if json {
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    serde_json::json!({
                        "code": row.code,
                        "severity": row.severity,
                        "count": row.count,
                        "summary": summary(row.code, locale),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return out.write_all(b"\n");
        }
        let width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
        let total: usize = rows.iter().map(|r| r.count).sum();
        // The counts right-aligned under the widest, the total.
        let digits = total.to_string().len().max(5);
        for row in rows {
            writeln!(
                out,
                "{:>digits$}  {:width$}  {:7}  {}",
                row.count,
                row.code,
                messages::label(locale, "severity", row.severity.as_str())
                    .unwrap_or_else(|| row.severity.as_str().to_string()),
                summary(row.code, locale)
            )?;
        }
        let in_all = super::say(locale, "in-all", &Default::default());
        writeln!(out, "{total:>digits$}  {in_all}")
    }
}
