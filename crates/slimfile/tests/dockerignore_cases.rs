//! Conformance of `slimfile::dockerignore` with the `dockerignore-cases` corpus
//! (facts taken from moby/patternmatcher, BuildKit, fsutil, moby and docker/cli
//! tests; see the corpus' PROVENANCE.md).
//!
//! The corpus is found at `$SLIMFILE_CORPUS/dockerignore-cases` or at
//! `<workspace root>/../shared/corpus/dockerignore-cases`. When it is missing
//! each test prints a `SKIPPED:` line and passes. When it is present every
//! record is run, a summary is printed, every disagreement is listed and the
//! test fails unless all agree.

use serde_json::Value;
use slimfile::dockerignore::{ignore_file_for, DockerIgnore, IgnoreDiagnosticKind, MatchKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let root = match std::env::var_os("SLIMFILE_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus"),
    };
    let dir = root.join("dockerignore-cases");
    if dir.join("match-cases.json").is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: dockerignore conformance: corpus not found at {}", dir.display());
        None
    }
}

fn load(name: &str) -> Option<Value> {
    let dir = corpus_dir()?;
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"));
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {name}: {e}")))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().expect("string").to_string()).collect())
        .unwrap_or_default()
}

/// Feeds a list of lines through the reader, as Docker reads a file.
fn parse_lines(lines: &[String]) -> DockerIgnore {
    DockerIgnore::parse(&lines.join("\n"))
}

fn report(what: &str, total: usize, skipped: &[(String, String)], failures: &[String]) {
    let run = total - skipped.len();
    eprintln!("dockerignore {what}: {}/{run} agree", run - failures.len());
    if !skipped.is_empty() {
        eprintln!("dockerignore {what}: {} skipped:", skipped.len());
        for (id, why) in skipped {
            eprintln!("  skipped {id}: {why}");
        }
    }
    for f in failures {
        eprintln!("  DISAGREE {f}");
    }
    assert!(failures.is_empty(), "{} {what} record(s) disagree (listed above)", failures.len());
}

#[test]
fn match_cases() {
    let Some(data) = load("match-cases.json") else { return };
    let records = data.as_array().expect("array");
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for (n, rec) in records.iter().enumerate() {
        let id = format!("#{n} {}", rec["source"].as_str().unwrap_or("?"));
        // Skip rule: slimfile models Docker on Unix, where `\` escapes. A record
        // that only holds on Windows (backslash as separator) cannot be met.
        // (The corpus currently has none; `non-windows` records are all run.)
        if let Some(p) = rec["platform"].as_str() {
            if p != "non-windows" {
                skipped.push((id, format!("platform {p:?}: Windows path semantics are not modelled")));
                continue;
            }
        }
        let patterns = strings(&rec["patterns"]);
        let di = parse_lines(&patterns);
        let path = rec["path"].as_str();
        let api = rec["api"].as_str().unwrap_or("?");
        let desc = format!("{id} api={api} patterns={patterns:?} path={path:?}");
        if rec["error"].as_bool() == Some(true) {
            // Docker fails: either the file is refused, or matching this path errors.
            let errs = di.is_rejected() || path.is_some_and(|p| di.check(p).is_err());
            if !errs {
                failures.push(format!("{desc}: expected an error, got none"));
            }
            continue;
        }
        let expected = rec["excluded"].as_bool().expect("excluded or error");
        let path = path.expect("path");
        match di.check(path) {
            Err(e) => failures.push(format!("{desc}: expected excluded={expected}, got error {e}")),
            Ok(decider) => {
                let got = decider.is_some_and(|i| !di.patterns[i].negated);
                if got != expected {
                    failures.push(format!("{desc}: expected excluded={expected}, got {got} (decider {decider:?})"));
                } else if di.is_excluded(path) != got || di.deciding_pattern(path) != decider {
                    failures.push(format!("{desc}: check() and is_excluded()/deciding_pattern() differ"));
                }
            }
        }
    }
    report("match-cases", records.len(), &skipped, &failures);
}

/// One context (main or named): entries and the ignore file that applies.
struct Context {
    /// path -> is_dir
    entries: BTreeMap<String, bool>,
    ignore: DockerIgnore,
}

#[derive(Default)]
struct Node {
    is_dir: bool,
    children: BTreeMap<String, Node>,
}

fn tree(entries: &BTreeMap<String, bool>) -> Node {
    let mut root = Node { is_dir: true, ..Node::default() };
    for (path, &is_dir) in entries {
        let mut node = &mut root;
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            node = node.children.entry(part.to_string()).or_default();
            if i + 1 < parts.len() || is_dir {
                node.is_dir = true;
            }
        }
    }
    root
}

