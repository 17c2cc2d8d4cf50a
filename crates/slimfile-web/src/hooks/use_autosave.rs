use std::rc::Rc;

use yew::prelude::*;

use crate::storage::{self, PREVIOUS_KEY, TEXT_KEY};

/// Whether the last save to localStorage worked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing written yet in this page load (the text came from storage or
    /// is the example).
    Idle,
    Saved,
    Failed(&'static str),
}

/// Saves the editor's text (and the put-aside text) to localStorage whenever
/// they change, and tells how that went.
#[hook]
pub fn use_autosave(text: Rc<str>, previous: Option<Rc<str>>) -> SaveStatus {
    let status = use_state_eq(|| SaveStatus::Idle);
    let first = use_mut_ref(|| true);
    {
        let status = status.clone();
        use_effect_with((text, previous), move |(text, previous)| {
            // The first render shows what was loaded: nothing to write yet.
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            let result = storage::save(TEXT_KEY, Some(text))
                .and_then(|()| storage::save(PREVIOUS_KEY, previous.as_deref()));
            status.set(match result {
                Ok(()) => SaveStatus::Saved,
                Err(why) => SaveStatus::Failed(why),
            });
        });
    }
    (*status).clone()
}
