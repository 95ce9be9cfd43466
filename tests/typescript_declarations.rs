//! The npm package's TypeScript declarations name every rule code and kind
//! of the catalogue (scripts/build-wasm.sh rewrites the `Code` union from
//! it; this fails when a new rule was added without rebuilding the package).

use sdrs_lint::CATALOGUE;

const DECLARATIONS: &str = include_str!("../pkg/sdrs-lint.d.ts");

/// The string literals of the union declared by `head`, up to its `;`.
fn literals(head: &str) -> Vec<String> {
    let start = DECLARATIONS.find(head).expect(head) + head.len();
    let mut found = Vec::new();
    for line in DECLARATIONS[start..].lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        found.extend(line.split(['|', ';']).filter_map(|item| {
            let item = item.trim();
            Some(item.strip_prefix('"')?.strip_suffix('"')?.to_string())
        }));
        if line.ends_with(';') {
            return found;
        }
    }
    panic!("{head} has no end");
}

#[test]
fn the_code_union_is_the_catalogue_in_order() {
    let catalogue: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
    assert_eq!(literals("export type Code ="), catalogue);
}

#[test]
fn the_rule_kind_union_holds_every_kind() {
    let kinds = literals("export type RuleKind =");
    for rule in CATALOGUE {
        let kind = serde_json::to_value(rule.kind).unwrap();
        assert!(
            kinds.iter().any(|k| kind == k.as_str()),
            "{kind} is not in RuleKind"
        );
    }
}
