use super::go_quote;
use crate::ast::{Args, Keyword};
use crate::expand::Lexer;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags the first `WORKDIR` of a stage (counting the stages it is built
    /// `FROM`) when its path is relative.
    ///
    /// ## Why it matters
    /// A relative `WORKDIR` is resolved against the base image's working
    /// directory, which the Dockerfile does not control: a new base image
    /// version can move every later `COPY` and `RUN`. Once an absolute
    /// `WORKDIR` is set in the build, later relative ones are predictable and
    /// pass.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the absolute path depends on the base image.
    ///
    /// ## Equivalents
    /// BuildKit WorkdirRelativePath (same check and message). hadolint DL3000
    /// flags every relative WORKDIR.
    pub static RULE = {
        code: "WorkdirRelativePath",
        name: "workdir-relative-path",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
        check: check,
    }
}

/// An absolute path: `/...`, or a Windows path (`C:\\...`, `C:/...`,
/// `\\...`), which BuildKit treats as absolute when it builds for Windows
/// (slimfile does not know the platform and accepts both).
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\'))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let lexer = Lexer::new(df.escape);
    // Set by a stage this one is built FROM.
    let inherited = ctx.sem.inherited(df, |i| i.keyword == Keyword::Workdir);
    for (si, stage) in ctx.sem.stages.iter().enumerate() {
        let mut set = inherited[si];
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            if inst.keyword != Keyword::Workdir {
                continue;
            }
            let Args::Text(word) = &inst.args else { continue };
            if !set {
                let scope = ctx.sem.scope_at(df, idx);
                let path =
                    lexer.process_word(&word.value, &scope).map(|e| e.value).unwrap_or_else(|_| word.value.clone());
                if !is_absolute(&path) && !is_absolute(&word.value) {
                    let v = Violation::new(
                        word.range,
                        format!(
                            "Relative workdir {} can have unexpected results if the base image changes",
                            go_quote(&path)
                        ),
                    )
                    .note("it is resolved against the base image's working directory")
                    .fix_title("Use an absolute path");
                    out.push(v.on_instruction(idx));
                }
            }
            set = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_first_relative_workdir() {
        assert_eq!(
            findings("FROM scratch\nWORKDIR app/\nWORKDIR more\n", "WorkdirRelativePath"),
            [(
                "app/".to_string(),
                "Relative workdir \"app/\" can have unexpected results if the base image changes".to_string()
            )]
        );
    }

    #[test]
    fn quiet_after_an_absolute_workdir() {
        assert!(findings("FROM scratch\nWORKDIR /app\nWORKDIR sub\n", "WorkdirRelativePath").is_empty());
        assert!(findings("FROM scratch AS a\nWORKDIR /app\nFROM a AS b\nWORKDIR subdir/\n", "WorkdirRelativePath")
            .is_empty());
        assert!(findings("FROM scratch\nENV D=/srv\nWORKDIR $D\n", "WorkdirRelativePath").is_empty());
        assert!(findings(
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\go\n",
            "WorkdirRelativePath"
        )
        .is_empty());
    }
}
