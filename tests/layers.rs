//! Arrows point down: a module names only modules of its own layer or
//! below it (ARCHITECTURE.md). In one crate there is no crate wall to keep
//! the bottom acyclic, so this test is the wall: it reads every `crate::`
//! path outside the test modules and fails on one that points up, such as
//! `context` using `rules::…` for an address parser.

use std::collections::BTreeMap;
use std::path::Path;

/// The layers, bottom first. Within a layer modules may use each other.
const LAYERS: &[&[&str]] = &[
    // Text, numbers and names every layer shares.
    &["text", "platform", "net", "suggest", "report", "pointer"],
    // The tree rules see, and the words they say.
    &["document", "messages"],
    &["source"],
    // What a caller hands in.
    &["context", "policy", "options"],
    // Text edits of fixes.
    &["edit"],
    // The request kinds, the sink and the rules: one road.
    &["request", "engine", "rules", "terraform"],
    // What is built on linting: reading options, applying fixes, exports.
    &["config", "fix", "schema", "wire", "lib"],
    // The surfaces.
    &["wasm", "main", "cli", "server"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The module a source file belongs to: `src/rules/tags.rs` is `rules`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix("src").unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// The code of a file without its test module (`#[cfg(test)]` at the top
/// level starts it, by this crate's convention) and without comments, whose
/// links to other modules are documentation, not dependencies.
fn without_tests(text: &str) -> String {
    let code = text.find("\n#[cfg(test)]").map_or(text, |at| &text[..at]);
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::name` the code refers to (in `use` lines and in paths).
fn crate_references(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        // `$crate::` in a macro is the crate too; `sdrs_lint::` is not here.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.push(name);
        }
        // `use crate::{a, b}` names several.
        if rest.starts_with('{') {
            let list = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for item in list.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_module_above_its_layer() {
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    paths.sort();
    let mut upward: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in &paths {
        // A file that is a test module of its own (`mod tests;`).
        if path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let module = module_of(path);
        let own = layer_of(&module)
            .unwrap_or_else(|| panic!("{}: module {module} is in no layer", path.display()));
        let text = std::fs::read_to_string(path).unwrap();
        for name in crate_references(&without_tests(&text)) {
            // Items of the crate root (`crate::lint_str`) are the top layer.
            let layer = layer_of(&name).unwrap_or(layer_of("lib").unwrap());
            if layer > own {
                upward
                    .entry(path.display().to_string())
                    .or_default()
                    .push(name);
            }
        }
    }
    assert!(
        upward.is_empty(),
        "modules that use a module above their layer: {upward:#?}"
    );
}

#[test]
fn the_wall_sees_what_it_guards() {
    // The reader finds names in `use` lists and in paths, and not in
    // `$crate::` or in other crates' paths.
    let code = "use crate::{document::Node, rules::{self}};\nlet x = crate::net::parse_ipv4(s);\n\
                $crate::report::Severity; sdrs_lint::rules::find";
    assert_eq!(
        crate_references(code),
        ["document", "rules", "net", "report"]
    );
    assert_eq!(
        without_tests("code\n/// [`crate::rules`]\n#[cfg(test)]\nmod tests {}"),
        "code"
    );
    // A lower layer naming `rules` would be caught.
    assert!(layer_of("rules") > layer_of("context"));
    assert!(layer_of("rules") > layer_of("options"));
}
