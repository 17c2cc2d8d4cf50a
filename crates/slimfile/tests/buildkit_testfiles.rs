//! BuildKit's parser conformance files: for every test case our dump of every
//! instruction equals BuildKit's `result` file; every must-fail file gives an
//! error diagnostic; line numbers match BuildKit's.

mod common;

use slimfile::{dump::dump, parse, parse_bytes, Severity};
use std::fs;

#[test]
fn dumps_equal_buildkit_results() {
    let Some(corpus) = common::corpus("dumps_equal_buildkit_results") else { return };
    let dir = corpus.join("buildkit-parser-testfiles/testfiles");
    let mut cases: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let input = fs::read(case.join("Dockerfile")).unwrap();
        let expected = fs::read_to_string(case.join("result")).unwrap();
        let df = parse_bytes(&input);
        let got = dump(&df);
        if got != expected {
            failures.push(format!(
                "== {}\n-- expected\n{}-- got\n{}",
                case.file_name().unwrap().to_string_lossy(),
                expected,
                got
            ));
        }
        assert_eq!(df.print().as_bytes(), &input[..], "round trip of {}", case.display());
    }
    println!("buildkit testfiles: {}/{} dumps equal", cases.len() - failures.len(), cases.len());
    assert!(cases.len() >= 30, "expected BuildKit's 33 cases, found {}", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negative_files_give_errors() {
    let Some(corpus) = common::corpus("negative_files_give_errors") else { return };
    let dir = corpus.join("buildkit-parser-testfiles/testfiles-negative");
    let mut n = 0;
    for e in fs::read_dir(&dir).unwrap() {
        let case = e.unwrap().path();
        let df = parse_bytes(&fs::read(case.join("Dockerfile")).unwrap());
        let errors: Vec<_> = df.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(!errors.is_empty(), "{} must give an error diagnostic", case.display());
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn line_numbers_match_buildkit() {
    let Some(corpus) = common::corpus("line_numbers_match_buildkit") else { return };
    let extra: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(corpus.join("buildkit-parser-testfiles/extra-cases.json")).unwrap())
            .unwrap();
    let info = &extra["line_info"];
    let text = fs::read_to_string(corpus.join("buildkit-parser-testfiles").join(info["file"].as_str().unwrap())).unwrap();
    let df = parse(&text);
    let got: Vec<(u64, u64)> = df.instructions.iter().map(|i| (i.start_line as u64, i.end_line as u64)).collect();
    let want: Vec<(u64, u64)> = info["children_start_end_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64().unwrap(), p[1].as_u64().unwrap()))
        .collect();
    assert_eq!(got, want);

    let w = &extra["empty_continuation_warning"];
    let df = parse(w["dockerfile"].as_str().unwrap());
    let with_empty = df.instructions.iter().filter(|i| !i.empty_continuation_lines.is_empty()).count();
    assert_eq!(with_empty as u64, w["expected_warning_count"].as_u64().unwrap());
}

#[test]
fn heredoc_cases_match_buildkit() {
    let Some(corpus) = common::corpus("heredoc_cases_match_buildkit") else { return };
    let cases: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(corpus.join("buildkit-parser-testfiles/heredoc-cases.json")).unwrap(),
    )
    .unwrap();
    let ex = &cases["extracts"];
    let df = parse(ex["dockerfile"].as_str().unwrap());
    let expected = ex["expected_heredocs"].as_array().unwrap();
    assert_eq!(df.instructions.len(), expected.len() + 1, "instruction count");
    let mut checked = 0;
    for (i, exp) in expected.iter().enumerate() {
        let inst = &df.instructions[i + 1];
        let got: Vec<serde_json::Value> = inst
            .heredocs
            .iter()
            .map(|h| {
                serde_json::json!({"Name": h.name, "Content": h.content, "Expand": h.expand,
                    "Chomp": h.chomp, "FileDescriptor": h.fd})
            })
            .collect();
        let exp_list: Vec<serde_json::Value> = match exp {
            serde_json::Value::Null => vec![],
            serde_json::Value::Array(v) => v
                .iter()
                .map(|h| {
                    serde_json::json!({"Name": h["Name"], "Content": h["Content"], "Expand": h["Expand"],
                        "Chomp": h.get("Chomp").cloned().unwrap_or(false.into()),
                        "FileDescriptor": h.get("FileDescriptor").cloned().unwrap_or(0.into())})
                })
                .collect(),
            other => panic!("unexpected {other}"),
        };
        assert_eq!(got, exp_list, "heredocs of instruction {} (line {})", i + 1, inst.start_line);
        checked += 1;
    }
    println!("heredoc extracts: {checked} instructions agree");
}

#[test]
fn heredoc_word_tables_match_buildkit() {
    let Some(corpus) = common::corpus("heredoc_word_tables_match_buildkit") else { return };
    let cases: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(corpus.join("buildkit-parser-testfiles/heredoc-cases.json")).unwrap(),
    )
    .unwrap();
    // JSON form never opens a heredoc.
    let j = &cases["json_form_is_never_heredoc"];
    let df = parse(j["dockerfile"].as_str().unwrap());
    for i in j["children_without_heredocs"].as_array().unwrap() {
        assert!(df.instructions[i.as_u64().unwrap() as usize].heredocs.is_empty());
    }
    // Heredoc names per line.
    let mut n = 0;
    for c in cases["heredocs_from_line"].as_array().unwrap() {
        let line = c["line"].as_str().unwrap();
        let df = parse(&format!("{line}\nEOF\nEOF2\n"));
        let got: Vec<&str> = df.instructions[0].heredocs.iter().map(|h| h.name.as_str()).collect();
        let want: Vec<&str> = match &c["heredoc_names"] {
            serde_json::Value::Null => vec![],
            v => v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect(),
        };
        assert_eq!(got, want, "heredocs of {line:?}");
        n += 1;
    }
    // Single heredoc words: valid ones are all named EOF, invalid ones error,
    // the rest are not heredocs.
    let w = &cases["parse_heredoc_word"];
    for word in w["valid_all_named_EOF"].as_array().unwrap() {
        let df = parse(&format!("RUN {}\nEOF\n", word.as_str().unwrap()));
        let names: Vec<&str> = df.instructions[0].heredocs.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, vec!["EOF"], "{word}");
        n += 1;
    }
    for word in w["invalid_error"].as_array().unwrap() {
        let df = parse(&format!("RUN {}\nEOF\n", word.as_str().unwrap()));
        assert!(df.diagnostics.iter().any(|d| d.severity == Severity::Error), "{word} must be an error");
        n += 1;
    }
    for word in w["not_a_heredoc"].as_array().unwrap() {
        let word = word.as_str().unwrap();
        let df = parse(&format!("RUN {word}\nEOF\n"));
        // As a single word `<<EOF sh` is not a delimiter; on a line it is the
        // heredoc EOF followed by the argument `sh` (BuildKit splits words first).
        let expected: Vec<&str> = if word == "<<EOF sh" { vec!["EOF"] } else { vec![] };
        let got: Vec<&str> = df.instructions[0].heredocs.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(got, expected, "{word}");
        n += 1;
    }
    println!("heredoc word tables: {n} rows agree");
}
