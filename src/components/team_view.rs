//! The team page (`#/team`): open several annotators' files of the same documents and
//! read how far they agree — per pair, per label (a chart), per document — and how
//! many places they differ in; or compare the annotators whose work is already in this
//! browser. What is compared is kept (in IndexedDB) across reloads until it is closed.

use crate::route::Route;
use crate::state::{Msg, StateHandle};
use crate::storage::{self, TeamSession};
use crate::team::{self, TeamPtr};
use factmark_core::agreement::Figure;
use std::rc::Rc;
use yew::prelude::*;

/// A figure as shown: three decimals, or a dash where it is undefined.
fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// Relation F1 per pair (exact and overlapping ends, per type) and agreement on each
/// attribute field.
fn relations(report: &factmark_core::agreement::RelationReport) -> Html {
    let pairs = report.pairs.iter().map(|pair| {
        let types = pair.exact.labels.iter().map(|(kind, exact)| {
            let overlap = pair.overlap.labels.get(kind).copied().flatten();
            html! { <tr><th scope="row">{ kind.clone() }</th><td>{ shown(*exact) }</td><td>{ shown(overlap) }</td></tr> }
        });
        let fields = pair.attributes.iter().map(|(field, f)| {
            html! {
                <tr><th scope="row">{ field.clone() }</th><td>{ f.spans }</td><td>{ shown(f.percent) }</td><td>{ shown(f.kappa) }</td></tr>
            }
        });
        html! {
            <>
                <h3>{ format!("{} · {}: {} and {} relations, {} matched", pair.a, pair.b, pair.relations.0, pair.relations.1, pair.matched) }</h3>
                <table class="agreement" aria-label={format!("Relations {} · {}", pair.a, pair.b)}>
                    <thead><tr><th scope="col">{ "Relation type" }</th><th scope="col">{ "F1, exact ends" }</th><th scope="col">{ "F1, overlapping ends" }</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">{ "All types" }</th><td>{ shown(pair.exact.overall) }</td><td>{ shown(pair.overlap.overall) }</td></tr>
                        { for types }
                    </tbody>
                </table>
                if !pair.attributes.is_empty() {
                    <table class="agreement" aria-label={format!("Attributes {} · {}", pair.a, pair.b)}>
                        <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Spans both marked" }</th><th scope="col">{ "Agreement" }</th><th scope="col">{ "Kappa" }</th></tr></thead>
                        <tbody>{ for fields }</tbody>
                    </table>
                }
            </>
        }
    });
    html! {
        <section aria-labelledby="relations-agreement">
            <h2 id="relations-agreement">{ "Relations and attributes" }</h2>
            { for pairs }
        </section>
    }
}

/// The team page.
#[component]
pub fn TeamView() -> Html {
    let state = use_context::<StateHandle>().expect("TeamView is rendered inside the state provider");
    let problems = use_state(Vec::<String>::new);
    let busy = use_state(|| false);
    let file_input = use_node_ref();
    let onchoose = {
        let (state, problems, busy) = (state.clone(), problems.clone(), busy.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            let (state, problems, busy) = (state.clone(), problems.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = team::load(files).await;
                let session = loaded
                    .iter()
                    .map(|(name, bytes)| bytes.clone().map(|bytes| (name.clone(), bytes)))
                    .collect::<Result<Vec<_>, _>>()
                    .ok()
                    .map(TeamSession::Files);
                match team::compare(loaded) {
                    Ok(team) => {
                        problems.set(Vec::new());
                        if let Some(session) = session {
                            let _ = storage::save_team(&session).await;
                        }
                        state.dispatch(Msg::Team(TeamPtr(Rc::new(team))));
                    }
                    Err(found) => problems.set(found),
                }
                busy.set(false);
            });
        })
    };
    let onlibrary = {
        let (state, problems, busy) = (state.clone(), problems.clone(), busy.clone());
        Callback::from(move |_| {
            let (state, problems, busy) = (state.clone(), problems.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match team::compare_session(&TeamSession::Library).await {
                    Ok(team) => {
                        problems.set(Vec::new());
                        let _ = storage::save_team(&TeamSession::Library).await;
                        state.dispatch(Msg::Team(TeamPtr(Rc::new(team))));
                    }
                    Err(found) => problems.set(found),
                }
                busy.set(false);
            });
        })
    };
    let onclose = {
        let state = state.clone();
        Callback::from(move |_| {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                storage::forget_team().await;
                state.dispatch(Msg::CloseTeam);
            });
        })
    };
    let onopen = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    html! {
        <main class="team" aria-labelledby="team-title">
            <nav class="reader-nav"><a href={Route::Library.to_hash()}>{ "← All articles" }</a></nav>
            <h1 id="team-title">{ "Agreement between annotators" }</h1>
            <p class="team-intro">
                { "Open two or more annotators' files of the same documents (factmark, W3C, JSON Lines \
                   or Label Studio, with their texts). Documents are matched by their text." }
            </p>
            <div class="library-actions">
                <button onclick={onopen} disabled={*busy}>{ "Open annotators' files" }</button>
                <button onclick={onlibrary} disabled={*busy}
                    title="Compare the annotators whose work is in this browser (your own and imported colleagues')">
                    { "Compare the annotators in this library" }
                </button>
                if state.team.is_some() {
                    <button onclick={onclose} title="Forget the compared files and any adjudication in progress">
                        { "Close the comparison" }
                    </button>
                }
                <input type="file" ref={file_input} multiple=true class="visually-hidden" tabindex="-1"
                    accept=".json,.jsonld,.jsonl,.ndjson" onchange={onchoose} aria-label="Annotators' files" />
            </div>
            if !problems.is_empty() {
                <section class="problem" role="alert" aria-label="Files not compared">
                    <p>{ "Nothing was compared:" }</p>
                    <ul>{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                </section>
            }
            if let Some(TeamPtr(team)) = &state.team {
                { report(team) }
            }
        </main>
    }
}

