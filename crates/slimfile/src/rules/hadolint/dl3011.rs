use super::common::{arg_words, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE` ports outside 0-65535 (`EXPOSE 80000`, `EXPOSE
    /// 40000-80000/tcp`).
    ///
    /// ## Why it matters
    /// A port number above 65535 does not exist: the build fails or the
    /// metadata is meaningless. It is usually a typo.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the intended port is unknown.
    ///
    /// ## Equivalents
    /// hadolint DL3011; Trivy DS008. Ports given by a variable are not
    /// checked.
    pub static RULE = {
        code: "DL3011",
        name: "invalid-port",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Valid UNIX ports range from 0 to 65535",
        check: check,
    }
}

/// A decimal number (huge values saturate).
fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0'))))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Expose {
            continue;
        }
        for w in arg_words(inst) {
            let port = w.value.split('/').next().unwrap_or("");
            let bad = match port.split_once('-') {
                Some((lo, hi)) => match (number(lo), number(hi)) {
                    (Some(l), Some(h)) => l > 65535 || h > 65535,
                    _ => false,
                },
                None => number(port).is_some_and(|p| p > 65535),
            };
            if bad {
                out.push(
                    Violation::new(w.range, format!("port `{port}` is outside the range 0-65535"))
                        .note("ports are 16-bit numbers: this one cannot exist")
                        .fix_title("use a port between 0 and 65535"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_out_of_range_ports() {
        assert_eq!(
            run("EXPOSE 80000\n", "DL3011"),
            [("80000".to_string(), "port `80000` is outside the range 0-65535".to_string())]
        );
        assert_eq!(
            ranges("EXPOSE 80/udp 40000-80000/tcp 99999999999999999999999\n", "DL3011"),
            ["40000-80000/tcp", "99999999999999999999999"]
        );
    }

    #[test]
    fn quiet_for_valid_ports_and_variables() {
        assert!(run("EXPOSE 60000 40000-60000/tcp ${FOOBAR} 40000-${FOOBAR} 0\nONBUILD EXPOSE 99999\n", "DL3011")
            .is_empty());
    }
}
