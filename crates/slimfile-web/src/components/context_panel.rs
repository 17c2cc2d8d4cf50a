//! "Drop a project folder": reads a folder locally (names and sizes only,
//! plus the root `.dockerignore`), with a progress count and a cap of
//! [`MAX_FILES`] files, and shows the build-context report
//! (`crate::context::analyze`): what the build sends, what the
//! `.dockerignore` leaves out, the largest files and folders, files that look
//! like secrets, and the size before and after the suggested `.dockerignore`.
//!
//! Two ways in: drop the folder on the zone (DataTransfer items →
//! `webkitGetAsEntry`, walked directory by directory without recursion) or
//! pick it with `<input type=file webkitdirectory>`. Nothing is uploaded.
//! File names are user data: they are only ever Yew text nodes.
//!
//! Wiring (for `App`): `on_listing` gives the finished [`Listing`]; keep it
//! (`Action::SetContext(Rc<Listing>)`), compute
//! `context::analyze(&listing.files, dockerignore_text, Some(dockerfile))`
//! when the listing or either text changes and pass it as `report`. `on_use_dockerignore`
//! gives a `.dockerignore` text to put in the editor (`Action::SetDockerignore`):
//! the folder's own one or the suggested one. `on_clear` forgets the folder.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys;
use web_sys::{DragEvent, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, HtmlInputElement};
use yew::prelude::*;

use crate::context::{format_size as format_mb, push_file, strip_root, ContextReport, Listing, MAX_FILES, MAX_IGNORE_BYTES};

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    /// The folder read so far (shown by name) and its report.
    #[prop_or_default]
    pub listing: Option<Rc<Listing>>,
    #[prop_or_default]
    pub report: Option<Rc<ContextReport>>,
    pub on_listing: Callback<Listing>,
    pub on_use_dockerignore: Callback<String>,
    pub on_clear: Callback<()>,
}

/// The progress of a read: files listed so far, and whether it is running.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Progress {
    files: usize,
    running: bool,
}

/// A folder walk in progress (shared by the browser callbacks).
struct Walk {
    listing: Listing,
    /// Browser calls not answered yet; the walk is over at 0.
    pending: usize,
    ignore_file: Option<File>,
    progress: UseStateHandle<Progress>,
    done: Option<Done>,
}

type Shared = Rc<RefCell<Walk>>;
/// Called once with the listing and the root `.dockerignore` file.
type Done = Box<dyn FnOnce(Listing, Option<File>)>;

fn report_progress(w: &Walk) {
    w.progress.set(Progress { files: w.listing.files.len(), running: true });
}

/// One browser call is answered: finish when none is left.
fn settle(walk: &Shared) {
    let finished = {
        let mut w = walk.borrow_mut();
        w.pending = w.pending.saturating_sub(1);
        w.pending == 0
    };
    if finished {
        let (listing, file, done) = {
            let mut w = walk.borrow_mut();
            (std::mem::take(&mut w.listing), w.ignore_file.take(), w.done.take())
        };
        if let Some(done) = done {
            done(listing, file);
        }
    }
}

fn full(walk: &Shared) -> bool {
    walk.borrow().listing.truncated
}

fn visit(walk: &Shared, entry: FileSystemEntry, path: String) {
    if full(walk) {
        return;
    }
    if entry.is_file() {
        let file_entry: FileSystemFileEntry = entry.unchecked_into();
        walk.borrow_mut().pending += 1;
        let (ok_walk, err_walk) = (walk.clone(), walk.clone());
        let ok = Closure::once_into_js(move |file: File| {
            {
                let mut w = ok_walk.borrow_mut();
                let size = file.size().max(0.0) as u64;
                if path == ".dockerignore" && size <= MAX_IGNORE_BYTES {
                    w.ignore_file = Some(file);
                }
                push_file(&mut w.listing, &path, size);
                if w.listing.files.len() % 250 == 0 {
                    report_progress(&w);
                }
            }
            settle(&ok_walk);
        });
        let err = Closure::once_into_js(move |_: JsValue| settle(&err_walk));
        file_entry.file_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref());
    } else if entry.is_directory() {
        let dir: FileSystemDirectoryEntry = entry.unchecked_into();
        read_batch(walk, Rc::new(dir.create_reader()), path);
    }
}

/// `readEntries` answers in batches; call it again until a batch is empty.
fn read_batch(walk: &Shared, reader: Rc<web_sys::FileSystemDirectoryReader>, prefix: String) {
    if full(walk) {
        return;
    }
    walk.borrow_mut().pending += 1;
    let (ok_walk, err_walk, again) = (walk.clone(), walk.clone(), reader.clone());
    let ok = Closure::once_into_js(move |entries: js_sys::Array| {
        if entries.length() > 0 {
            for e in entries.iter() {
                let e: FileSystemEntry = e.unchecked_into();
                let path = if prefix.is_empty() { e.name() } else { format!("{prefix}/{}", e.name()) };
                visit(&ok_walk, e, path);
            }
            read_batch(&ok_walk, again, prefix);
        }
        settle(&ok_walk);
    });
    let err = Closure::once_into_js(move |_: JsValue| settle(&err_walk));
    if reader.read_entries_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref()).is_err() {
        settle(walk);
    }
}

