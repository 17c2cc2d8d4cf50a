use super::util::{self, Cover};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `yum install` / `dnf install` in a RUN of the final image that
    /// enables a repository only for the install (`--enablerepo=epel`) when the
    /// `yum clean all` that follows does not enable it too and `/var/cache/yum`
    /// (`/var/cache/dnf`) is not removed in the same RUN.
    ///
    /// When there is no `yum clean all` at all, hadolint's DL3032 (DL3040 for
    /// dnf) reports the install; this rule covers what those leave: `clean
    /// all` only cleans the repositories that are enabled when it runs.
    ///
    /// ## Why it matters
    /// The metadata of a repository enabled only for the install stays in
    /// `/var/cache/yum` when `yum clean all` runs without the same
    /// `--enablerepo`: yum itself reports it as "Other repos take up ... of
    /// disk space". The size depends on the repository (EPEL's metadata is
    /// the usual case) and is not estimated here. `rm -rf /var/cache/yum` removes every repository's
    /// cache; binnacle (ICSE 2020) mined it as the gold rule
    /// `yumInstallRmVarCacheYum`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN yum install -y --enablerepo=epel jq && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y --enablerepo=epel jq && yum clean all && rm -rf /var/cache/yum
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix yet.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `yumInstallRmVarCacheYum` (which asks for the `rm`
    /// after every install); hadolint DL3032 / DL3040 (`clean all` missing).
    pub static RULE = {
        code: "SF1008",
        name: "yum-cache-dir-kept",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "yum clean all misses repositories enabled only for the install",
        check: check,
    }
}

const YUM_VALUE: &[&str] =
    &["--enablerepo", "--disablerepo", "--setopt", "--releasever", "-c", "--installroot", "-x", "--exclude"];

fn cache_dir(p: &str) -> bool {
    ["/var/cache/yum", "/var/cache/dnf"].iter().any(|d| matches!(util::cover(p, d), Some(Cover::Exact | Cover::Parent)))
}

/// The repositories named by `--enablerepo` options.
fn enabled(c: &util::Cmd) -> Vec<(String, crate::TextRange)> {
    let args = c.cmd.args();
    let mut out = Vec::new();
    for (k, w) in args.iter().enumerate() {
        let (value, range) = if let Some(v) = w.value.strip_prefix("--enablerepo=") {
            (v.to_string(), w.range)
        } else if w.value == "--enablerepo" {
            match args.get(k + 1) {
                Some(n) => (n.value.clone(), n.range),
                None => continue,
            }
        } else {
            continue;
        };
        for repo in value.split(',').filter(|r| !r.is_empty()) {
            out.push((repo.to_string(), range));
        }
    }
    out
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            if !matches!(c.name(), Some("yum" | "dnf"))
                || c.cmd.positional_args(YUM_VALUE).first().is_none_or(|w| w.value != "install")
            {
                continue;
            }
            let later = &cmds[i + 1..];
            let cleans: Vec<&util::Cmd> = later
                .iter()
                .filter(|l| {
                    matches!(l.name(), Some("yum" | "dnf"))
                        && l.cmd.positional_args(YUM_VALUE).iter().map(|w| w.value.as_str()).collect::<Vec<_>>()
                            == ["clean", "all"]
                })
                .collect();
            if cleans.is_empty()
                || later.iter().any(|l| util::rm_targets(l).iter().any(|(p, _)| cache_dir(p)))
                || util::cache_mount_targets(inst).iter().any(|m| cache_dir(m))
            {
                continue;
            }
            let cleaned_repos: Vec<String> = cleans.iter().flat_map(|l| enabled(l)).map(|(r, _)| r).collect();
            for (repo, range) in enabled(c) {
                if cleaned_repos.iter().any(|r| r == "*" || util::glob_match(r, &repo)) {
                    continue;
                }
                out.push(
                    Violation::new(
                        c.src(ctx, range),
                        format!("`{} clean all` does not clean the cache of `{repo}`, enabled only for this install", c.name().unwrap_or("yum")),
                    )
                    .note("clean all only acts on the repositories enabled when it runs; the other repositories' metadata stays in the layer")
                    .fix_title("end the RUN with `rm -rf /var/cache/yum` (or pass the same `--enablerepo` to `clean all`)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM centos:7\nRUN yum install -y --enablerepo=epel jq && yum clean all\n";
        assert_eq!(
            run(src, "SF1008"),
            vec![(
                "--enablerepo=epel".to_string(),
                "`yum clean all` does not clean the cache of `epel`, enabled only for this install".to_string()
            )]
        );
        let src = "FROM fedora\nRUN dnf --enablerepo powertools,epel install -y x && dnf --enablerepo=epel clean all\n";
        assert_eq!(texts(src, "SF1008"), ["powertools,epel"]);
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM centos:7\nRUN yum install -y --enablerepo=epel jq && yum clean all && rm -rf /var/cache/yum\n",
            "FROM centos:7\nRUN yum install -y --enablerepo=epel jq && yum --enablerepo='*' clean all\n",
            "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y --enablerepo=epel jq && yum clean all\n",
            // No clean all: DL3032's case.
            "FROM centos:7\nRUN yum install -y --enablerepo=epel jq\n",
            "FROM centos:7\nRUN yum install -y jq && yum clean all\n",
        ] {
            assert!(texts(src, "SF1008").is_empty(), "{src}");
        }
    }
}
