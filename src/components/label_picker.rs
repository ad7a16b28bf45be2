//! The small label picker that appears at a finished selection: one button per label
//! with its hotkey.

use crate::commands;
use crate::components::document_text::text_root;
use crate::dom_text;
use crate::state::StateHandle;
use yew::prelude::*;

/// Props of [`LabelPicker`].
#[derive(Properties, PartialEq)]
pub struct LabelPickerProps {
    /// Whether the last selection was made with Alt held (keep it exact).
    pub exact: bool,
}

/// Label buttons floating below the selection; nothing when there is no selection.
#[component]
pub fn LabelPicker(props: &LabelPickerProps) -> Html {
    let state = use_context::<StateHandle>().expect("LabelPicker is rendered inside the state provider");
    let (Some(selection), None) = (state.selection, state.sticky.as_ref()) else {
        return html! {};
    };
    let Some(rect) = text_root()
        .and_then(|root| dom_text::range_for(&root, selection))
        .map(|range| range.get_bounding_client_rect())
    else {
        return html! {};
    };
    // Page coordinates, so the picker stays by the selection when the page scrolls.
    let window = gloo::utils::window();
    let (scroll_x, scroll_y) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
    let style = format!(
        "top: {:.0}px; left: {:.0}px;",
        rect.bottom() + scroll_y + 6.0,
        rect.left().max(8.0) + scroll_x
    );
    let buttons = state.project.labels().iter().enumerate().map(|(index, label)| {
        let onclick = {
            let state = state.clone();
            let name = label.name.clone();
            let exact = props.exact;
            Callback::from(move |event: MouseEvent| {
                commands::mark_selection(&state, name.clone(), exact || event.alt_key())
            })
        };
        // Keep the text selection when the button is pressed.
        let onmousedown = Callback::from(|event: MouseEvent| event.prevent_default());
        let key = label.hotkey.map(|k| k.to_string()).unwrap_or_default();
        html! {
            <button class={classes!("label-button", format!("label-{index}"))} {onclick} {onmousedown}
                aria-keyshortcuts={key.clone()} title={label.description.clone()}>
                <span class="swatch" aria-hidden="true"></span>{ &label.name }
                if !key.is_empty() { <kbd aria-hidden="true">{ key }</kbd> }
            </button>
        }
    });
    let aside = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            commands::toggle_aside(&state);
        })
    };
    html! {
        <div class="label-picker" role="dialog" aria-label="Label picker" {style}>
            { for buttons }
            <button class="aside-button" onclick={aside} onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}
                aria-keyshortcuts="0" title="Set aside as not the article (site clutter): exports and agreement leave it out">
                { "Not the article" }<kbd aria-hidden="true">{ "0" }</kbd>
            </button>
        </div>
    }
}
