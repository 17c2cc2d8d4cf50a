//! The app in a real DOM (Chromium, via wasm-bindgen-test): the rendered page
//! reacts to input through the reducer, and localStorage round-trips. The
//! end-to-end check of the built site is tests/browser/.
#![cfg(target_family = "wasm")]

use slimfile_web::state::EXAMPLE;
use slimfile_web::storage::{self, IGNORE_KEY, PREVIOUS_KEY, TEXT_KEY};
use slimfile_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlButtonElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Waits until Yew has run every pending render and effect.
async fn settle() {
    yew::scheduler::flush().await;
}

/// Waits `ms` of real time (the analysis is debounced), then settles.
async fn wait(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = root.query_selector(selector).unwrap().unwrap().dyn_into().unwrap();
    select.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn type_into(textarea: &HtmlTextAreaElement, text: &str) {
    textarea.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).unwrap();
    textarea.dispatch_event(&event).unwrap();
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector).unwrap().unwrap().dyn_into::<HtmlButtonElement>().unwrap().click();
}

#[wasm_bindgen_test]
fn storage_round_trips_and_removes() {
    let key = "slimfile.test.roundtrip";
    assert_eq!(storage::load(key), None);
    storage::save(key, Some("FROM é🐳\n")).unwrap();
    assert_eq!(storage::load(key).as_deref(), Some("FROM é🐳\n"));
    storage::save(key, Some("")).unwrap();
    assert_eq!(storage::load(key).as_deref(), Some(""));
    storage::save(key, None).unwrap();
    assert_eq!(storage::load(key), None);
}

#[wasm_bindgen_test]
async fn the_app_analyses_as_the_user_types_and_saves_the_text() {
    storage::save(TEXT_KEY, None).unwrap();
    storage::save(IGNORE_KEY, None).unwrap();
    storage::save(PREVIOUS_KEY, None).unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;

    // First visit: the example, clean, nothing written yet.
    assert_eq!(text_of(&root, "[data-testid=version]"), format!("v{}", slimfile::VERSION));
    let textarea: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(textarea.value(), EXAMPLE);
    assert!(text_of(&root, "[data-testid=problems-summary]").contains("No problems found"));
    assert_eq!(storage::load(TEXT_KEY), None);

    type_into(&textarea, "FROM alpine:3.20\nFORM alpine\n");
    settle().await;
    // The text is saved at once; the analysis follows the debounce.
    assert_eq!(storage::load(TEXT_KEY).as_deref(), Some("FROM alpine:3.20\nFORM alpine\n"));
    wait(400).await;
    let diagnostic = root.query_selector(".diagnostic").unwrap().expect("a diagnostic row");
    assert_eq!(diagnostic.get_attribute("data-line").as_deref(), Some("2"));
    assert_eq!(text_of(&root, ".diagnostic .goto"), "2:1");
    assert_eq!(text_of(&root, "[data-testid=problems-summary]"), "1 problem: 1 error");
    // The overlay underlines the unknown keyword, and highlights the known one.
    assert_eq!(text_of(&root, ".overlay .u-error"), "FORM");
    assert_eq!(text_of(&root, ".overlay .t-kw"), "FROM");
    assert_eq!(text_of(&root, ".overlay"), "FROM alpine:3.20\nFORM alpine\n\n");

    // Selecting the problem selects its range in the textarea.
    click(&root, ".diagnostic .goto");
    let (start, end) = (textarea.selection_start().unwrap(), textarea.selection_end().unwrap());
    assert_eq!((start, end), (Some(17), Some(21)));

    // An example puts the text aside (and saves both); restore swaps back.
    choose(&root, ".toolbar select", "0");
    settle().await;
    assert!(textarea.value().starts_with("FROM node:latest\n"));
    assert_eq!(storage::load(PREVIOUS_KEY).as_deref(), Some("FROM alpine:3.20\nFORM alpine\n"));
    assert!(root.query_selector(".diagnostic[data-code=DL3007]").unwrap().is_some());
    let restore = root.query_selector(".toolbar button").unwrap().expect("a restore button");
    assert_eq!(restore.text_content().as_deref(), Some("Restore previous text"));
    click(&root, ".toolbar button");
    settle().await;
    assert_eq!(textarea.value(), "FROM alpine:3.20\nFORM alpine\n");
    assert_eq!(storage::load(TEXT_KEY).as_deref(), Some("FROM alpine:3.20\nFORM alpine\n"));

    // The .dockerignore tab has its own text, saved under its own key.
    click(&root, "#tab-dockerignore");
    settle().await;
    let textarea: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(textarea.value(), "");
    type_into(&textarea, "node_modules\n");
    settle().await;
    assert_eq!(storage::load(IGNORE_KEY).as_deref(), Some("node_modules\n"));
    click(&root, "#tab-dockerfile");
    settle().await;

    // Leaving the page saves what the textarea holds, even before Yew has
    // caught up with it.
    textarea.set_value("FROM left-in-a-hurry\n");
    web_sys::window().unwrap().dispatch_event(&Event::new("pagehide").unwrap()).unwrap();
    assert_eq!(storage::load(TEXT_KEY).as_deref(), Some("FROM left-in-a-hurry\n"));

    app.destroy();
    root.remove();
    storage::save(TEXT_KEY, None).unwrap();
    storage::save(IGNORE_KEY, None).unwrap();
    storage::save(PREVIOUS_KEY, None).unwrap();
}
