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
                save_status.set(storage::save(&project, false));
            });
            *pending.borrow_mut() = Some(timeout);
        });
    }
    {
        // Another tab saving the project is noticed at once, not only at the next save.
        let save_status = save_status.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), "storage", move |_| {
                if storage::changed_elsewhere() {
                    save_status.set(SaveStatus::OtherTab);
                }
            });
            move || drop(listener)
        });
    }
    let load_theirs = {
        let state = state.clone();
        let save_status = save_status.clone();
        Callback::from(move |_| match storage::load() {
            Ok(Some(project)) => {
                state.dispatch(Msg::Load(project));
                save_status.set(SaveStatus::Saved);
            }
            Ok(None) => save_status.set(storage::save(&state.project, true)),
            Err(problem) => save_status.set(SaveStatus::Failed(problem)),
        })
    };
    let keep_mine = {
        let state = state.clone();
        let save_status = save_status.clone();
        Callback::from(move |_| save_status.set(storage::save(&state.project, true)))
    };
    let download_all = {
        let state = state.clone();
        Callback::from(move |_| export_all(&state.project))
    };
    let screen = match state.route {
        Route::Library => html! { <Library /> },
        Route::Document(_) => html! { <Reader /> },
    };
    let (status_class, status_text) = match &*save_status {
        SaveStatus::Saved => ("saved", "Saved in this browser".to_owned()),
        SaveStatus::Saving => ("saving", "Saving…".to_owned()),
        SaveStatus::OtherTab => ("failed", "Not saved: another tab changed this project".to_owned()),
        SaveStatus::Failed(problem) => ("failed", format!("Not saved: {problem}")),
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
            if *save_status == SaveStatus::OtherTab {
                <section class="problem banner" role="alert" aria-label="Another tab">
                    { "Another tab saved changes to this project since this tab loaded it. \
                       Nothing was overwritten; choose whose work to keep." }
                    <button onclick={load_theirs}>{ "Load the other tab's work" }</button>
                    <button onclick={keep_mine.clone()}>{ "Keep this tab's work" }</button>
                    <button onclick={download_all.clone()}>{ "Download this tab's work" }</button>
                </section>
            }
            if let SaveStatus::Failed(problem) = &*save_status {
                <section class="problem banner" role="alert" aria-label="Not saved">
                    { format!("Your latest changes are not saved in this browser: {problem}. \
                       Download everything to keep it; nothing saved before is lost.") }
                    <button onclick={download_all}>{ "Download everything" }</button>
                    if may_save {
                        <button onclick={keep_mine}>{ "Try again" }</button>
                    }
                </section>
            }
            <Reports />
            { screen }
            <ImportPreview />
        </ContextProvider<StateHandle>>
    }
}

/// Downloads the whole project, texts included, as one factmark file.
fn export_all(project: &Project) {
    use factmark_core::format::native::{self, NativeFile};
    let json = native::write(&NativeFile::from_project(project, true));
    // A failed download leaves nothing to show but the browser's own message.
    let _ = factmark::download::download("factmark-project.json", "application/json", &json);
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
