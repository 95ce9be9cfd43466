//! The human format: rustc-style code frames with the offending source
//! underlined, drawn by `annotate-snippets`.

use super::{counted, say, Input, Outcome, Render};
use annotate_snippets::renderer::{Style, DEFAULT_LINE_NUM_STYLE};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use sdrs_lint::{
    messages, Applicability, Diagnostic, Locale, Params, Report, Rule, Severity, CATALOGUE,
};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Code frames as the inputs are linted, then the summary: only counts are
/// kept in between.
pub struct Human {
    renderer: Renderer,
    color: bool,
    /// What an input is in the summary: a file, or an NDJSON line.
    unit: &'static str,
    /// The fixes the run applies (`--unsafe-fixes` or not).
    allowed: Applicability,
    /// Whether skipped files are named (`--verbose`) or counted.
    verbose: bool,
    /// The language of the summary, the notes and the hints (the findings'
    /// messages are the report's own).
    locale: Locale,
    inputs: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    safe: usize,
    unsafe_: usize,
    /// What a walk skipped, named after the summary: files that are not
    /// requests, not requests' reports, so they are held to the end.
    skipped: Vec<String>,
}

impl Human {
    pub fn new(
        color: bool,
        unit: &'static str,
        allowed: Applicability,
        verbose: bool,
        locale: Locale,
    ) -> Self {
        Human {
            renderer: if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
            color,
            unit,
            allowed,
            verbose,
            locale,
            inputs: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            safe: 0,
            unsafe_: 0,
            skipped: Vec::new(),
        }
    }
}

impl Render for Human {
    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        self.inputs += 1;
        self.errors += report.errors;
        self.warnings += report.warnings;
        self.infos += report.infos;
        // A plan's findings come grouped under their resource instance,
        // whose address then need not start each message.
        let mut resource = None;
        let mut text = String::new();
        for d in &report.diagnostics {
            if d.resource.is_none() {
                match d.fix.as_ref().map(|f| f.applicability) {
                    Some(Applicability::Safe) => self.safe += 1,
                    Some(Applicability::Unsafe) => self.unsafe_ += 1,
                    None => {}
                }
            }
            let mut shown = Cow::Borrowed(d);
            if let Some(r) = &d.resource {
                if resource != Some(r.address.as_str()) {
                    resource = Some(r.address.as_str());
                    text.push_str(&heading(&r.address, self.color));
                }
                if let Some(rest) = d.message.strip_prefix(r.address.as_str()) {
                    let mut plain = d.clone();
                    plain.message = rest.trim_start_matches([':', '：', ' ']).to_string();
                    shown = Cow::Owned(plain);
                }
            }
            let look = Look {
                renderer: &self.renderer,
                color: self.color,
                locale: self.locale,
            };
            text.push_str(&frame(&look, input, &shown, report));
            text.push_str("\n\n");
        }
        out.write_all(text.as_bytes())
    }

    fn skipped(&mut self, _out: &mut dyn Write, name: &str) -> io::Result<()> {
        self.skipped.push(name.to_string());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
        let mut text = summary(self, outcome.hidden);
        text.push_str(&skipped(&self.skipped, self.verbose, self.locale));
        out.write_all(text.as_bytes())
    }
}

/// How many problems in how many inputs, and how many --fix would fix.
/// `hidden`: the warnings and infos `--quiet` left out, which the summary
/// names so that "no problems" is never said of a run that had some.
fn summary(counts: &Human, hidden: usize) -> String {
    let locale = counts.locale;
    let mut out = String::new();
    let (errors, warnings, infos) = (counts.errors, counts.warnings, counts.infos);
    let mut params = Params::default();
    params.insert(
        "checked",
        counted(locale, counts.unit, counts.inputs).into(),
    );
    if hidden > 0 {
        params.insert("hidden", counted(locale, "hidden", hidden).into());
    }
    if counts.inputs == 0 {
        // Nothing was read: the reasons, on standard error, say it all.
    } else if errors + warnings + infos == 0 && hidden == 0 {
        let _ = writeln!(out, "{}", say(locale, "no-problems", &params));
    } else if errors + warnings + infos == 0 {
        let _ = writeln!(out, "{}", say(locale, "no-errors", &params));
    } else {
        for (name, noun, n) in [
            ("problems", "problem", errors + warnings + infos),
            ("errors", "error", errors),
            ("warnings", "warning", warnings),
            ("infos", "info", infos),
        ] {
            params.insert(name, counted(locale, noun, n).into());
        }
        let _ = writeln!(out, "{}", say(locale, "problems", &params));
    }
    let (safe, unsafe_) = (counts.safe, counts.unsafe_);
    let fixable = |phrase: &str, n: usize| {
        let mut params = Params::default();
        params.insert("problems", counted(locale, "problem", n).into());
        params.insert("n", unsafe_.into());
        say(locale, phrase, &params)
    };
    let line = match (safe, unsafe_, counts.allowed) {
        (0, 0, _) => None,
        (_, 0, _) | (_, _, Applicability::Unsafe) => Some(fixable("fixable", safe + unsafe_)),
        (0, _, Applicability::Safe) => Some(fixable("fixable-unsafe", unsafe_)),
        (_, _, Applicability::Safe) => Some(fixable("fixable-more", safe)),
    };
    if let Some(line) = line {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// How the frames are drawn: colours, and the language of their words.
struct Look<'r> {
    renderer: &'r Renderer,
    color: bool,
    locale: Locale,
}

/// A severity's level, named in the language (annotate-snippets' own names
/// are English).
fn level(severity: Severity, locale: Locale) -> Level<'static> {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    match locale {
        Locale::En => level,
        _ => level.with_name(messages::label(locale, "severity", severity.as_str())),
    }
}

