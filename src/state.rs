//! The app's state and the messages that change it: a pure reducer, as in Yew's
//! `function_todomvc` example. Side effects — reading the clock, saving, downloading —
//! happen in components and effects, which put what they learn into messages.

use crate::files::{Opened, Outcome};
use crate::route::Route;
use factmark_core::action::History;
use factmark_core::assist::Item;
use factmark_core::clutter::{self, NOT_THE_ARTICLE};
use factmark_core::import::ImportPlan;
use factmark_core::{
    Action, Annotation, AnnotationId, DocId, Document, Project, Span, Timestamp, ignored, words,
};
use std::rc::Rc;
use yew::prelude::*;

/// Everything the app shows.
#[derive(Debug, Clone)]
pub struct State {
    /// The documents, labels and annotations.
    pub project: Rc<Project>,
    /// Undo and redo.
    pub history: Rc<History>,
    /// The screen showing.
    pub route: Route,
    /// The text selected in the open document, in code points, as the DOM reports it.
    pub selection: Option<Span>,
    /// The annotation picked for editing.
    pub focused: Option<AnnotationId>,
    /// "Sticky label" mode: a finished selection is marked with this label at once.
    pub sticky: Option<String>,
    /// The last edit that could not be made, in words.
    pub problem: Option<String>,
    /// Who is annotating (recorded on each annotation).
    pub annotator: String,
    /// A factmark file read and waiting for the user to confirm the merge.
    pub pending_import: Option<PendingImport>,
    /// What happened to the files last opened, one line each, problems first.
    pub reports: Vec<Report>,
    /// Whether the keyboard help is showing.
    pub help: bool,
    /// Annotators' files opened to compare, if any.
    pub team: Option<crate::team::TeamPtr>,
    /// The annotation a relation is being made from: the link picker is open.
    pub linking: Option<AnnotationId>,
    /// The relation type last chosen in the link picker (offered first next time).
    pub link_kind: Option<String>,
    /// The relation type whose every arc in the open document is drawn, if any.
    pub arcs_of: Option<String>,
    /// News about the last edit that is not a problem (a relabel that took relations
    /// with it), shown until the next edit.
    pub notice: Option<String>,
    /// The open document's suggestions, in reading order (from the assist module:
    /// see [`crate::assist`]); never part of the project until accepted.
    pub suggestions: Rc<Vec<Item>>,
    /// The suggestion picked (by `N`/`P` or a click), by index in `suggestions`.
    pub suggestion: Option<usize>,
    /// Whether suggestions are on.
    pub suggest: bool,
}

/// A factmark file waiting to be merged, with what merging would do.
#[derive(Debug, Clone)]
pub struct PendingImport {
    /// The file's name.
    pub file_name: String,
    /// What merging it would do.
    pub plan: Rc<ImportPlan>,
    /// Per conflict of the plan: whether to take the file's version (else keep ours).
    pub take_theirs: Vec<bool>,
}

impl PartialEq for PendingImport {
    /// The same plan (each change to a plan makes a new one), name and choices: a plan
    /// is never compared field by field.
    fn eq(&self, other: &PendingImport) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
            && self.file_name == other.file_name
            && self.take_theirs == other.take_theirs
    }
}

/// One line about a file that was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Whether it is a problem (shown as an alert) or news.
    pub problem: bool,
    /// "file name: what happened".
    pub text: String,
}

impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        Rc::ptr_eq(&self.project, &other.project)
            && Rc::ptr_eq(&self.history, &other.history)
            && self.route == other.route
            && self.selection == other.selection
            && self.focused == other.focused
            && self.sticky == other.sticky
            && self.problem == other.problem
            && self.annotator == other.annotator
            && self.pending_import == other.pending_import
            && self.reports == other.reports
            && self.help == other.help
            && self.team == other.team
            && self.linking == other.linking
            && self.arcs_of == other.arcs_of
            && self.link_kind == other.link_kind
            && self.notice == other.notice
            && Rc::ptr_eq(&self.suggestions, &other.suggestions)
            && self.suggestion == other.suggestion
            && self.suggest == other.suggest
    }
}

