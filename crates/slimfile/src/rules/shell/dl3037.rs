use super::util::{report_unpinned, parse_args, runs, ZYPPER_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `zypper install` (`in`) that are not pinned to a
    /// version (`httpd` instead of `httpd=2.4.62`, `httpd>=2.4` or an `.rpm`
    /// file).
    ///
    /// ## Why it matters
    /// Unpinned packages install whatever the repository has on build day: two
    /// builds of the same Dockerfile differ and upgrades arrive unreviewed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y tomcat && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper install -y tomcat=9.0.96 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version depends on the distribution release.
    ///
    /// ## Equivalents
    /// hadolint DL3037; KICS "zypper install without version".
    pub static RULE = {
        code: "DL3037",
        name: "zypper-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Specify version with `zypper install -y <package>=<version>`",
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    package.contains(['=', '<', '>']) || package.ends_with(".rpm")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["zypper"]) {
            let parsed = parse_args(cmd.args(), ZYPPER_VALUE_OPTS, &[]);
            let mut ops = parsed.operands.iter();
            if !ops.next().is_some_and(|w| w.value == "install" || w.value == "in") {
                continue;
            }
            for w in ops {
                report_unpinned(ctx, run.idx, script, w, pinned, "unpinned packages make builds unreproducible: each build takes whatever the repository has", "pin the version: `{name}=<version>`", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM opensuse/leap\nRUN zypper install -y -t pattern tomcat=9 devel_basis curl\n", "DL3037");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "devel_basis");
        assert_eq!(f[0].1, "`devel_basis` is installed without a pinned version");
    }

    #[test]
    fn pinned_passes() {
        let src = "FROM opensuse/leap\nRUN zypper install -y a=1 b\\>=2 'c<3' d-1-1.rpm && zypper clean\n";
        assert!(ranges(src, "DL3037").is_empty());
    }
}
