//! The analysis worker's logic, natively and in Chromium: the messages'
//! encoding round trip (what the worker sends is what the page would have
//! computed itself), malformed messages, the overlay's window of lines and
//! shifted highlights, and the reducer's `Analysed` action.

use std::rc::Rc;

use slimfile::estimate::ContextFile;
use slimfile_web::analysis::Analysis;
use slimfile_web::overlay::{self, Mark};
use slimfile_web::settings::Settings;
use slimfile_web::state::{size_of, Action, Analysed, State};
use slimfile_web::wire::{answer, Reply, Request};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

const NODE: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y curl\n# ünïcødé 🐳\nRUN npm install\nEXPOSE 3000\nCMD npm start\n";
const IGNORE: &str = "node_modules\n!keep\n# comment\n[\n";

fn request(dockerfile: &str, highlight: bool) -> Request {
    Request {
        dockerfile: dockerfile.to_string(),
        dockerignore: IGNORE.to_string(),
        settings: Settings::default().to_compact(),
        context: Some(vec![ContextFile::new("src/a b.js", 1200), ContextFile::new("ü/🐳;1:2", 7)]),
        highlight,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_request_round_trips() {
    for r in [request(NODE, true), request("", false), Request { context: None, ..request("12:34;", false) }] {
        assert_eq!(Request::decode(&r.encode()), Some(r));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn the_workers_reply_is_what_the_page_computes() {
    let req = request(NODE, true);
    let reply = answer(&req);
    // The same calls as the page's own analysis.
    let own = Analysis::of_config(NODE, IGNORE, Some(&Settings::default().to_config().0));
    assert_eq!(reply.analysis, own);
    assert!(reply.analysis.diagnostics.iter().any(|d| d.code == "DL3007"), "{:?}", reply.analysis.diagnostics);
    assert!(reply.analysis.diagnostics.iter().any(|d| d.fix.is_some()));
    assert!(reply.analysis.diagnostics.iter().any(|d| d.cost.is_some()));
    assert_eq!(reply.highlights.as_deref(), Some(&slimfile::highlight::highlight(NODE)[..]));
    let listing = slimfile_web::context::Listing { root: String::new(), files: req.context.clone().unwrap(), dockerignore: None, truncated: false };
    assert_eq!(reply.size, size_of(NODE, IGNORE, Some(&listing)));
    assert!(!reply.size.stages.is_empty());
    // Through the wire and back.
    let back = Reply::decode(&reply.encode(), NODE.into(), IGNORE.into()).expect("decodes");
    assert_eq!(back, reply);
    // The suites an estimate still needs travel too (empty here: the tests
    // build the core with its tables embedded).
    assert!(reply.size.missing_data.is_empty());
    let mut loading = reply.clone();
    loading.size.missing_data = vec!["bookworm".into(), "trixie".into()];
    assert_eq!(Reply::decode(&loading.encode(), NODE.into(), IGNORE.into()), Some(loading));
}

#[wasm_bindgen_test(unsupported = test)]
fn malformed_messages_are_none_never_a_panic() {
    let reply = answer(&request(NODE, true)).encode();
    for cut in (0..reply.len()).step_by(7).filter(|i| reply.is_char_boundary(*i)) {
        assert_eq!(Reply::decode(&reply[..cut], NODE.into(), "".into()), None, "cut at {cut}");
    }
    for bad in ["", "x", "99999999999999999999;", "3;", "1;5:ab", "18446744073709551615;", "1;4000000000:"] {
        assert_eq!(Reply::decode(bad, "".into(), "".into()), None);
        assert_eq!(Request::decode(bad), None);
    }
    assert_eq!(Request::decode(&(request(NODE, false).encode() + "1;")), None, "trailing bytes");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_window_of_lines_is_a_slice_of_all_lines() {
    let text = format!("{NODE}RUN a \\\n  b\nFROM x\r\nlast");
    let hl = slimfile::highlight::highlight(&text);
    let marks = [Mark { range: slimfile::TextRange::new(3, 40), severity: slimfile::Severity::Warning, finding: 0 }];
    let all = overlay::lines(&text, &hl, &marks);
    assert_eq!(all.len(), overlay::line_count(&text));
    for first in 0..all.len() + 2 {
        for count in [0, 1, 3, 100] {
            let want: Vec<_> = all.iter().skip(first).take(count).cloned().collect();
            assert_eq!(overlay::lines_in(&text, &hl, &marks, first, count), want, "first {first} count {count}");
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn shifted_highlights_follow_the_text_and_leave_the_edit_plain() {
    let old = "FROM a\nRUN b\nCOPY c d\n";
    let new = "FROM a\nRUN bxyz\nCOPY c d\n";
    let shifted = overlay::shift_highlights(old, new, &slimfile::highlight::highlight(old));
    let fresh = slimfile::highlight::highlight(new);
    // Outside the edit, the shifted ranges are exactly the fresh ones.
    let keyword = |h: &[(slimfile::TextRange, slimfile::highlight::TokenKind)]| {
        h.iter().map(|(r, _)| &new[r.start..r.end]).filter(|t| *t == "COPY" || *t == "FROM").count()
    };
    assert_eq!(keyword(&shifted), 2);
    assert!(shifted.iter().all(|x| fresh.contains(x)), "{shifted:?} vs {fresh:?}");
    assert_eq!(overlay::shift_highlights(old, old, &fresh), fresh);
}

fn analysed(state: &State, text: &str) -> Action {
    let reply = answer(&Request {
        dockerfile: text.to_string(),
        dockerignore: state.ignore.to_string(),
        settings: state.settings.to_compact(),
        context: None,
        highlight: true,
    });
    Action::Analysed(Rc::new(Analysed {
        analysis: Rc::new(Analysis { dockerfile: text.into(), dockerignore: state.ignore.clone(), ..reply.analysis }),
        size: Rc::new(reply.size),
        highlights: reply.highlights.map(Rc::new),
        settings: state.settings.clone(),
        context: None,
        data: slimfile_web::data::generation(),
    }))
}

#[wasm_bindgen_test(unsupported = test)]
fn a_workers_analysis_is_shown_when_it_is_of_the_text_or_newer() {
    let state = Rc::new(State::new("FROM a\n"));
    let edit = |s: &Rc<State>, t: &str| s.clone().reduce(Action::Edit { tab: s.tab, text: t.into(), at: 0.0 });
    let typed = edit(&state, NODE);
    assert!(!typed.is_current());
    // The answer for the text shown: current, with its highlights and size.
    let done = typed.clone().reduce(analysed(&typed, NODE));
    assert!(done.is_current());
    assert!(done.highlights.is_some());
    assert!(done.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
    assert_eq!(*done.size, size_of(NODE, "", None));
    // An answer for an older text than the one shown is still newer than
    // the stale analysis: shown (the overlay shifts it), still not current.
    let more = edit(&done, &format!("{NODE}RUN x\n"));
    let older = edit(&typed, "FROM b\n");
    let shown = older.clone().reduce(analysed(&more, NODE));
    assert_eq!(&*shown.analysis.dockerfile, NODE);
    assert!(!shown.is_current());
    // Nothing replaces a current analysis of the same text made here.
    assert!(Rc::ptr_eq(&done, &done.clone().reduce(analysed(&done, NODE))));
    // Made with other settings: ignored.
    let other = Settings { threshold: slimfile_web::settings::Threshold::At(slimfile::Severity::Error), ..Settings::default() };
    let with_other = typed.clone().reduce(Action::SetSettings(other));
    let stale = edit(&with_other, "FROM c\n");
    assert!(Rc::ptr_eq(&stale, &stale.clone().reduce(analysed(&typed, "FROM c\n"))));
}

#[wasm_bindgen_test(unsupported = test)]
fn with_the_worker_a_big_text_changed_by_a_click_waits_for_it() {
    // Over the limit, yet cheap to analyse in a debug build: one long comment.
    let big = format!("FROM a\n# {}\nRUN echo hi\n", "x".repeat(slimfile_web::state::DEFER_MIN));
    let state = Rc::new(State::new("FROM a\n")).reduce(Action::DeferBig(true));
    let pasted = state.clone().reduce(Action::Edit { tab: state.tab, text: big.clone(), at: 0.0 });
    let done = pasted.clone().reduce(analysed(&pasted, &big));
    assert!(done.is_current());
    // Undo analyses the small text at once; Redo leaves the big one to the worker.
    let undone = done.clone().reduce(Action::Undo);
    assert!(undone.is_current());
    let redone = undone.clone().reduce(Action::Redo);
    assert_eq!(&*redone.text, big.as_str());
    assert!(!redone.is_current(), "not analysed on the page");
    // Without the worker (it failed), Analyze does it here.
    let here = redone.clone().reduce(Action::DeferBig(false)).reduce(Action::Analyze);
    assert!(here.is_current());
    // Without DeferBig, nothing changes: the click analyses at once.
    let plain = Rc::new(State::new("FROM a\n")).reduce(Action::Edit { tab: state.tab, text: big.clone(), at: 0.0 });
    assert!(plain.reduce(Action::Analyze).is_current());
}
