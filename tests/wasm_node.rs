//! The JavaScript facade, in Node.js (`scripts/test-wasm.sh` runs it with
//! wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

include!("wasm/facade.rs");
