//! Whole-file optimizations: the five techniques of the article
//! ("Optimizing Docker Image Size"), each a rewrite of the whole Dockerfile
//! (and its `.dockerignore`) with the estimated size before and after.
//!
//! * [`Technique::Base`] (`base.rs`): a smaller variant of the final stage's
//!   base image known to the data (slim, alpine; distroless listed).
//! * [`Technique::CacheOrder`] (`cache_order.rs`): copy the dependency
//!   manifests and install before `COPY . .`.
//! * [`Technique::Dockerignore`] (`dockerignore.rs`): generate or extend the
//!   `.dockerignore`, never excluding what a COPY needs.
//! * [`Technique::MultiStage`] (`multi_stage.rs`): a builder stage and a small
//!   runtime stage (node SPA → nginx:alpine, node server, Go → distroless).
//! * [`Technique::Run`] (`run.rs`): package-manager RUNs consolidated, with
//!   cleanup in the same layer (or cache mounts).
//!
//! [`optimize`] offers each chosen technique on the input as it is;
//! [`optimize_all`] applies them in sequence (base → cache-order →
//! dockerignore → multi-stage → run), like the article's table. Every
//! rewrite is checked before it is offered: it re-parses with no new
//! error-level finding, and the same technique offers nothing on its output.
//! Pure: no IO, never panics.
//!
//! ```
//! use slimfile::optimize::{optimize_all, OptimizeInput, Technique};
//! let input = OptimizeInput::new("FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]\n");
//! let p = optimize_all(&input);
//! assert_eq!(p.steps[0].technique, Technique::Base);
//! assert!(p.dockerfile.starts_with("FROM node:alpine\n"));
//! assert!(p.after.compressed_bytes < p.before.compressed_bytes);
//! ```

mod base;
mod cache_order;
mod dockerignore;
mod doc;
mod multi_stage;
mod run;

use crate::ast::{Args, Dockerfile, Instruction, Keyword};
use crate::dockerignore::DockerIgnore;
use crate::estimate::{ContextFile, Totals};
use crate::fix::Applicability;
use crate::semantic::{Base, Semantic};
use crate::Severity;

pub(crate) use doc::Doc;

/// One of the article's techniques.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Technique {
    Base,
    CacheOrder,
    Dockerignore,
    MultiStage,
    Run,
}

impl Technique {
    /// Every technique, in the order [`optimize_all`] applies them.
    pub const ALL: [Technique; 5] = [
        Technique::Base,
        Technique::CacheOrder,
        Technique::Dockerignore,
        Technique::MultiStage,
        Technique::Run,
    ];

    /// The name used by `--only` (`cache-order`).
    pub fn as_str(self) -> &'static str {
        match self {
            Technique::Base => "base",
            Technique::CacheOrder => "cache-order",
            Technique::Dockerignore => "dockerignore",
            Technique::MultiStage => "multi-stage",
            Technique::Run => "run",
        }
    }

    /// The technique named `name` (as [`Technique::as_str`] spells it).
    pub fn parse(name: &str) -> Option<Technique> {
        Technique::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// What to optimize.
#[derive(Clone, Copy, Debug)]
pub struct OptimizeInput<'a> {
    pub dockerfile: &'a str,
    /// The current `.dockerignore`, if any.
    pub dockerignore: Option<&'a str>,
    /// The build context (relative paths and sizes), if known: exact COPY
    /// sizes, manifests that really exist, a `.dockerignore` from real files.
    pub context: Option<&'a [ContextFile]>,
    /// The techniques to try (any order; [`Technique::ALL`] for all).
    pub only: &'a [Technique],
    /// The run technique uses BuildKit cache mounts (`RUN
    /// --mount=type=cache`) instead of cleaning caches in the layer.
    pub cache_mounts: bool,
}

impl<'a> OptimizeInput<'a> {
    /// Every technique, no `.dockerignore`, no context.
    pub fn new(dockerfile: &'a str) -> OptimizeInput<'a> {
        OptimizeInput {
            dockerfile,
            dockerignore: None,
            context: None,
            only: &Technique::ALL,
            cache_mounts: false,
        }
    }
}

/// Another choice a technique considered (the other base images).
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// `node:slim`, `gcr.io/distroless/nodejs20-debian12`.
    pub reference: String,
    /// The base image's own size (compressed and uncompressed bytes).
    pub compressed_bytes: u64,
    pub uncompressed_bytes: u64,
    /// Whether the Dockerfile could switch to it as it is.
    pub usable: bool,
    /// Why not, or what to watch.
    pub caveats: Vec<String>,
}

