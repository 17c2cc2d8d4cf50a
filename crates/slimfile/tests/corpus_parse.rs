//! The whole corpus: our instruction split (KEYWORD@start_line) equals the
//! reference split of PARSE-BASELINE.tsv on every file that has one, and
//! printing the tree gives back every file byte for byte.

mod common;

use slimfile::parse_bytes;
use std::fs;

#[test]
fn instruction_split_matches_baseline() {
    let Some(corpus) = common::corpus("instruction_split_matches_baseline") else { return };
    let rows = common::baseline(&corpus);
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, expected) in &rows {
        let bytes = fs::read(corpus.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let df = parse_bytes(&bytes);
        let got: Vec<String> =
            df.instructions.iter().map(|i| format!("{}@{}", i.keyword_text.to_uppercase(), i.start_line)).collect();
        if &got != expected {
            let first = got.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(got.len().min(expected.len()));
            failures.push(format!(
                "{path}: first difference at #{first}: got {:?}, expected {:?} ({} vs {} instructions)",
                got.get(first),
                expected.get(first),
                got.len(),
                expected.len()
            ));
        }
        checked += 1;
    }
    println!("PARSE-BASELINE: {}/{} files split exactly as BuildKit", checked - failures.len(), checked);
    assert!(checked > 1000, "expected over 1,000 reference files, found {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_corpus_file_round_trips() {
    let Some(corpus) = common::corpus("every_corpus_file_round_trips") else { return };
    let mut n = 0;
    let mut stack = vec![corpus.clone()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !(name.contains("Dockerfile") || name.ends_with(".dockerignore") || name == "result") {
                continue;
            }
            let bytes = fs::read(&p).unwrap();
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let df = slimfile::parse(text);
            assert_eq!(df.print(), text, "round trip of {}", p.display());
            // Items tile the source without gaps or overlaps.
            let mut at = 0;
            for item in &df.items {
                assert_eq!(item.range.start, at, "gap before an item in {}", p.display());
                at = item.range.end;
            }
            assert_eq!(at, text.len(), "items cover {}", p.display());
            n += 1;
        }
    }
    println!("round trip: {n} corpus files reproduced byte for byte");
    assert!(n > 1000);
}
