use super::util::{report_unpinned, parse_args, pip_installs, runs, PIP_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `pip install` (also `pip3`, `python -m pip`, `pipx
    /// install`) that are not pinned: no version specifier (`==`, `~=`, `>=`,
    /// `<`, `!=`, ...), no `@ref` on a VCS URL. Installs from requirement
    /// files (`-r`), with a constraints file (`-c`), of local paths, URLs,
    /// wheels and sdists are not flagged.
    ///
    /// ## Why it matters
    /// Unpinned packages install the newest release on build day: builds are
    /// not reproducible and a breaking release lands without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    /// or `pip install -r requirements.txt` with pinned requirements.
    ///
    /// ## Fix safety
    /// No automatic fix: the version to pin is your decision.
    ///
    /// ## Equivalents
    /// hadolint DL3013; KICS "pip install without version".
    pub static RULE = {
        code: "DL3013",
        name: "pip-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`",
        check: check,
    }
}

const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];

fn pinned(package: &str) -> bool {
    const SYMBOLS: &[&str] = &["==", ">=", "<=", ">", "<", "!=", "~=", "==="];
    if SYMBOLS.iter().any(|s| package.contains(s)) {
        return true;
    }
    if VCS.iter().any(|p| package.starts_with(p)) {
        // A ref after the path: git+https://host/org/repo.git@v1.0#egg=x.
        let no_fragment = package.split('#').next().unwrap_or("");
        let after_scheme = no_fragment.split_once("://").map_or(no_fragment, |(_, r)| r);
        return after_scheme.split_once('/').is_some_and(|(_, path)| path.contains('@'));
    }
    package.starts_with('.')
        || package.contains('/')
        || [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"].iter().any(|s| package.ends_with(s))
        // PEP 508 direct reference: name @ url
        || package.contains(" @ ")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for pip in pip_installs(&run, true) {
            let parsed = parse_args(pip.args, PIP_VALUE_OPTS, &[]);
            if parsed.has(&["-r", "--requirement", "-c", "--constraint"]) {
                continue;
            }
            for w in parsed.operands.iter().skip(1) {
                report_unpinned(ctx, run.idx, pip.script, w, pinned, "unpinned packages make builds unreproducible: each build takes the newest release", "pin the version: `{name}==<version>`, or install from a pinned requirements file", out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_on_unpinned() {
        let src = "FROM python\nRUN pip install --no-cache-dir -i https://x/simple requests==2 flask 'django>=4'\n";
        let f = findings(src, "DL3013");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "flask");
        assert_eq!(f[0].1, "`flask` is installed without a pinned version");
        assert_eq!(ranges("FROM python\nRUN python3 -m pip install black\n", "DL3013"), vec!["black"]);
        assert_eq!(ranges("FROM python\nRUN pipx install black\n", "DL3013"), vec!["black"]);
        assert_eq!(ranges("FROM python\nRUN pip install git+https://h/o/r.git#egg=r\n", "DL3013").len(), 1);
    }

    #[test]
    fn pinned_and_files_pass() {
        for args in [
            "-r requirements.txt",
            "--requirement=req.txt",
            "x -c constraints.txt",
            ".",
            "./pkg",
            "dist/x.whl",
            "x.tar.gz",
            "https://h/x.zip",
            "git+https://h/o/r.git@v1#egg=r",
            "--root-user-action ignore x==1",
            "-e ./src",
        ] {
            let src = format!("FROM python\nRUN pip install {args}\n");
            assert!(ranges(&src, "DL3013").is_empty(), "{src}");
        }
        assert!(ranges("FROM python\nRUN pipenv install black\n", "DL3013").is_empty());
    }
}
