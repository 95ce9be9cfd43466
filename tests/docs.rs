//! docs/rules.md and the npm package's docs.json are generated from the
//! catalogue, so the published rule documentation cannot drift from
//! `--explain`. Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use sdrs_lint::CATALOGUE;
use std::fmt::Write;

fn generate() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rule catalogue (`sdrs-lint --list-rules`, `sdrs-lint --explain CODE`); do not edit by hand.\n\n| code | severity | fixable | service code | summary |\n|---|---|---|---|---|\n",
    );
    for r in CATALOGUE {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} | {4} |",
            r.code,
            r.severity.as_str(),
            if r.fixable { "yes" } else { "" },
            r.api_code.unwrap_or(""),
            r.summary.replace('|', "\\|"),
        );
    }
    for r in CATALOGUE {
        let doc = r.documentation().replace("\n## ", "\n### ");
        let doc = doc
            .strip_prefix("## ")
            .map(|d| format!("### {d}"))
            .unwrap_or(doc);
        let _ = write!(out, "\n## {}\n\n{}.\n\n{}\n", r.code, r.summary, doc);
    }
    out
}

/// The npm package's documentation, `{code: Markdown}` in catalogue order:
/// the wasm module leaves the 34 KB of text out, so that only a console
/// that shows it loads it.
fn package_docs() -> String {
    let docs: serde_json::Map<String, serde_json::Value> = CATALOGUE
        .iter()
        .map(|r| (r.code.to_string(), r.documentation().into()))
        .collect();
    serde_json::to_string_pretty(&docs).unwrap() + "\n"
}

/// Compares a generated file with its committed copy, or writes it.
fn check(file: &str, fresh: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("UPDATE_DOCS").is_some() {
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
fn rule_docs_are_current() {
    check("docs/rules.md", &generate());
}

#[test]
fn package_docs_are_current() {
    check("pkg/docs.json", &package_docs());
}
