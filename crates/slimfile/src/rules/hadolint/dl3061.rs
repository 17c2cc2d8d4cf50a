use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags instructions other than `ARG` before the first `FROM`.
    ///
    /// ## Why it matters
    /// Only `ARG` (and comments and parser directives) may come before the
    /// first `FROM`; anything else is rejected by the builder ("no build
    /// stage in current context") or, in a fragment meant to be included,
    /// ends up in the wrong place.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which stage the instruction belongs to is yours to
    /// decide.
    ///
    /// ## Equivalents
    /// hadolint DL3061 (each such instruction is reported).
    pub static RULE = {
        code: "DL3061",
        name: "instruction-before-from",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for inst in &ctx.df.instructions {
        match inst.keyword {
            Keyword::From => return,
            // An unknown instruction is already a parse error.
            Keyword::Arg | Keyword::Unknown => {}
            _ => out.push(
                Violation::new(inst.keyword_range, format!("`{}` comes before the first `FROM`", inst.keyword_text))
                    .note("only ARG may come before the first FROM")
                    .fix_title("move the instruction after a FROM"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_instructions_before_from() {
        assert_eq!(
            run("LABEL foo=bar\nFROM foo\n", "DL3061"),
            [("LABEL".to_string(), "`LABEL` comes before the first `FROM`".to_string())]
        );
        assert_eq!(ranges("COPY a b\nonbuild RUN x\nARG x\nFROM a:1\nRUN y\n", "DL3061"), ["COPY", "onbuild"]);
    }

    #[test]
    fn quiet_when_from_or_arg_come_first() {
        for src in [
            "FROM foo\nLABEL foo=bar\n",
            "ARG A=B\nFROM foo\n",
            "# syntax = docker/dockerfile:1\n# c\nFROM node:16\n",
            "",
            "FORM alpine\nFROM alpine:3\n",
        ] {
            assert!(run(src, "DL3061").is_empty(), "{src}");
        }
    }
}
