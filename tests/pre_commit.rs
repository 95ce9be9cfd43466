//! The pre-commit hook (.pre-commit-hooks.yaml), run the way the pre-commit
//! framework runs it: the installed command on the PATH, the hook's entry
//! split as a shell would, then its args, then the staged file names.

use std::path::Path;
use std::process::{Command, Output};
use yaml_rust2::{Yaml, YamlLoader};

fn hook() -> Yaml {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let hooks = YamlLoader::load_from_str(&text).unwrap().remove(0);
    hooks
        .as_vec()
        .unwrap()
        .iter()
        .find(|h| h["id"].as_str() == Some("sdrs-lint"))
        .expect("a hook with id sdrs-lint")
        .clone()
}

/// `entry args... files...`, with the built command where pre-commit puts
/// the one it installs: first on the PATH.
fn run_hook(hook: &Yaml, files: &[&str]) -> Output {
    let mut words = shlex::split(hook["entry"].as_str().unwrap()).unwrap();
    if let Some(args) = hook["args"].as_vec() {
        words.extend(args.iter().map(|a| a.as_str().unwrap().to_string()));
    }
    words.extend(files.iter().map(|f| f.to_string()));
    let bin = Path::new(env!("CARGO_BIN_EXE_sdrs-lint")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new(&words[0])
        .args(&words[1..])
        .env("PATH", path)
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

#[test]
fn the_hook_runs_the_command_on_the_staged_files() {
    let hook = hook();
    assert_eq!(
        hook["language"].as_str(),
        Some("rust"),
        "pre-commit builds it with cargo"
    );
    assert_eq!(
        hook["require_serial"].as_bool(),
        Some(true),
        "one run: one plan"
    );
    let types: Vec<&str> = hook["types"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(types, ["json"]);

    let clean = run_hook(&hook, &["examples/clean.json"]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let bad = run_hook(&hook, &["examples/clean.json", "examples/api-example.json"]);
    assert_eq!(bad.status.code(), Some(1));
    let out = String::from_utf8(bad.stdout).unwrap();
    assert!(out.contains("--> examples/api-example.json:7:26"), "{out}");
    assert!(
        out.contains("plan-duplicate-server"),
        "the files form one plan: {out}"
    );
}
