use super::common::{on_start_line, top_level};
use crate::ast::Keyword;
use crate::expand::VarOp;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why it matters
    /// Building for the target platform is what `FROM` does anyway: the flag
    /// adds noise and suggests a cross-compilation setup that is not there.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix: removes the flag; the stage is built for the same platform.
    ///
    /// ## Equivalents
    /// hadolint DL3065; BuildKit RedundantTargetPlatform (same check; like
    /// BuildKit, a quoted `"$TARGETPLATFORM"` counts too, which hadolint
    /// misses). `${TARGETPLATFORM:-linux/amd64}` is not reported (BuildKit
    /// does report it): the default keeps the classic builder, which does
    /// not set `TARGETPLATFORM`, working.
    pub static RULE = {
        code: "DL3065",
        name: "platform-flag-redundant",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Setting `FROM --platform` to predefined `$TARGETPLATFORM` is redundant as this is the default behavior",
        check: check,
    }
}

/// The value expands to `$TARGETPLATFORM` and nothing else.
fn is_target_platform(raw: &str, escape: char) -> bool {
    let refs = crate::expand::variable_refs(raw, escape);
    let [r] = refs.as_slice() else { return false };
    if r.name != "TARGETPLATFORM" || r.op != VarOp::Plain {
        return false;
    }
    // Nothing but the reference (and quotes around it).
    let before = raw.get(..r.range.start).unwrap_or("x");
    let after = raw.get(r.range.end..).unwrap_or("x");
    before.chars().chain(after.chars()).all(|c| c == '"' || c == '\'') && !before.contains('\'')
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::From {
            continue;
        }
        let Some(flag) = inst.flag("platform") else { continue };
        let raw = flag.value_range.map_or("", |r| ctx.text(r));
        if !is_target_platform(raw, ctx.df.escape) {
            continue;
        }
        // Remove the flag and the blanks after it on the same line.
        let src = &ctx.df.source;
        let mut end = flag.range.end;
        while src.as_bytes().get(end).is_some_and(|b| *b == b' ' || *b == b'\t') {
            end += 1;
        }
        let fix = Fix::safe("remove `--platform`", vec![Edit::delete(TextRange::new(flag.range.start, end))]);
        out.push(
            Violation::new(
                on_start_line(ctx, inst, flag.range),
                format!("Setting platform to predefined {raw} in FROM is redundant as this is the default behavior"),
            )
            .note("FROM already builds for the target platform")
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{fixed, ranges, run};

    #[test]
    fn fires_on_target_platform() {
        assert_eq!(
            run("FROM --platform=$TARGETPLATFORM alpine:3.24\n", "DL3065"),
            [(
                "--platform=$TARGETPLATFORM".to_string(),
                "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
                    .to_string()
            )]
        );
        assert_eq!(
            ranges("FROM --platform=${TARGETPLATFORM} a:1\nFROM --platform=\"$TARGETPLATFORM\" a:1\n", "DL3065").len(),
            2
        );
        assert_eq!(
            fixed("FROM --platform=$TARGETPLATFORM  alpine:3 AS a\n", "DL3065").as_deref(),
            Some("FROM alpine:3 AS a\n")
        );
    }

    #[test]
    fn other_platforms_are_fine() {
        let src = "FROM alpine:3.24\nFROM --platform=$FOOBAR a:1\nFROM --platform=foobar/arm64 a:1\nFROM --platform=$BUILDPLATFORM a:1\n\
                   FROM --platform=${TARGETPLATFORM:+x} a:1\nFROM --platform=${TARGETPLATFORM:-linux/amd64} a:1\n\
                   FROM --platform=$TARGETPLATFORM/x a:1\nFROM --platform='$TARGETPLATFORM' a:1\n";
        assert!(run(src, "DL3065").is_empty());
    }
}
