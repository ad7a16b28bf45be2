//! Help while marking — corpus search and suggestions — as a wasm module of its own
//! (see `factmark::assist` and `factmark::assist_panel`). On the page its start script
//! runs `main`, which renders the panel; in the worker its worker script hands each
//! message to [`worker_receive`].

// The app's allocator (see `factmark`'s lib.rs).
use factmark as _;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// In the worker: one message from the page, JSON of a `ToWorker`.
#[wasm_bindgen]
pub fn worker_receive(message: String) {
    factmark::assist_panel::receive(message);
}

fn main() {
    // The same module starts the worker's engine too, where there is no window.
    if js_sys::global().dyn_ref::<web_sys::Window>().is_some() {
        factmark::assist_panel::mount();
    }
}
