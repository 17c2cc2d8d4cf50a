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
use crate::state::{Highlights, Tab};

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
    /// The analysis worker's highlight ranges of `analysis.dockerfile`.
    #[prop_or_default]
    pub highlights: Option<Rc<Highlights>>,
    /// A big Dockerfile is highlighted by the analysis worker (the ranges
    /// above, shifted onto the text being typed), not at every keystroke.
    #[prop_or_default]
    pub defer_highlight: bool,
}

/// Above this many bytes, a Dockerfile's highlighting comes from the
/// analysis worker when there is one (highlighting parses the whole text:
/// about 1 ms per 1,000 bytes in the release build).
pub const SYNC_HIGHLIGHT_MAX: usize = 32 * 1024;

/// What the hover tooltip shows, and where (px in the viewport: whole
/// numbers, from the mouse event's client_x/client_y).
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

/// A CSS number: JavaScript's shortest round-trip text of `v`. It reads
/// back as the same number as Rust's `{}` text (which can differ in the last
/// digit of a tie), without Rust's float formatter in the wasm.
fn js_number(v: f64) -> String {
    js_sys::Number::from(v).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// Lines rendered above and below the visible ones.
const MARGIN_ROWS: usize = 40;

/// The textarea's line height in px (its computed `line-height`, e.g.
/// `21.6px`; `normal` gives NaN). JavaScript's parseFloat rather than
/// Rust's f64 parser: the latter's tables cost the wasm about 14 KB.
fn line_height(el: &HtmlTextAreaElement) -> f64 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|style| style.get_property_value("line-height").ok())
        .map(|v| js_sys::parse_float(v.trim_end_matches("px")))
        .filter(|v| *v > 0.0)
        .unwrap_or(21.6)
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let overlay_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let tip = use_state_eq(|| None::<Tip>);
    // Only the lines in view (and a margin) are rendered: a 10,000-line
    // file must not make every keystroke rebuild 10,000 lines of spans.
    // (first visible row, visible rows, line height in px)
    let view = use_state_eq(|| (0usize, 60usize, 0u32));

    let file = props.tab.file();
    let text = props.text.clone();
    // The overlay follows the text at every keystroke; underlines come from
    // the last analysis (positions are only right when it is current).
    let highlights = {
        let deps = (text.clone(), props.tab, props.highlights.clone(), props.analysis.dockerfile.clone(), props.defer_highlight);
        use_memo(deps, |(text, tab, worker, analysed, defer)| match tab {
            Tab::Dockerignore => ignore_highlights(text),
            Tab::Dockerfile if *defer && text.len() > SYNC_HIGHLIGHT_MAX => match worker {
                Some(h) => overlay::shift_highlights(analysed, text, h),
                None => Vec::new(),
            },
            Tab::Dockerfile => slimfile::highlight::highlight(text),
        })
    };
    let marks = {
        let analysis = props.analysis.clone();
        let current = props.current;
        use_memo((text.clone(), analysis, current, props.tab), move |(text, analysis, current, tab)| {
            let marks: Vec<Mark> = analysis
                .diagnostics
                .iter()
                .enumerate()
                .filter(|(_, d)| d.file == tab.file())
                .map(|(i, d)| Mark { range: d.range, severity: d.severity, finding: i })
                .collect();
            let analysed = match tab {
                Tab::Dockerfile => &analysis.dockerfile,
                Tab::Dockerignore => &analysis.dockerignore,
            };
            // While an edit waits for its analysis, the old underlines follow the text.
            if *current || **analysed == **text { marks } else { overlay::shift_marks(analysed, text, &marks) }
        })
    };

    // The textarea is not a controlled input: giving it its value at every
    // render would copy the whole text into the DOM at every keystroke (a
    // second per keystroke on a 10,000-line file). The value is set only when
    // the state's text is not what the user typed (a fix, undo, an example,
    // another tab).
    let typed = use_mut_ref(|| None::<String>);
    {
        let (textarea, typed) = (props.node_ref.clone(), typed.clone());
        use_effect_with((text.clone(), props.tab), move |(text, _)| {
            let is_typed = typed.borrow().as_deref() == Some(&**text);
            if !is_typed {
                if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                    el.set_value(text);
                }
                *typed.borrow_mut() = None;
            }
        });
    }
    let oninput = {
        let (on_edit, typed) = (props.on_edit.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            let value = textarea.value();
            *typed.borrow_mut() = Some(value.clone());
            on_edit.emit(value);
        })
    };
    {
        // The line height, from the textarea's computed style (CSS owns it).
        // Measured once on mount and then on scroll: reading layout at every
        // render would force a synchronous reflow of the whole text at every
        // keystroke (150 ms on a 10,000-line file).
        let (textarea, view) = (props.node_ref.clone(), view.clone());
        use_effect_with((), move |()| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let lh = line_height(&el);
                let rows = (f64::from(el.client_height()) / lh).ceil() as usize + 1;
                view.set((view.0, rows.max(1), (lh * 100.0) as u32));
            }
        });
    }
    let onscroll = {
        let (overlay_ref, gutter_ref, tip, view) = (overlay_ref.clone(), gutter_ref.clone(), tip.clone(), view.clone());
        Callback::from(move |e: Event| {
            let textarea: HtmlTextAreaElement = e.target_unchecked_into();
            let (x, y) = (textarea.scroll_left(), textarea.scroll_top());
            let lh = line_height(&textarea);
            let rows = (f64::from(textarea.client_height()) / lh).ceil() as usize + 1;
            view.set(((f64::from(y) / lh) as usize, rows.max(1), (lh * 100.0) as u32));
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

    let line_count = overlay::line_count(&text);
    let (first_row, rows, lh100) = *view;
    let lh = if lh100 == 0 { 21.6 } else { f64::from(lh100) / 100.0 };
    let first = first_row.saturating_sub(MARGIN_ROWS).min(line_count);
    let last = (first_row + rows + MARGIN_ROWS).min(line_count);
    let lines = use_memo((text.clone(), highlights, marks, first, last), |(text, highlights, marks, first, last)| {
        overlay::lines_in(text, highlights, marks, *first, last - first)
    });
    let before = format!("height:{}px", js_number(first as f64 * lh));
    let after = format!("height:{}px", js_number((line_count - last) as f64 * lh));
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
    let gutter = lines.iter().enumerate().map(|(k, line)| (first + k, line)).map(|(n, line)| match line.mark {
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
                <svg class="tab-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    if tab == Tab::Dockerfile {
                        <path d="M2 8.5h10.5c.8 0 1.5-.5 1.5-1.5M3 8.5c0 2.5 2 4.5 5 4.5 3.5 0 5.5-2.5 6-4.5M4 6h2v2.5H4zM6.5 6h2v2.5h-2zM9 6h2v2.5H9zM6.5 3.5h2V6h-2z" />
                    } else {
                        <><circle cx="8" cy="8" r="5.5" /><path d="M4.2 11.8l7.6-7.6" /></>
                    }
                </svg>
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
            <div class="code-area" id="editor-body" role="tabpanel"
                aria-labelledby={if props.tab == Tab::Dockerfile { "tab-dockerfile" } else { "tab-dockerignore" }}>
                <div class="gutter" aria-hidden="true"><div class="gutter-inner" ref={gutter_ref}><div style={before.clone()}></div>{ for gutter }<div style={after.clone()}></div></div></div>
                <div class="surface">
                    <pre class="overlay" aria-hidden="true" ref={overlay_ref} data-lines={line_count.to_string()}><div class="spacer" style={before}></div>{ for overlay_lines }<div class="spacer" style={after}></div></pre>
                    <textarea
                        id="source"
                        ref={props.node_ref.clone()}
                        aria-label={label}
                        data-tab={label}
                        placeholder={placeholder}
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
                <div class="tip" role="tooltip" style={format!("left:{}px;top:{}px", slimfile::numfmt::fixed(t.x + 12.0, 0), slimfile::numfmt::fixed(t.y + 18.0, 0))}>{ &t.text }</div>
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
