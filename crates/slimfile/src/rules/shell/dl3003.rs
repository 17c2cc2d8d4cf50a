use super::util::{posix_shell, program_range, runs, Run};
use crate::ast::{Args, Keyword};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::shell::ConnectorKind;
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `cd` in RUN.
    ///
    /// ## Why it matters
    /// `cd` only lasts until the end of the RUN, so the next instruction is
    /// back in the old directory; that is easy to misread, and every RUN that
    /// needs the directory has to repeat it. `WORKDIR` sets it for all that
    /// follows and documents it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN make
    /// ```
    ///
    /// ## Fix safety
    /// Offered only for the simple case `RUN cd DIR && rest` (shell form, no
    /// flags, a plain absolute DIR or one relative to a known WORKDIR, no `||`
    /// or `&` at the top level, no comment in the removed text): `WORKDIR
    /// DIR` (made absolute) is inserted before the RUN and `cd DIR &&`
    /// removed. Safe when the working directory of what
    /// follows stays the same: nothing later in the stage depends on it (or
    /// an absolute `WORKDIR` comes first), or the stage's previous absolute
    /// `WORKDIR` is known and restored after the RUN. Otherwise unsafe: later
    /// instructions (and the image's working directory) would change. One
    /// difference remains: WORKDIR creates a missing directory where `cd`
    /// would fail the build.
    ///
    /// ## Equivalents
    /// hadolint DL3003; Trivy DS013; KICS "run command cd instead of
    /// workdir".
    pub static RULE = {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use WORKDIR to switch to a directory",
        check: check,
    }
}

/// Instructions whose meaning does not depend on the working directory.
const WORKDIR_FREE: &[Keyword] =
    &[Keyword::Env, Keyword::Arg, Keyword::Label, Keyword::Expose, Keyword::Stopsignal, Keyword::User, Keyword::Shell, Keyword::Maintainer];

/// `RUN cd DIR && rest` → `WORKDIR DIR` + `RUN rest` (+ the previous WORKDIR
/// restored after it when needed); `cmd` is the index of the `cd` command.
fn workdir_fix(ctx: &Context, run: &Run, cmd: usize) -> Option<Fix> {
    // Flags stay out: a relative mount target resolves against WORKDIR.
    if cmd != 0 || run.onbuild || !run.inst.heredocs.is_empty() || !run.inst.flags.is_empty() || !posix_shell(ctx, run.idx) {
        return None;
    }
    let Args::Shell(_) = &run.inst.args else { return None };
    let [script] = run.scripts.as_slice() else { return None };
    let s = &script.script;
    let cd = s.commands.first()?;
    if !s.diagnostics.is_empty() || cd.nesting != Default::default() || !cd.assignments.is_empty() || !cd.redirects.is_empty() {
        return None;
    }
    let [_, dir] = cd.words.as_slice() else { return None };
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+@".contains(c);
    if dir.has_expansion || dir.quoted || dir.value.starts_with('-') || !dir.value.chars().all(plain) {
        return None;
    }
    // The top-level list: `cd DIR` alone in its pipeline, then `&&`, and no
    // `||` or `&` after it.
    let top: Vec<&crate::shell::Pipeline> = s.pipelines.iter().filter(|p| p.block == 0).collect();
    let (first, second) = (top.first()?, top.get(1)?);
    if first.elements.len() != 1 || first.negated || second.connector.kind != ConnectorKind::And {
        return None;
    }
    if top.iter().any(|p| p.background || p.connector.kind == ConnectorKind::Or) {
        return None;
    }
    let removed = ctx.source_range(script, TextRange::new(cd.range.start, second.range.start));
    if ctx.text(removed).contains('#') {
        return None;
    }
    let src = &ctx.df.source;
    let line_start = src[..run.inst.range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..run.inst.range.start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    // The working directory before this RUN: the stage's last WORKDIR, when
    // it is absolute and literal.
    let stage = ctx.stage_of(run.idx);
    let mut prev: Option<String> = None;
    for (i, inst) in ctx.instructions().take(run.idx) {
        if ctx.stage_of(i) != stage || inst.keyword != Keyword::Workdir || ctx.is_onbuild(i) {
            continue;
        }
        prev = workdir_arg(inst).filter(|w| w.starts_with('/') && !w.contains('$'));
    }
    // WORKDIR takes an absolute path (a relative one is DL3000's error).
    let target = if dir.value.starts_with('/') {
        dir.value.clone()
    } else {
        let rel = dir.value.trim_start_matches("./");
        if rel.split('/').any(|p| p == "..") {
            return None;
        }
        format!("{}/{rel}", prev.as_deref()?.trim_end_matches('/'))
    };
    let nl = super::util::line_break(ctx);
    let mut edits = vec![Edit::insert(run.inst.range.start, format!("WORKDIR {target}{nl}{indent}")), Edit::delete(removed)];
    // Does the working directory matter after this RUN?
    let mut matters = false;
    for (i, inst) in ctx.instructions().skip(run.idx + 1) {
        if ctx.stage_of(i) != stage || inst.keyword == Keyword::From {
            break;
        }
        if ctx.is_onbuild(i) {
            matters = true;
            break;
        }
        if inst.keyword == Keyword::Workdir && workdir_arg(inst).is_some_and(|w| w.starts_with('/')) {
            break;
        }
        if !WORKDIR_FREE.contains(&inst.keyword) {
            matters = true;
            break;
        }
    }
    // The end of the stage: the image (or a stage built FROM it) keeps the
    // working directory.
    let last_of_stage = !ctx.instructions().skip(run.idx + 1).any(|(i, inst)| {
        ctx.stage_of(i) == stage && inst.keyword == Keyword::Workdir && workdir_arg(inst).is_some_and(|w| w.starts_with('/'))
    });
    matters |= last_of_stage;
    let title = format!("move the `cd` to `WORKDIR {target}`");
    if !matters {
        return Some(Fix::safe(title, edits));
    }
    let Some(prev) = prev else {
        return Some(Fix::unsafe_(format!("{title} (later instructions then also run there)"), edits));
    };
    let end = run.inst.range.end;
    let restore = match src[end..].find('\n') {
        Some(at) => Edit::insert(end + at + 1, format!("{indent}WORKDIR {prev}{nl}")),
        None => Edit::insert(src.len(), format!("{nl}{indent}WORKDIR {prev}")),
    };
    edits.push(restore);
    Some(Fix::safe(format!("{title} and restore `WORKDIR {prev}` after the RUN"), edits))
}

/// A WORKDIR's path as written.
fn workdir_arg(inst: &crate::ast::Instruction) -> Option<String> {
    match &inst.args {
        Args::Text(w) => Some(w.value.trim().to_string()),
        _ => None,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, i, cmd) in run.named(&["cd"]) {
            let v = Violation::new(program_range(ctx, script, cmd), "`cd` in RUN: use WORKDIR to switch directories")
                .note("the directory change ends with the RUN; WORKDIR applies to every following instruction");
            out.push(match workdir_fix(ctx, &run, i) {
                Some(fix) => v.with_fix(fix),
                None => v.fix_title("use `WORKDIR <dir>` before this RUN"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM x\nRUN cd /opt && make\n", "DL3003");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "cd");
        assert_eq!(f[0].1, "`cd` in RUN: use WORKDIR to switch directories");
        assert!(ranges("FROM x\nWORKDIR /opt\nRUN make\n", "DL3003").is_empty());
    }
}
