//! What a rule reads: the syntax tree, the semantic model, the shell model of
//! every RUN, the `.dockerignore`, and the configuration.

use crate::ast::{Args, Dockerfile, Instruction, Keyword};
use crate::dockerignore::DockerIgnore;
use crate::semantic::Semantic;
use crate::shell::{self, Script};
use crate::TextRange;
use std::sync::Arc;

use super::Config;

/// Where a script's text comes from, for mapping its ranges to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptOrigin {
    /// The shell-form command of the instruction; ranges are offsets into the
    /// command text, which starts at this offset of the logical line.
    Command { logical_base: usize },
    /// A heredoc body run as a script; ranges are offsets from this source
    /// offset (the body's bytes are the script's bytes).
    Heredoc { source_base: usize },
}

/// The shell model of one RUN (its command, or a heredoc script).
#[derive(Debug)]
pub struct RunScript {
    /// Index into `Dockerfile::instructions` (an ONBUILD RUN counts).
    pub instruction: usize,
    /// The script text.
    pub text: String,
    /// Shared with the context of an edited file when the text is the same
    /// (`Context::for_estimate`).
    pub script: Arc<Script>,
    pub origin: ScriptOrigin,
}

/// Everything rules can look at.
pub struct Context<'a> {
    pub df: &'a Dockerfile,
    pub sem: Semantic,
    pub dockerignore: Option<&'a DockerIgnore>,
    pub config: &'a Config,
    pub scripts: Vec<RunScript>,
    /// For each stage, whether building the target needs it.
    pub reaching: Vec<bool>,
    /// Stages whose filesystem ends up in the target image (the target and
    /// the stages it is built `FROM`).
    pub final_chain: Vec<usize>,
    /// For each stage, whether it is in `final_chain`.
    in_final: Vec<bool>,
    /// For each instruction, the range of `scripts` it owns (scripts are
    /// built in instruction order).
    script_spans: Vec<std::ops::Range<usize>>,
    /// Per-instruction working directories, computed once on first use by
    /// the rules that need them (`rules::size::util::workdir_at`).
    pub(crate) workdirs: std::cell::OnceCell<Vec<Option<String>>>,
    /// Per instruction, the working directory of each command of its
    /// scripts, computed once on first use (`rules::size::util::commands`).
    #[allow(clippy::type_complexity)]
    pub(crate) command_cwds: std::cell::OnceCell<Vec<Vec<(Option<String>, Option<TextRange>)>>>,
    /// BuildKit's global args for FROM lines, computed once on first use
    /// (`rules::buildkit::global_args`).
    pub(crate) global_args: std::cell::OnceCell<(crate::rules::buildkit::EnvList, Vec<String>)>,
}

/// Shells that run a heredoc body as a script when named alone.
const SCRIPT_SHELLS: [&str; 5] = ["sh", "bash", "ash", "dash", "zsh"];

impl<'a> Context<'a> {
    pub fn new(df: &'a Dockerfile, dockerignore: Option<&'a DockerIgnore>, config: &'a Config) -> Context<'a> {
        let sem = Semantic::build(df);
        Context::with_scripts(df, sem, dockerignore, config, |_| true, None)
    }

    /// A context for the estimator of `target` (a stage name or number, as
    /// `estimate::estimate` takes it; `None`: the last stage): the RUN
    /// scripts are parsed only for the stages the target is built `FROM`
    /// (the only ones the estimator reads), and a script whose text is one
    /// of `reuse`'s is shared with it rather than parsed again
    /// (`shell::parse` depends on the text alone).
    pub(crate) fn for_estimate(
        df: &'a Dockerfile,
        dockerignore: Option<&'a DockerIgnore>,
        config: &'a Config,
        target: Option<&str>,
        reuse: Option<&Context>,
    ) -> Context<'a> {
        let sem = Semantic::build(df);
        let mut wanted = vec![false; df.instructions.len()];
        if let Some(t) = crate::estimate::target_stage(&sem, target) {
            for si in sem.base_chain(t) {
                if let Some(stage) = sem.stages.get(si) {
                    for idx in stage.instructions.clone() {
                        if let Some(w) = wanted.get_mut(idx) {
                            *w = true;
                        }
                    }
                }
            }
        }
        Context::with_scripts(df, sem, dockerignore, config, |idx| wanted.get(idx) == Some(&true), reuse)
    }

