//! The preview of a file before it is merged, in the dialogs' module (see
//! [`crate::labels`] for how it talks with the app, and [`crate::components::import_preview`]
//! for what the app sends): what is new, what conflicts, what is unchanged, and what
//! cannot be placed (orphans). Each conflict says what differs (label, span, note,
//! annotator) and is kept or taken on its own, or all at once; then the file is merged
//! as one edit, or not at all. Every string comes from a file and is shown as text.

use crate::labels::IMPORT_EVENT;
use crate::lazy_modules::send;
use serde_json::Value;
use yew::prelude::*;

/// Asks the app for `choice` (the JSON object's fields).
fn ask(choice: String) -> Callback<()> {
    Callback::from(move |()| send(IMPORT_EVENT, &format!("{{{choice}}}")))
}

/// The texts of the list `key` of `model`.
fn texts<'a>(model: &'a Value, key: &str) -> Vec<&'a str> {
    model[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// A list of texts under a heading, when there are any.
fn listed(heading: &str, label: &str, items: &[&str]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ heading }</h3>
            <ul class="orphans" aria-label={label.to_owned()}>
                { for items.iter().map(|item| html! { <li>{ *item }</li> }) }
            </ul>
        </>
    }
}

/// The dialog's content for the app's description of the pending import, `model`.
pub fn preview(model: &Value) -> Html {
    let conflicts = model["conflicts"].as_array().map_or(&[][..], Vec::as_slice);
    let taken = conflicts
        .iter()
        .filter(|c| c["take"].as_bool() == Some(true))
        .count();
    let choose = |index: Option<usize>, take: bool| {
        let index = index.map_or_else(|| "null".to_owned(), |i| i.to_string());
        ask(format!("\"choose\":{index},\"take\":{take}")).reform(|_: Event| ())
    };
    let choose_all = |take: bool| ask(format!("\"choose\":null,\"take\":{take}")).reform(|_: MouseEvent| ());
    let summary = model["summary"].as_array().map_or(&[][..], Vec::as_slice);
    let sources = model["sources"].as_array().map_or(&[][..], Vec::as_slice);
    let documents = model["documents"].as_array().map_or(&[][..], Vec::as_slice);
    let orphans = model["orphans"].as_array().map_or(&[][..], Vec::as_slice);
    html! {
        <>
            <h2 id="import-title">{ format!("Import {}", model["file"].as_str().unwrap_or_default()) }</h2>
            <dl class="import-summary">
                { for summary.iter().map(|row| html! {
                    <div data-count={row[2].as_str().unwrap_or_default().to_owned()}>
                        <dt>{ row[1].as_str().unwrap_or_default() }</dt><dd>{ row[0].as_u64().unwrap_or_default() }</dd>
                    </div>
                }) }
            </dl>
            if !conflicts.is_empty() {
                <h3>{ "Conflicts: the file and this browser differ" }</h3>
                <p class="conflict-all">
                    <button onclick={choose_all(false)}>{ "Keep all mine" }</button>
                    <button onclick={choose_all(true)}>{ "Take all theirs" }</button>
                </p>
                <ol class="conflicts" aria-label="Conflicts">
                    { for conflicts.iter().enumerate().map(|(i, conflict)| {
                        let take = conflict["take"].as_bool() == Some(true);
                        html! {
                            <li aria-label={format!("Conflict {}", i + 1)}>
                                <q>{ conflict["quote"].as_str().unwrap_or_default() }</q>
                                { format!(" ({})", conflict["label"].as_str().unwrap_or_default()) }
                                <ul class="differences">
                                    { for texts(conflict, "differences").iter().map(|d| html! { <li>{ *d }</li> }) }
                                </ul>
                                <span class="choice" role="radiogroup" aria-label={format!("Conflict {}: which to keep", i + 1)}>
                                    <label><input type="radio" name={format!("conflict-{i}")} checked={!take} onchange={choose(Some(i), false)} />{ " Keep mine" }</label>
                                    <label><input type="radio" name={format!("conflict-{i}")} checked={take} onchange={choose(Some(i), true)} />{ " Take theirs" }</label>
                                </span>
                            </li>
                        }
                    }) }
                </ol>
            }
            { listed("Left out: these parts of the file could not be read and will not be imported", "Left out", &texts(model, "leftOut")) }
            { listed(
                "Attribute values not kept: this project's fields cannot hold them (the annotations come in without them)",
                "Attribute values not kept",
                &texts(model, "unfit"),
            ) }
            { listed("Kept as they are here", "Kept as they are here", &texts(model, "kept")) }
            if !sources.is_empty() {
                <h3>{ "Texts the file names only by their source: choose each one's document" }</h3>
                <ul class="sources" aria-label="Sources">
                    { for sources.iter().map(|choice| source_choice(choice, documents)) }
                </ul>
            }
            { listed(
                "Not read: what the files hold that factmark does not (and what was joined or corrected)",
                "Not read",
                &texts(model, "unread"),
            ) }
            if !orphans.is_empty() {
                <h3>{ "Orphans: these cannot be placed and will not be imported" }</h3>
                <ul class="orphans" aria-label="Orphans">
                    { for orphans.iter().map(|orphan| html! {
                        <li>
                            <q>{ orphan["quote"].as_str().unwrap_or_default() }</q>
                            { orphan["text"].as_str().unwrap_or_default() }
                        </li>
                    }) }
                </ul>
                <p class="hint">{ "Keep the file to keep them; they are listed again whenever it is imported." }</p>
            }
            <div class="dialog-actions">
                if conflicts.is_empty() {
                    <button class="primary" onclick={ask("\"confirm\":true".to_owned()).reform(|_: MouseEvent| ())}
                        disabled={model["empty"].as_bool() == Some(true)}>{ "Import" }</button>
                } else {
                    <button class="primary" onclick={ask("\"confirm\":true".to_owned()).reform(|_: MouseEvent| ())}>
                        { format!("Import, keeping {} of mine and taking {taken} of theirs", conflicts.len() - taken) }
                    </button>
                }
                <button onclick={ask("\"cancel\":true".to_owned()).reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
            </div>
        </>
    }
}

/// One text the file names only by its source, with the document its annotations go on
/// and a chooser for another among `documents` (`[id, title]` pairs).
fn source_choice(choice: &Value, documents: &[Value]) -> Html {
    let source = choice["source"].as_str().unwrap_or_default().to_owned();
    let name = if source.is_empty() {
        "(no source named)".to_owned()
    } else {
        source.clone()
    };
    let chosen_document = choice["document"].as_str();
    let onchange = Callback::from(move |event: Event| {
        let value = event
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        if !value.is_empty() {
            let json = |s: &str| serde_json::to_string(s).expect("a string serialises");
            send(
                IMPORT_EVENT,
                &format!("{{\"place\":{},\"document\":{}}}", json(&source), json(&value)),
            );
        }
    });
    let how = match (chosen_document, choice["chosen"].as_bool() == Some(true)) {
        (None, _) => "no document here holds its quotes: choose one",
        (Some(_), true) => "chosen",
        (Some(_), false) => "found by its quotes",
    };
    let count = choice["annotations"].as_u64().unwrap_or_default();
    let label = format!("{name}: {count} annotation{}", if count == 1 { "" } else { "s" });
    html! {
        <li>
            <label>
                <span class="source-name">{ label }</span>{ " on " }
                <select aria-label={format!("Document for {name}")} {onchange}>
                    <option value="" selected={chosen_document.is_none()}>{ "— choose a document —" }</option>
                    { for documents.iter().map(|doc| {
                        let id = doc[0].as_str().unwrap_or_default();
                        html! {
                            <option value={id.to_owned()} selected={chosen_document == Some(id)}>
                                { doc[1].as_str().unwrap_or_default() }
                            </option>
                        }
                    }) }
                </select>
            </label>
            <span class="source-how">{ format!(" ({how})") }</span>
        </li>
    }
}
