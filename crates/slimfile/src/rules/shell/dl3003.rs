use super::util::{program_range, runs};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `cd` in RUN.
    ///
    /// ## Why it matters
    /// `cd` only lasts until the end of the RUN, so the next instruction is
    /// back in the old directory; that is easy to misread, and every RUN that
    /// needs the directory has to repeat it. `WORKDIR` sets it for all that
    /// follows and documents it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN make
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: moving the directory change to WORKDIR also changes
    /// where later instructions run.
    ///
    /// ## Equivalents
    /// hadolint DL3003; Trivy DS013; KICS "run command cd instead of
    /// workdir".
    pub static RULE = {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use WORKDIR to switch to a directory",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["cd"]) {
            out.push(
                Violation::new(program_range(ctx, script, cmd), "`cd` in RUN: use WORKDIR to switch directories")
                    .note("the directory change ends with the RUN; WORKDIR applies to every following instruction")
                    .fix_title("use `WORKDIR <dir>` before this RUN"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM x\nRUN cd /opt && make\n", "DL3003");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "cd");
        assert_eq!(f[0].1, "`cd` in RUN: use WORKDIR to switch directories");
        assert!(ranges("FROM x\nWORKDIR /opt\nRUN make\n", "DL3003").is_empty());
    }
}
