use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later instruction
    /// of the same kind in the same stage overrides. The finding is on the
    /// earlier instruction: it is the one that has no effect.
    ///
    /// ## Why it matters
    /// Only the last of each takes effect; the earlier ones are dead code
    /// that misleads readers about how the container starts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM scratch
    /// CMD ["/app", "--dev"]
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM scratch
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: `ENTRYPOINT` also resets an inherited `CMD`, so which
    /// instruction to keep is your call.
    ///
    /// ## Equivalents
    /// BuildKit MultipleInstructionsDisallowed (same check and message).
    /// hadolint DL4003 (CMD), DL4004 (ENTRYPOINT) and DL3012 (HEALTHCHECK)
    /// report the later instruction instead.
    pub static RULE = {
        code: "MultipleInstructionsDisallowed",
        name: "multiple-instructions-disallowed",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Multiple instructions of the same type should not be used in the same stage",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    for stage in &ctx.sem.stages {
        let mut last: [Option<usize>; 3] = [None; 3];
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            let slot = match inst.keyword {
                Keyword::Cmd => 0,
                Keyword::Entrypoint => 1,
                Keyword::Healthcheck => 2,
                _ => continue,
            };
            if let Some(prev) = last[slot] {
                let p = &df.instructions[prev];
                let v = Violation::new(
                    p.keyword_range,
                    format!(
                        "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                        inst.keyword_text
                    ),
                )
                .note(format!("the {} on line {} overrides this one", inst.keyword.as_str(), inst.start_line))
                .fix_title("Remove the instructions that have no effect");
                // As in BuildKit, a `# check=skip=` comment on the later
                // instruction (the one being dispatched) silences it.
                out.push(v.on_instruction(idx));
            }
            last[slot] = Some(idx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_the_overridden_instruction() {
        let src = "FROM scratch\nENTRYPOINT [\"/a\"]\nCMD [\"/a\"]\nHEALTHCHECK NONE\nCOPY x /x\nENTRYPOINT [\"/b\"]\nCMD [\"/b\"]\nHEALTHCHECK CMD [\"/b\"]\n";
        let f = findings(src, "MultipleInstructionsDisallowed");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0], ("ENTRYPOINT".to_string(), "Multiple ENTRYPOINT instructions should not be used in the same stage because only the last one will be used".to_string()));
        assert_eq!(f[2].0, "HEALTHCHECK");
    }

    #[test]
    fn skipped_by_a_comment_on_the_later_instruction() {
        let src = "FROM scratch\nCMD [\"a\"]\n# check=skip=MultipleInstructionsDisallowed\nCMD [\"b\"]\n";
        assert!(findings(src, "MultipleInstructionsDisallowed").is_empty());
    }

    #[test]
    fn stages_are_separate() {
        assert!(findings("FROM scratch AS a\nCMD [\"a\"]\nFROM a\nCMD [\"b\"]\n", "MultipleInstructionsDisallowed")
            .is_empty());
    }
}
