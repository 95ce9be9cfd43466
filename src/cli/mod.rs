//! Rendering and file handling for the command.

pub mod args;
pub mod compact;
pub mod config;
pub mod fix;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod inputs;
pub mod json;
pub mod junit;
pub mod linting;
pub mod open;
pub mod sarif;
pub mod statistics;
pub mod watch;

use sdrs_lint::{Diagnostic, Position, Report};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, BufRead, Seek, Write};
use std::path::Path;
use std::rc::Rc;

/// One request as read: its name in reports (`FILE`, or `FILE:LINE` for an
/// NDJSON line), its file (none for standard input), where it starts in
/// that file, and its bytes. The lines of one NDJSON file share its names.
pub struct Input {
    pub name: String,
    pub path: Option<Rc<Path>>,
    /// The file's name as code frames show it.
    pub source: Rc<str>,
    /// Where the request lives as locations name it: its file, or
    /// `--stdin-filename`; none for unnamed standard input.
    pub location: Option<Rc<Path>>,
    /// Which input file it came from, counted from 0 (NDJSON lines share one).
    pub file: usize,
    /// The file line of the input's first line (1 except in NDJSON).
    pub first_line: u32,
    /// Found by walking a directory or a glob, not named on its own.
    pub walked: bool,
    pub bytes: Vec<u8>,
}

impl Input {
    /// The text, when it is UTF-8 (invalid UTF-8 gets no code frame).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// A position of a report on this input as a line of its file (NDJSON
    /// ranges are within the line).
    pub fn file_line(&self, at: Position) -> u32 {
        at.line + self.first_line - 1
    }
}

/// How the run ended, for the formats that record it (SARIF, JUnit) or
/// sum it up (human).
pub struct Outcome<'a> {
    pub exit_code: u8,
    /// Inputs that could not be read, each named with the cause.
    pub unreadable: &'a [String],
    /// The warnings and infos `--quiet` left out of the reports.
    pub hidden: usize,
}

/// An output format, written as the run goes: each input's report is
/// written (or counted) when it is linted, and dropped by the caller before
/// the next is read. A renderer keeps counts, never an input or a report:
/// [`Render::report`] borrows them for the call only.
/// The command's own phrase `cli.NAME` in the language (the catalogues'
/// pages: the summary lines, notes and hints around the findings).
pub fn say(locale: sdrs_lint::Locale, name: &str, params: &sdrs_lint::Params) -> String {
    sdrs_lint::messages::phrase(locale, "cli", name, params).unwrap_or_default()
}

/// `n` of a noun in the language: `cli.NOUN-1` for one, `cli.NOUN-n` else.
pub fn counted(locale: sdrs_lint::Locale, noun: &str, n: usize) -> String {
    let mut params = sdrs_lint::Params::default();
    params.insert("n", n.into());
    let form = if n == 1 { "1" } else { "n" };
    say(locale, &format!("{noun}-{form}"), &params)
}

pub trait Render {
    /// Before the first report.
    fn start(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One input's report.
    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()>;

    /// A file a walk skipped because it is not a request (SPEC §2), for a
    /// format that counts or names them (human, after its summary).
    fn skipped(&mut self, _out: &mut dyn Write, _name: &str) -> io::Result<()> {
        Ok(())
    }

    /// After the last report: totals, summaries, closing brackets.
    fn finish(&mut self, out: &mut dyn Write, outcome: &Outcome) -> io::Result<()>;
}

/// A serializer for a value `depth` arrays and objects deep in a document
/// pretty-printed as `serde_json::to_string_pretty` prints it, so that a
/// document written a piece at a time reads as if written whole.
pub fn pretty<W: Write>(
    out: W,
    depth: usize,
) -> serde_json::Serializer<W, PrettyFormatter<'static>> {
    let mut formatter = PrettyFormatter::new();
    for _ in 0..depth {
        // Opening an array into nothing: one level deeper, nothing written.
        let _ = formatter.begin_array(&mut io::sink());
    }
    serde_json::Serializer::with_formatter(out, formatter)
}

/// A pretty-printed JSON array written an element at a time, `depth` deep
/// in its document (0: the document itself).
pub struct JsonArray {
    depth: usize,
    len: usize,
}

impl JsonArray {
    pub fn open(out: &mut dyn Write, depth: usize) -> io::Result<JsonArray> {
        out.write_all(b"[")?;
        Ok(JsonArray { depth, len: 0 })
    }

    pub fn push<T: Serialize + ?Sized>(&mut self, out: &mut dyn Write, item: &T) -> io::Result<()> {
        out.write_all(if self.len == 0 { b"\n" } else { b",\n" })?;
        indent(out, self.depth + 1)?;
        item.serialize(&mut pretty(&mut *out, self.depth + 1))?;
        self.len += 1;
        Ok(())
    }

