//! Opening the inputs one at a time: read whole or as NDJSON lines, skipped
//! by a walk when they are not requests, refused when they are Terraform
//! output this version does not read.

use super::inputs::Source;
use super::{Input, NdjsonLines};
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// What could not be read, by kind, named on standard error in this order.
#[derive(Default)]
pub(crate) struct Problems {
    /// Arguments that named nothing.
    pub(crate) found: Vec<String>,
    /// Sources that could not be read.
    pub(crate) read: Vec<String>,
    /// Terraform output this version refuses.
    pub(crate) refused: Vec<String>,
    /// Fixes that could not be written.
    pub(crate) written: Vec<String>,
}

impl Problems {
    pub(crate) fn all(self) -> Vec<String> {
        [self.found, self.read, self.refused, self.written].concat()
    }
}

/// A source opened: skipped by a walk (not a request), unreadable, refused
/// Terraform output, or its requests: the file whole, or its NDJSON lines
/// one at a time.
pub(crate) enum Opened {
    Skipped(String),
    Problem(String),
    Refused(String),
    Whole(Input),
    Lines(NdjsonLines<Box<dyn crate::cli::NdjsonSource>>),
}

/// Opens the sources one at a time.
pub(crate) struct Reader<'a> {
    pub(crate) stdin_name: Option<&'a Path>,
    pub(crate) ndjson: bool,
    /// The language refusals are worded in.
    pub(crate) locale: sdrs_lint::Locale,
    /// Standard input, when --fix or --diff read it already.
    pub(crate) stdin: Option<Result<Vec<u8>, String>>,
}

impl Reader<'_> {
    /// A walk takes what is a request and skips the rest, unread by any
    /// rule and untouched by --fix (SPEC §2); a file named is linted.
    /// Terraform output this version refuses is unreadable, as a missing
    /// file is: named on standard error, exit 2, the other files reported.
    pub(crate) fn open(&mut self, source: &Source, file: usize) -> Opened {
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
    pub(crate) fn lines(&mut self, source: &Source, input: Input) -> std::io::Result<Opened> {
        let (refusal, reader): (_, Box<dyn crate::cli::NdjsonSource>) = match source {
            Source::Stdin => {
                let mut stdin = crate::cli::stdin_reader();
                let (refusal, read) = crate::cli::ndjson_refusal(&mut stdin, true, self.locale)?;
                (refusal, Box::new(std::io::Cursor::new(read).chain(stdin)))
            }
            Source::File(path, _) => {
                let mut file = BufReader::new(File::open(path)?);
                if input.walked && !crate::cli::any_line_is_request(&mut file)? {
                    return Ok(Opened::Skipped(input.name));
                }
                file.rewind()?;
                let (refusal, _) = crate::cli::ndjson_refusal(&mut file, false, self.locale)?;
                file.rewind()?;
                (refusal, Box::new(file))
            }
        };
        Ok(match refusal {
            Some(why) => Opened::Refused(refused(&input.name, &why, self.locale)),
            None => Opened::Lines(NdjsonLines::new(reader, input)),
        })
    }

    pub(crate) fn cannot_read(&self, source: &Source, e: &std::io::Error) -> String {
        match source {
            Source::Stdin => format!("cannot read standard input: {e}"),
            Source::File(path, _) => crate::cli::inputs::cannot_read(path, e),
        }
    }
}

pub(crate) fn refused(name: &str, why: &str, locale: sdrs_lint::Locale) -> String {
    let mut params = sdrs_lint::Params::default();
    params.insert("name", name.into());
    params.insert("why", why.into());
    crate::cli::say(locale, "refused", &params)
}
