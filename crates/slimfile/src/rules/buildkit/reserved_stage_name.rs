use super::go_quote;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a build stage named `scratch` or `context` (in any case).
    ///
    /// ## Why it matters
    /// Both names already mean something to BuildKit: `scratch` is the empty
    /// image and `context` the build context. A stage with such a name is
    /// confusing at best and shadows the built-in meaning in `COPY --from`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS context
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine AS prepare-context
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the new name is your choice.
    ///
    /// ## Equivalents
    /// BuildKit ReservedStageName (same check and message). hadolint DL3063 is
    /// the case-sensitive variant (`AS Scratch` passes it).
    pub static RULE = {
        code: "ReservedStageName",
        name: "reserved-stage-name",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Reserved words should not be used as stage names",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for stage in &ctx.sem.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else { continue };
        if name == "scratch" || name == "context" {
            let v = Violation::new(
                range,
                format!("Stage name should not use the same name as reserved stage {}", go_quote(name)),
            )
            .note(format!("`{name}` already has a meaning in BuildKit"));
            out.push(v.on_instruction(stage.from_instruction));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_reserved_names() {
        let f = findings("FROM scratch AS scratch\nFROM scratch AS Context\n", "ReservedStageName");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0],
            (
                "scratch".to_string(),
                "Stage name should not use the same name as reserved stage \"scratch\"".to_string()
            )
        );
        assert_eq!(f[1].0, "Context");
    }

    #[test]
    fn quiet_otherwise() {
        assert!(findings("FROM scratch\nFROM scratch AS a\n", "ReservedStageName").is_empty());
    }
}
