use super::util::{runs, subcommand, word_range};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags the use of `apt` in RUN.
    ///
    /// ## Why it matters
    /// `apt` is the interactive front end: its output and behaviour are not
    /// meant for scripts and may change between releases (it warns "apt does
    /// not have a stable CLI interface"). `apt-get` and `apt-cache` are the
    /// stable tools for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: replaces `apt` with `apt-get` when the subcommand is one apt-get
    /// has with the same meaning (`install`, `update`, `upgrade`,
    /// `dist-upgrade`, `remove`, `purge`, `autoremove`, `clean`, `autoclean`);
    /// `apt list`, `apt search`, `apt show`, ... get no fix.
    ///
    /// ## Equivalents
    /// hadolint DL3027; Checkov CKV_DOCKER_9; KICS "run using apt".
    pub static RULE = {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead",
        check: check,
    }
}

const SAME_IN_APT_GET: &[&str] =
    &["install", "update", "upgrade", "dist-upgrade", "remove", "purge", "autoremove", "clean", "autoclean"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["apt"]) {
            let Some(program) = cmd.program() else { continue };
            let range = word_range(ctx, script, program);
            let mut v = Violation::new(range, "`apt` is meant for interactive use")
                .note("apt has no stable command-line interface; apt-get and apt-cache are the tools for scripts");
            let sub = subcommand(cmd, super::util::APT_GET_VALUE_OPTS);
            if program.value == "apt"
                && ctx.text(range) == "apt"
                && sub.is_some_and(|s| SAME_IN_APT_GET.contains(&s.value.as_str()))
            {
                v = v.with_fix(Fix::safe("use `apt-get`", vec![Edit::replace(range, "apt-get")]));
            } else {
                v = v.fix_title("use `apt-get` or `apt-cache`");
            }
            out.push(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::findings;

    #[test]
    fn fires_with_fix() {
        let src = "FROM ubuntu\nRUN apt update && apt install -y curl && apt show curl\n";
        let f = findings(src, "DL3027");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].0, "apt");
        assert_eq!(f[0].1, "`apt` is meant for interactive use");
        assert_eq!(f[0].2.as_deref(), Some("FROM ubuntu\nRUN apt-get update && apt install -y curl && apt show curl\n"));
        assert_eq!(f[2].2, None);
    }

    #[test]
    fn apt_get_passes() {
        assert!(findings("FROM ubuntu\nRUN apt-get update && apt-cache policy curl\n", "DL3027").is_empty());
    }
}
