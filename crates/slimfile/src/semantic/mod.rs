//! The semantic model over the syntax tree: build stages, their base images
//! and dependencies, which stages reach the target, and ARG/ENV scoping with
//! BuildKit's expansion rules.
//!
//! * **Meta ARGs**: the ARGs before the first FROM. With the predefined
//!   platform args (`TARGETPLATFORM`, `BUILDOS`, ...) they are what FROM lines
//!   and `--platform` flags expand with.
//! * **Stage scope**: a stage starts with no ARGs; `ARG NAME` without a
//!   default brings in the meta ARG's value (or a predefined arg's), `ARG
//!   NAME=v` and `ENV` set values (expanded when declared). A stage built
//!   `FROM` an earlier stage inherits that stage's ENV (ARGs do not carry
//!   over).
//! * **Dependencies**: `FROM <stage>`, `COPY --from=<stage|index>`,
//!   `RUN --mount=...,from=<stage>`. A `--from` naming no stage is an image.
//! * **Target**: the last stage unless another is chosen.

pub mod image;
mod scope;

use crate::ast::{Args, Dockerfile, Keyword};
use crate::expand::Lexer;
use crate::TextRange;
pub use image::ImageRef;
pub use scope::Scope;
use scope::ScopeTable;
use std::sync::Arc;

/// Build args BuildKit defines for every build (the platform ones are set
/// for the machine the build runs on; the values here are the common
/// linux/amd64 case).
pub const PREDEFINED_PLATFORM_ARGS: [(&str, &str); 8] = [
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
];

/// Build args usable without an ARG declaration (proxies, BuildKit
/// settings); they are set in RUN's environment but not expanded in the
/// Dockerfile unless declared.
pub const PREDEFINED_ARGS: [&str; 18] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SYNTAX",
    "BUILDKIT_DOCKERFILE_CHECK",
    "SOURCE_DATE_EPOCH",
];

/// Where a variable comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// A meta ARG (before the first FROM).
    MetaArg,
    /// An ARG in the stage.
    Arg,
    /// An ENV in the stage (or inherited from a parent stage).
    Env,
    /// A predefined build arg.
    Predefined,
}

/// A variable in scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    /// The value (expanded); `None` for an ARG declared without a value.
    pub value: Option<String>,
    pub kind: VarKind,
    /// The declaring instruction, if any.
    pub instruction: Option<usize>,
    /// The name's range in the declaration.
    pub range: Option<TextRange>,
}

/// What a stage is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`.
    Scratch,
    /// An earlier stage.
    Stage(usize),
    /// An image.
    Image(ImageRef),
    /// Could not be resolved (unset variable, invalid reference); the reason.
    Unresolved(String),
}

/// How one stage depends on another stage or an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepKind {
    From,
    CopyFrom,
    MountFrom,
}

/// A dependency edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageDep {
    pub kind: DepKind,
    pub instruction: usize,
    /// The reference's range (the flag value, or the FROM image word).
    pub range: TextRange,
    /// An earlier stage, or `None` when it names an image (`image`).
    pub stage: Option<usize>,
    pub image: Option<ImageRef>,
    /// The reference as written, after expansion.
    pub reference: String,
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit matches it.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    /// Index of the FROM instruction.
    pub from_instruction: usize,
    /// Instruction indices of the stage, FROM included.
    pub instructions: std::ops::Range<usize>,
    /// The base image word as written and its range.
    pub base_text: String,
    pub base_range: TextRange,
    /// The base after meta-ARG expansion.
    pub base_expanded: String,
    pub base: Base,
    /// `--platform`, expanded.
    pub platform: Option<String>,
    pub deps: Vec<StageDep>,
}

/// The semantic model of a Dockerfile.
#[derive(Clone, Debug, Default)]
pub struct Semantic {
    /// ARGs before the first FROM, with their expanded defaults.
    pub meta_args: Vec<Var>,
    pub stages: Vec<Stage>,
    /// For each instruction, its stage (`None` before the first FROM).
    pub stage_of: Vec<Option<usize>>,
    /// Every ARG/ENV declaration, for [`Semantic::scope_at`].
    scopes: Arc<ScopeTable>,
    /// For each instruction, the last SHELL above it in its stage.
    shell_before: Vec<Option<usize>>,
}

