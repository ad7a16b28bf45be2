//! What buttons and keys do that reads the clock or touches the page before (or
//! after) it dispatches: marking the selection, downloading files, telling typing
//! from shortcuts. One place for each, so every button and key does it the same way.

use crate::clock;
use crate::components::document_text::clear_selection;
use crate::download::{download_blob, download_bytes, file_stem};
use crate::state::{Msg, Report, StateHandle};
use factmark_core::assist::Item;
use factmark_core::format::Format;
use factmark_core::format::native::{self, NativeFile};
use factmark_core::linking;
use factmark_core::{Action, AnnotationId, DocId, Project, RelationType, Span, Status};
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// Marks the current selection with `label` (snapped to words unless `exact`), then
/// clears the selection so the next one starts afresh.
pub fn mark_selection(state: &StateHandle, label: String, exact: bool) {
    let quote = state
        .open_document()
        .zip(state.selection)
        .and_then(|(document, span)| span.slice(document.text()).ok().map(str::to_owned));
    state.dispatch(Msg::Mark {
        label,
        exact,
        id: clock::new_annotation_id(),
        now: clock::now(),
    });
    clear_selection();
    if let Some(quote) = quote {
        crate::bench::user_created(&quote);
    }
}

/// What `0`, `X` and the picker's "Not the article" do: sets the selection aside as not
/// the article (site clutter), or, when it lies wholly in text set aside already, takes
/// it out again; one undoable edit. Whether there was a selection to do it with.
pub fn toggle_aside(state: &StateHandle) -> bool {
    let (Some(span), Some(doc)) = (state.selection, state.open_id()) else {
        return false;
    };
    let inside = state.project.document(doc).is_some_and(|d| {
        factmark_core::ignored::at(d.ignored(), span.start()).is_some_and(|r| r.contains(span))
    });
    match state.project.set_aside(doc, span, !inside) {
        Ok(action) => state.dispatch(Msg::Perform(action)),
        Err(err) => state.dispatch(Msg::Problem(err.to_string())),
    }
    clear_selection();
    state.dispatch(Msg::Select(None));
    true
}

/// Marks the open article done, or, when it is done, in progress again; one undoable
/// edit. Whether an article is open.
pub fn toggle_done(state: &StateHandle) -> bool {
    let Some(doc) = state.open_document() else {
        return false;
    };
    let to = if doc.status() == Status::Done {
        Status::InProgress
    } else {
        Status::Done
    };
    if let Ok(action) = state.project.set_status(doc.id(), to) {
        state.dispatch(Msg::Perform(action));
    }
    true
}

/// Opens the next (or, not `forward`, the previous) article of the library after the
/// open one that is not done, going round; says so when every other one is done.
pub fn open_next_not_done(state: &StateHandle, forward: bool) -> bool {
    let documents = state.project.documents();
    let Some(at) = state
        .open_id()
        .and_then(|id| documents.iter().position(|d| d.id() == id))
    else {
        return false;
    };
    let n = documents.len();
    let next = (1..n)
        .map(|step| {
            if forward {
                (at + step) % n
            } else {
                (at + n - step) % n
            }
        })
        .find(|&i| documents[i].status() != Status::Done);
    match next {
        Some(i) => {
            let route = crate::route::Route::Document(documents[i].id().clone());
            let _ = gloo::utils::window().location().set_hash(&route.to_hash());
            state.dispatch(Msg::Navigate(route));
        }
        None => state.dispatch(Msg::Notice(Some("Every other article is done.".to_owned()))),
    }
    true
}

/// What a label's key or button does: marks the selection with `label` (see
/// [`mark_selection`]), or, with nothing selected, relabels the focused annotation.
/// Whether it did either.
pub fn apply_label(state: &StateHandle, label: String, exact: bool) -> bool {
    if state.selection.is_some() {
        mark_selection(state, label, exact);
        return true;
    }
    let Some(annotation) = state.focused_annotation() else {
        return false;
    };
    let id = annotation.id.clone();
    relabel(state, &id, &label)
}

