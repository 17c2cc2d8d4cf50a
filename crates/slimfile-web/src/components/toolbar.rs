//! The bar above the editor: the Examples menu, restore, undo/redo and the
//! download of the fixed Dockerfile.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::examples::EXAMPLES;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_restore: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_example: Callback<usize>,
    pub on_restore: Callback<()>,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_download: Callback<()>,
    /// The settings panel is open.
    #[prop_or_default]
    pub settings_open: bool,
    #[prop_or_default]
    pub on_settings: Callback<()>,
    #[prop_or_default]
    pub on_share: Callback<()>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let onchange = {
        let on_example = props.on_example.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                on_example.emit(i);
            }
            // Back to the placeholder, so the same example can be chosen again.
            select.set_value("");
        })
    };
    let options = EXAMPLES.iter().enumerate().map(|(i, e)| html! { <option value={i.to_string()}>{ e.name }</option> });
    html! {
        <div class="toolbar" role="toolbar" aria-label="Editor actions">
            <label class="examples">
                <span class="visually-hidden">{ "Load example" }</span>
                <select aria-label="Load example" {onchange}>
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for options }
                </select>
            </label>
            if props.can_restore {
                <button type="button" class="btn btn-ghost" onclick={props.on_restore.reform(|_: MouseEvent| ())}
                    title="Swap the editor's text with the text that was there before">
                    { "Restore previous text" }
                </button>
            }
            <span class="toolbar-fill"></span>
            <button type="button" class="btn btn-icon" onclick={props.on_undo.reform(|_: MouseEvent| ())}
                disabled={!props.can_undo} aria-label="Undo" title="Undo (Ctrl+Z)">
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M6 3L2.5 6.5 6 10M3 6.5h6.5a4 4 0 010 8H7" /></svg>
            </button>
            <button type="button" class="btn btn-icon" onclick={props.on_redo.reform(|_: MouseEvent| ())}
                disabled={!props.can_redo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M10 3l3.5 3.5L10 10M13 6.5H6.5a4 4 0 000 8H9" /></svg>
            </button>
            <button type="button" class="btn btn-ghost" onclick={props.on_download.reform(|_: MouseEvent| ())}
                title="Download the Dockerfile with every safe fix applied">
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13.5h10" /></svg>
                { "Download fixed" }
            </button>
            <button type="button" class="btn btn-ghost" onclick={props.on_settings.reform(|_: MouseEvent| ())}
                aria-expanded={props.settings_open.to_string()} aria-controls="settings-panel" title="Rules, severities and the failure threshold">
                { "Settings" }
            </button>
            <button type="button" class="btn btn-ghost" onclick={props.on_share.reform(|_: MouseEvent| ())}
                title="A link holding both files and the settings">
                { "Share" }
            </button>
        </div>
    }
}
