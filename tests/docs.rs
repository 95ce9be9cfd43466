//! The rule pages (docs/rules/CODE.md), their index (docs/rules.md) and the
//! npm package's docs.json are generated from the catalogue, so the
//! published documentation cannot drift from `--explain` and `rules()`.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use sdrs_lint::{Applicability, Locale, Params, Rule, CATALOGUE};
use std::fmt::Write;
use std::path::Path;

/// A label of the catalogues, in `locale`.
fn label(locale: Locale, group: &str, name: &str) -> String {
    sdrs_lint::messages::label(locale, group, name).expect("a label")
}

fn platforms(rule: &Rule, locale: Locale) -> String {
    rule.platforms
        .iter()
        .map(|p| label(locale, "page", &format!("platform-{}", p.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fix(rule: &Rule, locale: Locale) -> String {
    match rule.fix {
        Some(Applicability::Safe) => label(locale, "page", "fix-safe"),
        Some(Applicability::Unsafe) => label(locale, "page", "fix-unsafe"),
        None => label(locale, "page", "none"),
    }
}

/// One rule's page in a language: its metadata, then its documentation
/// (what it checks, why it matters, a bad and a good example).
fn page(rule: &Rule, locale: Locale) -> String {
    let mut params = Params::default();
    params.insert("code", rule.code.into());
    let generated = sdrs_lint::messages::phrase(locale, "page", "generated", &params).unwrap();
    let mut out = format!(
        "# `{}`\n\n{}{}\n\n<!-- {generated} -->\n\n",
        rule.code,
        rule.summary_in(locale),
        if locale == Locale::Zh { "。" } else { "." },
    );
    let row = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(out, "| {} | {value} |", label(locale, "page", name));
    };
    let _ = writeln!(out, "| | |\n|---|---|");
    row(
        &mut out,
        "severity",
        &label(locale, "severity", rule.severity.as_str()),
    );
    row(
        &mut out,
        "kind",
        &label(locale, "rule-kind", rule.kind.as_str()),
    );
    let api_code = rule
        .api_code
        .map_or(label(locale, "page", "none"), |c| format!("`{c}`"));
    row(&mut out, "api-code", &api_code);
    row(&mut out, "fix", &fix(rule, locale));
    row(&mut out, "platforms", &platforms(rule, locale));
    out.push('\n');
    out.push_str(&rule.documentation_in(locale));
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
        check(
            &format!("docs/rules/{}.md", rule.code),
            &page(rule, Locale::En),
        );
        assert_eq!(rule.url(), format!("docs/rules/{}.md", rule.code));
    }
    // No page of a rule that is gone.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().into_string().unwrap();
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

/// The languages the rules' documentation is translated into, with the
/// names of their lists in src/rules/docs/mod.rs.
const TRANSLATED: [(Locale, &str); 2] = [(Locale::De, "DE"), (Locale::Zh, "ZH")];

/// src/rules/docs/mod.rs: every translated page, by `include_str!`.
fn translations_module() -> String {
    let mut out = String::from(
        "//! The rules' documentation in German and Chinese, one page per rule in\n\
         //! `de/CODE.md` and `zh/CODE.md`, listed here by tests/docs.rs\n\
         //! (`UPDATE_DOCS=1 cargo test --test docs`); do not edit by hand.\n",
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/docs");
    for (locale, name) in TRANSLATED {
        let lang = locale.as_str();
        let _ = write!(out, "\npub static {name}: &[(&str, &str)] = &[\n");
        for rule in CATALOGUE {
            if root.join(lang).join(format!("{}.md", rule.code)).is_file() {
                let _ = writeln!(
                    out,
                    "    (\"{0}\", include_str!(\"{lang}/{0}.md\")),",
                    rule.code
                );
            }
        }
        out.push_str("];\n");
    }
    out
}

/// The fenced code blocks of a page, in order.
fn code_blocks(page: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(format!("{line}\n")),
            (Some(block), true) => {
                block.push_str(line);
                blocks.push(current.take().unwrap());
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// The inline code spans outside the code blocks.
fn inline_code(page: &str) -> std::collections::BTreeSet<String> {
    let mut prose = String::new();
    let mut fenced = false;
    for line in page.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            prose.push_str(line);
            prose.push(' ');
        }
    }
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|span| span.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn every_rule_page_is_translated_with_the_english_examples_and_code() {
    check("src/rules/docs/mod.rs", &translations_module());
    let headings = |page: &str| page.lines().filter(|l| l.starts_with("## ")).count();
    let mut missing = Vec::new();
    for (locale, _) in TRANSLATED {
        for rule in CATALOGUE {
            let english = rule.documentation();
            let translated = rule.documentation_in(locale);
            if translated == english {
                missing.push(format!("{}/{}", locale.as_str(), rule.code));
                continue;
            }
            let what = format!("src/rules/docs/{}/{}.md", locale.as_str(), rule.code);
            assert_eq!(
                headings(&translated),
                headings(&english),
                "{what}: sections"
            );
            assert_eq!(
                code_blocks(&translated),
                code_blocks(&english),
                "{what}: examples"
            );
            let lost: Vec<String> = inline_code(&english)
                .difference(&inline_code(&translated))
                .cloned()
                .collect();
            assert!(
                lost.is_empty(),
                "{what} lacks the English page's code {lost:?}"
            );
            check(
                &format!("docs/rules/{}/{}.md", locale.as_str(), rule.code),
                &page(rule, locale),
            );
        }
    }
    assert!(missing.is_empty(), "no translation of {missing:?}");
}
