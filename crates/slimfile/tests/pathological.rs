//! Pathological inputs: a 5 MB file, 100,000 lines, 10,000 heredocs, a 64 KB
//! line, 10,000 nested `${...}`, NUL bytes, invalid UTF-8, CRLF and mixed
//! line endings, a byte-order mark.
//!
//! Each runs the whole analysis (parser, semantic model, shell model, every
//! rule, costs) and the size estimate on a thread with a 256 KB stack, like
//! wasm's small stack: no panic, no stack overflow, the tree reproduces the
//! input, every finding's range lies in the text on character boundaries,
//! and the diagnostics are the expected ones. Time is not asserted here
//! (timed tests are not allowed): `cargo bench -p slimfile --bench
//! pathological` prints the time at size n and 2n.

use slimfile::{FileKind, Keyword, Report};

#[path = "common/inputs.rs"]
mod inputs;
use inputs::block;

const STACK: usize = 256 * 1024;

/// Debug builds run the inputs at a tenth of their size (the unoptimized
/// analysis of 5 MB takes minutes); `cargo test --release -p slimfile --test
/// pathological` runs the full sizes.
const SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

/// Runs `f` on a thread with a small stack and returns its result.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new().stack_size(STACK).spawn(f).expect("spawn");
    match handle.join() {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e),
    }
}

struct Outcome {
    report: Report,
    estimate: slimfile::estimate::Estimate,
}

/// The whole analysis and the estimate, with a `.dockerignore`, on a small
/// stack; checks the invariants every input must keep.
fn analyze(text: String) -> Outcome {
    on_small_stack(move || {
        let ignore = "node_modules\n*.log\n!keep.log\n";
        let report = slimfile::analyze(&slimfile::Input { dockerfile: &text, dockerignore: Some(ignore), config: None });
        assert!(report.dockerfile.print() == text, "round trip");
        for f in report.findings.iter().filter(|f| f.file == FileKind::Dockerfile) {
            let r = f.diagnostic.range;
            assert!(r.start <= r.end && r.end <= text.len(), "{}: {r:?} out of bounds", f.diagnostic.code);
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{}: {r:?}", f.diagnostic.code);
        }
        let ig = slimfile::dockerignore::DockerIgnore::parse(ignore);
        let estimate = slimfile::estimate::estimate(&report.dockerfile, Some(&ig), None, None);
        Outcome { report, estimate }
    })
}

fn count(report: &Report, code: &str) -> usize {
    report.findings.iter().filter(|f| f.diagnostic.code == code).count()
}

fn has_error(report: &Report) -> bool {
    report.findings.iter().any(|f| f.diagnostic.severity == slimfile::Severity::Error)
}


#[test]
fn a_five_megabyte_file() {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 5 * 1024 * 1024 / SCALE {
        text.push_str(&block(n));
        n += 1;
    }
    let out = analyze(text);
    let df = &out.report.dockerfile;
    assert_eq!(df.instructions.iter().filter(|i| i.keyword == Keyword::From).count(), 2 * n);
    assert!(!has_error(&out.report), "a valid file has no error");
    // Each block pins nothing: DL3018 (apk add without a version) once per block.
    assert_eq!(count(&out.report, "DL3018"), n);
    assert_eq!(out.estimate.target, Some(2 * n - 1));
    assert!(out.estimate.final_.compressed_bytes > 0);
}

#[test]
fn a_hundred_thousand_lines() {
    // As instructions: 100,000 RUN lines in one stage.
    let mut text = String::from("FROM debian:bookworm\nENV V=1\n");
    let lines = 100_000 / SCALE;
    for i in 0..lines - 2 {
        text.push_str(&format!("RUN echo $V {i}\n"));
    }
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), lines);
    assert_eq!(out.report.dockerfile.instructions.last().map(|i| i.end_line), Some(lines));
    assert!(!has_error(&out.report));
    // DL3059: consecutive RUNs, reported on every RUN after the first.
    assert_eq!(count(&out.report, "DL3059"), lines - 3);
    // As continuation lines: one RUN of 100,000 lines.
    let mut text = String::from("FROM alpine:3.20\nRUN true");
    for i in 0..lines - 2 {
        text.push_str(&format!(" \\\n && echo {i}"));
    }
    text.push('\n');
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 2);
    assert_eq!(out.report.dockerfile.instructions[1].end_line, lines);
    assert!(!has_error(&out.report));
}

