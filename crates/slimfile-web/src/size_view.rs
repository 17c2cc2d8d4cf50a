//! The image-size view: the core estimator's answer
//! ([`slimfile::estimate::estimate`]) reshaped into rows for the size chart
//! ([`crate::components::SizeChart`]). Pure: every number here is one of the
//! estimator's, only formatted; an unknown part stays unknown (never 0, never
//! guessed), and every text says which measure it is in.
//!
//! Units follow the CLI's `slimfile estimate`: decimal megabytes
//! (1 MB = 1,000,000 bytes, [`slimfile::estimate::figures::MB`]) with one
//! decimal. The estimator gives a low–high range for the compressed size
//! only, so the uncompressed measure shows the point figure and says so.

use slimfile::estimate::{Confidence, Estimate, Size};
use slimfile::{Dockerfile, TextRange};

/// Which size the view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// What a pull transfers (gzip layer blobs).
    #[default]
    Compressed,
    /// What the image takes on disk (`docker images`).
    Uncompressed,
}

impl Measure {
    /// The label every shown size carries.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Compressed => "compressed (pull)",
            Measure::Uncompressed => "uncompressed (disk)",
        }
    }

    /// A short name for the switch.
    pub fn short(self) -> &'static str {
        match self {
            Measure::Compressed => "pull",
            Measure::Uncompressed => "disk",
        }
    }
}

/// Bytes as decimal megabytes with one decimal: `85.3 MB` (the CLI's unit).
pub fn format_mb(bytes: u64) -> String {
    format!("{} MB", slimfile::numfmt::fixed(bytes as f64 / slimfile::estimate::figures::MB, 1))
}

/// A range as `85.0–120.0 MB`; a range of one value as that value.
pub fn format_range(low: u64, high: u64) -> String {
    if format_mb(low) == format_mb(high) {
        return format_mb(low);
    }
    let mb = slimfile::estimate::figures::MB;
    format!("{}–{} MB", slimfile::numfmt::fixed(low as f64 / mb, 1), slimfile::numfmt::fixed(high as f64 / mb, 1))
}

/// What a part of the image is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// The base image a stage starts from.
    Base,
    /// A layer an instruction adds.
    Added,
}

/// One part of the image: a base or a layer, with both measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartRow {
    /// Position of the stage in [`SizeView::stages`].
    pub stage: usize,
    pub kind: PartKind,
    /// `node:latest` for a base; `RUN` for a layer.
    pub label: String,
    /// The instruction's first line, shortened, for a layer (user text: show
    /// it as a text node only).
    pub snippet: String,
    /// 1-based start line of the instruction (the FROM for a base).
    pub line: Option<usize>,
    /// The instruction's byte range in the Dockerfile (the cursor target).
    pub range: Option<TextRange>,
    pub known: bool,
    pub compressed: u64,
    pub uncompressed: u64,
    /// Compressed range.
    pub low: u64,
    pub high: u64,
    pub confidence: Confidence,
    /// The estimator's one-line explanation.
    pub explanation: String,
}

impl PartRow {
    /// The point figure in `m` (0 when unknown: check [`PartRow::known`]).
    pub fn bytes(&self, m: Measure) -> u64 {
        match m {
            Measure::Compressed => self.compressed,
            Measure::Uncompressed => self.uncompressed,
        }
    }

    /// The figure as shown: a range for the compressed measure, the point
    /// figure for the uncompressed one, `unknown` when unknown.
    pub fn text(&self, m: Measure) -> String {
        if !self.known {
            return "unknown".to_string();
        }
        match m {
            Measure::Compressed => format_range(self.low, self.high),
            Measure::Uncompressed => format_mb(self.uncompressed),
        }
    }

    /// The hover text: what the number is and where it comes from.
    pub fn tooltip(&self, m: Measure) -> String {
        let what = match self.line {
            Some(l) => format!("{} (line {l})", self.label),
            None => self.label.clone(),
        };
        if !self.known {
            return format!("{what}: size unknown, left out of the total. {}", self.explanation);
        }
        let mut t = format!("{what}: {} {}", self.text(m), m.label());
        if m == Measure::Compressed && self.low != self.high {
            t.push_str(&format!(" (point estimate {})", format_mb(self.compressed)));
        }
        if m == Measure::Uncompressed && self.low != self.high {
            t.push_str(&format!("; the compressed size ranges {}", format_range(self.low, self.high)));
        }
        t.push_str(&format!(", {} confidence. {}", self.confidence.as_str(), self.explanation));
        t
    }
}

