use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use slimfile::FileKind;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::analysis::findings_markdown;
use crate::components::{DiagnosticList, Editor, FixDialog, Header, InstructionList, Target, Toolbar};
use crate::components::{ContextPanel, SettingsPanel, ShareDialog, SizeChart};
use crate::hooks::{debounce_ms, use_autosave, use_debounced};
use crate::position::PositionMap;
use crate::settings::Settings;
use crate::size_view::Measure;
use crate::components::SYNC_HIGHLIGHT_MAX;
use crate::state::{apply_all_safe, share_hash, Action, Analysed, FixTarget, State, Tab, DEFER_MIN};
use crate::{data, worker};
use crate::storage::{self, IGNORE_KEY, PREVIOUS_KEY, TEXT_KEY};
use crate::storage::{MEASURE_KEY, SETTINGS_KEY};
use crate::theme::{self, Theme};
use crate::components::OptimizePanel;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let settings = storage::load(SETTINGS_KEY).and_then(|s| Settings::from_compact(&s).ok()).unwrap_or_default();
        let (saved, ignore, previous) = (storage::load(TEXT_KEY), storage::load(IGNORE_KEY), storage::load(PREVIOUS_KEY));
        let big = saved.as_ref().map_or(0, String::len) + ignore.as_ref().map_or(0, String::len) > DEFER_MIN;
        let mut state = match saved {
            // A big saved text waits for the worker: the page shows at once.
            Some(saved) if big && worker::script_from_page().is_some() => State::loading(saved, ignore, previous, settings),
            saved => State::initial_with(saved, ignore, previous).with_settings(settings),
        };
        if storage::load(MEASURE_KEY).as_deref() == Some(Measure::Uncompressed.short()) {
            state.measure = Measure::Uncompressed;
        }
        // A share link (`#v1=`) or a rule's "try it" link (`#example=`):
        // applied once, then taken off the URL so a reload keeps the edits.
        match take_hash() {
            Some(hash) => {
                let loaded = state.clone().apply_hash(&hash);
                if loaded.text != state.text || loaded.ignore != state.ignore {
                    // Saved now (autosave skips what the page starts with), the
                    // replaced text as the previous one.
                    let _ = storage::save(TEXT_KEY, Some(&loaded.text));
                    let _ = storage::save(IGNORE_KEY, Some(&loaded.ignore));
                    let _ = storage::save(PREVIOUS_KEY, loaded.previous.as_deref());
                }
                loaded
            }
            None => state,
        }
    });
    {
        let settings = state.settings.clone();
        use_effect_with(settings, |s| {
            let _ = storage::save(SETTINGS_KEY, Some(&s.to_compact()));
        });
        use_effect_with(state.measure, |m| {
            let _ = storage::save(MEASURE_KEY, Some(m.short()));
        });
    }
    let settings_open = use_state_eq(|| false);
    let theme = use_state_eq(theme::load);
    let textarea = use_node_ref();
    let save = use_autosave(state.text.clone(), state.ignore.clone(), state.previous.clone(), textarea.clone());
    // A selection to make once the tab it belongs to is shown.
    let pending = use_mut_ref(|| None::<Target>);
    let toast = use_state_eq(|| None::<String>);

    // Analysis after a pause in typing, in the analysis worker when the page
    // has one (the page keeps responding while it runs; the last results stay
    // on screen until the new ones arrive), else here. How long edit to
    // results on screen took is left on <body data-analysis-ms>, and for a
    // worker's answer, its arrival to the DOM updated and to the next frame
    // on <body data-result-to-dom-ms> and <body data-result-to-frame-ms>,
    // for the browser test to read.
    let started = use_mut_ref(|| Cell::new(0.0f64));
    let arrived = use_mut_ref(|| Cell::new(0.0f64));
    let worker = use_mut_ref(|| None::<Rc<worker::Client>>);
    {
        let (worker, arrived, dispatcher) = (worker.clone(), arrived.clone(), state.dispatcher());
        let started_worker = state.dispatcher();
        use_effect_with((), move |()| {
            if let Some(script) = worker::script_from_page() {
                let on_event = Callback::from(move |event: worker::Event| match event {
                    worker::Event::Reply { sent, reply: Some(reply), arrived: at } => {
                        arrived.borrow().set(at);
                        let reply = *reply;
                        dispatcher.dispatch(Action::Analysed(Rc::new(Analysed {
                            analysis: Rc::new(reply.analysis),
                            size: Rc::new(reply.size),
                            highlights: reply.highlights.map(Rc::new),
                            settings: sent.settings,
                            context: sent.context,
                            data: sent.data,
                        })));
                    }
                    worker::Event::Reply { reply: None, .. } => dispatcher.dispatch(Action::Analyze),
                    worker::Event::Failed => {
                        dispatcher.dispatch(Action::DeferBig(false));
                        dispatcher.dispatch(Action::Analyze);
                    }
                });
                let client = worker::Client::start(&script, on_event.clone()).map(Rc::new);
                started_worker.dispatch(Action::DeferBig(client.is_some()));
                *worker.borrow_mut() = client;
            }
            move || drop(worker.borrow_mut().take())
        });
    }
    let defer_highlight = state.defer_big || worker.borrow().as_ref().is_some_and(|c| c.alive());
    {
        let state = state.clone();
        let started = started.clone();
        let worker = worker.clone();
        let delay = debounce_ms(state.text.len() + state.ignore.len());
        use_debounced(
            (state.text.clone(), state.ignore.clone()),
            delay,
            Callback::from(move |()| {
                let big = state.text.len() > SYNC_HIGHLIGHT_MAX;
                let needed = state.needs_analysis() || (big && state.highlights.is_none());
                let sent = sent_of(&state);
                started.borrow().set(now_ms());
                let client = worker.borrow().clone().filter(|c| c.alive());
                match &client {
                    Some(client) if needed && client.analyze(sent, big) => {}
                    _ => state.dispatch(Action::Analyze),
                }
            }),
        );
    }
    // The Debian package data an estimate needs, fetched once per suite
    // (same origin; the service worker has it offline), installed here and
    // in the worker, then the texts are analysed again. A failed download is
    // tried again when the browser comes back online.
    let data_error = use_state_eq(|| None::<String>);
    let latest_state = use_mut_ref(|| state.clone());
    *latest_state.borrow_mut() = state.clone();
    let back_online = use_state_eq(|| 0u32);
    {
        let back_online = back_online.clone();
        use_effect_with((), move |()| {
            let times = Cell::new(0u32);
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "online", move |_| {
                    times.set(times.get() + 1);
                    back_online.set(times.get());
                })
            });
            move || drop(listener)
        });
    }
    {
        let requested = use_mut_ref(Vec::<String>::new);
        let (worker, latest, data_error) = (worker.clone(), latest_state.clone(), data_error.clone());
        use_effect_with((state.size.missing_data.clone(), *back_online), move |(missing, _)| {
            for suite in missing {
                if requested.borrow().contains(suite) {
                    continue;
                }
                requested.borrow_mut().push(suite.clone());
                let (worker, latest, data_error, name) = (worker.clone(), latest.clone(), data_error.clone(), suite.clone());
                let requested = requested.clone();
                data::fetch(suite, move |got| {
                    let installed = got.and_then(|text| data::provide(&name, text.clone()).map(|()| text));
                    match installed {
                        Ok(text) => {
                            data_error.set(None);
                            let client = worker.borrow().clone().filter(|c| c.alive());
                            let state = latest.borrow().clone();
                            match client {
                                Some(client) => {
                                    client.provide(&name, &text);
                                    let big = state.text.len() > SYNC_HIGHLIGHT_MAX;
                                    if !client.analyze(sent_of(&state), big) {
                                        state.dispatch(Action::Analyze);
                                    }
                                }
                                None => state.dispatch(Action::Analyze),
                            }
                        }
                        Err(why) => {
                            // Asked for again once the browser is back online.
                            requested.borrow_mut().retain(|s| *s != name);
                            data_error.set(Some(format!(
                                "The Debian {name} package data could not be loaded ({why}): apt layers stay unknown \
                                 until it can be (it is tried again when the browser is back online)."
                            )));
                        }
                    }
                });
            }
        });
    }
    use_effect_with((state.analysis.clone(), state.is_current()), move |(_, current)| {
        let start = started.borrow().get();
        let body = document().and_then(|d| d.body());
        // Edit to the results of the text shown (a worker's answer for an
        // older text may come first).
        if let (true, true, Some(body)) = (start > 0.0, *current, &body) {
            let _ = body.set_attribute("data-analysis-ms", &slimfile::numfmt::fixed(now_ms() - start, 1).to_string());
            started.borrow().set(0.0);
        }
        let at = arrived.borrow().replace(0.0);
        if let (true, Some(body), Some(window)) = (at > 0.0, body, web_sys::window()) {
            // The results in the DOM (decoded, reduced, rendered)...
            let _ = body.set_attribute("data-result-to-dom-ms", &slimfile::numfmt::fixed(now_ms() - at, 1).to_string());
            // The frame that shows the results: its animation frame, then
            // the task after its paint.
            let after_paint = move || {
                gloo::timers::callback::Timeout::new(0, move || {
                    let _ = body.set_attribute("data-result-to-frame-ms", &slimfile::numfmt::fixed(now_ms() - at, 1).to_string());
                })
                .forget();
            };
            let _ = window.request_animation_frame(wasm_bindgen::closure::Closure::once_into_js(after_paint).unchecked_ref());
        }
    });

    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit { tab: state.tab, text, at: now_ms() }))
    };
    let on_tab = {
        let state = state.clone();
        Callback::from(move |tab: Tab| state.dispatch(Action::SwitchTab(tab)))
    };
    // The lists' callbacks are stable across renders (use_callback with the
    // reducer's dispatcher), so typing does not re-render hundreds of rows.
    let dispatcher = state.dispatcher();
    let select_ctx = use_mut_ref(|| (Tab::Dockerfile, 1usize));
    *select_ctx.borrow_mut() = (state.tab, state.text_of(state.tab).matches('\n').count() + 1);
    let on_select = {
        let (textarea, pending, ctx, dispatcher) = (textarea.clone(), pending.clone(), select_ctx.clone(), dispatcher.clone());
        use_callback((), move |target: Target, ()| {
            let (tab, lines) = *ctx.borrow();
            if target.tab == tab {
                if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                    reveal(&el, target, lines);
                }
            } else {
                *pending.borrow_mut() = Some(target);
                dispatcher.dispatch(Action::SwitchTab(target.tab));
            }
        })
    };
    {
        // Make a selection that waited for its tab.
        let (textarea, pending, tab) = (textarea.clone(), pending.clone(), state.tab);
        let lines = state.text_of(state.tab).matches('\n').count() + 1;
        use_effect(move || {
            let ready = pending.borrow().filter(|t| t.tab == tab);
            if let (Some(target), Some(el)) = (ready, textarea.cast::<HtmlTextAreaElement>()) {
                *pending.borrow_mut() = None;
                reveal(&el, target, lines);
            }
        });
    }
    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action.clone()))
    };
    let on_fix = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |index: usize, ()| dispatcher.dispatch(Action::ApplyFix { index, confirmed: false }))
    };
    let on_preview = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |target: FixTarget, ()| dispatcher.dispatch(Action::Preview(target)))
    };
    let on_example = {
        let state = state.clone();
        Callback::from(move |i: usize| state.dispatch(Action::LoadExample(i)))
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |t: Theme| {
            theme::apply(t);
            theme.set(t);
        })
    };
    let on_copy = {
        let toast = toast.clone();
        use_callback(state.analysis.clone(), move |(), analysis| {
            let markdown = findings_markdown(analysis);
            let copied = web_sys::window().map(|w| w.navigator().clipboard().write_text(&markdown)).is_some();
            toast.set(Some(if copied { "Findings copied as Markdown".into() } else { "The clipboard is not available".into() }));
        })
    };
    let on_download = {
        let state = state.clone();
        Callback::from(move |()| download("Dockerfile", &apply_all_safe(&state.text, &state.ignore)))
    };

    // The Optimize panel applies both texts as one undoable step.
    let on_optimize = {
        let state = state.clone();
        Callback::from(move |row: crate::optimize_view::OptRow| {
            let over = crate::state::Snapshot { dockerfile: row.old_dockerfile.clone(), dockerignore: row.old_dockerignore.clone() };
            state.dispatch(Action::ApplyTexts { dockerfile: row.dockerfile, dockerignore: row.dockerignore, label: row.title, over });
        })
    };

    // The page is up (with its first analysis, unless a big saved text waits
    // for the worker): <html data-slimfile-ready> and a `slimfile-ready`
    // event tell www/sw-register.js it may now register the service worker,
    // whose first install precaches the whole site.
    use_effect_with((), |()| {
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-slimfile-ready", "");
        }
        if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("slimfile-ready")) {
            let _ = window.dispatch_event(&event);
        }
    });

    // Keyboard shortcuts, read from one listener on the document with the
    // latest state (kept in a ref, updated at every render).
    let latest = use_mut_ref(|| None::<(UseReducerHandle<State>, NodeRef, Callback<Target>)>);
    *latest.borrow_mut() = Some((state.clone(), textarea.clone(), on_select.clone()));
    use_effect_with((), move |()| {
        let listener = document().map(|doc| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                if let Some((state, textarea, on_select)) = &*latest.borrow() {
                    shortcut(e, state, textarea, on_select);
                }
            })
        });
        move || drop(listener)
    });

    let current = state.is_current();
    let counts = state.analysis.diagnostics.iter().fold((0, 0), |(d, i), row| match row.file {
        FileKind::Dockerfile => (d + 1, i),
        FileKind::Dockerignore => (d, i + 1),
    });
    {
        // A new state notice replaces the copy toast.
        let toast = toast.clone();
        use_effect_with(state.notice.clone(), move |_| toast.set(None));
    }
    let notice = (*toast).clone().or_else(|| state.notice.clone()).unwrap_or_default();
    let act = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    // The size chart: the current estimate, or before/after while a fix is previewed.
    let (size_view, size_before) = match (&state.dialog, &state.preview_size) {
        (Some(_), Some(after)) => (after.clone(), Some(state.size.clone())),
        _ => (state.size.clone(), None),
    };
    let on_layer = {
        let (text, on_select) = (state.analysis.dockerfile.clone(), on_select.clone());
        Callback::from(move |range: slimfile::TextRange| {
            let lines = slimfile::LineIndex::new(&text);
            let map = PositionMap::new(&text, &lines);
            let line = lines.line_of(range.start.min(text.len()));
            on_select.emit(Target { selection: map.utf16_range(range), line, tab: Tab::Dockerfile });
        })
    };
    let context_report = {
        let (context, ignore, text) = (state.context.clone(), state.ignore.clone(), state.text.clone());
        use_memo((context, ignore, text), |(context, ignore, text)| {
            context.as_ref().map(|l| {
                let own = (!ignore.trim().is_empty()).then_some(&**ignore);
                std::rc::Rc::new(crate::context::analyze(&l.files, own, Some(text)))
            })
        })
    };
    let context_report = (*context_report).clone();
    let (share_link, share_secrets) = if state.share_open {
        let link = share_hash(&state).map(|h| format!("{}#{h}", page_url()));
        (std::rc::Rc::new(link), std::rc::Rc::new(crate::share::secret_hits(&state.shared())))
    } else {
        (std::rc::Rc::new(Err(String::new())), std::rc::Rc::default())
    };
    html! {
        <>
            <a class="skip" href="#source">{ "Skip to the editor" }</a>
            <Header theme={*theme} {on_theme} />
            <main class="layout">
                <div class="main-col">
                    <Toolbar
                        can_restore={state.previous.is_some()}
                        can_undo={!state.undo.is_empty()}
                        can_redo={!state.redo.is_empty()}
                        {on_example}
                        on_restore={dispatch(Action::Restore)}
                        on_undo={dispatch(Action::Undo)}
                        on_redo={dispatch(Action::Redo)}
                        {on_download}
                        settings_open={*settings_open}
                        on_settings={{ let open = settings_open.clone(); Callback::from(move |()| open.set(!*open)) }}
                        on_share={dispatch(Action::OpenShare)}
                    />
                    <Editor
                        tab={state.tab}
                        text={state.text_of(state.tab).clone()}
                        {counts}
                        analysis={state.analysis.clone()}
                        {current}
                        node_ref={textarea}
                        {save}
                        {on_edit}
                        {on_tab}
                        highlights={state.highlights.clone()}
                        {defer_highlight}
                    />
                    // The image size under the editor: in view on a wide
                    // screen, with the findings beside it.
                    <SizeChart view={size_view.clone()} before={size_before} measure={state.measure} data_error={(*data_error).clone()}
                        on_measure={act.reform(Action::SetMeasure)} on_select={on_layer} />
                </div>
                <aside class="side-col" aria-label="Results">
                    <DiagnosticList analysis={state.analysis.clone()} {current} on_select={on_select.clone()}
                        {on_fix} {on_preview} {on_copy} />
                    <OptimizePanel dockerfile={state.analysis.dockerfile.clone()} dockerignore={state.analysis.dockerignore.clone()} context={state.context.clone()} {current} on_apply={on_optimize} />
                    <div id="panels" class="panels-slot">
                        if *settings_open {
                            <div id="settings-panel" class="panel-wrap">
                                <SettingsPanel settings={state.settings.clone()}
                                    on_change={act.reform(Action::SetSettings)} />
                            </div>
                        }
                        <ContextPanel listing={state.context.clone()} report={context_report}
                            on_listing={act.reform(|l| Action::SetContext(Some(std::rc::Rc::new(l))))}
                            on_use_dockerignore={act.reform(Action::SetDockerignore)}
                            on_clear={act.reform(|()| Action::SetContext(None))} />
                    </div>
                    <InstructionList analysis={state.analysis.clone()} {on_select} />
                </aside>
            </main>
            <p key={notice.clone()} class="notice" role="status" aria-live="polite" data-testid="notice">{ notice.clone() }</p>
            if state.share_open {
                <div class="share-overlay">
                    <ShareDialog link={share_link} secrets={share_secrets} on_close={dispatch(Action::CloseShare)} />
                </div>
            }
            if let Some(dialog) = state.dialog.clone() {
                <FixDialog {dialog} on_apply={dispatch(Action::ConfirmDialog)} on_close={dispatch(Action::CloseDialog)} />
            }
        </>
    }
}

