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

use crate::ast::{Args, Dockerfile, Keyword};
use crate::expand::{Env, Lexer};
use crate::TextRange;
pub use image::ImageRef;

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

/// Variables visible at a point; later declarations shadow earlier ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub vars: Vec<Var>,
}

impl Scope {
    /// The visible declaration of a name.
    pub fn get_var(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }
    fn set(&mut self, var: Var) {
        self.vars.retain(|v| v.name != var.name);
        self.vars.push(var);
    }
}

impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.get_var(name).and_then(|v| v.value.as_deref())
    }
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
}

fn predefined_scope() -> Scope {
    let mut s = Scope::default();
    for (n, v) in PREDEFINED_PLATFORM_ARGS {
        s.set(Var { name: n.into(), value: Some(v.into()), kind: VarKind::Predefined, instruction: None, range: None });
    }
    s
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
        let expand = |text: &str, scope: &Scope| match lexer.process_word(text, scope) {
            Ok(e) => e.value,
            Err(_) => text.to_string(),
        };
        let mut sem = Semantic { stage_of: vec![None; df.instructions.len()], ..Semantic::default() };
        let mut global = predefined_scope();
        let first_from = df.instructions.iter().position(|i| i.keyword == Keyword::From).unwrap_or(df.instructions.len());
        for (idx, inst) in df.instructions.iter().enumerate().take(first_from) {
            if inst.keyword == Keyword::Arg {
                for (name, default, range) in arg_decls(&inst.args) {
                    let value = default.map(|d| expand(&d, &global));
                    let var = Var { name, value, kind: VarKind::MetaArg, instruction: Some(idx), range: Some(range) };
                    sem.meta_args.push(var.clone());
                    global.set(var);
                }
            }
        }
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
            } else if let Some(p) = sem.stage_index(&base_expanded) {
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
            // Dependencies from COPY --from and RUN --mount=from=.
            for idx in fi + 1..end {
                let inst = df.instructions[idx].effective();
                if df.instructions[idx].keyword == Keyword::Onbuild {
                    continue; // runs in a downstream build, not here
                }
                // Scopes cost a walk of the stage: compute one only for a
                // reference that has a variable in it.
                let mut scope: Option<Scope> = None;
                let mut expand_ref = |v: &str| {
                    if v.contains('$') {
                        let sc = scope.get_or_insert_with(|| sem.scope_at(df, idx));
                        expand(v, sc)
                    } else {
                        v.to_string()
                    }
                };
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
                    let stage = sem.stage_index(&reference).filter(|&s| s < si);
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
        let lower = reference.to_ascii_lowercase();
        if let Some(s) = self.stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
            return Some(s.index);
        }
        reference.parse::<usize>().ok().filter(|&i| i < self.stages.len())
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
        while let Some(Base::Stage(p)) = self.stages.get(cur).map(|s| &s.base) {
            if chain.contains(p) || *p >= cur {
                break;
            }
            chain.push(*p);
            cur = *p;
        }
        chain
    }

    /// The variables visible to an instruction (its own declarations not
    /// yet applied).
    pub fn scope_at(&self, df: &Dockerfile, instruction: usize) -> Scope {
        let lexer = Lexer::new(df.escape);
        let mut global = predefined_scope();
        for v in &self.meta_args {
            global.set(v.clone());
        }
        let Some(Some(si)) = self.stage_of.get(instruction) else {
            // Before the first FROM: the meta args declared so far.
            let mut s = predefined_scope();
            for v in self.meta_args.iter().filter(|v| v.instruction.is_some_and(|i| i < instruction)) {
                s.set(v.clone());
            }
            return s;
        };
        // Inherited ENV through FROM <stage>, oldest first.
        let chain = self.base_chain(*si);
        let mut scope = Scope::default();
        for &st in chain.iter().rev() {
            let stage = &self.stages[st];
            let upto = if st == *si { instruction } else { stage.instructions.end };
            for idx in stage.from_instruction + 1..upto.min(stage.instructions.end) {
                let inst = &df.instructions[idx];
                match inst.keyword {
                    Keyword::Arg => {
                        for (name, default, range) in arg_decls(&inst.args) {
                            let value = match default {
                                Some(d) => Some(lexer.process_word(&d, &scope).map(|e| e.value).unwrap_or(d)),
                                None => global.get_var(&name).and_then(|g| g.value.clone()),
                            };
                            scope.set(Var { name, value, kind: VarKind::Arg, instruction: Some(idx), range: Some(range) });
                        }
                    }
                    Keyword::Env => {
                        if let Args::KeyValues(kvs) = &inst.args {
                            // All pairs of one ENV expand with the scope before it.
                            let before = scope.clone();
                            for kv in kvs {
                                let value = lexer
                                    .process_word(&kv.value.value, &before)
                                    .map(|e| e.value)
                                    .unwrap_or_else(|_| kv.value.value.clone());
                                scope.set(Var {
                                    name: kv.key.value.clone(),
                                    value: Some(value),
                                    kind: VarKind::Env,
                                    instruction: Some(idx),
                                    range: Some(kv.key.range),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            if st != *si {
                // ARGs do not carry over to a child stage.
                scope.vars.retain(|v| v.kind == VarKind::Env);
            }
        }
        scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn unresolved_bases() {
        let df = parse("FROM $UNSET\nFROM Bad:Ref\nFROM\n");
        let sem = Semantic::build(&df);
        assert!(sem.stages.iter().all(|s| matches!(s.base, Base::Unresolved(_))), "{:?}", sem.stages);
    }
}
