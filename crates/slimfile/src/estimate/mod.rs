//! The image-size estimator: what a Dockerfile's target image weighs,
//! without building it.
//!
//! Model: the final image is the base image of the target stage (following
//! `FROM <stage>` chains to an image) plus every layer the target stage and
//! its parent stages add. Other stages count only through what `COPY --from`
//! copies out of them. Layers are immutable: a file deleted in a later layer
//! still costs its size in the layer that created it; cleanup counts only in
//! the RUN that created the files.
//!
//! Every figure has a compressed (pull) and an uncompressed (disk) size, a
//! compressed low–high range, a [`Confidence`] and a one-line explanation.
//! A figure the model cannot know (COPY without a build-context listing,
//! `COPY --from`, an unknown base image) has `known == false`: it is shown
//! but left out of the totals, never replaced by a made-up number. The
//! constants and their sources are in [`figures`].
//!
//! Accuracy of package layers, measured against real layers of official
//! images (README, "The size estimate"): 4.9% median error on the seven
//! calibration rows (`tests/estimate_calibration.rs`; only the apk layer
//! overhead is fitted on two of them), and 9.2% out of sample on 18
//! package-install layers paired from the corpus Dockerfiles and the
//! base-image table's per-layer sizes (`tests/estimate_validation.rs`;
//! 8.8% on the 15 apt layers, the 3 apk ones miss by 43–94% for lack of
//! dependency data). Apt layers account for the base's dpkg path-excludes
//! (`-slim` Debian, Ubuntu: docs, man pages and locales are not unpacked),
//! dpkg's own bookkeeping, and files maintainer scripts generate; every
//! constant is measured on whole images or on a Debian machine, none on
//! those layers (see [`figures`]).
//!
//! ```
//! let df = slimfile::parse("FROM alpine:3.24\nRUN apk add --no-cache ca-certificates\n");
//! let est = slimfile::estimate::estimate(&df, None, None, None);
//! assert!(est.final_.compressed_bytes > 3_000_000);
//! ```

mod copy;
mod cost;
pub mod figures;
mod run;

use crate::ast::{Dockerfile, Keyword};
use crate::dockerignore::DockerIgnore;
use crate::lint::{Config, Context};
use crate::semantic::Base;
use crate::sizedata::{self, BasePackages};

pub use copy::ContextFile;
pub use cost::{direct_cost, has_direct_cost};

/// How far to trust a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The size of one part of the image (the base or a layer).
#[derive(Clone, Debug, PartialEq)]
pub struct Size {
    /// Compressed bytes (what a pull transfers).
    pub compressed_bytes: u64,
    /// Uncompressed bytes (on disk, what `docker images` shows).
    pub uncompressed_bytes: u64,
    /// Compressed range.
    pub low_bytes: u64,
    pub high_bytes: u64,
    pub confidence: Confidence,
    pub explanation: String,
    /// False when the size is unknown: the numbers are 0 and the figure is
    /// left out of the totals.
    pub known: bool,
}

impl Size {
    pub(crate) fn unknown(explanation: impl Into<String>) -> Size {
        Size {
            compressed_bytes: 0,
            uncompressed_bytes: 0,
            low_bytes: 0,
            high_bytes: 0,
            confidence: Confidence::Low,
            explanation: explanation.into(),
            known: false,
        }
    }
}

/// The base of a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseEstimate {
    /// The FROM reference as written (expanded).
    pub reference: String,
    /// The data row used (`node:24`), when any.
    pub resolved: Option<String>,
    /// The parent stage, for `FROM <stage>` (its layers are listed there).
    pub stage: Option<usize>,
    pub size: Size,
}

/// One layer-producing instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerEstimate {
    /// Index into `Dockerfile::instructions`.
    pub instruction: usize,
    /// 1-based start line.
    pub line: usize,
    /// `RUN`, `COPY`, `ADD`, `WORKDIR`.
    pub keyword: &'static str,
    pub size: Size,
}

