use super::{arg_pairs, check_comment_skips, from_words, prev_comments};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Experimental (enable with `# check=experimental=InvalidDefinitionDescription`
    /// or `experimental: true` in the config). Flags a comment right above a
    /// named `FROM` or an `ARG` that does not start with the stage's or the
    /// argument's name.
    ///
    /// ## Why it matters
    /// `docker build --call=outline` and `--call=targets` show such comments
    /// as the description of the build argument or target, but only when the
    /// comment begins with its name (`# VERSION sets the release`). A
    /// comment that is not meant as a description should be separated from
    /// the instruction by an empty `#` line. (BuildKit's documentation also
    /// suggests an empty line, but its parser keeps comments across empty
    /// lines; slimfile follows the parser.)
    ///
    /// ## Example
    /// ```dockerfile
    /// # the version to build
    /// ARG VERSION=1.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # VERSION is the version to build
    /// ARG VERSION=1.0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: rewording the comment is your call.
    ///
    /// ## Equivalents
    /// BuildKit InvalidDefinitionDescription (experimental; same check and
    /// message).
    pub static RULE = {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
        experimental: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        let (kind, keys): (&str, Vec<String>) = match inst.keyword {
            Keyword::Arg => ("ARG", arg_pairs(inst).into_iter().map(|(k, _)| k).collect()),
            Keyword::From => match from_words(inst) {
                [_, as_kw, name] if as_kw.value.eq_ignore_ascii_case("as") => ("FROM", vec![name.value.to_lowercase()]),
                _ => continue,
            },
            _ => continue,
        };
        if keys.is_empty() {
            continue;
        }
        // `# check=` comments are directives, not descriptions.
        let comments: Vec<_> =
            prev_comments(ctx.df, idx).into_iter().filter(|c| check_comment_skips(&c.text).is_none()).collect();
        let Some(last) = comments.last() else { continue };
        let first_word = last.text.split(' ').next().unwrap_or("");
        if keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() > 1 { "<arg_key>" } else { keys[0].as_str() };
        let v = Violation::new(
            last.range,
            format!("Comment for {kind} should follow the format: `# {example} <description>`"),
        )
        .note("build tools show this comment as a description only when it starts with the name")
        .fix_title(format!("Start the comment with `{example}`, or separate it with an empty `#` line"));
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_when_enabled() {
        let src = "# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE the base\nFROM scratch AS base\n# bad\nARG a=1 b=2\n";
        let f = findings(src, "InvalidDefinitionDescription");
        assert_eq!(
            f,
            [
                (
                    "# bar this is the bar".to_string(),
                    "Comment for ARG should follow the format: `# foo <description>`".to_string()
                ),
                (
                    "# BasE the base".to_string(),
                    "Comment for FROM should follow the format: `# base <description>`".to_string()
                ),
                (
                    "# bad".to_string(),
                    "Comment for ARG should follow the format: `# <arg_key> <description>`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn quiet_when_named_separated_or_off() {
        let good = "# check=experimental=all\n# foo the foo\nARG foo=bar\n# x\n#\nARG bit=bat\n# base stage\nFROM scratch AS base\n# note\nCOPY a b\n";
        assert!(findings(good, "InvalidDefinitionDescription").is_empty());
        assert!(
            findings("# nope\nARG foo\nFROM scratch\n", "InvalidDefinitionDescription").is_empty(),
            "experimental: off by default"
        );
    }
}
