use super::util::{apt_get_installs, apt_option_is, runs, span};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why it matters
    /// By default apt also installs every "Recommends" of every package:
    /// documentation, extra tools, X11 libraries. That commonly adds tens of
    /// MB, and for packages with many recommends (compilers, desktop or
    /// Python tooling) over 100 MB, that the image never uses: compare the
    /// "additional disk space" apt reports for the same install with and
    /// without the flag.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserting ` --no-install-recommends` after `install` drops the
    /// recommended packages, and the image may have relied on one of them
    /// (`ca-certificates` is a classic); review before applying.
    ///
    /// ## Equivalents
    /// hadolint DL3015; Trivy DS029; dockerfilelint apt-get_recommends; KICS
    /// "apt-get not avoiding additional packages".
    pub static RULE = {
        code: "DL3015",
        name: "apt-get-install-recommends",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Avoid additional packages by specifying `--no-install-recommends`",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd, install) in apt_get_installs(&run) {
            if cmd.has_flag_with(&["--no-install-recommends"], super::util::APT_GET_VALUE_OPTS)
                || apt_option_is(cmd, "APT::Install-Recommends", false)
            {
                continue;
            }
            let at = ctx.source_range(script, install.range).end;
            out.push(
                Violation::new(span(ctx, script, cmd, install), "`apt-get install` without `--no-install-recommends`")
                    .note("apt also installs every recommended package, often tens of MB the image does not use")
                    .with_fix(Fix::unsafe_(
                        "add `--no-install-recommends`",
                        vec![Edit::insert(at, " --no-install-recommends")],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM debian\nRUN apt-get -y install curl\n";
        let f = findings(src, "DL3015");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "apt-get -y install");
        assert_eq!(f[0].1, "`apt-get install` without `--no-install-recommends`");
        assert_eq!(f[0].2.as_deref(), Some("FROM debian\nRUN apt-get -y install --no-install-recommends curl\n"));
    }

    #[test]
    fn flag_or_option_passes() {
        assert!(ranges("FROM debian\nRUN apt-get install -y --no-install-recommends curl\n", "DL3015").is_empty());
        assert!(ranges("FROM debian\nRUN apt-get -o APT::Install-Recommends=false install curl\n", "DL3015").is_empty());
        assert!(ranges("FROM debian\nRUN apt-get update\n", "DL3015").is_empty());
    }
}
