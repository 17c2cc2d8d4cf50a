//! The web crate's pure logic: position conversion, the analysis rows, the
//! editor overlay, the diff and the reducer. `unsupported = test` makes each test a plain `#[test]` natively,
//! so `cargo test` runs them natively and wasm-bindgen-test runs the same
//! tests in Chromium (the core compiled to wasm).

use std::rc::Rc;

use slimfile::Severity;
use slimfile_web::analysis::Analysis;
use slimfile_web::position::{byte_to_line_col, byte_to_utf16, LineCol, PositionMap, Utf16Range};
use slimfile_web::diff_view::{self, LineKind};
use slimfile_web::examples::EXAMPLES;
use slimfile_web::overlay::{self, Mark};
use slimfile_web::state::{apply_all_safe, Action, FixTarget, State, Tab, COALESCE_MS, EXAMPLE, HISTORY_LIMIT};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn lc(line: usize, column: usize) -> LineCol {
    LineCol { line, column }
}

/// The obvious, slow definitions the fast ones must agree with.
fn naive_utf16(text: &str, offset: usize) -> u32 {
    text[..offset].encode_utf16().count() as u32
}
fn naive_line_col(text: &str, offset: usize) -> LineCol {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    lc(line, before[line_start..].chars().count() + 1)
}

// ---- position ----

#[wasm_bindgen_test(unsupported = test)]
fn ascii_offsets() {
    let text = "FROM a\nRUN b\n";
    assert_eq!(byte_to_utf16(text, 0), 0);
    assert_eq!(byte_to_utf16(text, 7), 7);
    assert_eq!(byte_to_line_col(text, 0), lc(1, 1));
    assert_eq!(byte_to_line_col(text, 5), lc(1, 6));
    assert_eq!(byte_to_line_col(text, 7), lc(2, 1));
    assert_eq!(byte_to_line_col(text, 11), lc(2, 5));
    // The end of a text that ends with a newline is the start of an empty last line.
    assert_eq!(byte_to_line_col(text, text.len()), lc(3, 1));
}

#[wasm_bindgen_test(unsupported = test)]
fn multibyte_characters_count_once_in_columns_and_by_code_units_in_utf16() {
    // é: 2 bytes, 1 UTF-16 unit. 🐳: 4 bytes, 2 UTF-16 units (a surrogate pair).
    let text = "LABEL a=é🐳\nFORM x\n";
    let form = text.find("FORM").unwrap();
    assert_eq!(form, 15);
    assert_eq!(byte_to_utf16(text, form), 12);
    assert_eq!(byte_to_line_col(text, form), lc(2, 1));
    let whale = text.find('🐳').unwrap();
    assert_eq!(byte_to_line_col(text, whale), lc(1, 10));
    assert_eq!(byte_to_utf16(text, whale), 9);
    assert_eq!(byte_to_utf16(text, whale + 4), 11);
    assert_eq!(byte_to_line_col(text, whale + 4), lc(1, 11));
}

#[wasm_bindgen_test(unsupported = test)]
fn offsets_inside_a_character_or_past_the_end_never_panic() {
    let text = "RUN 🐳";
    let whale = 4;
    for inside in whale + 1..whale + 4 {
        assert_eq!(byte_to_utf16(text, inside), 4, "offset {inside} floors to the whale");
        assert_eq!(byte_to_line_col(text, inside), lc(1, 5));
    }
    assert_eq!(byte_to_utf16(text, 999), 6);
    assert_eq!(byte_to_line_col(text, 999), lc(1, 6));
    assert_eq!(byte_to_utf16("", 3), 0);
    assert_eq!(byte_to_line_col("", 3), lc(1, 1));
}

#[wasm_bindgen_test(unsupported = test)]
fn crlf_lines() {
    let text = "FROM a\r\nRUN é\r\nX";
    assert_eq!(byte_to_line_col(text, 6), lc(1, 7)); // the \r belongs to line 1
    assert_eq!(byte_to_line_col(text, 8), lc(2, 1));
    assert_eq!(byte_to_line_col(text, text.len() - 1), lc(3, 1));
    assert_eq!(byte_to_utf16(text, text.len() - 1), 15);
}

#[wasm_bindgen_test(unsupported = test)]
fn position_map_agrees_with_the_naive_definitions_at_every_offset() {
    let text = "# é\r\nFROM ünïcode:1 AS 🐳\n\nRUN echo \"日本語\" \\\n  && 𝄞 x\n\tCMD [\"a\"]";
    let df = slimfile::parse(text);
    let map = PositionMap::new(&df.source, &df.line_index);
    for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
        assert_eq!(map.utf16(offset), naive_utf16(text, offset), "utf16 at byte {offset}");
        assert_eq!(map.line_col(offset), naive_line_col(text, offset), "line/col at byte {offset}");
    }
    let range = slimfile::TextRange::new(text.find('🐳').unwrap(), text.find('🐳').unwrap() + 4);
    let utf16 = map.utf16_range(range);
    assert_eq!(utf16.end - utf16.start, 2);
}

