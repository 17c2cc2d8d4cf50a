use super::util::{parse_args, runs, span, ZYPPER_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` (`zypper dup`) in RUN.
    ///
    /// ## Why it matters
    /// A distribution upgrade inside a build moves the image to whatever the
    /// repositories hold today, possibly a new release of the whole
    /// distribution: the result is not reproducible and can differ wildly from
    /// the base image you chose. Use a newer base image instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper dist-upgrade -y
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: removing the upgrade changes what is installed.
    ///
    /// ## Equivalents
    /// hadolint DL3035; KICS "run using zypper update".
    pub static RULE = {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Do not use `zypper dist-upgrade`",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["zypper"]) {
            let parsed = parse_args(cmd.args(), ZYPPER_VALUE_OPTS, &[]);
            let Some(sub) = parsed.operands.first().copied().filter(|w| w.value == "dist-upgrade" || w.value == "dup") else {
                continue;
            };
            out.push(
                Violation::new(span(ctx, script, cmd, sub), format!("`zypper {}` upgrades the whole distribution", sub.value))
                    .note("the image then depends on what the repositories hold on build day, not on the base image")
                    .fix_title("use a newer base image instead"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM opensuse/leap\nRUN zypper -n dup\n", "DL3035");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "zypper -n dup");
        assert_eq!(f[0].1, "`zypper dup` upgrades the whole distribution");
        assert!(ranges("FROM opensuse/leap\nRUN zypper -n update\n", "DL3035").is_empty());
    }
}
