use super::util::{apk_adds, last_run_using, runs, span, APK_VALUE_OPTS};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache`, unless a cache or tmpfs mount
    /// covers `/var/cache/apk`.
    ///
    /// ## Why it matters
    /// Without `--no-cache` (and with `-U`/`apk update`) apk keeps the
    /// repository indexes under `/var/cache/apk`: a few MB (the compressed
    /// `APKINDEX.*.tar.gz` of each enabled repository; Alpine's main and
    /// community together are a few MB) stored in the layer for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix safety
    /// Inserts ` --no-cache` after `add`. Safe when no later RUN uses apk;
    /// otherwise unsafe, since a later `apk add` may have relied on the index
    /// this RUN left behind.
    ///
    /// ## Equivalents
    /// hadolint DL3019; Trivy DS025; KICS "apk add using local cache path";
    /// binnacle apkAddUseNoCache.
    pub static RULE = {
        code: "DL3019",
        name: "apk-add-no-cache",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let last_user = last_run_using(ctx, &["apk"]);
    for run in runs(ctx) {
        if run.mounts_cache("/var/cache/apk") {
            continue;
        }
        for (script, _, cmd, add) in apk_adds(&run) {
            if cmd.has_flag_with(&["--no-cache"], APK_VALUE_OPTS) {
                continue;
            }
            let at = ctx.source_range(script, add.range).end;
            let edit = vec![Edit::insert(at, " --no-cache")];
            let fix = if last_user.is_some_and(|l| l > run.idx) {
                Fix::unsafe_("add `--no-cache`", edit)
            } else {
                Fix::safe("add `--no-cache`", edit)
            };
            out.push(
                Violation::new(span(ctx, script, cmd, add), "`apk add` without `--no-cache`")
                    .note("apk keeps its package index in /var/cache/apk, a few MB left in the layer")
                    .with_fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test::{findings, ranges};

    #[test]
    fn fires_with_fix() {
        let src = "FROM alpine\nRUN apk add -U curl=8\n";
        let f = findings(src, "DL3019");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "apk add");
        assert_eq!(f[0].1, "`apk add` without `--no-cache`");
        assert_eq!(f[0].2.as_deref(), Some("FROM alpine\nRUN apk add --no-cache -U curl=8\n"));
    }

    #[test]
    fn no_cache_or_mount_passes() {
        assert!(ranges("FROM alpine\nRUN apk add --no-cache curl\n", "DL3019").is_empty());
        assert!(ranges("FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n", "DL3019").is_empty());
        assert_eq!(ranges("FROM alpine\nRUN --mount=type=cache,target=/var/cache/x apk add curl\n", "DL3019").len(), 1);
    }
}
