//! The rule pages (docs/rules/CODE.md), their index (docs/rules.md) and the
//! npm package's docs.json are generated from the catalogue, so the
//! published documentation cannot drift from `--explain` and `rules()`.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use sdrs_lint::{Applicability, Platform, Rule, CATALOGUE};
use std::fmt::Write;
use std::path::Path;

fn platforms(rule: &Rule) -> String {
    rule.platforms
        .iter()
        .map(|p| match p {
            Platform::Otc => "Open Telekom Cloud (`otc`)",
            Platform::Huawei => "Huawei Cloud (`huawei`)",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn fix(rule: &Rule) -> &'static str {
    match rule.fix {
        Some(Applicability::Safe) => {
            "safe: `sdrs-lint --fix` applies it (it keeps what the request means)"
        }
        Some(Applicability::Unsafe) => {
            "unsafe: only `sdrs-lint --fix --unsafe-fixes` applies it (it removes or shortens what was written, or invents a value)"
        }
        None => "none",
    }
}

/// One rule's page: its metadata, then its documentation (what it checks,
/// why it matters, a bad and a good example).
fn page(rule: &Rule) -> String {
    let mut out = format!(
        "# `{}`\n\n{}.\n\n<!-- Generated from the rule's documentation in src/rules/ (`sdrs-lint --explain {0}`); do not edit by hand. -->\n\n",
        rule.code, rule.summary
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Default severity | {} |", rule.severity.as_str());
    let _ = writeln!(out, "| Kind | {} |", rule.kind.as_str());
    let _ = writeln!(
        out,
        "| Service error code (`api_code`) | {} |",
        rule.api_code
            .map_or("none".to_string(), |c| format!("`{c}`"))
    );
    let _ = writeln!(out, "| Fix | {} |", fix(rule));
    let _ = writeln!(out, "| Platforms | {} |\n", platforms(rule));
    out.push_str(&rule.documentation());
    out.push('\n');
    out
}

fn index() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rule catalogue (`sdrs-lint --list-rules`, `sdrs-lint --explain CODE`); do not edit by hand. Each rule has its page in [rules/](rules/).\n\n| code | severity | fix | service code | platforms | summary |\n|---|---|---|---|---|---|\n",
    );
    for r in CATALOGUE {
        let _ = writeln!(
            out,
            "| [`{0}`](rules/{0}.md) | {1} | {2} | {3} | {4} | {5} |",
            r.code,
            r.severity.as_str(),
            r.fix.map_or("", Applicability::as_str),
            r.api_code.unwrap_or(""),
            r.platforms
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            r.summary.replace('|', "\\|"),
        );
    }
    out
}

/// The npm package's documentation, `{code: Markdown}` in catalogue order:
/// the wasm module leaves the text out, so that only a console that shows
/// it loads it.
fn package_docs() -> String {
    let docs: serde_json::Map<String, serde_json::Value> = CATALOGUE
        .iter()
        .map(|r| (r.code.to_string(), r.documentation().into()))
        .collect();
    serde_json::to_string_pretty(&docs).unwrap() + "\n"
}

fn update() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some()
}

/// Compares a generated file with its committed copy, or writes it.
fn check(file: &str, fresh: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{file} is out of date: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn rule_pages_are_current() {
    check("docs/rules.md", &index());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    for rule in CATALOGUE {
        check(&format!("docs/rules/{}.md", rule.code), &page(rule));
        assert_eq!(rule.url(), format!("docs/rules/{}.md", rule.code));
    }
    // No page of a rule that is gone.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let code = name.strip_suffix(".md").unwrap_or(&name);
        assert!(
            CATALOGUE.iter().any(|r| r.code == code),
            "docs/rules/{name} is no rule's page"
        );
    }
}

#[test]
fn package_docs_are_current() {
    check("pkg/docs.json", &package_docs());
}