/// A stage of the target's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRow {
    /// `stage 0 (build)`.
    pub label: String,
    /// The stage's parts, base first (a `FROM <stage>` base has none: its
    /// layers are in the parent's row).
    pub parts: Vec<PartRow>,
}

impl StageRow {
    /// Sum of the known parts in `m`.
    pub fn known_bytes(&self, m: Measure) -> u64 {
        self.parts.iter().filter(|p| p.known).map(|p| p.bytes(m)).fold(0, u64::saturating_add)
    }

    pub fn unknown_parts(&self) -> usize {
        self.parts.iter().filter(|p| !p.known).count()
    }
}

/// The whole image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SizeView {
    /// Root stage first, the target last.
    pub stages: Vec<StageRow>,
    /// The estimator's totals over the known parts.
    pub total_compressed: u64,
    pub total_uncompressed: u64,
    pub total_low: u64,
    pub total_high: u64,
    /// Parts of unknown size, left out of the totals.
    pub unknown_parts: usize,
    /// The estimator's notes on the whole estimate.
    pub notes: Vec<String>,
    /// Debian suites whose package data the estimate needed and did not
    /// have yet (the web app loads them lazily: `data/debian-<suite>.pkgs`).
    pub missing_data: Vec<String>,
}

const SNIPPET_CHARS: usize = 60;

fn snippet(df: &Dockerfile, range: TextRange) -> String {
    let text = df.source.get(range.start..range.end).unwrap_or("");
    let first = text.lines().next().unwrap_or("").trim();
    let first = first.strip_suffix('\\').unwrap_or(first).trim_end();
    let mut out: String = first.chars().take(SNIPPET_CHARS).collect();
    if first.chars().count() > SNIPPET_CHARS || text.trim_end().contains('\n') {
        out.push('…');
    }
    out
}

fn part(stage: usize, kind: PartKind, label: String, size: &Size) -> PartRow {
    PartRow {
        stage,
        kind,
        label,
        snippet: String::new(),
        line: None,
        range: None,
        known: size.known,
        compressed: size.compressed_bytes,
        uncompressed: size.uncompressed_bytes,
        low: size.low_bytes,
        high: size.high_bytes,
        confidence: size.confidence,
        explanation: size.explanation.clone(),
    }
}

impl SizeView {
    /// Reshapes an estimate of `df` (the same Dockerfile it was made from).
    pub fn build(est: &Estimate, df: &Dockerfile) -> SizeView {
        let from_of = |stage_index: usize| {
            df.instructions.iter().filter(|i| i.keyword == slimfile::Keyword::From).nth(stage_index)
        };
        let stages = est
            .stages
            .iter()
            .enumerate()
            .map(|(pos, st)| {
                let label = match &st.name {
                    Some(n) => format!("stage {} ({n})", st.index),
                    None => format!("stage {}", st.index),
                };
                let mut parts = Vec::new();
                if st.base.stage.is_none() {
                    let name = st.base.resolved.clone().unwrap_or_else(|| st.base.reference.clone());
                    let mut p = part(pos, PartKind::Base, name, &st.base.size);
                    if let Some(from) = from_of(st.index) {
                        p.line = Some(from.start_line);
                        p.range = Some(from.range);
                        p.snippet = snippet(df, from.range);
                    }
                    parts.push(p);
                }
                for l in &st.layers {
                    let mut p = part(pos, PartKind::Added, l.keyword.to_string(), &l.size);
                    p.line = Some(l.line);
                    if let Some(inst) = df.instructions.get(l.instruction) {
                        p.range = Some(inst.range);
                        p.snippet = snippet(df, inst.range);
                    }
                    parts.push(p);
                }
                StageRow { label, parts }
            })
            .collect();
        SizeView {
            stages,
            total_compressed: est.final_.compressed_bytes,
            total_uncompressed: est.final_.uncompressed_bytes,
            total_low: est.final_.low_bytes,
            total_high: est.final_.high_bytes,
            unknown_parts: est.final_.unknown_parts,
            notes: est.notes.clone(),
            missing_data: slimfile::sizedata::missing_debian_data(df).into_iter().map(String::from).collect(),
        }
    }

