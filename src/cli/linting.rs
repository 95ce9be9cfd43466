//! The run's linting and its output: the plans the requests form, the
//! counts the exit status needs, the sink and the format's renderer.

use super::args::{colored, Args, Format, PlanScope};
use super::statistics::Statistics;
use super::{Input, Render};
use crate::Usage;
use sdrs_lint::{Applicability, Options, Plan, PlanInput, Platform, Report, Severity};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::sync::Arc;

/// The run's linting: the plans, and the counts the exit status needs.
pub(crate) struct Linting<'o> {
    pub(crate) plans: Plans<'o>,
    pub(crate) quiet: bool,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    /// The warnings and infos --quiet left out.
    pub(crate) hidden: usize,
}

impl<'o> Linting<'o> {
    /// Lints one input and writes its report, which is then dropped.
    pub(crate) fn lint(
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
pub(crate) struct Plans<'o> {
    pub(crate) plans: HashMap<(usize, Platform), Plan<'o>>,
    pub(crate) scope: PlanScope,
    pub(crate) file: Option<usize>,
}

impl<'o> Plans<'o> {
    pub(crate) fn new(scope: PlanScope) -> Self {
        Plans {
            plans: HashMap::new(),
            scope,
            file: None,
        }
    }

    pub(crate) fn lint(&mut self, input: &Input, options: &'o Options) -> Report {
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
pub(crate) struct Sink {
    pub(crate) out: BufWriter<Box<dyn Write>>,
    pub(crate) failed: Option<std::io::Error>,
    /// The report file being written, until it is renamed into place.
    pending: Option<tempfile::NamedTempFile>,
}

impl Sink {
    pub(crate) fn open(args: &Args, to_stderr: bool) -> Result<Sink, Usage> {
        let cannot = |path: &std::path::Path, e: std::io::Error| {
            Usage(format!("cannot write {}: {e}", path.display()))
        };
        let mut pending = None;
        let out: Box<dyn Write> = match (&args.output_file, to_stderr) {
            // A report file is written beside itself and renamed over at the
            // end, so that Ctrl-C or a failed run leaves the last report
            // whole; a device or a pipe (`/dev/stderr`) is written as it is.
            (Some(path), _) if is_file_or_nothing(path) => {
                let dir = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir,
                    _ => std::path::Path::new("."),
                };
                let file = tempfile::Builder::new()
                    .prefix(".sdrs-lint-report.")
                    .tempfile_in(dir)
                    .map_err(|e| cannot(path, e))?;
                // The permissions of the report it replaces, or a new file's.
                let permissions = match std::fs::metadata(path) {
                    Ok(m) => Some(m.permissions()),
                    Err(_) => new_file_permissions(),
                };
                if let Some(permissions) = permissions {
                    let _ = std::fs::set_permissions(file.path(), permissions);
                }
                let writer = file.reopen().map_err(|e| cannot(path, e))?;
                pending = Some(file);
                Box::new(writer)
            }
            (Some(path), _) => Box::new(File::create(path).map_err(|e| cannot(path, e))?),
            (None, true) => Box::new(std::io::stderr()),
            (None, false) => Box::new(std::io::stdout().lock()),
        };
        Ok(Sink {
            out: BufWriter::with_capacity(1 << 16, out),
            failed: None,
            pending,
        })
    }

    /// Flushes, and puts a report file in place; a file that could not be
    /// written is a usage error (and the report before it stays).
    pub(crate) fn close(mut self, args: &Args) -> Result<(), Usage> {
        let _ = self.flush();
        let (Some(path), pending) = (&args.output_file, self.pending.take()) else {
            return Ok(());
        };
        let cannot =
            |e: &dyn std::fmt::Display| Usage(format!("cannot write {}: {e}", path.display()));
        if let Some(e) = self.failed.take() {
            return Err(cannot(&e));
        }
        if let Some(file) = pending {
            file.persist(path).map_err(|e| cannot(&e.error))?;
        }
        Ok(())
    }
}

/// What a file the command creates gets: read for all, as `File::create`
/// gives under the usual umask (a temporary file is private).
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Whether a path is a regular file, or nothing yet.
fn is_file_or_nothing(path: &std::path::Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.is_file())
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
pub(crate) fn renderer(
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
            Box::new(crate::cli::human::Human::new(
                color,
                unit,
                allowed,
                args.verbose,
                locale,
            ))
        }
        Format::Json => Box::<crate::cli::json::Json>::default(),
        Format::Sarif => Box::new(crate::cli::sarif::Sarif::new(locale)),
        Format::Github => Box::new(crate::cli::github::Github),
        Format::Junit => Box::new(crate::cli::junit::Junit::new()?),
        Format::Gitlab => Box::<crate::cli::gitlab::Gitlab>::default(),
        Format::Compact => Box::new(crate::cli::compact::Compact),
    })
}

/// `--quiet`: what is shown holds the errors only, and counts no others
/// (as ESLint's), so each format stays consistent with its own list.
pub(crate) fn errors_only(mut report: Report) -> Report {
    report.diagnostics.retain(|d| {
        d.severity == Severity::Error
            || d.code == sdrs_lint::rules::structure::TOO_MANY_DIAGNOSTICS.code
    });
    report.warnings = 0;
    report.infos = 0;
    report
}
