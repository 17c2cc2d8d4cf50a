use super::util::{runs, word_range};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `sudo` in RUN.
    ///
    /// ## Why it matters
    /// Build steps already run as the current `USER`; `sudo` adds a package,
    /// a tty and password quirk, and unpredictable environment handling. To
    /// run something as root, switch with `USER root`; to drop privileges at
    /// run time, use `gosu` or `su-exec`.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which user should run the command is your decision.
    ///
    /// ## Equivalents
    /// hadolint DL3004; Checkov CKV2_DOCKER_1; Trivy DS010; KICS "run using
    /// sudo"; dockerfilelint sudo_usage.
    pub static RULE = {
        code: "DL3004",
        name: "sudo",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.commands() {
            let Some(first) = cmd.words.first() else { continue };
            if first.value.rsplit('/').next() != Some("sudo") {
                continue;
            }
            out.push(
                Violation::new(word_range(ctx, script, first), "`sudo` in RUN")
                    .note("sudo in a build behaves unpredictably (tty, environment, password prompts)")
                    .fix_title("switch users with `USER`, or use gosu/su-exec at run time"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM x\nRUN apt-get update && sudo apt-get install -y x\n", "DL3004");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "sudo");
        assert_eq!(f[0].1, "`sudo` in RUN");
        assert!(ranges("FROM x\nRUN apt-get install -y sudo\n", "DL3004").is_empty());
    }
}