/// ARG words: `NAME` or `NAME=value` (value raw, quotes kept).
fn arg_decls(args: &Args) -> Vec<(String, Option<String>, TextRange)> {
    let Args::List(words) = args else { return Vec::new() };
    words
        .iter()
        .map(|w| match w.value.split_once('=') {
            Some((n, v)) => {
                let r = TextRange::new(w.range.start, w.range.start + n.len());
                (n.to_string(), Some(v.to_string()), r)
            }
            None => (w.value.clone(), None, w.range),
        })
        .collect()
}

/// Parses `--mount` CSV into key/value pairs.
pub fn mount_options(spec: &str) -> Vec<(String, String)> {
    spec.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim().trim_matches('"').to_string()),
            None => (p.trim().to_ascii_lowercase(), String::new()),
        })
        .collect()
}

impl Semantic {
    /// Builds the model. Never fails: unresolvable references become
    /// [`Base::Unresolved`].
    pub fn build(df: &Dockerfile) -> Semantic {
        let lexer = Lexer::new(df.escape);
        let expand = |text: &str, scope: &dyn crate::expand::Env| match lexer.process_word(text, scope) {
            Ok(e) => e.value,
            Err(_) => text.to_string(),
        };
        let first_from = df.instructions.iter().position(|i| i.keyword == Keyword::From).unwrap_or(df.instructions.len());
        let (mut table, meta_args) = ScopeTable::new_with_meta(df, first_from);
        let mut sem = Semantic { stage_of: vec![None; df.instructions.len()], meta_args, ..Semantic::default() };
        let global = table.meta_env();
        // The first stage of each name, for lookups in constant time.
        let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let froms: Vec<usize> =
            df.instructions.iter().enumerate().filter(|(_, i)| i.keyword == Keyword::From).map(|(i, _)| i).collect();
        for (si, &fi) in froms.iter().enumerate() {
            let end = froms.get(si + 1).copied().unwrap_or(df.instructions.len());
            for s in sem.stage_of.iter_mut().take(end).skip(fi) {
                *s = Some(si);
            }
            let inst = &df.instructions[fi];
            let words: &[crate::ast::Word] = match &inst.args {
                Args::List(w) => w,
                _ => &[],
            };
            let (base_text, base_range) =
                words.first().map_or((String::new(), inst.keyword_range), |w| (w.value.clone(), w.range));
            let (name, name_range) = match words {
                [_, as_kw, n, ..] if as_kw.value.eq_ignore_ascii_case("as") => {
                    (Some(n.value.to_ascii_lowercase()), Some(n.range))
                }
                _ => (None, None),
            };
            let base_expanded = expand(&base_text, &global);
            let base = if base_text.is_empty() {
                Base::Unresolved("FROM needs an image".into())
            } else if base_expanded.eq_ignore_ascii_case("scratch") {
                Base::Scratch
            } else if let Some(p) = stage_by_name(&by_name, si, &base_expanded) {
                Base::Stage(p)
            } else if base_expanded.is_empty() {
                Base::Unresolved(format!("{base_text} expands to nothing"))
            } else {
                match ImageRef::parse(&base_expanded) {
                    Ok(r) => Base::Image(r),
                    Err(e) => Base::Unresolved(e),
                }
            };
            let platform = inst.flag("platform").and_then(|f| f.value.as_deref()).map(|v| expand(v, &global));
            let mut deps = Vec::new();
            match &base {
                Base::Stage(p) => deps.push(StageDep {
                    kind: DepKind::From,
                    instruction: fi,
                    range: base_range,
                    stage: Some(*p),
                    image: None,
                    reference: base_expanded.clone(),
                }),
                Base::Image(r) => deps.push(StageDep {
                    kind: DepKind::From,
                    instruction: fi,
                    range: base_range,
                    stage: None,
                    image: Some(r.clone()),
                    reference: base_expanded.clone(),
                }),
                _ => {}
            }
            if let Some(n) = &name {
                by_name.entry(n.clone()).or_insert(si);
            }
            sem.stages.push(Stage {
                index: si,
                name,
                name_range,
                from_instruction: fi,
                instructions: fi..end,
                base_text,
                base_range,
                base_expanded,
                base,
                platform,
                deps,
            });
        }
        drop(global);
        // The scopes of every stage, in one walk of the file.
        for st in &sem.stages {
            let parent = match st.base {
                Base::Stage(p) if p < st.index => Some(p),
                _ => None,
            };
            table.add_stage(df, st.index, parent, st.instructions.clone());
        }
        sem.scopes = Arc::new(table);
        let mut last_shell = None;
        for (idx, inst) in df.instructions.iter().enumerate() {
            if idx > 0 && sem.stage_of[idx] != sem.stage_of[idx - 1] {
                last_shell = None;
            }
            sem.shell_before.push(last_shell);
            if inst.effective().keyword == Keyword::Shell {
                last_shell = Some(idx);
            }
        }
        // Dependencies from COPY --from and RUN --mount=from=.
        for si in 0..sem.stages.len() {
            for idx in sem.stages[si].instructions.clone().skip(1) {
                let inst = df.instructions[idx].effective();
                if df.instructions[idx].keyword == Keyword::Onbuild {
                    continue; // runs in a downstream build, not here
                }
                let expand_ref = |v: &str| if v.contains('$') { expand(v, &sem.scope_at(df, idx)) } else { v.to_string() };
                let mut refs = Vec::new();
                if matches!(inst.keyword, Keyword::Copy | Keyword::Add) {
                    if let Some(f) = inst.flag("from") {
                        if let (Some(v), Some(r)) = (&f.value, f.value_range) {
                            refs.push((DepKind::CopyFrom, expand_ref(v), r));
                        }
                    }
                }
                if inst.keyword == Keyword::Run {
                    for f in inst.flags.iter().filter(|f| f.name == "mount") {
                        let Some(v) = &f.value else { continue };
                        if let Some((_, from)) = mount_options(v).into_iter().find(|(k, _)| k == "from") {
                            refs.push((DepKind::MountFrom, expand_ref(&from), f.range));
                        }
                    }
                }
                for (kind, reference, range) in refs {
                    // Only the stages defined before this one count.
                    let stage = stage_by_name(&by_name, si + 1, &reference).filter(|&s| s < si);
                    let image = if stage.is_none() { ImageRef::parse(&reference).ok() } else { None };
                    sem.stages[si].deps.push(StageDep { kind, instruction: idx, range, stage, image, reference });
                }
            }
        }
        sem
    }

