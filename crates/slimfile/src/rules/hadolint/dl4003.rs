use super::dl3012::repeated;
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a second (third, ...) `CMD` in the same stage.
    ///
    /// ## Why it matters
    /// Only the last `CMD` of a stage takes effect; the others are dead code
    /// that misleads readers about what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which command is meant is your decision (Docker
    /// keeps the last one).
    ///
    /// ## Equivalents
    /// hadolint DL4003 (reports the later ones). BuildKit's
    /// MultipleInstructionsDisallowed reports the earlier ones and covers
    /// ENTRYPOINT and HEALTHCHECK too, so it is a separate check.
    pub static RULE = {
        code: "DL4003",
        name: "multiple-cmd",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    repeated(ctx, out, Keyword::Cmd, "CMD");
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::run;

    #[test]
    fn fires_on_repeated_cmd() {
        assert_eq!(
            run("FROM debian\nCMD bash\nRUN foo\nCMD another\n", "DL4003"),
            [("CMD".to_string(), "another `CMD` in this stage (the first is on line 2)".to_string())]
        );
    }

    #[test]
    fn one_per_stage_is_fine() {
        assert!(run("FROM debian as d1\nCMD bash\nFROM debian as d2\nCMD another\n", "DL4003").is_empty());
        assert!(run("CMD /bin/true\n", "DL4003").is_empty());
    }
}