/// A change to the [`State`].
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Annotators' files were opened to compare.
    Team(crate::team::TeamPtr),
    /// The compared files were closed.
    CloseTeam,
    /// Who annotates from now on (new annotations record it).
    SetAnnotator(String),
    /// The URL now names this route.
    Navigate(Route),
    /// The user selected this span of the open document (or nothing).
    Select(Option<Span>),
    /// Mark the current selection with `label`: snapped to words unless `exact`.
    Mark {
        /// The label's name.
        label: String,
        /// Keep the selection exactly as made (white space still trimmed).
        exact: bool,
        /// The new annotation's id.
        id: AnnotationId,
        /// The time of the edit.
        now: Timestamp,
    },
    /// Apply an edit made elsewhere (relabel, note, resize, remove…) and record it.
    Perform(Action),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Pick an annotation for editing, or none.
    Focus(Option<AnnotationId>),
    /// Pick the innermost annotation covering this offset of the open document.
    FocusAt(usize),
    /// Turn sticky-label mode on with a label, or off.
    SetSticky(Option<String>),
    /// Replace the project (loaded from storage); history starts afresh.
    Load(Project),
    /// Show a problem found outside the reducer (an edit that could not be built).
    Problem(String),
    /// Forget the last problem.
    DismissProblem,
    /// Files were opened: add their documents, or preview a factmark file.
    Opened(Vec<Outcome>),
    /// Merge the pending factmark file; conflicts take the file's side if `take_theirs`.
    ConfirmImport,
    /// For conflict `index` of the pending import (every conflict when `None`): take
    /// the file's version (`true`) or keep this browser's.
    ChooseConflict {
        /// Which conflict; all of them when `None`.
        index: Option<usize>,
        /// Take the file's version.
        take_theirs: bool,
    },
    /// Put the pending import's annotations on the text it names only by `source` (a
    /// W3C file from another tool) on the project's document `document`.
    PlaceSource {
        /// The source, as the file names it.
        source: String,
        /// The document chosen for it.
        document: DocId,
    },
    /// Forget the pending factmark file.
    CancelImport,
    /// Forget the reports about opened files.
    DismissReports,
    /// Show these reports (what an export did).
    Reported(Vec<Report>),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Hide the keyboard help (if it shows).
    HideHelp,
    /// Open the link picker for this annotation, or close it.
    Link(Option<AnnotationId>),
    /// Link with this relation type from now on.
    LinkKind(String),
    /// Draw every arc of this relation type in the open document, or only the focused
    /// annotation's.
    ShowArcs(Option<String>),
    /// Open the annotation's document and focus it.
    Reveal(AnnotationId),
    /// Show this news about an edit, or none.
    Notice(Option<String>),
    /// The open document's suggestions are these (none when turned off).
    Suggestions(Rc<Vec<Item>>),
    /// Pick this suggestion (by index), or none.
    FocusSuggestion(Option<usize>),
    /// Turn suggestions on or off.
    SetSuggest(bool),
}

impl State {
    /// The state at start-up.
    pub fn new(project: Project, route: Route) -> State {
        State {
            project: Rc::new(project),
            history: Rc::new(History::default()),
            route,
            selection: None,
            focused: None,
            sticky: None,
            problem: None,
            annotator: String::new(),
            pending_import: None,
            reports: Vec::new(),
            help: false,
            team: None,
            linking: None,
            link_kind: None,
            arcs_of: None,
            notice: None,
            suggestions: Rc::new(Vec::new()),
            suggestion: None,
            suggest: true,
        }
    }

    /// The picked suggestion, if any.
    pub fn focused_suggestion(&self) -> Option<&Item> {
        self.suggestion.and_then(|i| self.suggestions.get(i))
    }

