use super::{global_args, refs_by_name};
use crate::expand::{Env, Lexer};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`): a
    /// platform that expands to exactly the predefined `TARGETPLATFORM`.
    ///
    /// ## Why it matters
    /// Building for the target platform is what `FROM` does by default; the
    /// flag only adds noise and suggests something special is going on.
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
    /// Safe: the fix removes the flag, which changes nothing.
    ///
    /// ## Equivalents
    /// BuildKit RedundantTargetPlatform (same check and message). hadolint
    /// DL3065 compares the text instead of the expansion (so it misses
    /// `"$TARGETPLATFORM"`).
    pub static RULE = {
        code: "RedundantTargetPlatform",
        name: "redundant-target-platform",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let (env, _) = global_args(ctx);
    let lexer = Lexer::new(df.escape);
    for stage in &ctx.sem.stages {
        let inst = &df.instructions[stage.from_instruction];
        let Some(flag) = inst.flag("platform") else { continue };
        let Some(value) = &flag.value else { continue };
        let refs = refs_by_name(value, df.escape);
        let only_target = refs.len() == 1 && refs[0].name == "TARGETPLATFORM";
        if !only_target || env.get("TARGETPLATFORM").is_none() {
            continue;
        }
        let Ok(expanded) = lexer.process_word(value, &env) else { continue };
        if Some(expanded.value.as_str()) != env.get("TARGETPLATFORM") {
            continue;
        }
        // Remove the flag and the blanks after it.
        let rest = &df.source[flag.range.end.min(df.source.len())..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let removal = TextRange::new(flag.range.start, flag.range.end + blanks);
        let mut v = Violation::new(
            flag.range,
            format!("Setting platform to predefined {value} in FROM is redundant as this is the default behavior"),
        )
        .note("FROM builds for the target platform by default");
        if blanks > 0 && !removal.slice(&df.source).contains('\n') {
            v = v.with_fix(Fix::safe("Remove the --platform flag", vec![Edit::delete(removal)]));
        } else {
            v = v.fix_title("Remove the --platform flag");
        }
        out.push(v.on_instruction(stage.from_instruction));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_on_target_platform() {
        assert_eq!(
            findings("FROM --platform=$TARGETPLATFORM scratch\n", "RedundantTargetPlatform"),
            [(
                "--platform=$TARGETPLATFORM".to_string(),
                "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
                    .to_string()
            )]
        );
        assert_eq!(findings("FROM --platform=${TARGETPLATFORM} scratch\n", "RedundantTargetPlatform").len(), 1);
    }

    #[test]
    fn quiet_otherwise() {
        for src in [
            "FROM --platform=$BUILDPLATFORM a\n",
            "FROM --platform=linux/amd64 a\n",
            "FROM --platform=${TARGETPLATFORM}-x a\n",
            "FROM a\n",
        ] {
            assert!(findings(src, "RedundantTargetPlatform").is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_removes_the_flag() {
        assert_eq!(
            fixed("FROM --platform=$TARGETPLATFORM alpine AS a\n", "RedundantTargetPlatform"),
            "FROM alpine AS a\n"
        );
    }
}
