use super::util::{operand_words, removes, runs, span, unclean_install, ZYPPER_VALUE_OPTS};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN whose `zypper install` (`in`) is not followed, in the same
    /// RUN, by `zypper clean` (`zypper cc`, or `rm -rf /var/cache/zypp`),
    /// unless a cache or tmpfs mount covers `/var/cache/zypp`.
    ///
    /// ## Why it matters
    /// zypper keeps repository metadata and downloaded packages under
    /// `/var/cache/zypp`: typically tens of MB on openSUSE images (the
    /// repositories' metadata), all of it stored in the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y mariadb=10.11
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper install -y mariadb=10.11 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && zypper clean` to a plain shell-form RUN (not heredocs,
    /// not when the command ends in `;`, `&` or a comment; otherwise only the
    /// advice). The cleanup only deletes caches that are re-downloaded when
    /// needed.
    ///
    /// ## Equivalents
    /// hadolint DL3036; Trivy DS020; KICS "missing zypper clean".
    pub static RULE = {
        code: "DL3036",
        name: "zypper-clean-missing",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "`zypper clean` missing after zypper use",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        if run.mounts_cache("/var/cache/zypp") {
            continue;
        }
        let found = unclean_install(
            &run,
            |c| {
                if c.name() != Some("zypper") {
                    return None;
                }
                operand_words(c, ZYPPER_VALUE_OPTS).into_iter().next().filter(|w| w.value == "install" || w.value == "in")
            },
            |c| {
                (c.name() == Some("zypper")
                    && operand_words(c, ZYPPER_VALUE_OPTS).first().is_some_and(|w| w.value == "clean" || w.value == "cc"))
                    || removes(c, "/var/cache/zypp")
            },
        );
        let Some((script, cmd, sub)) = found else { continue };
        out.push(super::util::with_append_fix(
            Violation::new(span(ctx, script, cmd, sub), format!("`zypper {}` is not followed by `zypper clean`", sub.value))
                .note("zypper's metadata and package cache in /var/cache/zypp stay in the layer"),
            ctx,
            run.idx,
            " && zypper clean",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM opensuse/leap\nRUN zypper clean && zypper install -y x=1\n", "DL3036");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "zypper install");
        assert_eq!(f[0].1, "`zypper install` is not followed by `zypper clean`");
    }

    #[test]
    fn cleaned_passes() {
        for src in [
            "FROM opensuse/leap\nRUN zypper install -y x=1 && zypper cc\n",
            "FROM opensuse/leap\nRUN --mount=type=cache,target=/var/cache/zypp zypper in -y x=1\n",
        ] {
            assert!(ranges(src, "DL3036").is_empty(), "{src}");
        }
    }
}
