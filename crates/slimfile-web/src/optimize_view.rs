//! The Optimize panel's model: the core's whole-file optimizations
//! ([`slimfile::optimize::optimize`], one per technique, and
//! [`slimfile::optimize::optimize_all`], all chained) reshaped into rows for
//! [`crate::components::OptimizePanel`]. Pure: every size is the core
//! estimator's, only subtracted and formatted; a saving whose before and
//! after leave out different unknown parts is "unknown", never guessed.
//!
//! Cost: building the view re-analyses the file once per technique, so the
//! panel builds it on demand (its "Find optimizations" button) and then only
//! for the analysed (debounced) texts while it stays open.

use std::rc::Rc;

use slimfile::estimate::{ContextFile, Totals};
use slimfile::fix::Applicability;
use slimfile::optimize::{optimize, optimize_all, Alternative, OptimizeInput, Optimization, Technique};

use crate::size_view::{format_mb, Measure};

/// What an optimization saves, in both measures (before − after, bytes;
/// negative: the image grows). `None`: unknown (the estimates leave out
/// different unknown parts, so their difference says nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saving {
    pub compressed: Option<i64>,
    pub uncompressed: Option<i64>,
}

impl Saving {
    /// The saving from `before` to `after`.
    pub fn between(before: &Totals, after: &Totals) -> Saving {
        if before.unknown_parts != after.unknown_parts {
            return Saving { compressed: None, uncompressed: None };
        }
        let diff = |b: u64, a: u64| Some(b as i64 - a as i64);
        Saving {
            compressed: diff(before.compressed_bytes, after.compressed_bytes),
            uncompressed: diff(before.uncompressed_bytes, after.uncompressed_bytes),
        }
    }

    pub fn bytes(&self, m: Measure) -> Option<i64> {
        match m {
            Measure::Compressed => self.compressed,
            Measure::Uncompressed => self.uncompressed,
        }
    }

    /// `−85.3 MB compressed (pull)`, `+1.2 MB …` (grows), `unknown …`.
    pub fn text(&self, m: Measure) -> String {
        let value = match self.bytes(m) {
            None => "unknown".to_string(),
            Some(0) => "no change".to_string(),
            Some(b) if b > 0 => format!("−{}", format_mb(b as u64)),
            Some(b) => format!("+{}", format_mb(b.unsigned_abs())),
        };
        format!("{value} {}", m.label())
    }

    /// Whether the estimate says it saves something in either measure.
    pub fn saves(&self) -> bool {
        self.compressed.is_some_and(|b| b > 0) || self.uncompressed.is_some_and(|b| b > 0)
    }
}

/// Another choice the technique considered (another base image).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlternativeRow {
    pub reference: String,
    /// Its own size: `45.1 MB compressed (pull)`, `130.2 MB uncompressed (disk)`.
    pub compressed: String,
    pub uncompressed: String,
    pub usable: bool,
    pub caveats: Vec<String>,
}

impl AlternativeRow {
    fn of(a: &Alternative) -> AlternativeRow {
        AlternativeRow {
            reference: a.reference.clone(),
            compressed: format!("{} {}", format_mb(a.compressed_bytes), Measure::Compressed.label()),
            uncompressed: format!("{} {}", format_mb(a.uncompressed_bytes), Measure::Uncompressed.label()),
            usable: a.usable,
            caveats: a.caveats.clone(),
        }
    }
}

/// One optimization (or all of them chained) as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptRow {
    /// `base`, `cache-order`, ... (`all` for the chained row).
    pub name: &'static str,
    pub technique: Option<Technique>,
    pub title: String,
    pub explanation: String,
    pub caveats: Vec<String>,
    /// May change what the image does: applying needs a confirmation.
    pub unsafe_: bool,
    /// Shown as a suggestion only, never applied.
    pub display_only: bool,
    pub saving: Saving,
    pub alternatives: Vec<AlternativeRow>,
    /// The texts before and after (an absent .dockerignore is empty).
    pub old_dockerfile: Rc<str>,
    pub old_dockerignore: Rc<str>,
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
}