/// A stage whose filesystem ends up in the target image.
#[derive(Clone, Debug, PartialEq)]
pub struct StageEstimate {
    pub name: Option<String>,
    pub index: usize,
    pub base: BaseEstimate,
    pub layers: Vec<LayerEstimate>,
}

/// Sums over the known figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub compressed_bytes: u64,
    pub uncompressed_bytes: u64,
    pub low_bytes: u64,
    pub high_bytes: u64,
    /// Figures left out because their size is unknown.
    pub unknown_parts: usize,
}

/// The estimate of a Dockerfile's target image.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The target stage's chain, root first (the stage built FROM an image,
    /// then the stages built FROM it, the target last).
    pub stages: Vec<StageEstimate>,
    /// The target stage index (`None` for a file with no stage).
    pub target: Option<usize>,
    pub final_: Totals,
    /// Notes about the whole estimate (unknown target, skipped stages...).
    pub notes: Vec<String>,
}

/// What a build starts from, tracked along the stage chain for the package
/// managers: the packages the base has plus those installed by earlier RUNs.
#[derive(Clone, Debug)]
pub(crate) struct Env {
    pub packages: Option<BasePackages>,
    /// Whether the base is an official Debian/Ubuntu image (apt's docker-clean
    /// and gzip-indexes configuration are present).
    pub official_apt: bool,
    pub ubuntu: bool,
    /// `APT::Install-Recommends "false"` configured by an earlier RUN.
    pub apt_no_recommends: bool,
    /// ENV PIP_NO_CACHE_DIR set.
    pub pip_no_cache: bool,
    /// Alpine packages added by earlier RUNs.
    pub alpine_added: Vec<String>,
    /// The Debian suite of the base whose package data is not loaded (no
    /// `embedded-data` and not provided yet): apt layers are unknown.
    pub debian_missing: Option<&'static str>,
    /// Suites a layer needed that are not loaded (for
    /// `sizedata::missing_debian_data`), carried across stages.
    pub needed_missing: Vec<&'static str>,
}

impl Env {
    fn empty() -> Env {
        Env {
            packages: None,
            official_apt: false,
            ubuntu: false,
            apt_no_recommends: false,
            pip_no_cache: false,
            alpine_added: Vec::new(),
            debian_missing: None,
            needed_missing: Vec::new(),
        }
    }
}

/// Estimates the target image of `df` (the last stage unless `target` names
/// a stage by name or number). `context` lists the build-context files
/// (relative paths with `/`, sizes in bytes) for exact COPY/ADD sizes;
/// `dockerignore` filters that listing. Never panics.
pub fn estimate(
    df: &Dockerfile,
    dockerignore: Option<&DockerIgnore>,
    context: Option<&[ContextFile]>,
    target: Option<&str>,
) -> Estimate {
    let config = Config::default();
    let cx = Context::for_estimate(df, dockerignore, &config, target, None);
    estimate_in(&cx, context, target)
}

/// [`estimate`] (without a context listing) of `edited`, a Dockerfile made
/// by editing the one `cx` was built on (a fix applied): the RUN scripts
/// whose text the edit left alone are shared with `cx`, not parsed again.
pub(crate) fn estimate_edited(cx: &Context, edited: &Dockerfile, target: Option<&str>) -> Estimate {
    let config = Config::default();
    let ecx = Context::for_estimate(edited, cx.dockerignore, &config, target, Some(cx));
    estimate_in(&ecx, None, target)
}

/// The stage [`estimate`] sizes for `target`: the stage it names (name or
/// number), else the last stage.
pub(crate) fn target_stage(sem: &crate::semantic::Semantic, target: Option<&str>) -> Option<usize> {
    target.and_then(|t| sem.stage_index(t)).or_else(|| sem.default_target())
}

/// [`estimate`] on an analysis context that is already built (the linter's:
/// same tree, semantic model and RUN scripts).
pub(crate) fn estimate_in(cx: &Context, context: Option<&[ContextFile]>, target: Option<&str>) -> Estimate {
    estimate_inner(cx, context, target).0
}

