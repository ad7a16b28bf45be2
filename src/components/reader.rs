//! The reading view: one document's text with its highlights, the toolbar, the label
//! picker, the side panel, and the keyboard shortcuts.

use crate::commands;
use crate::components::annotation_panel::scroll_to;
use crate::components::document_text::{Paint, SelectionEnd, clear_selection};
use crate::components::{AnnotationPanel, DocumentText, LabelPicker, LinkPicker, RelationArcs, Toolbar};
use crate::route::Route;
use crate::state::{Msg, ProjectPtr, StateHandle};
use factmark_core::clutter::NOT_THE_ARTICLE;
use factmark_core::{Span, Status};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::utils::document;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The open document, or a message when the URL names none that exists.
#[component]
pub fn Reader() -> Html {
    let state = use_context::<StateHandle>().expect("Reader is rendered inside the state provider");
    // The keyboard help and the open document's details, in the dialogs' module (one
    // hook: its events are handled once).
    let details = use_state(|| false);
    let ondetails = {
        let details = details.clone();
        Callback::from(move |()| details.set(true))
    };
    let onpanel_close = {
        let details = details.clone();
        let state = state.clone();
        Callback::from(move |()| {
            details.set(false);
            state.dispatch(Msg::HideHelp);
        })
    };
    let panel = if state.help {
        Some(crate::labels::Panel::Help)
    } else {
        state
            .open_id()
            .filter(|_| *details)
            .map(|id| crate::labels::Panel::Document(id.clone()))
    };
    crate::labels::use_label_editor(&state, panel, onpanel_close);
    let exact = use_state(|| false);
    // One copy of the open document's text for the text view, made when another
    // document opens rather than at every render (the view compares it to skip work).
    let text = {
        let project = state.project.clone();
        let identity = state
            .open_document()
            .map(|doc| (doc.id().clone(), doc.sha256().to_owned()));
        use_memo(identity, move |identity| {
            let (id, _) = identity.as_ref()?;
            project
                .document(id)
                .map(|doc| AttrValue::from(doc.text().to_owned()))
        })
    };
    {
        let state = state.clone();
        use_effect_with(state.clone(), move |state| {
            let state = state.clone();
            // Not passive: shortcuts prevent the browser's own handling of their keys.
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(&document(), "keydown", options, move |event| {
                let event: &web_sys::KeyboardEvent = event.unchecked_ref();
                handle_key(&state, event);
            });
            move || drop(listener)
        });
    }

    {
        // The open document's suggestions, painted over the text (never into it).
        let labels = state.project.labels().clone();
        let items = state.suggestions.clone();
        let focused = state.suggestion;
        use_effect_with(
            (crate::state::ItemsPtr(items), focused, labels),
            |(items, focused, labels)| {
                if let Some(root) = crate::components::document_text::text_root() {
                    let painted = crate::highlights::paint_suggestions(&root, labels, &items.0, *focused);
                    crate::bench::suggestions_painted(painted);
                }
            },
        );
    }
    let back = html! {
        <a class="back-link" href={Route::Library.to_hash()}>{ "← All articles" }</a>
    };
    let (Some(document), Some(text)) = (state.open_document(), (*text).clone()) else {
        return html! {
            <main class="reader">
                { back }
                <p role="alert" class="problem">{ "There is no such document in this browser." }</p>
            </main>
        };
    };

    let onselect = {
        let state = state.clone();
        Callback::from(move |span: Option<Span>| state.dispatch(Msg::Select(span)))
    };
    let onselectend = {
        let state = state.clone();
        let exact_flag = exact.clone();
        Callback::from(move |end: SelectionEnd| {
            exact_flag.set(end.exact);
            if let Some(label) = state.sticky.clone() {
                commands::mark_selection(&state, label, end.exact);
            }
        })
    };
    let onpoint = {
        let state = state.clone();
        Callback::from(move |offset: usize| {
            // While linking, a click on a highlight makes it the other end.
            if state.linking.is_some()
                && let Some(target) = state.annotation_at(offset)
            {
                commands::link_to(&state, &target);
                return;
            }
            state.dispatch(Msg::FocusAt(offset))
        })
    };
    let paint = Paint {
        project: ProjectPtr(state.project.clone()),
        document: document.id().clone(),
        focused: state.focused.clone(),
    };
    let problem = state.problem.clone();
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Msg::DismissProblem);
        })
    };
    let notice = state.notice.clone().map(|notice| {
        let state = state.clone();
        let onclick = Callback::from(move |_| state.dispatch(Msg::Notice(None)));
        html! {
            <p class="notice" role="status">
                { notice }
                <button class="dismiss" {onclick} aria-label="Dismiss">{ "×" }</button>
            </p>
        }
    });
    let toggle_suggestions = {
        let state = state.clone();
        Callback::from(move |_| {
            crate::assist::set_suggestions_on(!state.suggest);
            state.dispatch(Msg::SetSuggest(!state.suggest));
        })
    };
    let arcs_of = state.arcs_of.clone();
    let status = match (state.selection, state.focused_suggestion()) {
        (None, Some(item)) => format!(
            "Suggested {}: “{}” ({}, {:.2}) · Enter accepts · its label key accepts as that label · Backspace rejects · N/P next/previous",
            if item.label == NOT_THE_ARTICLE {
                "as not the article"
            } else {
                &item.label
            },
            factmark_core::Span::new(item.start, item.end)
                .ok()
                .and_then(|span| span.slice(document.text()).ok())
                .unwrap_or_default(),
            source_words(item.origin.as_deref().unwrap_or_default()),
            item.score
        ),
        (Some(span), _) => format!(
            "{} · code points {}–{}",
            plural(span.len(), "character selected", "characters selected"),
            span.start(),
            span.end()
        ),
        (None, None) if !state.suggestions.is_empty() => format!(
            "Select text to annotate it. {} — N picks the next.",
            plural(state.suggestions.len(), "suggestion", "suggestions")
        ),
        (None, None) => "Select text to annotate it.".to_owned(),
    };
    html! {
        <main class="reader" aria-labelledby="document-title">
            <nav class="reader-nav">
                { back }
                <button class="done-toggle" aria-pressed={(document.status() == Status::Done).to_string()}
                    onclick={{ let state = state.clone(); Callback::from(move |_| { commands::toggle_done(&state); }) }}
                    aria-keyshortcuts="D" title="Done with this article (D); ] and [ open the next and previous not done">
                    { if document.status() == Status::Done { "Done ✓" } else { "Mark done" } }
                </button>
            </nav>
            <h1 id="document-title" class="document-title">{ document.title() }</h1>
            <Toolbar ondetails={ondetails} />
            if let Some(problem) = problem {
                <p class="problem" role="alert">
                    { problem }
                    <button class="dismiss" onclick={dismiss} aria-label="Dismiss">{ "×" }</button>
                </p>
            }
            { for notice }
            <div class="reader-body">
                <div class="reader-text">
                    <DocumentText text={text.clone()} {onselect} {onselectend} {onpoint} paint={Some(paint.clone())} />
                    <RelationArcs {paint} {arcs_of} {text} />
                    <p class="selection-status" role="status" aria-live="polite" data-testid="selection-status">
                        { status }
                    </p>
                    <button class="suggest-toggle" aria-pressed={state.suggest.to_string()} onclick={toggle_suggestions}>
                        { "Suggestions" }
                    </button>
                </div>
                <AnnotationPanel />
            </div>
            <LabelPicker exact={*exact} />
            <LinkPicker />
        </main>
    }
}

