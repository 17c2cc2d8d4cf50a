//! What the page shows of the core's answer: plain rows with positions
//! already converted for the browser. The analysis itself is the core's
//! ([`slimfile::analyze`], the same call `slimfile check` makes); this module
//! only reshapes it.

use std::rc::Rc;

use crate::position::{LineCol, PositionMap, Utf16Range};
use slimfile::fix::{Applicability, Edit};
use slimfile::{Cost, Diagnostic, Dockerfile, FileKind, Keyword, LineIndex, Severity, TextRange};

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

/// A finding's automatic fix, with edits into the analysed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixRow {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One problem the core found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticRow {
    /// Which file (and so which editor tab) it is about.
    pub file: FileKind,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// Why it matters.
    pub note: Option<String>,
    /// What to do, when known (even without an automatic fix).
    pub fix_title: Option<String>,
    pub fix: Option<FixRow>,
    /// The estimated image-size saving of the fix.
    pub cost: Option<Cost>,
    /// The byte range in its file.
    pub range: TextRange,
    /// Where the problem starts and ends, 1-based.
    pub at: LineCol,
    pub end: LineCol,
    /// The problem's range in the textarea.
    pub selection: Utf16Range,
}

impl DiagnosticRow {
    /// Whether the fix may be applied (display-only fixes are only shown).
    pub fn applicable_fix(&self) -> Option<&FixRow> {
        self.fix.as_ref().filter(|f| f.applicability != Applicability::DisplayOnly)
    }
}

/// Everything the page shows about one pair of texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The texts this analysis is of.
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
    pub instructions: Vec<InstructionRow>,
    /// Dockerfile findings first, then .dockerignore ones; each sorted by
    /// position, then by severity (most severe first).
    pub diagnostics: Vec<DiagnosticRow>,
}

/// The core's input for the page's two texts: an empty .dockerignore is
/// treated as none (as the CLI does when the file does not exist).
pub fn run(dockerfile: &str, dockerignore: &str) -> slimfile::Report {
    run_with(dockerfile, dockerignore, None)
}

/// [`run`] with the settings' lint config.
pub fn run_with(dockerfile: &str, dockerignore: &str, config: Option<&slimfile::lint::Config>) -> slimfile::Report {
    let ignore = (!dockerignore.trim().is_empty()).then_some(dockerignore);
    slimfile::analyze(&slimfile::Input { dockerfile, dockerignore: ignore, config })
}

impl Analysis {
    /// Runs the core on a Dockerfile alone.
    pub fn of(text: &str) -> Analysis {
        Analysis::of_pair(text, "")
    }

    /// Runs the core on a Dockerfile and its .dockerignore.
    pub fn of_pair(dockerfile: &str, dockerignore: &str) -> Analysis {
        Analysis::of_config(dockerfile, dockerignore, None)
    }

    /// [`Analysis::of_pair`] with a lint config (the settings).
    pub fn of_config(dockerfile: &str, dockerignore: &str, config: Option<&slimfile::lint::Config>) -> Analysis {
        let report = run_with(dockerfile, dockerignore, config);
        let mut a = Analysis::build(&report.dockerfile, report.findings.iter().map(|f| (f.file, &f.diagnostic)), dockerignore);
        a.dockerfile = dockerfile.into();
        a.dockerignore = dockerignore.into();
        a
    }

    /// Reshapes a parsed Dockerfile and its parse diagnostics for display.
    pub fn from_dockerfile(df: &Dockerfile) -> Analysis {
        let mut a = Analysis::build(df, df.diagnostics.iter().map(|d| (FileKind::Dockerfile, d)), "");
        a.dockerfile = df.source.as_str().into();
        a
    }

    fn build<'d>(df: &Dockerfile, found: impl Iterator<Item = (FileKind, &'d Diagnostic)>, dockerignore: &str) -> Analysis {
        let map = PositionMap::new(&df.source, &df.line_index);
        let ignore_lines = LineIndex::new(dockerignore);
        let ignore_map = PositionMap::new(dockerignore, &ignore_lines);
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
        let mut diagnostics: Vec<DiagnosticRow> = found
            .map(|(file, d)| {
                let map = if file == FileKind::Dockerfile { &map } else { &ignore_map };
                DiagnosticRow {
                    file,
                    severity: d.severity,
                    code: d.code.clone(),
                    message: d.message.clone(),
                    note: d.note.clone(),
                    fix_title: d.fix_title.clone(),
                    fix: d.fix.as_ref().map(|f| FixRow { title: f.title.clone(), applicability: f.applicability, edits: f.edits.clone() }),
                    cost: d.cost,
                    range: d.range,
                    at: map.line_col(d.range.start),
                    end: map.line_col(d.range.end),
                    selection: map.utf16_range(d.range),
                }
            })
            .collect();
        // A stable sort keeps the core's order among equal positions.
        slimfile::sort::sort_by_key(&mut diagnostics, |row| (row.file as u8, row.range.start, row.severity));
        Analysis { dockerfile: Rc::from(""), dockerignore: Rc::from(""), instructions, diagnostics }
    }

    /// True when the core reported nothing.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Indexes of the findings with a safe fix.
    pub fn safe_fixes(&self) -> impl Iterator<Item = usize> + '_ {
        self.diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
            .map(|(i, _)| i)
    }
}

/// "17.9 MB" (decimal units, as registries show image sizes).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{} {}", slimfile::numfmt::fixed(value, 0), UNITS[unit])
    } else {
        format!("{} {}", slimfile::numfmt::fixed(value, 1), UNITS[unit])
    }
}

/// "about 17.9 MB compressed (pull), 19.9 MB on disk".
pub fn describe_cost(cost: &Cost) -> String {
    format!(
        "about {} compressed (pull), {} on disk",
        format_bytes(cost.compressed_bytes),
        format_bytes(cost.uncompressed_bytes)
    )
}

/// The findings as a Markdown list (for pasting into an issue or a review).
pub fn findings_markdown(a: &Analysis) -> String {
    let mut out = format!("### slimfile v{}: {} findings\n\n", slimfile::VERSION, a.diagnostics.len());
    if a.diagnostics.is_empty() {
        out.push_str("No problems found.\n");
    }
    for d in &a.diagnostics {
        let file = match d.file {
            FileKind::Dockerfile => "Dockerfile",
            FileKind::Dockerignore => ".dockerignore",
        };
        out.push_str(&format!("- **{}** `{}` {}:{}:{}: {}", d.severity.as_str(), d.code, file, d.at.line, d.at.column, d.message));
        if let Some(cost) = &d.cost {
            out.push_str(&format!(" (costs {})", describe_cost(cost)));
        }
        out.push('\n');
    }
    // A fence longer than any run of backticks in the text: a Dockerfile
    // with ``` in it cannot close the block and inject Markdown after it.
    let longest = a.dockerfile.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push_str(&format!("\n<details><summary>Dockerfile</summary>\n\n{fence}dockerfile\n"));
    out.push_str(&a.dockerfile);
    if !a.dockerfile.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{fence}\n</details>\n"));
    out
}