// ---- analysis ----

#[wasm_bindgen_test(unsupported = test)]
fn the_example_is_clean_and_lists_its_instructions() {
    let a = Analysis::of(EXAMPLE);
    assert!(a.is_clean(), "{:?}", a.diagnostics);
    let rows: Vec<(&str, usize, usize)> =
        a.instructions.iter().map(|i| (i.keyword.as_str(), i.start_line, i.end_line)).collect();
    assert_eq!(
        rows,
        [
            ("FROM", 1, 1),
            ("WORKDIR", 2, 2),
            ("COPY", 3, 3),
            ("RUN", 4, 5),
            ("COPY", 6, 6),
            ("USER", 7, 7),
            ("CMD", 8, 8),
        ]
    );
    assert!(a.instructions.iter().all(|i| i.known));
    // The keyword selection covers the keyword in the textarea.
    let run = &a.instructions[3];
    let start = EXAMPLE.find("RUN").unwrap() as u32;
    assert_eq!(run.selection, Utf16Range { start, end: start + 3 });
}

#[wasm_bindgen_test(unsupported = test)]
fn an_unknown_instruction_is_reported_at_its_line() {
    let text = "FROM alpine:3.20\nFORM alpine\nRUN true\n";
    let a = Analysis::of(text);
    assert_eq!(a.diagnostics.len(), 1, "{:?}", a.diagnostics);
    let d = &a.diagnostics[0];
    assert_eq!(d.code, "parse/unknown-instruction");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.at, lc(2, 1));
    assert_eq!(d.selection.start, 17);
    assert!(d.message.to_lowercase().contains("form"), "{}", d.message);
    assert_eq!(a.count(Severity::Error), 1);
    let unknown = &a.instructions[1];
    assert_eq!((unknown.keyword.as_str(), unknown.known), ("FORM", false));
}

#[wasm_bindgen_test(unsupported = test)]
fn diagnostic_selections_are_utf16_after_multibyte_text() {
    let text = "LABEL x=\"🐳🐳\"\nFORM é\n";
    let a = Analysis::of(text);
    let d = a.diagnostics.iter().find(|d| d.code == "parse/unknown-instruction").expect("a diagnostic");
    let form = text.find("FORM").unwrap();
    assert_eq!(d.selection.start, naive_utf16(text, form));
    assert_eq!(d.at, lc(2, 1));
}

