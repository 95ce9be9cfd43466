//! Configuration and context files: found, read and printed. The library
//! reads the options strictly (the JavaScript options object has their
//! shape); the command adds what belongs to files: discovery, the
//! `"$schema"` key editors use to complete and check them against
//! `schemas/*.schema.json`, `files` and `ignores` globs (which files a walk
//! takes, and which it never takes), `overrides` for the files their globs
//! match, and a context or policy named by its path.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use sdrs_lint::{Context, Options, Policy, CATALOGUE};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

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

/// The options' keys, as a layer of options names them (`maxDiagnostics`
/// is `max_diagnostics`).
const OPTION_KEYS: [&str; 7] = sdrs_lint::options::KEYS;

/// Keys of the configuration file that the command reads itself.
const FILE_KEYS: [&str; 3] = ["files", "ignores", "overrides"];

/// Options that set some keys: applied over others, they replace those
/// keys' values and leave the rest (`rules` merged by code, as ESLint's).
#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub options: Options,
    /// The keys it sets, each once, from [`OPTION_KEYS`].
    pub keys: Vec<&'static str>,
}

impl Layer {
    /// Records that the layer sets `key` (one of the options' keys).
    pub fn sets(&mut self, key: &str) {
        let key = canonical(key);
        if !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    /// The options an object of the options' shape sets (the language
    /// server's `initializationOptions`), read by the library.
    pub fn from_options(map: &Map<String, Value>) -> Result<Layer, sdrs_lint::OptionsError> {
        let mut layer = Layer {
            options: Options::from_value(&Value::Object(map.clone()))?,
            keys: Vec::new(),
        };
        for key in map.keys().filter(|k| *k != "$schema") {
            layer.sets(key);
        }
        Ok(layer)
    }

    /// `to` with this layer's keys replaced (rules: each code it names).
    pub fn apply(&self, to: &mut Options) {
        for key in &self.keys {
            match *key {
                "rules" => {
                    for (code, level) in &self.options.rules {
                        to.rules.retain(|(c, _)| c != code);
                        to.rules.push((code, *level));
                    }
                }
                "max_diagnostics" => to.max_diagnostics = self.options.max_diagnostics,
                "context" => to.context = self.options.context.clone(),
                "policy" => to.policy = self.options.policy.clone(),
                "locale" => to.locale = self.options.locale,
                "platform" => to.platform = self.options.platform,
                "kind" => to.kind = self.options.kind,
                _ => {}
            }
        }
    }
}

fn canonical(key: &str) -> &'static str {
    if key == "maxDiagnostics" {
        return "max_diagnostics";
    }
    OPTION_KEYS
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("")
}

/// Glob patterns relative to the configuration's directory, as ESLint's
/// flat configuration has them: `*` stays within a folder, `**` crosses
/// folders, a pattern without a slash matches in that directory only
/// (`**/x` at any depth), a pattern ending in `/` matches a folder and
/// everything below it, and one starting with `!` takes back what an
/// earlier one matched. The last pattern that matches decides; a folder
/// it decides for decides for everything below it.
#[derive(Debug)]
pub struct Globs {
    patterns: Vec<String>,
    negated: Vec<bool>,
    /// Every pattern, matched against a folder (`a/b`).
    all: GlobSet,
    /// The patterns that match files (not ending in `/`), and their numbers.
    files: GlobSet,
    file_patterns: Vec<usize>,
}