    /// A stage by `AS` name (case-insensitive) or by number, among the
    /// stages defined so far.
    pub fn stage_index(&self, reference: &str) -> Option<usize> {
        stage_index_in(&self.stages, reference)
    }

    /// The default target: the last stage.
    pub fn default_target(&self) -> Option<usize> {
        self.stages.len().checked_sub(1)
    }

    /// For each stage, whether building `target` needs it (the target itself
    /// included), following FROM, COPY --from and mount dependencies.
    pub fn reaching(&self, target: usize) -> Vec<bool> {
        let mut seen = vec![false; self.stages.len()];
        let mut stack = vec![target];
        while let Some(s) = stack.pop() {
            if s >= seen.len() || seen[s] {
                continue;
            }
            seen[s] = true;
            stack.extend(self.stages[s].deps.iter().filter_map(|d| d.stage));
        }
        seen
    }

    /// The chain of stages whose filesystem the target's image starts from:
    /// `[target, parent, grandparent, ...]` through `FROM <stage>`.
    pub fn base_chain(&self, target: usize) -> Vec<usize> {
        let mut chain = vec![target];
        let mut cur = target;
        // Parents come first in the file (`p < cur`), so the chain cannot
        // loop and needs no search of what it already holds.
        while let Some(Base::Stage(p)) = self.stages.get(cur).map(|s| &s.base) {
            if *p >= cur {
                break;
            }
            chain.push(*p);
            cur = *p;
        }
        chain
    }

    /// For each stage, whether a stage of its [`Semantic::base_chain`] other
    /// than itself has an instruction for which `pred` holds (a SHELL, a
    /// WORKDIR, ...). One walk of the file, however long the chains.
    pub fn inherited(&self, df: &Dockerfile, pred: impl Fn(&crate::ast::Instruction) -> bool) -> Vec<bool> {
        let mut out: Vec<bool> = Vec::with_capacity(self.stages.len());
        let mut own: Vec<bool> = Vec::with_capacity(self.stages.len());
        for (si, st) in self.stages.iter().enumerate() {
            own.push(df.instructions.get(st.instructions.clone()).is_some_and(|is| is.iter().any(&pred)));
            out.push(match st.base {
                Base::Stage(p) if p < si => own[p] || out[p],
                _ => false,
            });
        }
        out
    }

    /// The variables visible to an instruction (its own declarations not
    /// yet applied). Computed once for the file by [`Semantic::build`]: a
    /// call costs no walk of the stage. `df` is the tree the model was built
    /// from.
    pub fn scope_at(&self, df: &Dockerfile, instruction: usize) -> Scope {
        let _ = df;
        self.scopes.scope_at(instruction)
    }

