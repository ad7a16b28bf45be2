//! factmark's entry point: the `App` component and the renderer.

use factmark::autosave::Autosave;
use factmark::bench;
use factmark::bundled::bundled_project;
use factmark::commands;
use factmark::components::{
    AssistBridge, Identity, ImportPreview, LabelStyles, Library, Reader, Reports, TeamLoader,
};
use factmark::files::{self, Opened, Text};
use factmark::route::Route;
use factmark::state::{Msg, ProjectPtr, State, StateHandle};
use factmark::storage::{self, SaveStatus};
use factmark_core::{LabelSet, Project};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use gloo::utils::window;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What starting up found in storage.
struct Loaded {
    /// The stored project with any bundled article it lacks, or the bundled one.
    project: Project,
    /// A problem to show.
    problem: Option<String>,
    /// False when an unreadable stored project could not be set aside: saving would
    /// overwrite it, so it stays off.
    may_save: bool,
}

/// A bench run's project: the one document at `url`, and the default labels.
async fn bench_project(url: &str) -> Loaded {
    let mut project = Project::new(factmark_core::LabelSet::default());
    let opened = bench::fetch_text(url).await.and_then(|Text { text, sha256 }| {
        bench::mark("fetched");
        files::interpret("bench.txt", &text, sha256, &project)
    });
    let problem = match opened {
        Ok(Opened::Documents(documents)) => {
            for document in documents {
                let _ = project.apply(project.add_document(document));
            }
            None
        }
        Ok(Opened::Import(_)) => Some(format!("{url} is not a plain text")),
        Err(problem) => Some(problem),
    };
    Loaded {
        project,
        problem,
        may_save: true,
    }
}

async fn load_project() -> Loaded {
    if let Some(url) = bench::requested() {
        return bench_project(&url).await;
    }
    // The bundled articles are the first project's (the sample project); another
    // project starts empty, with the default labels.
    let first = storage::project_id().is_empty();
    let fresh = || {
        if first {
            bundled_project()
        } else {
            Project::new(LabelSet::default())
        }
    };
    match storage::load().await {
        Ok(Some(project)) if !first => Loaded {
            project,
            problem: None,
            may_save: true,
        },
        Ok(Some(mut project)) => {
            for document in bundled_project().documents() {
                if project.document(document.id()).is_none() {
                    let _ = project.apply(project.add_document(document.clone()));
                }
            }
            Loaded {
                project,
                problem: None,
                may_save: true,
            }
        }
        Ok(None) => Loaded {
            project: fresh(),
            problem: None,
            may_save: true,
        },
        Err(problem) => {
            let (note, may_save) = match storage::keep_unreadable().await {
                Ok(kept) => (kept, true),
                Err(why) => (why, false),
            };
            Loaded {
                project: fresh(),
                problem: Some(format!("{problem}. {note}")),
                may_save,
            }
        }
    }
}

/// Reading the project at start-up, begun by `main` before anything renders. The
/// first render waits a little for it (see [`FIRST_RENDER_WAIT_MS`]): a project read
/// by then is the App's initial state, shown in one render and one frame; otherwise
/// the App shows that it is loading and takes the project when it comes.
enum Startup {
    /// Still reading; what to do with the result once the App is there.
    Reading(Option<Box<dyn FnOnce(Loaded)>>),
    /// Read before the App asked for it (boxed: a project is large beside a pointer).
    Read(Box<Loaded>),
    /// Handed over.
    Done,
}