/// Reads the `.dockerignore` (if any) and hands the listing over.
fn finish(listing: Listing, ignore: Option<File>, on_listing: Callback<Listing>, progress: UseStateHandle<Progress>, reading: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>>) {
    progress.set(Progress { files: listing.files.len(), running: false });
    match ignore {
        None => on_listing.emit(listing),
        Some(file) => {
            let reader = gloo::file::callbacks::read_as_text(&gloo::file::Blob::from(file), move |text| {
                let mut listing = listing;
                listing.dockerignore = text.ok();
                on_listing.emit(listing);
            });
            *reading.borrow_mut() = Some(reader);
        }
    }
}

#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let progress = use_state(Progress::default);
    let over = use_state(|| false);
    let reading = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let start_walk = {
        let (progress, on_listing, reading) = (progress.clone(), props.on_listing.clone(), reading.clone());
        move |root: String| -> Shared {
            progress.set(Progress { files: 0, running: true });
            let (p2, cb, rd) = (progress.clone(), on_listing.clone(), reading.clone());
            Rc::new(RefCell::new(Walk {
                listing: Listing { root, ..Listing::default() },
                pending: 0,
                ignore_file: None,
                progress: progress.clone(),
                done: Some(Box::new(move |l, f| finish(l, f, cb, p2, rd))),
            }))
        }
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let (over, start_walk) = (over.clone(), start_walk.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let items = dt.items();
            let entries: Vec<FileSystemEntry> =
                (0..items.length()).filter_map(|i| items.get(i)).filter_map(|it| it.webkit_get_as_entry().ok().flatten()).collect();
            if entries.is_empty() {
                // No entry API (or plain files): list the dropped files flat.
                let Some(list) = dt.files().filter(|l| l.length() > 0) else { return };
                let walk = start_walk("dropped files".to_string());
                walk.borrow_mut().pending += 1;
                {
                    let mut w = walk.borrow_mut();
                    for file in (0..list.length()).filter_map(|i| list.get(i)) {
                        let size = file.size().max(0.0) as u64;
                        let name = file.name();
                        if name == ".dockerignore" && size <= MAX_IGNORE_BYTES {
                            w.ignore_file = Some(file);
                        }
                        if !push_file(&mut w.listing, &name, size) {
                            break;
                        }
                    }
                }
                settle(&walk);
                return;
            }
            // One folder dropped: it is the context root. Otherwise the
            // dropped items are the root's entries.
            let single_dir = entries.len() == 1 && entries[0].is_directory();
            let root = if single_dir { entries[0].name() } else { "dropped files".to_string() };
            let walk = start_walk(root);
            walk.borrow_mut().pending += 1; // held until every entry is started
            for entry in entries {
                if single_dir {
                    let dir: FileSystemDirectoryEntry = entry.unchecked_into();
                    read_batch(&walk, Rc::new(dir.create_reader()), String::new());
                } else {
                    let name = entry.name();
                    visit(&walk, entry, name);
                }
            }
            settle(&walk);
        })
    };
    let onpick = {
        let start_walk = start_walk.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let mut root = String::new();
            let walk = start_walk(String::new());
            walk.borrow_mut().pending += 1;
            {
                let mut w = walk.borrow_mut();
                for i in 0..list.length() {
                    let Some(file) = list.get(i) else { continue };
                    let rel = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                        .ok()
                        .and_then(|v| v.as_string())
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| file.name());
                    let (r, path) = strip_root(&rel);
                    if root.is_empty() {
                        root = r.to_string();
                    }
                    let size = file.size().max(0.0) as u64;
                    if path == ".dockerignore" && size <= MAX_IGNORE_BYTES {
                        w.ignore_file = Some(file);
                    }
                    if !push_file(&mut w.listing, path, size) {
                        break;
                    }
                }
                w.listing.root = root;
            }
            settle(&walk);
        })
    };
    let clear = props.on_clear.reform(|_: MouseEvent| ());
    let p = *progress;
    let zone = html! {
        <div class={classes!("dropzone", (*over).then_some("over"))} {ondragover} {ondragleave} {ondrop}
            data-testid="context-dropzone">
            <p>{ "Drop a project folder here to see its build context." }</p>
            <label class="file-button">{ "Choose a folder…" }
                <input type="file" webkitdirectory=true multiple=true onchange={onpick} aria-label="Choose a project folder" />
            </label>
            <p class="muted">{ format!("Read in your browser only (names and sizes, plus .dockerignore); at most {MAX_FILES} files.") }</p>
            if p.running {
                <p class="progress" role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>{ format!("Reading… {} files", p.files) }
                </p>
            }
        </div>
    };
    let report = props.report.as_ref().zip(props.listing.as_ref()).map(|(r, l)| render_report(r, l, &props.on_use_dockerignore));
    html! {
        <section class="panel context" aria-labelledby="context-title">
            <div class="panel-head">
                <h2 id="context-title">{ "Build context" }</h2>
                if props.listing.is_some() {
                    <div class="actions"><button type="button" onclick={clear}>{ "Forget folder" }</button></div>
                }
            </div>
            { zone }
            { report.unwrap_or_default() }
        </section>
    }
}