/// One rewrite offered by a technique.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimization {
    pub technique: Technique,
    /// One line: `FROM node:latest → node:alpine`.
    pub title: String,
    /// What changes and why it helps.
    pub explanation: String,
    /// What may break or must be checked.
    pub caveats: Vec<String>,
    pub applicability: Applicability,
    /// The whole rewritten Dockerfile.
    pub dockerfile: String,
    /// The whole rewritten `.dockerignore` (`None`: there is none and the
    /// technique does not create one).
    pub dockerignore: Option<String>,
    /// Estimate of the target image before and after (compressed and
    /// uncompressed bytes of the known parts; `unknown_parts` counts the rest).
    pub before: Totals,
    pub after: Totals,
    /// Other choices (base images), each with its size and caveats.
    pub alternatives: Vec<Alternative>,
}

/// [`optimize_all`]: the steps applied in sequence and the end result.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// The steps that changed something, in order; each step's `before` is
    /// the previous step's `after`.
    pub steps: Vec<Optimization>,
    pub dockerfile: String,
    pub dockerignore: Option<String>,
    /// The estimate of the input and of the final result.
    pub before: Totals,
    pub after: Totals,
    /// The least safe applicability of the steps (`Safe` when there are none).
    pub applicability: Applicability,
}

/// What a technique sees: the current text, parsed.
pub(crate) struct State<'a> {
    pub src: &'a str,
    pub df: Dockerfile,
    pub sem: Semantic,
    pub dockerignore: Option<&'a str>,
    pub context: Option<&'a [ContextFile]>,
    pub cache_mounts: bool,
}