/// `help` or `note`, named in the language.
fn aside(level: Level<'static>, name: &str, locale: Locale) -> Level<'static> {
    match locale {
        Locale::En => level,
        _ => level.with_name(say(locale, name, &Params::default())),
    }
}

/// One diagnostic: its title, where it is, and the lines of its range with
/// the range underlined and labelled with the JSON Pointer.
///
/// The `-->` line is written here, not by annotate-snippets, which counts
/// the column in characters itself: it must be the report's own (SPEC §2,
/// UTF-16 code units), as in every other format.
/// The line above a resource instance's findings, as `terraform plan`
/// names an instance: `# ADDRESS`.
fn heading(address: &str, color: bool) -> String {
    let bold = Style::new().bold();
    match color {
        true => format!("{}# {address}{}\n", bold.render(), bold.render_reset()),
        false => format!("# {address}\n"),
    }
}

fn frame(look: &Look, input: &Input, d: &Diagnostic, report: &Report) -> String {
    let (renderer, color, locale) = (look.renderer, look.color, look.locale);
    let title = level(d.severity, locale)
        .primary_title(&d.message)
        .id(d.code);
    let root = say(locale, "root", &Params::default());
    let pointer = if d.path.is_empty() {
        root.as_str()
    } else {
        d.path.as_str()
    };
    let help = d.fix.as_ref().map(|fix| {
        // A plan is terraform's to write: its fixes are suggestions.
        let flags = match (fix.applicability, &d.resource) {
            (_, Some(_)) => Cow::Owned(say(locale, "fix-suggestion", &Params::default())),
            (Applicability::Safe, None) => Cow::Borrowed("sdrs-lint --fix"),
            (Applicability::Unsafe, None) => Cow::Borrowed("sdrs-lint --fix --unsafe-fixes"),
        };
        let mut params = Params::default();
        params.insert("description", fix.description.as_str().into());
        params.insert("flags", flags.into_owned().into());
        let hint = say(locale, "hint", &params);
        Group::with_title(aside(Level::HELP, "help", locale).secondary_title(hint))
    });
    let (Some(text), Some(range)) = (input.text(), d.range) else {
        // No frame to draw (no range, or bytes that are not UTF-8); the
        // position, where there is one, as every other format gives it.
        let place = match d.range {
            Some(r) => format!(
                "{}:{}:{}",
                input.source,
                input.file_line(r.start),
                r.start.column
            ),
            None => input.name.clone(),
        };
        let mut params = Params::default();
        params.insert("pointer", pointer.into());
        params.insert("place", place.into());
        let at = say(locale, "at", &params);
        let note = title.element(aside(Level::NOTE, "note", locale).message(at));
        return renderer.render(&[Some(note), help].into_iter().flatten().collect::<Vec<_>>());
    };
    let (start, end) = (range.start.offset, range.end.offset);
    let first = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let last = text[end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| end + i);
    let line = input.file_line(range.start);
    let shown = masked(&text[first..last], first, report);
    let snippet = Group::with_level(level(d.severity, locale)).element(
        Snippet::source(lone_cr_as_lf(&shown))
            .line_start(line as usize)
            .annotation(
                AnnotationKind::Primary
                    .span(start - first..end - first)
                    .label(pointer),
            ),
    );
    // The gutter annotate-snippets draws: as wide as the last line number.
    let gutter = input.file_line(range.end).to_string().len();
    let (arrow, reset) = match color {
        true => (
            DEFAULT_LINE_NUM_STYLE.render(),
            DEFAULT_LINE_NUM_STYLE.render_reset(),
        ),
        false => (Style::new().render(), Style::new().render_reset()),
    };
    format!(
        "{}\n{:gutter$}{arrow}-->{reset} {}:{line}:{}\n{}",
        renderer.render(&[Group::with_title(title)]),
        "",
        input.source,
        range.start.column,
        renderer.render(
            &[Some(snippet), help]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
        ),
    )
}

/// The lines at `from` of the input with every byte of the report's
/// redactions (a plan's sensitive values) but line breaks written `*`: the
/// same byte length, so the underline stays where it was.
fn masked<'t>(lines: &'t str, from: usize, report: &Report) -> Cow<'t, str> {
    let to = from + lines.len();
    let inside: Vec<(usize, usize)> = report
        .redactions
        .iter()
        .map(|r| (r.start.offset.max(from), r.end.offset.min(to)))
        .filter(|(start, end)| start < end)
        .collect();
    if inside.is_empty() {
        return Cow::Borrowed(lines);
    }
    let mut bytes = lines.as_bytes().to_vec();
    for (start, end) in inside {
        for b in &mut bytes[start - from..end - from] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b'*';
            }
        }
    }
    // Whole characters are replaced (redactions are values' spans), so the
    // bytes stay UTF-8; a lossy read keeps that a guarantee, not a hope.
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// annotate-snippets breaks lines at LF (and CRLF) only; a lone CR, a line
/// break too (SPEC §2), becomes an LF of the same length, so that the
/// frame's line numbers and the range's byte offsets stay right.
fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let replaced: String = text
        .char_indices()
        .map(|(i, c)| match c {
            '\r' if bytes.get(i + 1) != Some(&b'\n') => '\n',
            c => c,
        })
        .collect();
    Cow::Owned(replaced)
}

