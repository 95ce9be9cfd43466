//! `--watch`: the file-system events of what a run reads (notify, through
//! its debouncer: a burst of events within 100 ms is one), sorted into
//! those that call for another run and those that do not (a run's own
//! reading of a file, its report file, its own fixes).
//!
//! Another run lints everything again: the plan rules compare every
//! request with every other, so a change to one file can add or take away
//! a finding in another. The configuration is read again by each run.

use super::config::{absolute, FILE_NAME};
use notify::event::{EventKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long the debouncer gathers events before it reports them: an
/// editor's save (a temporary file, a rename) is one change.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// What a watch starts from.
pub struct Watched<'a> {
    /// Folders (and the folders of globs) whose every file counts.
    pub roots: &'a [PathBuf],
    /// Files that count: those named, `--config`, `--context`, `--policy`.
    pub files: &'a [PathBuf],
    /// Whether a `sdrs-lint.json` in the working directory or a parent of
    /// it counts (no `--config`, no `--no-config`).
    pub discover: bool,
    /// The report's file, which a run writes and which is no change.
    pub output: Option<&'a Path>,
}

pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Folders watched, and how.
    watched: HashSet<(PathBuf, bool)>,
    roots: Vec<PathBuf>,
    files: HashSet<PathBuf>,
    output: Option<PathBuf>,
}

impl Watcher {
    pub fn new(what: Watched) -> Result<Watcher, String> {
        let (sender, events) = channel();
        let debouncer = new_debouncer(DEBOUNCE, None, sender)
            .map_err(|e| format!("--watch cannot watch files here: {e}"))?;
        let mut watcher = Watcher {
            debouncer,
            events,
            watched: HashSet::new(),
            roots: Vec::new(),
            files: HashSet::new(),
            output: what.output.map(absolute),
        };
        for root in what.roots {
            let root = absolute(root);
            watcher.watch(&root, true)?;
            watcher.roots.push(root);
        }
        watcher.follow(what.files);
        if what.discover {
            // Where a run looks for sdrs-lint.json: a new one counts too.
            if let Ok(cwd) = std::env::current_dir() {
                for folder in cwd.ancestors() {
                    let _ = watcher.watch(folder, false);
                }
            }
        }
        Ok(watcher)
    }

    fn watch(&mut self, folder: &Path, recursive: bool) -> Result<(), String> {
        if !self.watched.insert((folder.to_path_buf(), recursive)) {
            return Ok(());
        }
        let mode = match recursive {
            true => RecursiveMode::Recursive,
            false => RecursiveMode::NonRecursive,
        };
        self.debouncer
            .watch(folder, mode)
            .map_err(|e| format!("--watch cannot watch {}: {e}", folder.display()))
    }

    /// Files whose change counts from now on (the configuration, context
    /// and policy a run read), watched through their folders: an editor
    /// saves by writing another file and renaming it over the first.
    pub fn follow(&mut self, files: &[PathBuf]) {
        for file in files {
            let file = absolute(file);
            if let Some(folder) = file.parent() {
                // A folder that does not exist (yet) has nothing to report.
                let _ = self.watch(folder, false);
            }
            self.files.insert(file);
        }
    }

    /// Whether a change at `path` calls for another run.
    fn counts(&self, path: &Path) -> bool {
        if self.output.as_deref() == Some(path) {
            return false;
        }
        if path.file_name().is_some_and(|n| n == FILE_NAME) || self.files.contains(path) {
            return true;
        }
        self.roots.iter().any(|root| {
            let Ok(below) = path.strip_prefix(root) else {
                return false;
            };
            // Hidden files and folders are never walked (an editor's swap
            // file, .git), but .gitignore and .ignore say what is.
            let name = below.file_name().unwrap_or_default();
            let hidden = |part: &std::ffi::OsStr| part.to_string_lossy().starts_with('.');
            let ignore_file = name == ".gitignore" || name == ".ignore";
            let mut folders = below.components().rev().skip(1);
            !folders.any(|c| hidden(c.as_os_str())) && (ignore_file || !hidden(name))
        })
    }

    /// Waits for a change that calls for another run. `written` is what
    /// the last run's `--fix` wrote: a file that still holds exactly that
    /// has not changed since the run, so the fixes do not start another.
    pub fn wait(&mut self, written: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
        let written: Vec<(PathBuf, &[u8])> = written
            .iter()
            .map(|(path, bytes)| (absolute(path), bytes.as_slice()))
            .collect();
        loop {
            let batch = self
                .events
                .recv()
                .map_err(|_| "--watch: the file watcher stopped".to_string())?;
            let events = match batch {
                Ok(events) => events,
                Err(errors) => {
                    for e in errors {
                        eprintln!("sdrs-lint: --watch: {e}");
                    }
                    continue;
                }
            };
            // Opening and reading a file (each run does) and its metadata
            // change nothing a run reads.
            let changed = events
                .iter()
                .filter(|e| {
                    !matches!(
                        e.kind,
                        EventKind::Access(_)
                            | EventKind::Other
                            | EventKind::Modify(ModifyKind::Metadata(_))
                    )
                })
                .flat_map(|e| &e.paths)
                .filter(|path| self.counts(path))
                .any(|changed| {
                    !written.iter().any(|(path, bytes)| {
                        path == changed && std::fs::read(path).is_ok_and(|b| b == *bytes)
                    })
                });
            if changed {
                return Ok(());
            }
        }
    }
}