    pub fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.len > 0 {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(b"]")
    }
}

/// Two spaces a level, as serde_json's pretty printer indents.
pub fn indent(out: &mut dyn Write, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// Part of a report that must come after what is known only at the end
/// (SARIF's results after the run's exit status, JUnit's suites after the
/// totals): written to a temporary file as the run goes, copied into the
/// report when it is put together.
pub struct Spool {
    file: io::BufWriter<std::fs::File>,
}

impl Spool {
    pub fn new() -> io::Result<Spool> {
        let file = tempfile::tempfile().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot make a temporary file for the report ({e}); TMPDIR names the folder"
                ),
            )
        })?;
        Ok(Spool {
            file: io::BufWriter::with_capacity(1 << 16, file),
        })
    }

    /// Everything written to it, to `out`.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        io::copy(&mut file, out)?;
        Ok(())
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// An NDJSON file (or standard input) read a line at a time: one input per
/// non-blank line (LF or CRLF), named `FILE:LINE`, with line numbers the
/// file's. Only the line at hand is held.
pub struct NdjsonLines<R> {
    reader: R,
    /// The file's input, its bytes empty: what each line shares.
    file: Input,
    /// Lines read so far, blank ones too.
    read: u32,
}

impl<R: BufRead> NdjsonLines<R> {
    pub fn new(reader: R, file: Input) -> Self {
        NdjsonLines {
            reader,
            file,
            read: 0,
        }
    }
}

impl<R: NdjsonSource> NdjsonLines<R> {
    /// Whether the next line is read in already (see [`NdjsonSource`]).
    pub fn line_buffered(&self) -> bool {
        self.reader.line_buffered()
    }
}

/// Where NDJSON is read from, and whether its next line is in memory
/// already: when it is not, reading it may wait for whoever writes it
/// (`tail -f plan.ndjson | sdrs-lint --ndjson -`), so the command shows the
/// reports it has before it reads on.
pub trait NdjsonSource: BufRead {
    fn line_buffered(&self) -> bool;
}

impl<S: NdjsonSource + ?Sized> NdjsonSource for Box<S> {
    fn line_buffered(&self) -> bool {
        (**self).line_buffered()
    }
}

/// A file never waits for a writer: its reports are written as the output's
/// buffer fills.
impl NdjsonSource for io::BufReader<std::fs::File> {
    fn line_buffered(&self) -> bool {
        true
    }
}

/// Standard input: the lines [`ndjson_refusal`] read first, then the rest
/// through a buffer of the command's own, which (unlike `StdinLock`'s)
/// shows what it holds.
pub type StdinLines = io::Chain<io::Cursor<Vec<u8>>, io::BufReader<io::StdinLock<'static>>>;

impl NdjsonSource for StdinLines {
    fn line_buffered(&self) -> bool {
        let (first, rest) = self.get_ref();
        // What was read first is whole lines, or the text's end.
        first.position() < first.get_ref().len() as u64 || rest.buffer().contains(&b'\n')
    }
}

/// Standard input for [`StdinLines`]: a buffer larger than `Stdin`'s own
/// (8 KiB), which therefore passes every read through and holds nothing.
pub fn stdin_reader() -> io::BufReader<io::StdinLock<'static>> {
    io::BufReader::with_capacity(1 << 16, io::stdin().lock())
}

impl<R: BufRead> Iterator for NdjsonLines<R> {
    type Item = io::Result<Input>;

    fn next(&mut self) -> Option<io::Result<Input>> {
        loop {
            let mut line = Vec::new();
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            self.read += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let file = &self.file;
            return Some(Ok(Input {
                name: format!("{}:{}", file.source, self.read),
                path: file.path.clone(),
                source: file.source.clone(),
                location: file.location.clone(),
                file: file.file,
                first_line: self.read,
                walked: file.walked,
                bytes: line,
            }));
        }
    }
}

/// Whether any line of NDJSON is a request (a walk takes the file then),
/// read until one is.
pub fn any_line_is_request(reader: &mut impl BufRead) -> io::Result<bool> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(false);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if sdrs_lint::is_request(&line) {
            return Ok(true);
        }
    }
}

/// Lines read from a source, kept when the caller cannot read them again
/// (standard input), and whether all were UTF-8 (a multi-byte character
/// never holds a line feed, so line by line is the whole text's answer).
struct Tape<'r, R> {
    reader: &'r mut R,
    kept: Option<Vec<u8>>,
    utf8: bool,
    len: usize,
}