/// A worker request for the state's texts, settings and context.
fn sent_of(state: &State) -> worker::Sent {
    worker::Sent {
        dockerfile: state.text.clone(),
        dockerignore: state.ignore.clone(),
        settings: state.settings.clone(),
        context: state.context.clone(),
        data: data::generation(),
    }
}

/// The keyboard shortcuts: F8 / Alt+N next finding (Shift+F8 / Alt+P the
/// previous one), Ctrl+. the fix of the finding at the cursor, Ctrl+Z /
/// Ctrl+Shift+Z / Ctrl+Y undo and redo. Undo is the app's history also in
/// the textarea: the browser's own undo does not survive the text being set
/// by a fix or an example, and typing is kept in the history in steps.
fn shortcut(e: &KeyboardEvent, state: &UseReducerHandle<State>, textarea: &NodeRef, on_select: &Callback<Target>) {
    if state.dialog.is_some() {
        return;
    }
    let ctrl = e.ctrl_key() || e.meta_key();
    let key = e.key();
    let in_textarea = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()).is_some();
    let in_other_field = !in_textarea
        && e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT"));
    let el = textarea.cast::<HtmlTextAreaElement>();
    let cursor = el.as_ref().and_then(|t| t.selection_start().ok().flatten()).unwrap_or(0);
    let findings = || {
        state
            .analysis
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| Tab::of(d.file) == state.tab)
            .collect::<Vec<_>>()
    };
    let next = key == "F8" || (e.alt_key() && (key == "n" || key == "N" || key == "p" || key == "P"));
    if next && state.is_current() {
        e.prevent_default();
        let back = e.shift_key() || key == "p" || key == "P";
        let list = findings();
        let pick = if back {
            list.iter().rev().find(|(_, d)| d.selection.start < cursor).or(list.last())
        } else {
            list.iter().find(|(_, d)| d.selection.start > cursor).or(list.first())
        };
        if let Some((_, d)) = pick {
            on_select.emit(Target { selection: d.selection, line: d.at.line, tab: state.tab });
        }
    } else if ctrl && key == "." {
        e.prevent_default();
        let list = findings();
        let at = list
            .iter()
            .filter(|(_, d)| d.applicable_fix().is_some() && d.selection.start <= cursor && cursor <= d.selection.end)
            .map(|(i, _)| *i)
            .next();
        if let Some(index) = at {
            state.dispatch(Action::ApplyFix { index, confirmed: false });
        }
    } else if ctrl && !in_other_field && (key == "z" || key == "Z" || key == "y" || key == "Y") {
        e.prevent_default();
        if key == "y" || key == "Y" || e.shift_key() {
            state.dispatch(Action::Redo);
        } else {
            state.dispatch(Action::Undo);
        }
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

/// Offers `text` as a file download (a data: URL: nothing leaves the page).
fn download(name: &str, text: &str) {
    let Some(doc) = document() else { return };
    let Ok(a) = doc.create_element("a") else { return };
    // octet-stream: the browser keeps the name (no ".txt" added).
    let href = format!("data:application/octet-stream,{}", String::from(js_sys::encode_uri_component(text)));
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", name);
    if let (Some(body), Ok(a)) = (doc.body(), a.dyn_into::<HtmlElement>()) {
        let _ = body.append_child(&a);
        a.click();
        a.remove();
    }
}


/// The page's URL without its hash.
fn page_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The URL hash if it asks for something (`#v1=…`, `#example=…`), taken off
/// the address bar.
fn take_hash() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok().filter(|h| h.len() > 1)?;
    if let Ok(history) = window.history() {
        let path = window.location().pathname().unwrap_or_default() + &window.location().search().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(hash)
}
