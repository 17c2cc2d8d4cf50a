//! The fix engine: applies every fix of the chosen applicability, then
//! re-analyses and repeats until nothing changes (at most [`MAX_ROUNDS`]).
//!
//! A rewrite must never break a file: a round whose output has a new
//! error-level finding (a parse error, or a rule at error level) or loses a
//! comment line is not kept; the engine then tries the round's fixes one by
//! one, keeps those that pass alone, and drops the others. The same
//! [`fix_all`] serves `slimfile fix` and the web app; it is pure (text in,
//! text out) and skips the size estimate that [`crate::analyze`] attaches.

use std::collections::{HashMap, HashSet};

use crate::analysis::Input;
use crate::fix::{apply_edits, Applicability, Edit, Fix};
use crate::{Diagnostic, Severity};

/// The most analyse-and-fix rounds [`fix_all`] runs.
pub const MAX_ROUNDS: usize = 10;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixMode {
    /// Only safe fixes (the image behaves the same).
    Safe,
    /// Safe and unsafe fixes (never display-only ones).
    Unsafe,
}

impl FixMode {
    pub fn allows(self, a: Applicability) -> bool {
        match a {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixMode::Unsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// A fix the engine applied (or dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    /// The finding's code (`DL3009`).
    pub code: String,
    pub title: String,
    pub applicability: Applicability,
    /// The round (1-based) in which it was applied or dropped.
    pub round: usize,
}

/// What [`fix_all`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed Dockerfile (the input unchanged when nothing applied).
    pub text: String,
    /// Every fix applied, in order.
    pub applied: Vec<AppliedFix>,
    /// Fixes dropped because their output had a new error-level finding or
    /// lost a comment line.
    pub rejected: Vec<AppliedFix>,
    /// Rounds that changed the text.
    pub iterations: usize,
    /// Whether the last analysis found no more applicable fix (false only
    /// when [`MAX_ROUNDS`] was reached).
    pub converged: bool,
    /// The findings of the fixed text (no size costs attached).
    pub remaining: Vec<Diagnostic>,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// The Dockerfile findings of `text` (parse diagnostics and rules), without
/// size costs.
fn findings(text: &str, ignore: Option<&crate::dockerignore::DockerIgnore>, config: &crate::lint::Config) -> Vec<Diagnostic> {
    let df = crate::parse(text);
    let mut out: Vec<Diagnostic> = df.diagnostics.clone();
    let ctx = crate::lint::Context::new(&df, ignore, config);
    out.extend(crate::lint::run(&ctx).into_iter().map(|f| f.diagnostic));
    crate::sort::sort_by_key(&mut out, |d| (d.range.start, d.range.end));
    out
}

/// The Dockerfile findings of `input` as [`crate::analyze`] reports them,
/// without the size costs (cheaper: no estimate per fix).
pub fn findings_of(input: &Input) -> Vec<Diagnostic> {
    let default_config = crate::lint::Config::default();
    let ignore = input.dockerignore.map(crate::dockerignore::DockerIgnore::parse);
    findings(input.dockerfile, ignore.as_ref(), input.config.unwrap_or(&default_config))
}

/// Error-level findings counted by code.
fn errors(ds: &[Diagnostic]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for d in ds.iter().filter(|d| d.severity == Severity::Error) {
        *m.entry(d.code.as_str()).or_insert(0) += 1;
    }
    m
}

/// The comment lines of a text (trimmed), with their counts.
fn comment_lines(text: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for l in text.lines().map(str::trim).filter(|l| l.starts_with('#')) {
        *m.entry(l).or_insert(0) += 1;
    }
    m
}

/// Whether `after` keeps `before`'s standing: no error-level finding more of
/// any code, no comment line lost.
fn keeps(before_errors: &HashMap<&str, usize>, before_comments: &HashMap<&str, usize>, after: &str, after_ds: &[Diagnostic]) -> bool {
    let errs = errors(after_ds);
    if errs.iter().any(|(code, n)| before_errors.get(code).copied().unwrap_or(0) < *n) {
        return false;
    }
    let comments = comment_lines(after);
    before_comments.iter().all(|(l, n)| comments.get(l).copied().unwrap_or(0) >= *n)
}

/// Two edits conflict when their ranges overlap, or both insert at the same
/// point (their order would be arbitrary).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let (x, y) = (a.range, b.range);
    if x.start == x.end && y.start == y.end {
        return x.start == y.start;
    }
    if x.start == x.end {
        return y.start < x.start && x.start < y.end;
    }
    if y.start == y.end {
        return x.start < y.start && y.start < x.end;
    }
    x.start < y.end && y.start < x.end
}

type FixIdentity = (String, String, Vec<(String, String)>);

/// A fix's identity independent of where it sits: its code, title and each
/// edit's old text and replacement (to remember a dropped fix across rounds).
fn identity(code: &str, fix: &Fix, text: &str) -> FixIdentity {
    let edits = fix.edits.iter().map(|e| (e.range.slice(text).to_string(), e.replacement.clone())).collect();
    (code.to_string(), fix.title.clone(), edits)
}

/// Applies one finding's fix to `input`'s Dockerfile when the result keeps
/// the file sound (no new error-level finding, no comment line lost);
/// `None` when the fix does not apply or would break the file. The web app's
/// "apply this fix" button calls it.
pub fn apply_one(input: &Input, fix: &Fix) -> Option<String> {
    let default_config = crate::lint::Config::default();
    let config = input.config.unwrap_or(&default_config);
    let ignore = input.dockerignore.map(crate::dockerignore::DockerIgnore::parse);
    let before = findings(input.dockerfile, ignore.as_ref(), config);
    let after = fix.apply(input.dockerfile)?;
    let after_ds = findings(&after, ignore.as_ref(), config);
    keeps(&errors(&before), &comment_lines(input.dockerfile), &after, &after_ds).then_some(after)
}

/// Applies every fix `mode` allows, re-analysing and repeating until no
/// fix is left (at most [`MAX_ROUNDS`] rounds). Idempotent: running it on
/// its own output changes nothing (unless the bound was hit). Never panics.
///
/// ```
/// use slimfile::fixer::{fix_all, FixMode};
/// let src = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n";
/// let out = fix_all(&slimfile::Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Safe);
/// assert_eq!(out.text, "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
/// // `--no-install-recommends` (DL3015) is unsafe: it may drop a package the program needs.
/// let out = fix_all(&slimfile::Input { dockerfile: src, dockerignore: None, config: None }, FixMode::Unsafe);
/// assert!(out.text.contains("apt-get install --no-install-recommends -y curl"));
/// ```
pub fn fix_all(input: &Input, mode: FixMode) -> FixOutcome {
    let default_config = crate::lint::Config::default();
    let config = input.config.unwrap_or(&default_config);
    let ignore = input.dockerignore.map(crate::dockerignore::DockerIgnore::parse);
    fix_rounds(input.dockerfile, mode, &|t: &str| findings(t, ignore.as_ref(), config))
}

/// The engine of [`fix_all`], over any analysis (`analyse`: text → its
/// findings, sorted by position).
fn fix_rounds(source: &str, mode: FixMode, analyse: &dyn Fn(&str) -> Vec<Diagnostic>) -> FixOutcome {
    let original_comments = comment_lines(source);
    let mut text = source.to_string();
    let mut ds = analyse(&text);
    let mut applied = Vec::new();
    let mut rejected = Vec::new();
    let mut dropped: HashSet<FixIdentity> = HashSet::new();
    let mut iterations = 0;
    let mut converged = false;
    for round in 1..=MAX_ROUNDS {
        // Candidates: fixes with more edits first (a fix that moves a
        // command wins over one that only appends the same text), then in
        // source order; first come first served.
        let mut order: Vec<&Diagnostic> = ds.iter().collect();
        crate::sort::sort_by_key(&mut order, |d| std::cmp::Reverse(d.fix.as_ref().map_or(0, |f| f.edits.len())));
        let mut chosen: Vec<(&Diagnostic, &Fix)> = Vec::new();
        let mut taken: Vec<&Edit> = Vec::new();
        for d in order {
            let Some(fix) = &d.fix else { continue };
            if !mode.allows(fix.applicability) || fix.edits.is_empty() || dropped.contains(&identity(&d.code, fix, &text)) {
                continue;
            }
            if chosen.iter().any(|(_, f)| f.edits == fix.edits) {
                continue;
            }
            if fix.edits.iter().any(|e| taken.iter().any(|t| conflicts(e, t))) || apply_edits(&text, &fix.edits).is_none() {
                continue;
            }
            taken.extend(fix.edits.iter());
            chosen.push((d, fix));
        }
        if chosen.is_empty() {
            converged = true;
            break;
        }
        let base_errors = errors(&ds);
        let all_edits: Vec<Edit> = chosen.iter().flat_map(|(_, f)| f.edits.iter().cloned()).collect();
        let mut next = apply_edits(&text, &all_edits).and_then(|t| {
            let nds = analyse(&t);
            keeps(&base_errors, &original_comments, &t, &nds).then_some((t, nds))
        });
        let mut kept: Vec<(&Diagnostic, &Fix)> = chosen.clone();
        if next.is_none() {
            // Some fix breaks the file: keep those that pass alone.
            kept.clear();
            for (d, fix) in &chosen {
                let ok = fix.apply(&text).is_some_and(|t| {
                    let nds = analyse(&t);
                    keeps(&base_errors, &original_comments, &t, &nds)
                });
                if ok {
                    kept.push((d, fix));
                } else {
                    dropped.insert(identity(&d.code, fix, &text));
                    rejected.push(AppliedFix {
                        code: d.code.clone(),
                        title: fix.title.clone(),
                        applicability: fix.applicability,
                        round,
                    });
                }
            }
            let edits: Vec<Edit> = kept.iter().flat_map(|(_, f)| f.edits.iter().cloned()).collect();
            next = apply_edits(&text, &edits).and_then(|t| {
                let nds = analyse(&t);
                keeps(&base_errors, &original_comments, &t, &nds).then_some((t, nds))
            });
            if next.is_none() {
                // Together they still break it: take the first alone.
                kept.truncate(1);
                next = kept.first().and_then(|(_, f)| f.apply(&text)).map(|t| {
                    let nds = analyse(&t);
                    (t, nds)
                });
            }
        }
        let Some((new_text, new_ds)) = next else { continue };
        if kept.is_empty() || new_text == text {
            // Every fix of the round was dropped: the next round tries the
            // candidates they had shadowed.
            continue;
        }
        applied.extend(kept.iter().map(|(d, f)| AppliedFix {
            code: d.code.clone(),
            title: f.title.clone(),
            applicability: f.applicability,
            round,
        }));
        iterations += 1;
        text = new_text;
        ds = new_ds;
    }
    if !converged {
        // The bound was hit: say whether anything is left to apply.
        converged = !ds.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability) && !dropped.contains(&identity(&d.code, f, &text)))
        });
    }
    FixOutcome { text, applied, rejected, iterations, converged, remaining: ds }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextRange;

    fn run(src: &str, mode: FixMode) -> FixOutcome {
        fix_all(&Input { dockerfile: src, dockerignore: None, config: None }, mode)
    }

    #[test]
    fn applies_safe_fixes_and_is_idempotent() {
        let src = "FROM alpine:3.20\nMAINTAINER me\nRUN apk add curl\n";
        let out = run(src, FixMode::Safe);
        assert_eq!(out.text, "FROM alpine:3.20\nLABEL maintainer=\"me\"\nRUN apk add --no-cache curl\n");
        let codes: Vec<&str> = out.applied.iter().map(|a| a.code.as_str()).collect();
        assert!(codes.contains(&"DL4000") && codes.contains(&"DL3019"), "{codes:?}");
        assert!(out.converged);
        let again = run(&out.text, FixMode::Safe);
        assert_eq!(again.text, out.text);
        assert!(again.applied.is_empty());
        assert_eq!(again.iterations, 0);
    }

    #[test]
    fn unsafe_mode_applies_more() {
        let src = "FROM node:20\nENTRYPOINT node server.js\n";
        assert_eq!(run(src, FixMode::Safe).text, src);
        let out = run(src, FixMode::Unsafe);
        assert!(out.text.ends_with("\nENTRYPOINT [\"node\", \"server.js\"]\n"), "{}", out.text);
        assert!(out.applied.iter().all(|a| a.applicability != Applicability::DisplayOnly));
    }

    #[test]
    fn ignored_rules_are_not_fixed() {
        let src = "FROM alpine:3.20\nRUN apk add curl\n";
        let mut config = crate::lint::Config::default();
        config.ignored.push("DL3019".to_string());
        let out = fix_all(&Input { dockerfile: src, dockerignore: None, config: Some(&config) }, FixMode::Safe);
        assert_eq!(out.text, src);
    }

    #[test]
    fn conflicting_edits() {
        let e = |s, t| Edit::replace(TextRange::new(s, t), "x");
        assert!(conflicts(&e(0, 3), &e(2, 4)));
        assert!(!conflicts(&e(0, 2), &e(2, 4)));
        assert!(conflicts(&e(3, 3), &e(3, 3)));
        assert!(!conflicts(&e(2, 2), &e(2, 4)));
        assert!(conflicts(&e(3, 3), &e(2, 4)));
    }

    /// A fake analysis: every `x` line has a safe fix to `y` and every `y`
    /// line a safe fix to `z`; a `BAD` line is an error, and the `b` line's
    /// fix writes one. The engine must apply the chain, drop the bad fix and
    /// keep the others.
    fn fake(text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let l = line.trim_end();
            let r = TextRange::new(at, at + l.len());
            let fixed = match l {
                "x" => Some(("to y", "y")),
                "y" => Some(("to z", "z")),
                "b" => Some(("breaks", "BAD")),
                _ => None,
            };
            if l == "BAD" {
                out.push(Diagnostic::error("fake/bad", r, "bad"));
            }
            if let Some((title, to)) = fixed {
                let mut d = Diagnostic::warning("fake/fix", r, title);
                d.fix = Some(Fix::safe(title, vec![Edit::replace(r, to)]));
                out.push(d);
            }
            at += line.len();
        }
        out
    }

    #[test]
    fn rounds_chain_fixes_and_drop_the_breaking_one() {
        let out = fix_rounds("x\nb\nx\n", FixMode::Safe, &fake);
        assert_eq!(out.text, "z\nb\nz\n");
        assert_eq!(out.iterations, 2);
        assert_eq!(out.applied.len(), 4);
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].title, "breaks");
        assert!(out.converged);
        assert_eq!(fix_rounds(&out.text, FixMode::Safe, &fake).text, out.text);
    }

    #[test]
    fn a_fix_that_breaks_the_file_is_dropped() {
        // The comment check: a fix deleting a comment line is refused.
        let src = "FROM alpine:3.20\n# keep me\nRUN true\n";
        let start = src.find("# keep").unwrap();
        let fix = Fix::safe("drop", vec![Edit::delete(TextRange::new(start, start + 10))]);
        assert_eq!(apply_one(&Input { dockerfile: src, dockerignore: None, config: None }, &fix), None);
        // A fix adding a parse error is refused; a harmless one is not.
        let bad = Fix::safe("break", vec![Edit::insert(src.len(), "RUN <<EOF\n")]);
        assert_eq!(apply_one(&Input { dockerfile: src, dockerignore: None, config: None }, &bad), None);
        let good = Fix::safe("ok", vec![Edit::insert(src.len(), "USER app\n")]);
        assert!(apply_one(&Input { dockerfile: src, dockerignore: None, config: None }, &good).is_some());
    }
}
