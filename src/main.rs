//! The `sdrs-lint` command: reads requests, lints them with the library, and
//! renders the reports. It decides nothing about a request itself.

mod cli;

use clap::{Parser, ValueEnum};
use cli::{fix, human, sarif, Input};
use sdrs_lint::{Context, Level, Options, Plan, PlanInput, Report};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks SDRS "Create Protected Instance" request bodies before they are sent.
///
/// Exit status: 0 no errors, 1 errors found, 2 bad usage, an unreadable file
/// or a bad configuration.
#[derive(Parser, Debug)]
#[command(name = "sdrs-lint", version, max_term_width = 100)]
struct Args {
    /// Request files (JSON); `-` or none reads standard input.
    files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// A configuration file: {"rules": {"CODE": "off"|"info"|"warning"|"error"}}.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Set a rule's severity (repeatable), after the configuration file.
    #[arg(long = "rule", value_name = "CODE=SEVERITY")]
    rules: Vec<String>,

    /// Facts about the account for the pre-flight rules (SPEC §4): protection
    /// groups, servers, subnets, flavors, key pairs.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,

    /// Each input holds one request per line, linted together as a plan.
    #[arg(long)]
    ndjson: bool,

    /// Keep at most N diagnostics per report.
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,

    /// Apply the safe fixes to the files, then report what is left.
    #[arg(long)]
    fix: bool,

    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// List every rule with its code, severity and summary.
    #[arg(long, conflicts_with_all = ["files", "explain"])]
    list_rules: bool,

    /// Print a rule's documentation.
    #[arg(long, value_name = "CODE", conflicts_with = "files")]
    explain: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Exit status 2, with a message for standard error.
struct Usage(String);

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("sdrs-lint: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, Usage> {
    let mut out = std::io::stdout().lock();
    if args.list_rules {
        let text = match args.format {
            Format::Human => human::rule_list(),
            _ => serde_json::to_string_pretty(&sdrs_lint::rules()).expect("serializable") + "\n",
        };
        write(&mut out, &text);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(code) = &args.explain {
        let rule = sdrs_lint::rules::find(code).ok_or_else(|| {
            Usage(format!(
                "unknown rule '{code}'; `sdrs-lint --list-rules` lists them"
            ))
        })?;
        write(&mut out, &human::explain(rule));
        return Ok(ExitCode::SUCCESS);
    }
    let options = options(args)?;
    let mut inputs = read_inputs(&args.files)?;
    if args.ndjson {
        if args.fix {
            return Err(Usage(
                "--fix does not rewrite NDJSON; fix the lines one by one".into(),
            ));
        }
        inputs = inputs.into_iter().flat_map(cli::ndjson_lines).collect();
    }
    if args.fix {
        for input in &mut inputs {
            fix::apply(input, &options).map_err(Usage)?;
        }
    }
    // All inputs of one run form a plan (SPEC §5), in the order given.
    let mut plan = Plan::new(&options);
    let reports: Vec<Report> = inputs
        .iter()
        .map(|i| plan.lint_labeled(PlanInput::Bytes(&i.bytes), i.name.as_str()))
        .collect();
    let text = match args.format {
        Format::Human => {
            let unit = if args.ndjson { "line" } else { "file" };
            human::render(&inputs, &reports, colored(args.color), unit)
        }
        Format::Json => json(&inputs, &reports),
        Format::Sarif => sarif::render(&inputs, &reports),
    };
    write(&mut out, &text);
    Ok(if reports.iter().all(|r| r.valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The configuration file first, then each `--rule`.
fn options(args: &Args) -> Result<Options, Usage> {
    let mut options = match &args.config {
        None => Options::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Usage(format!("cannot read {}: {e}", path.display())))?;
            text.parse::<Options>()
                .map_err(|e| Usage(format!("{}: {e}", path.display())))?
        }
    };
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
    }
    if let Some(path) = &args.context {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Usage(format!("cannot read {}: {e}", path.display())))?;
        let context: Context = text
            .parse()
            .map_err(|e| Usage(format!("{}: {e}", path.display())))?;
        options.context = Some(std::sync::Arc::new(context));
    }
    if let Some(n) = args.max_diagnostics {
        if n == 0 {
            return Err(Usage("--max-diagnostics must be at least 1".into()));
        }
        options.max_diagnostics = n;
    }
    Ok(options)
}

fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>, Usage> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Usage(format!("cannot read standard input: {e}")))?;
                Ok(Input {
                    name: "<stdin>".into(),
                    path: None,
                    source: "<stdin>".into(),
                    first_line: 1,
                    bytes,
                })
            } else {
                let bytes = std::fs::read(path)
                    .map_err(|e| Usage(format!("cannot read {}: {e}", path.display())))?;
                Ok(Input {
                    name: path.display().to_string(),
                    path: Some(path.clone()),
                    source: path.display().to_string(),
                    first_line: 1,
                    bytes,
                })
            }
        })
        .collect()
}

/// SPEC §6: one element per input, the report's fields after `file`.
fn json(inputs: &[Input], reports: &[Report]) -> String {
    let items: Vec<serde_json::Value> = inputs
        .iter()
        .zip(reports)
        .map(|(input, report)| {
            let mut item = serde_json::Map::new();
            item.insert("file".into(), input.name.clone().into());
            if let serde_json::Value::Object(fields) =
                serde_json::to_value(report).expect("serializable")
            {
                item.extend(fields);
            }
            serde_json::Value::Object(item)
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("serializable") + "\n"
}

/// Colour only on a terminal, and never with NO_COLOR (no-color.org).
fn colored(choice: Color) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        _ if no_color => false,
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    }
}

/// A closed pipe (`sdrs-lint … | head`) is not an error worth a panic.
fn write(out: &mut impl Write, text: &str) {
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}
