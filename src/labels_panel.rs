//! The label editor's dialog, in a module of its own (see [`crate::labels`] for how it
//! talks with the app): rename, recolour and re-key labels, give them fields and
//! descriptions, add new ones, remove unused ones; the same for relation types, with
//! the labels each allows at its ends. Beside it, the same module's two other dialogs:
//! the project's guidelines (its text, and every label's and relation type's
//! description), a document's details (its metadata), the keyboard help, the import
//! preview ([`crate::import_panel`]) and the projects ([`crate::projects_panel`]). Each change is asked of the
//! app, which makes it an edit like any other (so undo reverses it) or says why it
//! cannot be. Everything shown comes from files or people, and is shown as text.

use crate::labels::{CLOSE_EVENT, EDIT_EVENT, READY_EVENT, ROOT, STATE_EVENT};
use crate::lazy_modules::{detail, send};
use factmark_core::attribute::{fields_from_line, fields_to_line};
use factmark_core::format::native::{self, NativeFile};
use factmark_core::{Label, LabelSet, RelationType};
use gloo::events::EventListener;
use gloo::utils::window;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Renders the dialog into its root; it shows itself when the app sends a label set.
pub fn mount() {
    // This module's own copy of the storage code learns the page's project as the app did.
    crate::storage::choose_project_from_address();
    let Some(root) = gloo::utils::document().get_element_by_id(ROOT) else {
        send(crate::labels::FAILED_EVENT, "null");
        return;
    };
    yew::Renderer::<LabelsApp>::with_root(root).render();
}

/// What the app last sent: which dialog, the label set (and guidelines), the document
/// whose details are shown, and why an edit was refused.
#[derive(Clone, PartialEq)]
struct Shown {
    view: String,
    file: Rc<NativeFile>,
    document: Option<Rc<ShownDocument>>,
    /// The pending import, as the app describes it ([`crate::import_panel`]).
    import: Option<Rc<serde_json::Value>>,
    problem: Option<String>,
}

/// A document whose details are shown: its id, title and metadata.
#[derive(Clone, PartialEq)]
struct ShownDocument {
    id: String,
    title: String,
    meta: Vec<(String, String)>,
}

impl ShownDocument {
    fn of(sent: &serde_json::Value) -> Option<ShownDocument> {
        Some(ShownDocument {
            id: sent["id"].as_str()?.to_owned(),
            title: sent["title"].as_str().unwrap_or_default().to_owned(),
            meta: sent["meta"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
        })
    }
}

/// Edits asked for and not answered yet, by number: the form to clear when an added
/// label or type is made.
#[derive(Default)]
struct Asked {
    next: Cell<u64>,
    clear: std::cell::RefCell<Vec<(u64, web_sys::HtmlFormElement)>>,
}

impl Asked {
    /// Asks the app for `edit` (its fields, without the number), remembering `form` to
    /// clear if it is made.
    fn ask(&self, edit: &str, form: Option<web_sys::HtmlFormElement>) {
        let seq = self.next.get() + 1;
        self.next.set(seq);
        if let Some(form) = form {
            self.clear.borrow_mut().push((seq, form));
        }
        send(EDIT_EVENT, &format!("{{\"seq\":{seq},{edit}}}"));
    }

