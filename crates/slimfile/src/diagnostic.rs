//! Diagnostics: what the parser (and later the rules) report about a text.

use crate::fix::Fix;
use crate::TextRange;

/// How serious a finding is. Ordered from most to least severe, matching
/// hadolint's levels (error, warning, info, style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "style" => Some(Severity::Style),
            _ => None,
        }
    }
}

/// One finding with an exact byte range into the analysed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `parse/unterminated-heredoc` or `DL3008`.
    pub code: String,
    pub severity: Severity,
    pub range: TextRange,
    /// What is wrong.
    pub message: String,
    /// Why it matters (shown under the message).
    pub note: Option<String>,
    /// What to do, when the remedy is known (even without an automatic fix).
    pub fix_title: Option<String>,
    /// An automatic fix.
    pub fix: Option<Fix>,
    /// What the finding costs in image size: the estimated size of the
    /// target image as written minus the same with the fix applied (set by
    /// [`crate::analyze`] for fixes that change the estimate).
    pub cost: Option<Cost>,
}

/// An estimated image-size cost, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    /// Compressed (what a pull transfers).
    pub compressed_bytes: u64,
    /// Uncompressed (what the image takes on disk).
    pub uncompressed_bytes: u64,
}

impl Diagnostic {
    pub fn new(code: &str, severity: Severity, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity,
            range,
            message: message.into(),
            note: None,
            fix_title: None,
            fix: None,
            cost: None,
        }
    }
    pub fn error(code: &str, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(code, Severity::Error, range, message)
    }
    pub fn warning(code: &str, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(code, Severity::Warning, range, message)
    }
}