impl Globs {
    /// Reads a list of patterns; `at` names the list in messages
    /// (`overrides[1].files`).
    fn read(value: &Value, at: &str) -> Result<Globs, String> {
        let Some(list) = value.as_array() else {
            return Err(format!(
                "{at} must be a list of glob patterns, not {}",
                json_type(value)
            ));
        };
        let mut patterns = Vec::new();
        let mut negated = Vec::new();
        let mut all = GlobSetBuilder::new();
        let mut files = GlobSetBuilder::new();
        let mut file_patterns = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let at = format!("{at}[{i}]");
            let Some(text) = item.as_str() else {
                return Err(format!(
                    "{at} must be a glob pattern (a string), not {}",
                    json_type(item)
                ));
            };
            let (negative, pattern) = match text.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, text),
            };
            // `/x` and `./x` are `x`: every pattern starts at the
            // configuration's directory.
            let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
            if pattern.is_empty() {
                return Err(format!("{at}: '{text}' is an empty pattern"));
            }
            if pattern.split('/').any(|part| part == "..") {
                return Err(format!(
                    "{at}: '{text}' reaches outside the configuration's directory; \
                     patterns are relative to it"
                ));
            }
            let glob = |p: &str| -> Result<Glob, String> {
                GlobBuilder::new(p)
                    .literal_separator(true)
                    .backslash_escape(true)
                    .build()
                    .map_err(|e| format!("{at}: '{text}' is not a glob pattern: {}", e.kind()))
            };
            // Against folders, `dir/` is `dir`; against files, it matches none.
            all.add(glob(pattern.trim_end_matches('/'))?);
            if !pattern.ends_with('/') {
                files.add(glob(pattern)?);
                file_patterns.push(patterns.len());
            }
            patterns.push(text.to_string());
            negated.push(negative);
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("{at}: {e}"));
        Ok(Globs {
            patterns,
            negated,
            all: build(all)?,
            files: build(files)?,
            file_patterns,
        })
    }

    fn last(set: &GlobSet, candidate: &str) -> Option<usize> {
        set.matches(candidate).into_iter().max()
    }

    /// The pattern that decides for a folder or file at `relative` (its
    /// path below the configuration's directory, with `/`), if one matches
    /// and is not taken back.
    fn decides(&self, relative: &str, folder: bool) -> Option<&str> {
        let parts: Vec<&str> = relative.split('/').filter(|p| !p.is_empty()).collect();
        let folders = if folder {
            parts.len()
        } else {
            parts.len().saturating_sub(1)
        };
        for depth in 1..=folders {
            let path = parts[..depth].join("/");
            if let Some(i) = Globs::last(&self.all, &path) {
                if !self.negated[i] {
                    return Some(&self.patterns[i]);
                }
            }
        }
        if folder {
            return None;
        }
        let i = self.file_patterns[Globs::last(&self.files, relative)?];
        (!self.negated[i]).then(|| self.patterns[i].as_str())
    }
}

/// One entry of `overrides`: options for the files its globs match.
#[derive(Debug)]
struct Override {
    files: Globs,
    ignores: Option<Globs>,
    layer: Layer,
}

/// A configuration file as the command reads it, or none (`--no-config`).
#[derive(Debug)]
pub struct Config {
    /// The file.
    pub path: Option<PathBuf>,
    /// The directory its globs start at, absolute.
    dir: PathBuf,
    /// Its options for every file.
    pub base: Options,
    /// Which files a walk takes instead of `*.json` (`*.ndjson`).
    files: Option<Globs>,
    /// Which files a walk never takes, nor the command lints when named.
    ignores: Option<Arc<Globs>>,
    overrides: Vec<Override>,
    /// The files it names (a context or a policy by its path): they are
    /// not requests, and a change to them is a change of the configuration.
    pub sources: Vec<PathBuf>,
}

/// Where a file stands in a configuration.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Place {
    /// The `ignores` pattern that ignores it.
    pub ignored: Option<String>,
    /// Whether `files` lists it: then it is linted whatever it holds.
    pub listed: bool,
    /// The overrides that apply to it, in order.
    pub overrides: Vec<usize>,
}

