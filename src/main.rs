//! factmark's entry point: the `App` component and the renderer.

use factmark::bundled::bundled_project;
use factmark::components::{ImportPreview, LabelStyles, Library, Reader, Reports};
use factmark::route::Route;
use factmark::state::{Msg, ProjectPtr, State, StateHandle};
use factmark::storage::{self, SaveStatus};
use factmark_core::Project;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use gloo::utils::window;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long after the last edit the project is saved.
const SAVE_DELAY_MS: u32 = 300;

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

/// The stored project (with any bundled article it lacks added), or the bundled one,
/// and a problem to show. A stored project that cannot be read is set aside under a
/// key of its own; if even that fails, saving is blocked so it is never overwritten.
fn initial_project() -> (Project, Option<String>, bool) {
    match storage::load() {
        Ok(Some(mut project)) => {
            for document in bundled_project().documents() {
                if project.document(document.id()).is_none() {
                    let _ = project.apply(project.add_document(document.clone()));
                }
            }
            (project, None, true)
        }
        Ok(None) => (bundled_project(), None, true),
        Err(problem) => match storage::keep_unreadable() {
            Ok(kept) => (bundled_project(), Some(format!("{problem}. {kept}")), true),
            Err(why) => (bundled_project(), Some(format!("{problem}. {why}")), false),
        },
    }
}

#[component]
fn App() -> Html {
    let start = use_memo((), |_| initial_project());
    let (load_problem, may_save) = (start.1.clone(), start.2);
    let state = {
        let project = start.0.clone();
        use_reducer(move || State::new(project, current_route()))
    };
    let save_status = use_state(|| SaveStatus::Saved);
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), "hashchange", move |_| {
                state.dispatch(Msg::Navigate(current_route()));
            });
            move || drop(listener)
        });
    }
    {
        // Undo and redo, on every screen; keys typed into a field are the field's.
        let state = state.clone();
        use_effect_with(state.clone(), move |state| {
            let state = state.clone();
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
                    let event: &web_sys::KeyboardEvent = event.unchecked_ref();
                    if let Some(msg) = history_key(event) {
                        event.prevent_default();
                        state.dispatch(msg);
                    }
                });
            move || drop(listener)
        });
    }
    {
        // Save shortly after each change to the project, off the input path.
        let save_status = save_status.clone();
        let project = state.project.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(ProjectPtr(project), move |ProjectPtr(project)| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if !may_save {
                save_status.set(SaveStatus::Failed(
                    "saving is off so the unreadable stored project is not overwritten".to_owned(),
                ));
                return;
            }
            save_status.set(SaveStatus::Saving);
            let project = project.clone();
            let timeout = Timeout::new(SAVE_DELAY_MS, move || {
                save_status.set(match storage::save(&project) {
                    Ok(()) => SaveStatus::Saved,
                    Err(problem) => SaveStatus::Failed(problem),
                });
            });
            *pending.borrow_mut() = Some(timeout);
        });
    }
    let screen = match state.route {
        Route::Library => html! { <Library /> },
        Route::Document(_) => html! { <Reader /> },
    };
    let (status_class, status_text) = match &*save_status {
        SaveStatus::Saved => ("saved", "Saved in this browser".to_owned()),
        SaveStatus::Saving => ("saving", "Saving…".to_owned()),
        SaveStatus::Failed(problem) => (
            "failed",
            format!("Not saved: {problem}. Export your work to keep it."),
        ),
    };
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
            <LabelStyles labels={state.project.labels().clone()} />
            <header class="app-bar">
                <a class="brand" href={Route::Library.to_hash()}>{ "factmark" }</a>
                <span class={classes!("save-status", status_class)} role="status" data-testid="save-status">
                    { status_text }
                </span>
            </header>
            if let Some(problem) = load_problem {
                <p class="problem" role="alert">{ problem }</p>
            }
            <Reports />
            { screen }
            <ImportPreview />
        </ContextProvider<StateHandle>>
    }
}

/// Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac), outside text fields.
fn history_key(event: &web_sys::KeyboardEvent) -> Option<Msg> {
    let in_field = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if in_field || !(event.ctrl_key() || event.meta_key()) {
        return None;
    }
    match event.key().as_str() {
        "z" | "Z" if event.shift_key() => Some(Msg::Redo),
        "z" | "Z" => Some(Msg::Undo),
        "y" | "Y" => Some(Msg::Redo),
        _ => None,
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
