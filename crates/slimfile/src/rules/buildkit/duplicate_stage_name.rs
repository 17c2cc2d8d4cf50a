use super::go_quote;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a build stage whose name (compared case-insensitively, as
    /// BuildKit does) was already used by an earlier stage.
    ///
    /// ## Why it matters
    /// `COPY --from=name`, `FROM name` and `--target name` can only mean one
    /// stage; with two stages of the same name the later definition silently
    /// wins for everything after it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang AS build
    /// FROM node AS Build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang AS build-go
    /// FROM node AS build-web
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which stage to rename, and its references, is your
    /// call.
    ///
    /// ## Equivalents
    /// BuildKit DuplicateStageName (same check and message). hadolint DL3024
    /// is the case-sensitive variant (`build` and `Build` pass it).
    pub static RULE = {
        code: "DuplicateStageName",
        name: "duplicate-stage-name",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Stage names should be unique",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for stage in &ctx.sem.stages {
        let (Some(name), Some(range)) = (&stage.name, stage.name_range) else { continue };
        if seen.contains(name.as_str()) {
            let v =
                Violation::new(range, format!("Duplicate stage name {}, stage names should be unique", go_quote(name)))
                    .note("an earlier stage has the same name; references after this line mean this stage");
            out.push(v.on_instruction(stage.from_instruction));
        }
        seen.insert(name);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_repeated_names() {
        assert_eq!(
            findings("FROM scratch AS b\nFROM scratch AS B\n", "DuplicateStageName"),
            [("B".to_string(), "Duplicate stage name \"b\", stage names should be unique".to_string())]
        );
    }

    #[test]
    fn quiet_on_unique_names() {
        assert!(findings("FROM scratch AS b1\nFROM scratch AS b2\nFROM scratch\n", "DuplicateStageName").is_empty());
    }
}
