//! Each rule's examples are its tests: `tests/rules/CODE/` holds the bad
//! and good requests of one rule code (its rule page's examples among
//! them), the options they are linted with, and each case's whole report
//! as a snapshot beside it (`snapshots/CASE.snap`). The naming and the
//! layout are in tests/rules/README.md; a folder is added without touching
//! this file. `make snapshots` rewrites every snapshot; here a report that
//! differs from its snapshot, a bad case that does not report its folder's
//! code, a good one that does, a code without a folder and a snapshot
//! without a case all fail.

use sdrs_lint::rules::RuleKind;
use sdrs_lint::{
    lint_plan, lint_str, lint_value, Diagnostic, Options, PlanInput, Report, CATALOGUE,
};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// What a failure says to do when it is a snapshot's, not the engine's.
const REGENERATE: &str = "run `make snapshots` (INSTA_UPDATE=always cargo test --test rules) \
                          and read the snapshots' diff before committing it";

fn folders_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// The repository-relative name of a fixture, as failures print it.
fn shown(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Reports the folder's code at least once (a rule page's bad example).
    Bad,
    /// Reports it nowhere (the page's example after "Use instead").
    Good,
}

/// How a case's file is linted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `*.json`: JSON text, `lint_str`.
    Text,
    /// `*.value.json`: a value, `lint_value` (object input: no ranges, fixes
    /// as JSON Patch only).
    Value,
    /// `*.ndjson`: a plan, one request per non-blank line, `lint_plan`.
    Plan,
}

struct Case {
    /// The folder's name: the rule code it is about.
    code: String,
    dir: PathBuf,
    file: String,
    /// The file name without its extension: the snapshot's name.
    stem: String,
    form: Form,
    expect: Expect,
    text: String,
    /// The options files applied, the folder's first.
    options_files: Vec<String>,
    /// Their members, a case's replacing the folder's key by key.
    options_value: Map<String, Value>,
}

impl Case {
    fn path(&self) -> PathBuf {
        self.dir.join(&self.file)
    }

    fn snapshots(&self) -> PathBuf {
        self.dir.join("snapshots")
    }

    /// The requests of the case with their line numbers (one, line 1, but
    /// for a plan).
    fn requests(&self) -> Vec<(usize, &str)> {
        match self.form {
            Form::Text | Form::Value => vec![(1, self.text.as_str())],
            Form::Plan => self
                .text
                .split('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line))
                .enumerate()
                .filter(|(_, line)| !line.trim().is_empty())
                .map(|(i, line)| (i + 1, line))
                .collect(),
        }
    }
}

struct Folder {
    code: String,
    dir: PathBuf,
    cases: Vec<Case>,
    /// What is wrong with its layout, one sentence each.
    problems: Vec<String>,
}

/// Every folder under tests/rules/, by name.
fn folders() -> Vec<Folder> {
    let root = folders_root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| folder(&dir)).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", shown(path)))
}

/// Reads an options file: a JSON object.
fn options_object(path: &Path) -> Result<Map<String, Value>, String> {
    match serde_json::from_str(&read(path)) {
        Ok(Value::Object(members)) => Ok(members),
        Ok(_) => Err(format!("{}: options must be a JSON object", shown(path))),
        Err(e) => Err(format!("{}: {e}", shown(path))),
    }
}

