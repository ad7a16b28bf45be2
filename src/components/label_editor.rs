//! The label set editor: rename, recolour and re-key labels, add new ones, remove
//! unused ones. Every change is an edit like any other, so undo reverses it.

use crate::state::{Msg, StateHandle};
use factmark_core::Label;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`LabelEditor`].
#[derive(Properties, PartialEq)]
pub struct LabelEditorProps {
    /// Called to close the editor.
    pub onclose: Callback<()>,
}

/// A dialog with a form per label and one to add a label.
#[component]
pub fn LabelEditor(props: &LabelEditorProps) -> Html {
    let state = use_context::<StateHandle>().expect("LabelEditor is rendered inside the state provider");
    let rows = state
        .project
        .labels()
        .iter()
        .map(|label| label_form(&state, Some(label)));
    let close = {
        let onclose = props.onclose.clone();
        Callback::from(move |_| onclose.emit(()))
    };
    let dialog = use_node_ref();
    super::dialog::use_dialog(dialog.clone(), props.onclose.clone());
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="labels-title"
                ref={dialog} tabindex="-1">
                <h2 id="labels-title">{ "Labels" }</h2>
                if let Some(problem) = &state.problem {
                    <p class="problem" role="alert">{ problem }</p>
                }
                { for rows }
                <h3>{ "Add a label" }</h3>
                { label_form(&state, None) }
                <div class="dialog-actions">
                    <button class="primary" onclick={close}>{ "Done" }</button>
                </div>
            </section>
        </div>
    }
}

/// A form editing `label`, or adding a new one when it is `None`.
fn label_form(state: &StateHandle, label: Option<&Label>) -> Html {
    let name = label.map(|l| l.name.clone()).unwrap_or_default();
    let onsubmit = {
        let state = state.clone();
        let old = label.map(|l| l.name.clone());
        let fields = label.map(|l| l.fields.clone()).unwrap_or_default();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let field = |field: &str| {
                form.elements()
                    .named_item(field)
                    .map(|el| el.unchecked_into::<web_sys::HtmlInputElement>().value())
                    .unwrap_or_default()
            };
            let key_field = field("hotkey");
            let mut keys = key_field.chars();
            let hotkey = match (keys.next(), keys.next()) {
                (Some(key), None) => Some(key),
                _ => None,
            };
            let label = Label {
                name: field("name").trim().to_owned(),
                color: field("color"),
                hotkey,
                fields: fields.clone(),
            };
            let action = match &old {
                Some(old) => state.project.update_label(old, label),
                None => state.project.add_label(label),
            };
            match action {
                Ok(action) => {
                    state.dispatch(Msg::Perform(action));
                    if old.is_none() {
                        form.reset();
                    }
                }
                Err(err) => state.dispatch(Msg::Problem(err.to_string())),
            }
        })
    };
    let remove = label.map(|l| {
        let state = state.clone();
        let name = l.name.clone();
        Callback::from(move |_| match state.project.remove_label(&name) {
            Ok(action) => state.dispatch(Msg::Perform(action)),
            Err(err) => state.dispatch(Msg::Problem(err.to_string())),
        })
    });
    let what = if name.is_empty() {
        "new label".to_owned()
    } else {
        name.clone()
    };
    html! {
        // Keyed, so a form keeps what is typed in it when rows come and go around it.
        <form class="label-form" key={format!("label-{name}")} {onsubmit} aria-label={format!("Label {what}")}>
            // The new label's fields carry no value, so a re-render never wipes what is
            // being typed there; a label's own fields show what it is.
            <input name="name" value={label.map(|l| l.name.clone())} aria-label={format!("Name of {what}")}
                required=true />
            <input name="color" type="color" value={label.map_or("#868e96".to_owned(), |l| l.color.clone())}
                aria-label={format!("Colour of {what}")} />
            <input name="hotkey" maxlength="1" size="2"
                value={label.map(|l| l.hotkey.map(|k| k.to_string()).unwrap_or_default())}
                aria-label={format!("Hotkey of {what}")} />
            <button type="submit">{ if label.is_some() { "Save" } else { "Add label" } }</button>
            if let Some(remove) = remove {
                <button type="button" class="quiet danger" onclick={remove}
                    aria-label={format!("Remove label {name}")}>{ "Remove" }</button>
            }
        </form>
    }
}
