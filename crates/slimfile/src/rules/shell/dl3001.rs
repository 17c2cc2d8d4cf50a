use super::util::{program_range, runs};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags commands that make no sense while building an image: `ssh`,
    /// `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`.
    ///
    /// ## Why it matters
    /// A build step has no terminal, no init system and no running services:
    /// these commands either do nothing useful, hang waiting for input, or
    /// suggest the Dockerfile is treating the container like a VM.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## Equivalents
    /// hadolint DL3001; KICS "run utilities and posix commands"; Semgrep
    /// nonsensical-command.
    pub static RULE = {
        code: "DL3001",
        name: "pointless-command",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`",
        check: check,
    }
}

const POINTLESS: &[&str] = &["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(POINTLESS) {
            let name = cmd.name().unwrap_or_default();
            out.push(
                Violation::new(program_range(ctx, script, cmd), format!("`{name}` makes no sense in a build step"))
                    .note("a build step has no terminal, init system or running services")
                    .fix_title("remove the command; start services from CMD/ENTRYPOINT"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM x\nRUN apt-get install -y ssh && service ssh start\n", "DL3001");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "service");
        assert_eq!(f[0].1, "`service` makes no sense in a build step");
        assert!(ranges("FROM x\nRUN apt-get install -y vim procps\n", "DL3001").is_empty());
    }
}
