//! The projects dialog, in the dialogs' module (opened from the app bar): the projects
//! of this browser, each with its own documents, labels, relation types and
//! guidelines. Open one (its address is `?project=<id>`, so each can be bookmarked or
//! opened in a tab of its own), create one (empty, with the default labels), rename,
//! duplicate (texts are stored once, so a copy costs only its annotations), delete
//! (kept as "recently deleted" until restored: nothing is lost at a click), and import a
//! factmark file with its texts as a new project. The first project, which holds the
//! bundled articles and any work stored before there were projects, cannot be deleted.
//! The list lives in this browser's `localStorage` ([`crate::storage::projects`]).

use crate::storage::{self, ProjectEntry};
use factmark_core::format::native;
use gloo::utils::window;
use yew::prelude::*;

/// The longest project name, in characters.
const NAME_MAX: usize = 80;

/// Opens project `id` (the page loads again at its address).
fn open(id: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let url = if id.is_empty() {
        format!("{path}#/")
    } else {
        format!("{path}?project={id}#/")
    };
    let _ = location.assign(&url);
}

/// A new project id.
fn new_id() -> String {
    format!("p{:x}", (js_sys::Math::random() * 1e15) as u64)
}

/// `name` trimmed, when it can name a project.
fn checked_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        Err("A project needs a name.".to_owned())
    } else if name.chars().count() > NAME_MAX {
        Err(format!("A project's name has at most {NAME_MAX} characters."))
    } else {
        Ok(name.to_owned())
    }
}

/// `entries` with `change` made to project `id`.
fn changed(entries: &[ProjectEntry], id: &str, change: impl Fn(&mut ProjectEntry)) -> Vec<ProjectEntry> {
    let mut list = entries.to_vec();
    list.iter_mut().filter(|p| p.id == id).for_each(change);
    list
}

/// Props of [`Projects`].
#[derive(Properties, PartialEq)]
pub struct ProjectsProps {
    /// Closes the dialog.
    pub close: Callback<()>,
}