#[test]
fn ten_thousand_heredocs() {
    let n = 10_000 / SCALE;
    let mut text = String::from("FROM alpine:3.20\n");
    for i in 0..n {
        text.push_str(&format!("RUN <<EOF{i}\napk add --no-cache pkg{i}\nEOF{i}\n"));
    }
    let out = analyze(text);
    let df = &out.report.dockerfile;
    assert_eq!(df.instructions.len(), n + 1);
    assert!(df.instructions[1..].iter().all(|i| i.heredocs.len() == 1));
    assert_eq!(df.instructions[n].heredocs[0].content, format!("apk add --no-cache pkg{}\n", n - 1));
    assert!(!has_error(&out.report));
    assert_eq!(count(&out.report, "DL3018"), n, "the heredoc scripts are linted");
    // Many heredocs on one instruction (5,000 fit BuildKit's 64 KB line).
    let m = 5_000 / SCALE;
    let mut text = String::from("FROM alpine:3.20\nRUN cat");
    for i in 0..m {
        text.push_str(&format!(" <<H{i}"));
    }
    text.push('\n');
    for i in 0..m {
        text.push_str(&format!("line {i}\nH{i}\n"));
    }
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions[1].heredocs.len(), m);
    assert!(!has_error(&out.report));
}

#[test]
fn a_64_kb_line() {
    // Just under BuildKit's limit: accepted.
    let mut text = String::from("FROM alpine:3.20\nRUN echo");
    while text.len() < 64 * 1024 - 16 {
        text.push_str(" word");
    }
    text.push('\n');
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 2);
    assert_eq!(count(&out.report, "parse/line-too-long"), 0);
    // A single 64 KB line of one word, and one of many package names.
    let text = format!("FROM alpine:3.20\nRUN {}\n", "x".repeat(64 * 1024));
    let out = analyze(text);
    assert_eq!(count(&out.report, "parse/line-too-long"), 1, "over BuildKit's 64 KB limit: an error with a range");
    let mut text = String::from("FROM debian:bookworm\nRUN apt-get install -y");
    for i in 0..6_000 {
        text.push_str(&format!(" p{i}"));
    }
    text.push('\n');
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 2);
    assert!(count(&out.report, "DL3008") > 0, "the packages are read");
}

#[test]
fn deeply_nested_expansions() {
    let nest = |n: usize| format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
    // In a RUN (shell model), an ENV (expansion when declared), a FROM (meta
    // ARG expansion) and a COPY --from (stage reference).
    let n = 10_000 / SCALE;
    let text = format!(
        "ARG BASE={}\nFROM alpine:3.20\nENV X={}\nRUN echo {} $X\nCOPY --from={} /a /b\nFROM {}\n",
        nest(n),
        nest(n),
        nest(n),
        nest(n),
        nest(n)
    );
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 6);
    // Unbalanced: 10,000 openings and no closing brace.
    let text = format!("FROM alpine:3.20\nENV X={}\nRUN echo $X\n", "${A:-".repeat(n));
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 3);
    // Nested command substitutions and subshells in a RUN.
    let text = format!("FROM alpine:3.20\nRUN echo {}x{}\nRUN {}true{}\n", "$(".repeat(n), ")".repeat(n), "(".repeat(n), ")".repeat(n));
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 3);
}

