use crate::ast::{Args, Keyword};
use crate::lint::context::RunScript;
use crate::lint::{Context, Violation};
use crate::semantic::Base;
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN with a pipe (`a | b`) when the stage's shell does not have
    /// `pipefail` set: no earlier `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
    /// (bash, zsh, ash or ksh with `-o pipefail`) in the stage or the stage it
    /// is built `FROM`, and no `set -o pipefail` before the pipe in the RUN.
    /// Stages whose SHELL is not a POSIX shell (PowerShell, cmd) are skipped.
    ///
    /// ## Why it matters
    /// A pipeline's status is its last command's: in
    /// `RUN wget -O - https://x | tar xz` a failed download still lets the
    /// build go on, producing a broken image. With `pipefail` any failing
    /// command fails the step.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget -O - https://example.com/app.tar.gz | tar xz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -O - https://example.com/app.tar.gz | tar xz
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before
    /// the stage's first RUN with a pipe (once per stage). Unsafe when the
    /// base image is known to have bash (Debian, Ubuntu and RHEL-family
    /// images and the official images built on them, not their `alpine`
    /// tags): every later RUN of the stage then runs in bash instead of
    /// `sh`, and a pipe that failed silently now fails the build; `echo`
    /// also treats backslashes differently in bash than in dash. For any
    /// other base (BusyBox and Alpine have `ash`, not `bash`) the same edit
    /// is display-only.
    ///
    /// ## Equivalents
    /// hadolint DL4006; KICS "shell running a pipe without pipefail flag";
    /// Semgrep set-pipefail.
    pub static RULE = {
        code: "DL4006",
        name: "pipe-without-pipefail",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Set the SHELL option -o pipefail before RUN with a pipe in it",
        fix_keeps_size: true,
        check: check,
    }
}

/// What the SHELL in force means for pipes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShellState {
    NoPipefail,
    Pipefail,
    /// PowerShell, cmd: not checked.
    NonPosix,
}

fn basename(s: &str) -> &str {
    s.rsplit(['/', '\\']).next().unwrap_or(s)
}

fn shell_state(args: &Args) -> ShellState {
    let Args::Exec(words) = args else { return ShellState::NoPipefail };
    let Some(first) = words.first() else { return ShellState::NoPipefail };
    let prog = basename(&first.value).to_ascii_lowercase();
    if ["pwsh", "powershell", "cmd"].iter().any(|p| prog.starts_with(p)) {
        return ShellState::NonPosix;
    }
    let supports = ["bash", "zsh", "ash", "ksh", "mksh"].contains(&prog.as_str());
    let has_o = words[1..].iter().any(|w| w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('o'));
    let pipefail = words[1..].iter().any(|w| w.value == "pipefail");
    if supports && has_o && pipefail {
        ShellState::Pipefail
    } else {
        ShellState::NoPipefail
    }
}

/// The first `|` of a script not preceded by a top-level `set -o pipefail`.
fn unguarded_pipe(script: &RunScript) -> Option<TextRange> {
    let s = &script.script;
    let first = s.pipelines.iter().flat_map(|p| p.pipes.iter()).min_by_key(|r| r.start)?;
    let guarded = s.commands.iter().any(|c| {
        c.range.start < first.start
            && c.nesting.depth == 0
            && c.name() == Some("set")
            && c.words.iter().any(|w| w.value == "pipefail")
            && c.words.iter().any(|w| w.value.starts_with('-') && w.value.contains('o'))
    });
    (!guarded).then_some(*first)
}

/// Official images (and their families) that ship bash, except their
/// Alpine-based tags.
const BASH_IMAGES: &[&str] = &[
    "debian", "ubuntu", "buildpack-deps", "python", "node", "golang", "ruby", "php", "openjdk", "eclipse-temurin",
    "amazoncorretto", "rust", "maven", "gradle", "perl", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux",
    "oraclelinux", "nginx", "httpd", "postgres", "redis", "mysql", "mariadb", "mongo", "elixir", "erlang", "haskell",
    "julia", "r-base", "swift", "gcc", "clojure", "groovy", "tomcat", "jenkins/jenkins",
];

