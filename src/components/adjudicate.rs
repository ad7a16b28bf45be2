//! Adjudication (`#/team/adjudicate`): the compared files' differences one at a time —
//! first where their marks differ, each in its sentence, then where they link marks
//! differently — settled by mouse or keyboard: take one annotator's marks or links
//! (1, 2, …), all of them (A), or none (N), into a gold set that starts with
//! everything all annotators agreed on (a link taken brings its ends with it). Ctrl+Z undoes a decision; the gold file is
//! exported when done. A number means the same annotator for the whole session (the
//! annotators in name order, each shown with their key), whoever marked the difference
//! at hand, so going fast never takes the wrong person's marks.

use crate::route::Route;
use crate::state::StateHandle;
use crate::team::TeamPtr;
use factmark_core::Project;
use factmark_core::action::History;
use factmark_core::document::DocId;
use factmark_core::format::native::{self, NativeFile};
use factmark_core::merge::{
    self, Adjudication as Start, Cluster, Decision, End, Kind, RelationKind, RelationPlace,
};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::utils::document;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The gold set being settled, and the decisions made (one per difference, in order).
struct Session {
    gold: Project,
    history: History,
    decided: usize,
    /// The decisions, in order: kept in the browser, so a reload or Back resumes.
    decisions: Vec<Decision>,
}

/// One difference to settle: annotators' marks at one place of a document, or their
/// links between one pair of marks.
#[derive(Clone)]
enum Difference {
    Span(DocId, Cluster),
    Relation(RelationPlace),
}

impl Difference {
    /// The `at`-th difference of `start`: the marks' first, then the links'.
    fn at(start: &Start, at: usize) -> Option<Difference> {
        match start.open.get(at) {
            Some((doc, cluster)) => Some(Difference::Span(doc.clone(), cluster.clone())),
            None => at
                .checked_sub(start.open.len())
                .and_then(|i| start.open_relations.get(i))
                .map(|place| Difference::Relation(place.clone())),
        }
    }

    /// The documents an annotator must have for their work here to be taken.
    fn documents(&self) -> Vec<&DocId> {
        match self {
            Difference::Span(doc, _) => vec![doc],
            Difference::Relation(place) => vec![&place.ends.0.document, &place.ends.1.document],
        }
    }
}

/// The adjudication page, when annotators' files are open.
#[component]
pub fn Adjudicate() -> Html {
    let state = use_context::<StateHandle>().expect("Adjudicate is rendered inside the state provider");
    let Some(team) = state.team.clone() else {
        return super::team_view::no_team();
    };
    html! { <Adjudication {team} /> }
}

/// Props of [`Adjudication`].
#[derive(Properties, PartialEq)]
struct AdjudicationProps {
    team: TeamPtr,
}

