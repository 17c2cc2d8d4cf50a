use super::util::{pip_installs, runs, scope, span, Run};
use crate::fix::{Edit, Fix};
use crate::lint::context::RunScript;
use crate::lint::{Context, Violation};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Flags `pip install` (also `pip3`, `python -m pip`) without
    /// `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a true value (in
    /// an `ENV` of the stage or a stage it is built from, on the command, or
    /// `export`ed earlier in the RUN) or a cache/tmpfs mount covers pip's
    /// cache (`/root/.cache/pip`).
    ///
    /// ## Why it matters
    /// pip keeps every downloaded wheel and sdist in `~/.cache/pip`; in a
    /// layer that is pure waste, about as large as the packages' downloads
    /// again (tens of MB for a typical web app, hundreds for numpy/torch-
    /// sized dependencies: the cache holds the same wheel files pip
    /// downloaded).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install requests==2.32.3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    /// or `RUN --mount=type=cache,target=/root/.cache/pip pip install ...`.
    ///
    /// ## Fix safety
    /// Safe: inserts ` --no-cache-dir` after `install`; the installed
    /// packages are the same.
    ///
    /// ## Equivalents
    /// hadolint DL3042; KICS "pip install keeping cached packages"; binnacle
    /// pipUseCacheDir.
    pub static RULE = {
        code: "DL3042",
        name: "pip-no-cache-dir",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
        check: check,
    }
}

fn truthy(v: &str) -> bool {
    let v = v.trim_matches(|c| c == '"' || c == '\'');
    ["1", "true", "on", "yes"].iter().any(|t| v.eq_ignore_ascii_case(t))
}

/// `PIP_NO_CACHE_DIR=<true>` as an assignment or word of `cmd` before its
/// program (`PIP_NO_CACHE_DIR=1 pip ...`, `env PIP_NO_CACHE_DIR=1 pip ...`,
/// `export PIP_NO_CACHE_DIR=1`).
fn sets_no_cache(cmd: &Command) -> bool {
    cmd.assignments.iter().any(|a| a.name == "PIP_NO_CACHE_DIR" && truthy(&a.value.value))
        || cmd.words.iter().any(|w| w.value.strip_prefix("PIP_NO_CACHE_DIR=").is_some_and(truthy))
}

fn env_set_before(run: &Run, script: &RunScript, index: usize) -> bool {
    let Some(cmd) = script.script.commands.get(index) else { return false };
    if sets_no_cache(cmd) {
        return true;
    }
    // An earlier `export PIP_NO_CACHE_DIR=1` in the same RUN.
    run.commands().any(|(s, _, c)| {
        c.name() == Some("export")
            && sets_no_cache(c)
            && (!std::ptr::eq(s, script) || c.range.start < cmd.range.start)
    })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        if run.mounts_cache("/root/.cache/pip")
            || super::util::cache_mount_targets(run.inst).iter().any(|t| t.trim_end_matches('/').ends_with("/.cache/pip"))
        {
            continue;
        }
        let installs = pip_installs(&run, false);
        if installs.is_empty() {
            continue;
        }
        if scope(ctx, run.idx).get_var("PIP_NO_CACHE_DIR").and_then(|v| v.value.as_deref()).is_some_and(truthy)
        {
            continue;
        }
        for pip in installs {
            if pip.cmd.words.iter().any(|w| w.value == "--no-cache-dir") || env_set_before(&run, pip.script, pip.index) {
                continue;
            }
            let at = ctx.source_range(pip.script, pip.install.range).end;
            out.push(
                Violation::new(span(ctx, pip.script, pip.cmd, pip.install), "`pip install` without `--no-cache-dir`")
                    .note("pip keeps a copy of every downloaded package in ~/.cache/pip, left in the layer")
                    .with_fix(Fix::safe("add `--no-cache-dir`", vec![Edit::insert(at, " --no-cache-dir")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM python\nRUN python -m pip install x==1\n";
        let f = findings(src, "DL3042");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "python -m pip install");
        assert_eq!(f[0].1, "`pip install` without `--no-cache-dir`");
        assert_eq!(f[0].2.as_deref(), Some("FROM python\nRUN python -m pip install --no-cache-dir x==1\n"));
    }

    #[test]
    fn does_not_fire() {
        for src in [
            "FROM python\nRUN pip install --no-cache-dir x==1\n",
            "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n",
            "FROM python AS b\nENV PIP_NO_CACHE_DIR=true\nFROM b\nRUN pip install x==1\n",
            "FROM python\nRUN PIP_NO_CACHE_DIR=on pip install x==1\n",
            "FROM python\nRUN export PIP_NO_CACHE_DIR=yes && pip install x==1\n",
            "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n",
            "FROM python\nRUN pipx install x==1 && pipenv install y\n",
        ] {
            assert!(ranges(src, "DL3042").is_empty(), "{src}");
        }
        assert_eq!(ranges("FROM python\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x==1\n", "DL3042").len(), 1);
    }
}
