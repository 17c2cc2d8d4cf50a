use super::util::{
    append_point, last_run_using, mounts_under, runs, ships, span, subcommand, unclean_install, APT_GET_VALUE_OPTS,
};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::ast::Keyword;

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `apt-get update` (or `apt update`, `aptitude
    /// update`) without removing `/var/lib/apt/lists` afterwards, in a stage
    /// whose filesystem ends up in the built image (the target stage and the
    /// stages it is built `FROM`; an ONBUILD trigger always). A cache or tmpfs
    /// mount on `/var/lib/apt/lists` (or on both `/var/lib/apt` and
    /// `/var/cache/apt`) keeps the lists out of the layer and satisfies it.
    ///
    /// ## Why it matters
    /// The package lists are only needed while installing. Left in the layer
    /// they cost on the order of 15–50 MB: the `Packages` indexes of every
    /// enabled suite and component that `apt-get update` downloads (Debian's
    /// main component for one architecture is about 10 MB compressed, which
    /// is how the official images keep them; Ubuntu with universe enabled is
    /// larger). Deleting them in a later RUN does not help: the earlier layer
    /// still holds them.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    /// or `RUN --mount=type=cache,target=/var/lib/apt/lists ...`.
    ///
    /// ## Fix safety
    /// A RUN that is only `apt-get update`, followed (past ENV, ARG, LABEL,
    /// EXPOSE or WORKDIR only) by a RUN of `&&`-joined commands that installs
    /// with apt, gets a safe fix that moves the update to the front of that
    /// RUN (the lists are then removed by this fix on the merged RUN).
    /// Otherwise the fix appends ` && rm -rf /var/lib/apt/lists/*` to a plain
    /// shell-form RUN (not heredocs, not when the command ends in `;`, `&` or
    /// a comment). It is safe when no later RUN uses apt; otherwise it is
    /// marked unsafe, since a later `apt-get install` that relied on these
    /// lists would need its own `apt-get update`.
    ///
    /// ## Equivalents
    /// hadolint DL3009; KICS "APT-GET lists not deleted"; dockerfilelint
    /// apt-get_missing_rm; binnacle aptGetInstallRmAptLists.
    pub static RULE = {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Delete the apt-get lists after installing something",
        check: check,
    }
}

const APT: &[&str] = &["apt-get", "apt", "aptitude"];

