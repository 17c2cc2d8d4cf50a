//! Pathological inputs through the page's analysis (`Analysis::of`, the
//! same `slimfile::analyze` call as `slimfile check`) and the size estimate:
//! in Chromium the core runs as wasm with its small stack, so deep nesting
//! and long inputs must not overflow it. No timing here; sizes are smaller
//! than the core's `tests/pathological.rs` because wasm-bindgen tests run
//! unoptimized (and wasm-bindgen-test has a time limit). `unsupported = test` runs the same tests natively.

use slimfile_web::analysis::Analysis;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn estimate(text: &str) -> Option<usize> {
    slimfile::estimate::estimate(&slimfile::parse(text), None, None, None).target
}

#[wasm_bindgen_test(unsupported = test)]
fn three_thousand_nested_expansions() {
    let n = 3_000;
    let nest = format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
    let text = format!("ARG B={nest}\nFROM alpine:3.20\nENV X={nest}\nRUN echo {nest} $X\nCOPY --from={nest} /a /b\n");
    let a = Analysis::of(&text);
    assert_eq!(a.instructions.len(), 5);
    assert_eq!(estimate(&text), Some(0));
    let subst = format!("FROM alpine:3.20\nRUN echo {}x{}\n", "$(".repeat(n), ")".repeat(n));
    assert_eq!(Analysis::of(&subst).instructions.len(), 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn five_thousand_lines_and_five_hundred_heredocs() {
    let mut text = String::from("FROM alpine:3.20\nRUN true");
    for i in 0..5_000 {
        text.push_str(&format!(" \\\n && echo {i}"));
    }
    text.push('\n');
    for i in 0..500 {
        text.push_str(&format!("RUN <<EOF{i}\napk add --no-cache pkg{i}\nEOF{i}\n"));
    }
    let a = Analysis::of(&text);
    assert_eq!(a.instructions.len(), 502);
    assert_eq!(a.instructions[1].end_line, 5_002);
    assert!(a.diagnostics.iter().filter(|d| d.code == "DL3018").count() >= 500, "heredoc scripts are linted");
    assert_eq!(estimate(&text), Some(0));
}

#[wasm_bindgen_test(unsupported = test)]
fn bom_nul_crlf_and_replaced_bytes() {
    let (text, bad) = slimfile::decode(b"\xef\xbb\xbfFROM alpine:3.20\r\nRUN echo \0 \xff\xfe\r\nRUN apk add curl\r");
    assert!(bad.is_some(), "invalid UTF-8 is reported");
    let a = Analysis::of(&text);
    assert_eq!(a.instructions.len(), 3);
    assert_eq!(a.instructions[0].keyword, "FROM");
}
