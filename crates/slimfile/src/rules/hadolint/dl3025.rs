use super::common::top_level;
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form
    /// (`CMD node server.js`) instead of JSON (exec) form.
    ///
    /// ## Why it matters
    /// The shell form runs the command as `/bin/sh -c "..."`: the shell is
    /// PID 1, so `docker stop`'s SIGTERM goes to the shell, not to your
    /// process, which is killed after the timeout instead of shutting down
    /// cleanly. A shell-form `ENTRYPOINT` also ignores `CMD` and `docker run`
    /// arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Offered only when the command is one simple command of plain words
    /// (no variables, globs, redirections, pipes or `&&`, as the shell model
    /// reads it): it is rewritten as a JSON array, the words the shell would
    /// have passed. Safe for `CMD` and `HEALTHCHECK CMD` when no `ENTRYPOINT`
    /// is set in the stage or the stages it is built `FROM` and the base
    /// image is one known to set none (debian, ubuntu, alpine, python,
    /// golang, rust, ruby, ... or `scratch`): the process then runs as PID 1
    /// instead of under `/bin/sh -c`, which is the point. Unsafe for
    /// `ENTRYPOINT` (a `CMD` then becomes its arguments) and for a `CMD`
    /// passed to an entrypoint (nginx's or postgres's entrypoint script reads
    /// CMD's first word, which the rewrite changes from `/bin/sh`).
    ///
    /// ## Equivalents
    /// hadolint DL3025 (HEALTHCHECK included, as hadolint 2.15.1 does).
    /// BuildKit's JSONArgsRecommended is related but differs (CMD and
    /// ENTRYPOINT only, silent when the stage sets `SHELL`), so it is a
    /// separate check.
    pub static RULE = {
        code: "DL3025",
        name: "shell-form-cmd",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
        fix_keeps_size: true,
        check: check,
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The exec form of a shell command, when it is one simple command of plain
/// words.
fn exec_form(command: &str) -> Option<String> {
    let script = crate::shell::parse(command);
    if script.commands.len() != 1 || !script.compounds.is_empty() || !script.diagnostics.is_empty() {
        return None;
    }
    let cmd = &script.commands[0];
    if !cmd.assignments.is_empty() || !cmd.redirects.is_empty() || cmd.words.is_empty() {
        return None;
    }
    if cmd.words.iter().any(|w| w.has_expansion || w.value.contains(['*', '?', '[', '{', '~'])) {
        return None;
    }
    let words: Vec<String> = cmd.words.iter().map(|w| json_string(&w.value)).collect();
    Some(format!("[{}]", words.join(", ")))
}

/// Official images whose published tags set no ENTRYPOINT (so CMD is the
/// whole command). Images such as nginx, postgres, redis or node run an
/// entrypoint script that looks at CMD's first word: there the exec form
/// changes what the script does.
const NO_ENTRYPOINT: &[&str] = &[
    "debian", "ubuntu", "alpine", "busybox", "python", "golang", "rust", "ruby", "buildpack-deps", "fedora", "centos",
    "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "gcc", "perl", "openjdk",
];

fn no_entrypoint(base: &crate::semantic::Base) -> bool {
    match base {
        crate::semantic::Base::Scratch => true,
        crate::semantic::Base::Image(img) => {
            img.registry == "docker.io"
                && NO_ENTRYPOINT.contains(&img.repository.strip_prefix("library/").unwrap_or(&img.repository))
        }
        _ => false,
    }
}

/// The exec-form fix of a shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD
/// (shared with BuildKit's JSONArgsRecommended); see the rule's Fix safety.
pub(crate) fn exec_form_fix(ctx: &Context, idx: usize, inst: &crate::ast::Instruction) -> Option<Fix> {
    let cmd = inst.shell_command()?;
    if !inst.heredocs.is_empty() || (inst.keyword != Keyword::Healthcheck && !inst.flags.is_empty()) {
        return None;
    }
    let json = exec_form(&cmd.value)?;
    let title = format!("use the JSON form `{json}`");
    let edits = vec![Edit::replace(cmd.range, json)];
    let entrypoint = inst.keyword == Keyword::Entrypoint
        || ctx.is_onbuild(idx)
        || match ctx.stage_of(idx) {
            Some(si) => {
                let chain = ctx.sem.base_chain(si);
                chain.iter().any(|&s| {
                    ctx.sem.stages.get(s).is_some_and(|st| {
                        ctx.df.instructions[st.instructions.clone()].iter().any(|i| i.keyword == Keyword::Entrypoint)
                    })
                }) || !chain.last().and_then(|&s| ctx.sem.stages.get(s)).is_some_and(|st| no_entrypoint(&st.base))
            }
            None => true,
        };
    Some(if entrypoint { Fix::unsafe_(title, edits) } else { Fix::safe(title, edits) })
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in top_level(ctx) {
        let name = match inst.keyword {
            Keyword::Cmd => "CMD",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Healthcheck => "HEALTHCHECK CMD",
            _ => continue,
        };
        let Some(cmd) = inst.shell_command() else { continue };
        let mut v = Violation::new(cmd.range, format!("`{name}` uses the shell form"))
            .note("the command runs under `/bin/sh -c`: the shell is PID 1 and your process does not get stop signals");
        match exec_form_fix(ctx, idx, inst) {
            Some(fix) => v = v.with_fix(fix),
            None => v = v.fix_title(format!("use the JSON form `{name} [\"executable\", \"arg\"]`")),
        }
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{fixed, ranges, run};

    #[test]
    fn fires_on_shell_forms() {
        assert_eq!(
            run("FROM node:1\nENTRYPOINT something\n", "DL3025"),
            [("something".to_string(), "`ENTRYPOINT` uses the shell form".to_string())]
        );
        assert_eq!(
            ranges("CMD node  app.js\nHEALTHCHECK --interval=5s CMD foobar\n", "DL3025"),
            ["node  app.js", "foobar"]
        );
    }

    #[test]
    fn quiet_for_json_forms() {
        let src = "CMD [\"foo\", \"bar\"]\nENTRYPOINT [\"a\"]\nHEALTHCHECK CMD [ \"foobar\" ]\nHEALTHCHECK NONE\n\
                   CMD [ \"/bin/sh\", \"-c\", \\\n  \"echo foo\" \\\n ]\nONBUILD CMD x\n";
        assert!(run(src, "DL3025").is_empty());
    }

    #[test]
    fn converts_simple_commands_only() {
        assert_eq!(
            fixed("CMD node 'my app.js' \"a\\\"b\"\n", "DL3025").as_deref(),
            Some("CMD [\"node\", \"my app.js\", \"a\\\"b\"]\n")
        );
        for src in ["CMD node $APP\n", "CMD a && b\n", "CMD a > /log\n", "CMD ls *.js\n", "CMD X=1 a\n"] {
            assert_eq!(fixed(src, "DL3025"), None, "{src}");
        }
    }

    #[test]
    fn safe_only_without_an_entrypoint() {
        use crate::fix::Applicability::{Safe, Unsafe};
        let app = |src: &str| {
            let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
            report.findings.iter().find(|f| f.diagnostic.code == "DL3025").and_then(|f| f.diagnostic.fix.as_ref()).map(|f| f.applicability)
        };
        assert_eq!(app("FROM python:3.12\nCMD python app.py\n"), Some(Safe));
        assert_eq!(app("FROM scratch\nCMD /app\n"), Some(Safe));
        // nginx's entrypoint script reads CMD's first word.
        assert_eq!(app("FROM nginx:1.27\nCMD nginx -g daemon-off\n"), Some(Unsafe));
        assert_eq!(app("FROM python:3.12\nENTRYPOINT [\"tini\", \"--\"]\nCMD python app.py\n"), Some(Unsafe));
        assert_eq!(app("FROM python:3.12 AS b\nENTRYPOINT [\"x\"]\nFROM b\nCMD python app.py\n"), Some(Unsafe));
        assert_eq!(app("FROM python:3.12\nENTRYPOINT python app.py\n"), Some(Unsafe));
    }
}
