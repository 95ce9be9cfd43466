//! What each fuzz target does with the fuzzer's bytes, and the invariants it
//! asserts on every report. `cargo fuzz` (nightly) drives these functions
//! from `fuzz/fuzz_targets/`; `tests/fuzz_targets.rs` (stable) runs them over
//! the seed corpus, so CI exercises them without nightly.
//!
//! A function returns normally for any input; a broken invariant is a panic,
//! which libFuzzer records as a crash.

use arbitrary::Unstructured;
use sdrs_lint::{
    fix_str, lint_bytes, lint_str, lint_value, Applicability, Context, Options, Plan, PlanInput,
    Platform, Report, Severity,
};
use serde_json::{Map, Number, Value};
use std::sync::{Arc, OnceLock};

/// The fixtures the targets lint against: the project's own examples.
pub const CLEAN: &str = include_str!("../examples/clean.json");
pub const API_EXAMPLE: &str = include_str!("../examples/api-example.json");
pub const HUAWEI: &str = include_str!("../examples/huawei.json");
pub const CONTEXT: &str = include_str!("../examples/context.json");
pub const POLICY: &str = include_str!("../examples/policy.json");

/// What libFuzzer calls with each input.
pub type Target = fn(&[u8]);

/// Every target by its name in `fuzz/fuzz_targets/` and the seed corpus.
pub const TARGETS: [(&str, Target); 6] = [
    ("lint_bytes", lint_bytes_target),
    ("lint_value", lint_value_target),
    ("context", context_target),
    ("options", options_target),
    ("plan", plan_target),
    ("fix", fix_target),
];

/// Options that switch on every family: the example context and policy,
/// Huawei Cloud's variant, and a small cap so that the cap is reached often.
pub fn rich_options() -> &'static Options {
    static RICH: OnceLock<Options> = OnceLock::new();
    RICH.get_or_init(|| {
        let context: Context = CONTEXT.parse().expect("examples/context.json is a context");
        let mut options: Options = format!("{{\"policy\": {POLICY}}}")
            .parse()
            .expect("examples/policy.json is a policy");
        options.context = Some(Arc::new(context));
        options.platform = Platform::Huawei;
        options.max_diagnostics = 5;
        options
    })
}

/// Raw bytes as a request, with the default and with the rich options.
pub fn lint_bytes_target(data: &[u8]) {
    for options in [&Options::default(), rich_options()] {
        let report = lint_bytes(data, options);
        check_bytes_report(&report, options, data);
        if let Ok(text) = std::str::from_utf8(data) {
            // Bytes that are text lint exactly as that text.
            assert_eq!(report, lint_str(text, options));
        }
    }
}

/// [`check_report`] for byte input: invalid UTF-8 is one `invalid-json`
/// blamed on the first bad byte.
fn check_bytes_report(report: &Report, options: &Options, data: &[u8]) {
    match std::str::from_utf8(data) {
        Ok(text) => check_report(report, options, Some(text)),
        Err(e) => {
            check_counts(report, options);
            assert_eq!(codes(report), [("invalid-json", "")]);
            let range = report.diagnostics[0].range.expect("a range");
            assert_eq!(range.start.offset, e.valid_up_to());
            assert!(range.start.offset < range.end.offset && range.end.offset <= data.len());
        }
    }
}

/// A JSON value: the bytes' own if they are JSON text (the seeds are),
/// else built from them (shaped like a request most of the time). Its
/// report must agree with the report of its JSON text.
pub fn lint_value_target(data: &[u8]) {
    let value = match serde_json::from_slice(data) {
        Ok(value) => value,
        Err(_) => match request_value(&mut Unstructured::new(data)) {
            Ok(value) => value,
            Err(_) => return,
        },
    };
    for options in [&Options::default(), rich_options()] {
        let report = lint_value(&value, options);
        check_report(&report, options, None);
        let unbounded = Options {
            max_diagnostics: usize::MAX,
            ..options.clone()
        };
        let text = serde_json::to_string(&value).expect("a Value serializes");
        assert_eq!(
            sorted_codes(&lint_value(&value, &unbounded)),
            sorted_codes(&lint_str(&text, &unbounded)),
            "{text}"
        );
    }
}

/// The bytes as a context file; a context that reads lints the examples.
pub fn context_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(context) = text.parse::<Context>() else {
        return;
    };
    let options = Options {
        context: Some(Arc::new(context)),
        ..Options::default()
    };
    let mut plan = Plan::new(&options);
    for request in [CLEAN, API_EXAMPLE, CLEAN] {
        check_report(&plan.lint(request.into()), &options, Some(request));
    }
}

/// The bytes as a configuration file (rules, cap, context, locale,
/// platform, policy with its name pattern); one that reads lints the examples.
pub fn options_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(options) = text.parse::<Options>() else {
        return;
    };
    for request in [CLEAN, API_EXAMPLE, HUAWEI] {
        check_report(&lint_str(request, &options), &options, Some(request));
    }
}