/// Walks a context like fsutil (BuildKit's client-side walker): entries in
/// lexical order, excluded files left out, excluded directories skipped when
/// `can_skip_dir` allows it and otherwise walked, and emitted only in front of
/// a re-included descendant. Returns `kind path` lines, or Docker's error.
fn walk(ctx: &Context) -> Result<Vec<String>, String> {
    fn visit(
        di: &DockerIgnore,
        node: &Node,
        prefix: &str,
        pending: &mut Vec<(String, bool)>,
        out: &mut Vec<String>,
    ) -> Result<(), String> {
        for (name, child) in &node.children {
            let path = format!("{prefix}{name}");
            let kind = if child.is_dir { "dir" } else { "file" };
            let excluded = di
                .check(&path)
                .map_err(|e| e.to_string())?
                .is_some_and(|i| !di.patterns[i].negated);
            if excluded && child.is_dir && di.can_skip_dir(&path) {
                continue;
            }
            if !excluded {
                for (p, emitted) in pending.iter_mut().filter(|(_, e)| !*e) {
                    out.push(format!("dir {p}"));
                    *emitted = true;
                }
                out.push(format!("{kind} {path}"));
            }
            if child.is_dir {
                pending.push((path.clone(), !excluded));
                visit(di, child, &format!("{path}/"), pending, out)?;
                pending.pop();
            }
        }
        Ok(())
    }
    if ctx.ignore.is_rejected() {
        return Err("the ignore file is rejected".to_string());
    }
    let mut out = Vec::new();
    visit(&ctx.ignore, &tree(&ctx.entries), "", &mut Vec::new(), &mut out)?;
    Ok(out)
}

