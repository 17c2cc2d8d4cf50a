use super::util::{apt_get_installs, operands, report_unpinned, runs, APT_GET_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `apt-get install` that are not pinned to a version
    /// (`curl` instead of `curl=7.88.1-10+deb12u5`). A package with a release
    /// (`curl/bookworm-backports`) or a local `.deb` file counts as pinned.
    ///
    /// ## Why it matters
    /// Unpinned packages install whatever the mirror has on build day: two
    /// builds of the same Dockerfile differ, a cached layer hides an upgrade
    /// that a fresh build picks up, and breaking changes arrive unannounced.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version to pin depends on the base image's
    /// distribution release.
    ///
    /// ## Equivalents
    /// hadolint DL3008; Trivy/KICS "apt-get install without version".
    pub static RULE = {
        code: "DL3008",
        name: "apt-get-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in apt-get install: `apt-get install <package>=<version>`",
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd, _) in apt_get_installs(&run) {
            for w in operands(cmd, APT_GET_VALUE_OPTS) {
                report_unpinned(ctx, run.idx, script, w, pinned, "unpinned packages make builds unreproducible: each build takes whatever version the mirror has", "pin the version: `{name}=<version>`", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_on_each_unpinned_package() {
        let src = "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39 \\\n    wget\n";
        let f = findings(src, "DL3008");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "curl");
        assert_eq!(f[0].1, "`curl` is installed without a pinned version");
        assert_eq!(f[1].0, "wget");
    }

    #[test]
    fn pinned_release_deb_and_option_values_pass() {
        let src = "FROM debian\nRUN apt-get install -y -t bookworm-backports foo=1 bar/bookworm ./x.deb -o Dpkg::Options::=--force-confnew\n";
        assert!(ranges(src, "DL3008").is_empty());
        assert!(ranges("FROM debian\nRUN apt-get update\n", "DL3008").is_empty());
    }

    #[test]
    fn expands_dockerfile_variables() {
        let src = "FROM debian\nARG V=1.2\nRUN apt-get install -y curl=${V} \"git\"\n";
        assert_eq!(ranges(src, "DL3008"), vec!["\"git\""]);
        // A shell variable: unknown, not flagged; an ENV list: each package.
        assert!(ranges("FROM debian\nRUN apt-get install -y $PKGS\n", "DL3008").is_empty());
        let f = findings("FROM debian\nENV DEPS=\"curl git=1\"\nRUN apt-get install -y $DEPS\n", "DL3008");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "$DEPS");
        assert_eq!(f[0].1, "`curl` (from `$DEPS`) is installed without a pinned version");
    }
}
