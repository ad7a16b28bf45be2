//! The assist module (built with the `assist` feature; see [`crate::assist`] for how the
//! app talks to it). One wasm file, two places it runs:
//!
//! - **on the page**, [`mount`] renders the search box and the suggestions bar into
//!   their own root, starts the worker and passes messages between it and the app;
//! - **in the worker**, [`receive`] hands each message to the core's
//!   [`Engine`](factmark_core::assist::Engine) and posts its answers back; a search
//!   runs a few milliseconds at a time, so a newer one (or a new project) is read in
//!   between, and its hits are posted as they are found.

use crate::assist::{
    FAILED_EVENT, LINK_EVENT, MARK_EVENT, META, OPEN_EVENT, READY_EVENT, ROOT, SEARCH_EVENT, STATE_EVENT,
    SUGGESTIONS_EVENT, detail, send,
};
use factmark_core::assist::{Engine, FromWorker, HitGroup, Item, LinkItem, ModelInfo, QuerySpec, ToWorker};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use gloo::utils::window;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

// ---------------------------------------------------------------- the worker's side

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::new());
    /// Whether a step of the search under way is scheduled.
    static STEPPING: Cell<bool> = const { Cell::new(false) };
}

/// The milliseconds a search runs before posting what it found and reading messages.
const SEARCH_SLICE_MS: f64 = 12.0;

/// The worker's clock, in milliseconds.
fn worker_now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|scope| scope.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn post(message: &FromWorker) {
    if let (Ok(scope), Ok(json)) = (
        js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>(),
        serde_json::to_string(message),
    ) {
        let _ = scope.post_message(&JsValue::from_str(&json));
    }
}

/// In the worker: answers one message from the page (JSON of a [`ToWorker`]).
pub fn receive(message: String) {
    let replies = match serde_json::from_str::<ToWorker>(&message) {
        Ok(message) => ENGINE.with(|engine| engine.borrow_mut().handle(message, &worker_now)),
        Err(err) => vec![FromWorker::Problem {
            id: None,
            text: format!("the assist worker could not read a message: {err}"),
        }],
    };
    for reply in &replies {
        post(reply);
    }
    schedule_search();
}

fn schedule_search() {
    if ENGINE.with(|engine| engine.borrow().searching()) && !STEPPING.replace(true) {
        Timeout::new(0, || {
            STEPPING.set(false);
            if let Some(batch) =
                ENGINE.with(|engine| engine.borrow_mut().search_step(SEARCH_SLICE_MS, &worker_now))
            {
                post(&batch);
            }
            schedule_search();
        })
        .forget();
    }
}

// ---------------------------------------------------------------- the page's side

/// The worker's script: the module's start script's name with `-worker` for `-start`.
fn worker_script() -> Option<String> {
    crate::lazy_modules::script(META).map(|start| start.replace("-start.js", "-worker.js"))
}

/// On the page: renders the panel into its root.
pub fn mount() {
    let Some(root) = gloo::utils::document().get_element_by_id(ROOT) else {
        send(FAILED_EVENT, "the page has no place for the assist panel");
        return;
    };
    yew::Renderer::<AssistApp>::with_root(root).render();
}

/// The search the box shows.
#[derive(Debug, Clone, PartialEq, Default)]
struct Results {
    id: u32,
    groups: Vec<HitGroup>,
    searched: usize,
    total: usize,
    done: bool,
    problem: Option<String>,
}

impl Results {
    fn hits(&self) -> usize {
        self.groups.iter().map(|g| g.hits.len()).sum()
    }
}

/// What the bar says of the open document's suggestions.
#[derive(Debug, Clone, PartialEq, Default)]
struct Suggested {
    items: Vec<Item>,
    model: Option<ModelInfo>,
    problems: Vec<String>,
    links: Vec<LinkItem>,
}

/// Hits shown in the box at most (all of them are marked by "Mark all").
const SHOWN_HITS: usize = 300;

