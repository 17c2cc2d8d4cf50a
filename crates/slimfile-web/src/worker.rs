//! The analysis worker, seen from the page. The page opts in with
//! `<meta name="slimfile-worker" content="analysis-worker.js">`
//! (`www/index.html`); `www/analysis-worker.js` is a module worker that
//! imports this same wasm-bindgen glue and instantiates the same compiled
//! wasm module (sent to it, not fetched again), then answers
//! [`crate::wire::Request`]s through [`crate::worker_analyze`]. Messages are
//! plain objects holding strings.
//!
//! Without the meta tag (tests, the embed widget), or when the worker fails,
//! the app analyses on its own thread as before.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::context::Listing;
use crate::settings::Settings;
use crate::wire::{Reply, Request};

#[wasm_bindgen]
extern "C" {
    /// The URL of this wasm's JS glue (the worker imports the same file).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsValue;
}

/// What a request was made from (the reply does not repeat it).
#[derive(Clone, Debug)]
pub struct Sent {
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
    pub settings: Rc<Settings>,
    pub context: Option<Rc<Listing>>,
    /// The page's [`crate::data::generation`] (the worker gets every table
    /// the page installs, before any later request).
    pub data: u32,
}

/// What the worker tells the page.
pub enum Event {
    /// The answer to a request (`None`: it did not decode), and when it
    /// arrived (`performance.now()`).
    Reply { sent: Sent, reply: Option<Box<Reply>>, arrived: f64 },
    /// The worker could not start or died: analyse on the page's thread.
    Failed,
}

#[derive(Default)]
struct Inner {
    next: u64,
    /// The requests in flight, by id (ascending: ids only grow). A Vec, not
    /// a BTreeMap: it holds a request or two, and the wasm has no BTreeMap
    /// code for it.
    sent: Vec<(u64, Sent)>,
    dead: bool,
}

/// The running worker (terminated when dropped).
pub struct Client {
    worker: Worker,
    inner: Rc<RefCell<Inner>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The worker script the page asks for, if any.
pub fn script_from_page() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let meta = doc.query_selector("meta[name=\"slimfile-worker\"]").ok()??;
    meta.get_attribute("content").filter(|s| !s.is_empty())
}

impl Client {
    /// Starts the worker `script` (a URL relative to the page).
    pub fn start(script: &str, on_event: Callback<Event>) -> Option<Client> {
        let glue = GLUE_URL.with(JsValue::as_string)?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(script, &options).ok()?;
        let inner = Rc::new(RefCell::new(Inner::default()));
        let on_message = {
            let (inner, on_event) = (inner.clone(), on_event.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                match get(&data, "type").as_string().as_deref() {
                    Some("reply") => {
                        let arrived = now_ms();
                        let Some(id) = get(&data, "id").as_f64().map(|v| v as u64) else { return };
                        let sent = {
                            let mut inner = inner.borrow_mut();
                            let sent = inner.sent.iter().position(|(k, _)| *k == id).map(|i| inner.sent.remove(i).1);
                            // The worker answers in order: older requests were skipped.
                            inner.sent.retain(|(k, _)| *k > id);
                            sent
                        };
                        let Some(sent) = sent else { return };
                        let reply = get(&data, "reply")
                            .as_string()
                            .and_then(|r| Reply::decode(&r, sent.dockerfile.clone(), sent.dockerignore.clone()))
                            .map(Box::new);
                        on_event.emit(Event::Reply { sent, reply, arrived });
                    }
                    Some("failed") => {
                        inner.borrow_mut().dead = true;
                        on_event.emit(Event::Failed);
                    }
                    _ => {}
                }
            })
        };
        let on_error = {
            let inner = inner.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
                inner.borrow_mut().dead = true;
                on_event.emit(Event::Failed);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = Object::new();
        let _ = Reflect::set(&init, &"type".into(), &"init".into());
        let _ = Reflect::set(&init, &"glue".into(), &glue.into());
        let _ = Reflect::set(&init, &"module".into(), &wasm_bindgen::module());
        worker.post_message(&init).ok()?;
        Some(Client { worker, inner, _on_message: on_message, _on_error: on_error })
    }

    /// Whether the worker still works.
    pub fn alive(&self) -> bool {
        !self.inner.borrow().dead
    }

    /// Gives the worker a Debian package table the page has installed.
    pub fn provide(&self, suite: &str, text: &str) {
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"type".into(), &"data".into());
        let _ = Reflect::set(&msg, &"suite".into(), &suite.into());
        let _ = Reflect::set(&msg, &"text".into(), &text.into());
        let _ = self.worker.post_message(&msg);
    }

    /// Asks for an analysis; false if the worker is gone (analyse here then).
    pub fn analyze(&self, sent: Sent, highlight: bool) -> bool {
        if !self.alive() {
            return false;
        }
        let request = Request {
            dockerfile: sent.dockerfile.to_string(),
            dockerignore: sent.dockerignore.to_string(),
            settings: sent.settings.to_compact(),
            context: sent.context.as_ref().map(|l| l.files.clone()),
            highlight,
        };
        let id = {
            let mut inner = self.inner.borrow_mut();
            inner.next += 1;
            let id = inner.next;
            inner.sent.push((id, sent));
            id
        };
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"type".into(), &"analyze".into());
        let _ = Reflect::set(&msg, &"id".into(), &JsValue::from_f64(id as f64));
        let _ = Reflect::set(&msg, &"request".into(), &request.encode().into());
        self.worker.post_message(&msg).is_ok()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