/// Gives annotation `id` the label `label`; the relations that no longer fit go in the
/// same edit, and the page says so. Whether it was done.
pub fn relabel(state: &StateHandle, id: &AnnotationId, label: &str) -> bool {
    let lost = state.project.relations_lost_by_relabel(id, label).len();
    match state.project.relabel(id, label, clock::now()) {
        Ok(action) => {
            state.dispatch(Msg::Perform(action));
            if lost > 0 {
                state.dispatch(Msg::Notice(Some(format!(
                    "Relabelled as {label}: {} no longer fit and {} removed (Ctrl+Z brings {} back).",
                    plural(lost, "relation", "relations"),
                    if lost == 1 { "was" } else { "were" },
                    if lost == 1 { "it" } else { "them" },
                ))));
            }
            true
        }
        Err(err) => {
            state.dispatch(Msg::Problem(err.to_string()));
            false
        }
    }
}

/// Removes annotation `id`, and its relations with it (the page says how many).
pub fn remove_annotation(state: &StateHandle, id: &AnnotationId) -> bool {
    let linked = state.project.relations_of(id).count();
    match state.project.remove_annotation(id) {
        Ok(action) => {
            state.dispatch(Msg::Perform(action));
            if linked > 0 {
                state.dispatch(Msg::Notice(Some(format!(
                    "Deleted, with its {} (Ctrl+Z brings all back).",
                    plural(linked, "relation", "relations")
                ))));
            }
            true
        }
        Err(err) => {
            state.dispatch(Msg::Problem(err.to_string()));
            false
        }
    }
}

/// The relation type the link picker uses among `types` (those the source's label can
/// stand in, [`linking::types_for`]): the one last chosen if it is there, else the first.
pub fn link_type<'a>(state: &StateHandle, types: &[&'a RelationType]) -> Option<&'a RelationType> {
    types
        .iter()
        .find(|t| state.link_kind.as_deref() == Some(t.name.as_str()))
        .or(types.first())
        .copied()
}

/// Links the annotation being linked from to annotation `target` by the picker's type,
/// the way round the type says, and closes the picker; or says why it cannot.
pub fn link_to(state: &StateHandle, target: &AnnotationId) -> bool {
    let Some(source) = state.linking.as_ref().and_then(|id| state.project.annotation(id)) else {
        return false;
    };
    let types = linking::types_for(&state.project, &source.label);
    let Some(kind) = link_type(state, &types) else {
        return false;
    };
    let Some(candidate) = linking::candidate(&state.project, &source.id, kind, target) else {
        let what = state.project.annotation(target).map_or("That".to_owned(), |a| {
            format!("“{}” ({})", a.anchor.quote(), a.label)
        });
        state.dispatch(Msg::Problem(format!(
            "{what} cannot be the other end of a “{}” relation from this {}, or is linked to it already.",
            kind.name, source.label
        )));
        return false;
    };
    let (from, to) = candidate.ends(&source.id);
    match state.project.new_relation(
        clock::new_relation_id(),
        &kind.name,
        from,
        to,
        &state.annotator,
        clock::now(),
    ) {
        Ok(relation) => {
            state.dispatch(Msg::Perform(Action::AddRelation(relation)));
            state.dispatch(Msg::Link(None));
            true
        }
        Err(err) => {
            state.dispatch(Msg::Problem(err.to_string()));
            false
        }
    }
}