/// Each line of the bytes is a request of one plan, with the example
/// context; every third line that is JSON goes in as a value instead.
pub fn plan_target(data: &[u8]) {
    let options = rich_options();
    let mut plan = Plan::new(options);
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let value = (i % 3 == 2)
            .then(|| serde_json::from_slice::<Value>(line).ok())
            .flatten();
        let report = match &value {
            Some(value) => plan.lint(PlanInput::Value(value)),
            None => plan.lint(PlanInput::Bytes(line)),
        };
        match value {
            Some(_) => check_report(&report, options, None),
            None => check_bytes_report(&report, options, line),
        }
    }
}

/// The bytes as a request to fix: every fix's edits are well placed and
/// keep JSON JSON, and fixing keeps every byte no fix touches.
pub fn fix_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options::default();
    let before = lint_str(text, &options);
    let parses = !before.has("invalid-json");
    for allowed in [Applicability::Safe, Applicability::Unsafe] {
        let fixes: Vec<_> = before
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability <= allowed && !f.edits.is_empty())
            .collect();
        for fix in &fixes {
            let alone = splice(text, fix.edits.iter().map(|e| (e.range, e.text.as_str())));
            if parses {
                assert!(
                    !lint_str(&alone, &options).has("invalid-json"),
                    "the fix {:?} breaks the JSON of {text:?}: {alone:?}",
                    fix.description
                );
            }
        }
        let fixed = fix_str(text, &options, allowed);
        assert_eq!(fixed.report, lint_str(&fixed.text, &options));
        if fixes.is_empty() {
            assert_eq!(fixed.text, text);
            assert!(fixed.applied.is_empty());
        }
        if parses {
            assert!(
                !fixed.report.has("invalid-json"),
                "{text:?} -> {:?}",
                fixed.text
            );
        }
    }
}

/// `text` with each range replaced; ranges must be in order, apart, and on
/// character boundaries.
fn splice<'e>(text: &str, edits: impl Iterator<Item = (sdrs_lint::Range, &'e str)>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (range, replacement) in edits {
        let (start, end) = (range.start.offset, range.end.offset);
        assert!(
            at <= start && start <= end,
            "edits out of order in {text:?}"
        );
        out.push_str(text.get(at..start).expect("an edit starts on a boundary"));
        out.push_str(replacement);
        at = end;
    }
    out.push_str(text.get(at..).expect("an edit ends on a boundary"));
    out
}

/// (code, path) of every diagnostic, in report order.
pub fn codes(report: &Report) -> Vec<(&'static str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str()))
        .collect()
}

/// (code, path) of every diagnostic, sorted: text and value input order
/// their reports differently (source order, document order).
pub fn sorted_codes(report: &Report) -> Vec<(&'static str, String)> {
    let mut codes: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.clone()))
        .collect();
    codes.sort();
    codes
}

/// Characters no message may hold raw (SPEC §2's messages are for people):
/// controls, every space but U+0020, and the format characters people meet
/// in pasted text. Written out here, not taken from the engine's table, so
/// that the check does not share the engine's mistakes.
fn invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32,
            0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
            | 0x2066..=0x2069 | 0xFEFF | 0xFFF9..=0xFFFB | 0xE0001 | 0xE0020..=0xE007F)
}

/// What every report must be, whatever the input (SPEC §2): counts that
/// match its diagnostics, the cap, the order, ranges inside the text, and
/// messages a person can read.
pub fn check_report(report: &Report, options: &Options, text: Option<&str>) {
    check_counts(report, options);
    match text {
        Some(text) => check_ranges(report, text),
        None => assert!(report.diagnostics.iter().all(|d| d.range.is_none())),
    }
}

/// Everything [`check_report`] asks but the ranges.
pub fn check_counts(report: &Report, options: &Options) {
    let total = report.errors + report.warnings + report.infos;
    assert_eq!(report.valid, report.errors == 0);
    let max = options.max_diagnostics;
    assert!(report.diagnostics.len() <= max.saturating_add(1));
    let capped = report
        .diagnostics
        .last()
        .is_some_and(|d| d.code == "too-many-diagnostics");
    let kept = &report.diagnostics[..report.diagnostics.len() - capped as usize];
    if capped {
        assert_eq!(kept.len(), max);
        let omitted = report.diagnostics[max].params["omitted"].as_u64();
        assert_eq!(omitted, Some((total - max) as u64));
    } else {
        assert_eq!(kept.len(), total);
        let count = |s: Severity| kept.iter().filter(|d| d.severity == s).count();
        assert_eq!(
            (
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            ),
            (report.errors, report.warnings, report.infos)
        );
    }
    assert!(kept.iter().all(|d| d.code != "too-many-diagnostics"));
    if report.has("invalid-json") {
        assert_eq!(report.diagnostics.len(), 1);
    }
    for d in &report.diagnostics {
        assert!(
            !d.message.chars().any(invisible),
            "{}: message {:?} holds an invisible character",
            d.code,
            d.message
        );
    }
}