    /// Edit `seq` was answered: made (its form cleared) or refused.
    fn answered(&self, seq: u64, made: bool) {
        self.clear.borrow_mut().retain(|(asked, form)| {
            if *asked == seq && made {
                form.reset();
            }
            *asked != seq
        });
    }
}

#[component]
fn LabelsApp() -> Html {
    let shown = use_state(|| None::<Shown>);
    let asked = use_memo((), |_| Asked::default());
    {
        let shown = shown.clone();
        let asked = asked.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), STATE_EVENT, move |event| {
                let sent =
                    detail(event).and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok());
                let Some(sent) = sent.filter(serde_json::Value::is_object) else {
                    shown.set(None);
                    return;
                };
                let problem = sent["problem"].as_str().map(str::to_owned);
                if let Some(seq) = sent["answer"].as_u64() {
                    asked.answered(seq, problem.is_none());
                }
                let view = sent["view"].as_str().unwrap_or("labels").to_owned();
                let document = ShownDocument::of(&sent["document"]).map(Rc::new);
                let import = Some(Rc::new(sent["import"].clone())).filter(|i| i.is_object());
                let file = match sent["file"].as_str().map(native::read) {
                    Some(Ok(file)) => file,
                    Some(Err(err)) => {
                        return shown.set(Some(Shown {
                            view,
                            file: Rc::new(empty_file()),
                            document,
                            import,
                            problem: Some(format!("The label set could not be read: {err}")),
                        }));
                    }
                    None => empty_file(),
                };
                shown.set(Some(Shown {
                    view,
                    file: Rc::new(file),
                    document,
                    import,
                    problem,
                }));
            });
            send(READY_EVENT, "null");
            move || drop(listener)
        });
    }
    match &*shown {
        Some(shown) => html! { <Dialog shown={shown.clone()} asked={asked.clone()} /> },
        None => html! {},
    }
}

fn empty_file() -> NativeFile {
    NativeFile::of_schema(LabelSet::empty(), factmark_core::RelationTypes::empty())
}

#[derive(Properties)]
struct DialogProps {
    shown: Shown,
    asked: Rc<Asked>,
}

impl PartialEq for DialogProps {
    fn eq(&self, other: &Self) -> bool {
        self.shown == other.shown && Rc::ptr_eq(&self.asked, &other.asked)
    }
}

/// A dialog with a form per label and one to add a label.
#[component]
fn Dialog(props: &DialogProps) -> Html {
    let DialogProps { shown, asked } = props;
    let view = shown.view.clone();
    let close = Callback::from(move |()| send(CLOSE_EVENT, &format!("{view:?}")));
    let dialog = use_node_ref();
    crate::components::dialog::use_dialog(dialog.clone(), close.clone());
    let problem = use_state(|| None::<String>);
    // A fields line that does not read is said here; the app's refusals come with the
    // label set.
    {
        let problem = problem.clone();
        use_effect_with(shown.clone(), move |_| problem.set(None));
    }
    let say = {
        let problem = problem.clone();
        Callback::from(move |text: String| problem.set(Some(text)))
    };
    let problem = (*problem).clone().or_else(|| shown.problem.clone());
    let labels = &shown.file.labels;
    match (shown.view.as_str(), &shown.document) {
        ("guidelines", _) => {
            return html! {
                <div class="dialog-backdrop">
                    <section class="dialog guidelines" role="dialog" aria-modal="true" aria-labelledby="guidelines-title"
                        ref={dialog}>
                        { guidelines(asked, shown, problem.as_deref(), &close) }
                    </section>
                </div>
            };
        }
        ("import", _) => {
            let model = shown.import.clone().unwrap_or_default();
            return html! {
                <div class="dialog-backdrop">
                    <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title"
                        ref={dialog} tabindex="-1">
                        { crate::import_panel::preview(&model) }
                    </section>
                </div>
            };
        }
        ("projects", _) => {
            return html! {
                <div class="dialog-backdrop">
                    <section class="dialog projects-dialog" role="dialog" aria-modal="true" aria-labelledby="projects-title"
                        ref={dialog} tabindex="-1">
                        <crate::projects_panel::Projects close={close.clone()} />
                    </section>
                </div>
            };
        }
        ("help", _) => {
            return html! {
                <div class="dialog-backdrop">
                    <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" ref={dialog}>
                        { keyboard_help(shown, &close) }
                    </section>
                </div>
            };
        }
        ("document", Some(document)) => {
            return html! {
                <div class="dialog-backdrop">
                    <section class="dialog details" role="dialog" aria-modal="true" aria-labelledby="details-title"
                        ref={dialog}>
                        { details(asked, &say, document, problem.as_deref(), &close) }
                    </section>
                </div>
            };
        }
        _ => {}
    }
    html! {
        <div class="dialog-backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="labels-title"
                ref={dialog} tabindex="-1">
                <h2 id="labels-title">{ "Labels" }</h2>
                if let Some(problem) = problem {
                    <p class="problem" role="alert">{ problem }</p>
                }
                { for labels.iter().map(|label| label_form(asked, &say, Some(label))) }
                <h3>{ "Add a label" }</h3>
                { label_form(asked, &say, None) }
                <h3>{ "Relation types" }</h3>
                <p class="hint">{ "The labels allowed at each end, separated by commas (none: any label)." }</p>
                { for shown.file.relation_types.iter().map(|t| type_form(asked, &say, labels, Some(t))) }
                <h3>{ "Add a relation type" }</h3>
                { type_form(asked, &say, labels, None) }
                <div class="dialog-actions">
                    <button class="primary" onclick={close.reform(|_| ())}>{ "Done" }</button>
                </div>
            </section>
        </div>
    }
}