impl<'a> State<'a> {
    fn new(
        src: &'a str,
        dockerignore: Option<&'a str>,
        context: Option<&'a [ContextFile]>,
        cache_mounts: bool,
    ) -> State<'a> {
        let df = crate::parse(src);
        let sem = Semantic::build(&df);
        State {
            src,
            df,
            sem,
            dockerignore,
            context,
            cache_mounts,
        }
    }

    /// The target stage (the last one).
    pub fn target(&self) -> Option<usize> {
        self.sem.default_target()
    }

    /// The stage whose base image the target image starts from (following
    /// `FROM <stage>`), and that base.
    pub fn final_root(&self) -> Option<usize> {
        let t = self.target()?;
        self.sem.base_chain(t).last().copied()
    }

    pub fn inst(&self, idx: usize) -> Option<&Instruction> {
        self.df.instructions.get(idx)
    }

    /// Whether the file is one the rewrites can handle at all: it parses
    /// without error, has a stage, uses `\` as escape, has no ONBUILD.
    pub fn plain(&self) -> bool {
        !self.df.diagnostics.iter().any(|d| d.severity == Severity::Error)
            && !self.sem.stages.is_empty()
            && self.df.escape == '\\'
            && !self.df.instructions.iter().any(|i| i.keyword == Keyword::Onbuild)
    }

    /// The instruction indices of a stage after its FROM.
    pub fn body(&self, stage: usize) -> std::ops::Range<usize> {
        match self.sem.stages.get(stage) {
            Some(s) => (s.from_instruction + 1).min(s.instructions.end)..s.instructions.end,
            None => 0..0,
        }
    }

    /// The working directory before instruction `idx` of its stage, following
    /// `FROM <stage>` chains (`/` at an image base); `None` when a variable
    /// makes it unknown.
    pub fn workdir_before(&self, idx: usize) -> Option<String> {
        let stage = (*self.sem.stage_of.get(idx)?)?;
        let mut chain = self.sem.base_chain(stage);
        chain.reverse();
        let mut cwd = "/".to_string();
        for s in chain {
            for i in self.body(s) {
                if i >= idx {
                    return Some(cwd);
                }
                let Some(inst) = self.inst(i) else { continue };
                if inst.keyword == Keyword::Workdir {
                    let Args::Text(w) = &inst.args else { return None };
                    let v = w.value.trim_matches(['"', '\'']);
                    if v.contains('$') {
                        return None;
                    }
                    cwd = join_path(&cwd, v);
                }
            }
        }
        Some(cwd)
    }

    /// The shell-form command of a RUN (the logical line), or `None` for
    /// exec form and heredocs.
    pub fn run_command(&self, idx: usize) -> Option<&str> {
        let inst = self.inst(idx)?;
        if inst.keyword != Keyword::Run || !inst.heredocs.is_empty() {
            return None;
        }
        match &inst.args {
            Args::Shell(w) => Some(w.value.as_str()),
            _ => None,
        }
    }

    /// The text of every RUN, CMD and ENTRYPOINT of the file (shell or exec
    /// form, heredoc bodies included), for "does anything use X" checks.
    pub fn commands_text(&self) -> String {
        let mut out = String::new();
        for inst in &self.df.instructions {
            if matches!(
                inst.keyword,
                Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Shell
            ) {
                out.push_str(&inst.logical.text);
                out.push('\n');
                for h in &inst.heredocs {
                    out.push_str(&h.content);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// `cwd` joined with `p` (absolute `p` replaces it), normalised.
pub(crate) fn join_path(cwd: &str, p: &str) -> String {
    let full = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{cwd}/{p}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in full.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The sources and destination of a context COPY/ADD (no `--from`, no
/// heredoc); `None` otherwise.
pub(crate) fn copy_parts(inst: &Instruction) -> Option<(Vec<String>, String)> {
    if !matches!(inst.keyword, Keyword::Copy | Keyword::Add)
        || inst.flag("from").is_some()
        || !inst.heredocs.is_empty()
    {
        return None;
    }
    let words: Vec<String> = match &inst.args {
        Args::Exec(w) | Args::List(w) => w.iter().map(|w| w.value.clone()).collect(),
        _ => return None,
    };
    let (dest, srcs) = words.split_last()?;
    if srcs.is_empty() {
        return None;
    }
    Some((srcs.to_vec(), dest.clone()))
}

/// Whether a COPY source means the whole context (`.`, `./`, `./.`).
pub(crate) fn whole_context(src: &str) -> bool {
    src.split('/').all(|c| c.is_empty() || c == ".")
}

/// The estimate of a Dockerfile's target image.
pub(crate) fn measure(dockerfile: &str, dockerignore: Option<&str>, context: Option<&[ContextFile]>) -> Totals {
    let df = crate::parse(dockerfile);
    let ignore = dockerignore.map(DockerIgnore::parse);
    crate::estimate::estimate(&df, ignore.as_ref(), context, None).final_
}

/// Error-level findings of a file, by code (parse errors and lint errors,
/// as [`crate::analyze`] reports them, without the size costs).
fn error_codes(dockerfile: &str, dockerignore: Option<&str>) -> Vec<String> {
    let df = crate::parse(dockerfile);
    let ignore = dockerignore.map(DockerIgnore::parse);
    let config = crate::lint::Config::default();
    let cx = crate::lint::Context::new(&df, ignore.as_ref(), &config);
    let mut codes: Vec<String> = df
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.clone())
        .collect();
    if let Some(ig) = &ignore {
        codes.extend(ig.diagnostics.iter().filter(|d| d.kind != crate::dockerignore::IgnoreDiagnosticKind::Approximated).map(|_| "dockerignore".to_string()));
    }
    codes.extend(
        crate::lint::run(&cx)
            .into_iter()
            .filter(|f| f.diagnostic.severity == Severity::Error)
            .map(|f| f.diagnostic.code),
    );
    crate::sort::sort(&mut codes);
    codes
}

/// Whether `after` has an error-level finding (by code, counted) that
/// `before` does not have.
pub fn adds_errors(before: (&str, Option<&str>), after: (&str, Option<&str>)) -> Vec<String> {
    let mut old = error_codes(before.0, before.1);
    let mut new = Vec::new();
    for c in error_codes(after.0, after.1) {
        match old.iter().position(|o| *o == c) {
            Some(p) => {
                old.remove(p);
            }
            None => new.push(c),
        }
    }
    new
}

/// What a technique proposes, before it is checked and measured.
pub(crate) struct Proposal {
    pub title: String,
    pub explanation: String,
    pub caveats: Vec<String>,
    pub applicability: Applicability,
    pub dockerfile: String,
    pub dockerignore: Option<String>,
    pub alternatives: Vec<Alternative>,
}

fn propose(t: Technique, st: &State) -> Option<Proposal> {
    if !st.plain() {
        return None;
    }
    match t {
        Technique::Base => base::propose(st),
        Technique::CacheOrder => cache_order::propose(st),
        Technique::Dockerignore => dockerignore::propose(st),
        Technique::MultiStage => multi_stage::propose(st),
        Technique::Run => run::propose(st),
    }
}

/// `\n` line ends (not already `\r\n`) as `\r\n`.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Runs one technique on a file, checks and measures the result.
fn offer(
    t: Technique,
    dockerfile: &str,
    dockerignore: Option<&str>,
    context: Option<&[ContextFile]>,
    cache_mounts: bool,
    before: Option<&Totals>,
) -> Option<Optimization> {
    let st = State::new(dockerfile, dockerignore, context, cache_mounts);
    let mut p = propose(t, &st)?;
    // New lines follow the file's line endings.
    if dockerfile.contains("\r\n") {
        p.dockerfile = crlf(&p.dockerfile);
    }
    if let (Some(new), Some(old)) = (&p.dockerignore, dockerignore) {
        if old.contains("\r\n") {
            p.dockerignore = Some(crlf(new));
        }
    }
    if p.dockerfile == dockerfile && p.dockerignore.as_deref() == dockerignore {
        return None;
    }
    // Never offer a rewrite that breaks the file or that the technique would
    // rewrite again.
    if !adds_errors((dockerfile, dockerignore), (&p.dockerfile, p.dockerignore.as_deref())).is_empty() {
        return None;
    }
    let again = State::new(&p.dockerfile, p.dockerignore.as_deref(), context, cache_mounts);
    if let Some(q) = propose(t, &again) {
        if q.dockerfile != p.dockerfile || q.dockerignore != p.dockerignore {
            return None;
        }
    }
    let before = before
        .cloned()
        .unwrap_or_else(|| measure(dockerfile, dockerignore, context));
    let after = measure(&p.dockerfile, p.dockerignore.as_deref(), context);
    Some(Optimization {
        technique: t,
        title: p.title,
        explanation: p.explanation,
        caveats: p.caveats,
        applicability: p.applicability,
        dockerfile: p.dockerfile,
        dockerignore: p.dockerignore,
        before,
        after,
        alternatives: p.alternatives,
    })
}

/// Each chosen technique applied on its own to the input, in
/// [`Technique::ALL`] order; techniques with nothing to offer are left out.
pub fn optimize(input: &OptimizeInput) -> Vec<Optimization> {
    let before = measure(input.dockerfile, input.dockerignore, input.context);
    Technique::ALL
        .into_iter()
        .filter(|t| input.only.contains(t))
        .filter_map(|t| {
            offer(
                t,
                input.dockerfile,
                input.dockerignore,
                input.context,
                input.cache_mounts,
                Some(&before),
            )
        })
        .collect()
}

/// The chosen techniques applied one after the other (base → cache-order →
/// dockerignore → multi-stage → run), each on the previous step's result.
pub fn optimize_all(input: &OptimizeInput) -> Pipeline {
    let before = measure(input.dockerfile, input.dockerignore, input.context);
    let mut dockerfile = input.dockerfile.to_string();
    let mut dockerignore = input.dockerignore.map(str::to_string);
    let mut current = before.clone();
    let mut steps = Vec::new();
    for t in Technique::ALL.into_iter().filter(|t| input.only.contains(t)) {
        if let Some(o) = offer(
            t,
            &dockerfile,
            dockerignore.as_deref(),
            input.context,
            input.cache_mounts,
            Some(&current),
        ) {
            dockerfile = o.dockerfile.clone();
            dockerignore = o.dockerignore.clone();
            current = o.after.clone();
            steps.push(o);
        }
    }
    let applicability = steps
        .iter()
        .map(|s| s.applicability)
        .max()
        .unwrap_or(Applicability::Safe);
    Pipeline {
        steps,
        dockerfile,
        dockerignore,
        before,
        after: current,
        applicability,
    }
}

/// Shared: the image reference of a stage's FROM as written, when it is a
/// plain image (no variable) and the FROM can be rewritten.
pub(crate) fn plain_image(st: &State, stage: usize) -> Option<crate::semantic::image::ImageRef> {
    let s = st.sem.stages.get(stage)?;
    if s.base_text.contains('$') {
        return None;
    }
    match &s.base {
        Base::Image(r) if r.digest.is_none() => Some(r.clone()),
        _ => None,
    }
}
