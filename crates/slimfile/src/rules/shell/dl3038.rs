use super::util::check_rpm_yes;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `dnf install` (and `microdnf`, `in`, `groupinstall`, `localinstall`, `reinstall`, `module install`) without `-y` (`--assumeyes`).
    ///
    /// ## Why it matters
    /// A build has no one to answer dnf's "Is this ok [y/N]" prompt: without
    /// `-y` the command reads end-of-input as "no" and the install is
    /// aborted, so the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts ` -y` after the subcommand; it only answers the prompt
    /// the build cannot answer.
    ///
    /// ## Equivalents
    /// hadolint DL3038; KICS "missing flag from dnf install".
    pub static RULE = {
        code: "DL3038",
        name: "dnf-missing-yes",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use the -y switch to avoid manual input `dnf install -y <package>`",
        check: check,
    }
}

const PROGRAMS: &[&str] = &["dnf", "microdnf"];
const INSTALLS: &[&str] = &["install", "in", "groupinstall", "localinstall", "reinstall"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_rpm_yes(ctx, out, PROGRAMS, INSTALLS);
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM x\nRUN dnf install httpd-2.4 && dnf clean all\n";
        let f = findings(src, "DL3038");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "dnf install");
        assert_eq!(f[0].1, "`dnf install` without `-y`");
        assert_eq!(f[0].2.as_deref(), Some("FROM x\nRUN dnf install -y httpd-2.4 && dnf clean all\n"));
    }

    #[test]
    fn yes_passes() {
        assert!(ranges("FROM x\nRUN dnf -y install httpd-2.4\n", "DL3038").is_empty());
        assert!(ranges("FROM x\nRUN dnf install --assumeyes httpd-2.4\n", "DL3038").is_empty());
        assert!(ranges("FROM x\nRUN notdnf install httpd\n", "DL3038").is_empty());
    }
}
