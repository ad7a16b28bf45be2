//! Saving the project as soon as it changes, and saying whether everything is saved.
//!
//! ```text
//!  edit ─▶ changed(project) ─▶ a save starts once the change is painted (not in the render)
//!                  │                 │
//!   edits meanwhile wait ◀───────────┘ when it ends, the latest waiting project is
//!   (only the latest is kept)          saved next; none waiting: "Saved"
//! ```
//!
//! There is no debounce: work imported or marked a moment before the tab closes is
//! already on its way to storage (a save of a small project takes a few milliseconds),
//! and edits made while a save runs are saved together by the next one. While anything
//! is unsaved, leaving the page asks first ([`Autosave::unsaved`], `beforeunload`).

use crate::storage::{self, SaveStatus};
use factmark_core::Project;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// The project's saver (cheap to clone: clones share one queue).
#[derive(Clone)]
pub struct Autosave {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    /// A save is running (or about to start).
    running: bool,
    /// The newest project not yet handed to a save.
    waiting: Option<Rc<Project>>,
    /// Whether a change has not been stored yet (waiting, running, or failed).
    unsaved: bool,
    /// Told each time the status changes.
    on_status: Callback<SaveStatus>,
    /// The last project known to be in storage (saved here, or loaded from it).
    stored: Option<Rc<Project>>,
}

impl Autosave {
    /// A saver that reports its status to `on_status`.
    pub fn new(on_status: Callback<SaveStatus>) -> Autosave {
        Autosave {
            inner: Rc::new(RefCell::new(Inner {
                running: false,
                waiting: None,
                unsaved: false,
                on_status,
                stored: None,
            })),
        }
    }

    /// `project` is the newest state of the work: saves it as soon as the save that is
    /// running (if any) ends.
    pub fn changed(&self, project: Rc<Project>) {
        let start = {
            let mut inner = self.inner.borrow_mut();
            inner.waiting = Some(project);
            let was_unsaved = std::mem::replace(&mut inner.unsaved, true);
            if !was_unsaved {
                inner.on_status.emit(SaveStatus::Saving);
            }
            !std::mem::replace(&mut inner.running, true)
        };
        if start {
            let this = self.clone();
            // Once the change is painted: serialising the project does not hold it up.
            crate::frames::after_paint(move || wasm_bindgen_futures::spawn_local(this.run()));
        }
    }

    /// `project` is what storage holds (it was just loaded from there).
    pub fn loaded(&self, project: Rc<Project>) {
        self.inner.borrow_mut().stored = Some(project);
    }

    /// Whether `project` itself is in storage: what the page tells of it (a file
    /// added) is kept if the browser quits now.
    pub fn is_stored(&self, project: &Rc<Project>) -> bool {
        self.inner
            .borrow()
            .stored
            .as_ref()
            .is_some_and(|stored| Rc::ptr_eq(stored, project))
    }

    /// Whether some change is not stored yet (to warn before the page is left).
    pub fn unsaved(&self) -> bool {
        self.inner.borrow().unsaved
    }

    /// A change could not be saved and will not be until the person acts (another
    /// tab's work, or saving is off): it stays unsaved, so leaving still warns.
    pub fn refused(&self, status: SaveStatus) {
        let mut inner = self.inner.borrow_mut();
        inner.unsaved = true;
        inner.on_status.emit(status);
    }

    /// Saved by other means (the person chose whose work to keep, and it was stored).
    pub fn stored(&self, status: SaveStatus) {
        let mut inner = self.inner.borrow_mut();
        if inner.waiting.is_none() && !inner.running {
            inner.unsaved = status != SaveStatus::Saved;
        }
        inner.on_status.emit(status);
    }

    /// Saves the waiting project, then whatever came while it was saved, until
    /// nothing waits or a save fails.
    async fn run(self) {
        loop {
            let next = self.inner.borrow_mut().waiting.take();
            let Some(project) = next else {
                let mut inner = self.inner.borrow_mut();
                inner.running = false;
                inner.unsaved = false;
                inner.on_status.emit(SaveStatus::Saved);
                return;
            };
            let status = storage::save(&project, false).await;
            let mut inner = self.inner.borrow_mut();
            if status == SaveStatus::Saved {
                inner.stored = Some(project);
                continue;
            }
            // Not retried by itself: the status says why and offers what to do.
            inner.running = false;
            inner.waiting = None;
            inner.on_status.emit(status);
            return;
        }
    }
}
