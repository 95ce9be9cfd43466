//! The `sdrs-lint` command: reads requests, lints them with the library, and
//! renders the reports. It decides nothing about a request itself.

mod cli;
mod server;

use clap::{Parser, ValueEnum};
use cli::config::{Config, Layer};
use cli::{config, fix, inputs, Input, Outcome};
use sdrs_lint::{Applicability, Level, Options, Plan, PlanInput, Platform, Report, Severity};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
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
struct Args {
    /// Request files, directories (every *.json below them, .gitignore
    /// honoured) or glob patterns such as 'requests/**/*.json'; `-` or none
    /// reads standard input.
    files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,

    /// A configuration file: {"rules": {"CODE": "off"|"info"|"warning"|"error"},
    /// "max_diagnostics", "locale", "platform", "kind", "context", "policy",
    /// "files", "ignores", "overrides"} (see schemas/config.schema.json).
    /// Without it, sdrs-lint.json in the working directory or the nearest
    /// parent directory is used.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Use no configuration file, not even a sdrs-lint.json nearby.
    #[arg(long)]
    no_config: bool,

    /// Do not apply the configuration's `ignores` (a walk still honours
    /// .gitignore).
    #[arg(long)]
    no_ignore: bool,

    /// Print the configuration in effect (file and flags) as JSON and exit;
    /// given a FILE (or one file argument), the options in effect for that
    /// file, its overrides applied.
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        conflicts_with_all = ["list_rules", "explain"]
    )]
    print_config: Option<Option<PathBuf>>,

    /// Print the request's JSON Schema (draft 2020-12) for the platform in
    /// effect and exit.
    #[arg(long, conflicts_with_all = ["list_rules", "explain", "print_config", "files"])]
    print_schema: bool,

    /// Set a rule's severity (repeatable), after the configuration file.
    #[arg(long = "rule", value_name = "CODE=SEVERITY")]
    rules: Vec<String>,

    /// Facts about the account for the pre-flight rules: protection groups,
    /// servers, subnets, flavors, key pairs (see schemas/context.schema.json).
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,

    /// Each input holds one request per line (directories: every *.ndjson).
    #[arg(long)]
    ndjson: bool,

    /// Which requests are checked together for duplicates (plan rules):
    /// all of the run, or those of each file.
    #[arg(long, value_enum, default_value_t = PlanScope::Run)]
    plan: PlanScope,

    /// The name of standard input in the output (a path, for SARIF, GitHub
    /// and GitLab locations).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,

    /// Keep at most N diagnostics per report.
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,

    /// Exit 1 when more than N warnings are found, even without errors.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,

    /// Report errors only (warnings still count for --max-warnings).
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Print how many diagnostics each rule found instead of the diagnostics
    /// (human or json format).
    #[arg(long)]
    statistics: bool,

    /// Apply the safe fixes to the files (to standard input: write the fixed
    /// request to standard output and the report to standard error), then
    /// report what is left. Fixes change only their own text: every other
    /// byte of the file stays as it was.
    #[arg(long)]
    fix: bool,

    /// With --fix or --diff: the unsafe fixes too, which remove or shorten
    /// what was written or invent a value (see each rule's --explain).
    #[arg(long)]
    unsafe_fixes: bool,

    /// Print what --fix would change as a unified diff, and change nothing
    /// (exit 1 when there is a change).
    #[arg(long, visible_alias = "fix-dry-run", conflicts_with = "fix")]
    diff: bool,

    /// The language of messages: en (default), de or zh.
    #[arg(long, value_name = "LOCALE")]
    locale: Option<String>,

    /// Which cloud's variant of the call: otc (Open Telekom Cloud, default)
    /// or huawei (Huawei Cloud).
    #[arg(long, value_name = "PLATFORM")]
    platform: Option<String>,

    /// Which call the requests are for: auto (default: decided by each
    /// request's wrapper, a Terraform plan by its format_version), single
    /// (POST …/protected-instances), batch (POST …/protected-instances/batch)
    /// or terraform (the JSON of a saved plan: terraform show -json PLANFILE).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,

    /// An organization policy: required tags, allowed tag values, a naming
    /// pattern (see schemas/policy.schema.json).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,

    /// Colour in human output. `auto`: on a terminal unless NO_COLOR is set
    /// or TERM=dumb; FORCE_COLOR or CLICOLOR_FORCE turn it on (FORCE_COLOR=0
    /// off).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// List every rule with its code, severity and summary.
    #[arg(long, conflicts_with_all = ["files", "explain"])]
    list_rules: bool,

    /// Print a rule's documentation.
    #[arg(long, value_name = "CODE", conflicts_with = "files")]
    explain: Option<String>,

    /// Name the files a directory or glob walk skipped because they are
    /// not requests (package.json, tsconfig.json, …).
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Lint, then lint again whenever a file, folder or glob named changes
    /// (or the configuration, context or policy), until Ctrl-C.
    #[arg(long, conflicts_with_all = ["list_rules", "explain", "print_config", "print_schema"])]
    watch: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
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
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PlanScope {
    /// Every request of the run forms one plan.
    Run,
    /// Each file is a plan of its own (with --ndjson: its lines).
    File,
}