/// The reading view's shortcuts; keys typed into a field are left to the field.
fn handle_key(state: &StateHandle, event: &web_sys::KeyboardEvent) {
    let key = event.key();
    let ctrl = event.ctrl_key() || event.meta_key();
    if commands::typing_in_field(event) && key != "Escape" {
        return;
    }
    // Undo and redo are the App's, everywhere; other Ctrl combinations are the browser's.
    let handled = match key.as_str() {
        "ArrowRight" | "ArrowLeft" if event.alt_key() && !ctrl && !event.shift_key() => {
            commands::open_next_not_done(state, key == "ArrowRight")
        }
        _ if ctrl || event.alt_key() && key.chars().count() > 1 => false,
        "?" => dispatch(state, Msg::ToggleHelp),
        "Escape" if state.help => dispatch(state, Msg::HideHelp),
        "Escape" if state.linking.is_some() => dispatch(state, Msg::Link(None)),
        "Escape" => {
            clear_selection();
            state.dispatch(Msg::Select(None));
            state.dispatch(Msg::FocusSuggestion(None));
            dispatch(state, Msg::Focus(None))
        }
        "Delete" | "Backspace" => match (state.focused.clone(), state.focused_suggestion()) {
            (Some(id), _) => commands::remove_annotation(state, &id),
            (None, Some(item)) => commands::reject_item(state, &item.clone()),
            (None, None) => false,
        },
        "Enter" if state.selection.is_none() && state.focused_suggestion().is_some() => {
            let item = state.focused_suggestion().cloned().expect("just checked");
            commands::mark_items(state, &[item]) > 0
        }
        // N and P move between suggestions, unless a label has that key.
        "n" | "N" | "p" | "P"
            if !state.suggestions.is_empty()
                && state
                    .project
                    .labels()
                    .by_hotkey(key.chars().next().unwrap_or('n'))
                    .is_none() =>
        {
            focus_suggestion(state, key.eq_ignore_ascii_case("n"))
        }
        // T goes to the text, unless a label has that key.
        "t" | "T"
            if state
                .project
                .labels()
                .by_hotkey(key.chars().next().unwrap_or('t'))
                .is_none() =>
        {
            commands::focus_text()
        }
        // R links the selected annotation, unless a label has that key.
        "r" | "R" if state.focused.is_some() && state.project.labels().by_hotkey('r').is_none() => {
            dispatch(state, Msg::Link(state.focused.clone()))
        }
        // 0 or X sets the selection aside as not the article (or the suggestion picked),
        // unless a label has the key.
        "0" | "x" | "X"
            if (state.selection.is_some() || state.focused_suggestion().is_some())
                && state
                    .project
                    .labels()
                    .by_hotkey(key.chars().next().unwrap_or('0'))
                    .is_none() =>
        {
            match (state.selection, state.focused_suggestion()) {
                (None, Some(item)) => {
                    let item = factmark_core::assist::Item {
                        label: NOT_THE_ARTICLE.to_owned(),
                        ..item.clone()
                    };
                    commands::mark_items(state, &[item]) > 0
                }
                _ => commands::toggle_aside(state),
            }
        }
        // D marks the article done (or not), unless a label has the key; ] and [ (or
        // Alt+→ / Alt+←) open the next and previous article not done.
        "d" | "D" if state.project.labels().by_hotkey('d').is_none() => commands::toggle_done(state),
        "]" => commands::open_next_not_done(state, true),
        "[" => commands::open_next_not_done(state, false),
        "j" | "J" => focus_neighbour(state, true),
        "k" | "K" => focus_neighbour(state, false),
        _ => hotkey(state, &key, event.alt_key()),
    };
    if handled {
        event.prevent_default();
    }
}