/// The Debian suites the estimate of `df`'s target needs and that are not
/// loaded (see `sizedata::missing_debian_data`), sorted.
pub(crate) fn missing_debian_suites(df: &Dockerfile) -> Vec<&'static str> {
    let config = Config::default();
    let cx = Context::for_estimate(df, None, &config, None, None);
    let mut out = estimate_inner(&cx, None, None).1;
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

fn estimate_inner(
    cx: &Context,
    context: Option<&[ContextFile]>,
    target: Option<&str>,
) -> (Estimate, Vec<&'static str>) {
    let df = cx.df;
    let dockerignore = cx.dockerignore;
    let sem = &cx.sem;
    let mut notes = Vec::new();
    if let Some(t) = target.filter(|t| sem.stage_index(t).is_none()) {
        notes.push(format!(
            "target stage `{t}` not found; using the last stage"
        ));
    }
    // (`Context::for_estimate` parses the RUN scripts of this stage's chain.)
    let target_idx = target_stage(sem, target);
    let Some(target_idx) = target_idx else {
        notes.push("no FROM: nothing to estimate".to_string());
        let est = Estimate {
            stages: Vec::new(),
            target: None,
            final_: Totals::default(),
            notes,
        };
        return (est, Vec::new());
    };
    let mut chain = sem.base_chain(target_idx);
    chain.reverse();
    let reaching = sem.reaching(target_idx);
    let skipped = reaching
        .iter()
        .enumerate()
        .filter(|(i, r)| **r && !chain.contains(i))
        .count();
    if skipped > 0 {
        notes.push(format!(
            "{skipped} other stage(s) are built but only what COPY --from copies out of them reaches the image"
        ));
    }
    let files = context.map(|c| copy::Listing::new(c, dockerignore));
    let mut env = Env::empty();
    let mut stages = Vec::new();
    for &si in &chain {
        let Some(stage) = sem.stages.get(si) else {
            continue;
        };
        let base = match &stage.base {
            Base::Stage(p) => BaseEstimate {
                reference: stage.base_expanded.clone(),
                resolved: None,
                stage: Some(*p),
                size: Size {
                    compressed_bytes: 0,
                    uncompressed_bytes: 0,
                    low_bytes: 0,
                    high_bytes: 0,
                    confidence: Confidence::High,
                    explanation: format!("FROM stage {p}: its layers are listed there"),
                    known: true,
                },
            },
            other => {
                let (b, mut e) = base_estimate(&stage.base_expanded, other);
                e.needed_missing = std::mem::take(&mut env.needed_missing);
                env = e;
                b
            }
        };
        let mut layers = Vec::new();
        for idx in stage.instructions.clone() {
            if idx == stage.from_instruction {
                continue;
            }
            let Some(outer) = df.instructions.get(idx) else {
                continue;
            };
            if outer.keyword == Keyword::Onbuild {
                continue; // runs in images built FROM this one, not here
            }
            let inst = outer;
            let size = match inst.keyword {
                Keyword::Run => {
                    let scripts: Vec<&str> = cx.scripts_of(idx).map(|s| s.text.as_str()).collect();
                    let cmds: Vec<&crate::shell::Script> =
                        cx.scripts_of(idx).map(|s| &*s.script).collect();
                    let cache_mount = inst.flags.iter().any(|f| {
                        f.name.eq_ignore_ascii_case("mount")
                            && f.value.as_deref().is_some_and(|v| v.contains("type=cache"))
                    });
                    // Package lists held in ENV/ARG (`apt-get install $PHPIZE_DEPS`).
                    // (The scope is built only for a RUN that uses a variable:
                    // it walks the stage's earlier instructions.)
                    let scope = scripts.iter().any(|t| t.contains('$')).then(|| sem.scope_at(df, idx));
                    let vars = |n: &str| scope.as_ref()?.get_var(n).and_then(|v| v.value.clone());
                    let mut s = run::estimate_run(&cmds, &scripts, cache_mount, &vars, &mut env);
                    if s.explanation.is_empty() {
                        s.explanation = "RUN: no size model for these commands".into();
                    }
                    s
                }
                Keyword::Copy | Keyword::Add => copy::estimate_copy(inst, sem, files.as_ref()),
                Keyword::Env => {
                    if let crate::ast::Args::KeyValues(kvs) = &inst.args {
                        for kv in kvs {
                            let v = kv.value.value.to_ascii_lowercase();
                            if kv.key.value == "PIP_NO_CACHE_DIR"
                                && !matches!(v.as_str(), "0" | "false" | "off" | "no")
                            {
                                env.pip_no_cache = true;
                            }
                        }
                    }
                    continue;
                }
                _ => continue, // metadata instructions: 0-byte layers
            };
            layers.push(LayerEstimate {
                instruction: idx,
                line: inst.start_line,
                keyword: inst.keyword.as_str(),
                size,
            });
        }
        stages.push(StageEstimate {
            name: stage.name.clone(),
            index: si,
            base,
            layers,
        });
    }
    let mut totals = Totals::default();
    let mut add = |s: &Size| {
        if s.known {
            totals.compressed_bytes = totals.compressed_bytes.saturating_add(s.compressed_bytes);
            totals.uncompressed_bytes = totals
                .uncompressed_bytes
                .saturating_add(s.uncompressed_bytes);
            totals.low_bytes = totals.low_bytes.saturating_add(s.low_bytes);
            totals.high_bytes = totals.high_bytes.saturating_add(s.high_bytes);
        } else {
            totals.unknown_parts += 1;
        }
    };
    for st in &stages {
        add(&st.base.size);
        for l in &st.layers {
            add(&l.size);
        }
    }
    if totals.unknown_parts > 0 {
        notes.push(format!(
            "{} part(s) of unknown size are not in the totals",
            totals.unknown_parts
        ));
    }
    let est = Estimate {
        stages,
        target: Some(target_idx),
        final_: totals,
        notes,
    };
    (est, env.needed_missing)
}

