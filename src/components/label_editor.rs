//! The label set editor: rename, recolour and re-key labels, give them fields, add new
//! ones, remove unused ones; the same for relation types, with the labels each allows
//! at its ends. Every change is an edit like any other, so undo reverses it.

use crate::state::{Msg, StateHandle};
use factmark_core::attribute::{fields_from_line, fields_to_line};
use factmark_core::{Action, EditError, Label, Project, RelationType};
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
                <h3>{ "Relation types" }</h3>
                <p class="hint">{ "The labels allowed at each end, separated by commas (none: any label)." }</p>
                { for state.project.relation_types().iter().map(|t| type_form(&state, Some(t))) }
                <h3>{ "Add a relation type" }</h3>
                { type_form(&state, None) }
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
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let field = |field: &str| value_of(&form, field);
            let fields = match fields_from_line(&field("fields")) {
                Ok(fields) => fields,
                Err(err) => return state.dispatch(Msg::Problem(err.to_string())),
            };
            let label = Label {
                name: field("name").trim().to_owned(),
                color: field("color"),
                hotkey: one_key(&field("hotkey")),
                fields,
            };
            let action = match &old {
                Some(old) => state.project.update_label(old, label),
                None => state.project.add_label(label),
            };
            perform(&state, action, &form, old.is_none());
        })
    };
    let remove = label.map(|l| {
        let name = l.name.clone();
        remover(state, move |project| project.remove_label(&name))
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
            <input name="fields" class="fields" value={label.map(|l| fields_to_line(&l.fields))}
                placeholder="fields, e.g. quote: choice[direct | indirect]; wikidata: wikidata"
                aria-label={format!("Fields of {what}")} />
            <button type="submit">{ if label.is_some() { "Save" } else { "Add label" } }</button>
            if let Some(remove) = remove {
                <button type="button" class="quiet danger" onclick={remove}
                    aria-label={format!("Remove label {name}")}>{ "Remove" }</button>
            }
        </form>
    }
}

/// Makes the edit `action` (clearing `form` after an addition), or says why it cannot be.
fn perform(
    state: &StateHandle,
    action: Result<Action, EditError>,
    form: &web_sys::HtmlFormElement,
    added: bool,
) {
    match action {
        Ok(action) => {
            state.dispatch(Msg::Perform(action));
            if added {
                form.reset();
            }
        }
        Err(err) => state.dispatch(Msg::Problem(err.to_string())),
    }
}

/// A Remove button's handler: the edit `remove` makes, or why it cannot be made.
fn remover(
    state: &StateHandle,
    remove: impl Fn(&Project) -> Result<Action, EditError> + 'static,
) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_| match remove(&state.project) {
        Ok(action) => state.dispatch(Msg::Perform(action)),
        Err(err) => state.dispatch(Msg::Problem(err.to_string())),
    })
}

/// The value of the form's control named `name` (its `checked` state, as `true` or
/// `false`, for a checkbox).
fn value_of(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form.elements()
        .named_item(name)
        .map(|el| {
            let input = el.unchecked_into::<web_sys::HtmlInputElement>();
            if input.type_() == "checkbox" {
                input.checked().to_string()
            } else {
                input.value()
            }
        })
        .unwrap_or_default()
}

/// A hotkey typed in a field: one character, or none.
fn one_key(typed: &str) -> Option<char> {
    let mut keys = typed.chars();
    match (keys.next(), keys.next()) {
        (Some(key), None) => Some(key),
        _ => None,
    }
}

/// A form editing relation type `kind`, or adding a new one when it is `None`.
fn type_form(state: &StateHandle, kind: Option<&RelationType>) -> Html {
    let name = kind.map(|k| k.name.clone()).unwrap_or_default();
    let onsubmit = {
        let state = state.clone();
        let old = kind.map(|k| k.name.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let field = |field: &str| value_of(&form, field);
            let labels = |field: &str| -> Vec<String> {
                value_of(&form, field)
                    .split(',')
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            };
            let kind = RelationType {
                name: field("name").trim().to_owned(),
                color: field("color"),
                hotkey: one_key(&field("hotkey")),
                symmetric: field("symmetric") == "true",
                across_documents: field("across") == "true",
                from: labels("from"),
                to: labels("to"),
            };
            let action = match &old {
                Some(old) => state.project.update_relation_type(old, kind),
                None => state.project.add_relation_type(kind),
            };
            perform(&state, action, &form, old.is_none());
        })
    };
    let remove = kind.map(|k| {
        let name = k.name.clone();
        remover(state, move |project| project.remove_relation_type(&name))
    });
    let what = if name.is_empty() {
        "new relation type".to_owned()
    } else {
        name.clone()
    };
    html! {
        <form class="label-form type-form" key={format!("type-{name}")} {onsubmit} aria-label={format!("Relation type {what}")}>
            <input name="name" value={kind.map(|k| k.name.clone())} aria-label={format!("Name of {what}")} required=true />
            <input name="color" type="color" value={kind.map_or("#495057".to_owned(), |k| k.color.clone())}
                aria-label={format!("Colour of {what}")} />
            <input name="hotkey" maxlength="1" size="2"
                value={kind.map(|k| k.hotkey.map(|c| c.to_string()).unwrap_or_default())}
                aria-label={format!("Hotkey of {what}")} />
            <input name="from" size="10" placeholder="from" value={kind.map(|k| k.from.join(", "))}
                aria-label={format!("Labels at the from end of {what}")} />
            <input name="to" size="10" placeholder="to" value={kind.map(|k| k.to.join(", "))}
                aria-label={format!("Labels at the to end of {what}")} />
            <label><input name="symmetric" type="checkbox" checked={kind.is_some_and(|k| k.symmetric)} />{ "both ways" }</label>
            <label><input name="across" type="checkbox" checked={kind.is_some_and(|k| k.across_documents)} />{ "across articles" }</label>
            <button type="submit">{ if kind.is_some() { "Save" } else { "Add type" } }</button>
            if let Some(remove) = remove {
                <button type="button" class="quiet danger" onclick={remove}
                    aria-label={format!("Remove relation type {name}")}>{ "Remove" }</button>
            }
        </form>
    }
}
