use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::{DiagnosticList, Editor, Header, InstructionList, Target};
use crate::hooks::use_autosave;
use crate::state::{Action, State};
use crate::storage::{self, PREVIOUS_KEY, TEXT_KEY};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::initial(storage::load(TEXT_KEY), storage::load(PREVIOUS_KEY)));
    let textarea = use_node_ref();
    let save = use_autosave(state.text.clone(), state.previous.clone(), textarea.clone());

    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_load_example = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::LoadExample))
    };
    let on_restore = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Restore))
    };
    let on_select = {
        let textarea = textarea.clone();
        let state = state.clone();
        Callback::from(move |target: Target| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                reveal(&el, target, state.text.matches('\n').count() + 1);
            }
        })
    };

    html! {
        <>
            <Header />
            <main class="layout">
                <Editor
                    text={state.text.clone()}
                    node_ref={textarea}
                    {save}
                    can_restore={state.previous.is_some()}
                    {on_edit}
                    {on_load_example}
                    {on_restore}
                />
                <div class="results">
                    <DiagnosticList analysis={state.analysis.clone()} on_select={on_select.clone()} />
                    <InstructionList analysis={state.analysis.clone()} {on_select} />
                </div>
            </main>
        </>
    }
}

/// Selects `target` in the textarea and scrolls its line into view.
fn reveal(el: &HtmlTextAreaElement, target: Target, line_count: usize) {
    let _ = el.focus();
    let _ = el.set_selection_range(target.selection.start, target.selection.end);
    // Lines do not wrap (wrap="off"), so every line is one row high.
    let row = f64::from(el.scroll_height()) / line_count as f64;
    let top = row * (target.line.saturating_sub(1)) as f64 - f64::from(el.client_height()) / 3.0;
    el.set_scroll_top(top.max(0.0) as i32);
}
