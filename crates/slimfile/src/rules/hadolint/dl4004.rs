use super::dl3012::repeated;
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a second (third, ...) `ENTRYPOINT` in the same stage.
    ///
    /// ## Why it matters
    /// Only the last `ENTRYPOINT` of a stage takes effect; the others are
    /// dead code that misleads readers about what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/sh"]
    /// ENTRYPOINT ["/app/server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/app/server"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which entrypoint is meant is your decision (Docker
    /// keeps the last one).
    ///
    /// ## Equivalents
    /// hadolint DL4004 (reports the later ones). BuildKit's
    /// MultipleInstructionsDisallowed reports the earlier ones and covers CMD
    /// and HEALTHCHECK too, so it is a separate check.
    pub static RULE = {
        code: "DL4004",
        name: "multiple-entrypoint",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    repeated(ctx, out, Keyword::Entrypoint, "ENTRYPOINT");
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::run;

    #[test]
    fn fires_on_repeated_entrypoint() {
        assert_eq!(
            run("FROM debian\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\n", "DL4004"),
            [("ENTRYPOINT".to_string(), "another `ENTRYPOINT` in this stage (the first is on line 2)".to_string())]
        );
    }

    #[test]
    fn one_per_stage_is_fine() {
        assert!(run("FROM debian as d1\nENTRYPOINT bash\nFROM debian as d2\nENTRYPOINT another\n", "DL4004").is_empty());
        assert!(run("ENTRYPOINT /bin/true\nFROM busybox\n", "DL4004").is_empty());
    }
}