fn folder(dir: &Path) -> Folder {
    let code = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut problems = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();

    let mut found: Vec<(String, String, Form)> = Vec::new();
    let mut case_options = BTreeSet::new();
    let mut folder_options = None;
    for name in names {
        let path = dir.join(&name);
        if path.is_dir() {
            if name != "snapshots" {
                problems.push(format!(
                    "{}: a folder holds no folder but snapshots/",
                    shown(&path)
                ));
            }
            continue;
        }
        if name == "options.json" {
            folder_options = Some(path);
        } else if let Some(stem) = name.strip_suffix(".options.json") {
            case_options.insert(stem.to_string());
        } else if let Some(stem) = name.strip_suffix(".value.json") {
            found.push((name.clone(), stem.to_string(), Form::Value));
        } else if let Some(stem) = name.strip_suffix(".ndjson") {
            found.push((name.clone(), stem.to_string(), Form::Plan));
        } else if let Some(stem) = name.strip_suffix(".json") {
            found.push((name.clone(), stem.to_string(), Form::Text));
        } else {
            problems.push(format!(
                "{}: not a case (.json, .value.json, .ndjson) nor options",
                shown(&path)
            ));
        }
    }

    let folder_members = match folder_options.as_deref().map(options_object) {
        Some(Err(e)) => {
            problems.push(e);
            Map::new()
        }
        Some(Ok(members)) => members,
        None => Map::new(),
    };
    let mut stems = BTreeSet::new();
    let mut cases = Vec::new();
    for (file, stem, form) in found {
        let expect = match stem.split('-').next() {
            Some("bad") => Expect::Bad,
            Some("good") => Expect::Good,
            _ => {
                problems.push(format!(
                    "{}/{file}: a case's name is bad or good, alone or followed by -what",
                    shown(dir)
                ));
                continue;
            }
        };
        if !stems.insert(stem.clone()) {
            problems.push(format!(
                "{}/{file}: another case is also named {stem} (one snapshot each)",
                shown(dir)
            ));
            continue;
        }
        let mut options_files = Vec::new();
        let mut options_value = folder_members.clone();
        if folder_options.is_some() {
            options_files.push("options.json".to_string());
        }
        if case_options.remove(&stem) {
            let own = format!("{stem}.options.json");
            match options_object(&dir.join(&own)) {
                Ok(members) => options_value.extend(members),
                Err(e) => problems.push(e),
            }
            options_files.push(own);
        }
        let text = read(&dir.join(&file));
        cases.push(Case {
            code: code.clone(),
            dir: dir.to_path_buf(),
            file,
            stem,
            form,
            expect,
            text,
            options_files,
            options_value,
        });
    }
    for stem in case_options {
        problems.push(format!(
            "{}/{stem}.options.json: no case named {stem}",
            shown(dir)
        ));
    }
    Folder {
        code,
        dir: dir.to_path_buf(),
        cases,
        problems,
    }
}

/// A value of any depth: a fixture may nest deeper than serde_json's own
/// limit, to show the engine's.
fn parse_value(text: &str) -> Result<Value, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(text);
    reader.disable_recursion_limit();
    let value = Value::deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// The case's reports, one per request.
fn lint(case: &Case, options: &Options) -> Result<Vec<Report>, String> {
    Ok(match case.form {
        Form::Text => vec![lint_str(&case.text, options)],
        Form::Value => {
            let value = parse_value(&case.text)
                .map_err(|e| format!("{}: not a JSON value: {e}", shown(&case.path())))?;
            vec![lint_value(&value, options)]
        }
        Form::Plan => lint_plan(
            case.requests()
                .into_iter()
                .map(|(_, text)| PlanInput::Text(text)),
            options,
        ),
    })
}

/// The text of a range, as short as a line of the snapshot allows.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let Some(slice) = text.get(start..end) else {
        return "(not in the text)".to_string();
    };
    if slice.is_empty() {
        return "(zero width)".to_string();
    }
    let one_line: String = slice
        .chars()
        .map(|c| if c == '\n' || c == '\r' { '⏎' } else { c })
        .collect();
    let mut shown: String = one_line.chars().take(60).collect();
    if one_line.chars().count() > 60 {
        shown.push('…');
    }
    format!("`{shown}`")
}

/// `    | line` for each line of a text.
fn block(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "    | {line}");
    }
}

fn compact(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

/// The request after the fix: its text edits applied to the text, or for
/// object input its JSON Patch applied to the value.
fn fixed(d: &Diagnostic, request: &str, form: Form) -> Result<String, String> {
    let fix = d.fix.as_ref().expect("a fix");
    if form == Form::Value {
        let mut value = parse_value(request).map_err(|e| e.to_string())?;
        let patch: json_patch::Patch =
            serde_json::from_value(serde_json::to_value(&fix.patch).unwrap())
                .map_err(|e| format!("not a JSON Patch: {e}"))?;
        json_patch::patch(&mut value, &patch).map_err(|e| format!("the patch fails: {e}"))?;
        return Ok(compact(&value));
    }
    if fix.edits.is_empty() {
        return Err("no text edits".to_string());
    }
    let mut text = request.to_string();
    for edit in fix.edits.iter().rev() {
        let (start, end) = (edit.range.start.offset, edit.range.end.offset);
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!("an edit's range {start}..{end} is not in the text"));
        }
        text.replace_range(start..end, &edit.text);
    }
    Ok(text)
}

