//! Every fuzz target's function over the seed corpus, on stable: CI has no
//! nightly for `cargo fuzz`, and the targets' invariants should hold for
//! every fixture whatever the fuzzer does. The corpus comes from
//! scripts/fuzz-seeds.py, as scripts/fuzz.sh makes it.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::PathBuf;
use std::process::Command;

/// The seed corpus, written afresh into a folder of this test's own.
fn seeds() -> PathBuf {
    let out = std::env::temp_dir().join(format!("sdrs-lint-seeds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/fuzz-seeds.py"
        ))
        .arg(&out)
        .status()
        .expect("python3 runs scripts/fuzz-seeds.py");
    assert!(status.success());
    out
}

#[test]
fn every_target_holds_on_every_seed() {
    let corpus = seeds();
    for (name, target) in targets::TARGETS {
        let mut seeds: Vec<_> = std::fs::read_dir(corpus.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .map(|entry| entry.unwrap().path())
            .collect();
        seeds.sort();
        // The examples alone give more than this; fewer means the script lost a source.
        assert!(seeds.len() >= 10, "{name}: only {} seeds", seeds.len());
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(
                outcome.is_ok(),
                "{name} fails on {}: {}",
                seed.display(),
                String::from_utf8_lossy(&data)
            );
        }
    }
    std::fs::remove_dir_all(&corpus).unwrap();
}

/// Inputs the fuzzer found, kept whatever the corpus becomes.
#[test]
fn what_the_fuzzer_found() {
    // A plan line that is not UTF-8 among valid requests: its report is one
    // invalid-json at the bad byte, with no range past the line's text (the
    // first run's plan target expected text there, and failed).
    targets::plan_target(
        b"{\"protected_instance\": {\"server_group_id\": \"523ab8ad-3759-4933-9436-4cf4ebb208\xff\xff\xff\x1f \"name\": \"web-01\"}}\n\
          {\"protected_instance\": {\"name\": \"my name\"}}\n\
          {\"protected_instance\": {\"name\": \"my-name\"}}\n",
    );
}
