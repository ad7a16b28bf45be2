//! What happened to the files last opened or exported: problems as alerts naming the file,
//! news as a status line.

use crate::state::{Msg, StateHandle};
use yew::prelude::*;

/// Props of [`Reports`].
#[derive(Properties, PartialEq)]
pub struct ReportsProps {
    /// A save is running: news ("added 1 document") waits until what it tells of is
    /// stored, so the page never says a file was added before quitting would keep it.
    #[prop_or_default]
    pub saving: bool,
}

/// The reports about opened files, with a button to dismiss them.
#[component]
pub fn Reports(props: &ReportsProps) -> Html {
    let state = use_context::<StateHandle>().expect("Reports is rendered inside the state provider");
    if state.reports.is_empty() {
        return html! {};
    }
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::DismissReports))
    };
    let (problems, news): (Vec<_>, Vec<_>) = state.reports.iter().partition(|r| r.problem);
    html! {
        <section class="reports" aria-label="Files">
            if !problems.is_empty() {
                <ul class="problem" role="alert">
                    { for problems.iter().map(|r| html! { <li>{ &r.text }</li> }) }
                </ul>
            }
            if !news.is_empty() && props.saving {
                <p class="news" role="status">{ "Saving what was opened…" }</p>
            } else if !news.is_empty() {
                <ul class="news" role="status">
                    { for news.iter().map(|r| html! { <li>{ &r.text }</li> }) }
                </ul>
            }
            <button class="quiet" onclick={dismiss}>{ "Dismiss" }</button>
        </section>
    }
}