/// Whether the RUN's stage is built on an image known to have bash.
fn has_bash(ctx: &Context, idx: usize) -> bool {
    let Some(stage) = ctx.stage_of(idx) else { return false };
    let chain = ctx.sem.base_chain(stage);
    let Some(root) = chain.last().and_then(|&s| ctx.sem.stages.get(s)) else { return false };
    let Base::Image(img) = &root.base else { return false };
    let repo = img.repository.strip_prefix("library/").unwrap_or(&img.repository);
    let tag = img.tag.as_deref().unwrap_or("latest");
    img.registry == "docker.io"
        && BASH_IMAGES.contains(&repo)
        && !["alpine", "busybox", "windows", "nanoserver", "distroless"].iter().any(|t| tag.contains(t))
}

/// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` on its own line before RUN `idx`.
fn shell_fix(ctx: &Context, idx: usize, inst: &crate::ast::Instruction) -> Option<crate::fix::Fix> {
    if ctx.is_onbuild(idx) {
        return None;
    }
    let src = &ctx.df.source;
    let line_start = src[..inst.range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..inst.range.start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let nl = super::util::line_break(ctx);
    let edit = crate::fix::Edit::insert(inst.range.start, format!("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]{nl}{indent}"));
    let title = "set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN";
    Some(if has_bash(ctx, idx) {
        crate::fix::Fix::unsafe_(title, vec![edit])
    } else {
        crate::fix::Fix::display_only(format!("{title} (if the image has bash)"), vec![edit])
    })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut end_state: Vec<ShellState> = vec![ShellState::NoPipefail; ctx.sem.stages.len()];
    let mut state = ShellState::NoPipefail;
    let mut stage: Option<usize> = None;
    let mut fixed_stage: Option<usize> = None;
    for (idx, outer) in ctx.df.instructions.iter().enumerate() {
        match outer.keyword {
            Keyword::From => {
                if let Some(s) = stage {
                    if let Some(e) = end_state.get_mut(s) {
                        *e = state;
                    }
                }
                stage = ctx.stage_of(idx);
                // A stage built FROM another stage inherits its SHELL.
                state = match stage.and_then(|s| ctx.sem.stages.get(s)).map(|s| &s.base) {
                    Some(Base::Stage(p)) => end_state.get(*p).copied().unwrap_or(ShellState::NoPipefail),
                    _ => ShellState::NoPipefail,
                };
            }
            Keyword::Shell => state = shell_state(&outer.args),
            Keyword::Run if state == ShellState::NoPipefail => {
                for script in ctx.scripts_of(idx) {
                    if let Some(pipe) = unguarded_pipe(script) {
                        let v = Violation::new(ctx.source_range(script, pipe), "pipe in a RUN without `pipefail`")
                            .note("a pipeline's status is its last command's: a failure earlier in the pipe goes unnoticed");
                        let fix = (fixed_stage != stage || stage.is_none()).then(|| shell_fix(ctx, idx, outer)).flatten();
                        fixed_stage = stage;
                        out.push(match fix {
                            Some(f) => v.with_fix(f),
                            None => v.fix_title("set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN"),
                        });
                        break;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM x\nRUN wget -O - https://e | wc -l\n";
        let f = findings(src, "DL4006");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "|");
        assert_eq!(f[0].1, "pipe in a RUN without `pipefail`");
        let sh = "FROM x\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n";
        assert_eq!(ranges(sh, "DL4006").len(), 1);
        let next = "FROM x\nSHELL [\"bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM y\nRUN a | b\n";
        assert_eq!(ranges(next, "DL4006").len(), 1);
    }

    #[test]
    fn passes() {
        for src in [
            "FROM x\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM x\nSHELL [\"/usr/bin/zsh\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM x\nSHELL [\"pwsh\", \"-c\"]\nRUN a | b\n",
            "FROM x AS b\nSHELL [\"bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM b\nRUN a | b\n",
            "FROM x\nRUN set -euo pipefail && a | b\n",
            "FROM x\nRUN a && b\n",
        ] {
            assert!(ranges(src, "DL4006").is_empty(), "{src}");
        }
    }
}
