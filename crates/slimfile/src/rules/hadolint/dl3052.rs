use super::common::check_label_format;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` that gives a label the type `url`, flags values
    /// that are not an absolute URL (`scheme:...`).
    ///
    /// ## Why it matters
    /// Labels such as `org.opencontainers.image.source` are followed by
    /// tools (registries link to the source, scanners to the docs); a value
    /// that is not a URL leads nowhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="github.com/acme/app"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the URL is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3052 (an absolute URI per RFC 3986, as Haskell's
    /// `Network.URI.parseURI` accepts). Off unless a schema is configured.
    pub static RULE = {
        code: "DL3052",
        name: "label-not-url",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` is not a valid URL",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_label_format(ctx, out, "url", is_url, "a valid URL", "tools follow this label as a link");
}

/// An absolute URI: `scheme ":" ...` with only URI characters after it.
pub(super) fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else { return false };
    let mut sc = scheme.chars();
    if !sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !sc.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    let mut hashes = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
            continue;
        }
        if c == b'#' {
            hashes += 1;
        }
        let ok = c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#[]".contains(&c);
        if !ok || hashes > 1 {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_non_urls() {
        assert_eq!(
            run_with("LABEL urllabel=\"not-url\"\n", "DL3052", &schema(&[("urllabel", "url")])),
            [("\"not-url\"".to_string(), "label `urllabel` is not a valid URL: `not-url`".to_string())]
        );
        for bad in ["not-url", "http://a b", "http://x/%zz", "1a:b", "http://x/^", ""] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_absolute_uris() {
        let cfg = schema(&[("urllabel", "url")]);
        assert!(run_with("LABEL urllabel=\"http://example.com\"\nLABEL other=\"foo\"\n", "DL3052", &cfg).is_empty());
        for good in ["mailto:x@y", "urn:isbn:1", "HTTP://X", "a:b", "http://[::1]/", "https://x.io/a?b=c#d"] {
            assert!(is_url(good), "{good}");
        }
    }
}
