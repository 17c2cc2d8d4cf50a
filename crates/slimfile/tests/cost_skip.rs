//! `analyze` estimates a fix's cost only when the fix changes an instruction
//! the estimator reads (`analysis::estimate_may_differ`) and its rule is not
//! marked `fix_keeps_size`. These tests check those shortcuts against the
//! estimator itself: wherever they say a fixed file
//! estimates the same, the full estimates of both files have the same totals
//! — on every fix of every rule's documented example and of every real
//! Dockerfile of the corpus.

mod common;

use std::collections::BTreeMap;

use slimfile::analysis::estimate_may_differ;
use slimfile::estimate::estimate;
use slimfile::{analyze, parse, Input};

/// Checks every fix of `src`; counts (skipped, estimated) per rule code.
fn check_file(name: &str, src: &str, counts: &mut BTreeMap<String, (usize, usize)>) {
    let report = analyze(&Input { dockerfile: src, dockerignore: None, config: None });
    let before = estimate(&report.dockerfile, None, None, None);
    for f in &report.findings {
        let Some(fix) = &f.diagnostic.fix else { continue };
        let Some(fixed) = fix.apply(src) else { continue };
        let after_df = parse(&fixed);
        let entry = counts.entry(f.diagnostic.code.clone()).or_default();
        let keeps_size = slimfile::rules::find(&f.diagnostic.code).is_some_and(|r| r.fix_keeps_size);
        if !keeps_size && estimate_may_differ(&report.dockerfile, &after_df) {
            entry.1 += 1;
            continue;
        }
        entry.0 += 1;
        let after = estimate(&after_df, None, None, None);
        assert_eq!(
            before.final_, after.final_,
            "{name}: the fix of {} ({}) was judged not to change the estimate, but it does",
            f.diagnostic.code, fix.title
        );
        assert!(f.diagnostic.cost.is_none(), "{name}: {} has a cost but its fix changes no sized instruction", f.diagnostic.code);
    }
}

#[test]
fn metadata_only_fixes_are_not_estimated() {
    let src = "FROM alpine:3.20\nMAINTAINER someone\nCMD node server.js\nENV A 1\nRUN apk add curl\n";
    let report = analyze(&Input { dockerfile: src, dockerignore: None, config: None });
    let fixed_by = |code: &str| {
        let f = report.findings.iter().find(|f| f.diagnostic.code == code).unwrap_or_else(|| panic!("{code} fires"));
        parse(&f.diagnostic.fix.as_ref().expect("has a fix").apply(src).expect("applies"))
    };
    // MAINTAINER -> LABEL, JSON-form CMD, `ENV A 1` -> `ENV A=1`: nothing the estimate reads.
    for code in ["DL4000", "JSONArgsRecommended", "LegacyKeyValueFormat"] {
        assert!(!estimate_may_differ(&report.dockerfile, &fixed_by(code)), "{code}");
    }
    // `apk add --no-cache` changes a RUN: estimated (and it saves the apk cache).
    assert!(estimate_may_differ(&report.dockerfile, &fixed_by("DL3019")));
    // A changed value, base, escape character or an added sized instruction differ.
    let df = parse("FROM alpine:3.20\nENV A=1\nRUN true\n");
    for other in [
        "FROM alpine:3.20\nENV A=2\nRUN true\n",
        "FROM alpine:3.19\nENV A=1\nRUN true\n",
        "# escape=`\nFROM alpine:3.20\nENV A=1\nRUN true\n",
        "FROM alpine:3.20\nENV A=1\nRUN true\nRUN true\n",
        "FROM alpine:3.20\nENV A=1\nRUN --network=none true\n",
        "FROM alpine:3.20\nENV A=1\nONBUILD RUN true\n",
    ] {
        assert!(estimate_may_differ(&df, &parse(other)), "{other:?}");
    }
    let same = "from alpine:3.20 \nLABEL x=y\nENV A=1\nWORKDIR /app\nRUN true\nCMD [\"sh\"]\n";
    assert!(!estimate_may_differ(&df, &parse(same)));
}

#[test]
fn the_shortcut_agrees_with_the_estimator_on_rule_examples() {
    let mut counts = BTreeMap::new();
    for rule in slimfile::rules::all() {
        if let Some(example) = rule.example() {
            check_file(rule.code, &example.dockerfile, &mut counts);
        }
    }
    let skipped: usize = counts.values().map(|c| c.0).sum();
    assert!(skipped > 0, "some documented fix only edits metadata: {counts:?}");
}

#[test]
fn the_shortcut_agrees_with_the_estimator_on_the_corpus() {
    let Some(corpus) = common::corpus("cost_skip") else { return };
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut counts = BTreeMap::new();
    let mut files = 0;
    for line in manifest.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let (Some(path), Some(kind)) = (c.first(), c.get(4)) else { continue };
        if *kind != "dockerfile" || !(path.starts_with("official-images/") || path.starts_with("apps/")) {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(corpus.join(path)) else { continue };
        check_file(path, &src, &mut counts);
        files += 1;
    }
    let skipped: usize = counts.values().map(|c| c.0).sum();
    let estimated: usize = counts.values().map(|c| c.1).sum();
    eprintln!("{files} files: {skipped} fixes need no estimate, {estimated} are estimated; per rule: {counts:?}");
    assert!(files > 100 && skipped > 0);
}
