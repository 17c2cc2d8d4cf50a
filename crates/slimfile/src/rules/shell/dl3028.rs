use super::util::{report_unpinned, parse_args, runs};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags gems in `gem install` (`gem i`) that are not pinned: no
    /// `name:version` and no `-v`/`--version`. Arguments after `--` (build
    /// options for native extensions) are not gems.
    ///
    /// ## Why it matters
    /// Unpinned gems install the newest release on build day: builds are not
    /// reproducible and a breaking release lands without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN gem install bundler:2.5.22
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version to pin is your decision.
    ///
    /// ## Equivalents
    /// hadolint DL3028; KICS "gem install without version".
    pub static RULE = {
        code: "DL3028",
        name: "gem-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`",
        check: check,
    }
}

const GEM_VALUE_OPTS: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--platform",
    "-s",
    "--source",
    "-P",
    "--trust-policy",
    "--build-root",
    "--document",
    "-g",
    "--file",
    "--without",
    "--target-rbconfig",
    "-p",
    "--http-proxy",
    "--config-file",
];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["gem"]) {
            // Only the arguments before `--` are gem's.
            let args = cmd.args();
            let end = args.iter().position(|w| w.value == "--").unwrap_or(args.len());
            let parsed = parse_args(&args[..end], GEM_VALUE_OPTS, &[]);
            let mut operands = parsed.operands.iter().peekable();
            if !operands.next().is_some_and(|w| w.value == "install" || w.value == "i") {
                continue;
            }
            if parsed.has(&["-v", "--version"]) {
                continue;
            }
            // `--some-build-flag true`: a boolean value, not a gem.
            let values: Vec<usize> = args[..end]
                .windows(2)
                .enumerate()
                .filter(|(_, w)| w[0].value.starts_with("--") && !w[0].value.contains('=') && (w[1].value == "true" || w[1].value == "false"))
                .map(|(i, _)| i + 1)
                .collect();
            for w in operands {
                if values.iter().any(|&i| std::ptr::eq(&args[i], *w)) {
                    continue;
                }
                report_unpinned(ctx, run.idx, script, w, |name| name.contains(':'), "unpinned gems make builds unreproducible: each build takes the newest release", "pin the version: `{name}:<version>`", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_on_unpinned() {
        let src = "FROM ruby\nRUN gem i bundler:1 nokogiri\n";
        let f = findings(src, "DL3028");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "nokogiri");
        assert_eq!(f[0].1, "`nokogiri` is installed without a pinned version");
    }

    #[test]
    fn pinned_forms_pass() {
        for args in ["bundler:2", "bundler -v 2", "bundler --version=2", "x:1 -- --use-system-libraries", "x:1 --use-system-libraries true"] {
            let src = format!("FROM ruby\nRUN gem install {args}\n");
            assert!(ranges(&src, "DL3028").is_empty(), "{src}");
        }
    }
}
