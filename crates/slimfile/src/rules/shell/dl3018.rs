use super::util::{apk_adds, operands, report_unpinned, runs, APK_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `apk add` that are not pinned to a version
    /// (`curl` instead of `curl=8.5.0-r0`, `curl~8.5` or `"curl>=8"`). Local
    /// `.apk` files count as pinned.
    ///
    /// ## Why it matters
    /// Unpinned packages install whatever the Alpine mirror has on build day:
    /// two builds of the same Dockerfile differ and upgrades arrive unreviewed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.5.0-r0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version depends on the Alpine release.
    ///
    /// ## Equivalents
    /// hadolint DL3018; KICS "apk add without version".
    pub static RULE = {
        code: "DL3018",
        name: "apk-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`",
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    package.contains(['=', '~', '<', '>']) || package.ends_with(".apk")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd, _) in apk_adds(&run) {
            for w in operands(cmd, APK_VALUE_OPTS) {
                report_unpinned(ctx, run.idx, script, w, pinned, "unpinned packages make builds unreproducible: each build takes whatever version the mirror has", "pin the version: `{name}=<version>`", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_on_unpinned() {
        let src = "FROM alpine\nRUN apk add --no-cache --virtual .build curl=8.5.0-r0 \\\n  git\n";
        let f = findings(src, "DL3018");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "git");
        assert_eq!(f[0].1, "`git` is installed without a pinned version");
    }

    #[test]
    fn pinned_forms_pass() {
        let src = "FROM alpine\nRUN apk add -X https://x/edge a=1 b~2 \"c>=3\" ./d.apk && apk del .build\n";
        assert!(ranges(src, "DL3018").is_empty());
    }
}
