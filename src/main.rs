//! The `sdrs-lint` command: reads requests, lints them with the library, and
//! renders the reports. It decides nothing about a request itself.

mod cli;
mod server;

use clap::Parser;
use cli::args::{flags, Args, Format};
use cli::config::Config;
use cli::inputs::Source;
use cli::linting::{renderer, Linting, Plans, Sink};
use cli::open::{Opened, Problems, Reader};
use cli::{config, fix, inputs, Outcome, Render};
use sdrs_lint::{Applicability, Options};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Exit status 2, with a message for standard error.
pub(crate) struct Usage(pub(crate) String);

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
pub(crate) fn locale(args: &Args) -> Result<sdrs_lint::Locale, Usage> {
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
pub(crate) fn configuration(args: &Args) -> Result<Config, Usage> {
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
    // The report must never replace what it is the report of: a file
    // named on its own (a walk leaves the output file out), or standard
    // input redirected from it.
    if let Some(output) = &args.output_file {
        let input = sources.iter().find_map(|source| match source {
            Source::File(path, _) => {
                inputs::same_file(path, output).then(|| path.display().to_string())
            }
            Source::Stdin => (cfg!(unix) && inputs::same_file(Path::new("/dev/stdin"), output))
                .then(|| "standard input".to_string()),
        });
        if let Some(input) = input {
            return Err(Usage(format!(
                "--output-file {} is also an input ({input}); the report would replace it",
                output.display()
            )));
        }
    }
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
            "--fix and --diff do not rewrite NDJSON; fix the lines one by one".into(),
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
        params.insert(
            "warnings",
            cli::counted(locale, "warning", run.warnings).into(),
        );
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
