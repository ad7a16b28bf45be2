//! Timing work around the browser's frames.

use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Runs `f` once the browser has painted the next frame, in a task of its own: work
/// that can wait (saving, measuring what the frame laid out) then holds up neither the
/// change that asked for it nor the frame's own work. A hidden tab paints no frames:
/// then after 50 ms.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let f = Rc::new(RefCell::new(Some(f)));
    let run = {
        let f = f.clone();
        move || {
            if let Some(f) = f.borrow_mut().take() {
                f()
            }
        }
    };
    let painted = run.clone();
    let frame = Closure::once_into_js(move || Timeout::new(0, painted).forget());
    let wait = match gloo::utils::window().request_animation_frame(frame.unchecked_ref()) {
        Ok(_) => 50,
        Err(_) => 0,
    };
    Timeout::new(wait, run).forget();
}
