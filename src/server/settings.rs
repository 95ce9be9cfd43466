//! The options each document is linted with: the nearest `sdrs-lint.json`
//! (found and read as the command finds and reads it, its `overrides` for
//! the document's path applied), with the client's `initializationOptions`
//! over it; and whether its `ignores` ignore the document, or its `files`
//! list it.
//!
//! Each lint looks the file up again and compares its modification time and
//! size (and those of a context or policy it names by path) with the copy
//! it read, so an edit saved by any program is seen on
//! the next keystroke even in a client that watches no files; a watched
//! file's change or a save in the editor relints the open documents at once.

use crate::cli::config::{self, Config, Layer};
use sdrs_lint::Options;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What identifies the content of a file without reading it.
type Stamp = Option<(Option<SystemTime>, u64)>;

fn stamp(file: &Path) -> Stamp {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

pub struct Settings {
    /// The client's `initializationOptions`: the options' shape, a layer
    /// over each file's options (`rules` merged by code, every other key
    /// replacing the file's).
    overrides: Option<Layer>,
    /// Where documents without a folder of their own (unsaved buffers) look
    /// for the configuration.
    root: Option<PathBuf>,
    loaded: HashMap<Option<PathBuf>, Loaded>,
    /// How many times options were read: each reading's number names it.
    readings: u64,
}

/// A configuration file as read, with the stamps of the files it is made
/// of (itself, and a context or policy it names by path).
struct Loaded {
    stamps: Vec<(PathBuf, Stamp)>,
    /// `None`: it could not be read (`problem` says why).
    config: Option<Config>,
    problem: Option<String>,
    reading: u64,
    /// The options made for each set of overrides that applied.
    made: HashMap<Vec<usize>, Arc<Options>>,
}

/// The options for one document, and what went wrong reading them.
pub struct Resolved {
    pub options: Arc<Options>,
    /// Which reading of the configuration they are: the same number, the
    /// same options for the same document.
    pub reading: u64,
    /// A configuration that could not be used, in words for the user; the
    /// options are then the next best (the overrides alone, or the defaults).
    pub problem: Option<String>,
    /// The configuration's `ignores` ignores the document: no diagnostics.
    pub ignored: bool,
    /// Its `files` lists the document: linted whatever it holds.
    pub listed: bool,
}

impl Settings {
    /// `initialization_options` is checked at once: an error is returned
    /// (for the user) and the overrides are dropped.
    pub fn new(
        initialization_options: Option<&Value>,
        root: Option<PathBuf>,
    ) -> (Self, Option<String>) {
        let (overrides, problem) = match initialization_options {
            None | Some(Value::Null) => (None, None),
            Some(Value::Object(map)) => match Layer::from_options(map) {
                Ok(layer) => (Some(layer), None),
                Err(e) => (None, Some(format!("initializationOptions: {e}"))),
            },
            Some(other) => (
                None,
                Some(format!(
                    "initializationOptions must be an object with the configuration's keys, not {}",
                    crate::cli::config::json_type(other)
                )),
            ),
        };
        let settings = Settings {
            overrides,
            root,
            loaded: HashMap::new(),
            readings: 0,
        };
        (settings, problem)
    }

    /// Forgets every file read, so that the next lint reads them again.
    pub fn reload(&mut self) {
        self.loaded.clear();
    }

    /// The options for a document at `path` (none for an unsaved buffer).
    pub fn resolve(&mut self, path: Option<&Path>) -> Resolved {
        let folder = path.and_then(Path::parent).or(self.root.as_deref());
        let file = folder.and_then(config::discover_from);
        let fresh = self.loaded.get(&file).is_some_and(|loaded| {
            loaded
                .stamps
                .iter()
                .all(|(source, seen)| *seen == stamp(source))
                && file
                    .as_ref()
                    .is_none_or(|f| loaded.stamps.iter().any(|(s, _)| s == f))
        });
        if !fresh {
            let loaded = self.read(file.as_deref());
            self.loaded.insert(file.clone(), loaded);
        }
        let overrides = self.overrides.as_ref();
        let loaded = self.loaded.get_mut(&file).expect("read above");
        let place = match (&loaded.config, path) {
            (Some(config), Some(path)) => config.place(path),
            _ => config::Place::default(),
        };
        let options = loaded
            .made
            .entry(place.overrides.clone())
            .or_insert_with(|| {
                let mut options = match &loaded.config {
                    Some(config) => config.options(&place.overrides),
                    None => Options::default(),
                };
                if let Some(layer) = overrides {
                    layer.apply(&mut options);
                }
                Arc::new(options)
            })
            .clone();
        Resolved {
            options,
            reading: loaded.reading,
            problem: loaded.problem.clone(),
            ignored: place.ignored.is_some(),
            listed: place.listed,
        }
    }

    fn read(&mut self, file: Option<&Path>) -> Loaded {
        self.readings += 1;
        let mut loaded = Loaded {
            stamps: Vec::new(),
            config: None,
            problem: None,
            reading: self.readings,
            made: HashMap::new(),
        };
        let Some(file) = file else {
            return loaded;
        };
        loaded.stamps.push((file.to_path_buf(), stamp(file)));
        // The command's reading: its messages name the file, the line and
        // the column, and the key's place.
        match Config::load(file) {
            Ok(config) => {
                for source in &config.sources {
                    loaded.stamps.push((source.clone(), stamp(source)));
                }
                loaded.config = Some(config);
            }
            Err(e) => loaded.problem = Some(format!("{e}; linting without this configuration")),
        }
        loaded
    }
}

/// Whether a path names a configuration file (never linted as a request).
pub fn is_configuration(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == std::ffi::OsStr::new(config::FILE_NAME))
}
