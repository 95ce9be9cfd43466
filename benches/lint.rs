//! `lint_str` side by side with what a team would use instead (issue 9):
//! `serde_json::from_str::<Value>` (parsing alone, the least any checker
//! does) and parsing plus the `jsonschema` crate with sdrs-lint's own
//! exported schema (all errors, the validator compiled once); then how the
//! time per KB scales from 1 KB to 10 MB for three shapes of large body.
//!
//!     cargo bench --bench lint                # everything, then the tables
//!     cargo bench --bench lint -- side-by-side   # one part (criterion's filter)
//!
//! Criterion measures; after it, the tables (Markdown, as in BENCHMARKS.md)
//! are printed from the medians it saved under target/criterion.

mod common;

use common::{Input, Shape, SIZES};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use sdrs_lint::{lint_str, Options, Platform};
use serde_json::Value;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const PARSE: &str = "serde_json";
const SCHEMA: &str = "serde_json+jsonschema";
const LINT: &str = "lint_str";

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&sdrs_lint::schema(None, Platform::Otc)).unwrap();
    jsonschema::validator_for(&schema).expect("the exported schema compiles")
}

/// Criterion's group name for an input: letters, digits and dashes only, so
/// that its folder under target/criterion is the name itself.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn side_by_side(c: &mut Criterion, inputs: &[Input], validator: &jsonschema::Validator) {
    let options = Options::default();
    for input in inputs {
        let text = input.text.as_str();
        let mut group = c.benchmark_group(format!("side-by-side-{}", slug(&input.name)));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 64 << 10 {
            group.sample_size(20).sampling_mode(SamplingMode::Flat);
        }
        group.bench_function(PARSE, |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(text)).unwrap())
        });
        group.bench_function(SCHEMA, |b| {
            b.iter(|| {
                let value = serde_json::from_str::<Value>(black_box(text)).unwrap();
                validator.iter_errors(&value).count()
            })
        });
        group.bench_function(LINT, |b| b.iter(|| lint_str(black_box(text), &options)));
        group.finish();
    }
}

fn scaling(c: &mut Criterion) {
    let options = Options::default();
    for shape in Shape::ALL {
        let mut group = c.benchmark_group(format!("scaling-{}", slug(shape.name())));
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        for size in SIZES {
            let text = common::body(shape, size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(LINT, size), &text, |b, text| {
                b.iter(|| lint_str(black_box(text), &options))
            });
            group.bench_with_input(BenchmarkId::new(PARSE, size), &text, |b, text| {
                b.iter(|| serde_json::from_str::<Value>(black_box(text)).unwrap())
            });
        }
        group.finish();
    }
}

/// Where criterion keeps its results (its own rule: `CRITERION_HOME`, else
/// the target directory's `criterion`).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
    PathBuf::from(target).join("criterion")
}

/// The median time of a benchmark in seconds, if it ran.
fn median(group: &str, id: &str) -> Option<f64> {
    let path = criterion_home()
        .join(group)
        .join(id)
        .join("new")
        .join("estimates.json");
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    Some(estimates["median"]["point_estimate"].as_f64()? * 1e-9)
}

fn time(seconds: f64) -> String {
    match seconds {
        s if s < 1e-3 => format!("{:.2} µs", s * 1e6),
        s if s < 1.0 => format!("{:.2} ms", s * 1e3),
        s => format!("{s:.2} s"),
    }
}

fn print_side_by_side(inputs: &[Input]) {
    println!("\n| input | bytes | `serde_json` parse | parse + `jsonschema` (all errors) | `lint_str` | `lint_str` ÷ parse | `lint_str` ÷ (parse + `jsonschema`) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for input in inputs {
        let group = format!("side-by-side-{}", slug(&input.name));
        let (Some(parse), Some(schema), Some(lint)) = (
            median(&group, PARSE),
            median(&group, SCHEMA),
            median(&group, LINT),
        ) else {
            continue;
        };
        println!(
            "| {} | {} | {} | {} | {} | {:.1}× | {:.1}× |",
            input.name,
            input.text.len(),
            time(parse),
            time(schema),
            time(lint),
            lint / parse,
            lint / schema
        );
    }
}

fn print_scaling() {
    println!("\n| shape | size | `lint_str` per KB | `serde_json` parse per KB | ratio |");
    println!("|---|---:|---:|---:|---:|");
    for shape in Shape::ALL {
        let group = format!("scaling-{}", slug(shape.name()));
        for size in SIZES {
            let kb = common::body(shape, size).len() as f64 / 1024.0;
            let (Some(lint), Some(parse)) = (
                median(&group, &format!("{LINT}/{size}")),
                median(&group, &format!("{PARSE}/{size}")),
            ) else {
                continue;
            };
            println!(
                "| {} | {} | {:.2} µs | {:.2} µs | {:.1}× |",
                shape.name(),
                common::size_name(size),
                lint / kb * 1e6,
                parse / kb * 1e6,
                lint / parse
            );
        }
    }
}

fn main() {
    let inputs = common::side_by_side();
    let validator = validator();
    // What is measured is what the tables say it is.
    let options = Options::default();
    let findings = |text: &str| lint_str(text, &options).diagnostics.len();
    assert_eq!(
        findings(&inputs[0].text),
        0,
        "examples/clean.json lints clean"
    );
    assert_eq!(findings(&inputs[1].text), 10, "the ten-problem request");
    assert_eq!(
        findings(&inputs[2].text),
        0,
        "the ten-tag request lints clean"
    );
    let is_valid = |text: &str| validator.is_valid(&serde_json::from_str(text).unwrap());
    assert!(is_valid(&inputs[0].text) && !is_valid(&inputs[1].text));

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    side_by_side(&mut c, &inputs, &validator);
    scaling(&mut c);
    c.final_summary();
    print_side_by_side(&inputs);
    print_scaling();
}
