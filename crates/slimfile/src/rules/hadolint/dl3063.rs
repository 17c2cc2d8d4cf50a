use super::common::{from_parts, on_start_line, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags stages named `scratch` or `context`.
    ///
    /// ## Why it matters
    /// Both names already mean something to the builder: `scratch` is the
    /// empty image, `context` the build context (`--build-context`). A stage
    /// with such a name makes `FROM scratch` or `COPY --from=context`
    /// ambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS context
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS build-context
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: renaming a stage means updating its references.
    ///
    /// ## Equivalents
    /// hadolint DL3063; BuildKit ReservedStageName (same check; names
    /// compared case-insensitively, as BuildKit lower-cases stage names).
    pub static RULE = {
        code: "DL3063",
        name: "stage-name-reserved-word",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Stage name should not be a reserved word",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::From {
            continue;
        }
        let (_, Some(alias)) = from_parts(inst) else { continue };
        let name = alias.value.to_ascii_lowercase();
        if name == "scratch" || name == "context" {
            out.push(
                Violation::new(
                    on_start_line(ctx, inst, alias.range),
                    format!("Stage name should not use the same name as reserved stage \"{name}\""),
                )
                .note(format!("`{name}` already means something to the builder"))
                .fix_title("choose another stage name"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_reserved_names() {
        assert_eq!(
            run("FROM foo:bar AS scratch\n", "DL3063"),
            [(
                "scratch".to_string(),
                "Stage name should not use the same name as reserved stage \"scratch\"".to_string()
            )]
        );
        assert_eq!(ranges("FROM foo:bar AS Context\n", "DL3063"), ["Context"]);
    }

    #[test]
    fn other_names_are_fine() {
        assert!(run("FROM foo:bar AS foobar\nFROM scratch\n", "DL3063").is_empty());
    }
}
