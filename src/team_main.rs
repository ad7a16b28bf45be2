//! The team pages — compare annotators' files, one document's differences, adjudication —
//! as a wasm module of their own. The app loads it the first time a team page opens
//! (`TeamLoader`), so people who only annotate never download it; it renders into its
//! own root beside the app's and follows the same URL hash. What it holds (the compared
//! files) lives as long as the page, across visits to the library and back.

use factmark::components::team_loader::TEAM_ROOT;
use factmark::components::{Adjudicate, TeamDocument, TeamView};
use factmark::route::Route;
use factmark::state::{Msg, State, StateHandle};
use factmark::storage;
use factmark_core::{LabelSet, Project};
use gloo::events::EventListener;
use gloo::utils::window;
use yew::prelude::*;

#[component]
fn TeamApp() -> Html {
    let state = use_reducer(|| {
        let mut state = State::new(Project::new(LabelSet::default()), Route::current());
        state.annotator = storage::annotator_name();
        state
    });
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let navigate = {
                let state = state.clone();
                Route::follow(move |route| state.dispatch(Msg::Navigate(route)))
            };
            // The name is asked for in the app's bar; adjudication records it.
            let renamed = {
                let state = state.clone();
                EventListener::new(&window(), storage::ANNOTATOR_EVENT, move |_| {
                    state.dispatch(Msg::SetAnnotator(storage::annotator_name()));
                })
            };
            // What was compared before a reload (kept until it is closed) is compared again.
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(session) = storage::load_team().await
                    && let Ok(team) = factmark::team::compare_session(&session).await
                {
                    state.dispatch(Msg::Team(factmark::team::TeamPtr(std::rc::Rc::new(team))));
                }
            });
            move || drop((navigate, renamed))
        });
    }
    let screen = match &state.route {
        Route::Team => html! { <TeamView /> },
        Route::TeamDocument(id) => html! { <TeamDocument id={id.clone()} /> },
        Route::Adjudicate => html! { <Adjudicate /> },
        // The app shows every other page; the compared files stay here meanwhile.
        Route::Library | Route::Document(_) => html! {},
    };
    html! {
        <ContextProvider<StateHandle> context={state}>{ screen }</ContextProvider<StateHandle>>
    }
}

fn main() {
    // This module's own copy of the storage code compares the page's project.
    storage::choose_project_from_address();
    let root = gloo::utils::document()
        .get_element_by_id(TEAM_ROOT)
        .expect("index.html has the team module's root");
    yew::Renderer::<TeamApp>::with_root(root).render();
}
