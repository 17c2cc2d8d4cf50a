use super::common::{arg_words, prefix_range, top_level};
use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `USER` given by name (`USER app`) rather than by numeric id
    /// (`USER 10001`).
    ///
    /// ## Why it matters
    /// A user name is resolved through the image's `/etc/passwd`; platforms
    /// that enforce "run as non-root" (Kubernetes `runAsNonRoot`) cannot
    /// check a name and refuse to start the container, and tools on the
    /// host cannot map it.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER 10001
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the uid is defined by how the user was created.
    ///
    /// ## Equivalents
    /// hadolint DL3066 as in 2.15.1: every `USER` is checked (in every
    /// stage), and a user given by a declared `ARG` (`USER ${APP_UID}`) is
    /// not reported.
    pub static RULE = {
        code: "DL3066",
        name: "non-numeric-user",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Non-numeric user-id may not be resolvable by host system",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut args: Vec<String> = Vec::new();
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::Arg => {
                args.extend(arg_words(inst).iter().map(|w| w.value.split('=').next().unwrap_or("").to_string()));
            }
            Keyword::User => {
                let Args::Text(word) = &inst.args else { continue };
                let user = word.value.as_str();
                let uid = user.split(':').next().unwrap_or("");
                if uid.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                // Only a user with a `$` can name a build arg.
                let names_arg = |a: &String| {
                    !a.is_empty() && (user.contains(&format!("${{{a}}}")) || user.contains(&format!("${a}")))
                };
                if user.contains('$') && args.iter().any(names_arg) {
                    continue;
                }
                let range = prefix_range(ctx, word, uid);
                out.push(
                    Violation::new(range, format!("`USER {user}` names the user instead of giving a numeric uid"))
                        .note("a user name cannot be checked by platforms that enforce non-root (Kubernetes runAsNonRoot)")
                        .fix_title("use the numeric uid (and gid), e.g. `USER 10001:10001`"),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_user_names() {
        assert_eq!(
            run("USER foobar:barfoo\n", "DL3066"),
            [("foobar".to_string(), "`USER foobar:barfoo` names the user instead of giving a numeric uid".to_string())]
        );
        assert_eq!(
            ranges("FROM a:1\nUSER root\nUSER ${UNDECLARED}\nFROM b:1\nENV U=1\nUSER $U\n", "DL3066"),
            ["root", "${UNDECLARED}", "$U"]
        );
    }

    #[test]
    fn quiet_for_numbers_and_declared_args() {
        let src = "ARG APP_UID\nFROM foobar:barfoo\nUSER 12345\nUSER 1234:5678\nUSER ${APP_UID}\nUSER $APP_UID:x\nUSER :1\nONBUILD USER x\n";
        assert!(run(src, "DL3066").is_empty());
    }
}