/// The adjudication itself: its hooks run at every render, in the same order.
#[component]
fn Adjudication(props: &AdjudicationProps) -> Html {
    let state = use_context::<StateHandle>().expect("Adjudication is rendered inside the state provider");
    let team = props.team.0.clone();
    let adjudicator = if state.annotator.is_empty() {
        "adjudicator".to_owned()
    } else {
        state.annotator.clone()
    };
    let start = use_memo(TeamPtr(team.clone()), {
        let adjudicator = adjudicator.clone();
        move |TeamPtr(team)| merge::adjudication(&team.merged, &adjudicator, crate::clock::now())
    });
    let session = use_mut_ref({
        let gold = start.gold.clone();
        move || Session {
            gold,
            history: History::default(),
            decided: 0,
            decisions: Vec::new(),
        }
    });
    let redraw = use_state(|| 0u32);
    // The adjudicator's own mark being made for the current difference: start, end, label.
    let editing = use_state(|| None::<(usize, usize, String)>);
    let total = start.open.len() + start.open_relations.len();
    // Decides the current difference (`None`: undo the last decision).
    let decide: Rc<dyn Fn(Option<Decision>)> = {
        let (session, redraw, start, adjudicator) = (
            session.clone(),
            redraw.clone(),
            start.clone(),
            adjudicator.clone(),
        );
        Rc::new(move |decision: Option<Decision>| {
            let mut s = session.borrow_mut();
            let s = &mut *s;
            match decision {
                None => {
                    if s.decided > 0 && s.history.undo(&mut s.gold).unwrap_or(false) {
                        s.decided -= 1;
                        s.decisions.pop();
                    }
                }
                Some(decision) => {
                    let now = crate::clock::now();
                    let action = match Difference::at(&start, s.decided) {
                        Some(Difference::Span(doc, cluster)) => {
                            merge::settle(&s.gold, &doc, &cluster, &decision, &adjudicator, now)
                        }
                        Some(Difference::Relation(place)) => {
                            merge::settle_relation(&s.gold, &place, &decision, &adjudicator, now)
                        }
                        None => return,
                    };
                    let Ok(action) = action else {
                        return;
                    };
                    if s.history.perform(&mut s.gold, action).is_ok() {
                        s.decided += 1;
                        s.decisions.push(decision);
                    }
                }
            }
            let kept = encode(&s.decisions);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = crate::storage::save_decisions(&kept).await;
            });
            redraw.set(*redraw + 1);
        })
    };
    let decide: Rc<dyn Fn(Option<Decision>)> = {
        let (inner, editing) = (decide, editing.clone());
        Rc::new(move |decision| {
            editing.set(None);
            inner(decision);
        })
    };
    {
        // An adjudication in progress before a reload (or Back) resumes where it was.
        let (decide, session) = (decide.clone(), session.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let Some(json) = crate::storage::load_decisions().await else {
                    return;
                };
                if session.borrow().decided > 0 {
                    return;
                }
                for decision in decode(&json) {
                    decide(Some(decision));
                }
            });
        });
    }
    let current = Difference::at(&start, session.borrow().decided);
    // Who each number key means, for the whole session.
    let everyone = &team.report.annotators;
    // Of those, who has the current difference's document (the others cannot be taken).
    let takeable: Vec<Option<String>> = everyone
        .iter()
        .map(|who| {
            current
                .as_ref()
                .filter(|difference| {
                    difference.documents().iter().all(|doc| {
                        team.merged
                            .annotators
                            .get(doc)
                            .is_some_and(|has| has.contains(who))
                    })
                })
                .map(|_| who.clone())
        })
        .collect();
    {
        // Keys: 1…9 take an annotator's marks, A all, N none, Ctrl+Z undo.
        let decide = decide.clone();
        let annotators = takeable.clone();
        let edit_start = {
            let (editing, current) = (editing.clone(), current.clone());
            move || {
                if let Some(Difference::Span(_, cluster)) = &current {
                    start_editing(&editing, cluster);
                }
            }
        };
        use_effect_with((session.borrow().decided, *redraw), move |_| {
            let listener = EventListener::new_with_options(
                &document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    let event: &web_sys::KeyboardEvent = event.unchecked_ref();
                    if crate::commands::typing_in_field(event) {
                        return;
                    }
                    let key = event.key();
                    let decision = if (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("z")
                    {
                        None
                    } else if event.ctrl_key() || event.meta_key() || event.alt_key() {
                        return;
                    } else if key.eq_ignore_ascii_case("a") {
                        Some(Decision::All)
                    } else if key.eq_ignore_ascii_case("n") {
                        Some(Decision::Neither)
                    } else if key.eq_ignore_ascii_case("e") {
                        event.prevent_default();
                        edit_start();
                        return;
                    } else if let Some(who) = key
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| annotators.get(i).cloned().flatten())
                    {
                        Some(Decision::Take(who))
                    } else {
                        return;
                    };
                    event.prevent_default();
                    decide(decision);
                },
            );
            move || drop(listener)
        });
    }
    let s = session.borrow();
    let progress = format!(
        "{} of {} differences settled; the gold set has {} annotations{}.",
        s.decided,
        total,
        s.gold.annotations().count(),
        match s.gold.relations().count() {
            0 => String::new(),
            1 => " and 1 relation".to_owned(),
            n => format!(" and {n} relations"),
        }
    );
    let undo = {
        let decide = decide.clone();
        Callback::from(move |_| decide(None))
    };
    let export = {
        let session = session.clone();
        Callback::from(move |_| {
            let json = native::write(&NativeFile::from_project(&session.borrow().gold, true));
            let _ = crate::download::download("gold.factmark.json", "application/json", &json);
        })
    };
    let all = {
        let d = decide.clone();
        Callback::from(move |_| d(Some(Decision::All)))
    };
    let none = {
        let d = decide.clone();
        Callback::from(move |_| d(Some(Decision::Neither)))
    };
    let body = match &current {
        Some(Difference::Relation(place)) => {
            relation_body(place, &team, everyone, &takeable, &decide, all, none)
        }
        Some(Difference::Span(doc, cluster)) => {
            let document = team.merged.project.document(doc);
            let text = document.map(|d| d.text()).unwrap_or_default();
            let slice = |span: factmark_core::Span| span.slice(text).unwrap_or_default().to_owned();
            let kind = match cluster.kind {
                Kind::Label => "They differ on the label",
                Kind::Boundaries => "They differ on the boundaries",
                Kind::LabelAndBoundaries => "They differ on the label and the boundaries",
                Kind::OnlySome => "Only some marked something here",
                Kind::Agree => "They agree on the mark, not on its attributes",
            };
            let buttons = choices(
                everyone,
                &takeable,
                &decide,
                "does not have this document",
                "nothing here",
                &|who| {
                    cluster
                        .marks
                        .iter()
                        .filter(|m| m.annotator == who)
                        .map(|m| format!("{} «{}»{}", m.label, slice(m.span), attributes(&m.attributes)))
                        .collect()
                },
            );
            let sentence = factmark_core::words::sentence_around(text, cluster.span);
            let before =
                factmark_core::Span::new(sentence.start(), cluster.span.start().max(sentence.start()))
                    .map(slice)
                    .unwrap_or_default();
            let after = factmark_core::Span::new(cluster.span.end().min(sentence.end()), sentence.end())
                .map(slice)
                .unwrap_or_default();
            let editor = editor(&editing, text, &team.merged.project, &decide);
            let open_editor = {
                let (editing, cluster) = (editing.clone(), cluster.clone());
                Callback::from(move |_| start_editing(&editing, &cluster))
            };
            html! {
                <section class="details" aria-label="Difference">
                    <h2>{ format!("{} — {}", kind, document.map(|d| d.title()).unwrap_or_default()) }</h2>
                    <blockquote class="quote" data-testid="difference-sentence">
                        { before }<mark data-testid="difference-text">{ slice(cluster.span) }</mark>{ after }
                    </blockquote>
                    { buttons }
                    <p>
                        <button onclick={all} aria-keyshortcuts="A">{ "Take all (A)" }</button>
                        { " " }
                        <button onclick={none} aria-keyshortcuts="N">{ "Take none (N)" }</button>
                        { " " }
                        <button onclick={open_editor} aria-keyshortcuts="E">{ "Edit (E)" }</button>
                    </p>
                    { editor }
                </section>
            }
        }
        None => html! {
            <section class="details" aria-label="Done">
                <p>{ "Every difference is settled." }</p>
            </section>
        },
    };
    html! {
        <main class="team" aria-labelledby="adjudicate-title">
            <nav class="reader-nav"><a href={Route::Team.to_hash()}>{ "← Agreement" }</a></nav>
            <h1 id="adjudicate-title">{ "Adjudication" }</h1>
            <p role="status" data-testid="adjudication-progress">{ progress }</p>
            { body }
            <p class="library-actions">
                <button onclick={undo} disabled={s.decided == 0} aria-keyshortcuts="Control+Z">{ "Undo decision" }</button>
                <button onclick={export}>{ "Export gold file" }</button>
            </p>
        </main>
    }
}

