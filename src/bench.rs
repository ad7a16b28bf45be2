//! The browser benchmark's hooks (`../shared/BENCH.md`): in a bench build (the `bench`
//! feature, which `scripts/bench-browser` builds into `dist-bench/`), the real ones of
//! [`crate::bench_hooks`]; in every other build, calls that do nothing, so what people
//! download carries no benchmark code. Either way the app's components, painting and
//! storage are the same: the hooks only watch them.

#[cfg(feature = "bench")]
pub use crate::bench_hooks::*;

#[cfg(not(feature = "bench"))]
pub use off::*;

#[cfg(not(feature = "bench"))]
mod off {
    use crate::state::StateHandle;

    /// Never a bench run: this build has no hooks.
    pub fn requested() -> Option<String> {
        None
    }

    /// Never a bench run.
    pub fn active() -> bool {
        false
    }

    /// Not reached (no bench run is ever requested).
    pub async fn fetch_text(url: &str) -> Result<crate::files::Text, String> {
        Err(format!("{url}: this build has no benchmark hooks"))
    }

    /// Nothing to mark.
    pub fn mark(_name: &str) {}

    /// Nothing to track.
    pub fn track(_state: &StateHandle) {}

    /// Nothing waits for paints.
    pub fn painted(_count: usize) {}

    /// Nothing waits for suggestions.
    pub fn suggestions_painted(_count: usize) {}

    /// Nothing waits for the document.
    pub fn shown() {}

    /// Nothing waits for marks.
    pub fn user_created(_quote: &str) {}

    /// Nothing to install.
    pub fn install() {}
}