thread_local! {
    static STARTUP: std::cell::RefCell<Startup> = const { std::cell::RefCell::new(Startup::Reading(None)) };
    static RENDERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How long the first render waits for the project to be read. Reading IndexedDB
/// (or a bench run's download) usually takes a few tens of milliseconds; rendering
/// before it would lay out and paint a "Loading" screen for that long, on the main
/// thread the read itself needs, and then the real screen.
const FIRST_RENDER_WAIT_MS: u32 = 150;

/// Starts reading the project (see [`Startup`]).
fn start_loading() {
    wasm_bindgen_futures::spawn_local(async {
        let loaded = load_project().await;
        let waiting = STARTUP.with(|startup| {
            let mut startup = startup.borrow_mut();
            match std::mem::replace(&mut *startup, Startup::Done) {
                Startup::Reading(Some(then)) => Some((then, loaded)),
                Startup::Reading(None) => {
                    *startup = Startup::Read(Box::new(loaded));
                    None
                }
                Startup::Read(_) | Startup::Done => None,
            }
        });
        match waiting {
            Some((then, loaded)) => then(loaded),
            None => render_once(),
        }
    });
}

/// Renders the app, the first time only.
fn render_once() {
    if RENDERED.with(|rendered| rendered.replace(true)) {
        return;
    }
    match gloo::utils::document().get_element_by_id(APP_ROOT) {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

/// What start-up read, if it is read and not yet handed over.
fn take_read() -> Option<Loaded> {
    STARTUP.with(|startup| {
        let mut startup = startup.borrow_mut();
        match std::mem::replace(&mut *startup, Startup::Done) {
            Startup::Read(loaded) => Some(*loaded),
            other => {
                *startup = other;
                None
            }
        }
    })
}

/// Has `then` called with what start-up reads, once it is read (never during the
/// caller's own call: a render must not set state). For a caller that has found
/// nothing read yet ([`take_read`]), in the same task.
fn when_loaded(then: impl FnOnce(Loaded) + 'static) {
    STARTUP.with(|startup| {
        if let Startup::Reading(waiting) = &mut *startup.borrow_mut() {
            *waiting = Some(Box::new(then));
        }
    });
}

/// Where a bench run opens: its one document.
fn bench_route(project: &Project) -> Option<Route> {
    bench::active()
        .then(|| {
            project
                .documents()
                .first()
                .map(|d| Route::Document(d.id().clone()))
        })
        .flatten()
}

#[component]
fn App() -> Html {
    // The first render takes the project if start-up has read it already (the usual
    // case: see `main`), and otherwise asks to be given it when it is.
    let first_render = use_mut_ref(|| true);
    let first_render = std::mem::replace(&mut *first_render.borrow_mut(), false);
    let (read_project, read_outcome) = match first_render.then(take_read).flatten() {
        Some(start) => (Some(start.project), Some((start.problem, start.may_save))),
        None => (None, None),
    };
    let read_early = read_outcome.is_some();
    if read_early {
        bench::mark("loaded");
    }
    let state = use_reducer(move || {
        // Empty until start-up has read the project: nothing is shown meanwhile.
        let project = read_project.unwrap_or_else(|| Project::new(LabelSet::default()));
        let route = bench_route(&project).unwrap_or_else(Route::current);
        let mut state = State::new(project, route);
        state.annotator = storage::annotator_name();
        state.suggest = factmark::assist::suggestions_on();
        // The site chrome of an article opened by the address: suggested at once.
        state.suggestions = state.suggestions_in(&state.project, []);
        state
    });
    bench::track(&state);
    // None while the stored project is being read: nothing is shown or saved until
    // then. Then the problem reading it, and whether saving is on.
    let loaded = use_state(move || read_outcome);
    // Set while the project is one just read from storage, so that it is not saved
    // straight back.
    let skip_save = use_mut_ref(move || read_early);
    if first_render && !read_early {
        let state = state.clone();
        let loaded = loaded.clone();
        let skip_save = skip_save.clone();
        when_loaded(move |start| {
            bench::mark("loaded");
            loaded.set(Some((start.problem, start.may_save)));
            let route = bench_route(&start.project);
            *skip_save.borrow_mut() = true;
            state.dispatch(Msg::Load(start.project));
            if let Some(route) = route {
                state.dispatch(Msg::Navigate(route));
            }
        });
    }
    let (load_problem, may_save) = (*loaded).clone().unwrap_or((None, false));
    let save_status = use_state(|| SaveStatus::Saved);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = Route::follow(move |route| state.dispatch(Msg::Navigate(route)));
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
                    // Adjudication has its own undo (of decisions); the library's edits
                    // are not undone from a page that does not show them.
                    if state.route == Route::Adjudicate {
                        return;
                    }
                    if let Some(msg) = history_key(event) {
                        event.prevent_default();
                        state.dispatch(msg);
                    }
                });
            move || drop(listener)
        });
    }
    // Saves each change to the project as soon as it is made, off the input path.
    let autosave = {
        let save_status = save_status.clone();
        use_memo((), move |_| {
            Autosave::new(Callback::from(move |status| save_status.set(status)))
        })
    };
    {
        let autosave = autosave.clone();
        let project = state.project.clone();
        let is_loaded = loaded.is_some();
        let skip_save = skip_save.clone();
        use_effect_with(ProjectPtr(project), move |ProjectPtr(project)| {
            if !is_loaded {
                return;
            }
            if std::mem::replace(&mut *skip_save.borrow_mut(), false) {
                // Just loaded: storage holds it.
                autosave.loaded(project.clone());
                return;
            }
            if !may_save {
                autosave.refused(SaveStatus::Failed(
                    "saving is off so the unreadable stored project is not overwritten".to_owned(),
                ));
                return;
            }
            autosave.changed(project.clone());
        });
    }
    {
        // Leaving the page while a change is unsaved asks first; and the browser is
        // asked to keep this page's storage even when the disk runs low.
        let autosave = autosave.clone();
        use_effect_with((), move |_| {
            storage::ask_to_persist();
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&window(), "beforeunload", options, move |event| {
                    if autosave.unsaved() {
                        event.prevent_default();
                        // Older browsers ask only when a return value is set.
                        if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            event.set_return_value("Your latest changes are not saved yet.");
                        }
                    }
                });
            move || drop(listener)
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
        let autosave = autosave.clone();
        let skip_save = skip_save.clone();
        Callback::from(move |_| {
            let (state, autosave, skip_save) = (state.clone(), autosave.clone(), skip_save.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match storage::load().await {
                    Ok(Some(project)) => {
                        *skip_save.borrow_mut() = true;
                        state.dispatch(Msg::Load(project));
                        autosave.stored(SaveStatus::Saved);
                    }
                    Ok(None) => autosave.stored(storage::save(&state.project, true).await),
                    Err(problem) => autosave.stored(SaveStatus::Failed(problem)),
                }
            });
        })
    };
    let keep_mine = {
        let state = state.clone();
        let autosave = autosave.clone();
        Callback::from(move |_| {
            let (project, autosave) = (state.project.clone(), autosave.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let status = storage::save(&project, true).await;
                if status == SaveStatus::Saved {
                    autosave.loaded(project);
                }
                autosave.stored(status);
            });
        })
    };
    let download_all = {
        let state = state.clone();
        // A download that cannot start leaves nothing to show but the browser's own message.
        Callback::from(move |_| {
            let project = state.project.clone();
            wasm_bindgen_futures::spawn_local(async move { drop(commands::download_project(&project).await) })
        })
    };
    let screen = match (&state.route, loaded.is_some()) {
        (_, false) => html! { <main class="library"><p role="status">{ "Loading your work…" }</p></main> },
        (Route::Library, true) => html! { <Library /> },
        (Route::Document(_), true) => html! { <Reader /> },
        // The team module renders these pages beside the app, once it has loaded.
        (Route::Team | Route::TeamDocument(_) | Route::Adjudicate, true) => html! { <TeamLoader /> },
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
            if matches!(state.route, Route::Document(_)) {
                // The first stop of Tab on the reading view.
                <button class="skip-link" onclick={Callback::from(|_| { commands::focus_text(); })}>
                    { "Skip to the text (T)" }
                </button>
            }
            <header class="app-bar">
                <a class="brand" href={Route::Library.to_hash()}>{ "factmark" }</a>
                <span class="project-name" title="The project open in this page (switch in the library: Projects)">
                    { storage::project_name() }
                </span>
                <Identity />
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
            <Reports saving={matches!(*save_status, SaveStatus::Saving)
                || (*save_status == SaveStatus::Saved && !autosave.is_stored(&state.project))} />
            { screen }
            <ImportPreview />
            <AssistBridge />
        </ContextProvider<StateHandle>>
    }
}

/// Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac), outside text fields
/// (a list, such as an attribute's, has no undo of its own: there they are the app's).
fn history_key(event: &web_sys::KeyboardEvent) -> Option<Msg> {
    if commands::typing_in_text(event) || !(event.ctrl_key() || event.meta_key()) {
        return None;
    }
    match event.key().as_str() {
        "z" | "Z" if event.shift_key() => Some(Msg::Redo),
        "z" | "Z" => Some(Msg::Undo),
        "y" | "Y" => Some(Msg::Redo),
        _ => None,
    }
}

/// The id of the element the app renders into (index.html; the team module has a
/// root of its own beside it, so the two never see each other's events).
const APP_ROOT: &str = "factmark";

fn main() {
    if bench::requested().is_some() {
        bench::install();
        storage::set_namespace(".bench");
    }
    bench::mark("main");
    storage::choose_project_from_address();
    start_loading();
    Timeout::new(FIRST_RENDER_WAIT_MS, render_once).forget();
}
