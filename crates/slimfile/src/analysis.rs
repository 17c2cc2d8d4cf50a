//! One entry point for everything the shells show: the CLI's `check` and the
//! web app call [`analyze`], so that both always give the same answer.

use crate::{Diagnostic, Dockerfile, Severity};

/// What to analyse: a Dockerfile and, optionally, the `.dockerignore` that
/// applies to its build context.
#[derive(Clone, Debug, Default)]
pub struct Input<'a> {
    pub dockerfile: &'a str,
    pub dockerignore: Option<&'a str>,
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
pub fn analyze(input: &Input) -> Report {
    let dockerfile = crate::parse(input.dockerfile);
    let mut findings: Vec<Finding> = dockerfile
        .diagnostics
        .iter()
        .map(|d| Finding { file: FileKind::Dockerfile, diagnostic: d.clone(), aliases: Vec::new() })
        .collect();
    findings.sort_by_key(|f| (f.file as u8, f.diagnostic.range.start, f.diagnostic.range.end));
    Report { dockerfile, findings }
}