impl Config {
    /// No configuration file: the defaults, every file a walk takes.
    pub fn none() -> Config {
        Config {
            path: None,
            dir: absolute(Path::new(".")),
            base: Options::default(),
            files: None,
            ignores: None,
            overrides: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Reads a configuration file strictly: an unknown key, a value of the
    /// wrong type, a bad glob or an unreadable context is an error that
    /// names the file and the key's path (`overrides[1].files[0]`).
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = read(path)?;
        let named = |e: String| format!("{}: {e}", shown(path));
        // The library's reader says where JSON breaks (line, column).
        sdrs_lint::source::parse_file(&text).map_err(|e| named(format!("not valid JSON: {e}")))?;
        let value: Value =
            serde_json::from_str(&text).map_err(|e| named(format!("not valid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(named(format!(
                "a configuration must be an object, not {}",
                json_type(&value)
            )));
        };
        let dir = absolute(path)
            .parent()
            .map_or_else(|| absolute(Path::new(".")), Path::to_path_buf);
        let mut reader = Reader {
            dir: &dir,
            read: HashMap::new(),
        };
        let mut config = Config {
            path: Some(path.to_path_buf()),
            dir: dir.clone(),
            base: Options::default(),
            files: None,
            ignores: None,
            overrides: Vec::new(),
            sources: Vec::new(),
        };
        config.base = reader.layer(&map, "", true).map_err(named)?.options;
        if let Some(files) = map.get("files") {
            let globs = Globs::read(files, "files").map_err(named)?;
            if globs.patterns.is_empty() {
                return Err(named(
                    "files lists no pattern, so nothing would be linted; \
                     leave it out for every *.json file"
                        .into(),
                ));
            }
            config.files = Some(globs);
        }
        if let Some(ignores) = map.get("ignores") {
            config.ignores = Some(Arc::new(Globs::read(ignores, "ignores").map_err(named)?));
        }
        if let Some(overrides) = map.get("overrides") {
            let Some(list) = overrides.as_array() else {
                return Err(named(format!(
                    "overrides must be a list of objects ({{\"files\": […], …}}), not {}",
                    json_type(overrides)
                )));
            };
            for (i, entry) in list.iter().enumerate() {
                let at = format!("overrides[{i}]");
                let Some(entry) = entry.as_object() else {
                    return Err(named(format!(
                        "{at} must be an object ({{\"files\": […], …}}), not {}",
                        json_type(entry)
                    )));
                };
                let layer = reader
                    .layer(entry, &format!("{at}."), false)
                    .map_err(named)?;
                let files = entry.get("files").ok_or_else(|| {
                    named(format!(
                        "{at} has no files: an override needs the globs of the files it applies to"
                    ))
                })?;
                let files = Globs::read(files, &format!("{at}.files")).map_err(named)?;
                if files.patterns.is_empty() {
                    return Err(named(format!(
                        "{at}.files lists no pattern, so the override would apply to nothing"
                    )));
                }
                let ignores = entry
                    .get("ignores")
                    .map(|v| Globs::read(v, &format!("{at}.ignores")))
                    .transpose()
                    .map_err(named)?;
                config.overrides.push(Override {
                    files,
                    ignores,
                    layer,
                });
            }
        }
        config.sources = reader.read.into_keys().collect();
        config.sources.sort();
        Ok(config)
    }

    /// A file's path below the configuration's directory, with `/`; none
    /// for a file outside it, which its globs do not reach.
    fn relative(&self, path: &Path) -> Option<String> {
        let path = absolute(path);
        let below = path.strip_prefix(&self.dir).ok()?;
        let parts: Vec<String> = below
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The `ignores` pattern that ignores a file, if one does.
    pub fn ignored(&self, path: &Path) -> Option<String> {
        let globs = self.ignores.as_ref()?;
        globs
            .decides(&self.relative(path)?, false)
            .map(str::to_string)
    }

    /// Whether `files` lists a file.
    pub fn listed(&self, path: &Path) -> bool {
        match (&self.files, self.relative(path)) {
            (Some(globs), Some(relative)) => globs.decides(&relative, false).is_some(),
            _ => false,
        }
    }

    /// Where a file (which need not exist: `--stdin-filename`) stands.
    pub fn place(&self, path: &Path) -> Place {
        let Some(relative) = self.relative(path) else {
            return Place::default();
        };
        Place {
            ignored: self.ignored(path),
            listed: self.listed(path),
            overrides: self
                .overrides
                .iter()
                .enumerate()
                .filter(|(_, o)| {
                    let ignored = o.ignores.as_ref().and_then(|g| g.decides(&relative, false));
                    o.files.decides(&relative, false).is_some() && ignored.is_none()
                })
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// Whether `ignores` ignores a folder and everything below it (a walk
    /// does not go in), as a test a walker can keep.
    pub fn folder_filter(&self) -> impl Fn(&Path) -> bool + Send + Sync + Clone + 'static {
        let globs = self.ignores.clone();
        let dir = self.dir.clone();
        move |path: &Path| {
            let Some(globs) = &globs else {
                return false;
            };
            match absolute(path).strip_prefix(&dir) {
                Ok(below) if !below.as_os_str().is_empty() => {
                    let relative: Vec<String> = below
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    globs.decides(&relative.join("/"), true).is_some()
                }
                _ => false,
            }
        }
    }

    /// Whether the configuration says which files a walk takes (`files`),
    /// for a file at `path`; outside its directory it does not.
    pub fn lists_files_for(&self, path: &Path) -> bool {
        self.files.is_some() && self.relative(path).is_some()
    }

    /// The options for the overrides that apply to a file: the base, then
    /// each override in order.
    pub fn options(&self, overrides: &[usize]) -> Options {
        let mut options = self.base.clone();
        for i in overrides {
            self.overrides[*i].layer.apply(&mut options);
        }
        options
    }

    /// The configuration's name in messages: its path from the working
    /// directory when it is below it.
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => shown(path),
            None => "the configuration".into(),
        }
    }
}

