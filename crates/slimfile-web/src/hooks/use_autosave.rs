use std::rc::Rc;

use gloo::events::EventListener;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::storage::{self, IGNORE_KEY, PREVIOUS_KEY, TEXT_KEY};

/// Whether the last save to localStorage worked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing written yet in this page load (the text came from storage or
    /// is the example).
    Idle,
    Saved,
    Failed(&'static str),
}

/// Saves the editor's texts (the Dockerfile, the .dockerignore and the
/// put-aside text) to localStorage whenever they change, and tells how that
/// went.
///
/// Yew runs effects after rendering, and may yield to the browser first when
/// a render is slow (a huge paste). So that leaving the page in that moment
/// loses nothing, the textarea's own value is also saved when the page is
/// hidden or unloaded (`visibilitychange`, `pagehide`), under the key of
/// the tab it shows (its `data-tab`).
#[hook]
pub fn use_autosave(text: Rc<str>, ignore: Rc<str>, previous: Option<Rc<str>>, textarea: NodeRef) -> SaveStatus {
    let status = use_state_eq(|| SaveStatus::Idle);
    let first = use_mut_ref(|| true);
    {
        let status = status.clone();
        use_effect_with((text, ignore, previous), move |(text, ignore, previous)| {
            // The first render shows what was loaded: nothing to write yet.
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            let result = storage::save(TEXT_KEY, Some(text))
                .and_then(|()| storage::save(IGNORE_KEY, Some(ignore)))
                .and_then(|()| storage::save(PREVIOUS_KEY, previous.as_deref()));
            status.set(match result {
                Ok(()) => SaveStatus::Saved,
                Err(why) => SaveStatus::Failed(why),
            });
        });
    }
    use_effect_with(textarea, |textarea| {
        let save = {
            let textarea = textarea.clone();
            move |_: &Event| {
                if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                    let key = if el.get_attribute("data-tab").as_deref() == Some(".dockerignore") { IGNORE_KEY } else { TEXT_KEY };
                    let _ = storage::save(key, Some(&el.value()));
                }
            }
        };
        let window = web_sys::window();
        let listeners: Vec<EventListener> = match (&window, window.as_ref().and_then(|w| w.document())) {
            (Some(window), Some(document)) => vec![
                EventListener::new(window, "pagehide", save.clone()),
                EventListener::new(&document, "visibilitychange", save),
            ],
            _ => Vec::new(),
        };
        move || drop(listeners)
    });
    (*status).clone()
}
