use super::common::top_level;
use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage whose last `USER` is `root` (or uid `0`).
    ///
    /// ## Why it matters
    /// Containers that run as root give a process that escapes the
    /// application full control of the container and a head start on the
    /// host. Switching back to root to install something is fine, as long as
    /// the stage ends with an unprivileged user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which user the stage should end with is yours to
    /// choose.
    ///
    /// ## Equivalents
    /// hadolint DL3002 (checked for every stage, as hadolint does); Trivy
    /// DS002; Checkov CKV_DOCKER_8.
    pub static RULE = {
        code: "DL3002",
        name: "last-user-root",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Last USER should not be root",
        check: check,
    }
}

fn is_root(user: &str) -> bool {
    user == "root" || user == "0" || user.starts_with("root:") || user.starts_with("0:")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // The last USER of each stage (USER before the first FROM is not in a stage).
    let mut last: Vec<Option<usize>> = vec![None; ctx.sem.stages.len()];
    for (idx, inst) in top_level(ctx) {
        if inst.keyword != Keyword::User {
            continue;
        }
        if let Some(s) = ctx.stage_of(idx) {
            last[s] = Some(idx);
        }
    }
    for idx in last.into_iter().flatten() {
        let inst = &ctx.df.instructions[idx];
        let Args::Text(word) = &inst.args else { continue };
        if is_root(&word.value) {
            out.push(
                Violation::new(word.range, format!("the stage ends with `USER {}`", word.value))
                    .note("processes in this image run as root")
                    .fix_title("switch to an unprivileged user (`USER app`) at the end of the stage"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_when_a_stage_ends_as_root() {
        assert_eq!(
            run("FROM scratch\nUSER root\n", "DL3002"),
            [("root".to_string(), "the stage ends with `USER root`".to_string())]
        );
        assert_eq!(ranges("FROM scratch\nUSER 0:0\n", "DL3002"), ["0:0"]);
        let src = "FROM debian:12 AS base\nUSER root\nRUN x\nFROM scratch\nUSER foo\n";
        assert_eq!(ranges(src, "DL3002"), ["root"], "every stage is checked");
    }

    #[test]
    fn quiet_when_the_last_user_is_unprivileged() {
        assert!(run("FROM scratch\nUSER root\nRUN x\nUSER foo\n", "DL3002").is_empty());
        assert!(run("USER root\nFROM scratch\n", "DL3002").is_empty());
        assert!(run("FROM scratch\nUSER rootless\nONBUILD USER root\n", "DL3002").is_empty());
    }
}
