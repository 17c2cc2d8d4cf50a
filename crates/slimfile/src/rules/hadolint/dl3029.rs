use super::common::top_level;
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=...` with a value that does not involve
    /// `$BUILDPLATFORM` or `$TARGETPLATFORM` (`FROM --platform=linux/amd64`).
    ///
    /// ## Why it matters
    /// A fixed platform pins the image to one architecture: on an ARM
    /// machine, or in a multi-platform build, you silently get an emulated
    /// foreign-architecture image. Cross-compiling stages use
    /// `--platform=$BUILDPLATFORM` instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the platform may be pinned on purpose.
    ///
    /// ## Equivalents
    /// hadolint DL3029 (any value mentioning `BUILDPLATFORM` or
    /// `TARGETPLATFORM` is accepted). BuildKit's
    /// FromPlatformFlagConstDisallowed only flags values without any
    /// variable, so it is a separate check.
    pub static RULE = {
        code: "DL3029",
        name: "from-platform-flag",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Do not use --platform flag with FROM",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::From {
            continue;
        }
        let Some(flag) = inst.flag("platform") else { continue };
        let value = flag.value.as_deref().unwrap_or("");
        if value.is_empty() || value.contains("BUILDPLATFORM") || value.contains("TARGETPLATFORM") {
            continue;
        }
        out.push(
            Violation::new(flag.range, format!("`FROM` pins the platform to `{value}`"))
                .note("a fixed platform gives an emulated image on other architectures and in multi-platform builds")
                .fix_title("remove `--platform`, or use `$BUILDPLATFORM` for cross-compiling stages"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_fixed_platforms() {
        assert_eq!(
            run("FROM --platform=linux debian:jessie\n", "DL3029"),
            [("--platform=linux".to_string(), "`FROM` pins the platform to `linux`".to_string())]
        );
        assert_eq!(ranges("FROM --platform=$TARGETOS/$TARGETARCH a:1\n", "DL3029").len(), 1);
    }

    #[test]
    fn quiet_for_build_and_target_platform() {
        let src = "FROM debian:jessie\nFROM --platform=$BUILDPLATFORM a:1\nFROM --platform=\"$BUILDPLATFORM\" a:1\n\
                   FROM --platform=${BUILDPLATFORM:-} a:1\nFROM --platform=$TARGETPLATFORM a:1\n";
        assert!(run(src, "DL3029").is_empty());
    }
}
