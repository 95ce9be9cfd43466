//! The command line: its arguments (clap) and the layer of options the flags
//! make over the configuration file's.

use super::config::Layer;
use crate::Usage;
use clap::{Parser, ValueEnum};
use sdrs_lint::{Level, Options};
use std::path::PathBuf;
use std::sync::Arc;

/// Checks SDRS protected-instance request bodies (the single and the batch
/// "Creating a Protected Instance" calls) and Terraform plans before they
/// are sent.
///
/// Exit status: 0 no errors, 1 errors found (or more warnings than
/// --max-warnings), 2 bad usage, an unreadable input or a bad configuration.
///
/// `sdrs-lint server` starts the language server (LSP over standard input
/// and output) instead; a request file named `server` is linted as
/// `sdrs-lint ./server`.
#[derive(Parser, Debug)]
#[command(name = "sdrs-lint", version, max_term_width = 100)]
pub(crate) struct Args {
    /// Request files, directories (every *.json below them, .gitignore
    /// honoured) or glob patterns such as 'requests/**/*.json'; `-` or none
    /// reads standard input.
    pub(crate) files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,

    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output_file: Option<PathBuf>,

    /// A configuration file: {"rules": {"CODE": "off"|"info"|"warning"|"error"},
    /// "max_diagnostics", "locale", "platform", "kind", "context", "policy",
    /// "files", "ignores", "overrides"} (see schemas/config.schema.json).
    /// Without it, sdrs-lint.json in the working directory or the nearest
    /// parent directory is used.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,

    /// Use no configuration file, not even a sdrs-lint.json nearby.
    #[arg(long)]
    pub(crate) no_config: bool,

    /// Do not apply the configuration's `ignores` (a walk still honours
    /// .gitignore).
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Print the configuration in effect (file and flags) as JSON and exit;
    /// given a FILE (or one file argument), the options in effect for that
    /// file, its overrides applied.
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        conflicts_with_all = ["list_rules", "explain"]
    )]
    pub(crate) print_config: Option<Option<PathBuf>>,

    /// Print the request's JSON Schema (draft 2020-12) for the platform in
    /// effect and exit.
    #[arg(long, conflicts_with_all = ["list_rules", "explain", "print_config", "files"])]
    pub(crate) print_schema: bool,

    /// Set a rule's severity (repeatable), after the configuration file.
    #[arg(long = "rule", value_name = "CODE=SEVERITY")]
    pub(crate) rules: Vec<String>,

    /// Facts about the account for the pre-flight rules: protection groups,
    /// servers, subnets, flavors, key pairs (see schemas/context.schema.json).
    #[arg(long, value_name = "FILE")]
    pub(crate) context: Option<PathBuf>,

    /// Each input holds one request per line (directories: every *.ndjson).
    #[arg(long)]
    pub(crate) ndjson: bool,

    /// Which requests are checked together for duplicates (plan rules):
    /// all of the run, or those of each file.
    #[arg(long, value_enum, default_value_t = PlanScope::Run)]
    pub(crate) plan: PlanScope,

    /// The name of standard input in the output (a path, for SARIF, GitHub
    /// and GitLab locations).
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,

    /// Keep at most N diagnostics per report.
    #[arg(long, value_name = "N")]
    pub(crate) max_diagnostics: Option<usize>,

    /// Exit 1 when more than N warnings are found, even without errors.
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,

    /// Report errors only (warnings still count for --max-warnings).
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,

    /// Print how many diagnostics each rule found instead of the diagnostics
    /// (human or json format).
    #[arg(long)]
    pub(crate) statistics: bool,

    /// Apply the safe fixes to the files (to standard input: write the fixed
    /// request to standard output and the report to standard error), then
    /// report what is left. Fixes change only their own text: every other
    /// byte of the file stays as it was.
    #[arg(long)]
    pub(crate) fix: bool,

    /// With --fix or --diff: the unsafe fixes too, which remove or shorten
    /// what was written or invent a value (see each rule's --explain).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,

    /// Print what --fix would change as a unified diff, and change nothing
    /// (exit 1 when there is a change).
    #[arg(long, visible_alias = "fix-dry-run", conflicts_with = "fix")]
    pub(crate) diff: bool,

    /// The language of messages: en (default), de or zh.
    #[arg(long, value_name = "LOCALE")]
    pub(crate) locale: Option<String>,

    /// Which cloud's variant of the call: otc (Open Telekom Cloud, default)
    /// or huawei (Huawei Cloud).
    #[arg(long, value_name = "PLATFORM")]
    pub(crate) platform: Option<String>,

    /// Which call the requests are for: auto (default: decided by each
    /// request's wrapper, a Terraform plan by its format_version), single
    /// (POST …/protected-instances), batch (POST …/protected-instances/batch)
    /// or terraform (the JSON of a saved plan: terraform show -json PLANFILE).
    #[arg(long, value_name = "KIND")]
    pub(crate) kind: Option<String>,

    /// An organization policy: required tags, allowed tag values, a naming
    /// pattern (see schemas/policy.schema.json).
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,

    /// Colour in human output. `auto`: on a terminal unless NO_COLOR is set
    /// or TERM=dumb; FORCE_COLOR or CLICOLOR_FORCE turn it on (FORCE_COLOR=0
    /// off).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,

    /// List every rule with its code, severity and summary.
    #[arg(long, conflicts_with_all = ["files", "explain"])]
    pub(crate) list_rules: bool,

    /// Print a rule's documentation; a service error code (SDRS.0207)
    /// prints every rule whose findings the service answers with it.
    #[arg(long, value_name = "CODE", conflicts_with = "files")]
    pub(crate) explain: Option<String>,

    /// Name the files a directory or glob walk skipped because they are
    /// not requests (package.json, tsconfig.json, …).
    #[arg(long, short = 'v')]
    pub(crate) verbose: bool,

    /// Lint, then lint again whenever a file, folder or glob named changes
    /// (or the configuration, context or policy), until Ctrl-C.
    #[arg(long, conflicts_with_all = ["list_rules", "explain", "print_config", "print_schema"])]
    pub(crate) watch: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Code frames with the offending source underlined.
    Human,
    /// One element per input: {"file", "valid", "errors", "warnings", "infos", "diagnostics"}.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test suite per input, one failed test case per diagnostic.
    Junit,
    /// GitLab Code Quality report.
    Gitlab,
    /// One line per diagnostic: file:line:column: severity code message.
    Compact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanScope {
    /// Every request of the run forms one plan.
    Run,
    /// Each file is a plan of its own (with --ndjson: its lines).
    File,
}

