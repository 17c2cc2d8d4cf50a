use super::go_quote;
use crate::ast::{Args, Keyword, Word};
use crate::expand::Lexer;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` source from the build context that the
    /// `.dockerignore` excludes (`COPY Dockerfile .` with `Dockerfile` in
    /// `.dockerignore`). `COPY . .` is flagged only when the ignore file
    /// excludes everything (`*`, `**` or `**/*`).
    ///
    /// ## Why it matters
    /// The excluded file is not sent to the builder, so the build fails with
    /// "not found", or a wildcard copy silently copies less than intended.
    /// Like BuildKit, the check is skipped when the `.dockerignore` has
    /// exceptions (`!pattern`), since those can bring paths back.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// # .dockerignore: *.md
    /// COPY README.md /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # .dockerignore: *.md and !README.md
    /// COPY README.md /app/
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: either the `.dockerignore` or the `COPY` is wrong.
    ///
    /// ## Equivalents
    /// BuildKit CopyIgnoredFile (same check and message).
    pub static RULE = {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Attempting to Copy file that is excluded by .dockerignore",
        check: check,
    }
}

/// Go's `filepath.Clean` for `/`-separated paths.
pub(crate) fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

fn is_remote(src: &str) -> bool {
    src.contains("://") || src.starts_with("git@")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(ignore) = ctx.dockerignore else { return };
    if ignore.patterns.is_empty() || ignore.patterns.iter().any(|p| p.negated) {
        return;
    }
    let root_ignored = |src: &str| {
        ignore.patterns.iter().any(|p| p.pattern == "**" || p.pattern == "**/*" || (p.pattern == "*" && src == "."))
    };
    let df = ctx.df;
    let lexer = Lexer::new(df.escape);
    for stage in &ctx.sem.stages {
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            let verb = match inst.keyword {
                Keyword::Copy if inst.flag("from").is_none() => "Copy",
                Keyword::Add => "Add",
                _ => continue,
            };
            let words: &[Word] = match &inst.args {
                Args::List(w) | Args::Exec(w) => w,
                _ => continue,
            };
            let Some((_, sources)) = words.split_last() else { continue };
            let scope = ctx.sem.scope_at(df, idx);
            for w in sources {
                let is_heredoc = inst
                    .heredocs
                    .iter()
                    .any(|h| w.range.contains_range(h.marker_range) || h.marker_range.contains_range(w.range));
                if is_heredoc {
                    continue;
                }
                let value = if matches!(inst.args, Args::Exec(_)) {
                    w.value.clone()
                } else {
                    lexer.process_word(&w.value, &scope).map(|e| e.value).unwrap_or_else(|_| w.value.clone())
                };
                if is_remote(&value) {
                    continue;
                }
                let src = clean(&value);
                let excluded = if src == "." || src == "/" { root_ignored(&src) } else { ignore.is_excluded(&src) };
                if excluded {
                    let v = Violation::new(
                        w.range,
                        format!("Attempting to {verb} file {} that is excluded by .dockerignore", go_quote(&src)),
                    )
                    .note("the file is not sent to the builder, so the build fails or copies less than intended")
                    .fix_title("Remove the pattern from .dockerignore (or add an exception), or fix the source path");
                    out.push(v.on_instruction(idx));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings_with;
    use super::clean;

    #[test]
    fn cleans_like_go() {
        assert_eq!(clean("./Dockerfile"), "Dockerfile");
        assert_eq!(clean("a//b/../c/"), "a/c");
        assert_eq!(clean("."), ".");
        assert_eq!(clean("/"), "/");
        assert_eq!(clean("../x"), "../x");
    }

    #[test]
    fn fires_on_ignored_sources() {
        let f = findings_with(
            "FROM scratch\nCOPY Dockerfile .\nADD ./Dockerfile /windy\n",
            Some("Dockerfile\n"),
            "CopyIgnoredFile",
        );
        assert_eq!(
            f,
            [
                (
                    "Dockerfile".to_string(),
                    "Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore".to_string()
                ),
                (
                    "./Dockerfile".to_string(),
                    "Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore".to_string()
                ),
            ]
        );
        assert_eq!(
            findings_with("FROM scratch\nCOPY . .\n", Some("*\n"), "CopyIgnoredFile")[0].1,
            "Attempting to Copy file \".\" that is excluded by .dockerignore"
        );
    }

    #[test]
    fn quiet_cases() {
        let src = "FROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /x\n";
        assert!(findings_with(src, Some("foobar\n"), "CopyIgnoredFile").is_empty());
        assert!(findings_with("FROM scratch\nCOPY ./Dockerfile .\n", Some("**\n!Dockerfile\n"), "CopyIgnoredFile")
            .is_empty());
        assert!(findings_with("FROM scratch\nCOPY . .\n", Some(".*\n"), "CopyIgnoredFile").is_empty());
        assert!(findings_with("FROM scratch\nCOPY Dockerfile .\n", None, "CopyIgnoredFile").is_empty());
        assert!(
            findings_with("FROM scratch\nADD https://x.org/a.md /a\n", Some("*.md\n"), "CopyIgnoredFile").is_empty()
        );
    }
}
