//! The app's state and the messages that change it: a pure reducer, as in Yew's
//! `function_todomvc` example. Side effects (reading the URL, later saving) happen
//! in hooks and effects, never here.

use crate::route::Route;
use factmark_core::{DocId, Document, Project, Span};
use std::rc::Rc;
use yew::prelude::*;

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The documents, labels and annotations.
    pub project: Rc<Project>,
    /// The screen showing.
    pub route: Route,
    /// The text selected in the open document, in code points.
    pub selection: Option<Span>,
}

/// A change to the [`State`].
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The URL now names this route.
    Navigate(Route),
    /// The user selected this span of the open document (or nothing).
    Select(Option<Span>),
}

impl State {
    /// The state at start-up.
    pub fn new(project: Project, route: Route) -> State {
        State {
            project: Rc::new(project),
            route,
            selection: None,
        }
    }

    /// The document the route names, if it exists.
    pub fn open_document(&self) -> Option<&Document> {
        match &self.route {
            Route::Document(id) => self.project.document(id),
            Route::Library => None,
        }
    }

    /// The id of the open document, if any.
    pub fn open_id(&self) -> Option<&DocId> {
        self.open_document().map(Document::id)
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Navigate(route) if route == self.route => self,
            Msg::Navigate(route) => Rc::new(State {
                route,
                selection: None,
                ..(*self).clone()
            }),
            Msg::Select(selection) if selection == self.selection => self,
            Msg::Select(selection) => Rc::new(State {
                selection,
                ..(*self).clone()
            }),
        }
    }
}

/// The handle components use to read the state and send messages.
pub type StateHandle = UseReducerHandle<State>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::bundled_project;

    #[test]
    fn navigating_clears_the_selection() {
        let state = Rc::new(State::new(bundled_project(), Route::Library));
        let id = state.project.documents()[1].id().clone();
        let open = state.reduce(Msg::Navigate(Route::Document(id.clone())));
        assert_eq!(open.open_id(), Some(&id));
        let selected = open.reduce(Msg::Select(Span::new(0, 4).ok()));
        assert!(selected.selection.is_some());
        let back = selected.reduce(Msg::Navigate(Route::Library));
        assert_eq!(back.selection, None);
        assert_eq!(back.open_document(), None);
    }

    #[test]
    fn an_unknown_document_opens_nothing() {
        let state = State::new(bundled_project(), Route::Document(DocId("gone".into())));
        assert_eq!(state.open_document(), None);
    }
}
