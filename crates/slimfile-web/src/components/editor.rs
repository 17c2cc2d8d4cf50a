//! The editor: tabs for the Dockerfile and the .dockerignore, a textarea
//! with a highlighted overlay behind it (same font, same padding, moved with
//! the textarea's scroll), line numbers with a mark per line that has a
//! finding, and an underline under each finding's exact range. Hovering an
//! underline shows the finding (the textarea is on top, so the element under
//! the pointer is found with `elementsFromPoint`).

use std::rc::Rc;

use slimfile::highlight::TokenKind;
use slimfile::{FileKind, TextRange};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::hooks::SaveStatus;
use crate::overlay::{self, Mark};
use crate::state::Tab;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub tab: Tab,
    /// The active tab's text.
    pub text: Rc<str>,
    /// Findings per tab, for the tab badges.
    pub counts: (usize, usize),
    pub analysis: Rc<Analysis>,
    /// The analysis is of the texts shown (false while the debounce runs).
    pub current: bool,
    /// The textarea, for the app to move its selection.
    pub node_ref: NodeRef,
    pub save: SaveStatus,
    pub on_edit: Callback<String>,
    pub on_tab: Callback<Tab>,
}

/// What the hover tooltip shows, and where (px in the viewport).
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    text: String,
    x: f64,
    y: f64,
}

