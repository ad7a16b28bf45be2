//! Help while marking, as the browser's assist worker runs it (the engine needs the
//! `search` feature; the messages do not, so the page can speak them): the messages the page
//! and the worker exchange ([`ToWorker`], [`FromWorker`], JSON), and the [`Engine`]
//! that answers them — corpus search in batches, and suggestions for the open document
//! from propagation, the rules, the project's patterns and a tagger retrained after
//! each change to what is marked.
//!
//! ```text
//!  page ── Texts (each document's text, when the library changes) ──▶ Engine
//!  page ── Project (native JSON without texts, after edits; the open document) ──▶
//!       ◀── Suggestions (rules, propagation, patterns at once; again once retrained)
//!  page ── Search ──▶  ◀── Hits, a batch per few milliseconds, until done
//! ```
//!
//! The engine holds its own copy of the project, read from the page's native JSON; it
//! never changes it. What the page does with a suggestion (accept, reject) is an edit
//! of the page's project, and comes back here with the next `Project`.

use crate::annotation::AnnotationId;
use crate::document::DocId;
use crate::search::{Mode, Query};
use crate::span::Span;
use crate::suggest::{self, Suggestion};
use serde::{Deserialize, Serialize};
#[cfg(feature = "search")]
use {
    crate::format::native,
    crate::project::Project,
    crate::search::{Searcher, contexts},
    crate::suggest::Sources,
    crate::tagger::{self, ProjectTagger},
    std::collections::HashMap,
};

/// The characters of context each side of a search hit.
pub const CONTEXT: usize = 48;

/// What the page tells the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ToWorker {
    /// Every document's text (replacing what the worker had).
    Texts {
        /// `(id, text)` of each document.
        documents: Vec<(DocId, String)>,
    },
    /// The project as it now is, and the document open (if any).
    Project {
        /// The native file of the project, without texts.
        json: String,
        /// The open document.
        open: Option<DocId>,
        /// Which sources to suggest with.
        sources: SourcesSpec,
    },
    /// Search the library; a new search replaces one under way.
    Search {
        /// Answers carry it.
        id: u32,
        /// What to look for.
        query: QuerySpec,
    },
}

/// [`Sources`] and the learned tagger, as the page turns them on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcesSpec {
    /// Strings marked elsewhere.
    pub propagation: bool,
    /// Built-in rules and the project's patterns.
    pub rules: bool,
    /// The learned tagger.
    pub model: bool,
}

impl Default for SourcesSpec {
    fn default() -> SourcesSpec {
        SourcesSpec {
            propagation: true,
            rules: true,
            model: true,
        }
    }
}

/// A query as the page sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuerySpec {
    /// The text or pattern.
    pub text: String,
    /// `plain`, `whole-word` or `regex`.
    pub mode: String,
    /// Ignore case.
    pub fold_case: bool,
    /// Ignore diacritics.
    pub fold_diacritics: bool,
}

impl QuerySpec {
    /// The query, or what is wrong with its mode.
    pub fn query(&self) -> Result<Query, String> {
        let mode = match self.mode.as_str() {
            "plain" => Mode::Plain,
            "whole-word" => Mode::WholeWord,
            "regex" => Mode::Regex,
            other => return Err(format!("there is no search mode {other:?}")),
        };
        Ok(Query {
            text: self.text.clone(),
            mode,
            fold_case: self.fold_case,
            fold_diacritics: self.fold_diacritics,
        })
    }
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FromWorker {
    /// The suggestions for the open document.
    Suggestions {
        /// The document.
        doc: DocId,
        /// In reading order.
        items: Vec<Item>,
        /// The tagger they were made with, if any.
        model: Option<ModelInfo>,
        /// The project's patterns that cannot run, and why.
        problems: Vec<String>,
        /// Relations suggested between the document's annotations (the `said by` rule).
        #[serde(default)]
        links: Vec<LinkItem>,
    },
    /// A batch of search hits.
    Hits {
        /// The search's id.
        id: u32,
        /// The hits of the documents searched since the last batch (with hits only).
        groups: Vec<HitGroup>,
        /// Documents searched so far, of `total`.
        searched: usize,
        /// Documents in the library.
        total: usize,
        /// Whether the search is over.
        done: bool,
    },
    /// A search that cannot run (a bad pattern), or a message that could not be read.
    Problem {
        /// The search's id, when it is about one.
        id: Option<u32>,
        /// What is wrong.
        text: String,
    },
}

/// A span with a label, as the page and the worker pass them: a suggestion (with its
/// source and score), or a place to mark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The document.
    pub doc: DocId,
    /// Code points, half-open.
    pub start: usize,
    /// Code points, half-open.
    pub end: usize,
    /// The label.
    pub label: String,
    /// Its source ([`suggest::Origin::code`]); `None` for a place a person chose.
    pub origin: Option<String>,
    /// Its source's score, 0–1.
    pub score: f64,
}

