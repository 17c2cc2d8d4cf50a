use super::common::check_label_format;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` that gives a label the type `hash`, flags values
    /// that are not a git commit hash (7 or 40 lower-case hex digits).
    ///
    /// ## Why it matters
    /// A revision label (`org.opencontainers.image.revision`) ties an image
    /// to the commit it was built from; anything else cannot be looked up.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision="2dbfae9"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the commit is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3055. Off unless a schema is configured.
    pub static RULE = {
        code: "DL3055",
        name: "label-not-git-hash",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` is not a valid git hash",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_label_format(
        ctx,
        out,
        "hash",
        is_git_hash,
        "a git hash",
        "a revision label must name a commit (7 or 40 hex digits)",
    );
}

fn is_git_hash(v: &str) -> bool {
    (v.len() == 7 || v.len() == 40) && v.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_non_hashes() {
        let cfg = schema(&[("githash", "githash")]);
        assert_eq!(
            run_with("LABEL githash=\"not-git-hash\"\n", "DL3055", &cfg),
            [("\"not-git-hash\"".to_string(), "label `githash` is not a git hash: `not-git-hash`".to_string())]
        );
        assert_eq!(run_with("LABEL githash=2DBFAE9\n", "DL3055", &cfg).len(), 1);
    }

    #[test]
    fn accepts_short_and_full_hashes() {
        let cfg = schema(&[("githash", "hash")]);
        let src = "LABEL githash=\"2dbfae9\"\nLABEL githash=\"43c572f1272b6b3171dd1db9e41b7027128ce080\"\nLABEL other=\"foo\"\n";
        assert!(run_with(src, "DL3055", &cfg).is_empty());
    }
}
