//! The keyboard help: every key of the reading view, opened with `?`.

use crate::state::{Msg, StateHandle};
use yew::prelude::*;

/// The keys, as (keys, what they do); the label hotkeys are added from the label set.
pub const KEYS: &[(&str, &str)] = &[
    ("Tab", "Move to the text (then the caret keys work)"),
    ("← →", "Move the caret by one character"),
    ("Ctrl+← Ctrl+→", "Move the caret by one word"),
    ("↑ ↓ Home End", "Move the caret by line, or to the line's ends"),
    ("Shift + caret keys", "Extend the selection"),
    (
        "Alt + label key",
        "Mark the selection exactly as selected, without snapping to words",
    ),
    (
        "T",
        "Go to the text (its caret keys work there); Tab from the top of the page reaches “Skip to the text” first",
    ),
    (
        "0 or X",
        "Set the selection aside as not the article (site clutter: exports and agreement leave it out); again on set-aside text takes it back",
    ),
    ("D", "Mark the article done (again: in progress)"),
    (
        "] / [ or Alt+→ / Alt+←",
        "Open the next / previous article not done",
    ),
    ("J / K", "Select the next / previous annotation"),
    ("Delete", "Delete the selected annotation"),
    (
        "R",
        "Link the selected annotation to another (a list nearest first: type to filter, ↑ ↓ to move, Enter to link, or click a highlight)",
    ),
    ("/ or Ctrl+K", "Search the library"),
    ("N / P", "Pick the next / previous suggestion"),
    (
        "Enter",
        "Accept the picked suggestion (a label's key: as that label)",
    ),
    ("Backspace", "Reject the picked suggestion"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Escape", "Clear the selection, or close this help"),
    ("?", "Show or hide this help"),
];

/// A dialog listing every key.
#[component]
pub fn KeyboardHelp() -> Html {
    let state = use_context::<StateHandle>().expect("KeyboardHelp is rendered inside the state provider");
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ToggleHelp))
    };
    let label_keys = state.project.labels().iter().filter_map(|label| {
        label.hotkey.map(|key| {
            html! {
                <tr><th scope="row"><kbd>{ key.to_string() }</kbd></th>
                <td>{ format!("Mark the selection as {} (or relabel the selected annotation)", label.name) }</td></tr>
            }
        })
    });
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <table class="keys">
                    <tbody>
                        { for label_keys }
                        { for KEYS.iter().map(|(keys, what)| html! {
                            <tr><th scope="row"><kbd>{ *keys }</kbd></th><td>{ *what }</td></tr>
                        }) }
                    </tbody>
                </table>
                <div class="dialog-actions">
                    <button class="primary" onclick={close}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