read_object!(Item {
    doc: DocId = "doc",
    start: usize = "start",
    end: usize = "end",
    label: String = "label",
    origin: Option<String> = "origin" or None,
    score: f64 = "score",
});

impl Item {
    /// The item of `suggestion`.
    pub fn of(suggestion: &Suggestion) -> Item {
        Item {
            doc: suggestion.document.clone(),
            start: suggestion.span.start(),
            end: suggestion.span.end(),
            label: suggestion.label.clone(),
            origin: Some(suggestion.origin.code()),
            score: suggestion.score,
        }
    }

    /// Its place and label, as a rejection remembers it; `None` when its span is not one.
    pub fn place(&self) -> Option<suggest::Place> {
        Some(suggest::Place {
            document: self.doc.clone(),
            span: Span::new(self.start, self.end).ok()?,
            label: self.label.clone(),
            to: None,
        })
    }

    /// The suggestion it describes, when it is one (a known origin and a span).
    pub fn suggestion(&self) -> Option<Suggestion> {
        Some(Suggestion {
            document: self.doc.clone(),
            span: Span::new(self.start, self.end).ok()?,
            label: self.label.clone(),
            origin: suggest::Origin::from_code(self.origin.as_deref()?)?,
            score: suggest::clamp_score(self.score),
        })
    }
}

/// A relation suggested between two annotations, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkItem {
    /// The `from` end's annotation id (a Claim).
    pub from: String,
    /// The `to` end's annotation id (an Actor).
    pub to: String,
    /// The relation type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its source ([`suggest::Origin::code`]).
    pub origin: String,
    /// Its source's score, 0–1.
    pub score: f64,
    /// The `from` end's text, to show.
    pub from_quote: String,
    /// The `to` end's text, to show.
    pub to_quote: String,
}

read_object!(LinkItem {
    from: String = "from",
    to: String = "to",
    kind: String = "type",
    origin: String = "origin",
    score: f64 = "score",
    from_quote: String = "from_quote" or String::new(),
    to_quote: String = "to_quote" or String::new(),
});

impl LinkItem {
    /// The item of `suggestion`, its ends' quotes read from `project`.
    pub fn of(suggestion: &suggest::RelationSuggestion, project: &crate::Project) -> Option<LinkItem> {
        let quote = |id: &AnnotationId| project.annotation(id).map(|a| a.anchor.quote().to_owned());
        Some(LinkItem {
            from: suggestion.from.0.clone(),
            to: suggestion.to.0.clone(),
            kind: suggestion.kind.clone(),
            origin: suggestion.origin.code(),
            score: suggestion.score,
            from_quote: quote(&suggestion.from)?,
            to_quote: quote(&suggestion.to)?,
        })
    }

    /// The suggestion it describes.
    pub fn suggestion(&self) -> Option<suggest::RelationSuggestion> {
        Some(suggest::RelationSuggestion {
            from: AnnotationId(self.from.clone()),
            to: AnnotationId(self.to.clone()),
            kind: self.kind.clone(),
            origin: suggest::Origin::from_code(&self.origin)?,
            score: suggest::clamp_score(self.score),
        })
    }
}

/// The tagger a batch of suggestions was made with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Tokens it was trained on.
    pub tokens: usize,
    /// How long training took, in milliseconds.
    pub ms: f64,
    /// How long making this batch of suggestions with it took (every source), in
    /// milliseconds.
    #[serde(default)]
    pub suggest_ms: f64,
}

/// One document's hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitGroup {
    /// The document.
    pub doc: DocId,
    /// Its title.
    pub title: String,
    /// The hits, in order.
    pub hits: Vec<Hit>,
}