/// Exit status 2, with a message for standard error.
struct Usage(String);

fn main() -> ExitCode {
    // The language server is the first argument's word, before clap reads
    // the rest as files; `--stdio` is what language clients add.
    let mut words = std::env::args_os().skip(1);
    if words.next().is_some_and(|w| w == "server") {
        let rest: Vec<_> = words.filter(|w| w != "--stdio").collect();
        if let Some(extra) = rest.first() {
            eprintln!(
                "sdrs-lint: `sdrs-lint server` takes no arguments besides --stdio, not {:?} \
                 (a request file named server: sdrs-lint ./server)",
                extra
            );
            return ExitCode::from(2);
        }
        return ExitCode::from(server::run_stdio());
    }
    let args = Args::parse();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(Usage(message)) => {
            eprintln!("sdrs-lint: {message}");
            ExitCode::from(2)
        }
    }
}

/// The language of the command's own text: the flag, else the
/// configuration's (a configuration that cannot be read says so later).
fn locale(args: &Args) -> Result<sdrs_lint::Locale, Usage> {
    let mut options = configuration(args)
        .map(|c| c.options(&[]))
        .unwrap_or_default();
    flags(args)?.apply(&mut options);
    Ok(options.locale)
}

fn run(args: &Args) -> Result<u8, Usage> {
    if args.list_rules {
        let text = match args.format {
            Format::Human => cli::human::rule_list(locale(args)?),
            Format::Json => {
                serde_json::to_string_pretty(&sdrs_lint::rules()).expect("serializable") + "\n"
            }
            _ => {
                return Err(Usage(
                    "--list-rules prints the human or the json format".into(),
                ))
            }
        };
        return emit(args, &text).map(|()| 0);
    }
    if let Some(code) = &args.explain {
        let rule = sdrs_lint::rules::find(code).ok_or_else(|| {
            let hint = sdrs_lint::rules::closest_rule(code)
                .map(|r| format!(" (did you mean '{}'?)", r.code))
                .unwrap_or_default();
            Usage(format!(
                "unknown rule '{code}'{hint}; `sdrs-lint --list-rules` lists them"
            ))
        })?;
        return emit(args, &cli::human::explain(rule, locale(args)?)).map(|()| 0);
    }
    if args.watch {
        return watch(args);
    }
    run_once(args).map(|ran| ran.exit_code)
}

/// What one run did, for `--watch`.
struct Ran {
    exit_code: u8,
    /// The files it read besides the inputs: the configuration, the
    /// context and the policy.
    own: Vec<PathBuf>,
    /// The files `--fix` wrote, with what it wrote.
    written: Vec<(PathBuf, Vec<u8>)>,
}