fn context_from(scenario: &Value, builder: &str) -> Context {
    let mut entries = BTreeMap::new();
    for f in strings(&scenario["files"]) {
        entries.insert(f, false);
    }
    for e in strings(&scenario["entries"]) {
        let (kind, path) = e.split_once(' ').expect("`file x` or `dir x`");
        entries.insert(path.to_string(), kind == "dir");
    }
    let ignore_files: BTreeMap<String, Vec<String>> = scenario["ignore_files"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
        .unwrap_or_default();
    let ignore = if scenario.get("ignore_patterns").is_some() {
        parse_lines(&strings(&scenario["ignore_patterns"]))
    } else {
        let dockerfile = scenario["dockerfile"].as_str().unwrap_or("Dockerfile");
        let exists = |p: &str| ignore_files.contains_key(p);
        // Only BuildKit knows `<Dockerfile>.dockerignore`; the legacy builder
        // (and a named context) reads the root `.dockerignore` only.
        let name = if builder == "buildkit" {
            ignore_file_for(dockerfile, exists)
        } else {
            exists(".dockerignore").then(|| ".dockerignore".to_string())
        };
        name.map(|n| parse_lines(&ignore_files[&n])).unwrap_or_default()
    };
    Context { entries, ignore }
}

#[test]
fn context_cases() {
    let Some(data) = load("context-cases.json") else { return };
    let scenarios = data.as_array().expect("array");
    let mut failures = Vec::new();
    let skipped: Vec<(String, String)> = Vec::new();
    for sc in scenarios {
        let id = sc["id"].as_str().unwrap_or("?").to_string();
        let builder = sc["builder"].as_str().unwrap_or("?");
        let main = context_from(sc, builder);
        let mut contexts = vec![main];
        if let Some(named) = sc["named_contexts"].as_object() {
            for nc in named.values() {
                // A named context always uses its own root .dockerignore.
                contexts.push(context_from(nc, "named"));
            }
        }
        let walks: Vec<Result<Vec<String>, String>> = contexts.iter().map(walk).collect();
        let mut fail = |msg: String| failures.push(format!("{id}: {msg}"));

        if sc["expect_error"].as_bool() == Some(true) {
            if walks.iter().all(|w| w.is_ok()) {
                fail("expected the build to fail, it did not".into());
            }
            if let Some(text) = sc["error_text"].as_str() {
                let found = contexts[0].ignore.diagnostics.iter().any(|d| d.message.contains(text));
                if !found {
                    fail(format!("no diagnostic contains {text:?}"));
                }
            }
            continue;
        }
        let mut seen = BTreeSet::new();
        let mut main_walk = Vec::new();
        for (i, w) in walks.into_iter().enumerate() {
            match w {
                Ok(lines) => {
                    seen.extend(lines.iter().map(|l| l.split_once(' ').map_or(l.clone(), |(_, p)| p.to_string())));
                    if i == 0 {
                        main_walk = lines;
                    }
                }
                Err(e) => fail(format!("unexpected error: {e}")),
            }
        }
        for p in strings(&sc["present"]) {
            if !seen.contains(&p) {
                fail(format!("{p:?} should reach the context but does not"));
            }
        }
        for p in strings(&sc["absent"]) {
            if seen.contains(&p) {
                fail(format!("{p:?} should not reach the context but does"));
            }
        }
        if sc.get("exact").is_some() {
            let want: BTreeSet<String> = strings(&sc["exact"]).into_iter().collect();
            if want != seen {
                fail(format!("context is {seen:?}, expected exactly {want:?}"));
            }
        }
        if sc.get("walk_exact").is_some() {
            let want = strings(&sc["walk_exact"]);
            if want != main_walk {
                fail(format!("walk gave {main_walk:?}, expected {want:?}"));
            }
        }
        if sc.get("sent_exact").is_some() {
            // Model of the legacy CLI (docker/cli build.go): a Dockerfile from
            // stdin or from outside the context is added as `.dockerfile.<id>`,
            // and that name is appended to `.dockerignore` (created with a
            // `.dockerignore` line when missing) so the daemon strips both.
            let random = ".dockerfile.0123456789ab";
            let mut sent: BTreeSet<String> = seen.clone();
            sent.insert(random.to_string());
            sent.insert(".dockerignore".to_string());
            let want: BTreeSet<String> = strings(&sc["sent_exact"])
                .into_iter()
                .map(|s| if s.starts_with("<random") { random.to_string() } else { s })
                .collect();
            if want != sent {
                fail(format!("CLI sends {sent:?}, expected {want:?}"));
            }
            // The daemon then removes exactly the two added entries.
            let generated = DockerIgnore::parse(&format!(".dockerignore\n{random}"));
            let kept: BTreeSet<&String> = sent.iter().filter(|p| !generated.is_excluded(p)).collect();
            let original: BTreeSet<&String> = seen.iter().collect();
            if kept != original {
                fail(format!("daemon keeps {kept:?}, expected {original:?}"));
            }
        }
    }
    report("context-cases", scenarios.len(), &skipped, &failures);
}

#[test]
fn parse_cases() {
    let Some(data) = load("parse-cases.json") else { return };
    let mut failures = Vec::new();
    let mut total = 0;

    for rec in data["readall"].as_array().expect("readall") {
        total += 1;
        let di = match rec["input"].as_str() {
            // No ignore file at all: nothing is excluded.
            None => DockerIgnore::default(),
            Some(text) => DockerIgnore::parse(text),
        };
        let got: Vec<String> = di
            .patterns
            .iter()
            .map(|p| format!("{}{}", if p.negated { "!" } else { "" }, p.pattern))
            .collect();
        let want = strings(&rec["expected"]);
        if got != want {
            failures.push(format!("readall {}: got {got:?}, expected {want:?}", rec["source"]));
        }
    }

    for rec in data["new"].as_array().expect("new") {
        total += 1;
        let patterns = strings(&rec["patterns"]);
        let di = parse_lines(&patterns);
        let expect = &rec["expect"];
        let mut problems = Vec::new();
        if let Some(count) = expect["count"].as_u64() {
            if di.patterns.len() as u64 != count {
                problems.push(format!("{} patterns, expected {count}", di.patterns.len()));
            }
        }
        if let Some(ex) = expect["exclusions"].as_bool() {
            if di.patterns.iter().any(|p| p.negated) != ex {
                problems.push(format!("exclusions should be {ex}"));
            }
        }
        if let Some(e) = expect["error"].as_bool() {
            if di.is_rejected() != e {
                problems.push(format!("rejected should be {e}"));
            }
        }
        if let Some(e) = expect["match_error"].as_bool() {
            let fails = di.diagnostics.iter().any(|d| d.kind == IgnoreDiagnosticKind::FailsWhenMatched)
                && di.check("x").is_err()
                && di.check("x").is_err();
            if fails != e {
                problems.push(format!("failing at match time should be {e}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("new {patterns:?}: {}", problems.join("; ")));
        }
    }

    for rec in data["compile"].as_array().expect("compile") {
        total += 1;
        let pattern = rec["pattern"].as_str().expect("pattern");
        let di = DockerIgnore::parse(pattern);
        let Some(p) = di.patterns.first() else {
            failures.push(format!("compile {pattern:?}: no pattern"));
            continue;
        };
        let kind = match p.match_kind() {
            Some(MatchKind::Exact) => "exact",
            Some(MatchKind::Prefix) => "prefix",
            Some(MatchKind::Suffix) => "suffix",
            Some(MatchKind::Regexp) => "regexp",
            None => "rejected",
        };
        let want_kind = rec["match_type"].as_str().unwrap_or("?");
        let want_re = rec["regexp_slash"].as_str();
        if kind != want_kind || p.docker_regexp() != want_re {
            failures.push(format!(
                "compile {pattern:?}: got {kind} {:?}, expected {want_kind} {want_re:?}",
                p.docker_regexp()
            ));
        }
    }
    report("parse-cases", total, &[], &failures);
}
