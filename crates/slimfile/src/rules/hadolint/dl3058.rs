use super::common::check_label_format;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` that gives a label the type `email`, flags
    /// values that are not an e-mail address (RFC 5322 `local@domain`).
    ///
    /// ## Why it matters
    /// Contact labels are for people and tools to reach the maintainers; a
    /// name or a malformed address reaches no one.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL maintainer="Platform Team"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL maintainer="platform@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the address is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3058 (an address without display name: dot-atom or quoted
    /// local part; host name or `[literal]` domain). Off unless a schema is
    /// configured.
    pub static RULE = {
        code: "DL3058",
        name: "label-not-email",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` is not a valid email format - must conform to RFC5322",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_label_format(
        ctx,
        out,
        "email",
        is_email,
        "an e-mail address",
        "contact labels must hold an address such as `team@example.com`",
    );
}

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn dot_atom(s: &str, atom: fn(&str) -> bool) -> bool {
    !s.is_empty() && s.split('.').all(atom)
}

fn local_part(s: &str) -> bool {
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if chars.next().is_none() {
                        return false;
                    }
                }
                '"' => return false,
                c if c.is_ascii_graphic() || c == ' ' || c == '\t' => {}
                _ => return false,
            }
        }
        return true;
    }
    dot_atom(s, |a| !a.is_empty() && a.chars().all(is_atext))
}

fn domain(s: &str) -> bool {
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return inner.chars().all(|c| c.is_ascii_graphic() && !"[]\\".contains(c));
    }
    dot_atom(s, |label| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

fn is_email(v: &str) -> bool {
    match v.rsplit_once('@') {
        Some((local, dom)) => local_part(local) && domain(dom),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_non_addresses() {
        assert_eq!(
            run_with("LABEL maintainer=\"not-email\"\n", "DL3058", &schema(&[("maintainer", "email")])),
            [("\"not-email\"".to_string(), "label `maintainer` is not an e-mail address: `not-email`".to_string())]
        );
        for bad in ["not-email", "a..b@c.d", "a@b..c", ".a@b.c", "a@-b.c", "Name <a@b.c>", "a@b_c.d", "@b.c", "a@"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_addresses() {
        let cfg = schema(&[("maintainer", "email")]);
        assert!(run_with("LABEL maintainer=\"abcd@google.com\"\nLABEL other=\"doo\"\n", "DL3058", &cfg).is_empty());
        for good in ["a@b", "a.b@c.d", "\"a b\"@c.d", "a@[1.2.3.4]", "a+b@c"] {
            assert!(is_email(good), "{good}");
        }
    }
}