/// Reads the options part of the configuration and of each override.
struct Reader<'a> {
    dir: &'a Path,
    /// Contexts and policies read by path, each once however often named.
    read: HashMap<PathBuf, Named>,
}

#[derive(Clone)]
enum Named {
    Context(Arc<Context>),
    Policy(Arc<Policy>),
}

impl Reader<'_> {
    /// The options an object sets. `at` prefixes the key paths in
    /// messages; `top` is the file's root, where `"$schema"` and the file
    /// keys are.
    fn layer(&mut self, map: &Map<String, Value>, at: &str, top: bool) -> Result<Layer, String> {
        let allowed: Vec<&str> = OPTION_KEYS
            .iter()
            .copied()
            .chain(["maxDiagnostics"])
            .chain(if top {
                vec!["$schema", "files", "ignores", "overrides"]
            } else {
                vec!["files", "ignores"]
            })
            .collect();
        let mut rest = Map::new();
        let mut layer = Layer::default();
        let mut named: Vec<(&str, Named)> = Vec::new();
        for (key, value) in map {
            if !allowed.contains(&key.as_str()) {
                let hint = sdrs_lint::suggest::closest(key, &allowed)
                    .map(|k| format!(" (did you mean '{k}'?)"))
                    .unwrap_or_default();
                let place = at.trim_end_matches('.');
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!("{place}: ")
                };
                return Err(format!("{place}unknown option '{key}'{hint}"));
            }
            if FILE_KEYS.contains(&key.as_str()) {
                continue;
            }
            match (key.as_str(), value) {
                // A context or a policy by its path, relative to the
                // configuration's directory.
                ("context" | "policy", Value::String(file)) => {
                    let path = self.dir.join(file);
                    let item = match self.read.get(&path) {
                        Some(item) => item.clone(),
                        None => {
                            let item = if key == "context" {
                                read_context(&path).map(|c| Named::Context(Arc::new(c)))
                            } else {
                                read_policy(&path).map(|p| Named::Policy(Arc::new(p)))
                            };
                            let item = item.map_err(|e| format!("{at}{key}: {e}"))?;
                            self.read.insert(path, item.clone());
                            item
                        }
                    };
                    named.push((canonical(key), item));
                }
                _ => {
                    rest.insert(key.clone(), value.clone());
                }
            }
        }
        layer.options = Options::from_value(&Value::Object(rest.clone())).map_err(|e| match at
            .trim_end_matches('.')
        {
            "" => e.to_string(),
            place => format!("{place}: {e}"),
        })?;
        for key in rest.keys().filter(|k| *k != "$schema") {
            layer.sets(key);
        }
        for (key, item) in named {
            match item {
                Named::Context(context) => layer.options.context = Some(context),
                Named::Policy(policy) => layer.options.policy = Some(policy),
            }
            layer.sets(key);
        }
        Ok(layer)
    }
}

