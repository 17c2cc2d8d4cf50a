use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::hooks::SaveStatus;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    /// The textarea, for the app to move its selection.
    pub node_ref: NodeRef,
    pub save: SaveStatus,
    /// Whether there is a put-aside text to swap back in.
    pub can_restore: bool,
    pub on_edit: Callback<String>,
    pub on_load_example: Callback<()>,
    pub on_restore: Callback<()>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(textarea.value());
        })
    };
    let on_load_example = props.on_load_example.reform(|_: MouseEvent| ());
    let on_restore = props.on_restore.reform(|_: MouseEvent| ());
    let (save_class, save_text) = match &props.save {
        SaveStatus::Idle => ("save", "Autosaves in this browser only".to_string()),
        SaveStatus::Saved => ("save", "Saved in this browser only".to_string()),
        SaveStatus::Failed(why) => ("save save-failed", format!("Not saved: {why}. Copy your text before leaving.")),
    };
    html! {
        <section class="panel editor">
            <div class="panel-head">
                <h2 id="editor-title"><label for="dockerfile">{ "Dockerfile" }</label></h2>
                <div class="actions">
                    <button type="button" onclick={on_load_example}>{ "Load example" }</button>
                    if props.can_restore {
                        <button type="button" onclick={on_restore}
                            title="Swap the editor's text with the text that was there before">
                            { "Restore previous text" }
                        </button>
                    }
                </div>
            </div>
            <textarea
                id="dockerfile"
                ref={props.node_ref.clone()}
                value={AttrValue::from(props.text.clone())}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                aria-describedby="save-status"
            />
            <p id="save-status" class={save_class} role="status">{ save_text }</p>
        </section>
    }
}