/// A hit in its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Code points, half-open.
    pub start: usize,
    /// Code points, half-open.
    pub end: usize,
    /// The text before it, on one line ("…" first when cut).
    pub before: String,
    /// The hit.
    pub hit: String,
    /// The text after it ("…" last when cut).
    pub after: String,
}

#[cfg(feature = "search")]
/// A search under way.
struct SearchJob {
    id: u32,
    searcher: Searcher,
    /// The next document to search, by index.
    next: usize,
}

#[cfg(feature = "search")]
/// The worker's state: texts, the project, the tagger, a search under way.
#[derive(Default)]
pub struct Engine {
    texts: HashMap<DocId, String>,
    project: Option<Project>,
    open: Option<DocId>,
    sources: SourcesSpec,
    model: Option<(ProjectTagger, ModelInfo)>,
    /// What the model was trained on ([`learned_from`]).
    trained_on: Option<u64>,
    search: Option<SearchJob>,
}

#[cfg(feature = "search")]
/// A fingerprint of what a tagger learns from: every annotation's document, span and
/// label, and every rejection.
fn learned_from(project: &Project) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for a in project.annotations() {
        (&a.document, a.span(), &a.label).hash(&mut hasher);
    }
    // A rejected relation teaches the tagger nothing.
    for place in project.rejected().iter().filter(|p| !p.is_link()) {
        place.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(feature = "search")]
impl Engine {
    /// An engine with nothing yet.
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Answers `message` (`now` reads a clock in milliseconds): for a project, the open
    /// document's suggestions at once, then (when what is marked changed) again after
    /// retraining the tagger; for a search, nothing yet — its hits come from
    /// [`Engine::search_step`].
    pub fn handle(&mut self, message: ToWorker, now: &dyn Fn() -> f64) -> Vec<FromWorker> {
        match message {
            ToWorker::Texts { documents } => {
                self.texts = documents.into_iter().collect();
                Vec::new()
            }
            ToWorker::Project { json, open, sources } => {
                match self.read_project(&json) {
                    Ok(project) => self.project = Some(project),
                    Err(text) => return vec![FromWorker::Problem { id: None, text }],
                }
                self.open = open;
                self.sources = sources;
                let mut out: Vec<FromWorker> = self.suggestions(now).into_iter().collect();
                if self.retrain(now) {
                    out.extend(self.suggestions(now));
                }
                out
            }
            ToWorker::Search { id, query } => {
                let searcher = query
                    .query()
                    .and_then(|query| Searcher::new(&query).map_err(|err| err.to_string()));
                match searcher {
                    Ok(searcher) => {
                        self.search = Some(SearchJob {
                            id,
                            searcher,
                            next: 0,
                        });
                        Vec::new()
                    }
                    Err(text) => {
                        self.search = None;
                        vec![FromWorker::Problem { id: Some(id), text }]
                    }
                }
            }
        }
    }

    /// The project the page sent, its texts from [`ToWorker::Texts`].
    fn read_project(&self, json: &str) -> Result<Project, String> {
        let mut file = native::read(json).map_err(|err| format!("the project could not be read: {err}"))?;
        for doc in &mut file.documents {
            if doc.text.is_none() {
                doc.text = self.texts.get(&doc.id).cloned();
            }
        }
        file.into_project()
            .map_err(|err| format!("the project could not be read: {err}"))
    }

    /// Trains the tagger again if what is marked changed since; whether it did.
    fn retrain(&mut self, now: &dyn Fn() -> f64) -> bool {
        let Some(project) = &self.project else {
            return false;
        };
        if !self.sources.model {
            return false;
        }
        let fingerprint = learned_from(project);
        if self.trained_on == Some(fingerprint) {
            return false;
        }
        let started = now();
        let model = tagger::train_on_project(project, tagger::Settings::default());
        let ms = now() - started;
        self.trained_on = Some(fingerprint);
        self.model = model.map(|model| {
            let info = ModelInfo {
                tokens: model.tokens,
                ms,
                suggest_ms: 0.0,
            };
            (model, info)
        });
        true
    }

