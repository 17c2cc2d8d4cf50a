use super::sf1012::{context_copies, ecosystems};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY .` / `ADD .` (the whole build context) in the final image
    /// when the `.dockerignore` lets through paths that should never be in an
    /// image, should they exist in the context: `.git`, `.env`, private keys
    /// (`id_rsa`, `*.pem`), logs (`*.log`), and the dependency and build
    /// folders of the ecosystems the Dockerfile uses (`node_modules` for
    /// npm/yarn/pnpm; `__pycache__` and `.venv` for Python; `target` for
    /// Cargo and Maven; `build` and `.gradle` for Gradle). Each is checked
    /// with Docker's own matching on a representative path (`.git/HEAD`,
    /// `node_modules/x`, ...).
    ///
    /// ## Why it matters
    /// `.git` holds the whole history and is often larger than the checkout;
    /// a local `node_modules` or `.venv` duplicates (with the host's platform
    /// binaries) what the image installs itself; `.env` files and keys end up
    /// readable by anyone who can pull the image. The size of each is
    /// project-specific: the web app and CLI compute it from a dropped
    /// folder (size notes §4.6, where one public context was 131 MB, mostly
    /// caches). Only present paths matter, hence info.
    ///
    /// ## Example
    /// `.dockerignore`:
    /// ```text
    /// node_modules
    /// ```
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// `.dockerignore`:
    /// ```text
    /// node_modules
    /// .git
    /// .env*
    /// *.log
    /// *.pem
    /// id_rsa*
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the `.dockerignore` is another file (appending
    /// entries is planned, as an unsafe fix).
    ///
    /// ## Equivalents
    /// None checks the `.dockerignore` against the COPYs (droast only
    /// reports a missing file; BuildKit's CopyIgnoredFile checks the
    /// opposite). SF1012 covers a missing `.dockerignore`.
    pub static RULE = {
        code: "SF1013",
        name: "dockerignore-misses-common-paths",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "The .dockerignore lets .git, secrets, logs or dependency folders into COPY .",
        check: check,
    }
}

/// (label, representative path, ecosystem or "" for every build).
const PATHS: &[(&str, &str, &str)] = &[
    (".git", ".git/HEAD", ""),
    (".env", ".env", ""),
    ("id_rsa", "id_rsa", ""),
    ("*.pem", "key.pem", ""),
    ("*.log", "debug.log", ""),
    ("node_modules", "node_modules/x/package.json", "js"),
    ("__pycache__", "__pycache__/x.cpython-312.pyc", "python"),
    (".venv", ".venv/pyvenv.cfg", "python"),
    ("target", "target/x", "rust"),
    ("target", "target/x", "maven"),
    ("build", "build/x", "gradle"),
    (".gradle", ".gradle/x", "gradle"),
];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(ignore) = ctx.dockerignore else { return };
    if ignore.is_rejected() {
        return; // Docker refuses the file: the build fails anyway.
    }
    for (idx, w) in context_copies(ctx) {
        let eco = ctx.stage_of(idx).map(|s| ecosystems(ctx, s)).unwrap_or_default();
        let mut missing: Vec<&str> = Vec::new();
        for (label, path, e) in PATHS {
            if (!e.is_empty() && !eco.contains(e)) || missing.contains(label) {
                continue;
            }
            if !ignore.is_excluded(path) {
                missing.push(label);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
        let kw = ctx.df.instructions[idx].effective().keyword.as_str();
        // cost: the sizes of the listed paths in the context, when known.
        out.push(
            Violation::new(
                w.range,
                format!("the .dockerignore does not exclude {list}: `{kw} {}` would copy them into the image", w.value),
            )
            .note("these paths, when present, only add size (history, caches, host-built dependencies) or leak secrets")
            .fix_title(format!("add {} to the .dockerignore", missing.join(", "))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::run_with;

    #[test]
    fn fires_on_gaps() {
        let src = "FROM node:22\nWORKDIR /app\nCOPY . .\n";
        assert_eq!(
            run_with(src, Some("node_modules\n*.log\n"), "SF1013"),
            vec![(
                ".".to_string(),
                "the .dockerignore does not exclude `.git`, `.env`, `id_rsa`, `*.pem`: `COPY .` would copy them into the image".to_string()
            )]
        );
        // Ecosystem folders; an exception re-includes node_modules.
        let src = "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n";
        let got = run_with(src, Some(".git\n.env*\n*.pem\nid_rsa*\n*.log\n"), "SF1013");
        assert_eq!(
            got[0].1,
            "the .dockerignore does not exclude `__pycache__`, `.venv`: `COPY .` would copy them into the image"
        );
        let src = "FROM node\nCOPY . .\n";
        let got = run_with(src, Some("**\n!node_modules\n!src\n"), "SF1013");
        assert_eq!(
            got[0].1,
            "the .dockerignore does not exclude `node_modules`: `COPY .` would copy them into the image"
        );
    }

    #[test]
    fn quiet() {
        let full = ".git\n.env*\n*.pem\nid_rsa*\n**/*.log\nnode_modules\n";
        assert!(run_with("FROM node\nCOPY . .\nRUN npm ci\n", Some(full), "SF1013").is_empty());
        // An allow-list .dockerignore.
        assert!(run_with("FROM node\nCOPY . .\n", Some("*\n!src\n!package.json\n"), "SF1013").is_empty());
        // No .dockerignore: SF1012's case.
        assert!(run_with("FROM node\nCOPY . .\n", None, "SF1013").is_empty());
        assert!(run_with("FROM node\nCOPY src ./src\n", Some("x\n"), "SF1013").is_empty());
    }
}
