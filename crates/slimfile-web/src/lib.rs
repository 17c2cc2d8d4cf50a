//! slimfile-web: the browser shell over the slimfile core.
//!
//! The core analyses; this crate owns everything about the browser: the DOM
//! (Yew components), localStorage, and converting the core's byte offsets to
//! UTF-16 offsets and display lines/columns ([`position`]).
//!
//! * [`state`]: the one reducer state and its `Action`s (pure, tested natively
//!   and in wasm).
//! * [`analysis`]: the core's answer reshaped into rows for display.
//! * [`overlay`]: the editor's highlighted, underlined lines as data.
//! * [`diff_view`]: the line diff of the fix preview.
//! * [`examples`]: the Examples menu.
//! * [`components`], [`hooks`], [`storage`]: the DOM side.

pub mod analysis;
pub mod data;
pub mod app;
pub mod embed;
pub mod components;
pub mod diff_view;
pub mod examples;
pub mod hooks;
pub mod overlay;
pub mod position;
pub mod state;
pub mod storage;
pub mod theme;
pub mod wire;
pub mod worker;

pub use app::App;

/// Whether this instance runs in a web worker (the analysis worker
/// instantiates this same wasm file): then `main` mounts nothing.
pub fn in_worker() -> bool {
    web_sys::window().is_none()
}

/// The analysis worker's entry point (`www/analysis-worker.js` calls it): a
/// [`wire::Request`] in, its [`wire::Reply`] out, both encoded; an empty
/// string for a request that does not decode.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn worker_analyze(request: &str) -> String {
    wire::Request::decode(request).map(|r| wire::answer(&r).encode()).unwrap_or_default()
}

/// The analysis worker's second entry point: installs a Debian package
/// table the page fetched ([`data::provide`]); the error, or an empty string.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn worker_provide_debian(suite: &str, text: String) -> String {
    data::provide(suite, text).err().unwrap_or_default()
}

/// Mounts the app into the element with id `app` (or the body).
pub fn start() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

// Pure models of the side panels (size, share, settings, build context).
pub mod size_view;
pub mod context;
pub mod settings;
pub mod share;

// The Optimize panel's model (whole-file optimizations with their savings).
pub mod optimize_view;
