//! Every rule's documentation is checked against the rule itself: the
//! `## Example` block must make the rule fire and the `## Use instead` block
//! must not. The findings on the example are rendered (position, severity,
//! message, note, fix) and kept as insta snapshots, one per rule, so any change
//! to what a rule reports shows up in review.

use slimfile::lint::Config;
use slimfile::{analyze, Input};
use std::fmt::Write;

use slimfile::lint::example_docs::section_files;

/// Rules whose example needs configuration to fire.
fn config_for(code: &str) -> Config {
    let mut cfg = Config { experimental: true, ..Config::default() };
    cfg.enabled.push(code.to_string());
    match code {
        "DL3026" => cfg.trusted_registries = vec!["registry.example.com".into()],
        "DL3050" => cfg.strict_labels = true,
        "DL3051" | "DL3052" | "DL3053" | "DL3054" | "DL3055" | "DL3056" | "DL3058" => {
            let ty = match code {
                "DL3051" => "text",
                "DL3052" => "url",
                "DL3053" => "rfc3339",
                "DL3054" => "spdx",
                "DL3055" => "hash",
                "DL3056" => "semver",
                _ => "email",
            };
            // The label the example uses: every key of its LABEL lines gets the type.
            cfg.label_schema = vec![("__any__".into(), ty.into())];
        }
        _ => {}
    }
    cfg
}

/// Label keys of a snippet, for the label-format rules' schema.
fn label_keys(src: &str) -> Vec<String> {
    let df = slimfile::parse(src);
    df.instructions
        .iter()
        .filter_map(|i| match &i.args {
            slimfile::Args::KeyValues(kvs) if i.keyword == slimfile::Keyword::Label => {
                Some(kvs.iter().map(|kv| kv.key.value.trim_matches('"').to_string()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect()
}

/// Runs one rule's docs snippet. `schema_from` gives the labels a label
/// schema requires (DL3049, DL3050: the labels of the `Use instead` block).
fn run(code: &str, src: &str, ignore: Option<String>, schema_from: &str) -> (slimfile::Report, Vec<usize>) {
    let mut cfg = config_for(code);
    if let Some(pos) = cfg.label_schema.iter().position(|(k, _)| k == "__any__") {
        let ty = cfg.label_schema.remove(pos).1;
        cfg.label_schema.extend(label_keys(src).into_iter().map(|k| (k, ty.clone())));
    }
    if code == "DL3049" || code == "DL3050" {
        cfg.label_schema = label_keys(schema_from).into_iter().map(|k| (k, "text".to_string())).collect();
    }
    let report = analyze(&Input { dockerfile: src, dockerignore: ignore.as_deref(), config: Some(&cfg) });
    let hits: Vec<usize> =
        report.findings.iter().enumerate().filter(|(_, f)| f.diagnostic.code == code).map(|(i, _)| i).collect();
    (report, hits)
}

fn render(src: &str, report: &slimfile::Report, hits: &[usize]) -> String {
    let index = slimfile::LineIndex::new(src);
    let mut out = String::new();
    let _ = writeln!(out, "--- example\n{src}--- findings");
    for &i in hits {
        let d = &report.findings[i].diagnostic;
        let (l, c) = index.line_col(d.range.start);
        let (el, ec) = index.line_col(d.range.end);
        let _ = writeln!(out, "{}:{}-{}:{} {} {}: {}", l + 1, c + 1, el + 1, ec + 1, d.severity.as_str(), d.code, d.message);
        let _ = writeln!(out, "  at: {:?}", d.range.slice(src));
        if let Some(n) = &d.note {
            let _ = writeln!(out, "  note: {n}");
        }
        if let Some(t) = &d.fix_title {
            let _ = writeln!(out, "  fix: {t}");
        }
        if let Some(c) = &d.cost {
            let _ = writeln!(out, "  cost: {} B compressed, {} B uncompressed", c.compressed_bytes, c.uncompressed_bytes);
        }
        if let Some(f) = &d.fix {
            let fixed = f.apply(src).unwrap_or_else(|| "<edits do not apply>".into());
            let _ = writeln!(out, "  applicability: {}\n  fixed:\n{}", f.applicability.as_str(), fixed.trim_end());
        }
    }
    out
}

#[test]
fn every_rule_example_fires_and_every_alternative_does_not() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in slimfile::rules::all() {
        let docs = rule.docs_markdown();
        let Some(example) = section_files(&docs, "## Example") else {
            problems.push(format!("{}: no ```dockerfile block under ## Example", rule.code));
            continue;
        };
        let instead = section_files(&docs, "## Use instead");
        let schema_from = instead.as_ref().map(|f| f.dockerfile.clone()).unwrap_or_default();
        // Snippets without a FROM are fragments of a stage: run them in one
        // when they do not fire on their own (a rule about what comes before
        // the first FROM fires on the fragment itself).
        let with_from = |s: &str| {
            if slimfile::parse(s).instructions.iter().any(|i| i.keyword == slimfile::Keyword::From) {
                None
            } else {
                Some(format!("FROM debian:bookworm\n{s}"))
            }
        };
        // The example fires as it stands: the rule pages' "Try it" links
        // load it into the playground verbatim.
        let src = example.dockerfile;
        let (report, hits) = run(rule.code, &src, example.dockerignore, &schema_from);
        if hits.is_empty() {
            problems.push(format!("{}: its example does not fire it", rule.code));
        } else {
            insta::assert_snapshot!(format!("rule_{}", rule.code.replace('/', "_")), render(&src, &report, &hits));
        }
        if let Some(instead) = instead {
            let src = with_from(&instead.dockerfile).unwrap_or(instead.dockerfile);
            let (_, hits) = run(rule.code, &src, instead.dockerignore, &schema_from);
            if !hits.is_empty() {
                problems.push(format!("{}: its `Use instead` block fires it", rule.code));
            }
        }
        checked += 1;
    }
    println!("rule docs: {checked} rules checked");
    assert!(checked >= 100);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
