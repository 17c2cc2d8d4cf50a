//! The fix dialog: the unified diff of what a fix (or all safe fixes) would
//! change, and, for an unsafe fix, the confirmation that says so.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::diff_view::{self, Hunk, LineKind};
use crate::state::Dialog;

#[derive(Properties, PartialEq)]
pub struct FixDialogProps {
    pub dialog: Dialog,
    pub on_apply: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn FixDialog(props: &FixDialogProps) -> Html {
    let apply_ref = use_node_ref();
    {
        // Give the focus back to where it was (the Fix button, the editor)
        // when the dialog closes.
        use_effect_with((), |()| {
            let before = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
            move || {
                if let Some(el) = before.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    {
        // Focus the main button when the dialog opens.
        let apply_ref = apply_ref.clone();
        use_effect_with(props.dialog.title.clone(), move |_| {
            if let Some(b) = apply_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let d = &props.dialog;
    let hunks = diff_view::diff(&d.before, &d.after);
    let (added, removed) = hunks.iter().flat_map(|h| &h.lines).fold((0, 0), |(a, r), l| match l.kind {
        LineKind::Added => (a + 1, r),
        LineKind::Removed => (a, r + 1),
        LineKind::Context => (a, r),
    });
    let body = diff_rows(&hunks);
    let on_apply = props.on_apply.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let DialogClose { on_backdrop, stop, onkeydown } = DialogClose::new(&props.on_close);
    html! {
        <div class="backdrop" onclick={on_backdrop}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" onclick={stop} {onkeydown}>
                <header class="dialog-head">
                    <h2 id="dialog-title">{ &d.title }</h2>
                    <span class="diffstat"><span class="plus">{ format!("+{added}") }</span>{ " " }<span class="minus">{ format!("−{removed}") }</span></span>
                </header>
                if d.unsafe_ {
                    <p class="warning" role="alert">
                        <strong>{ "This fix is unsafe: " }</strong>
                        { "it may change what the image does (a different base image, removed packages, another command). " }
                        { "Check the lines below before applying it." }
                    </p>
                }
                <div class="diff-wrap">
                    <table class="diff" aria-label={format!("Changes to the {}", d.tab.name())}>
                        <caption class="diff-file">{ format!("--- a/{0}  +++ b/{0}", d.tab.name()) }</caption>
                        { body }
                    </table>
                </div>
                <footer class="dialog-foot">
                    <button type="button" class="btn btn-ghost" onclick={on_close}>{ "Cancel" }</button>
                    <button type="button" ref={apply_ref} class={classes!("btn", "btn-primary", d.unsafe_.then_some("danger"))} onclick={on_apply}>
                        { if d.unsafe_ { "Apply unsafe fix" } else { "Apply" } }
                    </button>
                </footer>
            </div>
        </div>
    }
}

/// The `<tbody>` of each hunk of a unified diff table: a header row, then
/// one row per line with both line numbers, the sign and the text. Shared by
/// the fix dialog and the Optimize panel's preview.
/// How a modal dialog closes: a click on the backdrop or Escape calls
/// `on_close`; a click inside the dialog (`stop`) does not reach the backdrop.
pub(crate) struct DialogClose {
    pub on_backdrop: Callback<MouseEvent>,
    pub stop: Callback<MouseEvent>,
    pub onkeydown: Callback<KeyboardEvent>,
}

impl DialogClose {
    pub(crate) fn new(on_close: &Callback<()>) -> DialogClose {
        let on_close = on_close.clone();
        DialogClose {
            on_backdrop: on_close.reform(|_: MouseEvent| ()),
            stop: Callback::from(|e: MouseEvent| e.stop_propagation()),
            onkeydown: Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    e.prevent_default();
                    on_close.emit(());
                }
            }),
        }
    }
}

pub(crate) fn diff_rows(hunks: &[Hunk]) -> Html {
    hunks
        .iter()
        .map(|h| {
            let lines = h.lines.iter().map(|l| {
                let (class, sign) = match l.kind {
                    LineKind::Context => ("ctx", " "),
                    LineKind::Removed => ("del", "-"),
                    LineKind::Added => ("add", "+"),
                };
                html! {
                    <tr class={class}>
                        <td class="n">{ l.old.map(|n| n.to_string()).unwrap_or_default() }</td>
                        <td class="n">{ l.new.map(|n| n.to_string()).unwrap_or_default() }</td>
                        <td class="sign">{ sign }</td>
                        <td class="t">{ &l.text }</td>
                    </tr>
                }
            });
            html! {
                <tbody>
                    <tr class="hunk"><td colspan="4">{ h.header() }</td></tr>
                    { for lines }
                </tbody>
            }
        })
        .collect()
}
