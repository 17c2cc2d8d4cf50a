use super::common::{pairs, top_level, unquote};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags label keys that break Docker's key format: keys must start with
    /// a lower-case letter, end with a letter or digit, use only `a-z`,
    /// `0-9`, `.` and `-`, have no `..` or `--`, and stay out of the
    /// reserved `com.docker.`, `io.docker.` and `org.dockerproject.`
    /// namespaces.
    ///
    /// ## Why it matters
    /// Tools that read labels (registries, scanners, orchestrators) expect
    /// this format; keys outside it may be ignored or rejected, and the
    /// reserved namespaces belong to Docker.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Maintainer_Email="ops@example.com"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="ops@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: consumers of the label would need the new key too.
    ///
    /// ## Equivalents
    /// hadolint DL3048.
    pub static RULE = {
        code: "DL3048",
        name: "invalid-label-key",
        aliases: [],
        severity: Style,
        group: Hadolint,
        summary: "Invalid label key",
        check: check,
    }
}

/// Why a key is invalid, if it is.
fn problem(key: &str) -> Option<&'static str> {
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("it must start with a lower-case letter")
    } else if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        Some("it must end with a lower-case letter or a digit")
    } else if key.chars().any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')) {
        Some("only lower-case letters, digits, `.` and `-` are allowed")
    } else if ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|p| key.starts_with(p)) {
        Some("the namespace is reserved for Docker")
    } else if key.contains("..") || key.contains("--") {
        Some("it has consecutive separators")
    } else {
        None
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Label {
            continue;
        }
        for kv in pairs(inst) {
            let key = unquote(ctx.df.escape, &kv.key.value);
            if let Some(why) = problem(&key) {
                out.push(
                    Violation::new(kv.key.range, format!("label key `{key}` is invalid: {why}"))
                        .note("label keys are lower-case reverse-DNS names such as `org.opencontainers.image.source`")
                        .fix_title("rename the label"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_invalid_keys() {
        assert_eq!(
            run("LABEL com.docker.label=\"foo\"\n", "DL3048"),
            [(
                "com.docker.label".to_string(),
                "label key `com.docker.label` is invalid: the namespace is reserved for Docker".to_string()
            )]
        );
        let src = "LABEL invalid$character=\"foo\"\nLABEL .invalid =\"foo\"\nLABEL 1invalid=\"foo\"\nLABEL a..b=1 a--b=2 Upper=3 end-=4\n";
        assert_eq!(
            ranges(src, "DL3048"),
            ["invalid$character", ".invalid", "1invalid", "a..b", "a--b", "Upper", "end-"]
        );
    }

    #[test]
    fn valid_keys_are_fine() {
        assert!(run(
            "LABEL org.valid-key.label3=\"foo\" validlabel=x \"quoted.key\"=y\nONBUILD LABEL Bad=1\n",
            "DL3048"
        )
        .is_empty());
    }
}