/// A RUN that is only `apt-get update`, followed (past ENV, ARG, LABEL,
/// EXPOSE or WORKDIR only) by a RUN of `&&`-joined commands that installs
/// with apt: the update moves to the front of that RUN, so both always run
/// together (a cached lone update otherwise leaves the install with stale
/// lists).
fn merge_lone_update(ctx: &Context, run: &super::util::Run, update: &crate::shell::Command) -> Option<Fix> {
    let [script] = run.scripts.as_slice() else { return None };
    if script.script.commands.len() != 1 || !script.script.compounds.is_empty() || !update.redirects.is_empty() {
        return None;
    }
    if run.onbuild || !run.inst.flags.is_empty() || !run.inst.heredocs.is_empty() || !super::util::posix_shell(ctx, run.idx) {
        return None;
    }
    let df = ctx.df;
    let stage = ctx.stage_of(run.idx);
    let mut later = None;
    for (i, inst) in ctx.instructions().skip(run.idx + 1) {
        if ctx.stage_of(i) != stage || ctx.is_onbuild(i) {
            return None;
        }
        match inst.keyword {
            Keyword::Env | Keyword::Arg | Keyword::Label | Keyword::Expose | Keyword::Workdir => continue,
            Keyword::Run => {
                later = Some(super::util::Run { idx: i, inst, onbuild: false, scripts: ctx.scripts_of(i).collect() });
                break;
            }
            _ => return None,
        }
    }
    let later = later?;
    if !later.inst.flags.is_empty() || !later.inst.heredocs.is_empty() {
        return None;
    }
    let [ls] = later.scripts.as_slice() else { return None };
    let s = &ls.script;
    let top: Vec<&crate::shell::Pipeline> = s.pipelines.iter().filter(|p| p.block == 0).collect();
    if !s.diagnostics.is_empty() || top.iter().skip(1).any(|p| p.connector.kind != crate::shell::ConnectorKind::And) {
        return None;
    }
    if top.iter().any(|p| p.background) || super::util::apt_get_installs(&later).is_empty() && later.named(&["apt"]).next().is_none() {
        return None;
    }
    let first = ctx.source_range(ls, top.first()?.range).start;
    let update_text = ctx.text(ctx.source_range(script, update.range));
    let src = &df.source;
    let r = run.inst.range;
    let line_start = src[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[r.end..].find('\n').map_or(src.len(), |i| r.end + i + 1);
    let removed = crate::TextRange::new(line_start, end);
    if !src[line_start..r.start].trim().is_empty() || removed.slice(src).contains('#') || update_text.contains(['$', '`', '\n']) {
        return None;
    }
    Some(Fix::safe(
        format!("run `{update_text}` in the RUN that installs (line {})", df.line_of(later.inst.range.start)),
        vec![Edit::delete(removed), Edit::insert(first, format!("{update_text} && "))],
    ))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let last_user = last_run_using(ctx, APT);
    for run in runs(ctx) {
        if !ships(ctx, run.idx) {
            continue;
        }
        if mounts_under(run.inst, "/var/lib/apt/lists")
            || (mounts_under(run.inst, "/var/lib/apt") && mounts_under(run.inst, "/var/cache/apt"))
        {
            continue;
        }
        // The last `apt-get update` not followed by an `rm` of the lists.
        let update = unclean_install(
            &run,
            |c| {
                if !c.name().is_some_and(|n| APT.contains(&n)) {
                    return None;
                }
                subcommand(c, APT_GET_VALUE_OPTS).filter(|w| w.value == "update")
            },
            |c| {
                c.name() == Some("rm")
                    && c.positional_args(&[]).iter().any(|w| w.value.trim_end_matches('/').starts_with("/var/lib/apt/lists"))
            },
        );
        let Some((script, cmd, sub)) = update else { continue };
        let program = cmd.name().unwrap_or("apt-get");
        let mut v = Violation::new(
            span(ctx, script, cmd, sub),
            format!("`{program} update` leaves the package lists in the image"),
        )
        .note("/var/lib/apt/lists is only needed while installing; left in the layer it typically adds 15-50 MB");
        if let Some(fix) = merge_lone_update(ctx, &run, cmd) {
            out.push(v.with_fix(fix));
            continue;
        }
        match append_point(ctx, &run) {
            Some(at) => {
                let edit = Edit::insert(at, " && rm -rf /var/lib/apt/lists/*");
                let title = "remove the lists at the end of the RUN: `&& rm -rf /var/lib/apt/lists/*`";
                let fix = if last_user.is_some_and(|l| l > run.idx) {
                    Fix::unsafe_(title, vec![edit])
                } else {
                    Fix::safe(title, vec![edit])
                };
                v = v.with_fix(fix);
            }
            None => v = v.fix_title("remove /var/lib/apt/lists/* in the same RUN, or use a cache mount on it"),
        }
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl  \n";
        let f = findings(src, "DL3009");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "apt-get update");
        assert_eq!(f[0].1, "`apt-get update` leaves the package lists in the image");
        assert_eq!(
            f[0].2.as_deref(),
            Some("FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*  \n")
        );
    }

    #[test]
    fn removal_before_update_does_not_count() {
        let src = "FROM debian\nRUN rm -rf /var/lib/apt/lists/* && apt-get update\n";
        assert_eq!(ranges(src, "DL3009"), vec!["apt-get update"]);
    }

    #[test]
    fn no_fix_when_unsure() {
        for src in [
            "FROM debian\nRUN apt-get update; apt-get install -y curl;\n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl # done\n",
            "FROM debian\nRUN <<EOF\napt-get update\nEOF\n",
        ] {
            let f = findings(src, "DL3009");
            assert_eq!(f.len(), 1, "{src}");
            assert_eq!(f[0].2, None, "{src}");
        }
    }

    #[test]
    fn does_not_fire() {
        for src in [
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=tmpfs,target=/var/cache/apt apt-get update\n",
            "FROM debian AS build\nRUN apt-get update\nFROM scratch\nCOPY --from=build /x /x\n",
            "FROM debian\nRUN apt-get install -y curl\n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -r /var/lib/apt/lists\n",
        ] {
            assert!(ranges(src, "DL3009").is_empty(), "{src}");
        }
    }

    #[test]
    fn fires_in_base_stage_of_target_and_onbuild() {
        assert_eq!(ranges("FROM debian AS base\nRUN apt update\nFROM base\nRUN true\n", "DL3009"), vec!["apt update"]);
        assert_eq!(ranges("FROM debian AS b\nONBUILD RUN apt-get update\nFROM scratch\n", "DL3009").len(), 1);
    }

    #[test]
    fn later_apt_makes_fix_unsafe() {
        let src = "FROM debian\nRUN apt-get update\nCOPY x /x\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
        let f = report.findings.iter().find(|f| f.diagnostic.code == "DL3009").unwrap();
        assert_eq!(f.diagnostic.fix.as_ref().unwrap().applicability, crate::fix::Applicability::Unsafe);
    }

    #[test]
    fn lone_update_moves_into_the_install() {
        let src = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let f = findings(src, "DL3009");
        assert_eq!(
            f[0].2.as_deref(),
            Some("FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
        );
        // Not past a `;` (the update's failure would be masked) or a COPY.
        for src in [
            "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl; true\n",
            "FROM debian\nRUN apt-get update\nCOPY a /a\nRUN apt-get install -y curl\n",
        ] {
            let f = findings(src, "DL3009");
            assert!(f[0].2.as_deref().is_none_or(|t| t.contains("\nRUN apt-get update")), "{src}");
        }
    }
}
