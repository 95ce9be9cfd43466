//! The `sdrs-lint` command: reads requests, lints them with the library, and
//! renders the reports. It decides nothing about a request itself.

mod cli;
mod server;

use clap::{Parser, ValueEnum};
use cli::config::{Config, Layer};
use cli::inputs::Source;
use cli::statistics::Statistics;
use cli::{config, fix, inputs, Input, NdjsonLines, Outcome, Render};
use sdrs_lint::{Applicability, Level, Options, Plan, PlanInput, Platform, Report, Severity};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Read, Seek, Write};
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

    /// Print a rule's documentation; a service error code (SDRS.0207)
    /// prints every rule whose findings the service answers with it.
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
        // A service error code explains each rule that stands for it.
        let answering = sdrs_lint::rules::with_api_code(code);
        if !answering.is_empty() {
            let locale = locale(args)?;
            let pages: Vec<String> = answering
                .iter()
                .map(|rule| cli::human::explain(rule, locale))
                .collect();
            return emit(args, &pages.join("\n")).map(|()| 0);
        }
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
    // The output file is the command's own too: a walk never reads the
    // report it is writing.
    let own_paths: Vec<&Path> = own
        .iter()
        .chain(&args.output_file)
        .map(PathBuf::as_path)
        .collect();
    let selection = inputs::Selection {
        extension,
        config: &configuration,
        ignores: !args.no_ignore,
    };
    let found = inputs::expand(&args.files, &selection, &own_paths);
    let stdin_name = args.stdin_filename.as_deref();
    let mut sources = found.sources;
    let mut ignored: Vec<(String, String)> = found
        .ignored
        .iter()
        .map(|(path, pattern)| (path.display().to_string(), pattern.clone()))
        .collect();
    // What could not be read, in the order it is named on standard error:
    // arguments that named nothing, sources that could not be read,
    // Terraform output refused, fixes that could not be written.
    let mut problems = Problems {
        found: found.problems,
        ..Problems::default()
    };
    // Standard input named by --stdin-filename is ignored as that file
    // would be (read all the same); fixed, it comes out as it came in.
    let mut passed_through = false;
    let stdin_ignored = stdin_name
        .filter(|_| !args.no_ignore)
        .and_then(|location| configuration.ignored(location));
    if let (Some(pattern), Some(at)) = (
        stdin_ignored,
        sources.iter().position(|s| matches!(s, Source::Stdin)),
    ) {
        let stdin = sources.remove(at);
        match stdin.read() {
            Ok(bytes) => {
                if args.fix {
                    passed_through = true;
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(&bytes).and_then(|_| out.flush());
                }
                ignored.push((stdin.input(stdin_name, 0).name, pattern));
            }
            Err(e) => problems.read.push(e),
        }
    }
    for (name, pattern) in &ignored {
        eprintln!(
            "sdrs-lint: warning: {name} is ignored by {} (\"{pattern}\"); --no-ignore lints it",
            configuration.name()
        );
    }
    // Each source's options: the configuration's, its overrides for the
    // source's file, then the flags; made once per set of overrides.
    let mut made: Vec<(Vec<usize>, Arc<Options>)> = Vec::new();
    let per_source: Vec<usize> = sources
        .iter()
        .map(|source| {
            let overrides = match source {
                Source::Stdin => stdin_name.map(|l| configuration.place(l).overrides),
                Source::File(path, _) => Some(configuration.place(path).overrides),
            }
            .unwrap_or_default();
            match made.iter().position(|(o, _)| *o == overrides) {
                Some(i) => i,
                None => {
                    let options = Arc::new(options_for(&overrides));
                    made.push((overrides, options));
                    made.len() - 1
                }
            }
        })
        .collect();
    let options_of = |i: usize| -> &Options { &made[per_source[i]].1 };
    let fixing = args.fix || args.diff;
    // Standard input, once read: --fix and --diff read it first.
    let mut stdin: Option<Result<Vec<u8>, String>> = None;
    if fixing {
        // Fixing a plan named on its own is a usage error, before anything
        // is written; a plan found by a walk is linted and left as it is
        // (the library fixes no plan).
        for source in sources.iter().filter(|s| !s.walked()) {
            let file;
            let read = match source {
                Source::Stdin => &*stdin.get_or_insert_with(|| source.read()),
                Source::File(..) => {
                    file = source.read();
                    &file
                }
            };
            // What cannot be read is named with the others later.
            let Ok(bytes) = read else { continue };
            let text = std::str::from_utf8(bytes).unwrap_or_default();
            if sdrs_lint::terraform::refusal(text, sdrs_lint::Locale::En).is_none()
                && sdrs_lint::terraform::is_plan_text(text)
            {
                return Err(Usage(format!(
                    "{}: --fix and --diff do not change a Terraform plan, which terraform \
                     writes; fix the configuration, then plan again",
                    source.input(stdin_name, 0).name
                )));
            }
        }
    }
    if args.unsafe_fixes && !fixing {
        return Err(Usage("--unsafe-fixes goes with --fix or --diff".into()));
    }
    if args.ndjson && fixing {
        return Err(Usage(
            "--fix does not rewrite NDJSON; fix the lines one by one".into(),
        ));
    }
    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut reader = Reader {
        stdin_name,
        ndjson: args.ndjson,
        locale: locale(args)?,
        stdin: stdin.take(),
    };
    if args.diff {
        let mut out = Sink::open(args, false)?;
        let mut count = 0;
        let mut changed = false;
        for (i, source) in sources.iter().enumerate() {
            match reader.open(source, i) {
                Opened::Whole(mut input) => {
                    let fixed = fix::apply(&mut input, options_of(i), allowed);
                    let diff = fix::diff(&input, &fixed);
                    count += fixed.applied.len();
                    changed |= !diff.is_empty();
                    let _ = out.write_all(diff.as_bytes());
                }
                Opened::Problem(problem) => problems.read.push(problem),
                Opened::Refused(problem) => problems.refused.push(problem),
                Opened::Skipped(_) | Opened::Lines(..) => {}
            }
        }
        out.close(args)?;
        let unreadable = problems.all();
        for problem in &unreadable {
            eprintln!("sdrs-lint: {problem}");
        }
        let mut params = sdrs_lint::Params::default();
        params.insert("n", count.into());
        let form = if count == 1 {
            "would-apply-1"
        } else {
            "would-apply-n"
        };
        eprintln!("sdrs-lint: {}", cli::say(locale(args)?, form, &params));
        return Ok(Ran {
            // An input that could not be read is not a diff of nothing.
            exit_code: if unreadable.is_empty() {
                u8::from(changed)
            } else {
                2
            },
            own,
            written: Vec::new(),
        });
    }
    // --fix: every fix applied and written before any report, which is of
    // the file as it now is (read again), or of what it was where it could
    // not be written. Only what --watch needs of the writes is kept.
    let mut written = Vec::new();
    let mut changes = String::new();
    let mut fixed_stdin = false;
    let mut lint_only: Option<Vec<(usize, Option<Vec<u8>>)>> = None;
    let mut skipped = Vec::new();
    if args.fix {
        let mut kept = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            let mut input = match reader.open(source, i) {
                Opened::Whole(input) => input,
                Opened::Skipped(name) => {
                    skipped.push(name);
                    continue;
                }
                Opened::Problem(problem) => {
                    problems.read.push(problem);
                    continue;
                }
                Opened::Refused(problem) => {
                    problems.refused.push(problem);
                    continue;
                }
                Opened::Lines(..) => unreachable!("no NDJSON with --fix"),
            };
            let fixed = fix::apply(&mut input, options_of(i), allowed);
            let mut change = fix::summary(&input, &fixed, options_of(i).locale);
            let mut bytes = None;
            match &input.path {
                None => {
                    fixed_stdin = true;
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(&input.bytes).and_then(|_| out.flush());
                    bytes = Some(input.bytes);
                }
                Some(path) if !fixed.applied.is_empty() => {
                    // Named on standard error, with exit status 2; the
                    // report is of the file as it was read, since it stays so.
                    match fix::write_back(path, fixed.before.as_bytes(), &input.bytes) {
                        Ok(()) if args.watch => written.push((path.to_path_buf(), input.bytes)),
                        Ok(()) => {}
                        Err(e) => {
                            problems.written.push(e);
                            change.clear();
                            bytes = Some(fixed.before.into_bytes());
                        }
                    }
                }
                Some(_) => {}
            }
            changes.push_str(&change);
            kept.push((i, bytes));
        }
        lint_only = Some(kept);
    }
    fixed_stdin |= args.fix && passed_through;

    // The report: each input read, linted, written and dropped before the
    // next. What --fix changed comes first: in the human report, on
    // standard error for the machine formats (their output stays what
    // their readers parse), unless the report itself goes there.
    let report_to_stderr = fixed_stdin && args.output_file.is_none();
    let mut out = Sink::open(args, report_to_stderr)?;
    let names_skipped = args.format == Format::Human && !args.statistics;
    let locale = locale(args)?;
    let mut render = renderer(args, allowed, locale).map_err(|e| Usage(format!("{e}")))?;
    if args.format == Format::Human {
        let _ = out.write_all(changes.as_bytes());
    } else if !report_to_stderr {
        eprint!("{changes}");
    }
    let mut run = Linting {
        plans: Plans::new(args.plan),
        quiet: args.quiet,
        errors: 0,
        warnings: 0,
        hidden: 0,
    };
    let mut failed = None;
    let mut step = |result: std::io::Result<()>| {
        if let Err(e) = result {
            failed.get_or_insert(e);
        }
    };
    step(render.start(&mut out));
    let skip = |render: &mut Box<dyn Render>, out: &mut Sink, name: &str| {
        if names_skipped {
            render.skipped(out, name)
        } else {
            if args.verbose {
                let mut params = sdrs_lint::Params::default();
                params.insert("name", name.into());
                eprintln!("sdrs-lint: {}", cli::say(locale, "skipped", &params));
            }
            Ok(())
        }
    };
    for name in &skipped {
        step(skip(&mut render, &mut out, name));
    }
    match lint_only {
        Some(kept) => {
            for (i, bytes) in kept {
                let source = &sources[i];
                let mut input = source.input(stdin_name, i);
                input.bytes = match bytes.map_or_else(|| source.read(), Ok) {
                    Ok(bytes) => bytes,
                    Err(problem) => {
                        problems.read.push(problem);
                        continue;
                    }
                };
                step(run.lint(&mut *render, &mut out, &input, options_of(i)));
            }
        }
        None => {
            for (i, source) in sources.iter().enumerate() {
                let options = options_of(i);
                match reader.open(source, i) {
                    Opened::Whole(input) => step(run.lint(&mut *render, &mut out, &input, options)),
                    Opened::Lines(mut lines) => {
                        while let Some(line) = lines.next() {
                            match line {
                                Ok(input) => {
                                    step(run.lint(&mut *render, &mut out, &input, options));
                                    if !lines.line_buffered() {
                                        step(out.flush());
                                    }
                                }
                                Err(e) => {
                                    problems.read.push(reader.cannot_read(source, &e));
                                    break;
                                }
                            }
                        }
                    }
                    Opened::Skipped(name) => step(skip(&mut render, &mut out, &name)),
                    Opened::Problem(problem) => problems.read.push(problem),
                    Opened::Refused(problem) => problems.refused.push(problem),
                }
            }
        }
    }
    let unreadable = problems.all();
    let too_many_warnings = args.max_warnings.is_some_and(|max| run.warnings > max);
    let exit_code = if !unreadable.is_empty() {
        2
    } else if run.errors > 0 || too_many_warnings {
        1
    } else {
        0
    };
    let outcome = Outcome {
        exit_code,
        unreadable: &unreadable,
        hidden: run.hidden,
    };
    step(render.finish(&mut out, &outcome));
    if let Some(e) = failed {
        return Err(Usage(format!("cannot write the report: {e}")));
    }
    out.close(args)?;
    for problem in &unreadable {
        eprintln!("sdrs-lint: {problem}");
    }
    if too_many_warnings {
        let mut params = sdrs_lint::Params::default();
        params.insert("n", run.warnings.into());
        params.insert("max", args.max_warnings.unwrap_or_default().into());
        eprintln!(
            "sdrs-lint: {}",
            cli::say(locale, "too-many-warnings", &params)
        );
    }
    Ok(Ran {
        exit_code,
        own,
        written,
    })
}