/// One diagnostic as a block of the snapshot.
fn diagnostic(out: &mut String, d: &Diagnostic, request: &str, form: Form) {
    let _ = writeln!(out, "{} · {}", d.code, d.severity.as_str());
    let path = if d.path.is_empty() {
        "\"\" (the root)"
    } else {
        &d.path
    };
    let _ = writeln!(out, "  path:     {path}");
    match d.range {
        Some(r) => {
            let _ = writeln!(
                out,
                "  range:    {}:{}-{}:{} {}",
                r.start.line,
                r.start.column,
                r.end.line,
                r.end.column,
                excerpt(request, r.start.offset, r.end.offset)
            );
        }
        None => out.push_str("  range:    none\n"),
    }
    let _ = writeln!(out, "  message:  {}", d.message);
    let _ = writeln!(out, "  params:   {}", compact(&d.params));
    let _ = writeln!(out, "  api_code: {}", d.api_code.unwrap_or("none"));
    if let Some(variant) = d.variant {
        let _ = writeln!(out, "  variant:  {variant}");
    }
    let Some(fix) = &d.fix else {
        out.push_str("  fix:      none\n");
        return;
    };
    let _ = writeln!(
        out,
        "  fix:      {} · {}",
        fix.applicability.as_str(),
        fix.description
    );
    let _ = writeln!(out, "  patch:    {}", compact(&fix.patch));
    let text = match fixed(d, request, form) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(out, "  fixed:    ({e})");
            return;
        }
    };
    if text.trim_end_matches(['\n', '\r']).contains(['\n', '\r']) {
        out.push_str("  fixed:\n");
        block(out, &text);
    } else {
        let _ = writeln!(out, "  fixed:    {}", text.trim_end());
    }
    // A fix that breaks the JSON is what a reader of the snapshot must not miss.
    let again = lint_str(&text, &Options::default());
    if let Some(broken) = again.diagnostics.iter().find(|d| d.code == "invalid-json") {
        let _ = writeln!(out, "  !! the fixed text is not JSON: {}", broken.message);
    }
}

fn report(out: &mut String, report: &Report, request: &str, form: Form) {
    let _ = writeln!(
        out,
        "valid: {} · errors: {} · warnings: {} · infos: {}",
        report.valid, report.errors, report.warnings, report.infos
    );
    if report.diagnostics.is_empty() {
        out.push_str("no diagnostics\n");
    }
    for d in &report.diagnostics {
        out.push('\n');
        diagnostic(out, d, request, form);
    }
}

/// The snapshot of a case: what it is, then its whole report (or, for a
/// plan, each request's).
fn render(case: &Case, reports: &[Report]) -> String {
    let mut out = String::new();
    let form = match case.form {
        Form::Text => "JSON text (lint_str)".to_string(),
        Form::Value => "a value (lint_value: object input, no ranges)".to_string(),
        Form::Plan => format!(
            "a plan of {} requests (lint_plan; each range counts in its request's line)",
            reports.len()
        ),
    };
    let _ = writeln!(out, "case:     {} · {form}", case.file);
    let options = if case.options_files.is_empty() {
        "the defaults".to_string()
    } else {
        case.options_files.join(" + ")
    };
    let _ = writeln!(out, "options:  {options}");
    if case.form == Form::Plan {
        let requests = case.requests().into_iter().zip(reports);
        for (i, ((line, request), r)) in requests.enumerate() {
            let _ = writeln!(out, "\n══ request {} (line {line}) ══", i + 1);
            report(&mut out, r, request, Form::Plan);
        }
    } else {
        out.push('\n');
        report(&mut out, &reports[0], &case.text, case.form);
    }
    out
}

