use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that directly follows another RUN (only comments between)
    /// when both run a single command and have the same flags (`--mount`,
    /// `--network`, ...). RUNs that chain several commands are left alone: a
    /// split there is usually deliberate.
    ///
    /// ## Why it matters
    /// Every RUN adds a layer. Files one RUN creates and the next deletes
    /// still take space in the first layer, and each layer adds some
    /// overhead to pulls. Merging related steps keeps the image smaller and
    /// the build simpler.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ./configure
    /// RUN make install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN ./configure && make install
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: merging RUNs changes layer caching.
    ///
    /// ## Equivalents
    /// hadolint DL3059; KICS "multiple RUN, ADD, COPY instructions listed";
    /// droast DF003.
    pub static RULE = {
        code: "DL3059",
        name: "consecutive-run",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Multiple consecutive `RUN` instructions. Consider consolidation",
        check: check,
    }
}

/// How many named commands the RUN runs (an exec-form RUN counts as one).
fn command_count(ctx: &Context, idx: usize) -> usize {
    let Some(inst) = ctx.df.instructions.get(idx) else { return 0 };
    if matches!(inst.args, Args::Exec(_)) {
        return 1;
    }
    ctx.scripts_of(idx).map(|s| s.script.commands.iter().filter(|c| !c.words.is_empty()).count()).sum()
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut prev: Option<(Vec<String>, usize)> = None;
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        if inst.keyword != Keyword::Run {
            prev = None;
            continue;
        }
        let mut flags: Vec<String> = inst.flags.iter().map(|f| f.text()).collect();
        flags.sort();
        let count = command_count(ctx, idx);
        if let Some((pflags, pcount)) = &prev {
            if *pflags == flags && *pcount <= 1 && count <= 1 {
                out.push(
                    Violation::new(inst.keyword_range, "this `RUN` directly follows another single-command `RUN`")
                        .note("each RUN adds a layer; merging related steps keeps the image smaller")
                        .fix_title("merge it into the previous RUN with `&&`"),
                );
            }
        }
        prev = Some((flags, count));
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let src = "FROM x\nRUN a && b\nRUN c\n# note\nrun d\n";
        let f = findings(src, "DL3059");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "run");
        assert_eq!(f[0].1, "this `RUN` directly follows another single-command `RUN`");
    }

    #[test]
    fn passes() {
        for src in [
            "FROM x\nRUN a\nWORKDIR /\nRUN b\n",
            "FROM x\nRUN --mount=type=secret,id=a a\nRUN b\n",
            "FROM x\nRUN a; b\nRUN c\n",
            "FROM x\nRUN a\nONBUILD RUN b\n",
        ] {
            assert!(ranges(src, "DL3059").is_empty(), "{src}");
        }
    }
}