fn dispatch(state: &StateHandle, msg: Msg) -> bool {
    state.dispatch(msg);
    true
}

/// A label's hotkey: marks the selection, or relabels the focused annotation.
fn hotkey(state: &StateHandle, key: &str, exact: bool) -> bool {
    let mut chars = key.chars();
    let (Some(key), None) = (chars.next(), chars.next()) else {
        return false;
    };
    let Some(label) = state.project.labels().by_hotkey(key).map(|l| l.name.clone()) else {
        return false;
    };
    // With a suggestion picked (and nothing selected), its key accepts it as that label.
    if state.selection.is_none()
        && let Some(item) = state.focused_suggestion()
    {
        let item = factmark_core::assist::Item {
            label,
            ..item.clone()
        };
        return commands::mark_items(state, &[item]) > 0;
    }
    commands::apply_label(state, label, exact)
}

/// A suggestion's source as the status line says it: "marked elsewhere", "learned",
/// "rule: figure".
fn source_words(code: &str) -> String {
    match code {
        "propagation" => "marked elsewhere".to_owned(),
        "model" => "learned".to_owned(),
        rule => rule.replacen("rule:", "rule: ", 1),
    }
}

/// Picks the next (or previous) suggestion in reading order, wrapping around.
fn focus_suggestion(state: &StateHandle, forward: bool) -> bool {
    let n = state.suggestions.len();
    let next = match (state.suggestion, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    let item = &state.suggestions[next];
    if let Ok(span) = Span::new(item.start, item.end) {
        scroll_to(span);
    }
    dispatch(state, Msg::FocusSuggestion(Some(next)))
}

/// Focuses the next (or previous) annotation in reading order, wrapping around.
fn focus_neighbour(state: &StateHandle, forward: bool) -> bool {
    let Some(doc) = state.open_id() else {
        return false;
    };
    // The spans index alone, in reading order: nothing is looked up but the target.
    let spans: Vec<_> = state.project.reading_spans(doc).collect();
    if spans.is_empty() {
        return false;
    }
    let current = state
        .focused
        .as_ref()
        .and_then(|id| spans.iter().position(|(_, other)| *other == id));
    let next = match (current, forward) {
        (None, true) => 0,
        (None, false) => spans.len() - 1,
        (Some(i), true) => (i + 1) % spans.len(),
        (Some(i), false) => (i + spans.len() - 1) % spans.len(),
    };
    let (span, id) = spans[next];
    scroll_to(span);
    dispatch(state, Msg::Focus(Some(id.clone())))
}

/// "1 character selected", "80 characters selected": `n` with the word that fits it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::plural;

    /// Issue 14, item 9: the bar speaks plainly, and one is not "1 documents".
    #[test]
    fn item_9_counts_read_plainly() {
        assert_eq!(
            plural(80, "character selected", "characters selected"),
            "80 characters selected"
        );
        assert_eq!(
            plural(1, "character selected", "characters selected"),
            "1 character selected"
        );
    }
}