/// Compares a case's report with its snapshot: true when they differ.
fn snapshot_differs(case: &Case, rendered: &str) -> bool {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(case.snapshots());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(case.path());
    settings.set_omit_expression(true);
    let name = case.stem.as_str();
    // insta panics on a difference after printing it; every case is
    // compared before this test fails, naming them all. Nothing is left
    // half-changed by the panic: the settings are dropped after it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(name, rendered));
    }))
    .is_err()
}

#[test]
fn every_rule_has_a_folder_with_bad_and_good_cases() {
    let folders = folders();
    let mut problems = Vec::new();
    let names: BTreeSet<&str> = folders.iter().map(|f| f.code.as_str()).collect();
    for rule in CATALOGUE {
        if !names.contains(rule.code) {
            problems.push(format!(
                "{} has no folder tests/rules/{0}/ (tests/rules/README.md says what goes in)",
                rule.code
            ));
        }
    }
    for folder in &folders {
        if !CATALOGUE.iter().any(|r| r.code == folder.code) {
            problems.push(format!(
                "{}: names no rule code of the catalogue",
                shown(&folder.dir)
            ));
        }
        problems.extend(folder.problems.iter().cloned());
        for expect in [Expect::Bad, Expect::Good] {
            if !folder.cases.iter().any(|c| c.expect == expect) {
                problems.push(format!(
                    "{}: no {} case",
                    shown(&folder.dir),
                    if expect == Expect::Bad { "bad" } else { "good" }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn each_case_reports_as_it_is_named_and_as_its_snapshot_says() {
    let mut problems = Vec::new();
    let mut differing = Vec::new();
    let mut cases = 0;
    for folder in folders() {
        for case in &folder.cases {
            cases += 1;
            let where_ = shown(&case.path());
            let options = match Options::from_value(&Value::Object(case.options_value.clone())) {
                Ok(options) => options,
                Err(e) => {
                    problems.push(format!("{where_}: options refused: {e}"));
                    continue;
                }
            };
            let reports = match lint(case, &options) {
                Ok(reports) => reports,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            if reports.is_empty() {
                problems.push(format!("{where_}: a plan without a request"));
                continue;
            }
            let reported = reports.iter().any(|r| r.has(&case.code));
            match (case.expect, reported) {
                (Expect::Bad, false) => problems.push(format!(
                    "{where_}: a bad case that does not report {}",
                    case.code
                )),
                (Expect::Good, true) => {
                    problems.push(format!("{where_}: a good case that reports {}", case.code))
                }
                _ => {}
            }
            if snapshot_differs(case, &render(case, &reports)) {
                differing.push(where_);
            }
        }
    }
    assert!(cases > 0, "no case under tests/rules/");
    if !differing.is_empty() {
        problems.push(format!(
            "the report of {} case(s) differs from its snapshot (the diff is printed above): {}; \
             if the change is meant, {REGENERATE}",
            differing.len(),
            differing.join(", ")
        ));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_snapshot_belongs_to_a_case() {
    let mut orphans = Vec::new();
    for folder in folders() {
        let dir = folder.dir.join("snapshots");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let stems: BTreeSet<&str> = folder.cases.iter().map(|c| c.stem.as_str()).collect();
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // insta's pending files (`.snap.new`) are not committed.
            if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
                continue;
            }
            let owned = name
                .strip_suffix(".snap")
                .is_some_and(|stem| stems.contains(stem));
            if !owned {
                orphans.push(shown(&dir.join(name)));
            }
        }
    }
    assert!(
        orphans.is_empty(),
        "\nno case has these snapshots: {}\n{REGENERATE}\n",
        orphans.join(", ")
    );
}

/// Rule-page examples that no fixture can be, each with the reason. Each
/// entry is checked: one whose example becomes a fixture must go.
const NOT_FIXTURES: &[(&str, Expect, &str)] = &[
    (
        "tags-too-many",
        Expect::Bad,
        "the page abbreviates the tags (\"… 11 tags in all\"): bad.json writes all 11 out",
    ),
    (
        "non-json-value",
        Expect::Bad,
        "`undefined` is a JavaScript value, which no JSON text holds: the npm package's tests \
         lint it (tests/js/contract.test.mjs, tests/js/hostile-cases.mjs); from Rust only a \
         value nested deeper than 128 levels is one (bad-too-deep.value.json)",
    ),
];

/// The ```json blocks of a rule's documentation, in order.
fn json_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim_start().starts_with("```json") => current = Some(String::new()),
            None => {}
            Some(block) if line.trim_start().starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    blocks
}

/// JSON text without the white space between its tokens: two texts that
/// differ only in layout are equal, two whose keys differ in order or
/// repeat differently are not (a value comparison would see
/// `{"name": "a", "name": "b"}` as `{"name": "b"}`).
fn tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Whether an example request is among the folder's cases of its role.
/// `setting` is what the page gives before the example: for a pre-flight
/// rule the context (the case's options must hold it; not checked for the
/// good example, which a page may show under another context), for a plan
/// rule the plan's first request (an earlier line of the same plan).
fn is_fixture(
    cases: &[Case],
    kind: RuleKind,
    role: Expect,
    example: &str,
    setting: Option<&str>,
) -> bool {
    let example = tokens(example);
    cases.iter().any(|case| {
        if case.expect != role {
            return false;
        }
        let requests: Vec<String> = case
            .requests()
            .into_iter()
            .map(|(_, r)| tokens(r))
            .collect();
        match (kind, setting) {
            (RuleKind::Plan, Some(first)) => {
                let first = tokens(first);
                requests
                    .iter()
                    .enumerate()
                    .any(|(i, r)| *r == example && requests[..i].contains(&first))
            }
            (RuleKind::Preflight, Some(context)) if role == Expect::Bad => {
                let context: Value = serde_json::from_str(context).expect("the page's context");
                requests.contains(&example) && case.options_value.get("context") == Some(&context)
            }
            _ => requests.contains(&example),
        }
    })
}

#[test]
fn the_rule_pages_examples_are_fixtures() {
    let folders = folders();
    let mut problems = Vec::new();
    for &(code, _, _) in NOT_FIXTURES {
        if !CATALOGUE.iter().any(|r| r.code == code) {
            problems.push(format!(
                "NOT_FIXTURES names {code}, no rule of the catalogue"
            ));
        }
    }
    for rule in CATALOGUE {
        let blocks = json_blocks(&rule.documentation());
        if blocks.is_empty() {
            // A rule without examples (too-many-diagnostics): its folder
            // is all there is.
            continue;
        }
        let Some(folder) = folders.iter().find(|f| f.code == rule.code) else {
            // every_rule_has_a_folder_with_bad_and_good_cases names it.
            continue;
        };
        // The last block is the good request, the one before it the bad
        // one; a pre-flight page first gives its context, a plan page the
        // plan's first request.
        let (setting, bad, good) = match blocks.as_slice() {
            [bad, good] => (None, bad, good),
            [setting, bad, good] if matches!(rule.kind, RuleKind::Preflight | RuleKind::Plan) => {
                (Some(setting.as_str()), bad, good)
            }
            _ => {
                problems.push(format!(
                    "{}: {} json blocks in its documentation; this test knows a bad and a good \
                     request, after a context (pre-flight) or a first request (plan)",
                    rule.code,
                    blocks.len()
                ));
                continue;
            }
        };
        for (role, example) in [(Expect::Bad, bad), (Expect::Good, good)] {
            let found = is_fixture(&folder.cases, rule.kind, role, example, setting);
            let excused = NOT_FIXTURES
                .iter()
                .find(|&&(code, r, _)| code == rule.code && r == role);
            let name = if role == Expect::Bad { "bad" } else { "good" };
            match (found, excused) {
                (false, None) => problems.push(format!(
                    "{}: the page's {name} example is no {name} case of {}{}:\n{example}",
                    rule.code,
                    shown(&folder.dir),
                    match (setting, rule.kind) {
                        (Some(_), RuleKind::Preflight) if role == Expect::Bad =>
                            " linted with the page's context",
                        (Some(_), RuleKind::Plan) => " after the page's first request",
                        _ => "",
                    }
                )),
                (true, Some((_, _, why))) => problems.push(format!(
                    "{}: the page's {name} example is a fixture now: remove it from NOT_FIXTURES \
                     (which said: {why})",
                    rule.code
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}
