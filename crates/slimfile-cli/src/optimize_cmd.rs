//! `slimfile optimize`: the article's techniques applied in sequence, with
//! the before/after estimate per step and in total, the rewritten files and
//! their unified diff.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};
use slimfile::estimate::{ContextFile, Totals};
use slimfile::optimize::{optimize_all, OptimizeInput, Pipeline, Technique};

use crate::args::Format;

pub const HELP: &str = "\
slimfile optimize — rewrite a Dockerfile into one that builds a smaller image

Usage: slimfile optimize [OPTIONS] FILE

Applies the techniques in this order, each to the previous result, and prints
the estimated size after each step (compressed = pull, uncompressed = disk),
the rewritten Dockerfile and .dockerignore, and their unified diff:

  base          a smaller variant of the final base image (slim, alpine)
  cache-order   copy the dependency manifests and install before `COPY . .`
  dockerignore  create or extend the .dockerignore (never excluding a COPY source)
  multi-stage   a builder stage and a small runtime stage (node, Go)
  run           package RUNs merged, with cleanup in the same layer

Nothing is written: redirect the output or copy what you accept.

Options:
      --only LIST         comma-separated techniques (default: all)
      --context DIR       the build context: exact COPY sizes, manifests that
                          really exist, a .dockerignore from the real files
      --dockerignore FILE the current .dockerignore (default: <FILE>.dockerignore
                          or .dockerignore beside FILE, else in --context)
      --cache-mounts      the run technique uses BuildKit cache mounts instead
                          of cleaning caches in the layer
  -f, --format FORMAT     tty (default) or json
  -h, --help              this help

JSON output: {\"steps\":[{\"technique\",\"title\",\"explanation\",\"caveats\",
\"applicability\",\"alternatives\",\"before\",\"after\",\"dockerfile\",\"dockerignore\"}],
\"before\",\"after\",\"applicability\",\"dockerfile\",\"dockerignore\",\"diff\"}; before/after
are {\"compressed_bytes\",\"uncompressed_bytes\",\"unknown_parts\"}.
";

#[derive(Debug, PartialEq)]
pub struct OptimizeArgs {
    pub only: Vec<Technique>,
    pub context: Option<String>,
    pub dockerignore: Option<String>,
    pub format: Format,
    pub cache_mounts: bool,
    pub file: String,
}

/// Parses the arguments after `optimize`.
pub fn parse_args(argv: &[String]) -> Result<OptimizeArgs, String> {
    let mut a = OptimizeArgs {
        only: Technique::ALL.to_vec(),
        context: None,
        dockerignore: None,
        format: Format::Tty,
        cache_mounts: false,
        file: String::new(),
    };
    let mut files = Vec::new();
    let mut i = 0;
    let value = |argv: &[String], i: &mut usize, name: &str| -> Result<String, String> {
        if let Some((_, v)) = argv[*i].split_once('=') {
            return Ok(v.to_string());
        }
        *i += 1;
        argv.get(*i).cloned().ok_or_else(|| format!("{name} needs a value"))
    };
    while i < argv.len() {
        let arg = argv[i].as_str();
        let name = arg.split('=').next().unwrap_or(arg);
        if arg == "-" || !arg.starts_with('-') {
            files.push(arg.to_string());
        } else if name == "--only" {
            let v = value(argv, &mut i, "--only")?;
            a.only = v
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    Technique::parse(s).ok_or_else(|| {
                        format!("unknown technique `{s}` (expected: base, cache-order, dockerignore, multi-stage, run)")
                    })
                })
                .collect::<Result<_, _>>()?;
            if a.only.is_empty() {
                return Err("--only needs at least one technique".into());
            }
        } else if name == "--context" {
            a.context = Some(value(argv, &mut i, "--context")?);
        } else if name == "--dockerignore" {
            a.dockerignore = Some(value(argv, &mut i, "--dockerignore")?);
        } else if arg == "--cache-mounts" {
            a.cache_mounts = true;
        } else if name == "-f" || name == "--format" {
            a.format = match value(argv, &mut i, "--format")?.as_str() {
                "tty" => Format::Tty,
                "json" => Format::Json,
                other => return Err(format!("unknown format `{other}` (expected one of: tty, json)")),
            };
        } else {
            return Err(format!("unknown option `{arg}` for `slimfile optimize`"));
        }
        i += 1;
    }
    match files.len() {
        1 => a.file = files.remove(0),
        0 => return Err("`slimfile optimize` needs a FILE (or `-` for standard input)".into()),
        _ => return Err("`slimfile optimize` takes one FILE".into()),
    }
    Ok(a)
}