/// The configuration in use: `--config`, else the nearest `sdrs-lint.json`,
/// none with `--no-config`.
fn configuration(args: &Args) -> Result<Config, Usage> {
    let path = match (&args.config, args.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => config::discover(),
        (None, true) => None,
    };
    match path {
        Some(path) => Config::load(&path).map_err(Usage),
        None => Ok(Config::none()),
    }
}

fn run_once(args: &Args) -> Result<Ran, Usage> {
    let configuration = configuration(args)?;
    let flags = flags(args)?;
    let options_for = |overrides: &[usize]| {
        let mut options = configuration.options(overrides);
        flags.apply(&mut options);
        options
    };
    if let Some(file) = &args.print_config {
        let file = match (file, args.files.as_slice()) {
            (Some(file), []) | (None, [file]) => Some(file),
            (None, []) => None,
            _ => {
                return Err(Usage(
                    "--print-config prints the options for one file at most".into(),
                ))
            }
        };
        let place = file.map(|f| configuration.place(f)).unwrap_or_default();
        if let (Some(file), Some(pattern)) = (file, &place.ignored) {
            eprintln!(
                "sdrs-lint: warning: {} is ignored by {} (\"{pattern}\"): it is not linted",
                file.display(),
                configuration.name()
            );
        }
        emit(args, &config::print(&options_for(&place.overrides)))?;
        return Ok(Ran {
            exit_code: 0,
            own: Vec::new(),
            written: Vec::new(),
        });
    }
    let options = options_for(&[]);
    if args.print_schema {
        let schema = sdrs_lint::schema::for_options(&options)
            .map_err(|e| Usage(format!("--print-schema: {e}")))?;
        let text = sdrs_lint::schema::pretty(&schema) + "\n";
        emit(args, &text)?;
        return Ok(Ran {
            exit_code: 0,
            own: Vec::new(),
            written: Vec::new(),
        });
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        return Err(Usage(
            "--statistics prints the human or the json format".into(),
        ));
    }
    if args.files.is_empty() && std::io::stdin().is_terminal() {
        return Err(Usage(
            "no input: name request files or directories, or pipe a request into \
             standard input (`sdrs-lint --help`)"
                .into(),
        ));
    }

    let extension = if args.ndjson { "ndjson" } else { "json" };
    let own: Vec<PathBuf> = [&configuration.path, &args.context, &args.policy]
        .into_iter()
        .flatten()
        .chain(&configuration.sources)
        .cloned()
        .collect();
    let own_paths: Vec<&Path> = own.iter().map(PathBuf::as_path).collect();
    let selection = inputs::Selection {
        extension,
        config: &configuration,
        ignores: !args.no_ignore,
    };
    let found = inputs::expand(&args.files, &selection, &own_paths);
    let mut read = inputs::read(&found.sources, args.stdin_filename.as_deref());
    let mut ignored: Vec<(String, String)> = found
        .ignored
        .iter()
        .map(|(path, pattern)| (path.display().to_string(), pattern.clone()))
        .collect();
    // Standard input named by --stdin-filename is ignored as that file
    // would be; fixed, it comes out as it came in.
    let mut passed_through = false;
    if !args.no_ignore {
        let mut kept = Vec::new();
        for input in read.inputs {
            let pattern = match (&input.path, &input.location) {
                (None, Some(location)) => configuration.ignored(location),
                _ => None,
            };
            match pattern {
                Some(pattern) => {
                    if args.fix {
                        passed_through = true;
                        let mut out = std::io::stdout().lock();
                        let _ = out.write_all(&input.bytes).and_then(|_| out.flush());
                    }
                    ignored.push((input.name, pattern));
                }
                None => kept.push(input),
            }
        }
        read.inputs = kept;
    }
    for (name, pattern) in &ignored {
        eprintln!(
            "sdrs-lint: warning: {name} is ignored by {} (\"{pattern}\"); --no-ignore lints it",
            configuration.name()
        );
    }
    let mut unreadable: Vec<String> = found.problems.into_iter().chain(read.problems).collect();
    // A walk takes what is a request and skips the rest, unread by any
    // rule and untouched by --fix (SPEC §2); a file named is linted.
    let (inputs, skipped): (Vec<Input>, Vec<Input>) = read.inputs.into_iter().partition(|input| {
        !input.walked
            || match args.ndjson {
                true => input
                    .bytes
                    .split(|b| *b == b'\n')
                    .any(sdrs_lint::is_request),
                false => sdrs_lint::is_request(&input.bytes),
            }
    });
    let skipped: Vec<String> = skipped.into_iter().map(|i| i.name).collect();
    let fixing = args.fix || args.diff;
    // Terraform output this version refuses is unreadable, as a missing
    // file is: named on standard error, exit 2, the other files reported.
    // Fixing a plan named on its own is a usage error; a plan found by a
    // walk is linted and left as it is (the library fixes no plan).
    let mut readable = Vec::with_capacity(inputs.len());
    for input in inputs {
        let text = input.text().unwrap_or_default();
        if let Some(why) = sdrs_lint::terraform::refusal(text) {
            unreadable.push(format!(
                "{}: Terraform output sdrs-lint cannot read: {why}",
                input.name
            ));
            continue;
        }
        if fixing && !input.walked && sdrs_lint::terraform::is_plan_text(text) {
            return Err(Usage(format!(
                "{}: --fix and --diff do not change a Terraform plan, which terraform \
                 writes; fix the configuration, then plan again",
                input.name
            )));
        }
        readable.push(input);
    }
    let mut inputs = readable;
    if args.unsafe_fixes && !fixing {
        return Err(Usage("--unsafe-fixes goes with --fix or --diff".into()));
    }
    if args.ndjson {
        if fixing {
            return Err(Usage(
                "--fix does not rewrite NDJSON; fix the lines one by one".into(),
            ));
        }
        inputs = inputs.into_iter().flat_map(cli::ndjson_lines).collect();
    }
    // Each input's options: the configuration's, its overrides for the
    // input's file, then the flags; made once per set of overrides.
    let mut made: HashMap<Vec<usize>, Arc<Options>> = HashMap::new();
    let per_input: Vec<Arc<Options>> = inputs
        .iter()
        .map(|input| {
            let overrides = input
                .location
                .as_ref()
                .map(|l| configuration.place(l).overrides)
                .unwrap_or_default();
            made.entry(overrides)
                .or_insert_with_key(|o| Arc::new(options_for(o)))
                .clone()
        })
        .collect();
    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut written = Vec::new();
    let fixed: Vec<fix::Fixed> = if fixing {
        let mut fixed: Vec<fix::Fixed> = inputs
            .iter_mut()
            .zip(&per_input)
            .map(|(input, options)| fix::apply(input, options, allowed))
            .collect();
        if args.diff {
            return show_diff(args, &inputs, &fixed).map(|exit_code| Ran {
                exit_code,
                own,
                written,
            });
        }
        for (input, fixed) in inputs.iter_mut().zip(&mut fixed) {
            if let (Some(path), false) = (&input.path, fixed.applied.is_empty()) {
                // Named on standard error, with exit status 2; the report
                // is of the file as it was read, since it stays so.
                match fix::write_back(path, fixed.before.as_bytes(), &input.bytes) {
                    Ok(()) => written.push((path.clone(), input.bytes.clone())),
                    Err(e) => {
                        unreadable.push(e);
                        input.bytes = std::mem::take(&mut fixed.before).into_bytes();
                        fixed.applied.clear();
                    }
                }
            }
        }
        fixed
    } else {
        Vec::new()
    }; // Fixing standard input: the fixed request is the output.
    let fixed_stdin = args.fix && (passed_through || inputs.iter().any(|i| i.path.is_none()));
    if fixed_stdin {
        let mut out = std::io::stdout().lock();
        for input in inputs.iter().filter(|i| i.path.is_none()) {
            let _ = out.write_all(&input.bytes).and_then(|_| out.flush());
        }
    }

    let reports = lint(&inputs, &per_input, args.plan);
    let errors: usize = reports.iter().map(|r| r.errors).sum();
    let warnings: usize = reports.iter().map(|r| r.warnings).sum();
    let too_many_warnings = args.max_warnings.is_some_and(|max| warnings > max);
    let exit_code = if !unreadable.is_empty() {
        2
    } else if errors > 0 || too_many_warnings {
        1
    } else {
        0
    };
    let outcome = Outcome {
        exit_code,
        unreadable: &unreadable,
    };
    let hidden = match args.quiet {
        true => reports.iter().map(|r| r.warnings + r.infos).sum(),
        false => 0,
    };
    let shown: Vec<Report> = if args.quiet {
        reports.into_iter().map(errors_only).collect()
    } else {
        reports
    };
    // What --fix changed: before the human report, on standard error for
    // the machine formats (their output stays what their readers parse),
    // unless the report itself goes there.
    let report_to_stderr = fixed_stdin && args.output_file.is_none();
    let changes = fix::summary(&inputs, &fixed);
    let mut text = String::new();
    if args.format == Format::Human {
        text.push_str(&changes);
    } else if !report_to_stderr {
        eprint!("{changes}");
    }
    text.push_str(&render(args, &inputs, &shown, &outcome, allowed, hidden));
    if args.format == Format::Human && !args.statistics {
        text.push_str(&cli::human::skipped(&skipped, args.verbose));
    } else if args.verbose {
        for name in &skipped {
            eprintln!("sdrs-lint: skipped {name}: not a request");
        }
    }
    if report_to_stderr {
        eprint!("{text}");
    } else {
        emit(args, &text)?;
    }
    for problem in &unreadable {
        eprintln!("sdrs-lint: {problem}");
    }
    if too_many_warnings {
        eprintln!(
            "sdrs-lint: {warnings} warnings, more than --max-warnings {}",
            args.max_warnings.unwrap_or_default()
        );
    }
    Ok(Ran {
        exit_code,
        own,
        written,
    })
}