/// The body for a difference in links: the two marks, then each annotator's links
/// between them to take.
fn relation_body(
    place: &RelationPlace,
    team: &crate::team::Team,
    everyone: &[String],
    takeable: &[Option<String>],
    decide: &Rc<dyn Fn(Option<Decision>)>,
    all: Callback<MouseEvent>,
    none: Callback<MouseEvent>,
) -> Html {
    let kind = match place.kind {
        RelationKind::Type => "They link these marks differently",
        RelationKind::OnlySome => "Only some linked these marks",
        RelationKind::Agree => "They agree",
    };
    let title = |end: &End| {
        team.merged
            .project
            .document(&end.document)
            .map(|d| d.title().to_owned())
            .unwrap_or_default()
    };
    let (first, second) = &place.ends;
    let end = |name: &str, end: &End| {
        html! {
            <li>
                { format!("{name}: {} ", end.label) }
                <mark>{ end.quote.clone() }</mark>
                { format!(" — {}", title(end)) }
            </li>
        }
    };
    let buttons = choices(
        everyone,
        takeable,
        decide,
        "does not have both documents",
        "no link",
        &|who| {
            place
                .marks
                .iter()
                .filter(|m| m.annotator == who)
                .map(|m| format!("{} ({})", m.kind, place.way(m)))
                .collect()
        },
    );
    html! {
        <section class="details" aria-label="Difference">
            <h2>{ kind }</h2>
            <ul class="relation-ends" data-testid="difference-ends">
                { end("A", first) }
                { end("B", second) }
            </ul>
            { buttons }
            <p>
                <button onclick={all} aria-keyshortcuts="A">{ "Take all (A)" }</button>
                { " " }
                <button onclick={none} aria-keyshortcuts="N">{ "Take none (N)" }</button>
            </p>
        </section>
    }
}