/// The dialog's content.
#[component]
pub fn Projects(props: &ProjectsProps) -> Html {
    let entries = use_state(storage::projects);
    let problem = use_state(|| None::<String>);
    let renaming = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let current = storage::project_id();
    // Keeps `list` as the projects, or says why it could not.
    let keep = {
        let (entries, problem) = (entries.clone(), problem.clone());
        move |list: Vec<ProjectEntry>| match storage::set_projects(&list) {
            Ok(()) => {
                entries.set(list);
                problem.set(None);
                true
            }
            Err(why) => {
                problem.set(Some(why));
                false
            }
        }
    };
    let oncreate = {
        let (entries, problem, keep) = (entries.clone(), problem.clone(), keep.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let name = crate::labels_panel::value_of(&form, "name");
            match checked_name(&name) {
                Ok(name) => {
                    let id = new_id();
                    let mut list = (*entries).clone();
                    list.push(ProjectEntry {
                        id: id.clone(),
                        name,
                        deleted: None,
                    });
                    if keep(list) {
                        open(&id);
                    }
                }
                Err(why) => problem.set(Some(why)),
            }
        })
    };
    let onimport = {
        let (entries, problem, busy, keep) = (entries.clone(), problem.clone(), busy.clone(), keep.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let (entries, problem, busy, keep) =
                (entries.clone(), problem.clone(), busy.clone(), keep.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                let checked = match text {
                    None => Err(format!("{name} could not be read as text.")),
                    Some(text) => match native::read(&text).map(|f| f.into_project()) {
                        Ok(Ok(_)) => Ok(text),
                        Ok(Err(err)) | Err(err) => Err(format!(
                            "{name} is not a factmark project with its texts (export one with Export all → factmark): {}",
                            err.summary()
                        )),
                    },
                };
                busy.set(false);
                let text = match checked {
                    Ok(text) => text,
                    Err(why) => return problem.set(Some(why)),
                };
                let id = new_id();
                if let Err(why) = storage::store_project_file(&id, &text).await {
                    return problem.set(Some(format!("{name} could not be stored: {why}")));
                }
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
                let mut list = (*entries).clone();
                list.push(ProjectEntry {
                    id: id.clone(),
                    name: checked_name(stem).unwrap_or_else(|_| "Imported project".to_owned()),
                    deleted: None,
                });
                if keep(list) {
                    open(&id);
                }
            });
        })
    };
    let row = |entry: &ProjectEntry| -> Html {
        let id = entry.id.clone();
        let is_current = id == current;
        if (*renaming).as_deref() == Some(id.as_str()) {
            let onsubmit = {
                let (entries, problem, renaming, keep, id) = (
                    entries.clone(),
                    problem.clone(),
                    renaming.clone(),
                    keep.clone(),
                    id.clone(),
                );
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    let form: web_sys::HtmlFormElement = event.target_unchecked_into();
                    match checked_name(&crate::labels_panel::value_of(&form, "name")) {
                        Ok(name) => {
                            if keep(changed(&entries, &id, |p| p.name = name.clone())) {
                                renaming.set(None);
                            }
                        }
                        Err(why) => problem.set(Some(why)),
                    }
                })
            };
            return html! {
                <li key={id.clone()}>
                    <form class="rename-project" {onsubmit} aria-label={format!("Rename {}", entry.name)}>
                        <input name="name" value={entry.name.clone()} aria-label="New name" maxlength={NAME_MAX.to_string()} />
                        <button type="submit">{ "Save" }</button>
                    </form>
                </li>
            };
        }
        let onopen = {
            let id = id.clone();
            Callback::from(move |_| open(&id))
        };
        let onrename = {
            let (renaming, id) = (renaming.clone(), id.clone());
            Callback::from(move |_| renaming.set(Some(id.clone())))
        };
        let onduplicate = {
            let (entries, problem, busy, keep, id) = (
                entries.clone(),
                problem.clone(),
                busy.clone(),
                keep.clone(),
                id.clone(),
            );
            let name = entry.name.clone();
            Callback::from(move |_| {
                let (entries, problem, busy, keep, id, name) = (
                    entries.clone(),
                    problem.clone(),
                    busy.clone(),
                    keep.clone(),
                    id.clone(),
                    name.clone(),
                );
                busy.set(true);
                wasm_bindgen_futures::spawn_local(async move {
                    let copy = new_id();
                    let copied = storage::copy_project(&id, &copy).await;
                    busy.set(false);
                    if let Err(why) = copied {
                        return problem.set(Some(format!("{name} could not be copied: {why}.")));
                    }
                    let mut list = (*entries).clone();
                    let at = list.iter().position(|p| p.id == id).map_or(list.len(), |i| i + 1);
                    list.insert(
                        at,
                        ProjectEntry {
                            id: copy,
                            name: format!("{name} (copy)"),
                            deleted: None,
                        },
                    );
                    keep(list);
                });
            })
        };
        let ondelete = {
            let (entries, keep, id) = (entries.clone(), keep.clone(), id.clone());
            Callback::from(move |_| {
                let now = js_sys::Date::now() as u64;
                if keep(changed(&entries, &id, |p| p.deleted = Some(now))) && is_current {
                    open("");
                }
            })
        };
        html! {
            <li key={id.clone()} class={classes!(is_current.then_some("current"))}>
                <span class="project-name">{ &entry.name }</span>
                if is_current { <span class="hint">{ " (open)" }</span> }
                <span class="project-actions">
                    if !is_current {
                        <button onclick={onopen} aria-label={format!("Open {}", entry.name)}>{ "Open" }</button>
                    }
                    <button class="quiet" onclick={onrename} aria-label={format!("Rename {}", entry.name)}>{ "Rename" }</button>
                    <button class="quiet" onclick={onduplicate} disabled={*busy}
                        aria-label={format!("Duplicate {}", entry.name)}>{ "Duplicate" }</button>
                    if !id.is_empty() {
                        <button class="quiet danger" onclick={ondelete}
                            aria-label={format!("Delete {}", entry.name)}>{ "Delete" }</button>
                    }
                </span>
            </li>
        }
    };
    let restore = |entry: &ProjectEntry| -> Html {
        let onrestore = {
            let (entries, keep, id) = (entries.clone(), keep.clone(), entry.id.clone());
            Callback::from(move |_| {
                keep(changed(&entries, &id, |p| p.deleted = None));
            })
        };
        html! {
            <li key={entry.id.clone()}>
                <span class="project-name">{ &entry.name }</span>
                <button onclick={onrestore} aria-label={format!("Restore {}", entry.name)}>{ "Restore" }</button>
            </li>
        }
    };
    let deleted: Vec<&ProjectEntry> = entries.iter().filter(|p| p.deleted.is_some()).collect();
    html! {
        <>
            <h2 id="projects-title">{ "Projects" }</h2>
            <p class="hint">{ "Each project has its own articles, labels and guidelines, kept in this browser. \
                To pass one on, open it and use Export all → factmark." }</p>
            if let Some(problem) = &*problem {
                <p class="problem" role="alert">{ problem }</p>
            }
            <ul class="projects" aria-label="Projects">
                { for entries.iter().filter(|p| p.deleted.is_none()).map(row) }
            </ul>
            <form class="new-project" onsubmit={oncreate} aria-label="New project">
                <input name="name" placeholder="Name of a new project" aria-label="Name of a new project" maxlength={NAME_MAX.to_string()} />
                <button type="submit">{ "Create project" }</button>
            </form>
            <label class="import-project">
                { "Import a project (a factmark file with its texts): " }
                <input type="file" accept=".json,application/json" onchange={onimport} disabled={*busy}
                    aria-label="Import a project" />
            </label>
            if !deleted.is_empty() {
                <h3>{ "Recently deleted" }</h3>
                <ul class="projects" aria-label="Recently deleted">
                    { for deleted.into_iter().map(restore) }
                </ul>
            }
            <div class="dialog-actions">
                <button class="primary" onclick={props.close.reform(|_| ())}>{ "Done" }</button>
            </div>
        </>
    }
}