    /// The open document's suggestions, if a document is open.
    fn suggestions(&self, now: &dyn Fn() -> f64) -> Option<FromWorker> {
        let started = now();
        let project = self.project.as_ref()?;
        let doc = self.open.clone().filter(|doc| project.document(doc).is_some())?;
        let sources = Sources {
            propagation: self.sources.propagation,
            rules: self.sources.rules,
        };
        let model = self.model.as_ref().filter(|_| self.sources.model);
        let found = suggest::gather(
            project,
            std::slice::from_ref(&doc),
            sources,
            model.map(|(m, _)| m),
        );
        let problems = if self.sources.rules {
            project.patterns().iter().filter_map(|p| p.problem()).collect()
        } else {
            Vec::new()
        };
        let links = if self.sources.rules {
            suggest::said_by(project, &doc)
                .iter()
                .filter_map(|r| LinkItem::of(r, project))
                .collect()
        } else {
            Vec::new()
        };
        Some(FromWorker::Suggestions {
            doc,
            items: found.iter().map(Item::of).collect(),
            model: model.map(|(_, info)| ModelInfo {
                suggest_ms: now() - started,
                ..*info
            }),
            problems,
            links,
        })
    }

    /// Whether a search is under way.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// Searches on for about `budget_ms` (at least one document), and returns the
    /// batch of hits found; `None` when no search is under way.
    pub fn search_step(&mut self, budget_ms: f64, now: &dyn Fn() -> f64) -> Option<FromWorker> {
        let job = self.search.as_mut()?;
        let documents = self.project.as_ref().map_or(&[][..], |p| p.documents());
        let started = now();
        let mut groups = Vec::new();
        while job.next < documents.len() {
            let document = &documents[job.next];
            job.next += 1;
            let spans = job.searcher.find(document.text());
            if !spans.is_empty() {
                let hits = contexts(document.text(), &spans, CONTEXT)
                    .into_iter()
                    .zip(&spans)
                    .map(|(context, span)| Hit {
                        start: span.start(),
                        end: span.end(),
                        before: context.before,
                        hit: context.hit,
                        after: context.after,
                    })
                    .collect();
                groups.push(HitGroup {
                    doc: document.id().clone(),
                    title: document.title().to_owned(),
                    hits,
                });
            }
            if now() - started >= budget_ms {
                break;
            }
        }
        let (id, searched) = (job.id, job.next);
        let done = searched >= documents.len();
        if done {
            self.search = None;
        }
        Some(FromWorker::Hits {
            id,
            groups,
            searched,
            total: documents.len(),
            done,
        })
    }
}

