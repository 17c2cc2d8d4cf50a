use super::common::{from_parts, on_start_line, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM ... AS <name>`) already used by an earlier
    /// stage.
    ///
    /// ## Why it matters
    /// `COPY --from=<name>` and `FROM <name>` can only mean one stage; with
    /// two stages of the same name it is unclear which one a reader (or a
    /// `--target`) gets.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// FROM golang:1.22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS web-build
    /// FROM golang:1.22 AS api-build
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: renaming a stage means updating its references,
    /// and which one to rename is your call.
    ///
    /// ## Equivalents
    /// hadolint DL3024; BuildKit DuplicateStageName (same check; names are
    /// compared case-insensitively, as BuildKit does).
    pub static RULE = {
        code: "DL3024",
        name: "stage-name-not-unique",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "FROM aliases (stage names) must be unique",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::From {
            continue;
        }
        let (_, Some(alias)) = from_parts(inst) else { continue };
        let name = alias.value.to_ascii_lowercase();
        if let Some(line) = seen.get(&name) {
            out.push(
                Violation::new(
                    on_start_line(ctx, inst, alias.range),
                    format!("Duplicate stage name \"{name}\", stage names should be unique"),
                )
                .note(format!("line {line} already defines a stage named `{name}`"))
                .fix_title("give each stage its own name"),
            );
        } else {
            seen.insert(name, inst.start_line);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::run;

    #[test]
    fn fires_on_reused_names() {
        assert_eq!(
            run("FROM node:1 as foo\nRUN x\nFROM scratch as Foo\n", "DL3024"),
            [("Foo".to_string(), "Duplicate stage name \"foo\", stage names should be unique".to_string())]
        );
    }

    #[test]
    fn unique_names_are_fine() {
        assert!(run("FROM scratch as build\nFROM node:1 as run\nFROM build\n", "DL3024").is_empty());
    }
}