pub fn run(out: &mut impl Write, a: &OptimizeArgs) -> u8 {
    let bytes = match crate::read_input(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("slimfile: {e}");
            return 2;
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let ignore_path = match &a.dockerignore {
        Some(p) => Some(std::path::PathBuf::from(p)),
        None => crate::dockerignore_for(&a.file).or_else(|| {
            a.context.as_ref().map(|c| Path::new(c).join(".dockerignore")).filter(|p| p.is_file())
        }),
    };
    let ignore = match &ignore_path {
        Some(p) => match std::fs::read(p) {
            Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            Err(e) => {
                eprintln!("slimfile: {}: cannot read: {e}", p.display());
                return 2;
            }
        },
        None => None,
    };
    let mut files: Vec<ContextFile> = Vec::new();
    let mut notes = Vec::new();
    if let Some(dir) = &a.context {
        let root = Path::new(dir);
        if !root.is_dir() {
            eprintln!("slimfile: {dir}: not a directory");
            return 2;
        }
        // The whole listing: the .dockerignore technique looks at what the
        // current file already excludes.
        if crate::walk_context(root, None, &mut files) {
            notes.push("the context listing stopped at its file cap; COPY sizes are too low".to_string());
        }
    } else {
        notes.push("no --context: COPY sizes are unknown (left out of the totals) and manifests are assumed".to_string());
    }
    let input = OptimizeInput {
        dockerfile: &text,
        dockerignore: ignore.as_deref(),
        context: a.context.as_ref().map(|_| files.as_slice()),
        only: &a.only,
        cache_mounts: a.cache_mounts,
    };
    let p = optimize_all(&input);
    let name = if a.file == "-" { "Dockerfile" } else { a.file.as_str() };
    let ignore_name = ignore_path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| ".dockerignore".to_string());
    let mut diff = unified_diff(&text, &p.dockerfile, name);
    diff.push_str(&unified_diff(ignore.as_deref().unwrap_or(""), p.dockerignore.as_deref().unwrap_or(""), &ignore_name));
    let s = match a.format {
        Format::Json => json_output(&p, &diff, &notes) + "\n",
        _ => tty_output(&p, &diff, &notes, name, &ignore_name),
    };
    let _ = out.write_all(s.as_bytes());
    0
}

fn totals_json(t: &Totals) -> Value {
    json!({
        "compressed_bytes": t.compressed_bytes,
        "uncompressed_bytes": t.uncompressed_bytes,
        "unknown_parts": t.unknown_parts,
    })
}

