use super::from_words;
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a build stage whose `AS` name is not all lowercase
    /// (`FROM golang AS Builder`).
    ///
    /// ## Why it matters
    /// BuildKit lowercases stage names, so `Builder`, `builder` and `BUILDER`
    /// are the same stage. Mixed-case names make the Dockerfile look as if
    /// they were different, and `FROM Builder` does not even resolve to the
    /// stage (only `COPY --from` matches names case-insensitively).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS Builder
    /// FROM alpine
    /// COPY --from=Builder /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// FROM alpine
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix lowercases the name and the `FROM <name>` and
    /// `COPY --from=<name>` references to it; BuildKit already treats the
    /// name as lowercase.
    ///
    /// ## Equivalents
    /// BuildKit StageNameCasing (same check and message).
    pub static RULE = {
        code: "StageNameCasing",
        name: "stage-name-casing",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Stage names should be lowercase",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        if inst.keyword != Keyword::From {
            continue;
        }
        let words = from_words(inst);
        if words.len() != 3 {
            continue;
        }
        let name = &words[2];
        if name.value == name.value.to_lowercase() {
            continue;
        }
        let lower = name.value.to_lowercase();
        let mut edits = vec![Edit::replace(name.range, lower.clone())];
        // References after the definition: FROM <name>, COPY --from=<name>.
        for (j, other) in ctx.df.instructions.iter().enumerate().skip(idx + 1) {
            let other = other.effective();
            match other.keyword {
                Keyword::From => {
                    if let Some(base) = from_words(other).first() {
                        if base.value.eq_ignore_ascii_case(&name.value)
                            && base.value != lower
                            && base.range.slice(&ctx.df.source) == base.value
                        {
                            edits.push(Edit::replace(base.range, lower.clone()));
                        }
                    }
                    // A later stage with the same name takes over the name.
                    let w = from_words(other);
                    if w.len() == 3 && w[2].value.eq_ignore_ascii_case(&name.value) && j != idx {
                        break;
                    }
                }
                Keyword::Copy => {
                    if let Some(f) = other.flag("from") {
                        if let (Some(v), Some(r)) = (&f.value, f.value_range) {
                            if v.eq_ignore_ascii_case(&name.value) && *v != lower && r.slice(&ctx.df.source) == v {
                                edits.push(Edit::replace(r, lower.clone()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let v = Violation::new(name.range, format!("Stage name '{}' should be lowercase", name.value))
            .note("BuildKit lowercases stage names; mixed case hides that `Builder` and `builder` are one stage")
            .with_fix(Fix::safe(format!("Rename the stage to `{lower}`"), edits));
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_on_mixed_case_names() {
        assert_eq!(
            findings("FROM scratch AS BadStageName\n", "StageNameCasing"),
            [("BadStageName".to_string(), "Stage name 'BadStageName' should be lowercase".to_string())]
        );
    }

    #[test]
    fn quiet_on_lowercase_or_unnamed() {
        assert!(findings("FROM scratch AS base\nFROM Base\n", "StageNameCasing").is_empty());
        assert!(findings("FROM alpine\n", "StageNameCasing").is_empty());
    }

    #[test]
    fn fix_renames_references() {
        let src = "FROM golang AS Build\nRUN x\nFROM Build AS test\nFROM alpine\nCOPY --from=Build /a /a\nCOPY --from=build /b /b\n";
        assert_eq!(
            fixed(src, "StageNameCasing"),
            "FROM golang AS build\nRUN x\nFROM build AS test\nFROM alpine\nCOPY --from=build /a /a\nCOPY --from=build /b /b\n"
        );
    }

    #[test]
    fn skipped_by_check_comment() {
        assert!(findings("# note\n# check=skip=StageNameCasing\nFROM scratch AS Bad\n", "StageNameCasing").is_empty());
    }
}
