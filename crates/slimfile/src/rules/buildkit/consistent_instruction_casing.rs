use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags instruction keywords whose casing differs from the majority of
    /// the Dockerfile's keywords (`copy` in a file written in uppercase), and
    /// mixed-case keywords such as `From`.
    ///
    /// ## Why it matters
    /// Keywords are case-insensitive, but a file that mixes `RUN` and `run`
    /// is harder to read and to search. BuildKit counts the all-lowercase and
    /// all-uppercase keywords of the build stages (ARGs before the first
    /// `FROM` are not counted); uppercase wins a tie.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// copy app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine
    /// COPY app /app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix recases the keyword.
    ///
    /// ## Equivalents
    /// BuildKit ConsistentInstructionCasing (same check and message);
    /// dockerfilelint uppercase_commands; droast DF076.
    pub static RULE = {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let first_from = ctx.df.instructions.iter().position(|i| i.keyword == Keyword::From);
    let Some(first_from) = first_from else { return };
    let staged: Vec<(usize, &crate::ast::Instruction)> = ctx
        .df
        .instructions
        .iter()
        .enumerate()
        .skip(first_from)
        .filter(|(_, i)| i.keyword != Keyword::Unknown)
        .collect();
    let (mut lower, mut upper) = (0usize, 0usize);
    for (_, inst) in &staged {
        let k = &inst.keyword_text;
        if *k == k.to_lowercase() {
            lower += 1;
        } else if *k == k.to_uppercase() {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for (idx, inst) in staged {
        let k = &inst.keyword_text;
        let (wanted, casing) =
            if majority_lower { (k.to_lowercase(), "lowercase") } else { (k.to_uppercase(), "uppercase") };
        if *k == wanted {
            continue;
        }
        let mut v = Violation::new(
            inst.keyword_range,
            format!("Command '{k}' should match the case of the command majority ({casing})"),
        )
        .note(format!("most instructions in this Dockerfile are written in {casing}"));
        if inst.keyword_range.slice(&ctx.df.source) == k {
            v = v.with_fix(Fix::safe(
                format!("Write `{wanted}`"),
                vec![Edit::replace(inst.keyword_range, wanted.clone())],
            ));
        }
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_against_the_majority() {
        assert_eq!(
            findings("FROM scratch\ncopy a /a\nCOPY b /b\n", "ConsistentInstructionCasing"),
            [(
                "copy".to_string(),
                "Command 'copy' should match the case of the command majority (uppercase)".to_string()
            )]
        );
        assert_eq!(
            findings("FROM scratch\ncopy a /a\ncopy b /b\n", "ConsistentInstructionCasing")[0].1,
            "Command 'FROM' should match the case of the command majority (lowercase)"
        );
        assert_eq!(
            findings("frOM scratch as base\nfrom scratch as base2\n", "ConsistentInstructionCasing")[0].0,
            "frOM"
        );
    }

    #[test]
    fn quiet_when_consistent() {
        assert!(findings("ARG x=1\nfrom scratch\ncopy a /a\n", "ConsistentInstructionCasing").is_empty());
        assert!(findings("FROM alpine\nRUN <<'EOT'\nenv\nEOT\n", "ConsistentInstructionCasing").is_empty());
    }

    #[test]
    fn fix_recases() {
        assert_eq!(fixed("FROM a\nRun x\nRUN y\n", "ConsistentInstructionCasing"), "FROM a\nRUN x\nRUN y\n");
    }
}
