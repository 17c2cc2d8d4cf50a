use super::util::{has_operand, removes, runs, span, unclean_install, RPM_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN whose `yum install` is not followed, in the same RUN, by
    /// `yum clean all` (or `rm -rf /var/cache/yum`), unless a cache or tmpfs
    /// mount covers `/var/cache/yum`.
    ///
    /// ## Why it matters
    /// yum keeps repository metadata and downloaded packages under
    /// `/var/cache/yum`: often tens of MB and on CentOS/RHEL images with
    /// several repositories over 100 MB (the repositories' metadata plus the
    /// downloaded RPMs), all of it stored in the layer. A `yum clean all` in a
    /// later RUN does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && yum clean all` to a plain shell-form RUN (not heredocs,
    /// not when the command ends in `;`, `&` or a comment; otherwise only the
    /// advice). The cleanup only deletes caches that are re-downloaded when
    /// needed.
    ///
    /// ## Equivalents
    /// hadolint DL3032; Trivy DS015; KICS "yum clean all missing"; binnacle
    /// yumInstallRmVarCacheYum.
    pub static RULE = {
        code: "DL3032",
        name: "yum-clean-all-missing",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`yum clean all` missing after yum command",
        check: check,
    }
}

const INSTALLS: &[&str] = &["install", "groupinstall", "localinstall", "reinstall", "update", "upgrade"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        if run.mounts_cache("/var/cache/yum") {
            continue;
        }
        let found = unclean_install(
            &run,
            |c| has_operand(c, &["yum"], INSTALLS, RPM_VALUE_OPTS),
            |c| {
                (c.name() == Some("yum") && {
                    let ops = super::util::operand_words(c, RPM_VALUE_OPTS);
                    ops.first().is_some_and(|w| w.value == "clean") && ops.iter().any(|w| w.value == "all")
                }) || removes(c, "/var/cache/yum")
            },
        );
        let Some((script, cmd, sub)) = found else { continue };
        let v = Violation::new(span(ctx, script, cmd, sub), format!("`yum {}` is not followed by `yum clean all`", sub.value))
            .note("yum's metadata and package cache in /var/cache/yum stay in the layer, often tens of MB");
        out.push(super::util::with_append_fix(v, ctx, run.idx, " && yum clean all"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM centos\nRUN yum clean all && yum install -y x-1\n";
        let f = findings(src, "DL3032");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "yum install");
        assert_eq!(f[0].1, "`yum install` is not followed by `yum clean all`");
    }

    #[test]
    fn cleaned_passes() {
        for src in [
            "FROM centos\nRUN yum install -y x-1 && yum clean all\n",
            "FROM centos\nRUN yum install -y x-1 && rm -rf /var/cache/yum/*\n",
            "FROM centos\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x-1\n",
            "FROM centos\nRUN yum --version\n",
        ] {
            assert!(ranges(src, "DL3032").is_empty(), "{src}");
        }
    }
}