/// A JSON value's type as the configuration's errors name it.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A file's name in messages: its path from the working directory when it
/// is below it (a `sdrs-lint.json` found in a parent keeps its full path).
fn shown(path: &Path) -> String {
    let cwd = absolute(Path::new("."));
    match absolute(path).strip_prefix(&cwd) {
        Ok(below) => below.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// `path` from the working directory, without `.` and `..` (symbolic
/// links are kept, as the user named them).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
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
        "kind": options.kind.unwrap_or("auto"),
    });
    if let Some(context) = &options.context {
        config["context"] = serde_json::to_value(context.as_ref()).expect("serializable");
    }
    if let Some(policy) = &options.policy {
        config["policy"] = serde_json::to_value(policy.as_ref()).expect("serializable");
    }
    serde_json::to_string_pretty(&config).expect("serializable") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn globs(patterns: Value) -> Globs {
        Globs::read(&patterns, "ignores").expect("valid patterns")
    }

    #[test]
    fn patterns_match_as_eslint_flat_configuration_has_them() {
        let g = globs(json!(["*.json"]));
        assert!(g.decides("a.json", false).is_some());
        assert!(
            g.decides("sub/a.json", false).is_none(),
            "no slash: this folder only"
        );
        let g = globs(json!(["**/fixtures/", "build/**", "!build/keep.json"]));
        assert_eq!(g.decides("x/fixtures/a.json", false), Some("**/fixtures/"));
        assert_eq!(g.decides("fixtures/a.json", false), Some("**/fixtures/"));
        assert!(
            g.decides("fixtures", false).is_none(),
            "a file named so is not a folder"
        );
        assert!(g.decides("x/fixtures", true).is_some());
        assert_eq!(g.decides("build/a.json", false), Some("build/**"));
        assert!(g.decides("build/keep.json", false).is_none(), "taken back");
        let g = globs(json!(["generated", "/top.json", "./dot.json"]));
        assert!(g.decides("generated/deep/a.json", false).is_some());
        assert!(g.decides("top.json", false).is_some());
        assert!(g.decides("dot.json", false).is_some());
        // A folder decided wholesale is not taken back below.
        let g = globs(json!(["old/", "!old/a.json"]));
        assert!(g.decides("old/a.json", false).is_some());
    }

    #[test]
    fn bad_patterns_are_named_by_their_place() {
        let e = Globs::read(&json!(["ok/*.json", "[a"]), "overrides[1].files").unwrap_err();
        assert!(
            e.starts_with("overrides[1].files[1]: '[a' is not a glob pattern: "),
            "{e}"
        );
        let e = Globs::read(&json!(["../x"]), "ignores").unwrap_err();
        assert!(e.starts_with("ignores[0]: '../x' reaches outside"), "{e}");
        let e = Globs::read(&json!([1]), "files").unwrap_err();
        assert_eq!(
            e,
            "files[0] must be a glob pattern (a string), not a number"
        );
        let e = Globs::read(&json!("*.json"), "files").unwrap_err();
        assert_eq!(e, "files must be a list of glob patterns, not a string");
        assert!(Globs::read(&json!(["!"]), "files").is_err());
    }

    #[test]
    fn layers_replace_their_keys_and_merge_rules() {
        let mut reader = Reader {
            dir: Path::new("."),
            read: HashMap::new(),
        };
        let map = |v: Value| v.as_object().cloned().expect("an object");
        let base = reader
            .layer(
                &map(
                    json!({"rules": {"id-format": "off", "name-charset": "info"}, "locale": "de"}),
                ),
                "",
                true,
            )
            .unwrap();
        let over = reader
            .layer(
                &map(json!({"files": ["x"], "rules": {"id-format": "warning"}, "maxDiagnostics": 5, "context": null})),
                "overrides[0].",
                false,
            )
            .unwrap();
        assert_eq!(over.keys, ["rules", "max_diagnostics", "context"]);
        let mut options = base.options.clone();
        over.apply(&mut options);
        assert_eq!(options.level("id-format"), sdrs_lint::Level::Warning);
        assert_eq!(options.level("name-charset"), sdrs_lint::Level::Info);
        assert_eq!(options.max_diagnostics, 5);
        assert_eq!(options.locale, sdrs_lint::Locale::De);
        let e = reader
            .layer(&map(json!({"fils": []})), "overrides[2].", false)
            .unwrap_err();
        assert_eq!(
            e,
            "overrides[2]: unknown option 'fils' (did you mean 'files'?)"
        );
        let e = reader
            .layer(&map(json!({"overrides": []})), "overrides[0].", false)
            .unwrap_err();
        assert!(
            e.starts_with("overrides[0]: unknown option 'overrides'"),
            "{e}"
        );
        let e = reader
            .layer(
                &map(json!({"rules": {"id-formt": "off"}})),
                "overrides[3].",
                false,
            )
            .unwrap_err();
        assert!(
            e.starts_with("overrides[3]: unknown rule 'id-formt'"),
            "{e}"
        );
    }
}
