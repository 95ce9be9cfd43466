//! From the command's FILE arguments to the requests it reads: files,
//! directories (walked by the `ignore` crate, which honours `.gitignore`),
//! glob patterns (matched by `globset`) and standard input. Each file is
//! read once, however it is spelt.

use super::config::Config;
use super::Input;
use globset::GlobBuilder;
use ignore::WalkBuilder;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub enum Source {
    Stdin,
    /// A file, and whether a directory or glob walk found it (a file named
    /// on its own is always linted; one found may be skipped, SPEC §2).
    File(PathBuf, Found),
}

/// How a file came to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Named,
    Walked,
    /// Found by a walk, and listed by the configuration's `files`: linted
    /// whatever it holds, as a file named is.
    Listed,
}

/// The inputs found, the arguments that named none, and the files named
/// that the configuration's `ignores` ignore (with the pattern).
pub struct Expanded {
    pub sources: Vec<Source>,
    pub problems: Vec<String>,
    pub ignored: Vec<(PathBuf, String)>,
}

/// Files a walk never takes, whatever they hold: sdrs-lint's own
/// configuration, and Terraform's configuration and variables in JSON
/// (`main.tf.json`, `prod.tfvars.json`), whose `server_id` is a variable,
/// not a request's.
fn is_configuration(name: &str) -> bool {
    name == super::config::FILE_NAME || name.ends_with(".tf.json") || name.ends_with(".tfvars.json")
}

/// What a walk takes: files with this extension, or those the
/// configuration's `files` lists; never what its `ignores` ignore (unless
/// `ignores` is false: `--no-ignore`).
pub struct Selection<'a> {
    pub extension: &'a str,
    pub config: &'a Config,
    pub ignores: bool,
}

impl Selection<'_> {
    fn ignored(&self, path: &Path) -> bool {
        self.ignores && self.config.ignored(path).is_some()
    }

    /// A file a walk met: not taken, or taken as walked or listed.
    fn takes(&self, path: &Path) -> Option<Found> {
        if self.config.lists_files_for(path) {
            self.config.listed(path).then_some(Found::Listed)
        } else {
            has_extension(path, self.extension).then_some(Found::Walked)
        }
    }

    /// Why a walk of `root` took nothing.
    fn nothing_in(&self, root: &Path, ignored: bool) -> String {
        let config = self.config.name();
        let found = if self.config.lists_files_for(&root.join("x")) {
            format!("no files in {} match the files of {config}", root.display())
        } else {
            format!("no *.{} files in {}", self.extension, root.display())
        };
        match ignored {
            true => format!("{found} ({config} ignores the others)"),
            false => found,
        }
    }
}

/// Expands the arguments in order: a directory gives its files that the
/// selection takes, a glob the files it matches, both sorted by name.
/// Whether two paths name one file: the same device and inode (a hard
/// link, a symbolic link, `./a.json`), else the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// Neither gives the command's own files, which are not requests: any
/// `sdrs-lint.json`, Terraform's `*.tf.json` and `*.tfvars.json`, and `own`
/// (the configuration, context and policy files in use). A file named as an argument is read whatever it is, unless the
/// configuration ignores it.
pub fn expand(args: &[PathBuf], selection: &Selection, own: &[&Path]) -> Expanded {
    let own: HashSet<PathBuf> = own
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let request = |path: &Path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_none_or(|name| !is_configuration(name))
            && std::fs::canonicalize(path).map_or(true, |p| !own.contains(&p))
    };
    let stdin = [PathBuf::from("-")];
    let args = if args.is_empty() { &stdin[..] } else { args };
    let mut found = Expanded {
        sources: Vec::new(),
        problems: Vec::new(),
        ignored: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut add = |found: &mut Expanded, source: Source| {
        let key = match &source {
            Source::Stdin => None,
            // The same file through `a.json`, `./a.json` or a symbolic link.
            Source::File(path, _) => {
                Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
            }
        };
        if seen.insert(key) {
            found.sources.push(source);
        }
    };
    let prune = selection
        .ignores
        .then(|| Prune::new(selection.config.folder_filter()));
    for arg in args {
        if arg.as_os_str() == "-" {
            add(&mut found, Source::Stdin);
        } else if arg.is_dir() {
            let mut ignored_any = false;
            let files = walk(arg, prune.as_ref(), |p| {
                if !request(p) {
                    return None;
                }
                let taken = selection.takes(p)?;
                if selection.ignored(p) {
                    ignored_any = true;
                    return None;
                }
                Some(taken)
            });
            if files.is_empty() {
                let pruned = prune.as_ref().is_some_and(|f| f.pruned());
                found
                    .problems
                    .push(selection.nothing_in(arg, ignored_any || pruned));
            }
            files
                .into_iter()
                .for_each(|(f, how)| add(&mut found, Source::File(f, how)));
        } else if !arg.exists() && is_glob(arg) {
            match glob(arg, prune.as_ref()) {
                Ok(files) if files.is_empty() => found
                    .problems
                    .push(format!("no files match {}", arg.display())),
                Ok(files) => {
                    let requests: Vec<PathBuf> = files.into_iter().filter(|f| request(f)).collect();
                    if requests.is_empty() {
                        found.problems.push(format!(
                            "{} matches only the command's own files (sdrs-lint.json, the configuration, context or policy in use), which are not requests",
                            arg.display()
                        ));
                    }
                    let count = requests.len();
                    let taken: Vec<PathBuf> = requests
                        .into_iter()
                        .filter(|f| !selection.ignored(f))
                        .collect();
                    if count > 0 && taken.is_empty() {
                        found.problems.push(format!(
                            "every file that {} matches is ignored by {}",
                            arg.display(),
                            selection.config.name()
                        ));
                    }
                    taken.into_iter().for_each(|f| {
                        let how = match selection.config.listed(&f) {
                            true => Found::Listed,
                            false => Found::Walked,
                        };
                        add(&mut found, Source::File(f, how))
                    });
                }
                Err(e) => found.problems.push(format!("{}: {e}", arg.display())),
            }
        } else {
            let path = plain(arg);
            match selection
                .ignores
                .then(|| selection.config.ignored(&path))
                .flatten()
            {
                Some(pattern) => found.ignored.push((path, pattern)),
                None => add(&mut found, Source::File(path, Found::Named)),
            }
        }
    }
    found
}

