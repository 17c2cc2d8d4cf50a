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

pub use app::App;

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
