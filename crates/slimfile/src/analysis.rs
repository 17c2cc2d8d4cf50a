//! One entry point for everything the shells show: the CLI's `check` and the
//! web app call [`analyze`], so that both always give the same answer.

use crate::ast::{Args, Instruction, Keyword};
use crate::estimate::Estimate;
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

/// The instructions the estimate reads: it sizes the target's base (FROM,
/// with ARG values), RUN, COPY and ADD layers, and reads ENV (pip's cache
/// setting, and the values of `$VAR` words in RUN). Every other instruction
/// (CMD, LABEL, MAINTAINER, EXPOSE, SHELL, USER, WORKDIR, ...) adds a 0-byte
/// layer. ONBUILD is kept: its ARG/ENV can reach the scope.
/// `tests/cost_skip.rs` checks this list against the estimator on the corpus.
const SIZE_KEYWORDS: [Keyword; 7] =
    [Keyword::From, Keyword::Arg, Keyword::Env, Keyword::Run, Keyword::Copy, Keyword::Add, Keyword::Onbuild];

/// Whether two instructions are the same for the estimate: keyword, flags,
/// arguments and heredocs by value (positions and spelling of the keyword
/// aside).
fn same_for_estimate(a: &Instruction, b: &Instruction) -> bool {
    fn words_eq(a: &[crate::ast::Word], b: &[crate::ast::Word]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value == y.value)
    }
    // `FROM image AS name`: the `AS` is case-insensitive (`semantic`).
    fn from_eq(a: &[crate::ast::Word], b: &[crate::ast::Word]) -> bool {
        let as_kw = |w: &[crate::ast::Word]| w.len() >= 3 && w[1].value.eq_ignore_ascii_case("as");
        if as_kw(a) && as_kw(b) {
            a[0].value == b[0].value && words_eq(&a[2..], &b[2..])
        } else {
            words_eq(a, b)
        }
    }
    fn args_eq(keyword: Keyword, a: &Args, b: &Args) -> bool {
        match (a, b) {
            (Args::None, Args::None) | (Args::OnBuild, Args::OnBuild) => true,
            (Args::List(x), Args::List(y)) if keyword == Keyword::From => from_eq(x, y),
            (Args::Exec(x), Args::Exec(y)) | (Args::List(x), Args::List(y)) => words_eq(x, y),
            (Args::Shell(x), Args::Shell(y)) | (Args::Text(x), Args::Text(y)) => x.value == y.value,
            (Args::KeyValues(x), Args::KeyValues(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.key.value == q.key.value && p.value.value == q.value.value)
            }
            // HEALTHCHECK is not a size keyword: compared conservatively.
            _ => false,
        }
    }
    let one = |a: &Instruction, b: &Instruction| {
        a.keyword == b.keyword
            && a.flags.len() == b.flags.len()
            && a.flags.iter().zip(&b.flags).all(|(f, g)| f.name == g.name && f.value == g.value)
            && args_eq(a.keyword, &a.args, &b.args)
            && a.heredocs.len() == b.heredocs.len()
            && a.heredocs.iter().zip(&b.heredocs).all(|(h, k)| {
                h.name == k.name && h.fd == k.fd && h.expand == k.expand && h.chomp == k.chomp && h.content == k.content
            })
    };
    // ONBUILD wraps one instruction (BuildKit refuses ONBUILD ONBUILD).
    one(a, b)
        && match (&a.onbuild, &b.onbuild) {
            (None, None) => true,
            (Some(x), Some(y)) => one(x, y),
            _ => false,
        }
}

/// Whether the estimate of `after` may differ from that of `before`: false
/// when both have the same escape character and the same instructions of
/// [`SIZE_KEYWORDS`], in order, compared by [`same_for_estimate`] (a fix
/// that only edits metadata instructions, rewrites `ENV a b` as `ENV a=b`
/// without changing the value, changes `as` to `AS`, ...).
#[doc(hidden)]
pub fn estimate_may_differ(before: &Dockerfile, after: &Dockerfile) -> bool {
    fn sized(df: &Dockerfile) -> impl Iterator<Item = &Instruction> {
        df.instructions.iter().filter(|i| SIZE_KEYWORDS.contains(&i.keyword))
    }
    if before.escape != after.escape {
        return true;
    }
    let (mut a, mut b) = (sized(before), sized(after));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return false,
            (Some(x), Some(y)) if same_for_estimate(x, y) => {}
            _ => return true,
        }
    }
}

/// The cost of one finding's fix, against the estimate as written
/// (`before`, computed at most once per analysis).
fn fix_cost(
    ctx: &crate::lint::Context,
    before: &mut Option<Estimate>,
    fixed: &str,
) -> Option<crate::diagnostic::Cost> {
    let fixed_df = crate::parse(fixed);
    if !estimate_may_differ(ctx.df, &fixed_df) {
        return None; // the same estimate: no saving
    }
    let before = before.get_or_insert_with(|| crate::estimate::estimate_in(ctx, None, None));
    let after = crate::estimate::estimate_edited(ctx, &fixed_df, None);
    if after.final_.unknown_parts != before.final_.unknown_parts {
        return None;
    }
    let compressed = before.final_.compressed_bytes.saturating_sub(after.final_.compressed_bytes);
    let uncompressed = before.final_.uncompressed_bytes.saturating_sub(after.final_.uncompressed_bytes);
    (compressed > 0 || uncompressed > 0)
        .then_some(crate::diagnostic::Cost { compressed_bytes: compressed, uncompressed_bytes: uncompressed })
}

/// Sets each fixable finding's cost: the estimated target image as written
/// minus the same with that fix applied, when the fix makes it smaller and
/// every part of both estimates compared is known. A fix that leaves every
/// instruction the estimate reads as it was costs nothing and is not
/// estimated ([`estimate_may_differ`]), nor is the fix of a rule marked
/// `fix_keeps_size`; both still count towards
/// `MAX_COSTED_FIXES`, so which findings get a cost does not depend on it.
/// Then sets the cost of size findings that have no fix where the estimator
/// can give one directly (`estimate::direct_cost`: SF1015's build packages
/// and SDK base, SF1009's apk build dependencies). Both share one estimate of the file as written.
fn attach_costs(ctx: &crate::lint::Context, findings: &mut [Finding]) {
    if ctx.df.source.len() > MAX_COSTED_SOURCE {
        return;
    }
    let mut before: Option<Estimate> = None;
    let mut costed = 0;
    for f in findings.iter_mut().filter(|f| f.file == FileKind::Dockerfile) {
        if costed == MAX_COSTED_FIXES {
            break;
        }
        let Some(fix) = &f.diagnostic.fix else { continue };
        let Some(fixed) = fix.apply(&ctx.df.source) else { continue };
        costed += 1;
        let code = f.diagnostic.code.as_str();
        if crate::rules::all().iter().any(|r| r.code == code && r.fix_keeps_size) {
            continue;
        }
        f.diagnostic.cost = fix_cost(ctx, &mut before, &fixed);
    }
    let wanted = |f: &Finding| {
        f.file == FileKind::Dockerfile && f.diagnostic.cost.is_none() && crate::estimate::has_direct_cost(&f.diagnostic.code)
    };
    for f in findings.iter_mut().filter(|f| wanted(f)).take(MAX_COSTED_FIXES) {
        let before = before.get_or_insert_with(|| crate::estimate::estimate_in(ctx, None, None));
        f.diagnostic.cost = crate::estimate::direct_cost(ctx, before, &f.diagnostic);
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
    crate::sort::sort_by_key(&mut findings, |f| (f.file as u8, f.diagnostic.range.start, f.diagnostic.range.end));
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