/// ` (quote: direct; check-worthy: check-worthy)`, or nothing for a mark without
/// attributes.
fn attributes(of: &factmark_core::Attributes) -> String {
    if of.is_empty() {
        return String::new();
    }
    let each: Vec<String> = of
        .iter()
        .map(|(field, value)| format!("{field}: {}", value.display()))
        .collect();
    format!(" ({})", each.join("; "))
}

/// A button per annotator to take their work here (the number key of the session), and
/// what they did here: `done(who)` for each, or `nothing` when they did nothing, or
/// `lacks` when they cannot be taken (missing a document).
fn choices(
    everyone: &[String],
    takeable: &[Option<String>],
    decide: &Rc<dyn Fn(Option<Decision>)>,
    lacks: &str,
    nothing: &str,
    done: &dyn Fn(&str) -> Vec<String>,
) -> Html {
    let items = everyone
        .iter()
        .zip(takeable)
        .enumerate()
        .map(|(i, (who, takeable))| {
            let did = done(who);
            let onclick = {
                let (decide, who) = (decide.clone(), who.clone());
                Callback::from(move |_| decide(Some(Decision::Take(who.clone()))))
            };
            let key = (i < 9).then(|| (i + 1).to_string());
            let what = match (takeable, did.is_empty()) {
                (None, _) => lacks.to_owned(),
                (Some(_), true) => nothing.to_owned(),
                (Some(_), false) => did.join(", "),
            };
            html! {
                <li>
                    <button {onclick} disabled={takeable.is_none()} aria-keyshortcuts={key.clone()}>
                        { match &key {
                            Some(key) => format!("{key} · Take {who}'s"),
                            None => format!("Take {who}'s"),
                        } }
                    </button>
                    { format!(" {what}") }
                </li>
            }
        });
    html! { <ul class="choices">{ for items }</ul> }
}

/// Opens the form for the adjudicator's own mark on `cluster`: its whole span, with
/// the label of its first mark.
fn start_editing(editing: &UseStateHandle<Option<(usize, usize, String)>>, cluster: &merge::Cluster) {
    let label = cluster.marks.first().map(|m| m.label.clone()).unwrap_or_default();
    editing.set(Some((cluster.span.start(), cluster.span.end(), label)));
}

