use super::util::{parse_args, program_range, runs};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a high UID (more than 5 digits) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why it matters
    /// `useradd` records the new user in `/var/log/lastlog` and
    /// `/var/log/faillog`, sparse files indexed by UID. Docker's layer export
    /// does not keep them sparse, so a UID like 123456789 writes a file of
    /// tens of GB (about 292 bytes per UID for lastlog: 123456789 × 292 B ≈
    /// 36 GB) into the layer. `-l` skips those logs.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts ` -l` after `useradd`; the only difference is that the
    /// user gets no lastlog/faillog entry.
    ///
    /// ## Equivalents
    /// hadolint DL3046.
    pub static RULE = {
        code: "DL3046",
        name: "useradd-without-l",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`useradd` without flag `-l` and high UID will result in excessively large Image",
        check: check,
    }
}

const VALUE_OPTS: &[&str] = &[
    "-u", "--uid", "-g", "--gid", "-G", "--groups", "-d", "--home-dir", "-s", "--shell", "-c", "--comment", "-e",
    "--expiredate", "-f", "--inactive", "-k", "--skel", "-K", "--key", "-p", "--password", "-R", "--root", "-P",
    "--prefix", "-b", "--base-dir", "-Z", "--selinux-user",
];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        for (script, _, cmd) in run.named(&["useradd"]) {
            let parsed = parse_args(cmd.args(), VALUE_OPTS, &[]);
            if parsed.has(&["-l", "--no-log-init"]) {
                continue;
            }
            let Some(uid) = parsed.value(&["-u", "--uid"]) else { continue };
            if uid.len() <= 5 {
                continue;
            }
            let range = program_range(ctx, script, cmd);
            out.push(
                Violation::new(range, format!("`useradd` with the high UID {uid} without `-l`"))
                    .note("lastlog/faillog are sparse files indexed by UID; in a layer a high UID makes them huge")
                    .with_fix(Fix::safe("add `-l` (`--no-log-init`)", vec![Edit::insert(range.end, " -l")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM x\nRUN useradd -u 123456 app\n";
        let f = findings(src, "DL3046");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "useradd");
        assert_eq!(f[0].1, "`useradd` with the high UID 123456 without `-l`");
        assert_eq!(f[0].2.as_deref(), Some("FROM x\nRUN useradd -l -u 123456 app\n"));
    }

    #[test]
    fn passes() {
        for args in ["app", "-u 12345 app", "-l -u 123456 app", "--no-log-init --uid=123456 app", "-lu 123456 app"] {
            let src = format!("FROM x\nRUN useradd {args}\n");
            assert!(ranges(&src, "DL3046").is_empty(), "{src}");
        }
    }
}
