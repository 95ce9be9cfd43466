//! From the command's FILE arguments to the requests it reads: files,
//! directories (walked by the `ignore` crate, which honours `.gitignore`),
//! glob patterns (matched by `globset`) and standard input. Each file is
//! read once, however it is spelt.

use super::Input;
use globset::GlobBuilder;
use ignore::WalkBuilder;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

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
}

/// The inputs found, and the arguments that named none.
pub struct Expanded {
    pub sources: Vec<Source>,
    pub problems: Vec<String>,
}

/// Files a walk never takes, whatever they hold: sdrs-lint's own
/// configuration, and Terraform's configuration and variables in JSON
/// (`main.tf.json`, `prod.tfvars.json`), whose `server_id` is a variable,
/// not a request's.
fn is_configuration(name: &str) -> bool {
    name == super::config::FILE_NAME || name.ends_with(".tf.json") || name.ends_with(".tfvars.json")
}

/// Expands the arguments in order: a directory gives its files whose
/// extension is `extension`, a glob the files it matches, both sorted by name.
/// Neither gives the command's own files, which are not requests: any
/// `sdrs-lint.json`, Terraform's `*.tf.json` and `*.tfvars.json`, and `own`
/// (the configuration, context and policy files in use). A file named as an argument is read whatever it is.
pub fn expand(args: &[PathBuf], extension: &str, own: &[&Path]) -> Expanded {
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
    for arg in args {
        if arg.as_os_str() == "-" {
            add(&mut found, Source::Stdin);
        } else if arg.is_dir() {
            let files = walk(arg, |p| has_extension(p, extension) && request(p));
            if files.is_empty() {
                found
                    .problems
                    .push(format!("no *.{extension} files in {}", arg.display()));
            }
            files
                .into_iter()
                .for_each(|f| add(&mut found, Source::File(f, Found::Walked)));
        } else if !arg.exists() && is_glob(arg) {
            match glob(arg) {
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
                    requests
                        .into_iter()
                        .for_each(|f| add(&mut found, Source::File(f, Found::Walked)));
                }
                Err(e) => found.problems.push(format!("{}: {e}", arg.display())),
            }
        } else {
            add(&mut found, Source::File(plain(arg), Found::Named));
        }
    }
    found
}

/// The inputs read, and the sources that could not be.
pub struct Contents {
    pub inputs: Vec<Input>,
    pub problems: Vec<String>,
}

/// Reads every source; one that cannot be read is named, the others are
/// still read.
pub fn read(sources: &[Source], stdin_name: Option<&Path>) -> Contents {
    let mut read = Contents {
        inputs: Vec::new(),
        problems: Vec::new(),
    };
    for source in sources {
        let file = read.inputs.len();
        match source {
            Source::Stdin => {
                let mut bytes = Vec::new();
                match std::io::stdin().read_to_end(&mut bytes) {
                    Ok(_) => {
                        let name = stdin_name.map_or("<stdin>".into(), |p| p.display().to_string());
                        read.inputs.push(Input {
                            name: name.clone(),
                            path: None,
                            source: name,
                            location: stdin_name.map(Path::to_path_buf),
                            file,
                            first_line: 1,
                            walked: false,
                            bytes,
                        })
                    }
                    Err(e) => read
                        .problems
                        .push(format!("cannot read standard input: {e}")),
                }
            }
            Source::File(path, found) => match std::fs::read(path) {
                Ok(bytes) => read.inputs.push(Input {
                    name: path.display().to_string(),
                    path: Some(path.clone()),
                    source: path.display().to_string(),
                    location: Some(path.clone()),
                    file,
                    first_line: 1,
                    walked: *found == Found::Walked,
                    bytes,
                }),
                Err(e) => read
                    .problems
                    .push(format!("cannot read {}: {e}", path.display())),
            },
        }
    }
    read
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

/// The files below `root` that `keep` accepts, in name order, skipping
/// hidden files and what `.gitignore`, `.ignore` and git's excludes ignore.
fn walk(root: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    WalkBuilder::new(root)
        // .gitignore counts outside a git work tree too: what a project
        // ignores is not a request, wherever it is checked out.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| plain(e.path()))
        .filter(|p| keep(p))
        .collect()
}

/// The files a glob pattern matches: the directory before its first
/// wildcard is walked as a directory argument is, and each file is matched
/// against the whole pattern (`*` stays within one directory, `**` crosses
/// them).
fn glob(pattern: &Path) -> Result<Vec<PathBuf>, globset::Error> {
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
    Ok(walk(&base, |_| true)
        .into_iter()
        .filter(|p| matcher.is_match(p) || matcher.is_match(Path::new(".").join(p)))
        .collect())
}
