//! The json format (SPEC §6): one element per input, the report's fields
//! after `file`, written as each input is linted.

use super::{Input, JsonArray, Outcome, Render};
use sdrs_lint::Report;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Default)]
pub struct Json {
    array: Option<JsonArray>,
}

/// One element: `file`, then the report's own fields.
#[derive(Serialize)]
struct Item<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

impl Render for Json {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.array = Some(JsonArray::open(out, 0)?);
        Ok(())
    }

    fn report(&mut self, out: &mut dyn Write, input: &Input, report: &Report) -> io::Result<()> {
        let item = Item {
            file: &input.name,
            report,
        };
        self.array.as_mut().expect("started").push(out, &item)
    }

    fn finish(&mut self, out: &mut dyn Write, _outcome: &Outcome) -> io::Result<()> {
        self.array.take().expect("started").close(out)?;
        out.write_all(b"\n")
    }
}
