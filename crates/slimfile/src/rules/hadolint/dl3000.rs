use super::common::{drop_quotes, top_level};
use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `WORKDIR` with a relative path (`WORKDIR app`).
    ///
    /// ## Why it matters
    /// A relative `WORKDIR` is resolved against whatever directory the base
    /// image (or an earlier instruction) left current: when the base image
    /// changes its `WORKDIR`, your files silently land somewhere else.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the absolute path depends on the base image's
    /// current directory, which the Dockerfile alone does not tell.
    ///
    /// ## Equivalents
    /// hadolint DL3000 (paths starting with `/`, a variable `$...` or a
    /// Windows drive `C:` count as absolute). BuildKit's WorkdirRelativePath
    /// is narrower (only when no absolute `WORKDIR` came before in the stage),
    /// so it is a separate check.
    pub static RULE = {
        code: "DL3000",
        name: "relative-workdir",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Use absolute WORKDIR",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Workdir {
            continue;
        }
        let Args::Text(word) = &inst.args else { continue };
        let path = drop_quotes(&word.value);
        if is_absolute(path) {
            continue;
        }
        out.push(
            Violation::new(word.range, format!("`WORKDIR {}` is a relative path", word.value))
                .note("a relative WORKDIR depends on the directory the base image leaves current")
                .fix_title("use an absolute path, e.g. `/app`"),
        );
    }
}

fn is_absolute(path: &str) -> bool {
    let mut chars = path.chars();
    path.starts_with('$')
        || path.starts_with('/')
        || (chars.next().is_some_and(char::is_alphabetic) && chars.next() == Some(':'))
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_relative_paths() {
        assert_eq!(
            run("FROM a:1\nWORKDIR relative/dir\n", "DL3000"),
            [("relative/dir".to_string(), "`WORKDIR relative/dir` is a relative path".to_string())]
        );
        assert_eq!(ranges("FROM a:1\nWORKDIR 'rel'\nWORKDIR a\nWORKDIR ~/x\n", "DL3000"), ["'rel'", "a", "~/x"]);
    }

    #[test]
    fn accepts_absolute_variable_and_windows_paths() {
        let src = "FROM a:1\nWORKDIR /usr/local\nWORKDIR ${work}\nWORKDIR \"/x\"\nWORKDIR 'C:\\'\nWORKDIR C:/\nWORKDIR \"$HOME\"\nONBUILD WORKDIR rel\n";
        assert!(run(src, "DL3000").is_empty());
    }
}
