use super::util::{parse_args, program_range, runs};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `wget` without `--progress` and without an option that quiets
    /// or redirects its output (`-q`/`--quiet`, `-nv`/`--no-verbose`,
    /// `-o`/`--output-file`, `-a`/`--append-output`).
    ///
    /// ## Why it matters
    /// wget's default progress bar is redrawn many times per second; in a
    /// build log every redraw becomes a line, so a large download can add
    /// megabytes of noise to the log.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserts ` --progress=dot:giga` after `wget`, which GNU wget
    /// accepts but BusyBox wget (Alpine's default) rejects.
    ///
    /// ## Equivalents
    /// hadolint DL3047.
    pub static RULE = {
        code: "DL3047",
        name: "wget-without-progress",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`)",
        fix_keeps_size: true,
        check: check,
    }
}

const VALUE_OPTS: &[&str] = &["-O", "-o", "-a", "-P", "-e", "-i", "-t", "-T", "-U", "-B", "-w", "--header", "--user", "--password"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["wget"]) {
            let parsed = parse_args(cmd.args(), VALUE_OPTS, &["-nv"]);
            if parsed.has(&[
                "--progress",
                "-q",
                "--quiet",
                "-nv",
                "--no-verbose",
                "-o",
                "--output-file",
                "-a",
                "--append-output",
            ]) {
                continue;
            }
            let range = program_range(ctx, script, cmd);
            out.push(
                Violation::new(range, "`wget` without `--progress` or `-q`/`-nv`")
                    .note("the progress bar writes a line per redraw into the build log")
                    .with_fix(Fix::unsafe_(
                        "add `--progress=dot:giga`",
                        vec![Edit::insert(range.end, " --progress=dot:giga")],
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
        let src = "FROM x\nRUN wget -O /x https://e/x\n";
        let f = findings(src, "DL3047");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "wget");
        assert_eq!(f[0].1, "`wget` without `--progress` or `-q`/`-nv`");
        assert_eq!(f[0].2.as_deref(), Some("FROM x\nRUN wget --progress=dot:giga -O /x https://e/x\n"));
    }

    #[test]
    fn passes() {
        for args in ["--progress=dot:giga u", "-q u", "-qO- u", "-nv u", "--no-verbose u", "-o /l u", "--output-file=/l u", "-a /l u"] {
            let src = format!("FROM x\nRUN wget {args}\n");
            assert!(ranges(&src, "DL3047").is_empty(), "{src}");
        }
    }
}