fn json_output(p: &Pipeline, diff: &str, notes: &[String]) -> String {
    let steps: Vec<Value> = p
        .steps
        .iter()
        .map(|s| {
            json!({
                "technique": s.technique.as_str(),
                "title": s.title,
                "explanation": s.explanation,
                "caveats": s.caveats,
                "applicability": s.applicability.as_str(),
                "alternatives": s.alternatives.iter().map(|a| json!({
                    "reference": a.reference,
                    "compressed_bytes": a.compressed_bytes,
                    "uncompressed_bytes": a.uncompressed_bytes,
                    "usable": a.usable,
                    "caveats": a.caveats,
                })).collect::<Vec<_>>(),
                "before": totals_json(&s.before),
                "after": totals_json(&s.after),
                "dockerfile": s.dockerfile,
                "dockerignore": s.dockerignore,
            })
        })
        .collect();
    json!({
        "steps": steps,
        "before": totals_json(&p.before),
        "after": totals_json(&p.after),
        "applicability": p.applicability.as_str(),
        "dockerfile": p.dockerfile,
        "dockerignore": p.dockerignore,
        "diff": diff,
        "notes": notes,
    })
    .to_string()
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn delta(before: u64, after: u64) -> String {
    if after <= before {
        format!("-{}", mb(before - after))
    } else {
        format!("+{}", mb(after - before))
    }
}

fn unknown(t: &Totals) -> String {
    if t.unknown_parts == 0 {
        String::new()
    } else {
        format!("  (+{} unknown)", t.unknown_parts)
    }
}

fn tty_output(p: &Pipeline, diff: &str, notes: &[String], name: &str, ignore_name: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Estimated image size (compressed = pull, uncompressed = disk):\n");
    let _ = writeln!(out, "{:<4} {:<13} {:<7} {:>24} {:>24}", "step", "technique", "", "compressed", "uncompressed");
    let _ = writeln!(
        out,
        "{:<4} {:<13} {:<7} {:>24} {:>24}{}",
        "",
        "as written",
        "",
        mb(p.before.compressed_bytes),
        mb(p.before.uncompressed_bytes),
        unknown(&p.before)
    );
    for (k, s) in p.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:<4} {:<13} {:<7} {:>24} {:>24}{}",
            k + 1,
            s.technique.as_str(),
            s.applicability.as_str(),
            format!("{} ({})", mb(s.after.compressed_bytes), delta(s.before.compressed_bytes, s.after.compressed_bytes)),
            format!("{} ({})", mb(s.after.uncompressed_bytes), delta(s.before.uncompressed_bytes, s.after.uncompressed_bytes)),
            unknown(&s.after)
        );
    }
    let pct = |b: u64, a: u64| -> String {
        if b == 0 {
            return String::new();
        }
        let d = 100.0 * (b as f64 - a as f64) / b as f64;
        if d >= 0.0 {
            format!(" ({d:.0}% less)")
        } else {
            format!(" ({:.0}% more)", -d)
        }
    };
    let _ = writeln!(
        out,
        "{:<4} {:<13} {:<7} {:>24} {:>24}{}",
        "",
        "total",
        p.applicability.as_str(),
        format!("{}{}", mb(p.after.compressed_bytes), pct(p.before.compressed_bytes, p.after.compressed_bytes)),
        format!("{}{}", mb(p.after.uncompressed_bytes), pct(p.before.uncompressed_bytes, p.after.uncompressed_bytes)),
        unknown(&p.after)
    );
    if p.steps.is_empty() {
        let _ = writeln!(out, "\nNothing to optimize with the chosen techniques.");
    }
    for n in notes {
        let _ = writeln!(out, "note: {n}");
    }
    if p.after.unknown_parts > 0 || p.before.unknown_parts > 0 {
        let _ = writeln!(out, "note: parts of unknown size (COPY without --context, COPY --from) are not in the figures");
    }
    for (k, s) in p.steps.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {}: {} [{}]", k + 1, s.technique.as_str(), s.title, s.applicability.as_str());
        let _ = writeln!(out, "   {}", s.explanation);
        for c in &s.caveats {
            let _ = writeln!(out, "   caveat: {c}");
        }
        for a in &s.alternatives {
            let _ = writeln!(
                out,
                "   also: {} ({} compressed, {} uncompressed){}{}",
                a.reference,
                mb(a.compressed_bytes),
                mb(a.uncompressed_bytes),
                if a.usable { "" } else { ", not usable as is" },
                if a.caveats.is_empty() { String::new() } else { format!(": {}", a.caveats.join("; ")) }
            );
        }
    }
    if !diff.is_empty() {
        let _ = writeln!(out, "\n{diff}");
    }
    let _ = writeln!(out, "=== {name} (optimized)");
    out.push_str(&p.dockerfile);
    if !p.dockerfile.ends_with('\n') {
        out.push('\n');
    }
    if let Some(i) = &p.dockerignore {
        let _ = writeln!(out, "=== {ignore_name} (optimized)");
        out.push_str(i);
        if !i.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// A unified diff (3 lines of context) of two texts with `a/`, `b/` names
/// (as `slimfile fix --diff`), empty when they are equal.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    slimfile::diff::unified_diff(old, new, &format!("a/{name}"), &format!("b/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_options() {
        let a = parse_args(&args("--only base,run --context ctx --format=json --cache-mounts Dockerfile")).unwrap();
        assert_eq!(a.only, vec![Technique::Base, Technique::Run]);
        assert_eq!(a.context.as_deref(), Some("ctx"));
        assert_eq!(a.format, Format::Json);
        assert!(a.cache_mounts);
        assert_eq!(a.file, "Dockerfile");
        assert!(parse_args(&args("--only bogus F")).is_err());
        assert!(parse_args(&args("--format sarif F")).is_err());
        assert!(parse_args(&args("A B")).is_err());
        assert!(parse_args(&args("")).is_err());
    }

    #[test]
    fn diff_names_both_sides() {
        assert_eq!(unified_diff("a\n", "a\n", "f"), "");
        let d = unified_diff("", "n\n", ".dockerignore");
        assert!(d.starts_with("--- a/.dockerignore\n+++ b/.dockerignore\n@@ -0,0 +1 @@\n+n\n"), "{d}");
    }
}
