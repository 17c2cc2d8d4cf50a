use super::util::{has_operand, removes, runs, span, unclean_install, RPM_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN whose `dnf install` (`in`, `upgrade`, `up`,
    /// `upgrade-minimal`, `up-min`, `reinstall`, `rei`; also with `microdnf`)
    /// is not followed, in the same RUN, by `dnf clean all` of the same tool
    /// (or `rm -rf` of `/var/cache/dnf`, `/var/cache/libdnf5` or
    /// `/var/cache/yum`), unless a cache or tmpfs mount covers one of those.
    ///
    /// ## Why it matters
    /// dnf keeps repository metadata and downloaded packages in its cache:
    /// on Fedora/RHEL images often tens of MB and with the Fedora repositories
    /// over 100 MB (the repositories' metadata plus the downloaded RPMs), all
    /// of it stored in the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && dnf clean all` (or `microdnf clean all`) to a plain
    /// shell-form RUN (not heredocs, not when the command ends in `;`, `&` or
    /// a comment; otherwise only the advice). The cleanup only deletes caches
    /// that are re-downloaded when needed.
    ///
    /// ## Equivalents
    /// hadolint DL3040; Trivy DS019; KICS "missing dnf clean all".
    pub static RULE = {
        code: "DL3040",
        name: "dnf-clean-all-missing",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`dnf clean all` missing after dnf command",
        check: check,
    }
}

const INSTALLS: &[&str] = &["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"];
const CACHES: &[&str] = &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        if CACHES.iter().any(|d| run.mounts_cache(d)) {
            continue;
        }
        for program in ["dnf", "microdnf"] {
            let found = unclean_install(
                &run,
                |c| has_operand(c, &[program], INSTALLS, RPM_VALUE_OPTS),
                |c| {
                    (c.name() == Some(program) && {
                        let ops = super::util::operand_words(c, RPM_VALUE_OPTS);
                        ops.first().is_some_and(|w| w.value == "clean") && ops.iter().any(|w| w.value == "all")
                    }) || CACHES.iter().any(|d| removes(c, d))
                },
            );
            let Some((script, cmd, sub)) = found else { continue };
            let v = Violation::new(
                span(ctx, script, cmd, sub),
                format!("`{program} {}` is not followed by `{program} clean all`", sub.value),
            )
            .note("dnf's metadata and package cache stay in the layer, often tens of MB");
            out.push(super::util::with_append_fix(v, ctx, run.idx, &format!(" && {program} clean all")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM fedora\nRUN dnf install -y x-1 && microdnf clean all\n";
        let f = findings(src, "DL3040");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "dnf install");
        assert_eq!(f[0].1, "`dnf install` is not followed by `dnf clean all`");
        assert_eq!(ranges("FROM fedora\nRUN rm -rf /var/cache/libdnf5 && dnf -y up\n", "DL3040"), vec!["dnf -y up"]);
    }

    #[test]
    fn cleaned_passes() {
        for src in [
            "FROM fedora\nRUN dnf in -y x-1 && dnf clean all\n",
            "FROM fedora\nRUN microdnf install -y x-1 && rm -rf /var/cache/yum/*\n",
            "FROM fedora\nRUN --mount=type=tmpfs,target=/var/cache/libdnf5 dnf install -y x-1\n",
            "FROM fedora\nRUN notdnf install x\n",
        ] {
            assert!(ranges(src, "DL3040").is_empty(), "{src}");
        }
    }
}