/// The guidelines dialog: the project's guidelines, editable, and every label's and
/// relation type's description (edited in the label editor).
fn guidelines(asked: &Rc<Asked>, shown: &Shown, problem: Option<&str>, close: &Callback<()>) -> Html {
    let onsubmit = {
        let asked = asked.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let text = form
                .elements()
                .named_item("guidelines")
                .map(|el| el.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
                .unwrap_or_default();
            asked.ask(&format!("\"guidelines\":{}", json_or_null(Some(&text))), None);
        })
    };
    let described = |name: &str, color: &str, key: Option<char>, description: &str| {
        html! {
            <li key={name.to_owned()}>
                <span class="swatch" style={format!("background:{color}")} aria-hidden="true"></span>
                <strong>{ name }</strong>
                if let Some(key) = key { { " " }<kbd>{ key.to_string() }</kbd> }
                { " — " }
                if description.is_empty() { <em>{ "no description yet (Edit labels)" }</em> } else { { description } }
            </li>
        }
    };
    html! {
        <>
            <h2 id="guidelines-title">{ "Guidelines" }</h2>
            if let Some(problem) = problem {
                <p class="problem" role="alert">{ problem }</p>
            }
            <form class="guidelines-form" {onsubmit} aria-label="Project guidelines">
                <textarea name="guidelines" rows="8" aria-label="Guidelines text"
                    placeholder="What to mark and how: for everyone annotating this project"
                    value={shown.file.guidelines.clone()} />
                <button type="submit">{ "Save guidelines" }</button>
            </form>
            <h3>{ "Labels" }</h3>
            <ul class="described" aria-label="Label descriptions">
                { for shown.file.labels.iter().map(|l| described(&l.name, &l.color, l.hotkey, &l.description)) }
            </ul>
            <h3>{ "Relation types" }</h3>
            <ul class="described" aria-label="Relation type descriptions">
                { for shown.file.relation_types.iter().map(|t| described(&t.name, &t.color, t.hotkey, &t.description)) }
            </ul>
            <div class="dialog-actions">
                <button class="primary" onclick={close.reform(|_| ())}>{ "Done" }</button>
            </div>
        </>
    }
}

