use super::util::{expanded_value, runs, word_range};
use crate::lint::{Context, Violation};
use crate::shell::Word;

crate::declare_rule! {
    /// ## What it does
    /// Flags packages in `go install`, `go get` and `go run` that are not
    /// pinned to a version: no `@version`, or `@latest` (`@upgrade`,
    /// `@patch`). Local paths (`.`, `./cmd/x`, `/src/app`, `main.go`) are not
    /// flagged; for `go run` only the package (the first argument) is
    /// checked, the rest are the program's arguments.
    ///
    /// ## Why it matters
    /// Without a version Go resolves the newest release on build day: builds
    /// are not reproducible and a breaking release lands without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version to pin is your decision.
    ///
    /// ## Equivalents
    /// hadolint DL3062.
    pub static RULE = {
        code: "DL3062",
        name: "go-unpinned-package",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`",
        check: check,
    }
}

/// Build flags that take a separate value (Go accepts one or two dashes).
const VALUE_FLAGS: &[&str] = &[
    "o", "p", "C", "ldflags", "gcflags", "asmflags", "gccgoflags", "tags", "mod", "modfile", "pkgdir", "toolexec",
    "buildmode", "compiler", "installsuffix", "overlay", "pgo", "exec", "covermode", "coverpkg",
];

/// The operands of a `go` subcommand: Go flags are whole words (`-tool`,
/// `-ldflags=...`); the listed ones take the next word as their value.
fn operands(args: &[Word]) -> Vec<&Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let v = w.value.as_str();
        if v == "--" {
            out.extend(args[i..].iter());
            break;
        }
        if let Some(flag) = v.strip_prefix("--").or_else(|| v.strip_prefix('-')) {
            if !flag.contains('=') && VALUE_FLAGS.contains(&flag) {
                i += 1;
            }
            continue;
        }
        out.push(w);
    }
    out
}

fn local(package: &str) -> bool {
    package.starts_with('.') || package.starts_with('/') || package.ends_with(".go")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["go"]) {
            let ops = operands(cmd.args());
            let Some(sub) = ops.first() else { continue };
            let packages: &[&Word] = match sub.value.as_str() {
                "install" | "get" => &ops[1..],
                "run" => &ops[1..ops.len().min(2)],
                _ => continue,
            };
            for w in packages {
                let value = expanded_value(ctx, run.idx, w);
                if local(&value) {
                    continue;
                }
                let message = match value.rsplit_once('@') {
                    Some((_, v)) if !matches!(v, "latest" | "upgrade" | "patch" | "") => continue,
                    Some((_, v)) if !v.is_empty() => format!("`{}` is pinned to `@{v}`, which moves", w.value),
                    _ => format!("`{}` is installed without a pinned version", w.value),
                };
                out.push(
                    Violation::new(word_range(ctx, script, w), message)
                        .note("without a fixed version Go resolves the newest release on every build")
                        .fix_title("pin a version: `<package>@v1.2.3`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM golang\nRUN go install -ldflags '-s -w' example.com/a@latest example.com/b\n", "DL3062");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "example.com/a@latest");
        assert_eq!(f[0].1, "`example.com/a@latest` is pinned to `@latest`, which moves");
        assert_eq!(f[1].1, "`example.com/b` is installed without a pinned version");
        assert_eq!(ranges("FROM golang\nRUN go get -tool foobar\n", "DL3062"), vec!["foobar"]);
    }

    #[test]
    fn pinned_and_local_pass() {
        for args in ["install example.com/a@v1.2.3", "install .", "install ./cmd/x", "run main.go", "run x.com/p@v1 --foo bar", "build ./..."] {
            let src = format!("FROM golang\nRUN go {args}\n");
            assert!(ranges(&src, "DL3062").is_empty(), "{src}");
        }
    }
}