/// The form for the adjudicator's own mark: label, start and end (code points), the
/// text they give, and "Add to gold".
fn editor(
    editing: &UseStateHandle<Option<(usize, usize, String)>>,
    text: &str,
    project: &Project,
    decide: &Rc<dyn Fn(Option<Decision>)>,
) -> Html {
    let Some((start, end, label)) = (**editing).clone() else {
        return html! {};
    };
    let span = factmark_core::Span::new(start, end).ok();
    let quote = span.and_then(|s| s.slice(text).ok()).map(str::to_owned);
    let number = |value: String| value.trim().parse::<usize>().ok();
    let onstart = {
        let (editing, label) = (editing.clone(), label.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(at) = number(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()) {
                editing.set(Some((at, end, label.clone())));
            }
        })
    };
    let onend = {
        let (editing, label) = (editing.clone(), label.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(at) = number(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()) {
                editing.set(Some((start, at, label.clone())));
            }
        })
    };
    let onlabel = {
        let editing = editing.clone();
        Callback::from(move |e: Event| {
            let label = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            editing.set(Some((start, end, label)));
        })
    };
    let onsubmit = {
        let (decide, label, valid) = (decide.clone(), label.clone(), quote.is_some());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Some(span), true) = (span, valid) {
                decide(Some(Decision::Mark(span, label.clone())));
            }
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(None))
    };
    html! {
        <form class="edit-mark" aria-label="Your own mark" {onsubmit}>
            <label>{ "Label " }
                <select onchange={onlabel} aria-label="Label">
                    { for project.labels().iter().map(|l| html! {
                        <option value={l.name.clone()} selected={l.name == label}>{ l.name.clone() }</option>
                    }) }
                </select>
            </label>
            <label>{ "Start " }<input type="number" min="0" value={start.to_string()} oninput={onstart} aria-label="Start" /></label>
            <label>{ "End " }<input type="number" min="1" value={end.to_string()} oninput={onend} aria-label="End" /></label>
            <p data-testid="edit-quote">
                { match &quote {
                    Some(q) => format!("«{q}»"),
                    None => "These offsets are not a span of the text.".to_owned(),
                } }
            </p>
            <button type="submit" disabled={quote.is_none()}>{ "Add to gold" }</button>
            <button type="button" onclick={cancel}>{ "Cancel" }</button>
        </form>
    }
}

/// Decisions as JSON: `"all"`, `"none"`, `{"take": name}`, `{"mark": [start, end, label]}`.
fn encode(decisions: &[Decision]) -> String {
    let values: Vec<serde_json::Value> = decisions
        .iter()
        .map(|decision| match decision {
            Decision::All => serde_json::json!("all"),
            Decision::Neither => serde_json::json!("none"),
            Decision::Take(who) => serde_json::json!({ "take": who }),
            Decision::Mark(span, label) => serde_json::json!({ "mark": [span.start(), span.end(), label] }),
        })
        .collect();
    serde_json::Value::Array(values).to_string()
}

/// The decisions [`encode`] wrote; what is not one is skipped.
fn decode(json: &str) -> Vec<Decision> {
    let Ok(serde_json::Value::Array(values)) = serde_json::from_str(json) else {
        return Vec::new();
    };
    values
        .iter()
        .filter_map(|value| match value {
            serde_json::Value::String(s) if s == "all" => Some(Decision::All),
            serde_json::Value::String(s) if s == "none" => Some(Decision::Neither),
            _ => {
                if let Some(who) = value.get("take").and_then(|w| w.as_str()) {
                    return Some(Decision::Take(who.to_owned()));
                }
                let mark = value.get("mark")?.as_array()?;
                let span = factmark_core::Span::new(
                    usize::try_from(mark.first()?.as_u64()?).ok()?,
                    usize::try_from(mark.get(1)?.as_u64()?).ok()?,
                )
                .ok()?;
                Some(Decision::Mark(span, mark.get(2)?.as_str()?.to_owned()))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, item 6: an adjudication's decisions survive a reload, kept as JSON.
    #[test]
    fn item_6_decisions_are_kept_and_read_back() {
        let decisions = vec![
            Decision::All,
            Decision::Neither,
            Decision::Take("Ана 🇧🇾".to_owned()),
            Decision::Mark(factmark_core::Span::new(3, 9).unwrap(), "Claim".to_owned()),
        ];
        assert_eq!(decode(&encode(&decisions)), decisions);
        assert_eq!(decode("not json"), []);
    }
}
