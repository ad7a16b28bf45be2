//! The label editor as a wasm module of its own (see `factmark::labels`): its start
//! script runs `main`, which renders the dialog into its root.

// The app's allocator (see `factmark`'s lib.rs).
use factmark as _;

fn main() {
    factmark::labels_panel::mount();
}
