//! The JavaScript facade, in headless Chromium (`scripts/test-wasm.sh` sets
//! `CHROMEDRIVER`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!("wasm/facade.rs");
