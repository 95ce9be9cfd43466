//! `--fix` and `--diff`: the library applies the fixes as text edits (every
//! byte outside an edit stays as it was); the command writes the result back
//! (or to standard output for standard input), or shows it as a unified diff
//! drawn by `similar`, and says what changed.

use super::Input;
use sdrs_lint::{Applicability, Applied, Options};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

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

/// Writes a fixed file so that the write cannot half-happen: a temporary
/// file beside the target, with the target's permissions, renamed over it.
/// A crash, a full disk or Ctrl-C leaves the old file or the new one,
/// never a part. A symbolic link is written through, to its target, and
/// stays a link. A file that changed since it was read (`before`) is not
/// overwritten: the change on disk is not this run's to lose.
pub fn write_back(path: &Path, before: &[u8], after: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    let metadata = std::fs::metadata(&target).map_err(|e| format!("cannot write {shown}: {e}"))?;
    // Renaming over a file needs only the folder's permission: a file its
    // owner made read-only is left as the owner wants it.
    if metadata.permissions().readonly() {
        return Err(format!(
            "cannot write {shown}: it is read-only; it is unchanged"
        ));
    }
    if std::fs::read(&target).map_err(|e| format!("cannot write {shown}: {e}"))? != before {
        return Err(format!(
            "{shown} changed on disk while it was being fixed; it was not overwritten (run again)"
        ));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let written = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".sdrs-lint")
        .tempfile_in(dir)
        .and_then(|mut file| {
            file.write_all(after)?;
            file.as_file().set_permissions(metadata.permissions())?;
            file.as_file().sync_all()?;
            file.persist(&target).map_err(|e| e.error)?;
            Ok(())
        });
    written.map_err(|e| format!("cannot write {shown}: {e}; it is unchanged"))
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

/// What `--fix` changed in one input, one line per fix: the file, the rule
/// and the JSON Pointer, and what the fix did.
pub fn summary(input: &Input, fixed: &Fixed, locale: sdrs_lint::Locale) -> String {
    let mut out = String::new();
    for a in &fixed.applied {
        let mut params = sdrs_lint::Params::default();
        params.insert("name", input.name.as_str().into());
        params.insert("code", a.code.into());
        let path = match a.path.is_empty() {
            true => super::say(locale, "root", &sdrs_lint::Params::default()),
            false => a.path.clone(),
        };
        params.insert("path", path.into());
        params.insert("description", a.description.as_str().into());
        let _ = writeln!(out, "{}", super::say(locale, "fixed", &params));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::write_back;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, "changed by someone else").unwrap();
        let e = write_back(&path, b"as read", b"fixed").unwrap_err();
        assert!(e.contains("changed on disk"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "changed by someone else"
        );
        write_back(&path, b"changed by someone else", b"fixed").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    /// Found in a new user's trial: a read-only file was replaced by the
    /// rename, which needs only the folder's permission.
    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, "as read").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let e = write_back(&path, b"as read", b"fixed").unwrap_err();
        assert!(e.contains("read-only"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "as read");
    }
}