#[component]
fn AssistApp() -> Html {
    let worker = use_memo((), |_| {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        worker_script().and_then(|script| web_sys::Worker::new_with_options(&script, &options).ok())
    });
    let labels = use_state(Vec::<String>::new);
    let open = use_state(|| false);
    let results = use_state(Results::default);
    let suggested = use_state(Suggested::default);
    let query = use_state(|| QuerySpec {
        text: String::new(),
        mode: "plain".into(),
        fold_case: true,
        fold_diacritics: false,
    });
    let mark_label = use_state(String::new);
    let min_score = use_state(|| 0.8_f64);
    let next_id = use_mut_ref(|| 0_u32);
    let search_timer = use_mut_ref(|| None::<Timeout>);
    let input = use_node_ref();
    // The latest results by reference, for the worker's messages to add to.
    let latest = use_mut_ref(Results::default);

    {
        let (worker, labels, open, results, suggested, latest, input) = (
            worker.clone(),
            labels.clone(),
            open.clone(),
            results.clone(),
            suggested.clone(),
            latest.clone(),
            input.clone(),
        );
        use_effect_with((), move |_| {
            let Some(worker) = (*worker).clone() else {
                send(FAILED_EVENT, "this browser would not start the assist worker");
                return Box::new(|| ()) as Box<dyn FnOnce()>;
            };
            let onmessage = {
                let (results, suggested, latest) = (results.clone(), suggested.clone(), latest.clone());
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                    let Some(json) = event.data().as_string() else {
                        return;
                    };
                    match serde_json::from_str::<FromWorker>(&json) {
                        Ok(FromWorker::Suggestions {
                            items,
                            model,
                            problems,
                            links,
                            ..
                        }) => {
                            if let Ok(list) = serde_json::to_string(&items) {
                                send(SUGGESTIONS_EVENT, &list);
                            }
                            suggested.set(Suggested {
                                items,
                                model,
                                problems,
                                links,
                            });
                        }
                        Ok(FromWorker::Hits {
                            id,
                            groups,
                            searched,
                            total,
                            done,
                        }) => {
                            let mut now = latest.borrow_mut();
                            if now.id != id {
                                return;
                            }
                            now.groups.extend(groups);
                            (now.searched, now.total, now.done) = (searched, total, done);
                            results.set(now.clone());
                        }
                        Ok(FromWorker::Problem { id, text }) => {
                            let mut now = latest.borrow_mut();
                            if id.is_some_and(|id| id == now.id) {
                                now.problem = Some(text);
                                now.done = true;
                                results.set(now.clone());
                            } else if id.is_none() {
                                web_sys::console::error_1(&format!("factmark assist: {text}").into());
                            }
                        }
                        Err(_) => {}
                    }
                })
            };
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            let state = {
                let worker = worker.clone();
                let suggested_for_state = suggested.clone();
                EventListener::new(&window(), STATE_EVENT, move |event| {
                    let Some(value) =
                        detail(event).and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
                    else {
                        return;
                    };
                    for key in ["texts", "project"] {
                        if !value[key].is_null() {
                            let _ = worker.post_message(&JsValue::from_str(&value[key].to_string()));
                        }
                    }
                    // No document open (or suggestions off): the bar of the last one goes.
                    let sources = &value["project"]["sources"];
                    if value["project"]["open"].is_null() || sources["rules"] == false {
                        suggested_for_state.set(Suggested::default());
                    }
                    if let Some(names) = value["labels"].as_array() {
                        labels.set(
                            names
                                .iter()
                                .filter_map(|n| n.as_str().map(str::to_owned))
                                .collect(),
                        );
                    }
                })
            };
            let search = EventListener::new(&window(), SEARCH_EVENT, move |_| {
                open.set(true);
                let input = input.clone();
                Timeout::new(0, move || {
                    if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                        let _ = field.focus();
                        field.select();
                    }
                })
                .forget();
            });
            install_style();
            send(READY_EVENT, "null");
            Box::new(move || drop((onmessage, state, search, worker.terminate()))) as Box<dyn FnOnce()>
        });
    }

    // Sends the search a moment after the last keystroke (or at once for the options).
    let run_search = {
        let (worker, results, latest, next_id, search_timer) = (
            worker.clone(),
            results.clone(),
            latest.clone(),
            next_id.clone(),
            search_timer.clone(),
        );
        Rc::new(move |spec: QuerySpec, wait: u32| {
            let (worker, results, latest, next_id) =
                (worker.clone(), results.clone(), latest.clone(), next_id.clone());
            *search_timer.borrow_mut() = Some(Timeout::new(wait, move || {
                let id = {
                    let mut next = next_id.borrow_mut();
                    *next += 1;
                    *next
                };
                *latest.borrow_mut() = Results {
                    id,
                    done: spec.text.is_empty(),
                    ..Results::default()
                };
                results.set(latest.borrow().clone());
                if spec.text.is_empty() {
                    return;
                }
                let message = ToWorker::Search { id, query: spec };
                if let (Some(worker), Ok(json)) = ((*worker).clone(), serde_json::to_string(&message)) {
                    let _ = worker.post_message(&JsValue::from_str(&json));
                }
            }));
        })
    };
    let oninput = {
        let (query, run_search) = (query.clone(), run_search.clone());
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let spec = QuerySpec {
                text,
                ..(*query).clone()
            };
            query.set(spec.clone());
            run_search(spec, 150);
        })
    };
    let onmode = {
        let (query, run_search) = (query.clone(), run_search.clone());
        Callback::from(move |event: Event| {
            let mode = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let spec = QuerySpec {
                mode,
                ..(*query).clone()
            };
            query.set(spec.clone());
            run_search(spec, 0);
        })
    };
    let toggle = |which: &'static str| {
        let (query, run_search) = (query.clone(), run_search.clone());
        Callback::from(move |event: Event| {
            let on = event
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            let mut spec = (*query).clone();
            if which == "case" {
                spec.fold_case = on;
            } else {
                spec.fold_diacritics = on;
            }
            query.set(spec.clone());
            run_search(spec, 0);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.stop_propagation();
                open.set(false);
            }
        })
    };
    let label = if labels.contains(&*mark_label) {
        (*mark_label).clone()
    } else {
        labels.first().cloned().unwrap_or_default()
    };
    let onlabel = {
        let mark_label = mark_label.clone();
        Callback::from(move |event: Event| {
            mark_label.set(
                event
                    .target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            );
        })
    };
    let mark_all = {
        let (results, label) = (results.clone(), label.clone());
        Callback::from(move |_| {
            let items: Vec<Item> = results
                .groups
                .iter()
                .flat_map(|group| {
                    group.hits.iter().map(|hit| Item {
                        doc: group.doc.clone(),
                        start: hit.start,
                        end: hit.end,
                        label: label.clone(),
                        origin: None,
                        score: 1.0,
                    })
                })
                .collect();
            send_items(&items);
        })
    };
    let hits = results.hits();
    let mut shown = 0;
    let groups = results.groups.iter().map(|group| {
        let rows: Vec<Html> = group
            .hits
            .iter()
            .take(SHOWN_HITS.saturating_sub(shown))
            .map(|hit| {
                let item = Item {
                    doc: group.doc.clone(),
                    start: hit.start,
                    end: hit.end,
                    label: String::new(),
                    origin: None,
                    score: 1.0,
                };
                let open = open.clone();
                let onclick = Callback::from(move |_| {
                    open.set(false);
                    if let Ok(json) = serde_json::to_string(&item) {
                        send(OPEN_EVENT, &json);
                    }
                });
                html! {
                    <li><button class="kwic" {onclick}>
                        <span class="before">{ &hit.before }</span><mark>{ &hit.hit }</mark><span class="after">{ &hit.after }</span>
                    </button></li>
                }
            })
            .collect();
        shown += rows.len();
        html! {
            <section class="hit-group" aria-label={group.title.clone()}>
                <h3>{ &group.title }<span class="count">{ format!(" · {}", group.hits.len()) }</span></h3>
                <ul>{ for rows }</ul>
            </section>
        }
    });
    let groups: Vec<Html> = groups.collect();
    let status = match (&results.problem, results.done, query.text.is_empty()) {
        (Some(problem), _, _) => problem.clone(),
        (None, _, true) => "Type to search every document.".to_owned(),
        (None, done, false) => format!(
            "{} in {} of {} documents{}",
            plural(hits, "hit", "hits"),
            results.groups.len(),
            results.total,
            if done {
                String::new()
            } else {
                format!(" · searching… {} so far", results.searched)
            }
        ),
    };
    let search_box = html! {
        <div class="assist-search" role="dialog" aria-modal="false" aria-label="Search the library" onkeydown={onkeydown}>
            <div class="assist-search-bar">
                <input ref={input} type="search" aria-label="Search for" placeholder="Search every document…"
                    value={query.text.clone()} {oninput} />
                <select aria-label="Match" onchange={onmode}>
                    <option value="plain" selected={query.mode == "plain"}>{ "Text" }</option>
                    <option value="whole-word" selected={query.mode == "whole-word"}>{ "Whole words" }</option>
                    <option value="regex" selected={query.mode == "regex"}>{ "Regular expression" }</option>
                </select>
                <label><input type="checkbox" checked={query.fold_case} onchange={toggle("case")} />{ " Ignore case" }</label>
                <label><input type="checkbox" checked={query.fold_diacritics} onchange={toggle("marks")} />{ " Ignore accents" }</label>
                <button class="dismiss" onclick={close} aria-label="Close the search">{ "×" }</button>
            </div>
            <p class="assist-status" role="status" data-testid="search-status">{ status }</p>
            if hits > 0 {
                <div class="assist-mark">
                    <label>{ "Mark all " }{ hits }{ " as " }
                        <select aria-label="Label to mark with" onchange={onlabel}>
                            { for labels.iter().map(|name| html! { <option value={name.clone()} selected={*name == label}>{ name }</option> }) }
                        </select>
                    </label>
                    <button onclick={mark_all} disabled={!results.done}>{ format!("Mark all {hits}") }</button>
                    <span class="hint">{ " (places already marked with the label are skipped; Ctrl+Z undoes)" }</span>
                </div>
            }
            <div class="assist-results">{ for groups }</div>
        </div>
    };
    let bar = (!suggested.items.is_empty() || !suggested.problems.is_empty() || !suggested.links.is_empty()).then(|| {
        let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
        for item in &suggested.items {
            let source = item
                .origin
                .as_deref()
                .and_then(factmark_core::suggest::Origin::from_code)
                .map_or_else(|| "other".to_owned(), |o| match o {
                    factmark_core::suggest::Origin::Rule(_) => "rules".to_owned(),
                    other => other.to_string(),
                });
            *by_source.entry(source).or_default() += 1;
        }
        let sources: Vec<String> = by_source.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let above: Vec<Item> = suggested.items.iter().filter(|i| i.score >= *min_score).cloned().collect();
        let accept = {
            let above = above.clone();
            Callback::from(move |_| send_items(&above))
        };
        let onscore = {
            let min_score = min_score.clone();
            Callback::from(move |event: Event| {
                let value = event.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                if let Ok(score) = value.parse::<f64>() {
                    min_score.set(score.clamp(0.0, 1.0));
                }
            })
        };
        html! {
            <aside class="assist-bar" aria-label="Suggestions">
                <span data-testid="suggestion-count">{ plural(suggested.items.len(), "suggestion", "suggestions") }</span>
                if !sources.is_empty() {
                    <span class="sources">{ format!(" ({})", sources.join(", ")) }</span>
                }
                if let Some(model) = suggested.model {
                    <span class="model" data-suggest-ms={model.suggest_ms.to_string()}>{ format!(" · learned from {} tokens in {:.0} ms", model.tokens, model.ms) }</span>
                }
                <label>{ " · accept all with score ≥ " }
                    <input type="number" min="0" max="1" step="0.05" value={min_score.to_string()} onchange={onscore} aria-label="Lowest score" />
                </label>
                <button onclick={accept} disabled={above.is_empty()}>{ format!("Accept {}", above.len()) }</button>
                if !suggested.links.is_empty() {
                    <ul class="assist-links" aria-label="Suggested links">
                        { for suggested.links.iter().map(link_row) }
                    </ul>
                }
                { for suggested.problems.iter().map(|p| html! { <p class="problem" role="alert">{ p }</p> }) }
            </aside>
        }
    });
    html! {
        <>
            if *open { { search_box } }
            { for bar }
        </>
    }
}