    fn with_scripts(
        df: &'a Dockerfile,
        sem: Semantic,
        dockerignore: Option<&'a DockerIgnore>,
        config: &'a Config,
        wanted: impl Fn(usize) -> bool,
        reuse: Option<&Context>,
    ) -> Context<'a> {
        let known: std::collections::HashMap<&str, &Arc<Script>> =
            reuse.map(|c| c.scripts.iter().map(|s| (s.text.as_str(), &s.script)).collect()).unwrap_or_default();
        let parse = |text: &str| match known.get(text) {
            Some(s) => Arc::clone(s),
            None => Arc::new(shell::parse(text)),
        };
        let mut scripts = Vec::new();
        for (idx, outer) in df.instructions.iter().enumerate() {
            let inst = outer.effective();
            if inst.keyword != Keyword::Run || !wanted(idx) {
                continue;
            }
            let Args::Shell(cmd) = &inst.args else { continue };
            let parsed = parse(&cmd.value);
            // A heredoc body is a script when the command is only the heredoc
            // or a shell reading it (`RUN <<EOF`, `RUN bash <<EOF`).
            let body_is_script = !inst.heredocs.is_empty() && {
                let words: Vec<&str> = parsed
                    .commands
                    .first()
                    .map(|c| c.words.iter().map(|w| w.value.as_str()).collect())
                    .unwrap_or_default();
                words.is_empty() || (words.len() == 1 && SCRIPT_SHELLS.contains(&words[0]))
            };
            scripts.push(RunScript {
                instruction: idx,
                text: cmd.value.clone(),
                script: parsed,
                origin: ScriptOrigin::Command { logical_base: cmd.logical.start },
            });
            if body_is_script {
                for h in &inst.heredocs {
                    scripts.push(RunScript {
                        instruction: idx,
                        text: h.content.clone(),
                        script: parse(&h.content),
                        origin: ScriptOrigin::Heredoc { source_base: h.body_range.start },
                    });
                }
            }
        }
        let target = sem.default_target();
        let reaching = target.map(|t| sem.reaching(t)).unwrap_or_default();
        let final_chain = target.map(|t| sem.base_chain(t)).unwrap_or_default();
        let mut in_final = vec![false; sem.stages.len()];
        for &s in &final_chain {
            if let Some(f) = in_final.get_mut(s) {
                *f = true;
            }
        }
        let mut script_spans = vec![0..0; df.instructions.len()];
        let mut k = 0;
        while k < scripts.len() {
            let idx = scripts[k].instruction;
            let start = k;
            while k < scripts.len() && scripts[k].instruction == idx {
                k += 1;
            }
            script_spans[idx] = start..k;
        }
        Context {
            df,
            sem,
            dockerignore,
            config,
            scripts,
            reaching,
            final_chain,
            in_final,
            script_spans,
            workdirs: std::cell::OnceCell::new(),
            command_cwds: std::cell::OnceCell::new(),
            global_args: std::cell::OnceCell::new(),
        }
    }

    /// The source text of a range.
    pub fn text(&self, range: TextRange) -> &'a str {
        range.slice(&self.df.source)
    }

    /// Every instruction with its index; ONBUILD instructions yield the
    /// instruction they wrap.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
        self.df.instructions.iter().enumerate().map(|(i, inst)| (i, inst.effective()))
    }

    /// Whether instruction `idx` is an ONBUILD trigger.
    pub fn is_onbuild(&self, idx: usize) -> bool {
        self.df.instructions.get(idx).is_some_and(|i| i.keyword == Keyword::Onbuild)
    }

    /// The scripts of one instruction.
    pub fn scripts_of(&self, idx: usize) -> impl Iterator<Item = &RunScript> {
        let span = self.script_spans.get(idx).cloned().unwrap_or(0..0);
        self.scripts[span].iter()
    }

    /// Maps a range of a script to the file.
    pub fn source_range(&self, script: &RunScript, range: TextRange) -> TextRange {
        match script.origin {
            ScriptOrigin::Command { logical_base } => {
                let inst = self.df.instructions[script.instruction].effective();
                inst.logical.range_to_source(range.shift(logical_base))
            }
            ScriptOrigin::Heredoc { source_base } => range.shift(source_base),
        }
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, idx: usize) -> Option<usize> {
        self.sem.stage_of.get(idx).copied().flatten()
    }

    /// Whether the instruction's layer ends up in the target image.
    pub fn in_final_image(&self, idx: usize) -> bool {
        self.stage_of(idx).is_some_and(|s| self.in_final.get(s).copied().unwrap_or(false))
    }
}
