use super::common::top_level;
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a second (third, ...) `HEALTHCHECK` in the same stage.
    ///
    /// ## Why it matters
    /// Only the last `HEALTHCHECK` of a stage takes effect; the earlier ones
    /// are dead code that readers will take for the real check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which check to keep is your decision (Docker keeps
    /// the last one).
    ///
    /// ## Equivalents
    /// hadolint DL3012 (reports the later ones). BuildKit's
    /// MultipleInstructionsDisallowed covers CMD, ENTRYPOINT and HEALTHCHECK
    /// together and reports the earlier ones, so it is a separate check.
    pub static RULE = {
        code: "DL3012",
        name: "multiple-healthchecks",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Multiple HEALTHCHECK instructions",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    repeated(ctx, out, Keyword::Healthcheck, "HEALTHCHECK");
}

/// Reports every instruction of `keyword` after the first in its stage
/// (shared with DL4003 and DL4004).
pub(super) fn repeated(ctx: &Context, out: &mut Vec<Violation>, keyword: Keyword, name: &str) {
    let mut first: Option<usize> = None;
    for (_, inst) in top_level(ctx) {
        if inst.keyword == Keyword::From {
            first = None;
        } else if inst.keyword == keyword {
            match first {
                None => first = Some(inst.start_line),
                Some(line) => out.push(
                    Violation::new(
                        inst.keyword_range,
                        format!("another `{name}` in this stage (the first is on line {line})"),
                    )
                    .note(format!("only the last `{name}` of a stage takes effect"))
                    .fix_title(format!("keep a single `{name}` per stage")),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::run;

    #[test]
    fn fires_on_repeated_healthchecks() {
        assert_eq!(
            run("FROM scratch\nHEALTHCHECK CMD /bin/a\nHEALTHCHECK NONE\n", "DL3012"),
            [("HEALTHCHECK".to_string(), "another `HEALTHCHECK` in this stage (the first is on line 2)".to_string())]
        );
    }

    #[test]
    fn one_per_stage_is_fine() {
        assert!(
            run("FROM scratch\nHEALTHCHECK CMD /bin/a\nFROM scratch\nHEALTHCHECK CMD /bin/b\n", "DL3012").is_empty()
        );
        assert!(run("FROM scratch\nHEALTHCHECK CMD /bin/a\nONBUILD HEALTHCHECK CMD /bin/b\n", "DL3012").is_empty());
    }
}