    /// Hadolint's scope for an instruction before the first FROM (a file
    /// hadolint still checks): [`Semantic::scope_at`] with the ENV and
    /// `ARG name=value` lines above it read as written (quotes trimmed).
    pub fn loose_scope_at(&self, instruction: usize) -> Scope {
        self.scopes.loose_scope_at(instruction)
    }

    /// The last SHELL instruction (ONBUILD SHELL included) above
    /// `instruction` in its stage, or before the first FROM.
    pub fn shell_before(&self, instruction: usize) -> Option<usize> {
        self.shell_before.get(instruction).copied().flatten()
    }

    /// The first `ARG name=value` of the file (any stage, ONBUILD included)
    /// before `instruction`, value as written (quotes trimmed): hadolint
    /// counts a build arg's default even where it is not in scope.
    pub fn arg_default_before(&self, name: &str, instruction: usize) -> Option<&Var> {
        self.scopes.first_arg_default(name).filter(|v| v.instruction.is_some_and(|i| i < instruction))
    }
}

/// [`stage_index_in`] among the first `count` stages, with `by_name` the
/// first stage of each name.
fn stage_by_name(by_name: &std::collections::HashMap<String, usize>, count: usize, reference: &str) -> Option<usize> {
    match by_name.get(&reference.to_ascii_lowercase()) {
        Some(&i) if i < count => Some(i),
        _ => reference.parse::<usize>().ok().filter(|&i| i < count),
    }
}