/// The flags, a layer over the configuration file's options and its
/// overrides: one line per flag.
pub(crate) fn flags(args: &Args) -> Result<Layer, Usage> {
    let mut layer = Layer::default();
    let options = &mut layer.options;
    let mut keys = Vec::new();
    for rule in &args.rules {
        let (code, level) = rule
            .split_once('=')
            .ok_or_else(|| Usage(format!("--rule {rule}: expected CODE=SEVERITY")))?;
        let level: Level = level
            .parse()
            .map_err(|e| Usage(format!("--rule {rule}: {e}")))?;
        options
            .set_rule(code, level)
            .map_err(|e| Usage(format!("--rule {rule}: {e}")))?;
        keys.push("rules");
    }
    if let Some(path) = &args.context {
        options.context = Some(Arc::new(
            crate::cli::config::read_context(path).map_err(Usage)?,
        ));
        keys.push("context");
    }
    if let Some(path) = &args.policy {
        options.policy = Some(Arc::new(
            crate::cli::config::read_policy(path).map_err(Usage)?,
        ));
        keys.push("policy");
    }
    if let Some(tag) = &args.locale {
        options.locale = tag.parse().map_err(|e| Usage(format!("--locale: {e}")))?;
        keys.push("locale");
    }
    if let Some(name) = &args.platform {
        options.platform = name
            .parse()
            .map_err(|e| Usage(format!("--platform: {e}")))?;
        keys.push("platform");
    }
    if let Some(name) = &args.kind {
        options.kind = Options::parse_kind(name).map_err(|e| Usage(format!("--kind: {e}")))?;
        keys.push("kind");
    }
    if let Some(n) = args.max_diagnostics {
        if n == 0 {
            return Err(Usage("--max-diagnostics must be at least 1".into()));
        }
        options.max_diagnostics = n;
        keys.push("max_diagnostics");
    }
    for key in keys {
        layer.sets(key);
    }
    Ok(layer)
}

/// `--color always|never` decides; `auto` follows force-color.org and
/// bixense.com/clicolors (a forcing variable wins over NO_COLOR), no-color.org,
/// and no colour for TERM=dumb or off a terminal.
pub(crate) fn colored(choice: Color, terminal: bool) -> bool {
    // FORCE_COLOR=0 or false turns colour off, as Node.js's tools read it.
    let force_color = std::env::var("FORCE_COLOR").ok().filter(|v| !v.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if matches!(force_color.as_deref(), Some("0" | "false")) => false,
        Color::Auto if force_color.is_some() || anstyle_query::clicolor_force() => true,
        Color::Auto if anstyle_query::no_color() => false,
        Color::Auto => {
            terminal
                && anstyle_query::term_supports_color()
                && anstyle_query::clicolor() != Some(false)
        }
    }
}