/// The highlight ranges of a .dockerignore: comments and `!` exceptions.
fn ignore_highlights(text: &str) -> Vec<(TextRange, TokenKind)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let start = at + lead;
        if body.trim_start().starts_with('#') {
            out.push((TextRange::new(start, at + body.len()), TokenKind::Comment));
        } else if body.trim_start().starts_with('!') {
            out.push((TextRange::new(start, start + 1), TokenKind::Keyword));
        }
        at += line.len();
    }
    out
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let overlay_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let tip = use_state_eq(|| None::<Tip>);

    let file = props.tab.file();
    let text = props.text.clone();
    // The overlay follows the text at every keystroke; underlines come from
    // the last analysis (positions are only right when it is current).
    let lines = {
        let analysis = props.analysis.clone();
        let current = props.current;
        use_memo((text.clone(), analysis, current, props.tab), move |(text, analysis, current, tab)| {
            let highlights = match tab {
                Tab::Dockerfile => slimfile::highlight::highlight(text),
                Tab::Dockerignore => ignore_highlights(text),
            };
            let marks: Vec<Mark> = if *current {
                analysis
                    .diagnostics
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.file == tab.file())
                    .map(|(i, d)| Mark { range: d.range, severity: d.severity, finding: i })
                    .collect()
            } else {
                Vec::new()
            };
            overlay::lines(text, &highlights, &marks)
        })
    };

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(textarea.value());
        })
    };
    let onscroll = {
        let (overlay_ref, gutter_ref, tip) = (overlay_ref.clone(), gutter_ref.clone(), tip.clone());
        Callback::from(move |e: Event| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            let (x, y) = (textarea.scroll_left(), textarea.scroll_top());
            if let Some(o) = overlay_ref.cast::<HtmlElement>() {
                let _ = o.style().set_property("transform", &format!("translate({}px, {}px)", -x, -y));
            }
            if let Some(g) = gutter_ref.cast::<HtmlElement>() {
                let _ = g.style().set_property("transform", &format!("translateY({}px)", -y));
            }
            tip.set(None);
        })
    };
    let onmousemove = {
        let (tip, analysis) = (tip.clone(), props.analysis.clone());
        Callback::from(move |e: MouseEvent| {
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let found = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| d.elements_from_point(x as f32, y as f32))
                .and_then(|list| {
                    list.iter().find_map(|el| {
                        let el: Element = el.dyn_into().ok()?;
                        el.get_attribute("data-finding")?.parse::<usize>().ok()
                    })
                });
            tip.set(found.and_then(|i| analysis.diagnostics.get(i)).map(|d| Tip {
                text: format!("{} {}: {}", d.severity.as_str(), d.code, d.message),
                x,
                y,
            }));
        })
    };
    let onmouseleave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| tip.set(None))
    };

    let (save_class, save_text) = match &props.save {
        SaveStatus::Idle => ("save", "Autosaves in this browser only".to_string()),
        SaveStatus::Saved => ("save", "Saved in this browser only".to_string()),
        SaveStatus::Failed(why) => ("save save-failed", format!("Not saved: {why}. Copy your text before leaving.")),
    };

    let line_count = lines.len();
    let overlay_lines = lines.iter().map(|line| {
        let segments = line.segments.iter().map(|s| match (s.class, s.mark) {
            (class, Some((sev, i))) => html! {
                <span class={classes!("u", format!("u-{}", sev.as_str()), class.map(|c| format!("t-{c}")))} data-finding={i.to_string()}>{ &s.text }</span>
            },
            (Some(class), None) => html! { <span class={format!("t-{class}")}>{ &s.text }</span> },
            (None, None) => html! { { &s.text } },
        });
        html! { <div class="ol">{ for segments }{ "\n" }</div> }
    });
    let gutter = lines.iter().enumerate().map(|(n, line)| match line.mark {
        Some((sev, i)) => {
            let title = props.analysis.diagnostics.get(i).map(|d| format!("{} {}: {}", sev.as_str(), d.code, d.message)).unwrap_or_default();
            html! { <div class={classes!("gl", "gl-mark", format!("gl-{}", sev.as_str()))} {title}>{ n + 1 }</div> }
        }
        None => html! { <div class="gl">{ n + 1 }</div> },
    });
    let tab_button = |tab: Tab, count: usize| {
        let selected = props.tab == tab;
        let onclick = props.on_tab.reform(move |_: MouseEvent| tab);
        html! {
            <button type="button" role="tab" id={format!("tab-{}", if tab == Tab::Dockerfile { "dockerfile" } else { "dockerignore" })}
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} aria-controls="editor-body" tabindex={if selected { "0" } else { "-1" }} {onclick}>
                <span class="tab-icon" aria-hidden="true">{ if tab == Tab::Dockerfile { "🐳" } else { "⊘" } }</span>
                { tab.name() }
                if count > 0 {
                    <span class="badge" aria-label={format!("{count} findings")}>{ count }</span>
                }
            </button>
        }
    };
    let ontabkey = {
        let (on_tab, tab) = (props.on_tab.clone(), props.tab);
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "ArrowRight" | "ArrowLeft") {
                e.prevent_default();
                let other = if tab == Tab::Dockerfile { Tab::Dockerignore } else { Tab::Dockerfile };
                on_tab.emit(other);
                let id = if other == Tab::Dockerfile { "tab-dockerfile" } else { "tab-dockerignore" };
                if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
                    let _ = el.unchecked_into::<HtmlElement>().focus();
                }
            }
        })
    };
    let label = if file == FileKind::Dockerfile { "Dockerfile" } else { ".dockerignore" };
    let placeholder = if file == FileKind::Dockerfile {
        "Paste or type a Dockerfile…"
    } else {
        "Patterns the build context leaves out, one per line (for example: .git, node_modules)"
    };
    html! {
        <section class="panel editor" aria-label="Editor">
            <div class="tabs" role="tablist" aria-label="Files" onkeydown={ontabkey}>
                { tab_button(Tab::Dockerfile, props.counts.0) }
                { tab_button(Tab::Dockerignore, props.counts.1) }
                <span class="tabs-fill"></span>
                if !props.current {
                    <span class="analysing" role="status">{ "Analysing…" }</span>
                }
            </div>
            <div class="code" id="editor-body" role="tabpanel"
                aria-labelledby={if props.tab == Tab::Dockerfile { "tab-dockerfile" } else { "tab-dockerignore" }}>
                <div class="gutter" aria-hidden="true"><div class="gutter-inner" ref={gutter_ref}>{ for gutter }</div></div>
                <div class="surface">
                    <pre class="overlay" aria-hidden="true" ref={overlay_ref} data-lines={line_count.to_string()}>{ for overlay_lines }</pre>
                    <textarea
                        id="source"
                        ref={props.node_ref.clone()}
                        aria-label={label}
                        data-tab={label}
                        placeholder={placeholder}
                        value={AttrValue::from(text)}
                        {oninput}
                        {onscroll}
                        {onmousemove}
                        {onmouseleave}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        autocorrect="off"
                        wrap="off"
                        aria-describedby="save-status shortcuts-hint"
                    />
                </div>
            </div>
            if let Some(t) = &*tip {
                <div class="tip" role="tooltip" style={format!("left:{}px;top:{}px", t.x + 12.0, t.y + 18.0)}>{ &t.text }</div>
            }
            <div class="editor-foot">
                <p id="save-status" class={save_class} role="status">{ save_text }</p>
                <p id="shortcuts-hint" class="hint">
                    <kbd>{"F8"}</kbd>{" next finding · "}<kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"."}</kbd>{" fix at cursor · "}
                    <kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"Z"}</kbd>{" undo"}
                </p>
            </div>
        </section>
    }
}