/// A stage by `AS` name (case-insensitive) or by number among `stages`.
fn stage_index_in(stages: &[Stage], reference: &str) -> Option<usize> {
    let lower = reference.to_ascii_lowercase();
    if let Some(s) = stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
        return Some(s.index);
    }
    reference.parse::<usize>().ok().filter(|&i| i < stages.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::Env;
    use crate::parse;

    #[test]
    fn stages_bases_and_dependencies() {
        let df = parse(
            "ARG NODE=20\nARG TAG=${NODE}-alpine\nFROM node:$TAG AS Build\nRUN npm ci\n\
             FROM build AS test\nRUN npm test\n\
             FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n\
             RUN --mount=type=cache,target=/x,from=test true\nCOPY --from=busybox:1.36 /bin/sh /sh\n",
        );
        let sem = Semantic::build(&df);
        assert_eq!(sem.stages.len(), 3);
        assert_eq!(sem.stages[0].name.as_deref(), Some("build"));
        assert_eq!(sem.stages[0].base_expanded, "node:20-alpine");
        match &sem.stages[0].base {
            Base::Image(r) => assert_eq!(r.tag.as_deref(), Some("20-alpine")),
            other => panic!("{other:?}"),
        }
        assert_eq!(sem.stages[1].base, Base::Stage(0));
        let deps: Vec<(DepKind, Option<usize>)> = sem.stages[2].deps.iter().map(|d| (d.kind, d.stage)).collect();
        assert_eq!(
            deps,
            vec![(DepKind::From, None), (DepKind::CopyFrom, Some(0)), (DepKind::MountFrom, Some(1)), (DepKind::CopyFrom, None)]
        );
        assert_eq!(sem.stages[2].deps[3].image.as_ref().unwrap().familiar_name(), "busybox");
        assert_eq!(sem.reaching(2), vec![true, true, true]);
        assert_eq!(sem.reaching(0), vec![true, false, false]);
        assert_eq!(sem.base_chain(1), vec![1, 0]);
        assert_eq!(sem.stage_of[1], None);
        assert_eq!(sem.stage_of[3], Some(0));
    }

    #[test]
    fn unreached_stage_and_numeric_from() {
        let df = parse("FROM alpine AS a\nFROM debian AS unused\nFROM scratch\nCOPY --from=0 /x /x\n");
        let sem = Semantic::build(&df);
        assert_eq!(sem.stages[2].base, Base::Scratch);
        assert_eq!(sem.reaching(2), vec![true, false, true]);
    }

    #[test]
    fn arg_env_scoping() {
        let df = parse(
            "ARG VERSION=1.2\nARG UNUSED=x\nFROM alpine:$VERSION AS base\nARG VERSION\nENV APP=/opt/app-$VERSION HOME2=$APP\n\
             RUN echo\nFROM base\nRUN echo\nARG LATE=l\nRUN echo\n",
        );
        let sem = Semantic::build(&df);
        assert_eq!(sem.stages[0].base_expanded, "alpine:1.2");
        let s = sem.scope_at(&df, 5);
        assert_eq!(s.get("VERSION"), Some("1.2"));
        assert_eq!(s.get("APP"), Some("/opt/app-1.2"));
        // Pairs of one ENV expand with the scope before the instruction.
        assert_eq!(s.get("HOME2"), Some(""));
        assert_eq!(s.get("UNUSED"), None, "meta args need an ARG in the stage");
        let child = sem.scope_at(&df, 7);
        assert_eq!(child.get("APP"), Some("/opt/app-1.2"), "ENV is inherited through FROM <stage>");
        assert!(child.get_var("VERSION").is_none(), "ARG is not inherited");
        assert_eq!(sem.scope_at(&df, 9).get("LATE"), Some("l"));
        // Before the first FROM, predefined platform args are visible.
        assert_eq!(sem.scope_at(&df, 1).get("TARGETARCH"), Some("amd64"));
    }

    #[test]
    fn inherited_env_through_a_chain_and_shadowing_args() {
        let df = parse(
            "FROM alpine AS a\nENV X=1 Y=1 Z=1\nARG Y=arg\nFROM a AS b\nENV Z=2\nRUN echo\n\
             FROM b\nARG Z\nRUN echo\nENV W=$X$Z\nRUN echo\n",
        );
        let sem = Semantic::build(&df);
        let b = sem.scope_at(&df, 5);
        assert_eq!(b.get("X"), Some("1"), "inherited from the grandparent through b");
        assert_eq!(b.get_var("Y"), None, "an ARG replaced Y's ENV in a, and ARGs do not carry over");
        assert_eq!(b.get("Z"), Some("2"));
        assert_eq!(b.get_var("Z").unwrap().instruction, Some(4));
        let c = sem.scope_at(&df, 8);
        assert_eq!(c.get_var("Z").unwrap().kind, VarKind::Arg, "the stage's ARG shadows the inherited ENV");
        assert_eq!(c.get("Z"), None, "no meta ARG Z: declared without a value");
        assert_eq!(sem.scope_at(&df, 10).get("W"), Some("1"));
        // The instruction's own declarations are not yet visible to it.
        assert_eq!(sem.scope_at(&df, 1).get_var("X"), None);
        assert_eq!(sem.scope_at(&df, 2).get("X"), Some("1"));
    }

    #[test]
    fn loose_scope_before_from_and_arg_defaults_anywhere() {
        let df = parse("ARG A=\"1\"\nENV E=\"e\"\nRUN echo\nFROM x\nARG L=late\nRUN echo\n");
        let sem = Semantic::build(&df);
        let s = sem.loose_scope_at(2);
        assert_eq!(s.get("A"), Some("1"), "quotes trimmed as hadolint reads them");
        assert_eq!(s.get("E"), Some("e"));
        assert_eq!(s.get("TARGETOS"), Some("linux"));
        assert_eq!(sem.loose_scope_at(1).get_var("E"), None);
        assert_eq!(sem.arg_default_before("L", 5).and_then(|v| v.value.as_deref()), Some("late"));
        assert_eq!(sem.arg_default_before("L", 4), None, "only declarations above the instruction");
        assert_eq!(sem.arg_default_before("A", 5).and_then(|v| v.instruction), Some(0));
    }

    #[test]
    fn many_declarations_share_one_table() {
        // 20,000 ENVs: every instruction's scope is a position in one table,
        // not a copy of the variables declared before it.
        let mut text = String::from("FROM alpine\n");
        text.push_str("ENV V0=x\n");
        for i in 1..20_000usize {
            text.push_str(&format!("ENV V{i}=${{V{}}}\n", i - 1));
        }
        text.push_str("RUN echo\n");
        let df = parse(&text);
        let sem = Semantic::build(&df);
        let last = sem.scope_at(&df, 20_001);
        assert!(last.vars.is_empty());
        assert_eq!(last.get("V19999"), Some("x"), "each ENV expands the one before it");
        assert_eq!(sem.scope_at(&df, 11).get_var("V9").and_then(|v| v.instruction), Some(10));
    }

    #[test]
    fn unresolved_bases() {
        let df = parse("FROM $UNSET\nFROM Bad:Ref\nFROM\n");
        let sem = Semantic::build(&df);
        assert!(sem.stages.iter().all(|s| matches!(s.base, Base::Unresolved(_))), "{:?}", sem.stages);
    }
}
