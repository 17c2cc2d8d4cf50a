//! The Debian package tables, loaded when an estimate needs them (issue #7:
//! they would weigh ~92 KB gzipped on the first load). The web crate builds
//! the core without `embedded-data`; an estimate that needs a suite says so
//! ([`crate::size_view::SizeView::missing_data`], from the core's
//! `sizedata::missing_debian_data`), the app fetches `data/<file>` from its
//! own origin (the service worker precaches it: offline works), installs it
//! here and in the analysis worker, and analyses again.

use std::cell::Cell;

use wasm_bindgen::JsValue;
use wasm_bindgen::JsCast;

thread_local! {
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

/// How many tables this thread has installed: an analysis made with an
/// older generation may lack data that is there now.
pub fn generation() -> u32 {
    GENERATION.with(Cell::get)
}

/// Installs a suite's table (the text of `data/<file>`) on this thread.
pub fn provide(suite: &str, text: String) -> Result<(), String> {
    if slimfile::sizedata::debian_loaded(suite) {
        return Ok(());
    }
    slimfile::sizedata::provide_debian(suite, text)?;
    GENERATION.with(|g| g.set(g.get() + 1));
    Ok(())
}

/// The URL of a suite's table, relative to the page.
pub fn url(suite: &str) -> Option<String> {
    slimfile::sizedata::debian_data_file(suite).map(|f| format!("data/{f}"))
}

/// Fetches a suite's table from the page's origin; `done` gets its text or
/// why not.
pub fn fetch(suite: &str, done: impl FnOnce(Result<String, String>) + 'static) {
    let Some(url) = url(suite) else {
        return done(Err(format!("no package data for {suite}")));
    };
    let Some(window) = web_sys::window() else {
        return done(Err("no window".into()));
    };
    let request = window.fetch_with_str(&url);
    wasm_bindgen_futures::spawn_local(async move {
        let why = |e: JsValue| e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_else(|| "network error".into());
        let response = match wasm_bindgen_futures::JsFuture::from(request).await {
            Ok(r) => r.unchecked_into::<web_sys::Response>(),
            Err(e) => return done(Err(why(e))),
        };
        if !response.ok() {
            return done(Err(format!("HTTP {}", response.status())));
        }
        let text = match response.text() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map_err(why),
            Err(e) => Err(why(e)),
        };
        done(text.and_then(|t| t.as_string().ok_or_else(|| "not text".to_string())));
    });
}