#[wasm_bindgen_test(unsupported = test)]
fn diagnostics_are_sorted_by_position() {
    let text = "FORM a\nFROM b\nRUN <<EOF\nnever closed\nBLAH c\n";
    let a = Analysis::of(text);
    assert!(a.diagnostics.len() >= 2, "{:?}", a.diagnostics);
    let starts: Vec<u32> = a.diagnostics.iter().map(|d| d.selection.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_run_with_100000_continuation_lines_is_one_instruction() {
    let mut text = String::from("FROM alpine\nRUN true");
    for i in 0..100_000 {
        text.push_str(" \\\n  && echo ");
        text.push_str(&i.to_string());
    }
    text.push('\n');
    let df = slimfile::parse(&text);
    assert_eq!(df.instructions.len(), 2);
    let run = &df.instructions[1];
    assert_eq!(run.keyword, slimfile::Keyword::Run);
    assert_eq!((run.start_line, run.end_line), (2, 100_002));
    // And through this crate's layer, as the page does it.
    let state = State::new(text);
    assert_eq!(state.analysis.instructions.len(), 2);
    assert_eq!(state.analysis.instructions[1].end_line, 100_002);
}

// ---- state ----

fn reduce(state: &Rc<State>, action: Action) -> Rc<State> {
    state.clone().reduce(action)
}

fn edit(state: &Rc<State>, tab: Tab, text: &str, at: f64) -> Rc<State> {
    reduce(state, Action::Edit { tab, text: text.into(), at })
}

const NODE: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n";

fn index_of(state: &State, code: &str) -> usize {
    state.analysis.diagnostics.iter().position(|d| d.code == code).unwrap_or_else(|| panic!("no {code}: {:?}", state.analysis.diagnostics))
}

#[wasm_bindgen_test(unsupported = test)]
fn first_visit_shows_the_example_and_a_saved_text_wins_even_when_empty() {
    assert_eq!(&*State::initial(None, None).text, EXAMPLE);
    let saved = State::initial(Some("FROM scratch\n".into()), None);
    assert_eq!(&*saved.text, "FROM scratch\n");
    assert_eq!(saved.analysis.instructions.len(), 1);
    let emptied = State::initial(Some(String::new()), None);
    assert_eq!(&*emptied.text, "");
    assert!(emptied.analysis.instructions.is_empty());
    let with_previous = State::initial(None, Some("mine".into()));
    assert_eq!(with_previous.previous.as_deref(), Some("mine"));
    let both = State::initial_with(Some("FROM a\nCOPY . .\n".into()), Some("[z-a]\n".into()), None);
    assert_eq!(&*both.ignore, "[z-a]\n");
    assert!(both.analysis.diagnostics.iter().any(|d| d.file == slimfile::FileKind::Dockerignore), "{:?}", both.analysis.diagnostics);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_edit_shows_at_once_and_is_analysed_on_analyze() {
    let s = Rc::new(State::new("FROM a\n"));
    assert!(Rc::ptr_eq(&s, &edit(&s, Tab::Dockerfile, "FROM a\n", 0.0)), "no new state, so Yew skips the render");
    let edited = edit(&s, Tab::Dockerfile, "FORM a\n", 0.0);
    assert_eq!(&*edited.text, "FORM a\n");
    assert!(!edited.is_current(), "the analysis waits for the debounce");
    assert!(Rc::ptr_eq(&edited.analysis, &s.analysis), "the old analysis stays until then");
    let analysed = reduce(&edited, Action::Analyze);
    assert!(analysed.is_current());
    assert_eq!(analysed.analysis.diagnostics, Analysis::of("FORM a\n").diagnostics);
    assert!(Rc::ptr_eq(&analysed, &reduce(&analysed, Action::Analyze)));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_dockerignore_tab_is_edited_and_analysed_with_the_dockerfile() {
    let s = Rc::new(State::new("FROM alpine\nCOPY . /app\n"));
    let tab = reduce(&s, Action::SwitchTab(Tab::Dockerignore));
    assert_eq!(tab.tab, Tab::Dockerignore);
    let e = reduce(&edit(&tab, Tab::Dockerignore, "[z-a]\n", 0.0), Action::Analyze);
    assert_eq!(&*e.ignore, "[z-a]\n");
    assert_eq!(&*e.text, "FROM alpine\nCOPY . /app\n");
    let bad = e.analysis.diagnostics.iter().find(|d| d.code == "dockerignore/bad-pattern").expect("the pattern's finding");
    assert_eq!(bad.file, slimfile::FileKind::Dockerignore);
    assert_eq!((bad.at.line, bad.selection.start), (1, 0));
    // The same findings as the core gives for the pair (what `slimfile check` shows).
    let report = slimfile::analyze(&slimfile::Input { dockerfile: &e.text, dockerignore: Some(&e.ignore), config: None });
    assert_eq!(e.analysis.diagnostics.len(), report.findings.len());
}

#[wasm_bindgen_test(unsupported = test)]
fn typing_coalesces_into_one_undo_step_and_a_pause_starts_another() {
    let s = Rc::new(State::new("FROM a\n"));
    let s1 = edit(&s, Tab::Dockerfile, "FROM a\nR", 0.0);
    let s2 = edit(&s1, Tab::Dockerfile, "FROM a\nRU", 300.0);
    let s3 = edit(&s2, Tab::Dockerfile, "FROM a\nRUN", 600.0);
    assert_eq!(s3.undo.len(), 1, "one step for a burst of typing");
    let s4 = edit(&s3, Tab::Dockerfile, "FROM a\nRUN x", 600.0 + COALESCE_MS + 1.0);
    assert_eq!(s4.undo.len(), 2, "a pause starts a new step");
    let back = reduce(&s4, Action::Undo);
    assert_eq!(&*back.text, "FROM a\nRUN");
    assert!(back.is_current(), "undo analyses at once");
    let back2 = reduce(&back, Action::Undo);
    assert_eq!(&*back2.text, "FROM a\n");
    assert!(Rc::ptr_eq(&back2, &reduce(&back2, Action::Undo)), "nothing more to undo");
    let fwd = reduce(&reduce(&back2, Action::Redo), Action::Redo);
    assert_eq!(&*fwd.text, "FROM a\nRUN x");
    // A new edit after undo drops the redo steps.
    let branched = edit(&back, Tab::Dockerfile, "FROM b\n", 99_999.0);
    assert!(branched.redo.is_empty());
    // Switching tabs ends the burst, and undo shows the tab that changed.
    let other = edit(&reduce(&s3, Action::SwitchTab(Tab::Dockerignore)), Tab::Dockerignore, ".git\n", 700.0);
    assert_eq!(other.undo.len(), 2);
    let shown = reduce(&reduce(&other, Action::SwitchTab(Tab::Dockerfile)), Action::Undo);
    assert_eq!((shown.tab, &*shown.ignore), (Tab::Dockerignore, ""));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_history_is_bounded() {
    let mut s = Rc::new(State::new(""));
    for i in 0..HISTORY_LIMIT + 20 {
        s = edit(&s, Tab::Dockerfile, &format!("FROM a{i}\n"), (i as f64) * 10_000.0);
    }
    assert_eq!(s.undo.len(), HISTORY_LIMIT);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_safe_fix_applies_at_once_and_undo_brings_the_text_back() {
    let text = "FROM python:3.12-slim\nRUN pip install flask==3.0.0\n";
    let s = Rc::new(State::new(text));
    let i = index_of(&s, "DL3042");
    let fixed = reduce(&s, Action::ApplyFix { index: i, confirmed: false });
    assert_eq!(&*fixed.text, "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n");
    assert!(fixed.dialog.is_none());
    assert!(fixed.is_current());
    assert!(!fixed.analysis.diagnostics.iter().any(|d| d.code == "DL3042"));
    assert!(fixed.notice.as_deref().unwrap_or("").contains("DL3042"));
    let undone = reduce(&fixed, Action::Undo);
    assert_eq!(&*undone.text, text);
    assert_eq!(&*reduce(&undone, Action::Redo).text, &*fixed.text);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_unsafe_fix_asks_first_and_the_dialog_says_what_changes() {
    let s = Rc::new(State::new(NODE));
    assert!(s.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
    let i = index_of(&s, "SF1017");
    let asking = reduce(&s, Action::ApplyFix { index: i, confirmed: false });
    assert_eq!(&*asking.text, NODE, "nothing changed yet");
    let dialog = asking.dialog.clone().expect("a confirmation");
    assert!(dialog.unsafe_);
    assert!(dialog.title.contains("node:slim"), "{}", dialog.title);
    assert_eq!(&*dialog.after, NODE.replace("node:latest", "node:slim"));
    // Cancel leaves the text; confirm applies it.
    assert_eq!(&*reduce(&asking, Action::CloseDialog).text, NODE);
    let applied = reduce(&asking, Action::ConfirmDialog);
    assert!(applied.text.starts_with("FROM node:slim\n"));
    assert!(applied.dialog.is_none());
    // Or straight from the button with the confirmation given.
    assert_eq!(reduce(&s, Action::ApplyFix { index: i, confirmed: true }).text, applied.text);
}

#[wasm_bindgen_test(unsupported = test)]
fn fixes_wait_for_a_current_analysis_and_a_stale_dialog_does_not_apply() {
    let s = Rc::new(State::new(NODE));
    let i = index_of(&s, "SF1017");
    let typed = edit(&s, Tab::Dockerfile, &format!("# note\n{NODE}"), 0.0);
    // The finding's byte range is of the old text: applying it now would cut the wrong bytes.
    assert!(Rc::ptr_eq(&typed, &reduce(&typed, Action::ApplyFix { index: i, confirmed: true })));
    let previewed = reduce(&s, Action::Preview(FixTarget::One(i)));
    assert!(previewed.dialog.is_some());
    let mut changed = (*previewed).clone();
    changed.text = "FROM other\n".into();
    let confirmed = Rc::new(changed).reduce(Action::ConfirmDialog);
    assert_eq!(&*confirmed.text, "FROM other\n");
    assert!(confirmed.dialog.is_none());
    // Out of range or a finding without a fix: nothing happens.
    assert!(Rc::ptr_eq(&s, &reduce(&s, Action::ApplyFix { index: 999, confirmed: true })));
    let no_fix = s.analysis.diagnostics.iter().position(|d| d.applicable_fix().is_none()).expect("a finding without a fix");
    assert!(Rc::ptr_eq(&s, &reduce(&s, Action::ApplyFix { index: no_fix, confirmed: true })));
}

#[wasm_bindgen_test(unsupported = test)]
fn all_safe_fixes_apply_in_rounds_and_leave_no_safe_fix() {
    let python = EXAMPLES.iter().find(|e| e.name == "Python").unwrap();
    let s = Rc::new(State::with_files(python.dockerfile.into(), python.dockerignore.into()));
    assert!(s.analysis.safe_fixes().count() >= 2);
    let preview = reduce(&s, Action::Preview(FixTarget::AllSafe));
    let dialog = preview.dialog.clone().expect("a preview");
    assert!(!dialog.unsafe_);
    let all = reduce(&preview, Action::ConfirmDialog);
    assert_eq!(*all.text, *dialog.after);
    assert!(all.text.contains("--no-cache-dir"));
    assert!(all.text.contains("rm -rf /var/lib/apt/lists/*"));
    assert_eq!(all.analysis.safe_fixes().count(), 0, "{:?}", all.analysis.diagnostics);
    // The fixed file has no parse error, and fixing again changes nothing.
    assert!(slimfile::parse(&all.text).diagnostics.is_empty());
    assert_eq!(apply_all_safe(&all.text, &all.ignore), *all.text);
    assert_eq!(*reduce(&s, Action::ApplyAllSafe).text, *all.text);
    // One undo step for the whole batch.
    assert_eq!(&*reduce(&all, Action::Undo).text, python.dockerfile);
}

#[wasm_bindgen_test(unsupported = test)]
fn load_example_keeps_the_users_text_and_restore_swaps_without_losing_either() {
    assert!(EXAMPLES[0].dockerfile.starts_with("FROM node:latest\n"), "the article's Node example comes first");
    assert_eq!(EXAMPLES.len(), 5);
    let mine = Rc::new(State::with_files("FROM mine\n".into(), "mine-ignore\n".into()));
    let example = reduce(&mine, Action::LoadExample(0));
    assert_eq!(&*example.text, EXAMPLES[0].dockerfile);
    assert_eq!(example.previous.as_deref(), Some("FROM mine\n"));
    assert!(example.is_current());
    // Editing the example keeps the put-aside text.
    let edited = edit(&example, Tab::Dockerfile, &format!("{}EXPOSE 80\n", EXAMPLES[0].dockerfile), 0.0);
    assert_eq!(edited.previous.as_deref(), Some("FROM mine\n"));
    // Restore swaps: the user's text is back, the edited example is put aside.
    let restored = reduce(&edited, Action::Restore);
    assert_eq!(&*restored.text, "FROM mine\n");
    assert_eq!(restored.previous.as_deref(), Some(&*edited.text));
    assert_eq!(restored.analysis.instructions.len(), 1);
    assert_eq!(&*reduce(&restored, Action::Restore).text, &*edited.text);
    // Undo also brings back both files as they were before the example.
    let undone = reduce(&example, Action::Undo);
    assert_eq!((&*undone.text, &*undone.ignore), ("FROM mine\n", "mine-ignore\n"));
    // Loading the same example again, or an unknown one, changes nothing.
    assert!(Rc::ptr_eq(&example, &reduce(&example, Action::LoadExample(0))));
    assert!(Rc::ptr_eq(&example, &reduce(&example, Action::LoadExample(99))));
    assert!(Rc::ptr_eq(&mine, &reduce(&mine, Action::Restore)));
}

#[wasm_bindgen_test(unsupported = test)]
fn every_example_parses_cleanly_and_has_findings() {
    for e in EXAMPLES {
        assert!(slimfile::parse(e.dockerfile).diagnostics.is_empty(), "{}", e.name);
        assert!(!Analysis::of_pair(e.dockerfile, e.dockerignore).is_clean(), "{} teaches something", e.name);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn findings_carry_fixes_and_costs_and_render_as_markdown() {
    let a = Analysis::of(NODE);
    let slim = a.diagnostics.iter().find(|d| d.code == "SF1017").unwrap();
    let cost = slim.cost.expect("a cost");
    assert!(cost.compressed_bytes > 100_000_000 && cost.uncompressed_bytes > cost.compressed_bytes, "{cost:?}");
    let md = slimfile_web::analysis::findings_markdown(&a);
    assert!(md.contains("`DL3007` Dockerfile:1:11"), "{md}");
    assert!(md.contains("compressed (pull)") && md.contains("on disk"), "{md}");
    assert!(md.contains("```dockerfile\nFROM node:latest\n"), "{md}");
    assert_eq!(slimfile_web::analysis::format_bytes(357_768_107), "358 MB");
    assert_eq!(slimfile_web::analysis::format_bytes(18_900_000), "18.9 MB");
    assert_eq!(slimfile_web::analysis::format_bytes(999), "999 B");
    // Backticks in the Dockerfile cannot close the code block early.
    let hostile = Analysis::of("FROM alpine\nRUN echo '\n```\n</details>\n![x](https://evil.invalid/p.png)\n````'\n");
    let md = slimfile_web::analysis::findings_markdown(&hostile);
    assert!(md.contains("\n`````dockerfile\nFROM alpine\n") && md.ends_with("\n`````\n</details>\n"), "{md}");
}

// ---- overlay ----

fn joined(line: &overlay::Line) -> String {
    line.segments.iter().map(|s| s.text.as_str()).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn overlay_lines_reproduce_the_text_with_highlights_and_underlines() {
    let text = "# é\r\nFROM node:latest AS 🐳\n\tRUN echo \"$HOME\" \\\n  && x\n";
    let h = slimfile::highlight::highlight(text);
    let tag = text.find("latest").unwrap();
    let marks = [Mark { range: slimfile::TextRange::new(tag, tag + 6), severity: Severity::Warning, finding: 7 }];
    let lines = overlay::lines(text, &h, &marks);
    let expected: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(lines.iter().map(joined).collect::<Vec<_>>(), expected);
    let from = &lines[1];
    let kw = from.segments.iter().find(|s| s.text == "FROM").unwrap();
    assert_eq!(kw.class, Some("kw"));
    let underlined: String = from.segments.iter().filter(|s| s.mark.is_some()).map(|s| s.text.as_str()).collect();
    assert_eq!(underlined, "latest");
    assert_eq!(from.mark, Some((Severity::Warning, 7)));
    assert_eq!(lines[0].mark, None);
    let var = lines[2].segments.iter().find(|s| s.text == "$HOME").unwrap();
    assert_eq!(var.class, Some("var"));
}

#[wasm_bindgen_test(unsupported = test)]
fn overlay_marks_span_lines_keep_the_most_severe_and_widen_empty_ranges() {
    let text = "RUN a \\\n  b\nFROM x\n";
    let whole = slimfile::TextRange::new(0, 11);
    let marks = [
        Mark { range: whole, severity: Severity::Info, finding: 0 },
        Mark { range: slimfile::TextRange::new(4, 5), severity: Severity::Error, finding: 1 },
        // Empty: at the end of "FROM x" (before the newline): shown on the "x".
        Mark { range: slimfile::TextRange::empty(18), severity: Severity::Style, finding: 2 },
    ];
    let lines = overlay::lines(text, &[], &marks);
    assert_eq!(lines[0].mark, Some((Severity::Error, 1)));
    assert_eq!(lines[1].mark, Some((Severity::Info, 0)));
    let a = lines[0].segments.iter().find(|s| s.text == "a").unwrap();
    assert_eq!(a.mark, Some((Severity::Error, 1)));
    let x = lines[2].segments.iter().find(|s| s.text == "x").expect("the x on its own");
    assert_eq!(x.mark, Some((Severity::Style, 2)));
    assert_eq!(lines.len(), 4, "the empty line after the last newline");
    // Out-of-range and mid-character ranges never panic.
    let odd = [Mark { range: slimfile::TextRange::new(2, 999), severity: Severity::Info, finding: 0 }];
    let l = overlay::lines("é🐳\n", &[], &odd);
    assert_eq!(joined(&l[0]), "é🐳");
}

// ---- diff ----

#[wasm_bindgen_test(unsupported = test)]
fn the_diff_shows_removals_then_additions_with_context_and_numbers() {
    let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
    let after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
    let hunks = diff_view::diff(before, after);
    assert_eq!(hunks.len(), 2, "{hunks:?}");
    assert_eq!(hunks[0].header(), "@@ -1,5 +1,5 @@");
    let kinds: Vec<(LineKind, &str)> = hunks[0].lines.iter().map(|l| (l.kind, l.text.as_str())).collect();
    assert_eq!(kinds[..3], [(LineKind::Context, "a"), (LineKind::Removed, "b"), (LineKind::Added, "B")]);
    assert_eq!(hunks[1].header(), "@@ -10,3 +10,4 @@");
    assert_eq!(
        diff_view::unified("x\n", "y\n", "Dockerfile"),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,1 +1,1 @@\n-x\n+y\n"
    );
    assert!(diff_view::diff(before, before).is_empty());
    assert_eq!(diff_view::diff("", "a\n")[0].header(), "@@ -0,0 +1,1 @@");
}

#[wasm_bindgen_test(unsupported = test)]
fn underlines_follow_the_text_while_an_edit_waits_for_its_analysis() {
    let m = |start: usize, end: usize, finding: usize| Mark { range: slimfile::TextRange::new(start, end), severity: Severity::Warning, finding };
    let old = "FROM node:latest\nRUN npm install\n";
    let marks = [m(10, 16, 0), m(21, 32, 1)];
    // A line typed above both: both move by its length.
    let new = format!("# hi\n{old}");
    let moved = overlay::shift_marks(old, &new, &marks);
    assert_eq!(moved.iter().map(|x| x.range.slice(&new)).collect::<Vec<_>>(), ["latest", "npm install"]);
    // Typing inside the first: it is dropped, the second moves.
    let new = old.replacen("latest", "lates", 1);
    let moved = overlay::shift_marks(old, &new, &marks);
    assert_eq!(moved.iter().map(|x| (x.finding, x.range.slice(&new))).collect::<Vec<_>>(), [(1, "npm install")]);
    // Typing at the end: both stay.
    let new = format!("{old}EXPOSE 3000\n");
    assert_eq!(overlay::shift_marks(old, &new, &marks), marks);
    // Deleting everything drops everything; multi-byte text never panics.
    assert!(overlay::shift_marks(old, "", &marks).is_empty());
    let odd = overlay::shift_marks("é🐳 x", "🐳 x", &[m(7, 8, 0)]);
    assert_eq!(odd.iter().map(|x| x.range.slice("🐳 x")).collect::<Vec<_>>(), ["x"]);
}

// ---- The side panels wired through the reducer ----

mod panels {
    use super::*;
    use slimfile::estimate::ContextFile;
    use slimfile_web::context::Listing;
    use slimfile_web::settings::{RuleChoice, Settings, Threshold};
    use slimfile_web::share;
    use slimfile_web::size_view::Measure;
    use slimfile_web::state::{hash_action, share_hash, size_of};

    fn reduce(s: State, a: Action) -> State {
        Rc::unwrap_or_clone(Rc::new(s).reduce(a))
    }

    const NODE: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"index.js\"]\n";

    #[wasm_bindgen_test(unsupported = test)]
    fn the_size_is_the_estimate_of_the_analysed_text_and_follows_edits() {
        let s = State::new(NODE);
        assert_eq!(*s.size, size_of(NODE, "", None));
        assert!(s.size.total(Measure::Compressed) > 400_000_000, "node:latest is ~442 MB compressed");
        let s = reduce(s, Action::Edit { tab: Tab::Dockerfile, text: NODE.replace("node:latest", "node:22-alpine"), at: 0.0 });
        let s = reduce(s, Action::Analyze);
        let alpine = NODE.replace("node:latest", "node:22-alpine");
        assert_eq!(*s.size, size_of(&alpine, "", None));
        assert!(s.size.total(Measure::Compressed) < size_of(NODE, "", None).total(Measure::Compressed));
        let s = reduce(s, Action::SetMeasure(Measure::Uncompressed));
        assert_eq!(s.measure, Measure::Uncompressed);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_dropped_folder_gives_copy_its_size() {
        let s = State::new(NODE);
        let listing = Listing {
            root: "app".into(),
            files: vec![ContextFile { path: "big.bin".into(), size: 50_000_000 }, ContextFile { path: "index.js".into(), size: 1_000 }],
            ..Listing::default()
        };
        let with = reduce(s.clone(), Action::SetContext(Some(Rc::new(listing))));
        let added = |s: &State| s.size.base_and_added(Measure::Uncompressed).1;
        assert!(added(&with) >= added(&s) + 49_000_000, "{} vs {}", added(&with), added(&s));
        let cleared = reduce(with, Action::SetContext(None));
        assert_eq!(cleared.size, s.size);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_preview_shows_the_size_after_the_fix_and_closing_drops_it() {
        let s = State::new(NODE);
        let i = s.analysis.diagnostics.iter().position(|d| d.code == "SF1017").expect("the slim-variant finding");
        let open = reduce(s.clone(), Action::Preview(FixTarget::One(i)));
        let dialog = open.dialog.clone().expect("a dialog");
        let after = open.preview_size.clone().expect("the size after");
        assert_eq!(*after, size_of(&dialog.after, "", None));
        assert!(after.total(Measure::Compressed) < s.size.total(Measure::Compressed));
        let closed = reduce(open.clone(), Action::CloseDialog);
        assert!(closed.preview_size.is_none());
        let applied = reduce(open, Action::ConfirmDialog);
        assert!(applied.preview_size.is_none());
        assert_eq!(*applied.size, *after, "the applied text's estimate is what the preview said");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn settings_feed_the_findings_and_the_fixes() {
        let s = State::new(NODE);
        assert!(s.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
        let mut settings = Settings::default();
        settings.set_rule("DL3007", RuleChoice { enabled: Some(false), severity: None });
        let off = reduce(s.clone(), Action::SetSettings(settings.clone()));
        assert!(!off.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
        assert_eq!(*off.settings, settings);
        // Same settings again: nothing changes.
        let again = Rc::new(off.clone());
        assert!(Rc::ptr_eq(&again, &again.clone().reduce(Action::SetSettings(settings))));
        // The texts are untouched and undo history is not a settings history.
        assert_eq!(off.text, s.text);
        assert_eq!(off.undo.len(), s.undo.len());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_share_link_round_trips_both_files_and_the_settings_and_keeps_the_old_text() {
        let mut settings = Settings { threshold: Threshold::parse("warning").unwrap(), ..Settings::default() };
        settings.set_rule("DL3008", RuleChoice { enabled: Some(false), severity: None });
        let mut s = State::with_files(NODE.into(), "node_modules\n.git\n".into()).with_settings(settings.clone());
        s = reduce(s, Action::SetMeasure(Measure::Uncompressed));
        let hash = share_hash(&s).expect("a link");
        assert!(hash.starts_with(share::PREFIX));
        let mine = State::new("FROM alpine:3.20\n");
        let loaded = mine.clone().apply_hash(&format!("#{hash}"));
        assert_eq!(*loaded.text, *NODE);
        assert_eq!(*loaded.ignore, *"node_modules\n.git\n");
        assert_eq!(*loaded.settings, settings);
        assert!(loaded.is_current());
        // The user's own text is not lost: Restore and Undo both bring it back.
        assert_eq!(loaded.previous.as_deref(), Some("FROM alpine:3.20\n"));
        let undone = reduce(loaded.clone(), Action::Undo);
        assert_eq!(*undone.text, *"FROM alpine:3.20\n");
        let restored = reduce(loaded, Action::Restore);
        assert_eq!(*restored.text, *"FROM alpine:3.20\n");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bad_link_says_so_and_keeps_the_text() {
        let mine = State::new("FROM alpine:3.20\n");
        for bad in ["#v1=%%%not-base64", "#v1=AAAA", "#v9=abc"] {
            let after = mine.clone().apply_hash(bad);
            assert_eq!(after.text, mine.text, "{bad}");
            assert!(after.undo.is_empty());
            let notice = after.notice.clone().unwrap_or_default();
            assert!(notice.contains("could not be read") && notice.contains("kept"), "{bad}: {notice}");
        }
        // Unrelated hashes do nothing.
        assert_eq!(hash_action("#source"), None);
        assert_eq!(hash_action(""), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_example_link_loads_the_rules_documented_example() {
        let mine = State::new("FROM alpine:3.20\n");
        let loaded = mine.clone().apply_hash("#example=DL3007");
        assert!(loaded.text.contains(":latest"), "{}", loaded.text);
        assert!(loaded.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
        assert_eq!(loaded.previous.as_deref(), Some("FROM alpine:3.20\n"));
        let unknown = mine.clone().apply_hash("#example=NOPE1234");
        assert_eq!(unknown.text, mine.text);
        assert!(unknown.notice.unwrap_or_default().contains("NOPE1234"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_widgets_open_in_playground_link_loads_its_files_and_keeps_the_settings() {
        let mut settings = Settings::default();
        settings.set_rule("DL3007", RuleChoice { enabled: Some(false), severity: None });
        let mine = State::new("FROM alpine:3.20\n").with_settings(settings.clone());
        let hash = slimfile_web::embed::EmbedOptions::playground_hash("FROM node:latest\nRUN echo é\n", Some("node_modules\n"));
        let loaded = mine.clone().apply_hash(&hash);
        assert_eq!(*loaded.text, *"FROM node:latest\nRUN echo é\n");
        assert_eq!(*loaded.ignore, *"node_modules\n");
        assert_eq!(*loaded.settings, settings, "a widget link carries no settings: the user's stay");
        assert!(!loaded.analysis.diagnostics.iter().any(|d| d.code == "DL3007"));
        assert_eq!(loaded.previous.as_deref(), Some("FROM alpine:3.20\n"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_context_panels_dockerignore_is_an_undoable_step() {
        let s = State::new(NODE);
        let s2 = reduce(s.clone(), Action::SetDockerignore("node_modules\n".into()));
        assert_eq!(*s2.ignore, *"node_modules\n");
        assert_eq!(s2.tab, Tab::Dockerignore);
        assert!(s2.is_current());
        assert_eq!(*reduce(s2, Action::Undo).ignore, *"");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn share_opens_and_closes() {
        let s = State::new(NODE);
        let open = reduce(s, Action::OpenShare);
        assert!(open.share_open);
        assert!(!reduce(open, Action::CloseShare).share_open);
    }
}

/// Every rule page's "Try it" link (`#example=CODE`) opens an editor where
/// that rule reports, whatever the user had: rules off by default or
/// switched off are turned on (and the notice says so), the example's
/// .dockerignore (or none) replaces the user's. Only rules that need settings no example can
/// carry (trusted registries, a label schema) report nothing, and the notice
/// says that instead.
#[wasm_bindgen_test(unsupported = test)]
fn every_try_it_link_shows_its_rule() {
    use slimfile_web::settings::{RuleChoice, Settings};
    let mut settings = Settings::default();
    // A user who switched a default rule off.
    settings.set_rule("DL3007", RuleChoice { enabled: Some(false), severity: None });
    let mine = State::with_files("FROM alpine:3.20\n".into(), "secret.txt\n".into()).with_settings(settings);
    let mut silent = Vec::new();
    for rule in slimfile::rules::all() {
        let loaded = mine.clone().apply_hash(&format!("#example={}", rule.code));
        let notice = loaded.notice.clone().unwrap_or_default();
        assert!(notice.starts_with(&format!("Loaded the example of {}", rule.code)), "{}: {notice}", rule.code);
        if loaded.analysis.diagnostics.iter().any(|d| d.code == rule.code) {
            assert!(!notice.contains("needs more settings"), "{}: {notice}", rule.code);
        } else {
            assert!(notice.contains("needs more settings"), "{}: {notice}", rule.code);
            silent.push(rule.code);
        }
    }
    assert_eq!(silent, ["DL3026", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"]);
    // Off by the user: turned on, and said.
    let dl3007 = mine.clone().apply_hash("#example=DL3007");
    assert!(dl3007.notice.unwrap_or_default().contains("DL3007 was off in the settings and is now on"));
    assert_eq!(dl3007.settings.rules.iter().find(|(c, _)| c == "DL3007").map(|(_, r)| r.enabled), Some(Some(true)));
    // Both files as documented: the example's .dockerignore, or none.
    let ignored = mine.clone().apply_hash("#example=CopyIgnoredFile");
    assert_eq!(*ignored.ignore, *"*.md\n");
    assert_eq!(*mine.clone().apply_hash("#example=DL3008").ignore, *"");
    // One undo brings both files back.
    let undone = reduce(&Rc::new(ignored), Action::Undo);
    assert_eq!((&*undone.text, &*undone.ignore), ("FROM alpine:3.20\n", "secret.txt\n"));
}