/// What could not be read, by kind, named on standard error in this order.
#[derive(Default)]
struct Problems {
    /// Arguments that named nothing.
    found: Vec<String>,
    /// Sources that could not be read.
    read: Vec<String>,
    /// Terraform output this version refuses.
    refused: Vec<String>,
    /// Fixes that could not be written.
    written: Vec<String>,
}

impl Problems {
    fn all(self) -> Vec<String> {
        [self.found, self.read, self.refused, self.written].concat()
    }
}

/// A source opened: skipped by a walk (not a request), unreadable, refused
/// Terraform output, or its requests: the file whole, or its NDJSON lines
/// one at a time.
enum Opened {
    Skipped(String),
    Problem(String),
    Refused(String),
    Whole(Input),
    Lines(NdjsonLines<Box<dyn cli::NdjsonSource>>),
}

/// Opens the sources one at a time.
struct Reader<'a> {
    stdin_name: Option<&'a Path>,
    ndjson: bool,
    /// The language refusals are worded in.
    locale: sdrs_lint::Locale,
    /// Standard input, when --fix or --diff read it already.
    stdin: Option<Result<Vec<u8>, String>>,
}

impl Reader<'_> {
    /// A walk takes what is a request and skips the rest, unread by any
    /// rule and untouched by --fix (SPEC §2); a file named is linted.
    /// Terraform output this version refuses is unreadable, as a missing
    /// file is: named on standard error, exit 2, the other files reported.
    fn open(&mut self, source: &Source, file: usize) -> Opened {
        let mut input = source.input(self.stdin_name, file);
        if self.ndjson {
            return match self.lines(source, input) {
                Ok(opened) => opened,
                Err(e) => Opened::Problem(self.cannot_read(source, &e)),
            };
        }
        let read = match source {
            Source::Stdin => self.stdin.take().unwrap_or_else(|| source.read()),
            Source::File(..) => source.read(),
        };
        input.bytes = match read {
            Ok(bytes) => bytes,
            Err(problem) => return Opened::Problem(problem),
        };
        if input.walked && !sdrs_lint::is_request(&input.bytes) {
            return Opened::Skipped(input.name);
        }
        match sdrs_lint::terraform::refusal(input.text().unwrap_or_default(), self.locale) {
            Some(why) => Opened::Refused(refused(&input.name, &why, self.locale)),
            None => Opened::Whole(input),
        }
    }

    /// An NDJSON source: checked as its whole text is (any line a request,
    /// refused Terraform output) reading only as far as needed, then its
    /// lines from the start.
    fn lines(&mut self, source: &Source, input: Input) -> std::io::Result<Opened> {
        let (refusal, reader): (_, Box<dyn cli::NdjsonSource>) = match source {
            Source::Stdin => {
                let mut stdin = cli::stdin_reader();
                let (refusal, read) = cli::ndjson_refusal(&mut stdin, true, self.locale)?;
                (refusal, Box::new(std::io::Cursor::new(read).chain(stdin)))
            }
            Source::File(path, _) => {
                let mut file = BufReader::new(File::open(path)?);
                if input.walked && !cli::any_line_is_request(&mut file)? {
                    return Ok(Opened::Skipped(input.name));
                }
                file.rewind()?;
                let (refusal, _) = cli::ndjson_refusal(&mut file, false, self.locale)?;
                file.rewind()?;
                (refusal, Box::new(file))
            }
        };
        Ok(match refusal {
            Some(why) => Opened::Refused(refused(&input.name, &why, self.locale)),
            None => Opened::Lines(NdjsonLines::new(reader, input)),
        })
    }

    fn cannot_read(&self, source: &Source, e: &std::io::Error) -> String {
        match source {
            Source::Stdin => format!("cannot read standard input: {e}"),
            Source::File(path, _) => inputs::cannot_read(path, e),
        }
    }
}

