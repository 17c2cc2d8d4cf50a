use super::util::{apt_get_installs, apt_option_is, runs, span};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y` (`--yes`, `--assume-yes`, `-qq`,
    /// `-q=2` or `-o APT::Get::Assume-Yes=true`).
    ///
    /// ## Why it matters
    /// A build has no one to answer apt's "Do you want to continue?" prompt:
    /// without `-y` the install aborts as soon as apt wants confirmation
    /// (extra dependencies, disk space), so the build works or fails depending
    /// on what the mirror serves that day.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts ` -y` after `install`; it only answers the prompt the
    /// build cannot answer.
    ///
    /// ## Equivalents
    /// hadolint DL3014; dockerfilelint apt-get_missing_param; Trivy DS021;
    /// KICS "apt-get missing flags to avoid manual input".
    pub static RULE = {
        code: "DL3014",
        name: "apt-get-missing-yes",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Use the -y switch to avoid manual input `apt-get -y install <package>`",
        fix_keeps_size: true,
        check: check,
    }
}

/// `-y` given, or quiet level 2 (which implies it).
pub(crate) fn assumes_yes(cmd: &Command) -> bool {
    let mut quiet = 0u32;
    let args = cmd.args();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        i += 1;
        if v == "--" {
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            match name {
                "yes" | "assume-yes" => return true,
                "quiet" => quiet = value.and_then(|v| v.parse().ok()).unwrap_or(quiet + 1),
                "option" | "config-file" | "target-release" | "default-release" | "host-architecture" if value.is_none() => {
                    i += 1
                }
                _ => {}
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-') else { continue };
        if let Some(level) = cluster.strip_prefix("q=") {
            quiet = level.parse().unwrap_or(quiet + 1);
            continue;
        }
        for (k, c) in cluster.char_indices() {
            match c {
                'y' => return true,
                'q' => quiet += 1,
                'o' | 'c' | 't' | 'a' => {
                    if k + 1 == cluster.len() {
                        i += 1;
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    quiet >= 2 || apt_option_is(cmd, "APT::Get::Assume-Yes", true)
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd, install) in apt_get_installs(&run) {
            if assumes_yes(cmd) {
                continue;
            }
            let at = ctx.source_range(script, install.range).end;
            out.push(
                Violation::new(span(ctx, script, cmd, install), "`apt-get install` without `-y`")
                    .note("the build cannot answer apt's confirmation prompt: the install aborts when apt asks")
                    .with_fix(Fix::safe("add `-y`", vec![Edit::insert(at, " -y")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM debian\nRUN apt-get update && apt-get -q install curl\n";
        let f = findings(src, "DL3014");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "apt-get -q install");
        assert_eq!(f[0].1, "`apt-get install` without `-y`");
        assert_eq!(f[0].2.as_deref(), Some("FROM debian\nRUN apt-get update && apt-get -q install -y curl\n"));
    }

    #[test]
    fn yes_forms_pass() {
        for args in ["-y", "-yq", "--yes", "--assume-yes", "-qq", "-q -q", "-q=2", "--quiet --quiet", "-o APT::Get::Assume-Yes=true"] {
            let src = format!("FROM debian\nRUN apt-get install {args} curl\n");
            assert!(ranges(&src, "DL3014").is_empty(), "{src}");
        }
        assert!(ranges("FROM debian\nRUN apt-get update\n", "DL3014").is_empty());
    }
}
