use super::common::check_label_format;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` that gives a label the type `semver`, flags
    /// values that are not a semantic version (`1.4.2`, `2.0.0-rc.1+b5`).
    ///
    /// ## Why it matters
    /// Version labels are compared and sorted by tools; `v1.4` or `latest`
    /// cannot be.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="v1.4"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to state.
    ///
    /// ## Equivalents
    /// hadolint DL3056 (as lenient as hadolint's parser: leading zeros and
    /// empty pre-release or build parts are accepted). Off unless a schema is
    /// configured.
    pub static RULE = {
        code: "DL3056",
        name: "label-not-semver",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` does not conform to semantic versioning",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_label_format(ctx, out, "semver", is_semver, "a semantic version", "version labels must be MAJOR.MINOR.PATCH");
}

fn identifiers(s: &str) -> bool {
    s.is_empty() || s.split('.').all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn is_semver(v: &str) -> bool {
    let (core, build) = match v.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_non_versions() {
        assert_eq!(
            run_with("LABEL semver=\"not-sem-ver\"\n", "DL3056", &schema(&[("semver", "semver")])),
            [("\"not-sem-ver\"".to_string(), "label `semver` is not a semantic version: `not-sem-ver`".to_string())]
        );
        for bad in ["1.0", "v1.0.0", "1.0.0-a..b", "1.0.0-a.", "1.0.x", ""] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_versions() {
        let cfg = schema(&[("semver", "semver")]);
        assert!(run_with("LABEL semver=\"1.0.0\"\nLABEL semver=\"2.0.1-rc1\"\nLABEL other=\"foo\"\n", "DL3056", &cfg)
            .is_empty());
        for good in ["01.0.0", "1.0.0-01", "1.0.0+build.1", "1.0.0-rc.1+b", "1.0.0-", "1.0.0+", "1.0.0-x-y"] {
            assert!(is_semver(good), "{good}");
        }
    }
}