fn refused(name: &str, why: &str, locale: sdrs_lint::Locale) -> String {
    let mut params = sdrs_lint::Params::default();
    params.insert("name", name.into());
    params.insert("why", why.into());
    cli::say(locale, "refused", &params)
}

/// The run's linting: the plans, and the counts the exit status needs.
struct Linting<'o> {
    plans: Plans<'o>,
    quiet: bool,
    errors: usize,
    warnings: usize,
    /// The warnings and infos --quiet left out.
    hidden: usize,
}

impl<'o> Linting<'o> {
    /// Lints one input and writes its report, which is then dropped.
    fn lint(
        &mut self,
        render: &mut dyn Render,
        out: &mut Sink,
        input: &Input,
        options: &'o Options,
    ) -> std::io::Result<()> {
        let report = self.plans.lint(input, options);
        self.errors += report.errors;
        self.warnings += report.warnings;
        let report = match self.quiet {
            true => {
                self.hidden += report.warnings + report.infos;
                errors_only(report)
            }
            false => report,
        };
        render.report(out, input, &report)
    }
}

/// Inputs linted in order, each with its options, as one plan or one plan
/// per file. Requests for another account (context) or cloud (platform)
/// than others, by an override, are a plan of their own: they cannot
/// collide with the others' servers, addresses or names. A plan keeps what
/// its rules compare (IDs, names, addresses, labels), never a report.
struct Plans<'o> {
    plans: HashMap<(usize, Platform), Plan<'o>>,
    scope: PlanScope,
    file: Option<usize>,
}

