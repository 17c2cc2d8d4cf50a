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
    findings.sort_by_key(|f| (f.file as u8, f.diagnostic.range.start, f.diagnostic.range.end));
    Report { dockerfile, findings }
}
