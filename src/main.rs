//! factmark's entry point: the `App` component and the renderer.

use factmark::bundled::bundled_project;
use factmark::components::{Library, Reader};
use factmark::route::Route;
use factmark::state::{Msg, State, StateHandle};
use gloo::events::EventListener;
use gloo::utils::window;
use yew::prelude::*;

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

#[component]
fn App() -> Html {
    let state = use_reducer(|| State::new(bundled_project(), current_route()));
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), "hashchange", move |_| {
                state.dispatch(Msg::Navigate(current_route()));
            });
            move || drop(listener)
        });
    }
    let screen = match state.route {
        Route::Library => html! { <Library /> },
        Route::Document(_) => html! { <Reader /> },
    };
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
            <header class="app-bar">
                <a class="brand" href={Route::Library.to_hash()}>{ "factmark" }</a>
            </header>
            { screen }
        </ContextProvider<StateHandle>>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