impl Source {
    /// Whether a directory or glob walk found it, not taken whatever it holds.
    pub fn walked(&self) -> bool {
        matches!(self, Source::File(_, Found::Walked))
    }

    /// Its input with no bytes yet: its names, `file` its number in the run.
    pub fn input(&self, stdin_name: Option<&Path>, file: usize) -> Input {
        let (name, path, location) = match self {
            Source::Stdin => (
                stdin_name.map_or("<stdin>".into(), |p| p.display().to_string()),
                None,
                stdin_name.map(Rc::from),
            ),
            Source::File(path, _) => (
                path.display().to_string(),
                Some(Rc::from(path.as_path())),
                Some(Rc::from(path.as_path())),
            ),
        };
        Input {
            source: Rc::from(name.as_str()),
            name,
            path,
            location,
            file,
            first_line: 1,
            walked: self.walked(),
            bytes: Vec::new(),
        }
    }

    /// Reads it whole, or says why it cannot be read.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map(|_| bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))
            }
            Source::File(path, _) => std::fs::read(path).map_err(|e| cannot_read(path, &e)),
        }
    }
}

/// Why a file cannot be read, for standard error.
pub fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    format!("cannot read {}: {e}", path.display())
}

/// A path without leading `./`: `git apply` refuses patch paths with it
/// ("invalid path"), and no format needs it.
fn plain(path: &Path) -> PathBuf {
    let mut components = path.components().peekable();
    while components.peek() == Some(&std::path::Component::CurDir) {
        components.next();
    }
    let rest: PathBuf = components.collect();
    if rest.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        rest
    }
}

fn is_glob(arg: &Path) -> bool {
    arg.to_string_lossy().contains(['*', '?', '[', '{'])
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

/// Which folders a walk does not go into (the configuration's ignores),
/// and whether it kept any out.
pub struct Prune<F> {
    ignores: F,
    pruned: Arc<AtomicBool>,
}

impl<F: Fn(&Path) -> bool + Send + Sync + 'static> Prune<F> {
    pub fn new(ignores: F) -> Self {
        Prune {
            ignores,
            pruned: Arc::new(AtomicBool::new(false)),
        }
    }

    fn pruned(&self) -> bool {
        self.pruned.load(Ordering::Relaxed)
    }
}

/// The files below `root` that `keep` takes, in name order, skipping
/// hidden files, what `.gitignore`, `.ignore` and git's excludes ignore,
/// and the folders `prune` ignores.
fn walk<T, F>(
    root: &Path,
    prune: Option<&Prune<F>>,
    mut keep: impl FnMut(&Path) -> Option<T>,
) -> Vec<(PathBuf, T)>
where
    F: Fn(&Path) -> bool + Send + Sync + Clone + 'static,
{
    let mut builder = WalkBuilder::new(root);
    // .gitignore counts outside a git work tree too: what a project
    // ignores is not a request, wherever it is checked out.
    builder
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    if let Some(prune) = prune {
        let ignores = prune.ignores.clone();
        let pruned = prune.pruned.clone();
        builder.filter_entry(move |entry| {
            let folder = entry.file_type().is_some_and(|t| t.is_dir());
            let out = folder && entry.depth() > 0 && ignores(entry.path());
            if out {
                pruned.store(true, Ordering::Relaxed);
            }
            !out
        });
    }
    builder
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| plain(e.path()))
        .filter_map(|p| keep(&p).map(|t| (p, t)))
        .collect()
}

/// The files a glob pattern matches: the directory before its first
/// wildcard is walked as a directory argument is, and each file is matched
/// against the whole pattern (`*` stays within one directory, `**` crosses
/// them).
fn glob<F>(pattern: &Path, prune: Option<&Prune<F>>) -> Result<Vec<PathBuf>, globset::Error>
where
    F: Fn(&Path) -> bool + Send + Sync + Clone + 'static,
{
    let matcher = GlobBuilder::new(&pattern.to_string_lossy())
        .literal_separator(true)
        .build()?
        .compile_matcher();
    let base: PathBuf = pattern
        .components()
        .take_while(|c| !is_glob(Path::new(c.as_os_str())))
        .collect();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    // Matched as written (`./requests/*.json` matches `./requests/a.json`),
    // named without `./`.
    Ok(walk(&base, prune, |p| {
        (matcher.is_match(p) || matcher.is_match(Path::new(".").join(p))).then_some(())
    })
    .into_iter()
    .map(|(p, ())| p)
    .collect())
}
