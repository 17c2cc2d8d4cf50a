use super::common::{from_parts, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage>` inside the stage it names.
    ///
    /// ## Why it matters
    /// A stage cannot copy from itself: the build fails with a circular
    /// dependency. Usually a stage name was copied from another line and not
    /// updated.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the intended source stage is unknown.
    ///
    /// ## Equivalents
    /// hadolint DL3023 (stage names compared case-insensitively here, as
    /// Docker does).
    pub static RULE = {
        code: "DL3023",
        name: "copy-from-own-stage",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "`COPY --from` cannot reference its own `FROM` alias",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut current: Option<String> = None;
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => current = from_parts(inst).1.map(|a| a.value.to_ascii_lowercase()),
            Keyword::Copy => {
                let Some(flag) = inst.flag("from") else { continue };
                let (Some(value), Some(stage)) = (flag.value.as_deref(), current.as_deref()) else { continue };
                if value.eq_ignore_ascii_case(stage) {
                    out.push(
                        Violation::new(
                            flag.value_range.unwrap_or(flag.range),
                            format!("`--from={value}` names the stage it is in"),
                        )
                        .note("a stage cannot copy from itself: the build fails")
                        .fix_title("copy from an earlier stage"),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::run;

    #[test]
    fn fires_on_copy_from_own_stage() {
        assert_eq!(
            run("FROM node:1 as foo\nCOPY --from=foo bar .\n", "DL3023"),
            [("foo".to_string(), "`--from=foo` names the stage it is in".to_string())]
        );
    }

    #[test]
    fn quiet_for_other_stages() {
        assert!(run("FROM scratch as build\nFROM node:1 as run\nCOPY --from=build foo .\n", "DL3023").is_empty());
        assert!(run("FROM scratch\nCOPY --from=build foo .\n", "DL3023").is_empty());
    }
}
