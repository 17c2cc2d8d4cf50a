//! The web crate's pure logic: position conversion, the analysis rows and the
//! reducer. `unsupported = test` makes each test a plain `#[test]` natively,
//! so `cargo test` runs them natively and wasm-bindgen-test runs the same
//! tests in Chromium (the core compiled to wasm).

use std::rc::Rc;

use slimfile::Severity;
use slimfile_web::analysis::Analysis;
use slimfile_web::position::{byte_to_line_col, byte_to_utf16, LineCol, PositionMap, Utf16Range};
use slimfile_web::state::{Action, State, EXAMPLE};
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
}

#[wasm_bindgen_test(unsupported = test)]
fn editing_reanalyses_and_an_unchanged_text_keeps_the_same_state() {
    let s = Rc::new(State::new("FROM a\n"));
    let same = reduce(&s, Action::Edit("FROM a\n".into()));
    assert!(Rc::ptr_eq(&s, &same), "no new state, so Yew skips the render");
    let edited = reduce(&s, Action::Edit("FORM a\n".into()));
    assert_eq!(&*edited.text, "FORM a\n");
    assert!(!edited.analysis.is_clean());
    assert_eq!(*edited.analysis, Analysis::of("FORM a\n"));
}

#[wasm_bindgen_test(unsupported = test)]
fn load_example_keeps_the_users_text_and_restore_swaps_without_losing_either() {
    let mine = Rc::new(State::new("FROM mine\n"));
    let example = reduce(&mine, Action::LoadExample);
    assert_eq!(&*example.text, EXAMPLE);
    assert_eq!(example.previous.as_deref(), Some("FROM mine\n"));
    // Editing the example keeps the put-aside text.
    let edited = reduce(&example, Action::Edit(format!("{EXAMPLE}EXPOSE 80\n")));
    assert_eq!(edited.previous.as_deref(), Some("FROM mine\n"));
    // Restore swaps: the user's text is back, the edited example is put aside.
    let restored = reduce(&edited, Action::Restore);
    assert_eq!(&*restored.text, "FROM mine\n");
    assert_eq!(restored.previous.as_deref(), Some(format!("{EXAMPLE}EXPOSE 80\n").as_str()));
    assert_eq!(restored.analysis.instructions.len(), 1);
    let again = reduce(&restored, Action::Restore);
    assert_eq!(&*again.text, &*edited.text);
}

#[wasm_bindgen_test(unsupported = test)]
fn load_example_on_the_example_and_restore_with_nothing_put_aside_change_nothing() {
    let s = Rc::new(State::new(EXAMPLE));
    assert!(Rc::ptr_eq(&s, &reduce(&s, Action::LoadExample)));
    assert!(Rc::ptr_eq(&s, &reduce(&s, Action::Restore)));
}