impl<R: BufRead> Tape<'_, R> {
    fn line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        line.clear();
        let n = self.reader.read_until(b'\n', line)?;
        if let Some(kept) = &mut self.kept {
            kept.extend_from_slice(line);
        }
        self.utf8 &= std::str::from_utf8(line).is_ok();
        self.len += n;
        Ok(n)
    }

    /// Whether every line left is JSON white space; stops at the first
    /// that is not.
    fn rest_is_blank(&mut self) -> io::Result<bool> {
        let mut line = Vec::new();
        while self.line(&mut line)? > 0 {
            if !line
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn read_to_end(&mut self) -> io::Result<()> {
        let mut line = Vec::new();
        while self.line(&mut line)? > 0 {}
        Ok(())
    }
}

/// What `sdrs_lint::terraform::refusal` says of an NDJSON source's whole
/// text, read from `reader` only as far as the answer needs: one line when
/// it is a JSON value that Terraform's refusal says nothing of (the usual
/// NDJSON); two when it is a refused plan and the second is not blank; to
/// the end when the first line is an event of Terraform's
/// streamed log (the whole must be UTF-8) or the first line leaves a value
/// open (a value spread over lines is one document, read until it closes
/// or breaks). With `keep`, what was read is returned too, for a reader
/// that cannot be read again.
pub fn ndjson_refusal(
    reader: &mut impl BufRead,
    keep: bool,
    locale: sdrs_lint::Locale,
) -> io::Result<(Option<String>, Vec<u8>)> {
    let mut tape = Tape {
        reader,
        kept: keep.then(Vec::new),
        utf8: true,
        len: 0,
    };
    let refusal = refusal_of(&mut tape, locale)?;
    Ok((refusal, tape.kept.unwrap_or_default()))
}

fn refusal_of<R: BufRead>(
    tape: &mut Tape<R>,
    locale: sdrs_lint::Locale,
) -> io::Result<Option<String>> {
    use sdrs_lint::source::{parse, MAX_TEXT};
    use sdrs_lint::terraform;
    let mut text = Vec::new();
    tape.line(&mut text)?;
    let Ok(line) = std::str::from_utf8(&text) else {
        return Ok(None);
    };
    // `str::lines`: the first line without its LF or CRLF.
    let first = match line.strip_suffix('\n') {
        Some(l) => l.strip_suffix('\r').unwrap_or(l),
        None => line,
    };
    let log = terraform::log_refusal(first, locale);
    // Whether the whole text is one JSON value, and then what refusal says
    // of it; else the log's refusal, if the whole is UTF-8.
    let whole = match parse(line) {
        // Neither a refused plan nor a log's event: NDJSON or not, nothing
        // to refuse, and the next line need not be waited for (a stream).
        Ok(_) if log.is_none() && terraform::refusal(line, locale).is_none() => None,
        Ok(_) if tape.rest_is_blank()? && tape.len <= MAX_TEXT => {
            Some(terraform::refusal(line, locale))
        }
        Ok(_) => None,
        // The first line leaves a value open: read on while it stays open,
        // parsing again each time the text has doubled.
        Err(e) if e.span.start == line.len() => {
            let mut more = Vec::new();
            let mut next = text.len().max(1) * 2;
            loop {
                let n = tape.line(&mut more)?;
                text.extend_from_slice(&more);
                if n > 0 && text.len() < next {
                    continue;
                }
                next = text.len() * 2;
                let Ok(whole) = std::str::from_utf8(&text) else {
                    return Ok(None);
                };
                match parse(whole) {
                    Ok(_) if n == 0 || tape.rest_is_blank()? => {
                        break Some(terraform::refusal(whole, locale));
                    }
                    Ok(_) => break None,
                    Err(e) if n > 0 && e.span.start == whole.len() => continue,
                    Err(_) => break None,
                }
            }
        }
        Err(_) => None,
    };
    match whole {
        Some(refusal) => Ok(refusal),
        None if log.is_some() => {
            tape.read_to_end()?;
            Ok(log.filter(|_| tape.utf8))
        }
        None => Ok(None),
    }
}

/// Stable identities for the diagnostics of one input, for code-scanning
/// and code-quality tools that track a finding across commits: a hash of
/// the input's name, the rule and the JSON Pointer (not the line, which
/// moves with unrelated edits; for a plan's finding, its resource's address
/// and argument), and how many identical ones came before it in the input.
pub fn fingerprints(input: &Input, report: &Report) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            // A plan's finding is where its resource's argument is: its
            // index among the plan's changes moves when another resource
            // is added.
            let place = match &d.resource {
                Some(r) if !r.address.is_empty() => (r.address.as_str(), r.argument.as_str()),
                _ => (d.path.as_str(), ""),
            };
            let n = seen.entry((d.code, place.0, place.1)).or_default();
            *n += 1;
            let mut hash = Sha256::new();
            let n = n.to_string();
            let parts = match d.resource.is_some() {
                true => vec![input.name.as_str(), d.code, place.0, place.1, &n],
                false => vec![input.name.as_str(), d.code, place.0, &n],
            };
            for part in parts {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
        })
        .collect()
}
