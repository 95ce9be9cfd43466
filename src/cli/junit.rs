//! The junit format, written by `quick-junit`: a test suite per input, a
//! failed test case per diagnostic (a passing one for a clean input), and
//! an errored one per input that could not be read, for CI systems that
//! show test reports.

use super::{Input, Outcome};
use quick_junit::{NonSuccessKind, Report as JUnitReport, TestCase, TestCaseStatus, TestSuite};
use sdrs_lint::Report;

pub fn render(inputs: &[Input], reports: &[Report], outcome: &Outcome) -> String {
    let mut junit = JUnitReport::new("sdrs-lint");
    for (input, report) in inputs.iter().zip(reports) {
        let mut suite = TestSuite::new(input.name.as_str());
        if report.diagnostics.is_empty() {
            let mut case = TestCase::new("request", TestCaseStatus::success());
            case.set_classname(input.name.as_str());
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
            case.set_classname(input.name.as_str());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    if !outcome.unreadable.is_empty() {
        let mut suite = TestSuite::new("unreadable inputs");
        for problem in outcome.unreadable {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(problem.as_str());
            suite.add_test_case(TestCase::new(problem.as_str(), status));
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().expect("JUnit XML of strings")
}
