use super::util::check_rpm_yes;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `yum install` (and `groupinstall`, `localinstall`, `reinstall`, `module install`) without `-y` (`--assumeyes`).
    ///
    /// ## Why it matters
    /// A build has no one to answer yum's "Is this ok [y/N]" prompt: without
    /// `-y` the command reads end-of-input as "no" and the install is
    /// aborted, so the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts ` -y` after the subcommand; it only answers the prompt
    /// the build cannot answer.
    ///
    /// ## Equivalents
    /// hadolint DL3030; Trivy DS027; KICS "yum install allows manual input"; binnacle yumInstallForceYes.
    pub static RULE = {
        code: "DL3030",
        name: "yum-missing-yes",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use the -y switch to avoid manual input `yum install -y <package>`",
        check: check,
    }
}

const PROGRAMS: &[&str] = &["yum"];
const INSTALLS: &[&str] = &["install", "groupinstall", "localinstall", "reinstall"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_rpm_yes(ctx, out, PROGRAMS, INSTALLS);
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM x\nRUN yum install httpd-2.4 && yum clean all\n";
        let f = findings(src, "DL3030");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "yum install");
        assert_eq!(f[0].1, "`yum install` without `-y`");
        assert_eq!(f[0].2.as_deref(), Some("FROM x\nRUN yum install -y httpd-2.4 && yum clean all\n"));
    }

    #[test]
    fn yes_passes() {
        assert!(ranges("FROM x\nRUN yum -y install httpd-2.4\n", "DL3030").is_empty());
        assert!(ranges("FROM x\nRUN yum install --assumeyes httpd-2.4\n", "DL3030").is_empty());
        assert!(ranges("FROM x\nRUN notyum install httpd\n", "DL3030").is_empty());
    }
}