/// The details dialog: a document's metadata, the well-known fields first, then the
/// others, then an empty row for a new one; saved as one edit.
fn details(
    asked: &Rc<Asked>,
    say: &Callback<String>,
    document: &ShownDocument,
    problem: Option<&str>,
    close: &Callback<()>,
) -> Html {
    use factmark_core::metadata::{WELL_KNOWN, describe, is_well_known};
    let value = |name: &str| {
        document
            .meta
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let free: Vec<&(String, String)> = document.meta.iter().filter(|(k, _)| !is_well_known(k)).collect();
    let onsubmit = {
        let asked = asked.clone();
        let say = say.clone();
        let id = document.id.clone();
        let rows = free.len() + 1;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let mut meta = serde_json::Map::new();
            for (name, _) in WELL_KNOWN {
                meta.insert(name.to_owned(), value_of(&form, name).trim().to_owned().into());
            }
            for row in 0..rows {
                let name = value_of(&form, &format!("name-{row}"));
                let text = value_of(&form, &format!("value-{row}"));
                match (name.trim().is_empty(), text.trim().is_empty()) {
                    (true, true) => {}
                    (true, false) => {
                        return say.emit(format!("The field with “{}” needs a name.", text.trim()));
                    }
                    _ => {
                        meta.insert(name.trim().to_owned(), text.trim().to_owned().into());
                    }
                }
            }
            let meta = serde_json::Value::Object(meta);
            asked.ask(
                &format!("\"document\":{},\"meta\":{meta}", json_or_null(Some(&id))),
                None,
            );
        })
    };
    html! {
        <>
            <h2 id="details-title">{ format!("Details of “{}”", document.title) }</h2>
            if let Some(problem) = problem {
                <p class="problem" role="alert">{ problem }</p>
            }
            // Keyed by what is shown, so a saved edit shows what was saved.
            <form class="details-form" key={format!("{:?}", document.meta)} {onsubmit} aria-label="Document details">
                { for WELL_KNOWN.iter().map(|(name, words)| html! {
                    <label>
                        <span>{ *words }</span>
                        // Text, whatever the field: a file may hold a date or URL in any
                        // shape, and a date or URL input would empty or refuse it.
                        <input name={*name} value={value(name)} inputmode={(*name == "url").then_some("url")}
                            placeholder={match *name { "published" => "YYYY-MM-DD", "language" => "e.g. en, ru, be", _ => "" }} />
                    </label>
                }) }
                { for free.iter().chain(std::iter::once(&&(String::new(), String::new()))).enumerate().map(|(row, (name, text))| html! {
                    <div class="free-field">
                        <input name={format!("name-{row}")} value={name.clone()} placeholder="field"
                            aria-label={if name.is_empty() { "New field's name".to_owned() } else { format!("Name of field {}", describe(name)) }} />
                        <input name={format!("value-{row}")} value={text.clone()} placeholder="value"
                            aria-label={if name.is_empty() { "New field's value".to_owned() } else { format!("Value of field {name}") }} />
                    </div>
                }) }
                <button type="submit">{ "Save details" }</button>
            </form>
            <div class="dialog-actions">
                <button class="primary" onclick={close.reform(|_| ())}>{ "Done" }</button>
            </div>
        </>
    }
}

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

/// The keyboard help: the label keys (with their descriptions), then every other key
/// of the reading view.
fn keyboard_help(shown: &Shown, close: &Callback<()>) -> Html {
    let label_keys = shown.file.labels.iter().filter_map(|label| {
        label.hotkey.map(|key| {
            html! {
                <tr><th scope="row"><kbd>{ key.to_string() }</kbd></th>
                <td>{ format!("Mark the selection as {} (or relabel the selected annotation)", label.name) }
                if !label.description.is_empty() { <br /><small>{ &label.description }</small> }</td></tr>
            }
        })
    });
    html! {
        <>
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
                <button class="primary" onclick={close.reform(|_| ())}>{ "Close" }</button>
            </div>
        </>
    }
}

/// `value` as a JSON string, or `null`.
fn json_or_null(value: Option<&str>) -> String {
    value.map_or_else(
        || "null".to_owned(),
        |v| serde_json::to_string(v).expect("a string serialises"),
    )
}

