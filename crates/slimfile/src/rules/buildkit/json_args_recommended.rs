use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD node server.js`) when
    /// no `SHELL` instruction is in effect for the stage.
    ///
    /// ## Why it matters
    /// In shell form Docker runs the command as `/bin/sh -c "..."`: the shell
    /// becomes PID 1 and does not forward signals, so `docker stop` waits for
    /// the timeout and then kills the process without a graceful shutdown.
    /// With a `SHELL` instruction (in the stage or a stage it is built
    /// `FROM`) BuildKit assumes the shell form is intended and stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// The same fix as DL3025: only for one simple command of plain words (no
    /// variables, globs, redirections, pipes or `&&`), rewritten as a JSON
    /// array. Safe for `CMD` when no `ENTRYPOINT` is set in the stage or the
    /// stages it is built `FROM` and the base image is known to set none;
    /// unsafe for `ENTRYPOINT` (a `CMD` then becomes its arguments) and for a
    /// `CMD` passed to an entrypoint.
    /// Anything with shell syntax gets the advice only, since the exec form
    /// does not expand variables or run shell syntax.
    ///
    /// ## Equivalents
    /// BuildKit JSONArgsRecommended (same check and message). hadolint DL3025
    /// is the variant that also fires after a `SHELL` instruction.
    pub static RULE = {
        code: "JSONArgsRecommended",
        name: "json-args-recommended",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    // Set by a stage this one is built FROM.
    let inherited = ctx.sem.inherited(df, |i| i.keyword == Keyword::Shell);
    for (si, stage) in ctx.sem.stages.iter().enumerate() {
        let mut shell = inherited[si];
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            match inst.keyword {
                Keyword::Shell => shell = true,
                Keyword::Cmd | Keyword::Entrypoint if !shell => {
                    let Args::Shell(cmd) = &inst.args else { continue };
                    let v = Violation::new(
                        cmd.range,
                        format!(
                            "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                            inst.keyword_text
                        ),
                    )
                    .note("in shell form `/bin/sh -c` is PID 1 and does not pass signals on, so the container cannot stop gracefully");
                    let v = match crate::rules::hadolint::dl3025::exec_form_fix(ctx, idx, inst) {
                        Some(fix) => v.with_fix(fix),
                        None => v.fix_title(format!("Use the exec form: {} [\"executable\", \"arg\", ...]", inst.keyword_text)),
                    };
                    out.push(v.on_instruction(idx));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_on_shell_form() {
        assert_eq!(
            findings("FROM scratch\nCMD mycommand\n", "JSONArgsRecommended"),
            [(
                "mycommand".to_string(),
                "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals".to_string()
            )]
        );
        assert_eq!(
            findings("FROM scratch\nentrypoint my cmd\n", "JSONArgsRecommended")[0].1.split(' ').nth(4),
            Some("entrypoint")
        );
    }

    #[test]
    fn quiet_with_exec_form_or_shell() {
        assert!(findings("FROM scratch\nCMD [\"a\"]\nENTRYPOINT [\"b\"]\n", "JSONArgsRecommended").is_empty());
        assert!(findings("FROM scratch\nSHELL [\"/bin/bash\", \"-c\"]\nCMD a\n", "JSONArgsRecommended").is_empty());
        assert!(findings("FROM scratch AS base\nSHELL [\"/x\"]\nFROM base\nENTRYPOINT a\n", "JSONArgsRecommended")
            .is_empty());
    }

    #[test]
    fn shell_after_the_command_does_not_count() {
        assert_eq!(findings("FROM scratch\nCMD a\nSHELL [\"/x\"]\n", "JSONArgsRecommended").len(), 1);
    }

    #[test]
    fn skipped_by_check_comment() {
        assert!(findings("FROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n", "JSONArgsRecommended")
            .is_empty());
    }
}