/// What a page of the compared files shows when none are open.
pub fn no_team() -> Html {
    html! {
        <main class="team">
            <nav class="reader-nav"><a href={Route::Team.to_hash()}>{ "← Agreement" }</a></nav>
            <p>{ "No annotators' files are open: open them on the agreement page." }</p>
        </main>
    }
}

fn report(team: &team::Team) -> Html {
    let report = &team.report;
    let corpus = &report.corpus;
    let marks: usize = team.merged.conflicts.iter().map(|(_, _, c)| c.len()).sum();
    let links = team.merged.relation_conflicts.len();
    let attributes = team.merged.attribute_conflicts;
    let conflicts = marks + attributes + links;
    let per_label_row = |name: &str, figure: &Figure| {
        html! {
            <tr>
                <th scope="row">{ name.to_owned() }</th>
                <td>{ shown(figure.overall) }</td>
                { for report.labels.iter().map(|l| html! { <td>{ shown(figure.labels.get(l).copied().flatten()) }</td> }) }
            </tr>
        }
    };
    let pairs = corpus.pairs.iter().map(|pair| {
        let who = format!("{} · {}", pair.a, pair.b);
        html! {
            <>
                { per_label_row(&format!("{who}: exact span F1"), &pair.exact) }
                { per_label_row(&format!("{who}: overlap F1"), &pair.partial) }
                { per_label_row(&format!("{who}: token kappa"), &pair.kappa) }
            </>
        }
    });
    // The chart: alpha per label, a bar from 0 to 1 (below 0 shows as none).
    let bars = report.labels.iter().map(|label| {
        let value = corpus.alpha.labels.get(label).copied().flatten();
        let width = value.map_or(0.0, |v| v.clamp(0.0, 1.0) * 100.0);
        html! {
            <div class="bar-row" role="listitem">
                <span class="bar-label">{ label.clone() }</span>
                <span class="bar-track"><span class="bar" style={format!("width: {width:.1}%")}></span></span>
                <span class="bar-value">{ shown(value) }</span>
            </div>
        }
    });
    let documents = report.documents.iter().map(|doc| {
        // The merged project's document of the same text, and its conflicts.
        let merged_id = team
            .merged
            .project
            .documents()
            .iter()
            .find(|d| d.sha256() == doc.sha256)
            .map(|d| d.id());
        let differences = team
            .merged
            .conflicts
            .iter()
            .find(|(id, _, _)| Some(id) == merged_id)
            .map_or(0, |(_, _, c)| c.len());
        html! {
            <tr>
                <th scope="row">
                    if let Some(id) = merged_id {
                        <a href={Route::TeamDocument(id.clone()).to_hash()}>{ doc.title.clone() }</a>
                    } else {
                        { doc.title.clone() }
                    }
                </th>
                <td>{ doc.annotators.join(", ") }</td>
                <td>{ shown(doc.scores.alpha.overall) }</td>
                <td>{ differences }</td>
            </tr>
        }
    });
    html! {
        <>
            <p class="team-summary" data-testid="team-summary">
                { format!(
                    "{} annotators ({}), {} compared, {} tokens; {marks} places where they differ{}{}.",
                    report.annotators.len(),
                    report.annotators.join(", "),
                    super::reader::plural(report.documents.len(), "document", "documents"),
                    corpus.tokens,
                    match attributes {
                        0 => String::new(),
                        1 => ", 1 mark they agree on with different attributes".to_owned(),
                        n => format!(", {n} marks they agree on with different attributes"),
                    },
                    match links {
                        0 => String::new(),
                        1 => " and 1 pair of marks they link differently".to_owned(),
                        n => format!(" and {n} pairs of marks they link differently"),
                    }
                ) }
            </p>
            if !report.notices.is_empty() || !report.single.is_empty() {
                <ul class="notices" aria-label="Notices">
                    { for report.notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    if !report.single.is_empty() {
                        <li>{ format!("Only one annotator has: {}", report.single.join(", ")) }</li>
                    }
                </ul>
            }
            if conflicts > 0 {
                <p><a class="button-link" href={Route::Adjudicate.to_hash()}>{ format!("Adjudicate the {conflicts} differences") }</a></p>
            }
            <table class="agreement" aria-label="Agreement">
                <thead>
                    <tr>
                        <th scope="col">{ "Measure" }</th>
                        <th scope="col">{ "All labels" }</th>
                        { for report.labels.iter().map(|l| html! { <th scope="col">{ l.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { per_label_row("Krippendorff's alpha (all annotators, tokens)", &corpus.alpha) }
                    { for pairs }
                </tbody>
            </table>
            if !team.relations.pairs.is_empty() {
                { relations(&team.relations) }
            }
            <section aria-labelledby="per-label">
                <h2 id="per-label">{ "Krippendorff's alpha per label" }</h2>
                <div class="bars" role="list" aria-label="Alpha per label">{ for bars }</div>
            </section>
            <section aria-labelledby="per-document">
                <h2 id="per-document">{ "Per document" }</h2>
                <table class="agreement" aria-label="Documents compared">
                    <thead>
                        <tr>
                            <th scope="col">{ "Document" }</th>
                            <th scope="col">{ "Annotators" }</th>
                            <th scope="col">{ "Alpha" }</th>
                            <th scope="col">{ "Differences" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for documents }</tbody>
                </table>
            </section>
        </>
    }
}
