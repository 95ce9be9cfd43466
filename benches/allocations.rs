//! Heap allocations per `lint_str` call, counted by a global allocator that
//! counts (issue 9: a clean request should cost almost nothing beyond
//! parsing). Counts, unlike times, do not depend on how busy the machine is.
//!
//!     cargo bench --bench allocations

mod common;

use sdrs_lint::{lint_str, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting calls that hand out memory (`alloc`,
/// `alloc_zeroed`, `realloc`) and the bytes they ask for.
struct Counting;

static CALLS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocation calls and bytes of one call of `f` (after one call that warms
/// up whatever is allocated once per process).
fn count<R>(mut f: impl FnMut() -> R) -> (usize, usize) {
    black_box(f());
    let (calls, bytes) = (CALLS.load(Relaxed), BYTES.load(Relaxed));
    black_box(f());
    (CALLS.load(Relaxed) - calls, BYTES.load(Relaxed) - bytes)
}

fn main() {
    let options = Options::default();
    println!("| input | bytes | diagnostics | `lint_str` allocations | bytes allocated | `serde_json` parse allocations |");
    println!("|---|---:|---:|---:|---:|---:|");
    for input in common::side_by_side() {
        let text = input.text.as_str();
        let diagnostics = lint_str(text, &options).diagnostics.len();
        let (calls, bytes) = count(|| lint_str(black_box(text), &options));
        let (parse, _) =
            count(|| serde_json::from_str::<serde_json::Value>(black_box(text)).unwrap());
        println!(
            "| {} | {} | {diagnostics} | {calls} | {bytes} | {parse} |",
            input.name,
            text.len()
        );
    }
}
