use super::util::{cache_mount_targets, covers, runs, ships, span, unclean_install};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN whose `yarn install` is not followed, in the same RUN, by
    /// `yarn cache clean`, in a stage whose filesystem ends up in the built
    /// image (the target stage and the stages it is built `FROM`; an ONBUILD
    /// trigger always). A cache or tmpfs mount on yarn's cache
    /// (`/root/.cache/yarn`, `/usr/local/share/.cache/yarn`) satisfies it.
    ///
    /// ## Why it matters
    /// Yarn (v1) keeps a copy of every package tarball it fetched in its
    /// global cache: about as large as `node_modules` itself, often 100 MB or
    /// more for a typical application, all of it kept in the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    /// or `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`.
    ///
    /// ## Fix safety
    /// Safe: appends ` && yarn cache clean` to a plain shell-form RUN (not heredocs,
    /// not when the command ends in `;`, `&` or a comment; otherwise only the
    /// advice). The cleanup only deletes caches that are re-downloaded when
    /// needed.
    ///
    /// ## Equivalents
    /// hadolint DL3060; Parfum yarnCacheCleanAfterInstall.
    pub static RULE = {
        code: "DL3060",
        name: "yarn-cache-clean-missing",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "`yarn cache clean` missing after `yarn install` was run",
        check: check,
    }
}

const CACHES: &[&str] = &["/root/.cache/yarn", "/usr/local/share/.cache/yarn"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for run in runs(ctx) {
        if !ships(ctx, run.idx) {
            continue;
        }
        let targets = cache_mount_targets(run.inst);
        if targets.iter().any(|t| CACHES.iter().any(|d| covers(t, d)) || t.trim_end_matches('/').ends_with("/.cache/yarn")) {
            continue;
        }
        let found = unclean_install(
            &run,
            |c| {
                if c.name() != Some("yarn") {
                    return None;
                }
                c.positional_args(&[]).into_iter().find(|w| w.value == "install")
            },
            |c| {
                c.name() == Some("yarn") && {
                    let ops = c.positional_args(&[]);
                    ops.first().is_some_and(|w| w.value == "cache") && ops.get(1).is_some_and(|w| w.value == "clean")
                }
            },
        );
        let Some((script, cmd, sub)) = found else { continue };
        let v = Violation::new(span(ctx, script, cmd, sub), "`yarn install` is not followed by `yarn cache clean`")
            .note("yarn keeps a copy of every fetched package in its cache, left in the layer");
        out.push(super::util::with_append_fix(v, ctx, run.idx, " && yarn cache clean"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires() {
        let f = findings("FROM node\nRUN yarn cache clean && yarn install\n", "DL3060");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "yarn install");
        assert_eq!(f[0].1, "`yarn install` is not followed by `yarn cache clean`");
    }

    #[test]
    fn passes() {
        for src in [
            "FROM node\nRUN yarn install && yarn cache clean\n",
            "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM node AS b\nRUN yarn install\nFROM scratch\nCOPY --from=b /x /x\n",
        ] {
            assert!(ranges(src, "DL3060").is_empty(), "{src}");
        }
    }
}
