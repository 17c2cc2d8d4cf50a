use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why it matters
    /// Docker does not allow these as triggers: an image built with them
    /// fails the downstream build that tries to run the trigger.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ONBUILD RUN ./configure
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the trigger has to be rethought.
    ///
    /// ## Equivalents
    /// hadolint DL3043.
    pub static RULE = {
        code: "DL3043",
        name: "invalid-onbuild-trigger",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for inst in &ctx.df.instructions {
        let Some(inner) = &inst.onbuild else { continue };
        if matches!(inner.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer) {
            out.push(
                Violation::new(inner.keyword_range, format!("`ONBUILD {}` is not allowed", inner.keyword.as_str()))
                    .note("Docker rejects ONBUILD, FROM and MAINTAINER as triggers: downstream builds fail")
                    .fix_title("remove the trigger"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_forbidden_triggers() {
        assert_eq!(
            run("ONBUILD FROM debian:buster\n", "DL3043"),
            [("FROM".to_string(), "`ONBUILD FROM` is not allowed".to_string())]
        );
        assert_eq!(ranges("ONBUILD ONBUILD RUN x\nONBUILD MAINTAINER \"B\"\n", "DL3043"), ["ONBUILD", "MAINTAINER"]);
    }

    #[test]
    fn other_triggers_are_fine() {
        let src = "ONBUILD ADD a b\nONBUILD USER x\nONBUILD RUN x\nONBUILD HEALTHCHECK NONE\nFROM debian:buster\nMAINTAINER x\n";
        assert!(run(src, "DL3043").is_empty());
    }
}
