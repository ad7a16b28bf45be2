//! The app's side of the assist module (see [`crate::assist`]): starts it when it is
//! wanted, sends it the state after each change (a moment later, so a burst of edits is
//! sent once), and turns what it says into messages and edits.

use crate::assist::{
    self, FAILED_EVENT, LINK_EVENT, MARK_EVENT, OPEN_EVENT, READY_EVENT, SEARCH_EVENT, SUGGESTIONS_EVENT,
};
use crate::commands;
use crate::route::Route;
use crate::state::{Msg, ProjectPtr, StateHandle};
use factmark_core::Span;
use factmark_core::assist::Item;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use gloo::utils::window;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long after a change the state is sent, in milliseconds.
const SEND_AFTER_MS: u32 = 120;

/// Opens the search box, starting the module first if need be.
pub fn open_search(ready: bool, wanted: &Rc<std::cell::Cell<bool>>) -> Result<(), String> {
    if ready {
        assist::send(SEARCH_EVENT, "null");
        return Ok(());
    }
    wanted.set(true);
    assist::start()
}

/// Renders nothing; keeps the module in step with the app.
#[component]
pub fn AssistBridge() -> Html {
    let state = use_context::<StateHandle>().expect("AssistBridge is rendered inside the state provider");
    let ready = use_state(|| false);
    // The search box was asked for before the module was ready.
    let search_wanted = use_memo((), |_| std::cell::Cell::new(false));
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let state = state.clone();
        let ready = ready.clone();
        let search_wanted = search_wanted.clone();
        use_effect_with(state.clone(), move |state| {
            // One handler for every event the module sends (one closure type, not five).
            let handle = {
                let state = state.clone();
                Rc::new(move |name: &str, event: &web_sys::Event| {
                    let detail = assist::detail(event).unwrap_or_default();
                    match name {
                        SUGGESTIONS_EVENT => {
                            let items = serde_json::from_str::<Vec<Item>>(&detail).unwrap_or_default();
                            state.dispatch(Msg::Suggestions(Rc::new(items)));
                        }
                        MARK_EVENT => {
                            commands::mark_items(&state, &assist::items_of(&detail));
                        }
                        LINK_EVENT => {
                            if let Ok(decision) = serde_json::from_str::<Vec<String>>(&detail) {
                                commands::decide_link(&state, &decision);
                            }
                        }
                        OPEN_EVENT => {
                            let Some((doc, span)) = serde_json::from_str::<Item>(&detail)
                                .ok()
                                .and_then(|item| Some((item.doc, Span::new(item.start, item.end).ok()?)))
                            else {
                                return;
                            };
                            let route = Route::Document(doc);
                            let _ = window().location().set_hash(&route.to_hash());
                            state.dispatch(Msg::Navigate(route));
                            state.dispatch(Msg::Select(Some(span)));
                            // Once the text is shown: bring the place into view.
                            Timeout::new(60, move || crate::components::annotation_panel::scroll_to(span))
                                .forget();
                        }
                        READY_EVENT => {
                            ready.set(true);
                            if search_wanted.replace(false) {
                                assist::send(SEARCH_EVENT, "null");
                            }
                        }
                        _ => state.dispatch(Msg::Problem(format!(
                            "Search and suggestions are not available: {}.",
                            if detail.is_empty() {
                                "the assist module did not start"
                            } else {
                                &detail
                            }
                        ))),
                    }
                })
            };
            let listeners = crate::lazy_modules::listen(
                &[
                    SUGGESTIONS_EVENT,
                    MARK_EVENT,
                    LINK_EVENT,
                    OPEN_EVENT,
                    READY_EVENT,
                    FAILED_EVENT,
                ],
                handle,
            );
            move || drop(listeners)
        });
    }
    {
        // `/` or Ctrl+K opens the search box, on every screen but a field's keys.
        let ready = *ready;
        let search_wanted = search_wanted.clone();
        let state = state.clone();
        use_effect_with(ready, move |&ready| {
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
                    let event: &web_sys::KeyboardEvent = event.unchecked_ref();
                    let ctrl = event.ctrl_key() || event.meta_key();
                    let wanted = (event.key() == "/" && !ctrl && !commands::typing_in_field(event))
                        || (ctrl && event.key().eq_ignore_ascii_case("k"));
                    if wanted {
                        event.prevent_default();
                        if let Err(why) = open_search(ready, &search_wanted) {
                            state.dispatch(Msg::Problem(format!("Search is not available: {why}.")));
                        }
                    }
                });
            move || drop(listener)
        });
    }
    // Suggestions are wanted in a document of a project with marks, while they are on.
    let wanted = state.suggest && state.open_id().is_some() && state.project.annotations().next().is_some();
    {
        let problem = state.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && let Err(why) = assist::start() {
                problem.dispatch(Msg::Problem(format!("Suggestions are not available: {why}.")));
            }
        });
    }
    {
        let project = state.project.clone();
        let open = state.open_id().cloned();
        let suggest = state.suggest;
        use_effect_with(
            (*ready, ProjectPtr(project), open, suggest),
            move |(ready, ProjectPtr(project), open, suggest)| {
                if *ready {
                    let (project, open, suggest) = (project.clone(), open.clone(), *suggest);
                    *pending.borrow_mut() = Some(Timeout::new(SEND_AFTER_MS, move || {
                        assist::send_state(&project, open.as_ref(), suggest);
                    }));
                }
            },
        );
    }
    html! {}
}