impl<'o> Plans<'o> {
    fn new(scope: PlanScope) -> Self {
        Plans {
            plans: HashMap::new(),
            scope,
            file: None,
        }
    }

    fn lint(&mut self, input: &Input, options: &'o Options) -> Report {
        if self.scope == PlanScope::File && self.file != Some(input.file) {
            self.plans.clear();
        }
        self.file = Some(input.file);
        let account = options
            .context
            .as_ref()
            .map_or(0, |c| Arc::as_ptr(c) as usize);
        self.plans
            .entry((account, options.platform))
            .or_insert_with(|| Plan::new(options))
            .lint_labeled_with(PlanInput::Bytes(&input.bytes), input.name.as_str(), options)
    }
}

/// Where the report goes: standard output, `--output-file` or standard
/// error, buffered. A write that fails is remembered and the rest dropped:
/// a closed pipe (`sdrs-lint … | head`) is no error worth a panic, a file
/// that cannot be written is a usage error.
struct Sink {
    out: BufWriter<Box<dyn Write>>,
    failed: Option<std::io::Error>,
}

impl Sink {
    fn open(args: &Args, to_stderr: bool) -> Result<Sink, Usage> {
        let out: Box<dyn Write> = match (&args.output_file, to_stderr) {
            (Some(path), _) => Box::new(
                File::create(path)
                    .map_err(|e| Usage(format!("cannot write {}: {e}", path.display())))?,
            ),
            (None, true) => Box::new(std::io::stderr()),
            (None, false) => Box::new(std::io::stdout().lock()),
        };
        Ok(Sink {
            out: BufWriter::with_capacity(1 << 16, out),
            failed: None,
        })
    }