/// `--list-rules`: one line per rule.
pub fn rule_list(locale: Locale) -> String {
    let width = CATALOGUE.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let severities: Vec<String> = CATALOGUE
        .iter()
        .map(|r| severity(locale, r.severity))
        .collect();
    let severity_width = severities
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (r, severity) in CATALOGUE.iter().zip(&severities) {
        let pad = severity_width - severity.chars().count();
        let _ = writeln!(
            out,
            "{:width$}  {severity}{:pad$}  {}  {}{}",
            r.code,
            "",
            match r.fix {
                Some(Applicability::Safe) => "fix   ",
                Some(Applicability::Unsafe) => "unsafe",
                None => "      ",
            },
            r.summary_in(locale),
            r.api_code.map(|c| format!(" ({c})")).unwrap_or_default(),
        );
    }
    out
}

/// A severity's name in the language.
fn severity(locale: Locale, severity: Severity) -> String {
    messages::label(locale, "severity", severity.as_str())
        .unwrap_or_else(|| severity.as_str().into())
}

/// `--explain CODE`: the rule's summary, metadata and documentation in the
/// language.
pub fn explain(rule: &Rule, locale: Locale) -> String {
    let fixable = match rule.fix {
        Some(Applicability::Safe) => "fixable-safe",
        Some(Applicability::Unsafe) => "fixable-unsafe",
        None => "fixable-none",
    };
    let mut params = Params::default();
    params.insert("severity", severity(locale, rule.severity).into());
    params.insert(
        "fixable",
        messages::label(locale, "explain", fixable)
            .unwrap_or_default()
            .into(),
    );
    if let Some(code) = rule.api_code {
        params.insert("api_code", code.into());
    }
    let header = messages::phrase(locale, "explain", "header", &params).unwrap_or_default();
    let stop = if locale == Locale::Zh { "。" } else { "." };
    format!(
        "# {}\n\n{}{stop}\n\n{header}\n\n{}\n",
        rule.code,
        rule.summary_in(locale),
        rule.documentation_in(locale)
    )
}

/// What a walk skipped because it is not a request: counted, or with
/// `--verbose` named one per line.
fn skipped(names: &[String], verbose: bool, locale: Locale) -> String {
    let mut out = String::new();
    if names.is_empty() {
        return out;
    }
    if verbose {
        for name in names {
            let mut params = Params::default();
            params.insert("name", name.as_str().into());
            let _ = writeln!(out, "{}", say(locale, "skipped", &params));
        }
        return out;
    }
    let _ = writeln!(out, "{}", counted(locale, "skipped", names.len()));
    out
}
