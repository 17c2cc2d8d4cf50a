use super::util::{runs, span, word_range, ZYPPER_VALUE_OPTS};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper install` (`in`, `remove`, `rm`, `source-install`, `si`,
    /// `patch`) without a non-interactive switch (`-n`/`--non-interactive`,
    /// `-y`/`--no-confirm`).
    ///
    /// ## Why it matters
    /// A build has no one to answer zypper's prompts: without the switch the
    /// command aborts as soon as it asks, and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper --non-interactive install httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts the global option ` --non-interactive` after `zypper`;
    /// it only answers the prompts the build cannot answer.
    ///
    /// ## Equivalents
    /// hadolint DL3034; KICS "missing zypper non-interactive switch".
    pub static RULE = {
        code: "DL3034",
        name: "zypper-missing-non-interactive",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Non-interactive switch missing from `zypper` command: `zypper install -y`",
        check: check,
    }
}

const SUBS: &[&str] = &["install", "in", "remove", "rm", "source-install", "si", "patch"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["zypper"]) {
            let parsed = super::util::parse_args(cmd.args(), ZYPPER_VALUE_OPTS, &[]);
            let Some(sub) = parsed.operands.first().copied().filter(|w| SUBS.contains(&w.value.as_str())) else { continue };
            if parsed.has(&["-n", "--non-interactive", "-y", "--no-confirm"]) {
                continue;
            }
            let Some(program) = cmd.program() else { continue };
            let at = word_range(ctx, script, program).end;
            out.push(
                Violation::new(span(ctx, script, cmd, sub), format!("`zypper {}` without `--non-interactive`", sub.value))
                    .note("the build cannot answer zypper's prompts: the command aborts when zypper asks")
                    .with_fix(Fix::safe("add `--non-interactive`", vec![Edit::insert(at, " --non-interactive")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM opensuse/leap\nRUN zypper install httpd=2 && zypper clean\n";
        let f = findings(src, "DL3034");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "zypper install");
        assert_eq!(f[0].1, "`zypper install` without `--non-interactive`");
        assert_eq!(f[0].2.as_deref(), Some("FROM opensuse/leap\nRUN zypper --non-interactive install httpd=2 && zypper clean\n"));
    }

    #[test]
    fn switches_pass() {
        for args in ["-n install x=1", "install -n x=1", "install -y x=1", "--non-interactive in x=1", "rm --no-confirm x", "refresh"] {
            let src = format!("FROM opensuse/leap\nRUN zypper {args}\n");
            assert!(ranges(&src, "DL3034").is_empty(), "{src}");
        }
    }
}
