//! Every safe fix on every real Dockerfile of the corpus (official images and
//! apps, listed in MANIFEST.tsv): the output re-parses with no new
//! error-level finding, a second `fix_all` changes nothing, the number of
//! findings falls (or stays when nothing was fixable), every comment line of
//! the input is still there, and Docker's own parser (the `dockerfile` pip
//! package, which wraps BuildKit's Go parser) accepts the output wherever it
//! accepted the input.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use slimfile::fixer::{findings_of, fix_all, FixMode};
use slimfile::{Input, Severity};

fn files(corpus: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let (path, kind) = (*c.first()?, *c.get(4)?);
            let real = path.starts_with("official-images/") || path.starts_with("apps/");
            (real && kind == "dockerfile").then(|| path.to_string())
        })
        .collect()
}

fn errors(ds: &[slimfile::Diagnostic]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for d in ds.iter().filter(|d| d.severity == Severity::Error) {
        *m.entry(d.code.clone()).or_insert(0) += 1;
    }
    m
}

/// Docker's parser on every `*.before`/`*.after` file of `dir`, in one python
/// process: `name -> accepted`. `None` when python or the package is missing.
fn docker_parser(dir: &Path) -> Option<HashMap<String, bool>> {
    const SCRIPT: &str = r#"
import os, sys
import dockerfile
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        s = f.read()
    try:
        dockerfile.parse_string(s)
        print(name + "\tok")
    except Exception as e:
        print(name + "\terror " + str(e).replace("\n", " ")[:200])
"#;
    let out = Command::new("python3").arg("-c").arg(SCRIPT).arg(dir).output().ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some(
        text.lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(n, v)| (n.to_string(), v == "ok"))
            .collect(),
    )
}

#[test]
fn safe_fixes_on_the_corpus_break_nothing() {
    run(FixMode::Safe);
}

/// The same with the unsafe fixes too (they may change behaviour, never
/// the file's soundness).
#[test]
fn unsafe_fixes_on_the_corpus_break_nothing() {
    run(FixMode::Unsafe);
}

fn run(mode: FixMode) {
    let Some(corpus) = common::corpus("fix_corpus") else { return };
    let paths = files(&corpus);
    assert!(paths.len() > 600, "expected the official-images and apps Dockerfiles, found {}", paths.len());
    let tmp = std::env::temp_dir().join(format!("slimfile-fix-corpus-{}-{mode:?}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let (mut fixed, mut before_total, mut after_total, mut applied_total, mut rejected_total) = (0, 0, 0, 0, 0);
    let mut broken: Vec<String> = Vec::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    let mut checked = 0;
    for (i, path) in paths.iter().enumerate() {
        let Ok(src) = std::fs::read_to_string(corpus.join(path)) else { continue };
        checked += 1;
        let input = Input { dockerfile: &src, dockerignore: None, config: None };
        let before = findings_of(&input);
        let out = fix_all(&input, mode);
        let after = findings_of(&Input { dockerfile: &out.text, dockerignore: None, config: None });
        assert_eq!(after, out.remaining, "{path}: remaining findings are the fixed text's");
        before_total += before.len();
        after_total += after.len();
        applied_total += out.applied.len();
        rejected_total += out.rejected.len();
        for a in &out.applied {
            *by_code.entry(a.code.clone()).or_insert(0) += 1;
        }
        let mut problems = Vec::new();
        let (eb, ea) = (errors(&before), errors(&after));
        for (code, n) in &ea {
            if eb.get(code).copied().unwrap_or(0) < *n {
                problems.push(format!("new error {code}"));
            }
        }
        if !out.converged {
            problems.push("did not converge".to_string());
        }
        let again = fix_all(&Input { dockerfile: &out.text, dockerignore: None, config: None }, mode);
        if again.text != out.text {
            problems.push(format!("a second fix changes it: {:?}", again.applied));
        }
        if out.text != src {
            fixed += 1;
            if after.len() >= before.len() {
                problems.push(format!("findings did not fall: {} -> {}", before.len(), after.len()));
            }
        } else if after.len() != before.len() {
            problems.push("unchanged text, different findings".to_string());
        }
        let out_lines: Vec<&str> = out.text.lines().map(str::trim).collect();
        for c in src.lines().map(str::trim).filter(|l| l.starts_with('#')) {
            if !out_lines.contains(&c) {
                problems.push(format!("comment lost: {c}"));
            }
        }
        std::fs::write(tmp.join(format!("{i:04}.before")), &src).unwrap();
        std::fs::write(tmp.join(format!("{i:04}.after")), &out.text).unwrap();
        if !problems.is_empty() {
            broken.push(format!("{path}: {}", problems.join("; ")));
        }
    }
    let mut docker_broken = 0;
    let mut docker_checked = 0;
    match docker_parser(&tmp) {
        Some(verdicts) => {
            for (i, path) in paths.iter().enumerate() {
                let (b, a) = (verdicts.get(&format!("{i:04}.before")), verdicts.get(&format!("{i:04}.after")));
                if let (Some(true), Some(ok)) = (b, a) {
                    docker_checked += 1;
                    if !ok {
                        docker_broken += 1;
                        broken.push(format!("{path}: Docker's parser rejects the fixed file"));
                    }
                }
            }
        }
        None => eprintln!("SKIPPED fix_corpus Docker parser check: python3 with the `dockerfile` package not found (pip install dockerfile)"),
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let mut codes: Vec<(String, usize)> = by_code.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!(
        "fix_corpus ({mode:?}): files {checked}, fixed {fixed}, fixes applied {applied_total}, dropped {rejected_total}, \
         findings before {before_total}, after {after_total}, Docker parser checked {docker_checked} (rejected {docker_broken}), broken {}",
        broken.len()
    );
    println!("fixes by code: {codes:?}");
    for b in &broken {
        println!("BROKEN {b}");
    }
    assert!(checked > 600);
    assert!(broken.is_empty(), "{} broken files:\n{}", broken.len(), broken.join("\n"));
}
