//! Who is annotating: asked once in the app bar, kept in this browser, changeable.
//! Every annotation made afterwards records the name, and exports keep it.

use crate::state::{Msg, StateHandle};
use crate::storage;
use yew::prelude::*;

/// The annotator's name, or the question when there is none yet.
#[component]
pub fn Identity() -> Html {
    let state = use_context::<StateHandle>().expect("Identity is rendered inside the state provider");
    let editing = use_state(|| state.annotator.is_empty());
    let problem = use_state(|| None::<String>);
    let input = use_node_ref();
    if !*editing {
        let change = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(true))
        };
        return html! {
            <span class="identity">
                { "Annotating as " }<strong data-testid="annotator">{ &state.annotator }</strong>
                <button class="quiet" onclick={change} aria-label="Change your name">{ "Change" }</button>
            </span>
        };
    }
    let onsubmit = {
        let (state, editing, problem, input) =
            (state.clone(), editing.clone(), problem.clone(), input.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let name = field.value().trim().to_owned();
            if name.is_empty() {
                problem.set(Some(
                    "Type a name: it is recorded with each annotation you make.".to_owned(),
                ));
                return;
            }
            if let Err(why) = storage::set_annotator_name(&name) {
                // Still used in this tab; said so, since it will be asked again.
                problem.set(Some(format!("{why}; the name is used in this tab only")));
            } else {
                problem.set(None);
            }
            state.dispatch(Msg::SetAnnotator(name));
            editing.set(false);
        })
    };
    html! {
        <form class="identity" aria-label="Your name" {onsubmit} novalidate=true>
            <label>
                { "Who is annotating? " }
                <input ref={input} name="annotator" autocomplete="name" placeholder="Your name"
                    value={state.annotator.clone()} aria-invalid={problem.is_some().then_some("true")} />
            </label>
            <button type="submit">{ "Save name" }</button>
            if let Some(problem) = &*problem {
                <span class="identity-problem" role="alert">{ problem.clone() }</span>
            }
        </form>
    }
}