/// A Remove button's handler: asks the app to remove the `what` (`label` or `type`)
/// named `name`.
fn remover(asked: &Rc<Asked>, what: &'static str, name: String) -> Callback<MouseEvent> {
    let asked = asked.clone();
    Callback::from(move |_| {
        asked.ask(
            &format!("\"remove\":\"{what}\",\"name\":{}", json_or_null(Some(&name))),
            None,
        )
    })
}

/// A form editing `label`, or adding a new one when it is `None`.
fn label_form(asked: &Rc<Asked>, say: &Callback<String>, label: Option<&Label>) -> Html {
    let name = label.map(|l| l.name.clone()).unwrap_or_default();
    let onsubmit = {
        let asked = asked.clone();
        let say = say.clone();
        let old = label.map(|l| l.name.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let field = |field: &str| value_of(&form, field);
            let fields = match fields_from_line(&field("fields")) {
                Ok(fields) => fields,
                Err(err) => return say.emit(err.to_string()),
            };
            let label = Label {
                name: field("name").trim().to_owned(),
                color: field("color"),
                hotkey: one_key(&field("hotkey")),
                fields,
                description: field("description").trim().to_owned(),
            };
            let mut file = empty_file();
            if let Err(err) = file.labels.add(label) {
                return say.emit(err.to_string());
            }
            let edit = format!(
                "\"old\":{},\"label\":{}",
                json_or_null(old.as_deref()),
                json_or_null(Some(&native::write(&file)))
            );
            asked.ask(&edit, old.is_none().then(|| form.clone()));
        })
    };
    let remove = label.map(|l| remover(asked, "label", l.name.clone()));
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
            <input name="description" class="description" value={label.map(|l| l.description.clone())}
                placeholder="description: what it is for, when to use it"
                aria-label={format!("Description of {what}")} />
            <button type="submit">{ if label.is_some() { "Save" } else { "Add label" } }</button>
            if let Some(remove) = remove {
                <button type="button" class="quiet danger" onclick={remove}
                    aria-label={format!("Remove label {name}")}>{ "Remove" }</button>
            }
        </form>
    }
}

/// The value of the form's control named `name` (its `checked` state, as `true` or
/// `false`, for a checkbox).
pub(crate) fn value_of(form: &web_sys::HtmlFormElement, name: &str) -> String {
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

/// A form editing relation type `kind`, or adding a new one when it is `None`; sent as
/// a factmark file of the labels and this type, which the app checks as it reads it.
fn type_form(
    asked: &Rc<Asked>,
    say: &Callback<String>,
    labels: &LabelSet,
    kind: Option<&RelationType>,
) -> Html {
    let name = kind.map(|k| k.name.clone()).unwrap_or_default();
    let onsubmit = {
        let asked = asked.clone();
        let say = say.clone();
        let labels = labels.clone();
        let old = kind.map(|k| k.name.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let field = |field: &str| value_of(&form, field);
            let labels_in = |field: &str| -> Vec<String> {
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
                from: labels_in("from"),
                to: labels_in("to"),
                description: field("description").trim().to_owned(),
            };
            let mut file = empty_file();
            file.labels = labels.clone();
            if let Err(err) = file.relation_types.add(kind) {
                return say.emit(err.to_string());
            }
            let edit = format!(
                "\"old\":{},\"type\":{}",
                json_or_null(old.as_deref()),
                json_or_null(Some(&native::write(&file)))
            );
            asked.ask(&edit, old.is_none().then(|| form.clone()));
        })
    };
    let remove = kind.map(|k| remover(asked, "type", k.name.clone()));
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
            <input name="description" class="description" value={kind.map(|k| k.description.clone())}
                placeholder="description: what it is for, when to use it"
                aria-label={format!("Description of {what}")} />
            <button type="submit">{ if kind.is_some() { "Save" } else { "Add type" } }</button>
            if let Some(remove) = remove {
                <button type="button" class="quiet danger" onclick={remove}
                    aria-label={format!("Remove relation type {name}")}>{ "Remove" }</button>
            }
        </form>
    }
}