fn tally_text(files: usize, bytes: u64) -> String {
    format!("{files} file{}, {}", if files == 1 { "" } else { "s" }, format_mb(bytes))
}

fn render_report(r: &ContextReport, l: &Listing, on_use: &Callback<String>) -> Html {
    let use_suggested = {
        let text = r.suggested_dockerignore.clone();
        on_use.reform(move |_: MouseEvent| text.clone())
    };
    let use_own = l.dockerignore.clone().map(|t| on_use.reform(move |_: MouseEvent| t.clone()));
    let saved = r.sent.bytes.saturating_sub(r.sent_after.bytes);
    html! {
        <div class="context-report" data-testid="context-report">
            <p class="context-root">
                <strong>{ if l.root.is_empty() { "(folder)".to_string() } else { l.root.clone() } }</strong>
                { format!(": {} listed", tally_text(r.all.files, r.all.bytes)) }
                if l.truncated {
                    <span class="warn">{ format!(" — stopped at {MAX_FILES} files: the sizes are too low") }</span>
                }
            </p>
            <dl class="context-totals">
                <dt>{ "Sent to the build" }</dt><dd data-testid="context-sent">{ tally_text(r.sent.files, r.sent.bytes) }</dd>
                <dt>{ "Left out by .dockerignore" }</dt><dd>{ tally_text(r.excluded.files, r.excluded.bytes) }</dd>
                <dt>{ "With the suggested .dockerignore" }</dt>
                <dd data-testid="context-after">
                    { tally_text(r.sent_after.files, r.sent_after.bytes) }
                    if saved > 0 { <span class="delta smaller">{ format!(" (−{})", format_mb(saved)) }</span> }
                </dd>
            </dl>
            <p class="muted">{ "Sizes are the files' sizes on disk (uncompressed), as the build context transfers them." }</p>
            if !r.ignore_problems.is_empty() {
                <ul class="yaml-errors" role="alert">{ for r.ignore_problems.iter().map(|m| html! { <li>{ m }</li> }) }</ul>
            }
            if !r.secrets.is_empty() {
                <div class="secret-warning" role="alert">
                    <strong>{ format!("{} file(s) look like secrets", r.secrets.len()) }</strong>
                    <ul>{ for r.secrets.iter().map(|s| html! {
                        <li>
                            <code>{ &s.path }</code>{ format!(" — {}", s.why) }
                            if s.sent { <span class="warn">{ " — sent to the build" }</span> } else { <span class="muted">{ " — excluded" }</span> }
                        </li>
                    }) }</ul>
                </div>
            }
            if !r.suggestions.is_empty() {
                <h3 class="size-sub">{ "Suggested .dockerignore lines" }</h3>
                <ul class="suggestions">{ for r.suggestions.iter().map(|s| html! {
                    <li><code>{ s.pattern }</code>{ format!(" — {}: {}", s.why, tally_text(s.files, s.bytes)) }</li>
                }) }</ul>
                <div class="actions">
                    <button type="button" onclick={use_suggested}>{ "Use the suggested .dockerignore" }</button>
                    if let Some(cb) = use_own { <button type="button" onclick={cb}>{ "Load the folder's .dockerignore" }</button> }
                </div>
            } else if let Some(cb) = use_own {
                <div class="actions"><button type="button" onclick={cb}>{ "Load the folder's .dockerignore" }</button></div>
            }
            <h3 class="size-sub">{ "Largest folders sent" }</h3>
            <ol class="files">{ for r.largest_dirs.iter().map(|(d, t)| html! {
                <li><code>{ d }</code><span class="layer-size">{ tally_text(t.files, t.bytes) }</span></li>
            }) }</ol>
            <h3 class="size-sub">{ "Largest files sent" }</h3>
            <ol class="files">{ for r.largest.iter().map(|f| html! {
                <li><code>{ &f.path }</code><span class="layer-size">{ format_mb(f.size) }</span></li>
            }) }</ol>
            if !r.excluded_by.is_empty() {
                <h3 class="size-sub">{ "What .dockerignore leaves out" }</h3>
                <ul class="files">{ for r.excluded_by.iter().map(|(p, t)| html! {
                    <li><code>{ p }</code><span class="layer-size">{ tally_text(t.files, t.bytes) }</span></li>
                }) }</ul>
            }
        </div>
    }
}