/// The flags, a layer over the configuration file's options and its
/// overrides: one line per flag.
fn flags(args: &Args) -> Result<Layer, Usage> {
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
        options.context = Some(Arc::new(config::read_context(path).map_err(Usage)?));
        keys.push("context");
    }
    if let Some(path) = &args.policy {
        options.policy = Some(Arc::new(config::read_policy(path).map_err(Usage)?));
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

/// Lints the inputs in order, each with its options, as one plan or one
/// plan per file. Requests for another account (context) or cloud
/// (platform) than others, by an override, are a plan of their own: they
/// cannot collide with the others' servers, addresses or names.
fn lint(inputs: &[Input], options: &[Arc<Options>], scope: PlanScope) -> Vec<Report> {
    let mut plans: HashMap<(usize, Platform), Plan> = HashMap::new();
    let mut file = inputs.first().map(|i| i.file);
    inputs
        .iter()
        .zip(options)
        .map(|(input, options)| {
            if scope == PlanScope::File && file != Some(input.file) {
                plans.clear();
                file = Some(input.file);
            }
            let account = options
                .context
                .as_ref()
                .map_or(0, |c| Arc::as_ptr(c) as usize);
            plans
                .entry((account, options.platform))
                .or_insert_with(|| Plan::new(options))
                .lint_labeled_with(PlanInput::Bytes(&input.bytes), input.name.as_str(), options)
        })
        .collect()
}

/// `--watch`: a run, then another after each change of what it read,
/// until Ctrl-C (the default SIGINT: the shell's status 130, as Ruff's).
/// A run that fails (a broken configuration) is reported and watched too.
fn watch(args: &Args) -> Result<u8, Usage> {
    if args.files.is_empty() || args.files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Usage(
            "--watch watches files, folders and globs: name them (standard input does not change)"
                .into(),
        ));
    }
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in &args.files {
        if arg.is_dir() {
            roots.push(arg.clone());
        } else if !arg.exists() && arg.to_string_lossy().contains(['*', '?', '[', '{']) {
            let base: PathBuf = arg
                .components()
                .take_while(|c| {
                    !c.as_os_str()
                        .to_string_lossy()
                        .contains(['*', '?', '[', '{'])
                })
                .collect();
            roots.push(if base.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                base
            });
        } else {
            files.push(arg.clone());
        }
    }
    files.extend(
        [&args.config, &args.context, &args.policy]
            .into_iter()
            .flatten()
            .cloned(),
    );
    let discover = args.config.is_none() && !args.no_config;
    let mut watcher = cli::watch::Watcher::new(cli::watch::Watched {
        roots: &roots,
        files: &files,
        discover,
        output: args.output_file.as_deref(),
    })
    .map_err(Usage)?;
    let clear = args.output_file.is_none() && std::io::stdout().is_terminal();
    loop {
        if clear {
            // The screen cleared and the cursor home, as Ruff's --watch does.
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(b"\x1b[2J\x1b[H").and_then(|_| out.flush());
        }
        let written = match run_once(args) {
            Ok(ran) => {
                watcher.follow(&ran.own);
                ran.written
            }
            Err(Usage(message)) => {
                eprintln!("sdrs-lint: {message}");
                Vec::new()
            }
        };
        eprintln!("sdrs-lint: watching for changes (Ctrl-C stops)");
        watcher.wait(&written).map_err(Usage)?;
    }
}

