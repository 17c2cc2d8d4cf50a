//! The CLI as users and CI call it: real processes, real files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    c.env_remove("NO_COLOR");
    c
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("slimfile-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn version_matches_core() {
    let o = bin().arg("--version").output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), format!("slimfile {}", slimfile::VERSION));
}

#[test]
fn parse_json_reports_keywords_and_buildkit_lines() {
    let d = tmpdir("parse");
    let f = d.join("Dockerfile");
    std::fs::write(&f, "# syntax=docker/dockerfile:1\nfrom alpine AS base\nRUN apk add \\\n    curl\nCOPY <<EOF /x\nhello\nEOF\n")
        .unwrap();
    let o = bin().args(["parse", "--format", "json"]).arg(&f).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let inst = v["instructions"].as_array().unwrap();
    let split: Vec<(String, u64, u64)> = inst
        .iter()
        .map(|i| {
            (i["keyword"].as_str().unwrap().to_string(), i["start_line"].as_u64().unwrap(), i["end_line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        split,
        vec![("FROM".into(), 2, 2), ("RUN".into(), 3, 4), ("COPY".into(), 5, 7)]
    );
    assert_eq!(inst[2]["heredocs"][0]["content"], "hello\n");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    // Key order as documented: instructions before diagnostics.
    let text = stdout(&o);
    assert!(text.find("\"instructions\"").unwrap() < text.find("\"diagnostics\"").unwrap());
}

#[test]
fn check_json_fields_and_exit_codes() {
    let d = tmpdir("check");
    let bad = d.join("bad.Dockerfile");
    std::fs::write(&bad, "FROM alpine:3.20\nFORM x\n").unwrap();
    let good = d.join("good.Dockerfile");
    std::fs::write(&good, "FROM alpine:3.20\nRUN true\n").unwrap();

    let o = bin().args(["check", "--format", "json"]).arg(&bad).arg(&good).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v.as_array().unwrap()[0];
    for key in ["file", "code", "aliases", "severity", "line", "column", "end_line", "end_column", "message"] {
        assert!(f.get(key).is_some(), "missing {key} in {f}");
    }
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 1);
    assert_eq!(f["end_column"], 5);
    assert_eq!(f["severity"], "error");

    let o = bin().args(["check"]).arg(&good).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("no problems found"));

    // The threshold decides: an error is below "none".
    let o = bin().args(["check", "--failure-threshold", "none"]).arg(&bad).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unreadable_files_are_named_and_the_rest_still_checked() {
    let d = tmpdir("io");
    let good = d.join("Dockerfile");
    std::fs::write(&good, "FROM alpine:3.20\nFORM x\n").unwrap();
    let missing = d.join("missing");
    let o = bin().args(["check", "--format", "json"]).arg(&missing).arg(&d).arg(&good).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 2, "one line per bad input: {err}");
    assert!(err.contains("missing") && err.contains("is a directory"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "the readable file was checked");
}

#[test]
fn tty_output_is_a_code_frame() {
    let d = tmpdir("tty");
    let f = d.join("Dockerfile");
    std::fs::write(&f, "FROM alpine:3.20\n  FORM x\n").unwrap();
    let o = bin().args(["check"]).arg(&f).output().unwrap();
    let s = stdout(&o);
    assert!(s.contains("error[parse/unknown-instruction]: unknown instruction: FORM (did you mean FROM?)"), "{s}");
    assert!(s.contains(":2:3\n"), "{s}");
    assert!(s.contains("2 |   FORM x\n"), "{s}");
    assert!(s.contains("  |   ^^^^\n"), "{s}");
    assert!(!s.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn usage_errors_exit_2() {
    for args in [vec!["check"], vec!["bogus"], vec!["check", "--format", "xml", "x"]] {
        let o = bin().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let o = bin().arg("--help").output().unwrap();
    assert!(stdout(&o).contains("slimfile check"));
    let o = bin().args(["check", "--help"]).output().unwrap();
    assert!(stdout(&o).contains("--failure-threshold"));
}

#[test]
fn invalid_utf8_and_binary_input_give_diagnostics() {
    let d = tmpdir("binary");
    let f = d.join("Dockerfile");
    std::fs::write(&f, b"FROM alpine:3.20\nRUN echo \xff\xfe\x00\n").unwrap();
    let o = bin().args(["check", "--format", "json"]).arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"parse/invalid-utf8"), "{codes:?}");
    assert!(codes.contains(&"parse/nul-byte"), "{codes:?}");
}

fn latest_file(name: &str) -> PathBuf {
    let d = tmpdir(name);
    let f = d.join("Dockerfile");
    std::fs::write(&f, "FROM alpine:latest\nFORM x\n").unwrap();
    f
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let f = latest_file("sarif");
    let o = bin().args(["check", "-f", "sarif"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "slimfile");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = results.iter().find(|r| r["ruleId"] == "DL3007").unwrap();
    assert_eq!(r["level"], "warning");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(1), Some(13)));
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], "DL3007");
}

#[test]
fn github_checkstyle_and_gitlab_formats() {
    let f = latest_file("formats");
    let o = bin().args(["check", "-f", "github"]).arg(&f).output().unwrap();
    let s = stdout(&o);
    assert!(s.lines().any(|l| l.starts_with("::warning file=") && l.contains(",line=1,col=13,") && l.contains("title=DL3007::")), "{s}");
    assert!(s.lines().any(|l| l.starts_with("::error file=")), "{s}");

    let o = bin().args(["check", "-f", "checkstyle"]).arg(&f).output().unwrap();
    let s = stdout(&o);
    assert!(s.starts_with("<?xml") && s.contains("<checkstyle") && s.trim_end().ends_with("</checkstyle>"), "{s}");
    assert!(s.contains("source=\"slimfile.DL3007\"") && s.contains("line=\"1\" column=\"13\""), "{s}");

    let o = bin().args(["check", "-f", "gitlab"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert!(a.iter().all(|i| i["fingerprint"].as_str().unwrap().len() == 16 && i["location"]["lines"]["begin"].is_u64()));
    assert_ne!(a[0]["fingerprint"], a[1]["fingerprint"]);
}

#[test]
fn config_ignore_and_rule_docs() {
    let f = latest_file("config");
    let cfg = f.parent().unwrap().join("team.yaml");
    std::fs::write(&cfg, "ignored:\n  - latest-tag\nfailure-threshold: error\n").unwrap();
    let o = bin().args(["check", "-f", "json", "--config"]).arg(&cfg).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().all(|f| f["code"] != "DL3007"), "ignored by name in the config");
    assert_eq!(o.status.code(), Some(1), "the parse error is at the error threshold");

    let o = bin().args(["check", "-f", "json", "--ignore", "DL3007"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().all(|f| f["code"] != "DL3007"));

    let o = bin().args(["rules"]).output().unwrap();
    assert!(stdout(&o).lines().any(|l| l.starts_with("DL3007 latest-tag")));
    let o = bin().args(["rule", "DL3007"]).output().unwrap();
    assert!(stdout(&o).contains("## What it does"));
    let o = bin().args(["rule", "NOPE"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