fn mb(b: u64) -> String {
    format!("{} MB", crate::numfmt::fixed(b as f64 / figures::MB, 1))
}

fn base_estimate(reference: &str, base: &Base) -> (BaseEstimate, Env) {
    let mut env = Env::empty();
    let mk = |resolved: Option<String>, size: Size| BaseEstimate {
        reference: reference.to_string(),
        resolved,
        stage: None,
        size,
    };
    let r = match base {
        Base::Scratch => {
            return (
                mk(
                    Some("scratch".into()),
                    Size {
                        compressed_bytes: 0,
                        uncompressed_bytes: 0,
                        low_bytes: 0,
                        high_bytes: 0,
                        confidence: Confidence::High,
                        explanation: "scratch: empty".into(),
                        known: true,
                    },
                ),
                env,
            )
        }
        Base::Image(r) => r,
        Base::Unresolved(why) => {
            return (
                mk(
                    None,
                    Size::unknown(format!("base image not resolved: {why}")),
                ),
                env,
            );
        }
        Base::Stage(_) => return (mk(None, Size::unknown("stage")), env),
    };
    let name = r.familiar_name();
    let Some(tag) = r.effective_tag() else {
        return (
            mk(
                None,
                Size::unknown(format!("{name}: pinned by digest only; size unknown")),
            ),
            env,
        );
    };
    let (row, exact, row_name) = match sizedata::base_image(&name, tag) {
        Some(row) => (row, true, format!("{}:{}", row.image, row.resolved_tag)),
        None => match sizedata::closest_base(&name, tag) {
            Some((n, row)) => (row, false, n),
            None => {
                return (
                    mk(
                        None,
                        Size::unknown(format!("{name}:{tag}: not in the base-image data")),
                    ),
                    env,
                )
            }
        },
    };
    match sizedata::base_packages(&name, tag) {
        Some(Ok(p)) => env.packages = Some(p),
        Some(Err(suite)) => env.debian_missing = Some(suite),
        None => {}
    }
    env.official_apt = matches!(
        row.os,
        sizedata::OsFamily::Debian | sizedata::OsFamily::Ubuntu
    );
    env.ubuntu = row.os == sizedata::OsFamily::Ubuntu;
    let c = row.compressed as f64;
    // Exact row: the recorded digest (tags drift ±2–5%, notes §7); closest
    // tag: ±15–30% (notes §7); third-party figures (distroless): ±10%.
    let (err, conf) = if !exact {
        (0.25, Confidence::Medium)
    } else if row.approximate {
        (0.10, Confidence::Medium)
    } else {
        (0.0, Confidence::High)
    };
    let mut why = format!(
        "{row_name}: {} compressed, {} uncompressed{}",
        mb(row.compressed),
        mb(row.uncompressed),
        if row.uncompressed_derived {
            " (derived with the measured ratio)"
        } else {
            ""
        }
    );
    if !exact {
        why.push_str(&format!(" — closest known tag to `{name}:{tag}`"));
    }
    if let Some(o) = row.observed {
        why.push_str(&format!(", observed {o}"));
    }
    let size = Size {
        compressed_bytes: row.compressed,
        uncompressed_bytes: row.uncompressed,
        low_bytes: (c * (1.0 - err)) as u64,
        high_bytes: (c * (1.0 + err)).ceil() as u64,
        confidence: conf,
        explanation: why,
        known: true,
    };
    (mk(Some(row_name), size), env)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 4] = [
        "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y gcc\nRUN <<EOF\napt-get install -y make\nEOF\n\
         FROM build AS mid\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n\
         FROM alpine:3.20 AS other\nRUN apk add curl\n\
         FROM mid\nARG PKGS=\"git curl\"\nRUN apt-get install -y $PKGS && rm -rf /var/lib/apt/lists/*\nCOPY --from=other /x /x\n",
        "FROM alpine:3.20\nRUN apk add --no-cache python3 py3-pip\nRUN bash <<A <<B\necho a\nA\napk add git\nB\nONBUILD RUN apk add gcc\n",
        "RUN echo before from\n",
        "",
    ];

    /// The estimate from the estimator's own context (only the target chain's
    /// scripts, some shared with another context) is the estimate from the
    /// linter's full context, for every target.
    #[test]
    fn estimate_context_gives_the_full_contexts_estimate() {
        let config = Config::default();
        for (i, src) in FILES.iter().enumerate() {
            let df = crate::parse(src);
            let full = Context::new(&df, None, &config);
            let other = crate::parse(FILES[(i + 1) % FILES.len()]);
            let unrelated = Context::new(&other, None, &config);
            for target in [None, Some("0"), Some("1"), Some("build"), Some("mid"), Some("other"), Some("nope")] {
                let want = estimate_in(&full, None, target);
                assert_eq!(estimate(&df, None, None, target), want, "{src:?} {target:?}");
                assert_eq!(estimate_edited(&full, &df, target), want, "{src:?} {target:?}");
                assert_eq!(estimate_edited(&unrelated, &df, target), want, "{src:?} {target:?}");
            }
            // Only the chain's scripts are parsed; shared ones are the same.
            let ecx = Context::for_estimate(&df, None, &config, None, Some(&full));
            assert!(ecx.scripts.len() <= full.scripts.len());
            for s in &ecx.scripts {
                let same = full.scripts.iter().find(|f| f.instruction == s.instruction && f.text == s.text);
                assert!(same.is_some_and(|f| std::sync::Arc::ptr_eq(&f.script, &s.script)), "{:?}", s.text);
            }
            if i == 0 {
                assert!(ecx.scripts.len() < full.scripts.len(), "the other stage's RUN is not parsed");
            }
        }
    }
}