/// Ranges of text input: on every kept diagnostic, in order of their start,
/// inside the text and on character boundaries, and so are a fix's edits.
pub fn check_ranges(report: &Report, text: &str) {
    let mut last = 0;
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code != "too-many-diagnostics")
    {
        let range = d.range.unwrap_or_else(|| panic!("{} has no range", d.code));
        assert!(range.start.offset >= last, "{} out of order", d.code);
        last = range.start.offset;
        let ranges = std::iter::once(range)
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.range)));
        for r in ranges {
            assert!(r.start.offset <= r.end.offset && r.end.offset <= text.len());
            assert!(text.is_char_boundary(r.start.offset) && text.is_char_boundary(r.end.offset));
            assert!(r.start.line >= 1 && r.start.column >= 1);
        }
    }
}

/// Member names the value generator draws from: every wrapper and member
/// of every request kind (their descriptions), some misspellings, and the
/// names JavaScript objects treat specially.
fn keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<&'static str> = Vec::new();
        for kind in sdrs_lint::request::KINDS {
            keys.push(kind.wrapper);
            for member in kind.members {
                keys.push(member.key);
                if let sdrs_lint::request::Shape::List(item) = member.shape {
                    keys.extend(item.members.iter().map(|m| m.key));
                }
            }
        }
        keys.extend([
            "flavor_ref",
            "serverId",
            "group_id",
            "Name",
            "__proto__",
            "constructor",
            "",
        ]);
        let mut seen = std::collections::HashSet::new();
        keys.retain(|k| seen.insert(*k));
        keys
    })
}

/// Values the rules have something to say about, valid and not.
const WORDS: &[&str] = &[
    "523ab8ad-3759-4933-9436-4cf4ebb20867",
    "403b603d-1d91-42cc-a357-81f3c2daf43f",
    "a32217fb-3413-c313-6342-3124d3491502",
    "a32217fh-3413-c313-6342-3124d3491502",
    "403B603D-1D91-42CC-A357-81F3C2DAF43F",
    "523ab8ad3759493394364cf4ebb20867",
    "web-01",
    "web 01",
    "web\u{200b}01",
    "数据库",
    "192.168.0.5",
    "192.168.0.05",
    "192.168.0.5/24",
    "8.8.8.8",
    "10.0.0.255",
    "::1",
    " 10.0.0.5",
    "s3.large.2",
    "S3.LARGE.2",
    "s3.large.2.linux",
    "g6.xlarge.4",
    "c6.2xlarge.2",
    "shared",
    "Dedicated",
    "_sys_owner",
    "owner ",
    "a*b",
    "CostCenter",
    "costcenter",
    "300x",
    "<b>",
    "",
    " ",
];

fn word(u: &mut Unstructured) -> arbitrary::Result<String> {
    Ok(if u.ratio(3, 4)? {
        u.choose(WORDS)?.to_string()
    } else {
        u.arbitrary()?
    })
}

fn key(u: &mut Unstructured) -> arbitrary::Result<String> {
    Ok(if u.ratio(4, 5)? {
        u.choose(keys())?.to_string()
    } else {
        u.arbitrary()?
    })
}

/// Any JSON value, at most `depth` more levels deep; lists reach past the
/// sizes where the rules switch from pairwise comparison to hashing (16).
pub fn any_value(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let kinds = if depth == 0 { 5 } else { 8 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => match u.choose_index(3)? {
            0 => Value::from(u.arbitrary::<i64>()?),
            1 => Value::from(u.arbitrary::<u64>()?),
            _ => Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        },
        3 | 4 => Value::String(word(u)?),
        5 => {
            let n = u.int_in_range(0..=24)?;
            Value::Array(
                (0..n)
                    .map(|_| any_value(u, depth - 1))
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        _ => Value::Object(object(u, depth)?),
    })
}

fn object(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Map<String, Value>> {
    let n = u.int_in_range(0..=20)?;
    let mut map = Map::new();
    for _ in 0..n {
        map.insert(key(u)?, any_value(u, depth.saturating_sub(1))?);
    }
    Ok(map)
}

/// A value shaped like a request most of the time: a `protected_instance`
/// object whose members are drawn from the rules' vocabulary, and a tag list.
pub fn request_value(u: &mut Unstructured) -> arbitrary::Result<Value> {
    if u.ratio(1, 5)? {
        return any_value(u, 4);
    }
    let mut instance = object(u, 2)?;
    if u.arbitrary()? {
        let n = u.int_in_range(0..=30)?;
        let tags = (0..n)
            .map(|_| {
                let mut tag = Map::new();
                tag.insert("key".into(), Value::String(word(u)?));
                tag.insert("value".into(), Value::String(word(u)?));
                if u.ratio(1, 8)? {
                    tag.insert(key(u)?, any_value(u, 1)?);
                }
                Ok(Value::Object(tag))
            })
            .collect::<arbitrary::Result<_>>()?;
        instance.insert("tags".into(), Value::Array(tags));
    }
    Ok(if u.ratio(1, 6)? {
        Value::Object(instance)
    } else {
        serde_json::json!({ "protected_instance": instance })
    })
}