#[test]
fn nul_bytes() {
    let text = "FROM alpine:3.20\0\nRUN echo \0 && apk add \0curl\nLABEL a=\"\0\"\n\0\0\0\n".to_string();
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 4, "NUL is an ordinary character, not an end");
    let text = format!("FROM alpine\n{}", "\0".repeat(100_000));
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.len(), 2);
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let mut bytes = b"FROM alpine:3.20\nRUN echo ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]);
    bytes.extend_from_slice(b"\nRUN echo ok\n");
    let df = slimfile::parse_bytes(&bytes);
    let d = &df.diagnostics[0];
    assert_eq!(d.code, "parse/invalid-utf8");
    assert_eq!(d.severity, slimfile::Severity::Error);
    assert!(d.message.contains("offset 26"), "{}", d.message);
    assert_eq!(d.range.start, 26);
    assert_eq!(df.instructions.len(), 3, "the rest of the file is still read");
    let (text, diag) = slimfile::decode(&bytes);
    assert!(diag.is_some());
    let out = analyze(text.into_owned());
    assert_eq!(out.report.dockerfile.instructions.len(), 3);
    // A file that is all invalid bytes (UTF-16 without BOM handling, say).
    let utf16: Vec<u8> = "FROM alpine\n".encode_utf16().flat_map(|u| u.to_le_bytes()).chain([0xff, 0xd8]).collect();
    let (text, diag) = slimfile::decode(&utf16);
    assert!(diag.is_some());
    analyze(text.into_owned());
}

#[test]
fn crlf_and_mixed_line_endings() {
    let crlf = "FROM alpine:3.20\r\nRUN apk add curl \\\r\n    git\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nCMD [\"sh\"]\r\n".to_string();
    let out = analyze(crlf);
    let df = &out.report.dockerfile;
    assert_eq!(df.instructions.len(), 4);
    assert_eq!(df.instructions[1].end_line, 3, "a continuation across CRLF");
    assert_eq!(df.instructions[2].heredocs.len(), 1);
    assert_eq!(count(&out.report, "DL3018"), 2, "curl and git, read across the CRLF continuation");
    let mixed = "FROM alpine:3.20\nRUN apk add curl \\\r\n    git\rRUN echo a\r\n\nENV A=1 \\\n B=2\r\n".to_string();
    let out = analyze(mixed);
    // A lone CR is not a line break for BuildKit (Go's ScanLines): `git\rRUN
    // echo a` stays in the first RUN.
    assert_eq!(out.report.dockerfile.instructions.len(), 3);
    assert_eq!(out.report.dockerfile.instructions[2].keyword, Keyword::Env);
    let many: String = (0..50_000 / SCALE).map(|i| format!("RUN echo {i}{}", ["\n", "\r\n", "\r"][i % 3])).collect();
    let out = analyze(format!("FROM alpine\r\n{many}"));
    assert!(out.report.dockerfile.instructions.len() > 1);
}

#[test]
fn byte_order_mark() {
    let text = "\u{feff}FROM alpine:3.20\nRUN apk add --no-cache curl\n".to_string();
    let out = analyze(text);
    let df = &out.report.dockerfile;
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[0].keyword, Keyword::From, "the BOM is not part of the keyword");
    assert_eq!(df.instructions[0].range.start, 3);
    assert!(!has_error(&out.report));
    // A BOM before a directive, a BOM in the middle, and only a BOM.
    let out = analyze("\u{feff}# syntax=docker/dockerfile:1\nFROM alpine\nRUN echo \u{feff}\n\u{feff}\n".to_string());
    assert_eq!(out.report.dockerfile.directives.len(), 1);
    analyze("\u{feff}".to_string());
    analyze("\u{feff}\u{feff}\u{feff}".to_string());
}

#[test]
fn many_stages_and_declarations() {
    // 5,000 stages each FROM the one before (ENV inherited down the chain),
    // each with an ARG and an ENV used by a RUN.
    let mut text = String::from("ARG BASE=alpine:3.20\nFROM $BASE AS s0\n");
    let n = 5_000 / SCALE;
    for i in 1..n {
        text.push_str(&format!("FROM s{} AS s{i}\nARG A{i}=a\nENV E{i}=$A{i}\nRUN echo $E{i} $E1\n", i - 1));
    }
    let out = analyze(text);
    assert_eq!(out.report.dockerfile.instructions.iter().filter(|i| i.keyword == Keyword::From).count(), n);
    assert!(!has_error(&out.report));
    assert_eq!(out.estimate.stages.len(), n, "the target's chain is every stage");
}
