use super::util::{parse_args, runs, word_range};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ln` commands whose link target is `/bin/sh`
    /// (`ln -sf /bin/bash /bin/sh`).
    ///
    /// ## Why it matters
    /// Replacing `/bin/sh` changes the shell of every script in the image,
    /// including the distribution's own maintainer scripts, which expect the
    /// original. To run RUN commands with another shell, say so with the
    /// `SHELL` instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: SHELL only affects later RUN/CMD/ENTRYPOINT, not
    /// scripts that call `/bin/sh` themselves.
    ///
    /// ## Equivalents
    /// hadolint DL4005; KICS "changing default shell using RUN command";
    /// Semgrep use-shell-instruction.
    pub static RULE = {
        code: "DL4005",
        name: "ln-bin-sh",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use SHELL to change the default shell",
        check: check,
    }
}

const VALUE_OPTS: &[&str] = &["-S", "--suffix", "-t", "--target-directory"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["ln"]) {
            let parsed = parse_args(cmd.args(), VALUE_OPTS, &[]);
            let Some(target) = parsed.operands.last().copied().filter(|_| parsed.operands.len() >= 2) else { continue };
            if target.value != "/bin/sh" {
                continue;
            }
            out.push(
                Violation::new(word_range(ctx, script, target), "`ln` replaces `/bin/sh`")
                    .note("every script of the image, the distribution's included, then runs with another shell")
                    .fix_title("use the SHELL instruction to choose the shell of RUN commands"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM x\nRUN ln -sfv /bin/bash /bin/sh\n", "DL4005");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "/bin/sh");
        assert_eq!(f[0].1, "`ln` replaces `/bin/sh`");
        assert!(ranges("FROM x\nRUN ln -sf /bin/true /sbin/initctl && x /bin/sh\n", "DL4005").is_empty());
    }
}
