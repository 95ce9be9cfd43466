//! The junit format, written by `quick-junit`: a test suite per input, a
//! failed test case per diagnostic (a passing one for a clean input), and
//! an errored one per input that could not be read, for CI systems that
//! show test reports.
//!
//! `<testsuites>` carries the run's totals before its children, so the
//! suites go to a temporary file as the inputs are linted, a few dozen at a
//! time, written by `quick-junit` as it writes them in a whole report, and
//! the report is put together at the end: its start with the totals, the
//! suites copied, its end. Only the totals and those few suites are held.

use super::{Input, Outcome, Render, Spool};
use quick_junit::{
    NonSuccessKind, Report as JUnitReport, TestCase, TestCaseStatus, TestSuite, XmlString,
};
use sdrs_lint::Report;
use std::io::{self, Write};

const END: &str = "\n</testsuites>\n";

/// How many suites are written to the temporary file at a time.
const BATCH: usize = 64;

pub struct Junit {
    /// The suites written so far, each as it stands in the report.
    suites: Option<Spool>,
    /// The suites not written yet, at most [`BATCH`].
    pending: JUnitReport,
    /// The totals (tests, failures, errors, skipped).
    totals: JUnitReport,
    /// Whether any suite was written.
    any: bool,
    /// The passing test case's name, made once (quick-junit cleans every
    /// string it is given of terminal escapes).
    request: XmlString,
}

impl Junit {
    pub fn new() -> io::Result<Self> {
        Ok(Junit {
            suites: Some(Spool::new()?),
            pending: JUnitReport::new("sdrs-lint"),
            totals: JUnitReport::new("sdrs-lint"),
            any: false,
            request: XmlString::new("request"),
        })
    }

    fn add(&mut self, suite: TestSuite) -> io::Result<()> {
        self.totals.tests += suite.tests;
        self.totals.failures += suite.failures;
        self.totals.errors += suite.errors;
        self.totals.skipped += suite.skipped;
        self.pending.add_test_suite(suite);
        self.any = true;
        match self.pending.test_suites.len() {
            BATCH.. => self.write_pending(),
            _ => Ok(()),
        }
    }

    /// The suites held, as they stand in a whole report (between its start
    /// tag and its end, each after a line break), to the temporary file.
    fn write_pending(&mut self) -> io::Result<()> {
        if self.pending.test_suites.is_empty() {
            return Ok(());
        }
        let text = to_string(&self.pending)?;
        let inner = &text[start_len(&text)..text.len() - END.len()];
        let file = self.suites.as_mut().expect("not finished");
        file.write_all(inner.as_bytes())?;
        self.pending = JUnitReport::new("sdrs-lint");
        Ok(())
    }
}

fn to_string(report: &JUnitReport) -> io::Result<String> {
    report.to_string().map_err(io::Error::other)
}

/// The length of the XML declaration and `<testsuites …>`.
fn start_len(text: &str) -> usize {
    let tag = text.find("<testsuites").expect("a testsuites element");
    tag + text[tag..].find('>').expect("a start tag") + 1
}

impl Render for Junit {
    fn report(&mut self, _out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        let name = XmlString::new(&input.name);
        let mut suite = TestSuite::new(name.clone());
        if report.diagnostics.is_empty() {
            let mut case = TestCase::new(self.request.clone(), TestCaseStatus::success());
            case.set_classname(name.clone());
            suite.add_test_case(case);
        }
        for d in &report.diagnostics {
            let at = d
                .range
                .map(|r| format!(" at {}:{}", input.file_line(r.start), r.start.column))
                .unwrap_or_default();
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(d.message.as_str())
                .set_type(d.severity.as_str())
                .set_description(format!(
                    "{}: {} {} ({}{at})",
                    d.severity.as_str(),
                    d.message,
                    d.code,
                    if d.path.is_empty() { "(root)" } else { &d.path }
                ));
            let mut case = TestCase::new(format!("{}{at}", d.code), status);
            case.set_classname(name.clone());
            suite.add_test_case(case);
        }
        self.add(suite)
    }

    fn finish(&mut self, out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
        if !outcome.unreadable.is_empty() {
            let mut suite = TestSuite::new("unreadable inputs");
            for problem in outcome.unreadable {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_message(problem.as_str());
                suite.add_test_case(TestCase::new(problem.as_str(), status));
            }
            self.add(suite)?;
        }
        self.write_pending()?;
        // The report with the totals and no suite: all of it, or its start.
        let empty = to_string(&self.totals)?;
        if !self.any {
            return out.write_all(empty.as_bytes());
        }
        out.write_all(&empty.as_bytes()[..start_len(&empty)])?;
        self.suites.take().expect("not finished").copy_to(out)?;
        out.write_all(END.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite(name: &str, failures: usize) -> TestSuite {
        let mut suite = TestSuite::new(name);
        suite.add_test_case(TestCase::new("request", TestCaseStatus::success()));
        for i in 0..failures {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(format!("<{i}> & \"quoted\""));
            suite.add_test_case(TestCase::new(format!("case {i}"), status));
        }
        suite
    }

    /// The report put together from suites written one by one is the
    /// report quick-junit writes whole.
    #[test]
    fn suites_written_one_by_one_make_the_whole_report() {
        for count in [0, 1, 3, BATCH, BATCH + 1, 2 * BATCH] {
            let mut whole = JUnitReport::new("sdrs-lint");
            let mut streamed = Junit::new().unwrap();
            for i in 0..count {
                whole.add_test_suite(suite(&format!("s{i}"), i));
                streamed.add(suite(&format!("s{i}"), i)).unwrap();
            }
            let mut out = Vec::new();
            let outcome = Outcome {
                exit_code: 0,
                unreadable: &[],
                hidden: 0,
            };
            streamed.finish(&mut out, &outcome).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole.to_string().unwrap());
        }
    }
}