impl OptRow {
    fn of(o: &Optimization, old_dockerfile: &Rc<str>, old_dockerignore: &Rc<str>) -> OptRow {
        OptRow {
            name: o.technique.as_str(),
            technique: Some(o.technique),
            title: o.title.clone(),
            explanation: o.explanation.clone(),
            caveats: o.caveats.clone(),
            unsafe_: o.applicability != Applicability::Safe,
            display_only: o.applicability == Applicability::DisplayOnly,
            saving: Saving::between(&o.before, &o.after),
            alternatives: o.alternatives.iter().map(AlternativeRow::of).collect(),
            old_dockerfile: old_dockerfile.clone(),
            old_dockerignore: old_dockerignore.clone(),
            dockerfile: o.dockerfile.as_str().into(),
            // No .dockerignore offered: the current one stays.
            dockerignore: o.dockerignore.as_deref().map_or_else(|| old_dockerignore.clone(), Rc::from),
        }
    }

    /// Whether the .dockerignore changes.
    pub fn changes_dockerignore(&self) -> bool {
        *self.dockerignore != *self.old_dockerignore
    }

    /// Whether the Dockerfile changes.
    pub fn changes_dockerfile(&self) -> bool {
        *self.dockerfile != *self.old_dockerfile
    }
}

/// Everything the panel lists for one pair of texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptimizeView {
    /// The texts the view is of.
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
    /// One row per technique that offers something, in the core's order.
    pub rows: Vec<OptRow>,
    /// All techniques chained ("Apply all"); `None` when nothing changes.
    pub all: Option<OptRow>,
}

impl OptimizeView {
    /// The optimizations of `dockerfile` and `dockerignore` (empty: none),
    /// with the build context's listing when one was given.
    pub fn build(dockerfile: &str, dockerignore: &str, context: Option<&[ContextFile]>) -> OptimizeView {
        let old_df: Rc<str> = dockerfile.into();
        let old_di: Rc<str> = dockerignore.into();
        let mut input = OptimizeInput::new(dockerfile);
        input.dockerignore = (!dockerignore.is_empty()).then_some(dockerignore);
        input.context = context;
        let rows: Vec<OptRow> = optimize(&input).iter().map(|o| OptRow::of(o, &old_df, &old_di)).collect();
        let pipeline = optimize_all(&input);
        let all = (!pipeline.steps.is_empty()).then(|| {
            let titles: Vec<&str> = pipeline.steps.iter().map(|s| s.title.as_str()).collect();
            let mut caveats = Vec::new();
            for step in &pipeline.steps {
                for c in &step.caveats {
                    if !caveats.contains(c) {
                        caveats.push(c.clone());
                    }
                }
            }
            OptRow {
                name: "all",
                technique: None,
                title: match pipeline.steps.len() {
                    1 => "The 1 optimization".to_string(),
                    n => format!("All {n} optimizations, one after the other"),
                },
                explanation: titles.join("; "),
                caveats,
                unsafe_: pipeline.applicability != Applicability::Safe,
                display_only: pipeline.applicability == Applicability::DisplayOnly,
                saving: Saving::between(&pipeline.before, &pipeline.after),
                alternatives: Vec::new(),
                old_dockerfile: old_df.clone(),
                old_dockerignore: old_di.clone(),
                dockerfile: pipeline.dockerfile.as_str().into(),
                dockerignore: pipeline.dockerignore.as_deref().map_or_else(|| old_di.clone(), Rc::from),
            }
        });
        OptimizeView { dockerfile: old_df, dockerignore: old_di, rows, all }
    }

    /// The row of a technique.
    pub fn row(&self, technique: Technique) -> Option<&OptRow> {
        self.rows.iter().find(|r| r.technique == Some(technique))
    }
}
