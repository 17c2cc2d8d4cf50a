use super::{from_words, global_args};
use crate::expand::Lexer;
use crate::lint::{Context, Violation};
use crate::semantic::ImageRef;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image, expanded with the ARG defaults alone (no
    /// `--build-arg`), is empty or not a valid image reference
    /// (`ARG VERSION` + `FROM busybox:$VERSION` gives `busybox:`).
    ///
    /// ## Why it matters
    /// A Dockerfile that only builds when every caller passes the right
    /// `--build-arg` breaks plain `docker build .`, editors, linters and
    /// dependency bots that resolve the base image. A sensible default keeps
    /// it buildable.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION
    /// FROM busybox:$VERSION
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=1.36
    /// FROM busybox:$VERSION
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the default value is your choice.
    ///
    /// ## Equivalents
    /// BuildKit InvalidDefaultArgInFrom (same check and message).
    pub static RULE = {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Default value for global ARG results in an empty or invalid base image name",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let (env, _) = global_args(ctx);
    let lexer = Lexer::new(df.escape);
    for stage in &ctx.sem.stages {
        let inst = &df.instructions[stage.from_instruction];
        let Some(word) = from_words(inst).first() else { continue };
        // BuildKit stops checking at the first expansion error.
        let Ok(expanded) = lexer.process_word(&word.value, &env) else { return };
        if ImageRef::parse(&expanded.value).is_ok() {
            continue;
        }
        let v = Violation::new(
            word.range,
            format!("Default value for ARG {} results in empty or invalid base image name", word.value),
        )
        .note(if expanded.value.is_empty() {
            "without --build-arg the image name expands to nothing".to_string()
        } else {
            format!("without --build-arg the image is `{}`, which is not a valid reference", expanded.value)
        })
        .fix_title("Give the ARG a default value that makes a valid image reference");
        out.push(v.on_instruction(stage.from_instruction));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_invalid_defaults() {
        assert_eq!(
            findings("ARG VERSION\nFROM busybox:$VERSION\n", "InvalidDefaultArgInFrom"),
            [(
                "busybox:$VERSION".to_string(),
                "Default value for ARG busybox:$VERSION results in empty or invalid base image name".to_string()
            )]
        );
        assert_eq!(findings("ARG IMAGE\nFROM $IMAGE\n", "InvalidDefaultArgInFrom").len(), 1);
        assert_eq!(findings("ARG SFX=\"box:\"\nFROM busy${SFX}\n", "InvalidDefaultArgInFrom").len(), 1);
    }

    #[test]
    fn quiet_on_valid_defaults() {
        for src in [
            "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
            "ARG V=\"\"\nFROM busybox:stable${V}\n",
            "ARG V\nFROM busybox:stable${V}\n",
            "FROM scratch AS a\nFROM a\n",
        ] {
            assert!(findings(src, "InvalidDefaultArgInFrom").is_empty(), "{src}");
        }
    }
}
