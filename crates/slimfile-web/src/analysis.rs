//! What the page shows of the core's answer: plain rows with positions
//! already converted for the browser. The analysis itself is the core's
//! ([`slimfile::analyze`], the same call `slimfile check` makes); this module
//! only reshapes it.

use crate::position::{LineCol, PositionMap, Utf16Range};
use slimfile::{Diagnostic, Dockerfile, Keyword, Severity};

/// One instruction of the Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionRow {
    /// Upper-case keyword; for an unknown instruction, what was written.
    pub keyword: String,
    pub known: bool,
    /// 1-based first and last line.
    pub start_line: usize,
    pub end_line: usize,
    /// The keyword's place in the textarea.
    pub selection: Utf16Range,
}

/// One problem the core found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticRow {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// Where the problem starts, 1-based.
    pub at: LineCol,
    /// The problem's range in the textarea.
    pub selection: Utf16Range,
}

/// Everything the page shows about one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub instructions: Vec<InstructionRow>,
    /// Sorted by position, then by severity (most severe first).
    pub diagnostics: Vec<DiagnosticRow>,
}

impl Analysis {
    /// Runs the core on `text`.
    pub fn of(text: &str) -> Analysis {
        let report = slimfile::analyze(&slimfile::Input { dockerfile: text, dockerignore: None, config: None });
        let diagnostics: Vec<&Diagnostic> = report.findings.iter().map(|f| &f.diagnostic).collect();
        Analysis::build(&report.dockerfile, &diagnostics)
    }

    /// Reshapes a parsed Dockerfile and its parse diagnostics for display.
    pub fn from_dockerfile(df: &Dockerfile) -> Analysis {
        let diagnostics: Vec<&Diagnostic> = df.diagnostics.iter().collect();
        Analysis::build(df, &diagnostics)
    }

    fn build(df: &Dockerfile, found: &[&Diagnostic]) -> Analysis {
        let map = PositionMap::new(&df.source, &df.line_index);
        let instructions = df
            .instructions
            .iter()
            .map(|i| InstructionRow {
                keyword: match i.keyword {
                    Keyword::Unknown => i.keyword_text.clone(),
                    k => k.as_str().to_string(),
                },
                known: i.keyword != Keyword::Unknown,
                start_line: i.start_line,
                end_line: i.end_line,
                selection: map.utf16_range(i.keyword_range),
            })
            .collect();
        let mut diagnostics: Vec<(usize, DiagnosticRow)> = found
            .iter()
            .map(|d| {
                let row = DiagnosticRow {
                    severity: d.severity,
                    code: d.code.clone(),
                    message: d.message.clone(),
                    at: map.line_col(d.range.start),
                    selection: map.utf16_range(d.range),
                };
                (d.range.start, row)
            })
            .collect();
        // A stable sort keeps the core's order among equal positions.
        diagnostics.sort_by_key(|(start, row)| (*start, row.severity));
        Analysis { instructions, diagnostics: diagnostics.into_iter().map(|(_, row)| row).collect() }
    }

    /// True when the core reported nothing.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}
