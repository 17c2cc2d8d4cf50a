use super::util::{report_unpinned, parse_args, runs};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `npm install` that are not pinned: no `@version` or
    /// `@tag` (after the scope of `@scope/name`), no `#ref` on a git URL.
    /// A bare `npm install` (installing from `package.json`), local folders
    /// and tarballs are not flagged.
    ///
    /// ## Why it matters
    /// `npm install express` takes the newest release on build day: builds are
    /// not reproducible and a breaking release lands without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version to pin is your decision.
    ///
    /// ## Equivalents
    /// hadolint DL3016; KICS "npm install without pinned version".
    pub static RULE = {
        code: "DL3016",
        name: "npm-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`",
        check: check,
    }
}

/// npm options that take a value word.
const NPM_VALUE_OPTS: &[&str] = &[
    "--loglevel",
    "--registry",
    "--prefix",
    "--cache",
    "--userconfig",
    "--globalconfig",
    "--tag",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--install-strategy",
    "--proxy",
    "--https-proxy",
    "--ca",
    "--cafile",
    "--fetch-retries",
    "--fetch-timeout",
    "--only",
    "--save-prefix",
    "--script-shell",
    "-C",
];

fn pinned(package: &str) -> bool {
    const GIT: &[&str] = &["git://", "git+ssh://", "git+http://", "git+https://"];
    if GIT.iter().any(|p| package.starts_with(p)) {
        return package.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| package.ends_with(s)) {
        return true;
    }
    if ["/", "./", "../", "~/"].iter().any(|p| package.starts_with(p)) || package == "." || package == ".." {
        return true;
    }
    let name = match package.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, rest)| rest),
        None => package,
    };
    name.contains('@') || package.starts_with("file:") || package.starts_with("http://") || package.starts_with("https://")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["npm"]) {
            let parsed = parse_args(cmd.args(), NPM_VALUE_OPTS, &[]);
            let mut operands = parsed.operands.iter();
            if !operands.next().is_some_and(|w| w.value == "install" || w.value == "i" || w.value == "add") {
                continue;
            }
            for w in operands {
                report_unpinned(ctx, run.idx, script, w, pinned, "unpinned packages make builds unreproducible: each build takes the newest release", "pin the version: `{name}@<version>`", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_on_unpinned() {
        let src = "FROM node\nRUN npm install --registry https://r express sax@0.1.1 @org/pkg\n";
        let f = findings(src, "DL3016");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "express");
        assert_eq!(f[0].1, "`express` is installed without a pinned version");
        assert_eq!(f[1].0, "@org/pkg");
        assert_eq!(ranges("FROM node\nRUN npm i -g git+https://h/o/r.git\n", "DL3016").len(), 1);
    }

    #[test]
    fn pinned_and_local_pass() {
        for args in ["", "--progress=false", "@org/p@\">=1 <2\"", "./dir", "x.tgz", "git://h/r.git#v1", "-g ts@5"] {
            let src = format!("FROM node\nRUN npm install {args}\n");
            assert!(ranges(&src, "DL3016").is_empty(), "{src}");
        }
        assert!(ranges("FROM node\nRUN npm run --x install && npm ci\n", "DL3016").is_empty());
    }
}
