//! The share dialog: the permalink (state in the URL hash, see
//! `crate::share`), a copy button, and a warning listing the lines that look
//! like secrets; with such lines the link is shown only after the user says
//! to share anyway.
//!
//! Wiring (for `App`): on "Share", compute
//! `let shared = Shared { dockerfile, dockerignore, settings }`,
//! `link = share::encode(&shared).map(|h| format!("{base}#{h}"))` (base =
//! the page URL without its hash; `.map_err(|e| e.to_string())`) and
//! `secrets = share::secret_hits(&shared)`, then render
//! `<ShareDialog link={Rc::new(link)} secrets={Rc::new(secrets)} on_close=... />`
//! (an `Action::CloseShare` / `OpenShare` pair in the state).

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::share::SecretHit;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// The full permalink, or why none could be made.
    pub link: Rc<Result<String, String>>,
    /// What `share::secret_hits` found.
    pub secrets: Rc<Vec<SecretHit>>,
    pub on_close: Callback<()>,
}

/// Copies `text` with the async clipboard API; false when it is missing.
fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return false };
    let _promise = clipboard.write_text(text);
    true
}

#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let acknowledged = use_state(|| false);
    let copied = use_state(|| false);
    let input = use_node_ref();
    let risky = !props.secrets.is_empty();
    let show_link = !risky || *acknowledged;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let on_copy = {
        let (copied, input, link) = (copied.clone(), input.clone(), props.link.clone());
        Callback::from(move |_: MouseEvent| {
            let Ok(link) = link.as_ref() else { return };
            // Select the text too, so Ctrl+C works where the clipboard API is refused.
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.select();
            }
            copied.set(copy_text(link));
        })
    };
    let ack = {
        let acknowledged = acknowledged.clone();
        Callback::from(move |_: MouseEvent| acknowledged.set(true))
    };
    let link_view = match props.link.as_ref() {
        Ok(link) => html! {
            <div class="share-link">
                <input ref={input} type="text" readonly=true value={link.clone()} aria-label="Permalink"
                    data-testid="share-link" />
                <button type="button" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy link" } }</button>
                <span class="count">{ format!("{} characters", link.chars().count()) }</span>
            </div>
        },
        Err(e) => html! { <p class="share-error" role="alert">{ format!("No link: {e}") }</p> },
    };
    html! {
        <div class="share-dialog panel" role="dialog" aria-modal="false" aria-labelledby="share-title" onkeydown={on_key}>
            <div class="panel-head">
                <h2 id="share-title">{ "Share" }</h2>
                <div class="actions"><button type="button" onclick={close} aria-label="Close the share dialog">{ "Close" }</button></div>
            </div>
            <p class="share-note">{ "The link holds both files and your settings, compressed in the part after #. It is never sent to any server: whoever has the link can read everything in it." }</p>
            if risky {
                <div class="secret-warning" role="alert" data-testid="secret-warning">
                    <strong>{ format!("This text looks like it holds {} secret(s):", props.secrets.len()) }</strong>
                    <ul>
                        { for props.secrets.iter().map(|h| html! {
                            <li>
                                <span class="where">{ format!("{} line {}", h.file, h.line) }</span>
                                { ": " }{ h.what }
                                <code class="masked">{ &h.masked_line }</code>
                            </li>
                        }) }
                    </ul>
                    if !*acknowledged {
                        <button type="button" class="danger" onclick={ack}>{ "Share anyway" }</button>
                    }
                </div>
            }
            if show_link { { link_view } }
        </div>
    }
}