    /// The open document's suggestions in `project`: `items` (the assist module's) and,
    /// while suggestions are on, the site chrome at the ends of its text
    /// ([`factmark_core::clutter`]), in reading order; none marked there with its label
    /// already, set aside already, or rejected. The list held now when it is the same.
    pub fn suggestions_in<'a>(
        &self,
        project: &Project,
        items: impl IntoIterator<Item = &'a Item>,
    ) -> Rc<Vec<Item>> {
        let doc = match &self.route {
            Route::Document(id) if self.suggest => project.document(id),
            _ => None,
        };
        let open: Vec<Item> = match doc {
            None => Vec::new(),
            Some(doc) => {
                let mut open: Vec<Item> = items
                    .into_iter()
                    .filter(|item| item.doc == *doc.id() && item.label != NOT_THE_ARTICLE)
                    .cloned()
                    .collect();
                // The document's marks, only when there are the module's suggestions to
                // check against them (no label is the chrome's): an edit with none to
                // check does not walk every annotation of the document.
                let marked: std::collections::HashSet<(Span, &str)> = if open.is_empty() {
                    std::collections::HashSet::new()
                } else {
                    project
                        .annotations_in(doc.id())
                        .map(|a| (a.span(), a.label.as_str()))
                        .collect()
                };
                let aside =
                    |span: Span| ignored::at(doc.ignored(), span.start()).is_some_and(|r| r.contains(span));
                // The module's come in reading order; the chrome (two places at most) is
                // put among them.
                for span in clutter::suggested_in(doc.text(), doc.cp_len()) {
                    let at = open.partition_point(|item| item.start < span.start());
                    open.insert(
                        at,
                        Item {
                            doc: doc.id().clone(),
                            start: span.start(),
                            end: span.end(),
                            label: NOT_THE_ARTICLE.to_owned(),
                            origin: Some(clutter::ORIGIN.to_owned()),
                            score: clutter::SCORE,
                        },
                    );
                }
                open.retain(|item| {
                    item.place().is_some_and(|place| {
                        let settled = marked.contains(&(place.span, item.label.as_str()))
                            || project.is_rejected(&place)
                            || item.label == NOT_THE_ARTICLE && aside(place.span);
                        !settled
                    })
                });
                open
            }
        };
        if *self.suggestions == open {
            self.suggestions.clone()
        } else {
            Rc::new(open)
        }
    }

    /// The document the route names, if it exists.
    pub fn open_document(&self) -> Option<&Document> {
        match &self.route {
            Route::Document(id) => self.project.document(id),
            Route::Library | Route::Team | Route::TeamDocument(_) | Route::Adjudicate => None,
        }
    }

    /// The id of the open document, if any.
    pub fn open_id(&self) -> Option<&DocId> {
        self.open_document().map(Document::id)
    }

    /// The innermost annotation of the open document at code point `offset`.
    pub fn annotation_at(&self, offset: usize) -> Option<AnnotationId> {
        // Walks the spans index alone, and stops at the first span starting past
        // `offset`: no annotation is looked up, however many the document holds.
        let doc = self.open_id()?;
        self.project
            .reading_spans(doc)
            .take_while(|(span, _)| span.start() <= offset)
            .filter(|(span, _)| offset < span.end())
            .min_by_key(|(span, _)| span.len())
            .map(|(_, id)| id.clone())
    }

    /// The focused annotation, if it still exists.
    pub fn focused_annotation(&self) -> Option<&Annotation> {
        self.focused.as_ref().and_then(|id| self.project.annotation(id))
    }

    /// The span the current selection would be marked as.
    pub fn span_to_mark(&self, exact: bool) -> Option<Span> {
        let text = self.open_document()?.text();
        let selection = self.selection?;
        if exact {
            words::trim_white_space(text, selection)
        } else {
            words::snap_to_words(text, selection)
        }
    }

    fn with_edit(&self, action: Action) -> State {
        let action = self.project.with_progress(action);
        let mut project = (*self.project).clone();
        let mut history = (*self.history).clone();
        let step = history.perform(&mut project, action).map(|()| true);
        self.after_step(step, project, history)
    }

    /// The state after an edit, undo or redo made on `project` and `history`: what it
    /// removed is no longer focused or linked from; or, when it failed, why.
    fn after_step(
        &self,
        step: Result<bool, factmark_core::EditError>,
        project: Project,
        history: History,
    ) -> State {
        let mut next = self.cloned();
        match step {
            Ok(true) => {
                let exists =
                    |id: &Option<AnnotationId>| id.clone().filter(|id| project.annotation(id).is_some());
                next.focused = exists(&self.focused);
                next.linking = exists(&self.linking);
                // An accepted or rejected suggestion goes at once (the module's next
                // answer agrees); the one picked stays at its place in the list.
                next.suggestions = self.suggestions_in(&project, self.suggestions.iter());
                next.suggestion = self
                    .suggestion
                    .filter(|_| !next.suggestions.is_empty())
                    .map(|i| i.min(next.suggestions.len() - 1));
                next.project = Rc::new(project);
                next.history = Rc::new(history);
                next.problem = None;
                next.notice = None;
            }
            Ok(false) => {}
            Err(err) => next.problem = Some(err.to_string()),
        }
        next
    }

    fn with_opened(&self, outcomes: Vec<Outcome>) -> State {
        let mut problems = Vec::new();
        let mut news = Vec::new();
        let mut additions = Vec::new();
        let mut pending_import = self.pending_import.clone();
        let mut seen: Vec<DocId> = Vec::new();
        for (name, outcome) in outcomes {
            match outcome {
                Err(problem) => problems.push(format!("{name}: {problem}")),
                Ok(Opened::Documents(documents)) => {
                    let (mut fresh, mut known) = (0, 0);
                    for document in documents {
                        if self.project.document(document.id()).is_some() || seen.contains(document.id()) {
                            known += 1;
                            continue;
                        }
                        seen.push(document.id().clone());
                        additions.push(document);
                        fresh += 1;
                    }
                    news.push(match (fresh, known) {
                        (_, 0) => format!("{name}: added {fresh} document{}", plural(fresh)),
                        (0, _) => format!("{name}: already in the library"),
                        _ => format!("{name}: added {fresh}; {known} already in the library"),
                    });
                }
                Ok(Opened::Import(plan)) if pending_import.is_none() => {
                    pending_import = Some(PendingImport {
                        file_name: name,
                        take_theirs: vec![false; plan.conflicts.len()],
                        plan: Rc::new(*plan),
                    });
                }
                Ok(Opened::Import(_)) => problems.push(format!(
                    "{name}: not read, because another factmark file is waiting to be imported; open it afterwards"
                )),
            }
        }
        let mut next = if additions.is_empty() {
            self.clone()
        } else {
            let mut index = self.project.documents().len();
            let actions = additions
                .into_iter()
                .map(|document| {
                    index += 1;
                    Action::AddDocument {
                        index: index - 1,
                        document,
                        annotations: Vec::new(),
                    }
                })
                .collect();
            self.with_edit(Action::Batch(actions))
        };
        next.pending_import = pending_import;
        next.reports = problems
            .into_iter()
            .map(|text| Report { problem: true, text })
            .chain(news.into_iter().map(|text| Report { problem: false, text }))
            .collect();
        next
    }

    fn with_history_step(&self, undo: bool) -> State {
        let mut project = (*self.project).clone();
        let mut history = (*self.history).clone();
        let step = if undo {
            history.undo(&mut project)
        } else {
            history.redo(&mut project)
        };
        self.after_step(step, project, history)
    }
}

