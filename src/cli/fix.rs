//! `--fix`: applies the report's safe fixes (RFC 6902 patches, with the
//! `json-patch` crate) and writes the file back, pretty-printed.

use super::Input;
use sdrs_lint::Options;

/// ESLint's bound: fixes can enable other fixes, but never loop forever.
const MAX_PASSES: usize = 10;

pub fn apply(input: &mut Input, options: &Options) -> Result<(), String> {
    let Some(path) = input.path.clone() else {
        return Err("--fix needs files, not standard input".into());
    };
    let mut changed = false;
    for _ in 0..MAX_PASSES {
        let report = sdrs_lint::lint_bytes(&input.bytes, options);
        let Ok(mut document) = serde_json::from_slice::<serde_json::Value>(&input.bytes) else {
            break; // not JSON: nothing can be fixed
        };
        // Later members first, so that removing a tag does not shift the
        // indexes of fixes still to apply; one fix per path and its parents.
        let mut touched: Vec<String> = Vec::new();
        let mut applied = false;
        for d in report.diagnostics.iter().rev() {
            let Some(fix) = &d.fix else { continue };
            let paths: Vec<String> = fix.patch.iter().flat_map(op_paths).collect();
            let overlaps = |a: &str, b: &str| {
                a == b || a.starts_with(&format!("{b}/")) || b.starts_with(&format!("{a}/"))
            };
            if paths.iter().any(|p| {
                touched
                    .iter()
                    .any(|t| p.is_empty() || t.is_empty() || overlaps(p, t))
            }) {
                continue;
            }
            let patch: json_patch::Patch =
                serde_json::from_value(serde_json::to_value(&fix.patch).expect("serializable"))
                    .map_err(|e| format!("internal fix for {}: {e}", d.code))?;
            if json_patch::patch(&mut document, &patch).is_ok() {
                touched.extend(paths);
                applied = true;
            }
        }
        if !applied {
            break;
        }
        input.bytes =
            (serde_json::to_string_pretty(&document).expect("serializable") + "\n").into_bytes();
        changed = true;
    }
    if changed {
        std::fs::write(&path, &input.bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn op_paths(op: &sdrs_lint::PatchOp) -> Vec<String> {
    use sdrs_lint::PatchOp::*;
    match op {
        Replace { path, .. } | Add { path, .. } | Remove { path } => vec![path.clone()],
        Move { from, path } => vec![from.clone(), path.clone()],
    }
}
