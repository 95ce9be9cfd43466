//! Lint time of the bundled examples, against `serde_json` parsing the same
//! text (the least any checker must do). Run: `cargo bench --bench lint`.

use sdrs_lint::{lint_str, lint_value, Options};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time per call over `rounds` rounds of `n` calls.
fn time(n: u32, mut f: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                f();
            }
            start.elapsed() / n
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let options = Options::default();
    println!(
        "{:<28} {:>12} {:>14} {:>8}",
        "input", "lint_str", "serde_json", "ratio"
    );
    for file in ["examples/api-example.json", "examples/clean.json"] {
        let text = std::fs::read_to_string(file).expect("run from the crate root");
        let lint = time(20_000, || {
            black_box(lint_str(black_box(&text), &options));
        });
        let parse = time(20_000, || {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap());
        });
        println!(
            "{:<28} {:>9.2} µs {:>11.2} µs {:>7.1}×",
            file.trim_start_matches("examples/"),
            lint.as_secs_f64() * 1e6,
            parse.as_secs_f64() * 1e6,
            lint.as_secs_f64() / parse.as_secs_f64()
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let by_value = time(20_000, || {
            black_box(lint_value(black_box(&value), &options));
        });
        println!(
            "{:<28} {:>9.2} µs",
            "  (lint_value)",
            by_value.as_secs_f64() * 1e6
        );
    }
}