    /// Parses and estimates `dockerfile` with the core (no build context).
    pub fn of(dockerfile: &str, dockerignore: Option<&str>) -> SizeView {
        let df = slimfile::parse(dockerfile);
        let ignore = dockerignore.map(slimfile::dockerignore::DockerIgnore::parse);
        let est = slimfile::estimate::estimate(&df, ignore.as_ref(), None, None);
        SizeView::build(&est, &df)
    }

    /// Every part, stage by stage.
    pub fn parts(&self) -> impl Iterator<Item = &PartRow> {
        self.stages.iter().flat_map(|s| s.parts.iter())
    }

    /// The total of the known parts in `m`.
    pub fn total(&self, m: Measure) -> u64 {
        match m {
            Measure::Compressed => self.total_compressed,
            Measure::Uncompressed => self.total_uncompressed,
        }
    }

    /// The total as shown, with its measure: `85.0–120.0 MB compressed (pull)`.
    pub fn total_text(&self, m: Measure) -> String {
        let n = match m {
            Measure::Compressed => format_range(self.total_low, self.total_high),
            Measure::Uncompressed => format_mb(self.total_uncompressed),
        };
        let mut t = format!("{n} {}", m.label());
        if self.unknown_parts > 0 {
            t.push_str(&format!(" + {} part(s) of unknown size", self.unknown_parts));
        }
        t
    }

    /// Known base bytes and known added bytes in `m`.
    pub fn base_and_added(&self, m: Measure) -> (u64, u64) {
        let sum = |k: PartKind| {
            self.parts().filter(|p| p.known && p.kind == k).map(|p| p.bytes(m)).fold(0, u64::saturating_add)
        };
        (sum(PartKind::Base), sum(PartKind::Added))
    }

    /// The layers (added parts), biggest first in `m`; unknown ones last, in
    /// file order.
    pub fn biggest_layers(&self, m: Measure) -> Vec<&PartRow> {
        let mut v: Vec<&PartRow> = self.parts().filter(|p| p.kind == PartKind::Added).collect();
        // Stable: equal sizes keep file order.
        slimfile::sort::sort_by_key(&mut v, |p| (!p.known, std::cmp::Reverse(if p.known { p.bytes(m) } else { 0 })));
        v
    }

    /// Before/after this view (`self` is before).
    pub fn compare(&self, after: &SizeView, m: Measure) -> Comparison {
        Comparison {
            before: self.total(m),
            after: after.total(m),
            before_unknown: self.unknown_parts,
            after_unknown: after.unknown_parts,
            measure: m,
        }
    }
}

/// Totals before and after a fix or optimization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub before: u64,
    pub after: u64,
    pub before_unknown: usize,
    pub after_unknown: usize,
    pub measure: Measure,
}

impl Comparison {
    /// Whether the two totals cover the same parts (else the delta is not
    /// meaningful and is not shown as a saving).
    pub fn comparable(&self) -> bool {
        self.before_unknown == self.after_unknown
    }

    /// `−120.3 MB (−40%) compressed (pull)`, `no change`, or why there is no
    /// figure.
    pub fn text(&self) -> String {
        if !self.comparable() {
            return format!(
                "not comparable: {} unknown part(s) before, {} after",
                self.before_unknown, self.after_unknown
            );
        }
        if self.before == self.after {
            return format!("no change ({})", self.measure.label());
        }
        let (sign, d) = if self.after < self.before {
            ('−', self.before - self.after)
        } else {
            ('+', self.after - self.before)
        };
        let pct = if self.before > 0 { format!(" ({sign}{}%)", slimfile::numfmt::fixed(d as f64 * 100.0 / self.before as f64, 0)) } else { String::new() };
        format!("{sign}{}{pct} {}", format_mb(d), self.measure.label())
    }
}
