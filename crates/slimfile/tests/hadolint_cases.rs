//! hadolint's own rule cases (../shared/corpus/hadolint-rule-cases): for each
//! assertion (snippet, rule, fires or not, ONBUILD variant, config), does our
//! rule with the same DL code agree? Prints the agreement and every
//! disagreement, and fails below the floor.
//!
//! `SLIMFILE_RULES=DL3008,DL3009` limits the run to some rules (for work on
//! them); the floor is only checked on full runs.

mod common;

use slimfile::lint::Config;
use slimfile::{analyze, Input, Severity};
use std::collections::BTreeMap;

/// Agreement the suite must keep (percent of all assertions). It rises as
/// rules land; the lint issue's goal is 97, with every disagreement left
/// listed in KNOWN with its reason.
const FLOOR: f64 = 100.0;

/// Assertions where we deliberately differ from hadolint, with the reason.
/// Keyed by the case's `source` (spec file:line).
const KNOWN: &[(&str, &str)] = &[];

/// The string list after `key` in a Haskell record: `key = ["a", "b"]`.
fn string_list(r: &str, key: &str) -> Vec<String> {
    let Some(start) = r.find(key) else { return Vec::new() };
    let rest = &r[start + key.len()..];
    let Some(open) = rest.find('[') else { return Vec::new() };
    let Some(close) = rest[open..].find(']') else { return Vec::new() };
    rest[open + 1..open + close].split(',').map(|s| s.trim().trim_matches('"').to_string()).filter(|s| !s.is_empty()).collect()
}

/// Translates the Haskell config records of the spec files.
fn config(record: Option<&str>) -> Config {
    let mut cfg = Config::default();
    let Some(r) = record else { return cfg };
    cfg.trusted_registries = string_list(r, "allowedRegistries");
    if let Some(i) = r.find("labelSchema") {
        // Map.fromList [("key", Type), ...]
        let rest = &r[i..];
        let mut pos = 0;
        while let Some(o) = rest[pos..].find("(\"") {
            let s = pos + o + 2;
            let Some(q) = rest[s..].find('"') else { break };
            let key = rest[s..s + q].to_string();
            let after = &rest[s + q + 1..];
            let after = after.trim_start_matches([',', ' ']);
            let after = after.strip_prefix("Rule.").unwrap_or(after);
            let ty: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
            cfg.label_schema.push((key, ty.to_lowercase()));
            pos = s + q;
        }
    }
    if r.contains("strictLabels = True") {
        cfg.strict_labels = true;
    }
    cfg
}

/// hadolint's ONBUILD variant: every RUN instruction wrapped in ONBUILD.
fn onbuild(snippet: &str) -> String {
    snippet
        .lines()
        .map(|l| if l.trim_start().to_ascii_uppercase().starts_with("RUN ") { format!("ONBUILD {}", l.trim_start()) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn hadolint_rule_cases_agree() {
    let Some(corpus) = common::corpus("hadolint_rule_cases_agree") else { return };
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("hadolint-rule-cases/hadolint-cases.json")).unwrap()).unwrap();
    let only: Option<Vec<String>> = std::env::var("SLIMFILE_RULES").ok().map(|v| v.split(',').map(str::to_string).collect());
    let cases = data["cases"].as_array().unwrap();
    let (mut agree, mut total, mut known) = (0usize, 0usize, 0usize);
    let mut by_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for c in cases {
        let rule = c["rule"].as_str().unwrap();
        if only.as_ref().is_some_and(|o| !o.iter().any(|r| r == rule)) {
            continue;
        }
        let mut snippet = c["snippet"].as_str().unwrap().to_string();
        if c["onbuild"].as_bool() == Some(true) {
            snippet = onbuild(&snippet);
        }
        let mut cfg = config(c["config"].as_str());
        // hadolint's specs run rules that are off by default (DL1001, DL3057) explicitly.
        cfg.overrides.push((rule.to_string(), slimfile::rules::find(rule).map_or(Severity::Warning, |r| r.severity)));
        let report = analyze(&Input { dockerfile: &snippet, dockerignore: None, config: Some(&cfg) });
        let n = report.findings.iter().filter(|f| f.diagnostic.code == rule).count();
        let expect = c["expect"].as_str().unwrap();
        let ok = match (expect, c["count"].as_u64(), c["onbuild"].as_bool()) {
            ("fires", Some(k), _) => n == k as usize,
            ("fires", None, Some(true)) => n == 1,
            ("fires", None, _) => n >= 1,
            _ => n == 0,
        };
        let source = c["source"].as_str().unwrap();
        total += 1;
        let e = by_rule.entry(rule.to_string()).or_default();
        e.1 += 1;
        if ok {
            agree += 1;
            e.0 += 1;
        } else if let Some((_, why)) = KNOWN.iter().find(|(s, _)| *s == source) {
            known += 1;
            disagreements.push(format!("  [known] {rule} {source}: {why}"));
        } else {
            disagreements.push(format!(
                "  {rule} {source} expected {expect}{}, got {n}: {:?}{}",
                c["count"].as_u64().map(|k| format!(" x{k}")).unwrap_or_default(),
                snippet,
                if c["onbuild"].as_bool() == Some(true) { " (ONBUILD)" } else { "" }
            ));
        }
    }
    let pct = 100.0 * agree as f64 / total.max(1) as f64;
    println!("hadolint rule cases: {agree}/{total} agree ({pct:.1}%), {known} known differences");
    let weak: Vec<String> =
        by_rule.iter().filter(|(_, (a, t))| a < t).map(|(r, (a, t))| format!("{r} {a}/{t}")).collect();
    println!("rules with disagreements: {}", weak.join(", "));
    for d in &disagreements {
        println!("{d}");
    }
    if only.is_none() {
        assert!(total >= 1000, "expected hadolint's 1,045 assertions, found {total}");
        assert!(pct >= FLOOR, "agreement {pct:.1}% is below the floor {FLOOR}%");
    }
}