/// `--quiet`: what is shown holds the errors only, and counts no others
/// (as ESLint's), so each format stays consistent with its own list.
fn errors_only(mut report: Report) -> Report {
    report.diagnostics.retain(|d| {
        d.severity == Severity::Error
            || d.code == sdrs_lint::rules::structure::TOO_MANY_DIAGNOSTICS.code
    });
    report.warnings = 0;
    report.infos = 0;
    report
}

/// `--diff`: every change --fix would make, and nothing written.
fn show_diff(args: &Args, inputs: &[Input], fixed: &[fix::Fixed]) -> Result<u8, Usage> {
    let diffs: String = inputs
        .iter()
        .zip(fixed)
        .map(|(input, fixed)| fix::diff(input, fixed))
        .collect();
    let count: usize = fixed.iter().map(|f| f.applied.len()).sum();
    emit(args, &diffs)?;
    eprintln!(
        "sdrs-lint: {count} fix{} would be applied",
        if count == 1 { "" } else { "es" }
    );
    Ok(u8::from(!diffs.is_empty()))
}

fn render(
    args: &Args,
    inputs: &[Input],
    reports: &[Report],
    outcome: &Outcome,
    allowed: Applicability,
    hidden: usize,
) -> String {
    if args.statistics {
        return match args.format {
            Format::Json => cli::statistics::json(reports),
            _ => cli::statistics::human(reports),
        };
    }
    match args.format {
        Format::Human => {
            let unit = if args.ndjson { "line" } else { "file" };
            let color =
                args.output_file.is_none() && colored(args.color, std::io::stdout().is_terminal());
            cli::human::render(inputs, reports, color, unit, allowed, hidden)
        }
        Format::Json => cli::json::render(inputs, reports),
        Format::Sarif => cli::sarif::render(inputs, reports, outcome),
        Format::Github => cli::github::render(inputs, reports),
        Format::Junit => cli::junit::render(inputs, reports, outcome),
        Format::Gitlab => cli::gitlab::render(inputs, reports),
        Format::Compact => cli::compact::render(inputs, reports),
    }
}

/// `--color always|never` decides; `auto` follows force-color.org and
/// bixense.com/clicolors (a forcing variable wins over NO_COLOR), no-color.org,
/// and no colour for TERM=dumb or off a terminal.
fn colored(choice: Color, terminal: bool) -> bool {
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

/// To `--output-file` or standard output. A closed pipe (`sdrs-lint … |
/// head`) is not an error worth a panic.
fn emit(args: &Args, text: &str) -> Result<(), Usage> {
    match &args.output_file {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Usage(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
            Ok(())
        }
    }
}