impl State {
    /// A copy to change: one function every message calls, rather than a copy of the
    /// whole state written out in each (which would make the reducer many times larger
    /// in the browser's bundle).
    #[inline(never)]
    fn cloned(&self) -> State {
        self.clone()
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let next = match msg {
            Msg::Navigate(route) if route == self.route => return self,
            // What the last files or export did is news of the page it happened on.
            // A link being made stays open: its other end may be in the next document.
            Msg::Navigate(route) => {
                let mut next = self.cloned();
                next.route = route;
                next.selection = None;
                next.focused = None;
                next.reports = Vec::new();
                // The module's come for the new document; the site chrome is known now.
                next.suggestions = next.suggestions_in(&self.project, []);
                next.suggestion = None;
                next
            }
            Msg::Select(selection) if selection == self.selection => return self,
            Msg::Select(selection) => {
                let mut next = self.cloned();
                next.selection = selection;
                next
            }
            Msg::Mark {
                label,
                exact,
                id,
                now,
            } => {
                let (Some(doc), Some(span)) = (self.open_id(), self.span_to_mark(exact)) else {
                    return self;
                };
                match self
                    .project
                    .new_annotation(id.clone(), doc, span, &label, &self.annotator, now)
                {
                    Ok(annotation) => State {
                        focused: Some(id),
                        ..self.with_edit(Action::AddAnnotation(annotation))
                    },
                    Err(err) => {
                        let mut next = self.cloned();
                        next.problem = Some(err.to_string());
                        next
                    }
                }
            }
            Msg::Perform(action) => self.with_edit(action),
            Msg::Undo => self.with_history_step(true),
            Msg::Redo => self.with_history_step(false),
            Msg::Focus(focused) => {
                let mut next = self.cloned();
                if focused.is_some() {
                    next.suggestion = None;
                }
                next.focused = focused;
                next
            }
            Msg::FocusAt(offset) => {
                let mut next = self.cloned();
                next.focused = self.annotation_at(offset);
                // A click where there is no annotation picks the suggestion there.
                next.suggestion = match next.focused {
                    Some(_) => None,
                    None => self
                        .suggestions
                        .iter()
                        .position(|i| i.start <= offset && offset < i.end),
                };
                next
            }
            Msg::CloseTeam => {
                let mut next = self.cloned();
                next.team = None;
                next
            }
            Msg::Team(team) => {
                let mut next = self.cloned();
                next.team = Some(team);
                next
            }
            Msg::SetAnnotator(annotator) => {
                let mut next = self.cloned();
                next.annotator = annotator;
                next
            }
            Msg::SetSticky(sticky) => {
                let mut next = self.cloned();
                next.sticky = sticky;
                next
            }
            Msg::Load(project) => {
                let mut next = self.cloned();
                next.project = Rc::new(project);
                next.history = Rc::new(History::default());
                next.focused = None;
                next
            }
            Msg::Problem(problem) => {
                let mut next = self.cloned();
                next.problem = Some(problem);
                next
            }
            Msg::DismissProblem => {
                let mut next = self.cloned();
                next.problem = None;
                next
            }
            Msg::Opened(outcomes) => self.with_opened(outcomes),
            Msg::ChooseConflict { index, take_theirs } => {
                let Some(mut pending) = self.pending_import.clone() else {
                    return self;
                };
                match index {
                    Some(i) if i < pending.take_theirs.len() => pending.take_theirs[i] = take_theirs,
                    Some(_) => return self,
                    None => pending.take_theirs.iter_mut().for_each(|t| *t = take_theirs),
                }
                {
                    let mut next = self.cloned();
                    next.pending_import = Some(pending);
                    next
                }
            }
            Msg::ConfirmImport => {
                let Some(pending) = self.pending_import.clone() else {
                    return self;
                };
                let action = pending.plan.action(&self.project, &pending.take_theirs);
                State {
                    pending_import: None,
                    ..self.with_edit(action)
                }
            }
            Msg::PlaceSource { source, document } => {
                let Some(pending) = self.pending_import.clone() else {
                    return self;
                };
                let Some(file) = pending.plan.file.clone() else {
                    return self;
                };
                let mut chosen: std::collections::HashMap<String, DocId> = pending
                    .plan
                    .sources
                    .iter()
                    .filter(|c| c.chosen)
                    .filter_map(|c| Some((c.source.clone(), c.document.clone()?)))
                    .collect();
                chosen.insert(source, document);
                let mut plan = factmark_core::import::plan_with(&self.project, &file, &chosen);
                plan.left_out = pending.plan.left_out.clone();
                plan.unread = pending.plan.unread.clone();
                {
                    let mut next = self.cloned();
                    next.pending_import = Some(PendingImport {
                        take_theirs: vec![false; plan.conflicts.len()],
                        plan: Rc::new(plan),
                        ..pending
                    });
                    next
                }
            }
            Msg::CancelImport => {
                let mut next = self.cloned();
                next.pending_import = None;
                next
            }
            Msg::Reported(reports) => {
                let mut next = self.cloned();
                next.reports = reports;
                next
            }
            Msg::DismissReports => {
                let mut next = self.cloned();
                next.reports = Vec::new();
                next
            }
            Msg::ToggleHelp => {
                let mut next = self.cloned();
                next.help = !self.help;
                next
            }
            Msg::HideHelp if !self.help => return self,
            Msg::HideHelp => {
                let mut next = self.cloned();
                next.help = false;
                next
            }
            Msg::Link(linking) => {
                let mut next = self.cloned();
                next.linking = linking.filter(|id| self.project.annotation(id).is_some());
                next
            }
            Msg::LinkKind(kind) => {
                let mut next = self.cloned();
                next.link_kind = Some(kind);
                next
            }
            Msg::ShowArcs(arcs_of) => {
                let mut next = self.cloned();
                next.arcs_of = arcs_of;
                next
            }
            Msg::Reveal(id) => match self.project.annotation(&id) {
                Some(annotation) => {
                    let mut next = self.cloned();
                    next.route = Route::Document(annotation.document.clone());
                    next.selection = None;
                    next.focused = Some(id);
                    next.linking = None;
                    next
                }
                None => self.as_ref().clone(),
            },
            Msg::Notice(notice) => {
                let mut next = self.cloned();
                next.notice = notice;
                next
            }
            Msg::Suggestions(items) => {
                let mut next = self.cloned();
                // Only the open document's, and only those still open.
                next.suggestions = next.suggestions_in(&self.project, items.iter());
                next.suggestion = self.focused_suggestion().and_then(|picked| {
                    next.suggestions
                        .iter()
                        .position(|i| (i.start, i.end, &i.label) == (picked.start, picked.end, &picked.label))
                });
                next
            }
            Msg::SetSuggest(suggest) => {
                let mut next = self.cloned();
                next.suggest = suggest;
                next.suggestions = next.suggestions_in(&self.project, self.suggestions.iter());
                if !suggest {
                    next.suggestion = None;
                }
                next
            }
            Msg::FocusSuggestion(index) => {
                let mut next = self.cloned();
                next.suggestion = index.filter(|i| *i < self.suggestions.len());
                if next.suggestion.is_some() {
                    next.focused = None;
                }
                next
            }
        };
        Rc::new(next)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The project by identity: effects and memos keyed on it run when the project is
/// replaced, which every edit does, without comparing its contents.
#[derive(Debug, Clone)]
pub struct ProjectPtr(pub Rc<Project>);

impl PartialEq for ProjectPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Suggestions by identity (see [`ProjectPtr`]).
#[derive(Debug, Clone)]
pub struct ItemsPtr(pub Rc<Vec<Item>>);

impl PartialEq for ItemsPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The handle components use to read the state and send messages.
pub type StateHandle = UseReducerHandle<State>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::bundled_project;

    fn open_first() -> Rc<State> {
        let state = Rc::new(State::new(bundled_project(), Route::Library));
        let id = state.project.documents()[0].id().clone();
        state.reduce(Msg::Navigate(Route::Document(id)))
    }

    fn select(state: Rc<State>, piece: &str) -> Rc<State> {
        let text = state.open_document().unwrap().text();
        let start = factmark_core::offsets::cp_of_byte(text, text.find(piece).unwrap()).unwrap();
        let span = Span::new(start, start + piece.chars().count()).unwrap();
        state.reduce(Msg::Select(Some(span)))
    }

    fn mark(state: Rc<State>, label: &str, id: &str, exact: bool) -> Rc<State> {
        state.reduce(Msg::Mark {
            label: label.into(),
            exact,
            id: AnnotationId(id.into()),
            now: Timestamp::from_millis(1),
        })
    }

    #[test]
    fn marking_snaps_to_words_and_focuses_the_new_annotation() {
        let state = select(open_first(), "kraine suspec");
        let state = mark(state, "Claim", "a1", false);
        let annotation = state.focused_annotation().unwrap();
        assert_eq!(annotation.anchor.quote(), "Ukraine suspects");
        assert_eq!(annotation.label, "Claim");
        assert!(state.history.can_undo());
    }

    #[test]
    fn alt_keeps_the_exact_selection() {
        let state = mark(select(open_first(), "kraine "), "Actor", "a1", true);
        assert_eq!(state.focused_annotation().unwrap().anchor.quote(), "kraine");
    }

    #[test]
    fn undo_and_redo_restore_the_project() {
        let before = open_first();
        let marked = mark(select(before.clone(), "Ukraine"), "Actor", "a1", false);
        let undone = marked.clone().reduce(Msg::Undo);
        assert_eq!(*undone.project, *before.project);
        assert_eq!(undone.focused, None, "a removed annotation is not focused");
        let redone = undone.reduce(Msg::Redo);
        assert_eq!(*redone.project, *marked.project);
    }

    #[test]
    fn focus_at_picks_the_innermost_annotation() {
        let state = mark(
            select(open_first(), "Ukraine suspects Russia"),
            "Claim",
            "outer",
            false,
        );
        let state = mark(select(state, "Russia"), "Actor", "inner", false);
        let text = state.open_document().unwrap().text();
        let at = text.find("Russia").unwrap() + 1;
        let state = state.reduce(Msg::FocusAt(at));
        assert_eq!(state.focused, Some(AnnotationId("inner".into())));
        let state = state.reduce(Msg::FocusAt(2));
        assert_eq!(state.focused, Some(AnnotationId("outer".into())));
    }

    #[test]
    fn focus_at_keeps_spans_half_open() {
        let state = mark(select(open_first(), "Russia"), "Actor", "a1", false);
        let span = state
            .project
            .annotation(&AnnotationId("a1".into()))
            .unwrap()
            .span();
        let focused_at = |offset| state.clone().reduce(Msg::FocusAt(offset)).focused.clone();
        assert_eq!(focused_at(span.start()), Some(AnnotationId("a1".into())));
        assert_eq!(focused_at(span.end() - 1), Some(AnnotationId("a1".into())));
        assert_eq!(focused_at(span.end()), None, "the end is outside the span");
        assert_eq!(focused_at(span.start().saturating_sub(1)), None);
    }

    #[test]
    fn a_failed_edit_is_reported_and_changes_nothing() {
        let state = select(open_first(), "Ukraine");
        let state = mark(state, "Claim", "a1", false);
        let again = mark(select(state.clone(), "Russia"), "Claim", "a1", false);
        assert!(
            again
                .problem
                .as_deref()
                .unwrap()
                .contains("already an annotation `a1`")
        );
        assert_eq!(*again.project, *state.project);
    }

    #[test]
    fn opened_files_add_documents_once_and_report_problems() {
        let state = Rc::new(State::new(bundled_project(), Route::Library));
        let text = "Войска у границы\r\nТекст 🇧🇾";
        let opened = |name: &str| {
            (
                name.to_owned(),
                crate::files::interpret(name, text, None, &state.project),
            )
        };
        let state = state.clone().reduce(Msg::Opened(vec![
            opened("a.txt"),
            opened("copy.txt"),
            (
                "photo.png".to_owned(),
                Err("this is not UTF-8 text: byte 0".to_owned()),
            ),
        ]));
        assert_eq!(state.project.documents().len(), 6);
        assert_eq!(state.project.documents()[5].title(), "Войска у границы");
        let texts: Vec<&str> = state.reports.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "photo.png: this is not UTF-8 text: byte 0",
                "a.txt: added 1 document",
                "copy.txt: already in the library"
            ]
        );
        assert!(state.reports[0].problem);
        let undone = state.reduce(Msg::Undo);
        assert_eq!(undone.project.documents().len(), 5);
    }

    #[test]
    fn a_factmark_file_waits_for_confirmation_and_merges_as_one_edit() {
        let theirs = mark(select(open_first(), "Ukraine"), "Actor", "theirs", false);
        let file = factmark_core::format::native::write(
            &factmark_core::format::native::NativeFile::from_project(&theirs.project, false),
        );
        let ours = open_first();
        let opened = crate::files::interpret("theirs.json", &file, None, &ours.project);
        let waiting = ours
            .clone()
            .reduce(Msg::Opened(vec![("theirs.json".to_owned(), opened)]));
        assert_eq!(
            *waiting.project, *ours.project,
            "nothing changes before confirmation"
        );
        assert_eq!(waiting.pending_import.as_ref().unwrap().plan.added.len(), 1);
        let merged = waiting.reduce(Msg::ConfirmImport);
        assert!(merged.pending_import.is_none());
        assert!(
            merged
                .project
                .annotation(&AnnotationId("theirs".into()))
                .is_some()
        );
        assert_eq!(*merged.reduce(Msg::Undo).project, *ours.project);
    }

    #[test]
    fn navigating_clears_the_selection() {
        let state = select(open_first(), "Ukraine");
        let back = state.reduce(Msg::Navigate(Route::Library));
        assert_eq!(back.selection, None);
        assert_eq!(back.open_document(), None);
    }

    #[test]
    fn site_chrome_taken_back_is_suggested_until_set_aside_again_or_rejected() {
        let state = open_first();
        assert!(
            state.suggestions.is_empty(),
            "the bundled article ships with its chrome set aside"
        );
        let doc = state.open_id().unwrap().clone();
        let shipped = state.open_document().unwrap().ignored()[0];
        let kept = state.project.set_aside(&doc, shipped, false).unwrap();
        let state = state.reduce(Msg::Perform(kept));
        let [item] = &state.suggestions[..] else {
            panic!("one suggestion: {:?}", state.suggestions)
        };
        assert_eq!(
            (item.label.as_str(), item.start, item.end),
            (NOT_THE_ARTICLE, shipped.start(), shipped.end())
        );
        // Set aside again: no longer suggested; undone: suggested again; rejected: gone.
        let aside = state.project.set_aside(&doc, shipped, true).unwrap();
        let state = state.reduce(Msg::Perform(aside));
        assert!(state.suggestions.is_empty());
        let state = state.reduce(Msg::Undo);
        assert_eq!(state.suggestions.len(), 1);
        let place = state.suggestions[0].place().unwrap();
        let state = state.reduce(Msg::Perform(Action::Reject(place)));
        assert!(state.suggestions.is_empty());
        // Turned off, nothing is suggested.
        let state = state.reduce(Msg::Undo).reduce(Msg::SetSuggest(false));
        assert!(state.suggestions.is_empty());
    }
}
