//! The stylesheet of the label colours: one `::highlight()` rule per label, plus
//! the swatches of buttons and chips. Made from the label set, whose colours are
//! checked `#rrggbb` values; label names never enter it.

use crate::highlights::{
    CARET_HIGHLIGHT, FOCUS_HIGHLIGHT, OVERLAP_HIGHLIGHT, SUGGESTION_FOCUS_HIGHLIGHT, label_highlight_name,
    suggestion_highlight_name,
};
use factmark_core::LabelSet;
use yew::prelude::*;

/// Props of [`LabelStyles`].
#[derive(Properties, PartialEq)]
pub struct LabelStylesProps {
    /// The labels to style.
    pub labels: LabelSet,
}

/// A `<style>` element with the rules for every label.
#[component]
pub fn LabelStyles(props: &LabelStylesProps) -> Html {
    let mut css = String::new();
    for (index, label) in props.labels.iter().enumerate() {
        let (r, g, b) = rgb(&label.color);
        let name = label_highlight_name(index);
        let suggested = suggestion_highlight_name(index);
        css.push_str(&format!(
            "::highlight({name}) {{ background-color: rgb({r} {g} {b} / 0.28); }}\n\
             ::highlight({suggested}) {{ text-decoration: underline dashed 2px rgb({r} {g} {b}); \
             text-underline-offset: 3px; }}\n\
             .label-{index} {{ --label-color: rgb({r} {g} {b}); }}\n"
        ));
    }
    css.push_str(&format!(
        "::highlight({OVERLAP_HIGHLIGHT}) {{ text-decoration: underline dotted 2px var(--text); \
         text-underline-offset: 5px; }}\n"
    ));
    css.push_str(&format!(
        "::highlight({FOCUS_HIGHLIGHT}) {{ text-decoration: underline 3px var(--text); \
         text-underline-offset: 4px; }}\n"
    ));
    css.push_str(&format!(
        "::highlight({SUGGESTION_FOCUS_HIGHLIGHT}) {{ background-color: rgb(255 212 59 / 0.35); }}\n"
    ));
    css.push_str(&format!(
        "::highlight({CARET_HIGHLIGHT}) {{ background-color: var(--text); color: var(--bg); }}\n"
    ));
    html! { <style>{ css }</style> }
}

fn rgb(color: &str) -> (u8, u8, u8) {
    let channel = |at: usize| u8::from_str_radix(color.get(at..at + 2).unwrap_or("80"), 16).unwrap_or(128);
    (channel(1), channel(3), channel(5))
}
