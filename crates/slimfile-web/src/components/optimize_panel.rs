//! The Optimize panel: the whole-file optimizations of the article (a
//! smaller base image, cache-friendly order, a .dockerignore, multi-stage,
//! consolidated RUNs), each with its estimated saving in both measures, a
//! diff preview of both files, and Apply (an unsafe one after a confirmation
//! that lists its caveats). Optimizing re-analyses the file once per
//! technique, so it runs on demand ("Find optimizations") and then, while
//! the panel stays open, once per analysis (never per keystroke).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::diff_view;
use crate::optimize_view::{OptRow, OptimizeView};
use crate::size_view::Measure;

#[derive(Properties, PartialEq)]
pub struct OptimizePanelProps {
    /// The analysed texts (they change after the typing debounce).
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
    /// The dropped build context, when there is one: the .dockerignore step
    /// then works from the real files and cache-order knows the manifests.
    #[prop_or_default]
    pub context: Option<Rc<crate::context::Listing>>,
    /// Whether the analysis is of the texts in the editor (else Apply waits).
    pub current: bool,
    /// Apply a row's texts (the app dispatches one undoable step).
    pub on_apply: Callback<OptRow>,
}

#[component]
pub fn OptimizePanel(props: &OptimizePanelProps) -> Html {
    let active = use_state_eq(|| false);
    let preview = use_state_eq(|| None::<OptRow>);
    let view = use_memo((*active, props.dockerfile.clone(), props.dockerignore.clone(), props.context.clone()), |(active, df, di, ctx)| {
        active.then(|| OptimizeView::build(df, di, ctx.as_ref().map(|l| l.files.as_slice())))
    });
    let toggle = {
        let active = active.clone();
        Callback::from(move |_: MouseEvent| active.set(!*active))
    };
    let open = |row: &OptRow| {
        let (preview, row) = (preview.clone(), row.clone());
        Callback::from(move |_: MouseEvent| preview.set(Some(row.clone())))
    };
    let apply = |row: &OptRow| {
        let (preview, on_apply, row) = (preview.clone(), props.on_apply.clone(), row.clone());
        Callback::from(move |_: MouseEvent| {
            if row.unsafe_ {
                // The confirmation: the preview with the caveats.
                preview.set(Some(row.clone()));
            } else {
                on_apply.emit(row.clone());
            }
        })
    };
    let current = props.current;
    let row_html = |row: &OptRow, all: bool| {
        let class = classes!("opt-row", all.then_some("opt-all"));
        html! {
            <li {class} data-technique={row.name}>
                <div class="opt-title">
                    <span class="opt-name">{ if all { "apply all" } else { row.name } }</span>
                    <span class={classes!("opt-badge", if row.unsafe_ { "unsafe" } else { "safe" })}>
                        { if row.unsafe_ { "unsafe" } else { "safe" } }
                    </span>
                </div>
                <p class="opt-headline">{ &row.title }</p>
                <p class="opt-savings" data-testid="saving">
                    <span class={classes!("opt-saving", row.saving.compressed.is_some_and(|b| b > 0).then_some("good"))}>
                        { row.saving.text(Measure::Compressed) }
                    </span>
                    <span class={classes!("opt-saving", row.saving.uncompressed.is_some_and(|b| b > 0).then_some("good"))}>
                        { row.saving.text(Measure::Uncompressed) }
                    </span>
                </p>
                if !all {
                    <p class="opt-explain">{ &row.explanation }</p>
                }
                if !row.caveats.is_empty() {
                    <details class="opt-more">
                        <summary>{ format!("Caveats ({})", row.caveats.len()) }</summary>
                        <ul>{ for row.caveats.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                    </details>
                }
                if !row.alternatives.is_empty() {
                    <details class="opt-more">
                        <summary>{ format!("Other base images ({})", row.alternatives.len()) }</summary>
                        <ul class="opt-alts">
                            { for row.alternatives.iter().map(|a| html! {
                                <li class={classes!((!a.usable).then_some("unusable"))}>
                                    <code>{ &a.reference }</code>
                                    <span class="opt-alt-size">{ format!("{} · {}", a.compressed, a.uncompressed) }</span>
                                    if !a.caveats.is_empty() {
                                        <span class="opt-alt-why">{ a.caveats.join(" ") }</span>
                                    }
                                </li>
                            }) }
                        </ul>
                    </details>
                }
                <div class="opt-actions">
                    <button type="button" class="btn" onclick={open(row)}
                        aria-label={format!("Preview: {}", row.title)}>{ "Preview" }</button>
                    if !row.display_only {
                        <button type="button" class={classes!("btn", "btn-fix", row.unsafe_.then_some("unsafe"))}
                            disabled={!current} onclick={apply(row)}
                            aria-label={format!("Apply: {}", row.title)}>
                            { if all { "Apply all" } else { "Apply" } }
                        </button>
                    }
                </div>
            </li>
        }
    };
    let body = match &*view {
        None => html! {
            <p class="opt-hint">
                { "Rewrites of the whole file (base image, layer order, .dockerignore, multi-stage, RUN cleanup) " }
                { "with the estimated saving of each." }
            </p>
        },
        Some(v) if v.rows.is_empty() => html! { <p class="opt-hint opt-none">{ "No optimization to offer for this file." }</p> },
        Some(v) => html! {
            <ul class="opt-list" aria-label="Optimizations">
                if let Some(all) = &v.all {
                    { row_html(all, true) }
                }
                { for v.rows.iter().map(|r| row_html(r, false)) }
            </ul>
        },
    };
    let dialog = (*preview).clone().map(|row| {
        let on_close = {
            let preview = preview.clone();
            Callback::from(move |()| preview.set(None))
        };
        let on_apply = {
            let (preview, on_apply, row) = (preview.clone(), props.on_apply.clone(), row.clone());
            Callback::from(move |()| {
                preview.set(None);
                on_apply.emit(row.clone());
            })
        };
        html! { <OptimizeDialog {row} {current} {on_apply} {on_close} /> }
    });
    html! {
        <section class="panel opt-panel" aria-labelledby="opt-heading" data-testid="optimize">
            <header class="panel-head">
                <h2 id="opt-heading">{ "Optimize" }</h2>
                <button type="button" class={classes!("btn", (!*active).then_some("btn-primary"))} onclick={toggle}
                    aria-expanded={active.to_string()}>
                    { if *active { "Hide" } else { "Find optimizations" } }
                </button>
            </header>
            <div class="opt-body">{ body }</div>
            { for dialog }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OptimizeDialogProps {
    row: OptRow,
    current: bool,
    on_apply: Callback<()>,
    on_close: Callback<()>,
}

/// The rows of one file's unified diff (nothing when it does not change).
fn diff_table(name: &str, before: &str, after: &str) -> Html {
    if before == after {
        return Html::default();
    }
    let body = super::fix_dialog::diff_rows(&diff_view::diff(before, after));
    let old = if before.is_empty() { "/dev/null".to_string() } else { format!("a/{name}") };
    html! {
        <div class="diff-wrap">
            <table class="diff" aria-label={format!("Changes to the {name}")}>
                <caption class="diff-file">{ format!("--- {old}  +++ b/{name}") }</caption>
                { body }
            </table>
        </div>
    }
}

/// The preview of an optimization: both files' diffs, its savings, and for
/// an unsafe one the caveats to confirm.
#[component]
fn OptimizeDialog(props: &OptimizeDialogProps) -> Html {
    let apply_ref = use_node_ref();
    {
        let apply_ref = apply_ref.clone();
        use_effect_with(props.row.title.clone(), move |_| {
            let before = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
            if let Some(b) = apply_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
            move || {
                if let Some(el) = before.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    let r = &props.row;
    let on_apply = props.on_apply.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let super::fix_dialog::DialogClose { on_backdrop, stop, onkeydown } = super::fix_dialog::DialogClose::new(&props.on_close);
    html! {
        <div class="backdrop" onclick={on_backdrop}>
            <div class="dialog opt-dialog" role="dialog" aria-modal="true" aria-labelledby="opt-dialog-title" onclick={stop} {onkeydown}>
                <header class="dialog-head">
                    <h2 id="opt-dialog-title">{ &r.title }</h2>
                    <span class="opt-savings">
                        <span class={classes!("opt-saving", r.saving.compressed.is_some_and(|b| b > 0).then_some("good"))}>
                            { r.saving.text(Measure::Compressed) }
                        </span>
                        <span class={classes!("opt-saving", r.saving.uncompressed.is_some_and(|b| b > 0).then_some("good"))}>
                            { r.saving.text(Measure::Uncompressed) }
                        </span>
                    </span>
                </header>
                if r.unsafe_ {
                    <div class="warning" role="alert">
                        <strong>{ "This change is unsafe: it may change what the image does. Check before applying:" }</strong>
                        <ul class="opt-caveats">{ for r.caveats.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                    </div>
                }
                { diff_table("Dockerfile", &r.old_dockerfile, &r.dockerfile) }
                { diff_table(".dockerignore", &r.old_dockerignore, &r.dockerignore) }
                <footer class="dialog-foot">
                    <button type="button" class="btn btn-ghost" onclick={on_close}>{ "Cancel" }</button>
                    if !r.display_only {
                        <button type="button" ref={apply_ref} disabled={!props.current}
                            class={classes!("btn", "btn-primary", r.unsafe_.then_some("danger"))} onclick={on_apply}>
                            { if r.unsafe_ { "Apply unsafe change" } else { "Apply" } }
                        </button>
                    }
                </footer>
            </div>
        </div>
    }
}