/// Marks `items` as one edit (one undo): each a suggestion accepted, its origin kept,
/// or a place a person chose (a search hit); a place already marked with its label is
/// skipped. How many were marked; a place that cannot be marked is said.
pub fn mark_items(state: &StateHandle, items: &[Item]) -> usize {
    let now = clock::now();
    let project = &state.project;
    // Each document's marks, as (span, label), made when its first item comes; the
    // batch's own marks join them. Items come grouped by document (a search's hits, one
    // document's suggestions): a document met again after another is checked against
    // the project only.
    let mut doc: Option<&DocId> = None;
    let mut marked: HashSet<(Span, &str)> = HashSet::new();
    let mut actions = Vec::new();
    for item in items {
        let Ok(span) = Span::new(item.start, item.end) else {
            continue;
        };
        if doc != Some(&item.doc) {
            doc = Some(&item.doc);
            marked = project
                .annotations_in(&item.doc)
                .map(|a| (a.span(), a.label.as_str()))
                .collect();
        }
        if !marked.insert((span, item.label.as_str())) {
            continue;
        }
        // Site chrome suggested as not the article is set aside, not marked.
        if item.label == factmark_core::clutter::NOT_THE_ARTICLE {
            match project.set_aside(&item.doc, span, true) {
                Ok(action) => actions.push(action),
                Err(err) => {
                    state.dispatch(Msg::Problem(err.to_string()));
                    return 0;
                }
            }
            continue;
        }
        let id = clock::new_annotation_id();
        let action = match item.suggestion() {
            Some(suggestion) => project.accept(&suggestion, id, &state.annotator, now),
            None => project
                .new_annotation(id, &item.doc, span, &item.label, &state.annotator, now)
                .map(Action::AddAnnotation),
        };
        match action {
            Ok(action) => actions.push(action),
            Err(err) => {
                state.dispatch(Msg::Problem(err.to_string()));
                return 0;
            }
        }
    }
    let n = actions.len();
    if n > 0 {
        state.dispatch(Msg::Perform(Action::Batch(actions)));
    }
    n
}

/// Rejects the suggestion `item`: remembered in the project (undoable), so it is not
/// made again.
pub fn reject_item(state: &StateHandle, item: &Item) -> bool {
    let Some(place) = item.place() else {
        return false;
    };
    state.dispatch(Msg::Perform(Action::Reject(place)));
    true
}

/// A suggested relation decided, as the assist module sends it — `[decision, from, to,
/// type]`, the decision `"link"` or `"reject"` — linked, or rejected and remembered in
/// the project so it is not suggested again; either is one undoable edit. What cannot
/// be done (an end deleted meanwhile) is said.
pub fn decide_link(state: &StateHandle, decision: &[String]) {
    let [decision, from, to, kind] = decision else {
        return;
    };
    let (from, to) = (AnnotationId(from.clone()), AnnotationId(to.clone()));
    let project = &state.project;
    let action = if decision == "link" {
        project
            .new_relation(
                clock::new_relation_id(),
                kind,
                &from,
                &to,
                &state.annotator,
                clock::now(),
            )
            .map(Action::AddRelation)
            .map_err(|err| err.to_string())
    } else {
        factmark_core::suggest::link_place(project, &from, &to, kind)
            .map(Action::Reject)
            .ok_or_else(|| "one of its ends is no longer there".to_owned())
    };
    match action {
        Ok(action) => state.dispatch(Msg::Perform(action)),
        Err(why) => state.dispatch(Msg::Problem(format!(
            "That suggested link cannot be taken: {why}."
        ))),
    }
}

/// "1 relation", "3 relations".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The name of a download of the whole project in factmark's own format.
const PROJECT_FILE: &str = "factmark-project.json";

/// Downloads the whole project, texts included, as `factmark-project.json`: written a
/// piece at a time into the download (however large the project, no copy of it is made
/// whole in memory).
pub async fn download_project(project: &Project) -> Result<(), String> {
    let mut pieces = native::write_pieces(project, PIECE_ANNOTATIONS, true);
    let blob = crate::storage::blob_of(&mut pieces, "application/json")
        .await
        .map_err(|why| format!("{PROJECT_FILE}: {why}"))?;
    download_blob(PROJECT_FILE, &blob)
}

