//! Configuration and context files: found, read and printed. The library
//! reads their content strictly; the command only adds what belongs to files
//! (discovery, and the `"$schema"` key editors use to complete and check
//! them against `schemas/*.schema.json`).

use sdrs_lint::{Context, Options, Policy, CATALOGUE};
use std::path::{Path, PathBuf};

/// The configuration file looked for when `--config` is not given.
pub const FILE_NAME: &str = "sdrs-lint.json";

/// `sdrs-lint.json` in the working directory or the nearest parent that has one.
pub fn discover() -> Option<PathBuf> {
    discover_from(&std::env::current_dir().ok()?)
}

/// `sdrs-lint.json` in `dir` or the nearest parent that has one (the
/// language server looks from each document's folder).
pub fn discover_from(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|f| f.is_file())
}

pub fn read_options(path: &Path) -> Result<Options, String> {
    read(path)?
        .parse::<Options>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

pub fn read_context(path: &Path) -> Result<Context, String> {
    read(path)?
        .parse::<Context>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

pub fn read_policy(path: &Path) -> Result<Policy, String> {
    read(path)?
        .parse::<Policy>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `--print-config`: the options in effect, in the configuration file's own
/// format (every rule with its level), so the output works as `--config`.
pub fn print(options: &Options) -> String {
    let rules: serde_json::Map<String, serde_json::Value> = CATALOGUE
        .iter()
        .map(|r| (r.code.to_string(), serde_json::json!(options.level(r.code))))
        .collect();
    let mut config = serde_json::json!({
        "rules": rules,
        "max_diagnostics": options.max_diagnostics,
        "locale": options.locale,
        "platform": options.platform,
    });
    if let Some(context) = &options.context {
        config["context"] = serde_json::to_value(context.as_ref()).expect("serializable");
    }
    if let Some(policy) = &options.policy {
        config["policy"] = serde_json::to_value(policy.as_ref()).expect("serializable");
    }
    serde_json::to_string_pretty(&config).expect("serializable") + "\n"
}
