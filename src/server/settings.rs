//! The options each document is linted with: the nearest `sdrs-lint.json`
//! (found and read as the command finds and reads it), with the client's
//! `initializationOptions` over it.
//!
//! Each lint looks the file up again and compares its modification time and
//! size with the copy it read, so an edit saved by any program is seen on
//! the next keystroke even in a client that watches no files; a watched
//! file's change or a save in the editor relints the open documents at once.

use crate::cli::config;
use sdrs_lint::Options;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What identifies the content of a configuration file without reading it.
type Stamp = Option<(Option<SystemTime>, u64)>;

pub struct Settings {
    /// The client's `initializationOptions`: the configuration's shape,
    /// applied over each file (`rules` merged by code, every other key
    /// replacing the file's).
    overrides: Option<Map<String, Value>>,
    /// Where documents without a folder of their own (unsaved buffers) look
    /// for the configuration.
    root: Option<PathBuf>,
    loaded: HashMap<Option<PathBuf>, (Stamp, Arc<Options>, u64)>,
    /// How many times options were read: each reading's number names it.
    readings: u64,
}

/// The options for one document, and what went wrong reading them.
pub struct Resolved {
    pub options: Arc<Options>,
    /// Which reading of the configuration they are: the same number, the
    /// same options.
    pub reading: u64,
    /// A configuration that could not be used, in words for the user; the
    /// options are then the next best (the overrides alone, or the defaults).
    pub problem: Option<String>,
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
            Some(Value::Object(map)) => match Options::from_value(&Value::Object(map.clone())) {
                Ok(_) => (Some(map.clone()), None),
                Err(e) => (None, Some(format!("initializationOptions: {e}"))),
            },
            Some(other) => (
                None,
                Some(format!(
                    "initializationOptions must be an object with the configuration's keys, not {}",
                    json_type(other)
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
        let stamp: Stamp = file.as_ref().and_then(|f| {
            let meta = std::fs::metadata(f).ok()?;
            Some((meta.modified().ok(), meta.len()))
        });
        if let Some((seen, options, reading)) = self.loaded.get(&file) {
            if *seen == stamp {
                return Resolved {
                    options: options.clone(),
                    reading: *reading,
                    problem: None,
                };
            }
        }
        let (options, problem) = self.read(file.as_deref());
        let options = Arc::new(options);
        self.readings += 1;
        let reading = self.readings;
        self.loaded.insert(file, (stamp, options.clone(), reading));
        Resolved {
            options,
            reading,
            problem,
        }
    }

    fn read(&self, file: Option<&Path>) -> (Options, Option<String>) {
        let defaults = || match &self.overrides {
            Some(map) => Options::from_value(&Value::Object(map.clone())).unwrap_or_default(),
            None => Options::default(),
        };
        let Some(file) = file else {
            return (defaults(), None);
        };
        // The command's reading first: its messages name the file, the
        // line and the column.
        let from_file = match config::read_options(file) {
            Ok(options) => options,
            Err(e) => {
                return (
                    defaults(),
                    Some(format!("{e}; linting without this configuration")),
                )
            }
        };
        let Some(overrides) = &self.overrides else {
            return (from_file, None);
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let Ok(Value::Object(mut merged)) = serde_json::from_str::<Value>(&text) else {
            return (from_file, None);
        };
        for (key, value) in overrides {
            match (key.as_str(), merged.get_mut(key), value) {
                ("rules", Some(Value::Object(rules)), Value::Object(more)) => {
                    rules.extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                // The cap has two spellings; the override's replaces both.
                ("max_diagnostics" | "maxDiagnostics", _, _) => {
                    merged.remove("max_diagnostics");
                    merged.remove("maxDiagnostics");
                    merged.insert(key.clone(), value.clone());
                }
                _ => {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        match Options::from_value(&Value::Object(merged)) {
            Ok(options) => (options, None),
            Err(e) => (
                defaults(),
                Some(format!(
                    "{} with initializationOptions over it: {e}",
                    file.display()
                )),
            ),
        }
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether a path names a configuration file (never linted as a request).
pub fn is_configuration(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == std::ffi::OsStr::new(config::FILE_NAME))
}
