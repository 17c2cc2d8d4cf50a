//! The settings model: the config it gives the core, the panel's rows, and
//! the compact text for localStorage and share links.

use slimfile::Severity;
use slimfile_web::settings::{RuleChoice, Settings, Threshold};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn codes(text: &str, settings: &Settings) -> Vec<(String, Severity)> {
    let (cfg, errors) = settings.to_config();
    assert!(errors.is_empty(), "{errors:?}");
    let report = slimfile::analyze(&slimfile::Input { dockerfile: text, dockerignore: None, config: Some(&cfg) });
    report.findings.iter().map(|f| (f.diagnostic.code.clone(), f.diagnostic.severity)).collect()
}

const NODE: &str = "FROM node:latest\nRUN npm install\n";

#[wasm_bindgen_test(unsupported = test)]
fn default_settings_are_the_cores_defaults() {
    let s = Settings::default();
    assert_eq!(s.to_config().0, slimfile::lint::Config::default());
    let rows = s.rule_rows();
    assert_eq!(rows.len(), slimfile::rules::all().len());
    assert!(rows.iter().all(|r| !r.changed));
    let dl3007 = rows.iter().find(|r| r.code == "DL3007").unwrap();
    assert!(dl3007.enabled);
    assert_eq!(dl3007.severity, dl3007.default_severity);
    assert_eq!(s.effective_threshold(), Some(Severity::Info));
}

#[wasm_bindgen_test(unsupported = test)]
fn turning_a_rule_off_and_changing_a_severity_reach_the_analysis() {
    let before = codes(NODE, &Settings::default());
    assert!(before.iter().any(|(c, _)| c == "DL3007"), "{before:?}");
    let mut s = Settings::default();
    s.set_rule("DL3007", RuleChoice { enabled: Some(false), severity: None });
    assert!(!codes(NODE, &s).iter().any(|(c, _)| c == "DL3007"));
    let row = s.rule_rows().into_iter().find(|r| r.code == "DL3007").unwrap();
    assert!(!row.enabled && row.changed);
    let mut s = Settings::default();
    s.set_rule("DL3007", RuleChoice { enabled: None, severity: Some(Severity::Error) });
    assert!(codes(NODE, &s).contains(&("DL3007".to_string(), Severity::Error)));
}

#[wasm_bindgen_test(unsupported = test)]
fn imported_yaml_is_read_by_the_core_and_the_panel_wins() {
    let mut s = Settings {
        hadolint_yaml: "ignored:\n  - DL3007\noverride:\n  error:\n    - DL3016\nfailure-threshold: warning\n".into(),
        ..Default::default()
    };
    let found = codes(NODE, &s);
    assert!(!found.iter().any(|(c, _)| c == "DL3007"), "{found:?}");
    assert_eq!(s.effective_threshold(), Some(Severity::Warning));
    let row = s.rule_rows().into_iter().find(|r| r.code == "DL3007").unwrap();
    assert!(!row.enabled && row.changed, "the YAML's choice shows as a change");
    // The panel turns it back on, over the YAML.
    s.set_rule("dl3007", RuleChoice { enabled: Some(true), severity: None });
    assert!(codes(NODE, &s).iter().any(|(c, _)| c == "DL3007"));
    s.threshold = Threshold::Never;
    assert_eq!(s.effective_threshold(), None);
    // Problems in the YAML are reported, not fatal.
    let bad = Settings { hadolint_yaml: "colour: red\n".into(), ..Default::default() };
    let (_, errors) = bad.to_config();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("colour"));
}

#[wasm_bindgen_test(unsupported = test)]
fn off_by_default_rules_can_be_turned_on() {
    let Some(rule) = slimfile::rules::all().iter().find(|r| !r.default_enabled && !r.experimental) else {
        panic!("the registry has an off-by-default rule");
    };
    let mut s = Settings::default();
    assert!(!s.rule_rows().iter().find(|r| r.code == rule.code).unwrap().enabled);
    s.set_rule(rule.name, RuleChoice { enabled: Some(true), severity: None });
    assert_eq!(s.rules[0].0, rule.code, "stored by code");
    assert!(s.rule_rows().iter().find(|r| r.code == rule.code).unwrap().enabled);
}

#[wasm_bindgen_test(unsupported = test)]
fn compact_text_round_trips_and_is_small() {
    assert_eq!(Settings::default().to_compact(), "slimfile-settings 1\n");
    let mut s = Settings { threshold: Threshold::At(Severity::Style), ..Default::default() };
    s.set_rule("DL3008", RuleChoice { enabled: Some(false), severity: None });
    s.set_rule("DL3007", RuleChoice { enabled: Some(true), severity: Some(Severity::Info) });
    s.set_rule("DL3009", RuleChoice { enabled: None, severity: Some(Severity::Error) });
    s.hadolint_yaml = "ignored:\n  - DL3059\nyaml\nrule DL3000 off\n".into();
    let text = s.to_compact();
    assert_eq!(
        text,
        "slimfile-settings 1\nthreshold style\nrule DL3007 on info\nrule DL3008 off\nrule DL3009 - error\nyaml\nignored:\n  - DL3059\nyaml\nrule DL3000 off\n"
    );
    assert_eq!(Settings::from_compact(&text).unwrap(), s);
    // Unknown rules and lines are skipped; a missing header is refused.
    let odd = Settings::from_compact("slimfile-settings 1\nrule NOPE1 off\nfuture thing\nthreshold warning\n").unwrap();
    assert!(odd.rules.is_empty());
    assert_eq!(odd.threshold, Threshold::At(Severity::Warning));
    assert!(Settings::from_compact("").is_err());
    assert!(Settings::from_compact("slimfile-settings 2\n").unwrap_err().contains("newer"));
    // Resetting a rule removes it.
    s.set_rule("DL3008", RuleChoice::default());
    assert!(!s.to_compact().contains("DL3008"));
}