/// A suggested relation: its ends' texts, its type and score, and the two decisions.
fn link_row(link: &LinkItem) -> Html {
    let decide = |decision: &str| {
        let message = [decision, &link.from, &link.to, &link.kind];
        let json = serde_json::to_string(&message).expect("strings serialise");
        Callback::from(move |_| send(LINK_EVENT, &json))
    };
    html! {
        <li class="assist-link">
            <q>{ short(&link.from_quote, 60) }</q>
            <strong>{ format!(" {} ", link.kind) }</strong>
            <q>{ short(&link.to_quote, 40) }</q>
            <span class="score">{ format!(" ({:.2}) ", link.score) }</span>
            <button onclick={decide("link")}>{ "Link" }</button>
            <button onclick={decide("reject")}>{ "Not so" }</button>
        </li>
    }
}

/// `text`, cut to `max` characters with "…".
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Asks the app to mark `items` as one edit.
fn send_items(items: &[Item]) {
    if let Ok(json) = serde_json::to_string(&serde_json::json!({ "items": items })) {
        send(MARK_EVENT, &json);
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The panel's own stylesheet, added once: the page's first visit does not carry it.
fn install_style() {
    let document = gloo::utils::document();
    if document.get_element_by_id("factmark-assist-style").is_some() {
        return;
    }
    if let Ok(style) = document.create_element("style") {
        style.set_id("factmark-assist-style");
        style.set_text_content(Some(STYLE));
        if let Some(head) = document.head() {
            let _ = head.append_child(&style);
        }
    }
}

const STYLE: &str = "
.assist-search { position: fixed; top: 4rem; left: 50%; transform: translateX(-50%); width: min(60rem, 94vw);
  max-height: 80vh; display: flex; flex-direction: column; background: var(--bg, #fff); color: var(--text, #111);
  border: 1px solid var(--border, #888); border-radius: 8px; box-shadow: 0 8px 30px rgb(0 0 0 / 0.25); z-index: 50; padding: 0.75rem; }
.assist-search-bar { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
.assist-search-bar input[type=search] { flex: 1 1 16rem; font-size: 1.05rem; padding: 0.35rem 0.5rem; }
.assist-status { margin: 0.4rem 0; font-size: 0.9rem; }
.assist-mark { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.4rem; }
.assist-mark .hint { font-size: 0.8rem; opacity: 0.75; }
.assist-results { overflow: auto; }
.hit-group h3 { font-size: 0.95rem; margin: 0.6rem 0 0.2rem; }
.hit-group ul { list-style: none; margin: 0; padding: 0; }
.kwic { display: block; width: 100%; text-align: left; font: inherit; background: none; border: 0; padding: 0.15rem 0.3rem;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: inherit; cursor: pointer; }
.kwic:hover, .kwic:focus { background: rgb(127 127 127 / 0.15); }
.kwic mark { font-weight: 600; }
.assist-bar { position: fixed; bottom: 0.75rem; right: 0.75rem; max-width: min(44rem, 94vw); background: var(--bg, #fff);
  color: var(--text, #111); border: 1px dashed var(--border, #888); border-radius: 6px; padding: 0.4rem 0.6rem;
  font-size: 0.85rem; z-index: 5; box-shadow: 0 2px 10px rgb(0 0 0 / 0.15); }
.assist-bar input[type=number] { width: 4.5rem; }
.assist-bar .problem { margin: 0.3rem 0 0; }
.assist-links { list-style: none; margin: 0.35rem 0 0; padding: 0; max-height: 9rem; overflow: auto; }
.assist-link { padding: 0.1rem 0; }
.assist-link q { font-style: italic; }
";
