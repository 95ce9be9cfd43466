//! `--fix` and `--diff`: the library applies the fixes as text edits (every
//! byte outside an edit stays as it was); the command writes the result back
//! (or to standard output for standard input), or shows it as a unified diff
//! drawn by `similar`, and says what changed.

use super::Input;
use sdrs_lint::{Applicability, Applied, Options};
use std::fmt::Write;

/// What fixing one input did.
pub struct Fixed {
    /// The text before fixing (for `--diff`).
    pub before: String,
    pub applied: Vec<Applied>,
}

/// Applies the fixes up to `allowed` to the input's text, in memory. Input
/// that is not UTF-8 has nothing to fix (its diagnostic says why).
pub fn apply(input: &mut Input, options: &Options, allowed: Applicability) -> Fixed {
    let Some(before) = input.text().map(str::to_string) else {
        return Fixed {
            before: String::new(),
            applied: Vec::new(),
        };
    };
    let fixed = sdrs_lint::fix_str(&before, options, allowed);
    input.bytes = fixed.text.into_bytes();
    Fixed {
        before,
        applied: fixed.applied,
    }
}

/// `--diff`: the change to one input as a unified diff (empty if none).
pub fn diff(input: &Input, fixed: &Fixed) -> String {
    let after = input.text().unwrap_or_default();
    if after == fixed.before {
        return String::new();
    }
    // Lines end at LF only, as `patch` and `git apply` read them: a lone CR
    // (a line break for the linter's positions) stays inside its line, so
    // the diff applies to the file as it is.
    let before: Vec<&str> = fixed.before.split_inclusive('\n').collect();
    let after: Vec<&str> = after.split_inclusive('\n').collect();
    similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_slices(&before, &after)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", input.source),
            &format!("b/{}", input.source),
        )
        .to_string()
}

/// What `--fix` changed, one line per fix: the file, the rule and the JSON
/// Pointer, and what the fix did.
pub fn summary(inputs: &[Input], fixed: &[Fixed]) -> String {
    let mut out = String::new();
    for (input, fixed) in inputs.iter().zip(fixed) {
        for a in &fixed.applied {
            let _ = writeln!(
                out,
                "fixed {}: {} at {} ({})",
                input.name,
                a.code,
                if a.path.is_empty() { "(root)" } else { &a.path },
                a.description
            );
        }
    }
    out
}
