//! A page that mounts the side panels with sample data, to look at them in a
//! browser (trunk entry `www/dev-panels.html`). Not part of the app: the
//! lead wires the panels into `App`; this page may be removed then.

use std::rc::Rc;

use slimfile::estimate::ContextFile;
use slimfile::TextRange;
use slimfile_web::components::{ContextPanel, SettingsPanel, ShareDialog, SizeChart};
use slimfile_web::context::{self, Listing};
use slimfile_web::settings::Settings;
use slimfile_web::share::{self, Shared};
use slimfile_web::size_view::{Measure, SizeView};
use yew::prelude::*;

const BEFORE: &str = "FROM node:latest\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nRUN apt-get update && apt-get install -y curl\nENV API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ0123456789\nCMD [\"node\", \"index.js\"]\n";
const AFTER: &str = "FROM node:24-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

fn sample_listing() -> Listing {
    let mut files = vec![
        ContextFile::new("package.json", 1_200),
        ContextFile::new("package-lock.json", 310_000),
        ContextFile::new("index.js", 4_100),
        ContextFile::new("src/app.js", 22_000),
        ContextFile::new(".env", 300),
        ContextFile::new("certs/server.key", 1_700),
        ContextFile::new("dist/bundle.js", 2_400_000),
        ContextFile::new(".git/objects/pack/pack-1.pack", 48_000_000),
        ContextFile::new("logs/app.log", 9_000_000),
    ];
    for i in 0..40 {
        files.push(ContextFile::new(format!("node_modules/pkg{i}/index.js"), 3_000_000 + i * 10_000));
    }
    Listing { root: "my-app".into(), files, dockerignore: Some("node_modules\n".into()), truncated: false }
}

/// What the page's own hash decodes to (a share-link round trip).
fn decoded_hash() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if hash.is_empty() {
        return "no hash".into();
    }
    match share::decode(&hash) {
        Ok(s) => format!(
            "dockerfile:\n{}\ndockerignore: {:?}\nsettings:\n{}",
            s.dockerfile,
            s.dockerignore,
            s.settings.to_compact()
        ),
        Err(e) => format!("error: {e}"),
    }
}

fn param() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

#[component]
fn Demo() -> Html {
    let measure = use_state(Measure::default);
    let settings = use_state(|| Rc::new(Settings::default()));
    let listing = use_state(|| Some(Rc::new(sample_listing())));
    let ignore = use_state(|| "node_modules\n".to_string());
    let selected = use_state(|| None::<TextRange>);
    let compare = param().contains("compare");
    let view = Rc::new(SizeView::of(if compare { AFTER } else { BEFORE }, None));
    let before = compare.then(|| Rc::new(SizeView::of(BEFORE, None)));
    let shared = Shared { dockerfile: BEFORE.into(), dockerignore: Some((*ignore).clone()), settings: (**settings).clone() };
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let link = share::encode(&shared).map(|h| format!("{here}#{h}")).map_err(|e| e.to_string());
    let secrets = share::secret_hits(&shared);
    let report = listing.as_ref().map(|l| Rc::new(context::analyze(&l.files, Some(&ignore), Some(BEFORE))));
    let on_measure = {
        let m = measure.clone();
        Callback::from(move |v| m.set(v))
    };
    let on_select = {
        let s = selected.clone();
        Callback::from(move |r| s.set(Some(r)))
    };
    let on_settings = {
        let s = settings.clone();
        Callback::from(move |v| s.set(Rc::new(v)))
    };
    let on_listing = {
        let l = listing.clone();
        Callback::from(move |v| l.set(Some(Rc::new(v))))
    };
    let on_use = {
        let i = ignore.clone();
        Callback::from(move |t| i.set(t))
    };
    let on_clear = {
        let l = listing.clone();
        Callback::from(move |_| l.set(None))
    };
    html! {
        <main class="layout panels-demo">
            <div class="results">
                <SizeChart view={view} before={before} measure={*measure} on_measure={on_measure} on_select={on_select} />
                <p data-testid="selected">{ format!("selected: {:?}", *selected) }</p>
                <pre data-testid="decoded">{ decoded_hash() }</pre>
                <ShareDialog link={Rc::new(link)} secrets={Rc::new(secrets)} on_close={Callback::noop()} />
            </div>
            <div class="results">
                <ContextPanel listing={(*listing).clone()} report={report} on_listing={on_listing} on_use_dockerignore={on_use} on_clear={on_clear} />
                <SettingsPanel settings={(*settings).clone()} on_change={on_settings} />
            </div>
        </main>
    }
}

fn main() {
    // The sample's apt install needs Debian package data, which the web build
    // loads at run time (as the app does): the suites the samples' estimates
    // name are fetched first, then the panels are mounted (a suite that
    // cannot be loaded leaves its apt layer unknown).
    let mut missing: Vec<String> = [BEFORE, AFTER].iter().flat_map(|t| SizeView::of(t, None).missing_data).collect();
    missing.dedup();
    load_then_mount(missing);
}

fn load_then_mount(mut suites: Vec<String>) {
    match suites.pop() {
        None => {
            yew::Renderer::<Demo>::new().render();
        }
        Some(suite) => slimfile_web::data::fetch(&suite.clone(), move |got| {
            if let Ok(text) = got {
                let _ = slimfile_web::data::provide(&suite, text);
            }
            load_then_mount(suites);
        }),
    }
}
