use super::common::{from_parts, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<name>` where `<name>` is neither a stage defined
    /// before (by name or by number) nor an image reference with a tag
    /// (`--from=nginx:1.27`).
    ///
    /// ## Why it matters
    /// A `--from` that names no earlier stage is pulled as an image from a
    /// registry: a typo in a stage name, or a stage defined further down,
    /// silently turns into a pull of some public image (or a failed build).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM scratch
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM scratch
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the intended stage is unknown.
    ///
    /// ## Equivalents
    /// hadolint DL3022: a value containing `:` counts as an image; a number
    /// must be below the number of stages so far; anything else (an image
    /// without a tag too) must be an earlier stage name. Stage names match
    /// case-insensitively here, as Docker resolves them (hadolint compares
    /// them exactly).
    pub static RULE = {
        code: "DL3022",
        name: "copy-from-unknown-stage",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`COPY --from` should reference a previously defined `FROM` alias",
        check: check,
    }
}

/// hadolint reads the leading decimal digits of the value (`1abc` is 1).
fn leading_number(s: &str) -> Option<u64> {
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    if digits.is_empty() {
        return None;
    }
    Some(digits.bytes().fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0'))))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut count = 0u64;
    let mut names: Vec<String> = Vec::new();
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => {
                count += 1;
                if let (_, Some(alias)) = from_parts(inst) {
                    names.push(alias.value.to_ascii_lowercase());
                }
            }
            Keyword::Copy => {
                let Some(flag) = inst.flag("from") else { continue };
                let Some(value) = flag.value.as_deref() else { continue };
                if value.contains(':')
                    || names.contains(&value.to_ascii_lowercase())
                    || leading_number(value).is_some_and(|n| n < count)
                {
                    continue;
                }
                out.push(
                    Violation::new(
                        flag.value_range.unwrap_or(flag.range),
                        format!("`--from={value}` names no stage defined before it"),
                    )
                    .note("a --from that is not an earlier stage is pulled as an image from a registry")
                    .fix_title("name an earlier stage, or give an image reference with a tag"),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_unknown_or_later_stages() {
        assert_eq!(
            run("COPY --from=foo bar .\n", "DL3022"),
            [("foo".to_string(), "`--from=foo` names no stage defined before it".to_string())]
        );
        assert_eq!(ranges("FROM scratch\nCOPY --from=build foo .\nFROM node:1 AS build\n", "DL3022"), ["build"]);
        assert_eq!(
            ranges("COPY --from=0 bar .\nFROM a:1\nCOPY --from=1 a b\nCOPY --from=alpine a b\n", "DL3022"),
            ["0", "1", "alpine"]
        );
    }

    #[test]
    fn quiet_for_earlier_stages_numbers_and_images() {
        let src = "FROM scratch AS build\nFROM node:1\nCOPY --from=build foo .\nCOPY --from=BUILD foo .\nCOPY --from=0 foo .\n\
                   COPY --from=1 a b\nCOPY --from=haskell:latest bar .\nONBUILD COPY --from=nothing a b\n";
        assert!(run(src, "DL3022").is_empty());
    }
}
