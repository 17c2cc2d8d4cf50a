use super::util::check_rpm_pins;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `dnf install` (and `microdnf install`) that are not pinned to a version
    /// (`httpd` instead of `httpd-2.4.62`), and modules in `dnf module install`
    /// without a stream (`nodejs` instead of `nodejs:20`). A package counts as
    /// pinned when what follows its first dash looks like a version (a part
    /// starting with a digit, only version characters) or it is an `.rpm` file.
    /// Dockerfile variables in scope are expanded first (`git-core-${version}`).
    ///
    /// ## Why it matters
    /// Unpinned packages install whatever the repository has on build day: two
    /// builds of the same Dockerfile differ and upgrades arrive unreviewed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version depends on the distribution release.
    ///
    /// ## Equivalents
    /// hadolint DL3041; KICS "dnf install without version".
    pub static RULE = {
        code: "DL3041",
        name: "dnf-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Specify version with `dnf install -y <package>-<version>`",
        check: check,
    }
}

const PROGRAMS: &[&str] = &["dnf", "microdnf"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_rpm_pins(ctx, out, PROGRAMS);
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM x\nRUN dnf install -y tomcat-9.0.1 rpm-sign && dnf module install -y nodejs\n";
        let f = findings(src, "DL3041");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "rpm-sign");
        assert_eq!(f[0].1, "`rpm-sign` is installed without a pinned version");
        assert_eq!(f[1].0, "nodejs");
        assert_eq!(f[1].1, "module `nodejs` is installed without a stream");
    }

    #[test]
    fn pinned_passes() {
        for src in [
            "FROM x\nRUN dnf install -y gcc-c++-1.1.1 openssl-1:1.1.1k ./x.rpm\n",
            "FROM x\nRUN dnf module install -y nodejs:20\n",
            "FROM x\nRUN dnf -y group install \"Development Tools\"\n",
            "FROM x\nENV v=2.51.0-2.fc42\nRUN dnf -y install git-core-${v}\n",
        ] {
            assert!(ranges(src, "DL3041").is_empty(), "{src}");
        }
        assert_eq!(ranges("FROM x AS a\nENV v=1\nFROM x\nRUN dnf -y install git-core-${v}\n", "DL3041").len(), 1);
    }
}