    /// Flushes; a file that could not be written is a usage error.
    fn close(mut self, args: &Args) -> Result<(), Usage> {
        let _ = self.flush();
        match (self.failed, &args.output_file) {
            (Some(e), Some(path)) => Err(Usage(format!("cannot write {}: {e}", path.display()))),
            _ => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none() {
            if let Err(e) = self.out.write_all(buf) {
                self.failed = Some(e);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_none() {
            if let Err(e) = self.out.flush() {
                self.failed = Some(e);
            }
        }
        Ok(())
    }
}

/// The format's renderer: `--statistics` counts, every other writes as it goes.
fn renderer(
    args: &Args,
    allowed: Applicability,
    locale: sdrs_lint::Locale,
) -> std::io::Result<Box<dyn Render>> {
    if args.statistics {
        return Ok(Box::new(Statistics::new(
            args.format == Format::Json,
            locale,
        )));
    }
    Ok(match args.format {
        Format::Human => {
            let unit = if args.ndjson { "line" } else { "file" };
            let color =
                args.output_file.is_none() && colored(args.color, std::io::stdout().is_terminal());
            Box::new(cli::human::Human::new(
                color,
                unit,
                allowed,
                args.verbose,
                locale,
            ))
        }
        Format::Json => Box::<cli::json::Json>::default(),
        Format::Sarif => Box::new(cli::sarif::Sarif::new(locale)),
        Format::Github => Box::new(cli::github::Github),
        Format::Junit => Box::new(cli::junit::Junit::new()?),
        Format::Gitlab => Box::<cli::gitlab::Gitlab>::default(),
        Format::Compact => Box::new(cli::compact::Compact),
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