/// Annotations written per piece of a download of the whole project.
const PIECE_ANNOTATIONS: usize = 500;

/// One entry of the Export format menus: a format, written whole or a layer per label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportChoice {
    /// The format.
    pub format: Format,
    /// A file or folder per label ([`Format::write_layers`]).
    pub layers: bool,
}

impl ExportChoice {
    /// Every entry of the menus: each format, then each layered one after its format.
    pub fn all() -> Vec<ExportChoice> {
        Format::ALL
            .into_iter()
            .flat_map(|format| {
                let whole = ExportChoice {
                    format,
                    layers: false,
                };
                let layered = ExportChoice { format, layers: true };
                std::iter::once(whole).chain(format.has_layers().then_some(layered))
            })
            .collect()
    }

    /// The name it has in the menus (also its option's value).
    pub fn menu_name(self) -> String {
        match (self.layers, self.format) {
            (false, format) => format.title().to_owned(),
            (true, Format::Hf) => format!("{}, a folder per label", self.format.title()),
            (true, format) => format!("{}, a file per label", format.title()),
        }
    }

    /// Whether the download is a zip of several files.
    pub fn is_zip(self) -> bool {
        self.layers || self.format.extension().is_none()
    }
}

/// The end of a download's file name in `choice`, after the document's name.
fn file_suffix(choice: ExportChoice) -> &'static str {
    match choice.format {
        Format::Conll if choice.layers => "conll-layers.zip",
        Format::Hf if choice.layers => "hf-layers.zip",
        Format::Native => "factmark.json",
        Format::W3c => "w3c.jsonld",
        Format::Spacy => "spacy",
        Format::SpacyJsonl => "spacy.jsonl",
        Format::Hf => "hf.zip",
        Format::Conll => "conll",
        Format::Prodigy => "prodigy.jsonl",
        Format::Doccano => "doccano.jsonl",
        Format::LabelStudio => "labelstudio.json",
        Format::Brat => "brat.zip",
        Format::Csv => "csv",
        Format::WebannoTsv => "webanno-tsv.zip",
    }
}

/// The media type of a download in `choice`.
fn media_type(choice: ExportChoice) -> &'static str {
    if choice.is_zip() {
        return "application/zip";
    }
    match choice.format {
        Format::Native | Format::LabelStudio => "application/json",
        Format::W3c => "application/ld+json",
        Format::SpacyJsonl | Format::Prodigy | Format::Doccano => "application/jsonl",
        Format::Spacy => "application/octet-stream",
        Format::Hf | Format::Brat | Format::WebannoTsv => "application/zip",
        Format::Conll => "text/plain",
        Format::Csv => "text/csv",
    }
}

/// Downloads one document (`Some`) or the whole project (`None`) with its
/// annotations in `format`, and says what happened: the file's name, and every
/// annotation the format could not hold. Formats that carry the text get it.
///
/// Factmark's own format is written here into the download a piece at a time (the
/// whole project by [`download_project`]). Any other goes to the formats module (see
/// [`crate::formats`]) as factmark's own format, made the same way, and the module
/// writes it in the format chosen, offers it for download and says what happened
/// ([`write_download`]): none of that is code a first visit downloads.
pub async fn export(project: &Project, only: Option<&DocId>, choice: ExportChoice) -> Vec<Report> {
    let problem = |text: String| vec![Report { problem: true, text }];
    let with_text = choice.format.carries_text();
    let (mut pieces, stem): (Box<dyn Iterator<Item = String>>, String) = match only {
        None if choice.format == Format::Native => {
            return match download_project(project).await {
                Ok(()) => vec![Report {
                    problem: false,
                    text: format!("{PROJECT_FILE}: downloaded as {}", choice.menu_name()),
                }],
                Err(why) => problem(why),
            };
        }
        None => (
            Box::new(native::write_pieces(project, PIECE_ANNOTATIONS, with_text)),
            PROJECT_STEM.to_owned(),
        ),
        Some(id) => {
            let Some(document) = project.document(id) else {
                return problem("Export: there is no such document".to_owned());
            };
            (
                Box::new(native::write_pieces_of(project, id, PIECE_ANNOTATIONS, with_text)),
                file_stem(document.title()),
            )
        }
    };
    let file = match crate::storage::blob_of(&mut *pieces, "application/json").await {
        Ok(file) => file,
        Err(why) => return problem(format!("{stem}: {why}")),
    };
    if choice.format == Format::Native {
        // One document in factmark's own format: as it is made, without the module.
        let name = format!("{stem}.{}", file_suffix(choice));
        return match download_blob(&name, &file) {
            Ok(()) => vec![Report {
                problem: false,
                text: format!("{name}: downloaded as {}", choice.menu_name()),
            }],
            Err(why) => problem(why),
        };
    }
    crate::formats::export(choice, file, &stem)
        .await
        .unwrap_or_else(|why| problem(format!("{stem}.{}: {why}", file_suffix(choice))))
}

