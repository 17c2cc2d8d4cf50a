//! The lint engine: rules, the context they read, suppression pragmas and
//! configuration. Rules live one per file under `crate::rules`.
//!
//! A rule is a static [`Rule`] declared with [`declare_rule!`]; its doc
//! comment is its documentation page (the same text drives `slimfile rule
//! CODE`, the web app's rule pages and the generated docs) and must follow the
//! template checked by `rules::tests`: *What it does*, *Why it matters*,
//! *Example*, *Use instead*, *Fix safety*, *Equivalents*.

pub mod config;
pub mod context;
#[doc(hidden)]
pub mod example_docs;
pub mod suppress;

use crate::analysis::{FileKind, Finding};
use crate::fix::Fix;
use crate::{Diagnostic, Severity, TextRange};
pub use config::Config;
pub use context::Context;
pub use example_docs::RuleExample;

/// Which family a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Checks hadolint has (same DL codes).
    Hadolint,
    /// Docker's own build checks (`docker build --check`).
    Buildkit,
    /// Image-size checks.
    Size,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Hadolint => "hadolint",
            Group::Buildkit => "buildkit",
            Group::Size => "size",
        }
    }
}

/// A lint rule.
pub struct Rule {
    /// The code users write in ignore pragmas and configs (`DL3008`,
    /// `StageNameCasing`, `SF1001`).
    pub code: &'static str,
    /// A stable kebab-case name.
    pub name: &'static str,
    /// Other tools' ids for the same check.
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    /// On unless configured otherwise.
    pub default_enabled: bool,
    /// BuildKit's experimental checks: off unless enabled.
    pub experimental: bool,
    /// The rule's fix cannot change the image's size (it changes only how a
    /// command reports progress, say): `analyze` does not estimate its cost.
    /// `tests/cost_skip.rs` checks it against the estimator.
    pub fix_keeps_size: bool,
    pub group: Group,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// The documentation page (Markdown), from the doc comment. Without the
    /// `full-docs` feature (the web app's build) only its `## Example`
    /// section (see `lint::example_docs`).
    pub docs: &'static str,
    pub check: fn(&Context, &mut Vec<Violation>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).field("name", &self.name).finish()
    }
}

impl Rule {
    /// Whether `id` names this rule (code, name or alias; case-insensitive).
    pub fn is_named(&self, id: &str) -> bool {
        self.code.eq_ignore_ascii_case(id)
            || self.name.eq_ignore_ascii_case(id)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }

    /// The docs with the one-space indent of doc comments removed.
    pub fn docs_markdown(&self) -> String {
        self.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
    }

    /// The files of the docs' `## Example` section (what the rule pages'
    /// "Try it" links and the widget's `example=CODE` load).
    pub fn example(&self) -> Option<RuleExample> {
        example_docs::section_files(&self.docs_markdown(), "## Example")
    }
}

/// Declares a rule; the doc comment becomes [`Rule::docs`] (all of it, or
/// only its `## Example` section without the `full-docs` feature).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            aliases: [$($alias:literal),* $(,)?],
            severity: $sev:ident,
            group: $group:ident,
            summary: $summary:literal,
            $(default_enabled: $enabled:literal,)?
            $(experimental: $experimental:literal,)?
            $(fix_keeps_size: $keeps:literal,)?
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::lint::Rule = $crate::lint::Rule {
            code: $code,
            name: $name,
            aliases: &[$($alias),*],
            severity: $crate::Severity::$sev,
            default_enabled: true $(&& $enabled)?,
            experimental: false $(|| $experimental)?,
            fix_keeps_size: false $(|| $keeps)?,
            group: $crate::lint::Group::$group,
            summary: $summary,
            docs: {
                const FULL: &str = concat!($($doc, "\n"),*);
                if $crate::lint::example_docs::FULL_DOCS {
                    FULL
                } else {
                    // Copied out of FULL, so FULL itself is not kept.
                    const SECTION: &str = $crate::lint::example_docs::example_section(FULL);
                    const BYTES: [u8; SECTION.len()] =
                        $crate::lint::example_docs::to_bytes::<{ SECTION.len() }>(SECTION);
                    $crate::lint::example_docs::as_str(&BYTES)
                }
            },
            check: $check,
        };
    };
}

/// What a rule reports: where, what, why, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub range: TextRange,
    pub message: String,
    pub note: Option<String>,
    pub fix_title: Option<String>,
    pub fix: Option<Fix>,
    /// The instruction whose suppression comments apply, when it is not the
    /// one holding `range` (BuildKit reports some checks on an earlier
    /// instruction but lets the later one's `# check=skip=` silence them).
    pub instruction: Option<usize>,
}

impl Violation {
    pub fn new(range: TextRange, message: impl Into<String>) -> Violation {
        Violation { range, message: message.into(), note: None, fix_title: None, fix: None, instruction: None }
    }
    /// Ties the finding to instruction `idx` for suppression.
    pub fn on_instruction(mut self, idx: usize) -> Violation {
        self.instruction = Some(idx);
        self
    }
    pub fn note(mut self, note: impl Into<String>) -> Violation {
        self.note = Some(note.into());
        self
    }
    pub fn fix_title(mut self, title: impl Into<String>) -> Violation {
        self.fix_title = Some(title.into());
        self
    }
    /// Attaches a fix (its title becomes the fix title).
    pub fn with_fix(mut self, fix: Fix) -> Violation {
        self.fix_title = Some(fix.title.clone());
        self.fix = Some(fix);
        self
    }
}

/// Runs every enabled rule and returns the findings that are not
/// suppressed, with configured severities.
pub fn run(ctx: &Context) -> Vec<Finding> {
    let supp = suppress::Suppressions::collect(ctx.df, &ctx.sem, ctx.config);
    let mut out = Vec::new();
    for rule in crate::rules::all() {
        if !ctx.config.is_enabled(rule, &supp) {
            continue;
        }
        let mut vs = Vec::new();
        (rule.check)(ctx, &mut vs);
        for v in vs {
            if supp.is_suppressed(rule, ctx.df, v.range.start, v.instruction, &ctx.sem) {
                continue;
            }
            let severity = supp.severity(rule, ctx.config.severity(rule));
            out.push(Finding {
                file: FileKind::Dockerfile,
                diagnostic: Diagnostic {
                    code: rule.code.to_string(),
                    severity,
                    range: v.range,
                    message: v.message,
                    note: v.note,
                    fix_title: v.fix_title,
                    fix: v.fix,
                    cost: None,
                },
                aliases: rule.aliases.iter().map(|a| a.to_string()).collect(),
            });
        }
    }
    out
}
