#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sdrs_lint_fuzz::lint_value_target(data));