/// The name, without its ending, of a download of the whole project.
const PROJECT_STEM: &str = "factmark-project";

/// Writes `file` in `choice`, offers it for download as `stem` and the format's ending,
/// and says what happened: the file's name, and every annotation the format could not
/// hold. Run by the formats module for [`export`].
pub fn write_download(choice: ExportChoice, file: &NativeFile, stem: &str) -> Vec<Report> {
    let format = choice.format;
    // CSV with relations is two files (the relations beside the annotations), zipped.
    let csv_pair = format == Format::Csv && !file.relations.is_empty();
    let file_name = format!(
        "{stem}.{}{}",
        file_suffix(choice),
        if csv_pair { ".zip" } else { "" }
    );
    let media_type = if csv_pair {
        "application/zip"
    } else {
        media_type(choice)
    };
    let written = if choice.layers {
        format.write_layers(file)
    } else {
        format.write(file)
    };
    let written = match written {
        Ok(written) => written,
        Err(problem) => {
            return vec![Report {
                problem: true,
                text: format!("{file_name}: {problem}"),
            }];
        }
    };
    let notices = factmark_core::format::describe_notices(&written.notices, file);
    if let Err(problem) = download_bytes(&file_name, media_type, &written.output.into_bytes()) {
        return vec![Report {
            problem: true,
            text: problem,
        }];
    }
    let mut reports = Vec::with_capacity(notices.len() + 1);
    let left_out = notices.len();
    reports.push(Report {
        problem: left_out > 0,
        text: if left_out == 0 {
            format!("{file_name}: downloaded as {}", choice.menu_name())
        } else {
            format!(
                "{file_name}: downloaded as {}, with {left_out} notice{} — nothing was moved to fit:",
                choice.menu_name(),
                if left_out == 1 { "" } else { "s" }
            )
        },
    });
    reports.extend(notices.into_iter().map(|text| Report { problem: true, text }));
    reports
}

/// Puts the keyboard focus on the document text (the `T` key and the "Skip to the
/// text" link), where the caret keys work; whether there was a text to focus.
pub fn focus_text() -> bool {
    gloo::utils::document()
        .query_selector(&format!("[{}]", crate::dom_text::ROOT_ATTR))
        .ok()
        .flatten()
        .and_then(|text| text.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|text| text.focus().is_ok())
}

/// Whether a key event is typing in a form field (whose keys are the field's own).
pub fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    target_tag(event).is_some_and(|tag| matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Whether the key went to a text field (which has an undo of its own).
pub fn typing_in_text(event: &web_sys::KeyboardEvent) -> bool {
    target_tag(event).is_some_and(|tag| matches!(tag.as_str(), "INPUT" | "TEXTAREA"))
}

fn target_tag(event: &web_sys::KeyboardEvent) -> Option<String> {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .map(|element| element.tag_name())
}
