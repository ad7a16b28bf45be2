//! Where a team page shows before the team module has loaded: the module (compare
//! annotators, adjudicate) is a wasm module of its own, fetched the first time a team
//! page opens so that annotating never downloads it. It renders into its own root
//! beside the app's (see `TEAM_ROOT`); this component starts it and says so meanwhile.

use gloo::events::EventListener;
use yew::prelude::*;

/// The id of the element the team module renders into (a sibling of the app's root).
pub const TEAM_ROOT: &str = "factmark-team";
/// The `<meta name=…>` in index.html whose content is the team module's start script.
const TEAM_META: &str = "factmark-team-module";
/// The event the team module's start script dispatches on `window` when it fails.
const TEAM_FAILED: &str = "factmark-team-failed";
/// Marks the script element once added, so the module is requested once per page.
const SCRIPT_ID: &str = "factmark-team-script";

/// Shown on team pages: "Loading…" until the team module renders over it (CSS hides
/// it then), or why it could not load.
#[component]
pub fn TeamLoader() -> Html {
    let problem = use_state(|| None::<String>);
    {
        let problem = problem.clone();
        use_effect_with((), move |_| {
            let listener = match start() {
                Ok(listener) => listener,
                Err(why) => {
                    problem.set(Some(why));
                    None
                }
            };
            let not_downloaded = listener.map(|script| {
                let problem = problem.clone();
                EventListener::once(&script, "error", move |_| {
                    problem.set(Some(
                        "the team module could not be downloaded; check the connection and reload the page"
                            .to_owned(),
                    ));
                })
            });
            // The start script says so when the module downloaded but would not start.
            let not_started = EventListener::new(&gloo::utils::window(), TEAM_FAILED, move |_| {
                problem.set(Some(
                    "the team module did not start in this browser; reload the page to try again".to_owned(),
                ));
            });
            move || drop((not_downloaded, not_started))
        });
    }
    html! {
        <main class="team-loading">
            if let Some(problem) = &*problem {
                <p class="problem" role="alert">{ format!("The team pages cannot open: {problem}.") }</p>
            } else {
                <p role="status">{ "Loading the team tools…" }</p>
            }
        </main>
    }
}

/// Adds the team module's script to the page unless it is there already; returns the
/// new script element (to watch for a failed download).
fn start() -> Result<Option<web_sys::Element>, String> {
    crate::lazy_modules::add_script(SCRIPT_ID, TEAM_META, "team module")
}