#[cfg(feature = "search")]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::{mark_piece, project_with};

    fn clock() -> impl Fn() -> f64 {
        let start = std::time::Instant::now();
        move || start.elapsed().as_secs_f64() * 1000.0
    }

    /// An engine that has the texts and the project of `project`, `open` open.
    fn engine_with(project: &Project, open: Option<&str>) -> (Engine, Vec<FromWorker>) {
        let mut engine = Engine::new();
        let now = clock();
        let texts = project
            .documents()
            .iter()
            .map(|d| (d.id().clone(), d.text().to_owned()))
            .collect();
        assert!(
            engine
                .handle(ToWorker::Texts { documents: texts }, &now)
                .is_empty()
        );
        let json = native::write(&native::NativeFile::from_project(project, false));
        let out = engine.handle(
            ToWorker::Project {
                json,
                open: open.map(|d| DocId(d.into())),
                sources: SourcesSpec::default(),
            },
            &now,
        );
        (engine, out)
    }

    #[test]
    fn a_project_brings_the_open_documents_suggestions_then_the_learned_ones() {
        let mut p = project_with(&["Lukashenko met Putin.", "Lukashenko said 100,000 troops."]);
        mark_piece(&mut p, "d0", "Lukashenko", 0, "Actor");
        let (mut engine, out) = engine_with(&p, Some("d1"));
        assert_eq!(out.len(), 2, "before training, then after");
        let FromWorker::Suggestions { items, model, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert!(model.is_none());
        let origins: Vec<&str> = items.iter().filter_map(|i| i.origin.as_deref()).collect();
        assert_eq!(origins, ["propagation", "rule:figure"]);
        let FromWorker::Suggestions { model, .. } = &out[1] else {
            panic!("{out:?}")
        };
        assert_eq!(model.unwrap().tokens, 4);
        // The same project again: nothing to learn, one answer.
        let json = native::write(&native::NativeFile::from_project(&p, false));
        let again = engine.handle(
            ToWorker::Project {
                json,
                open: Some(DocId("d1".into())),
                sources: SourcesSpec::default(),
            },
            &clock(),
        );
        assert_eq!(again.len(), 1);
        // An item is a suggestion again, origin and all.
        assert_eq!(
            items[0].suggestion().unwrap().origin,
            suggest::Origin::Propagation
        );
    }

    #[test]
    fn a_search_comes_in_batches_with_its_context_and_a_bad_one_is_named() {
        let texts: Vec<String> = (0..50).map(|i| format!("Док {i}: Минск и минск 🇧🇾.")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let p = project_with(&refs);
        let (mut engine, _) = engine_with(&p, None);
        let query = |text: &str, mode: &str| QuerySpec {
            text: text.into(),
            mode: mode.into(),
            fold_case: true,
            fold_diacritics: false,
        };
        let now = clock();
        assert!(
            engine
                .handle(
                    ToWorker::Search {
                        id: 7,
                        query: query("минск", "whole-word")
                    },
                    &now
                )
                .is_empty()
        );
        let mut groups = Vec::new();
        let mut batches = 0;
        while let Some(FromWorker::Hits {
            id,
            groups: more,
            done,
            total,
            ..
        }) = engine.search_step(0.0, &now)
        {
            assert_eq!((id, total), (7, 50));
            batches += 1;
            groups.extend(more);
            if done {
                break;
            }
        }
        assert!(!engine.searching());
        assert_eq!(batches, 50, "a budget of nothing searches one document a step");
        assert_eq!(groups.len(), 50);
        assert_eq!(groups[3].hits.len(), 2);
        let hit = &groups[3].hits[1];
        assert_eq!(
            (hit.before.as_str(), hit.hit.as_str(), hit.after.as_str()),
            ("Док 3: Минск и ", "минск", " 🇧🇾.")
        );
        let bad = engine.handle(
            ToWorker::Search {
                id: 8,
                query: query("(", "regex"),
            },
            &now,
        );
        assert!(
            matches!(&bad[0], FromWorker::Problem { id: Some(8), text } if text.contains("regular expression"))
        );
        assert!(engine.search_step(10.0, &now).is_none());
    }

    #[test]
    fn a_claim_with_a_reporting_word_brings_a_said_by_link_that_reads_back_and_a_rejection_ends() {
        let mut p = project_with(&["“Troops will stay,” Lukashenko told reporters."]);
        mark_piece(&mut p, "d0", "“Troops will stay,”", 0, "Claim");
        mark_piece(&mut p, "d0", "Lukashenko", 0, "Actor");
        let (_, out) = engine_with(&p, Some("d0"));
        let FromWorker::Suggestions { links, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(links.len(), 1, "{links:?}");
        let link = &links[0];
        assert_eq!(
            (
                link.kind.as_str(),
                link.from_quote.as_str(),
                link.to_quote.as_str()
            ),
            ("said by", "“Troops will stay,”", "Lukashenko")
        );
        // As the worker posts it to the page: JSON that reads back.
        let json = serde_json::to_string(link).unwrap();
        assert!(json.contains(r#""type":"said by""#), "{json}");
        let read: LinkItem = serde_json::from_str(&json).unwrap();
        assert_eq!(&read, link);
        assert_eq!(
            read.suggestion().unwrap().origin,
            suggest::Origin::Rule("said by".into())
        );
        // Rejected, it is not suggested again (the project's file remembers it).
        let place = read.suggestion().unwrap().place(&p).unwrap();
        p.apply(crate::Action::Reject(place)).unwrap();
        let (_, out) = engine_with(&p, Some("d0"));
        let FromWorker::Suggestions { links, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert!(links.is_empty(), "{links:?}");
    }

    #[test]
    fn messages_are_json_the_page_can_write() {
        let message: ToWorker = serde_json::from_str(
            r#"{"kind":"search","id":1,"query":{"text":"x","mode":"plain","fold_case":false,"fold_diacritics":true}}"#,
        )
        .unwrap();
        assert!(matches!(message, ToWorker::Search { id: 1, .. }));
        let out = serde_json::to_string(&FromWorker::Problem {
            id: None,
            text: "«x»".into(),
        })
        .unwrap();
        assert_eq!(out, r#"{"kind":"problem","id":null,"text":"«x»"}"#);
    }
}
