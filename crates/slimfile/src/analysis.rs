//! One entry point for everything the shells show: the CLI's `check` and the
//! web app call [`analyze`], so that both always give the same answer.

use crate::{Diagnostic, Dockerfile, Severity};

/// What to analyse: a Dockerfile and, optionally, the `.dockerignore` that
/// applies to its build context.
#[derive(Clone, Debug, Default)]
pub struct Input<'a> {
    pub dockerfile: &'a str,
    pub dockerignore: Option<&'a str>,
    /// Lint configuration (`.hadolint.yaml` keys); `None` is the default.
    pub config: Option<&'a crate::lint::Config>,
}

/// Which file of the input a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Dockerfile,
    Dockerignore,
}

/// A diagnostic with the file it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: FileKind,
    pub diagnostic: Diagnostic,
    /// Other tools' ids for the same check (hadolint DL codes, BuildKit
    /// check names); empty when there are none.
    pub aliases: Vec<String>,
}

/// Everything known about the input.
#[derive(Clone, Debug)]
pub struct Report {
    pub dockerfile: Dockerfile,
    /// Findings sorted by file, then position.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether any finding is at or above `threshold` (Error is the highest).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.diagnostic.severity <= threshold)
    }
}

/// Fixes whose saving is estimated, at most, per analysis; and the largest
/// file for which costs are estimated (each costs a parse and an estimate).
const MAX_COSTED_FIXES: usize = 32;
const MAX_COSTED_SOURCE: usize = 64 * 1024;

/// Sets each fixable finding's cost: the estimated target image as written
/// minus the same with that fix applied, when the fix makes it smaller and
/// every part of both estimates compared is known.
fn attach_costs(ctx: &crate::lint::Context, findings: &mut [Finding]) {
    let (df, ignore) = (ctx.df, ctx.dockerignore);
    if df.source.len() > MAX_COSTED_SOURCE || !findings.iter().any(|f| f.diagnostic.fix.is_some()) {
        return;
    }
    let before = crate::estimate::estimate_in(ctx, None, None);
    let mut costed = 0;
    for f in findings.iter_mut().filter(|f| f.file == FileKind::Dockerfile) {
        if costed == MAX_COSTED_FIXES {
            break;
        }
        let Some(fix) = &f.diagnostic.fix else { continue };
        let Some(fixed) = fix.apply(&df.source) else { continue };
        costed += 1;
        let after = crate::estimate::estimate(&crate::parse(&fixed), ignore, None, None);
        if after.final_.unknown_parts != before.final_.unknown_parts {
            continue;
        }
        let compressed = before.final_.compressed_bytes.saturating_sub(after.final_.compressed_bytes);
        let uncompressed = before.final_.uncompressed_bytes.saturating_sub(after.final_.uncompressed_bytes);
        if compressed > 0 || uncompressed > 0 {
            f.diagnostic.cost = Some(crate::diagnostic::Cost { compressed_bytes: compressed, uncompressed_bytes: uncompressed });
        }
    }
}

/// Sets the cost of size findings that have no fix where the estimator can
/// give one directly (`estimate::direct_cost`: SF1015's build packages and
/// SDK base).
fn attach_direct_costs(ctx: &crate::lint::Context, findings: &mut [Finding]) {
    let wanted = |f: &Finding| f.file == FileKind::Dockerfile && f.diagnostic.cost.is_none() && f.diagnostic.code == "SF1015";
    if ctx.df.source.len() > MAX_COSTED_SOURCE || !findings.iter().any(wanted) {
        return;
    }
    let before = crate::estimate::estimate_in(ctx, None, None);
    for f in findings.iter_mut().filter(|f| wanted(f)).take(MAX_COSTED_FIXES) {
        f.diagnostic.cost = crate::estimate::direct_cost(ctx, &before, &f.diagnostic);
    }
}

/// Analyses the input. Never panics.
///
/// ```
/// let report = slimfile::analyze(&slimfile::Input { dockerfile: "FORM alpine\n", dockerignore: Some("[z-a]\n"), config: None });
/// let codes: Vec<&str> = report.findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
/// assert_eq!(codes, ["parse/unknown-instruction", "dockerignore/bad-pattern"]);
/// ```
pub fn analyze(input: &Input) -> Report {
    let dockerfile = crate::parse(input.dockerfile);
    let mut findings: Vec<Finding> = dockerfile
        .diagnostics
        .iter()
        .map(|d| Finding { file: FileKind::Dockerfile, diagnostic: d.clone(), aliases: Vec::new() })
        .collect();
    let ignore = input.dockerignore.map(crate::dockerignore::DockerIgnore::parse);
    if let Some(ignore) = &ignore {
        findings.extend(ignore.diagnostics.iter().map(|d| {
            use crate::dockerignore::IgnoreDiagnosticKind as K;
            let (code, severity) = match d.kind {
                K::Rejected => ("dockerignore/rejected", Severity::Error),
                K::FailsWhenMatched => ("dockerignore/bad-pattern", Severity::Error),
                K::Approximated => ("dockerignore/approximated", Severity::Info),
            };
            Finding {
                file: FileKind::Dockerignore,
                diagnostic: Diagnostic::new(code, severity, d.range, d.message.clone()),
                aliases: Vec::new(),
            }
        }));
    }
    let default_config = crate::lint::Config::default();
    let config = input.config.unwrap_or(&default_config);
    let ctx = crate::lint::Context::new(&dockerfile, ignore.as_ref(), config);
    findings.extend(crate::lint::run(&ctx));
    attach_costs(&ctx, &mut findings);
    attach_direct_costs(&ctx, &mut findings);
    findings.sort_by_key(|f| (f.file as u8, f.diagnostic.range.start, f.diagnostic.range.end));
    Report { dockerfile, findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost_of(src: &str, code: &str) -> Option<crate::diagnostic::Cost> {
        let report = analyze(&Input { dockerfile: src, dockerignore: None, config: None });
        report.findings.iter().find(|f| f.diagnostic.code == code).and_then(|f| f.diagnostic.cost)
    }

    #[cfg(feature = "embedded-data")] // apt layers are unknown without the Debian tables
    #[test]
    fn size_findings_with_fixes_carry_the_estimated_saving() {
        let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl git\n";
        // The apt lists: about 20 MB on disk (Debian's lists, size-model notes).
        let lists = cost_of(src, "DL3009").expect("DL3009 has a cost");
        assert!((10_000_000..40_000_000).contains(&lists.uncompressed_bytes), "{lists:?}");
        // Recommends: the closure with recommends is larger than without.
        let recommends = cost_of(src, "DL3015").expect("DL3015 has a cost");
        assert!(recommends.compressed_bytes > 1_000_000, "{recommends:?}");
        // A finding without a fix gets no cost.
        assert_eq!(cost_of(src, "DL3008"), None);
    }

    #[test]
    fn no_cost_when_the_fix_changes_nothing_the_model_knows() {
        let src = "FROM alpine:3.20\nMAINTAINER someone\n";
        assert_eq!(cost_of(src, "DL4000"), None);
    }
}
