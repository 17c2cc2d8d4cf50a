use super::util::{self, cover, Cmd, Cover};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `npm install` / `npm ci` in a RUN of the final image when the same
    /// RUN does not clean npm's download cache afterwards (`npm cache clean
    /// --force`, or `rm -rf` of the cache directory) and no cache or tmpfs
    /// mount holds it. `npm ci` counts as an install, as in Parfum: it fills
    /// the same cache. A custom cache (`--cache`, `npm_config_cache`) must be
    /// removed or mounted instead.
    ///
    /// ## Why it matters
    /// npm keeps every tarball it downloads in `~/.npm/_cacache`. Measured for
    /// the size notes of this project (npm 11, node 20): 5.3 MB of cache for an
    /// Express app (2.9 MB of `node_modules`) and 160 MB for Next.js + React +
    /// TypeScript (358 MB of `node_modules`), i.e. 0.45–1.8 × `node_modules`.
    /// A cleanup in a later RUN saves nothing: the files stay in this layer.
    /// binnacle (ICSE 2020) mined this as the gold rule
    /// `npmCacheCleanAfterInstall`; Parfum repairs it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package*.json ./
    /// RUN npm ci --omit=dev
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package*.json ./
    /// RUN npm ci --omit=dev && npm cache clean --force
    /// # or, with BuildKit, keep the cache out of the image and reuse it:
    /// # RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && npm cache clean --force` to a plain shell-form RUN
    /// (not heredocs, not when the command ends in `;`, `&` or a comment),
    /// when the cache is the one npm's configuration names (no `--cache` or
    /// inline `npm_config_cache=` on the install); otherwise only the advice.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `npmCacheCleanAfterInstall` (Parfum requires
    /// `--force` on the clean separately, `npmCacheCleanUseForce`). hadolint
    /// has the yarn counterpart, DL3060.
    pub static RULE = {
        code: "SF1001",
        name: "npm-cache-not-cleaned",
        aliases: ["npmCacheCleanAfterInstall"],
        severity: Warning,
        group: Size,
        summary: "npm install/ci leaves npm's download cache in the layer",
        check: check,
    }
}

/// npm's install subcommands and their aliases.
const INSTALL: &[&str] = &[
    "install",
    "i",
    "in",
    "ins",
    "inst",
    "insta",
    "instal",
    "isnt",
    "isnta",
    "isntal",
    "isntall",
    "add",
    "ci",
    "clean-install",
    "ic",
    "install-clean",
    "isntall-clean",
    "install-test",
    "it",
    "install-ci-test",
    "cit",
];

/// npm options that take a value (before the subcommand).
pub(crate) const NPM_VALUE: &[&str] =
    &["--prefix", "-C", "--cache", "--registry", "--loglevel", "-w", "--workspace", "--userconfig"];

/// The npm subcommand word of an install, if `c` is one.
pub(crate) fn npm_install<'a>(c: &Cmd<'a>) -> Option<&'a crate::shell::Word> {
    if c.name() != Some("npm") {
        return None;
    }
    let sub = *c.cmd.positional_args(NPM_VALUE).first()?;
    INSTALL.contains(&sub.value.as_str()).then_some(sub)
}

/// Whether a path pattern clears npm's cache directory `dir` (or, for the
/// default cache, any user's `~/.npm`).
fn clears(pattern: &str, dir: &str, default: bool) -> bool {
    if default && (pattern.ends_with("/.npm") || pattern.contains("/.npm/") || pattern.ends_with("/.npm/*")) {
        return true;
    }
    matches!(cover(pattern, dir), Some(Cover::Exact | Cover::Parent | Cover::Inside))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        if !cmds.iter().any(|c| npm_install(c).is_some()) {
            continue;
        }
        let scope = ctx.sem.scope_at(ctx.df, idx);
        let mounts = util::cache_mount_targets(inst);
        for (i, c) in cmds.iter().enumerate() {
            let Some(sub) = npm_install(c) else { continue };
            // Where the cache is: --cache, npm_config_cache, else ~/.npm.
            let inline = c
                .cmd
                .assignments
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case("npm_config_cache"))
                .map(|a| a.value.value.clone());
            let env = scope
                .get_var("npm_config_cache")
                .or_else(|| scope.get_var("NPM_CONFIG_CACHE"))
                .and_then(|v| v.value.clone());
            let configured = c.cmd.flag_value(&["--cache"], NPM_VALUE).is_none() && inline.is_none();
            let custom = c.cmd.flag_value(&["--cache"], NPM_VALUE).map(str::to_string).or(inline).or(env);
            let default = custom.is_none();
            let dir = custom.map(|d| c.path_str(&d)).unwrap_or_else(|| "/root/.npm".to_string());
            if mounts.iter().any(|m| clears(m, &dir, default)) {
                continue;
            }
            let cleaned = cmds.iter().skip(i + 1).any(|later| {
                (later.name() == Some("npm")
                    && later.cmd.positional_args(NPM_VALUE).first().is_some_and(|w| w.value == "cache")
                    && later
                        .cmd
                        .positional_args(NPM_VALUE)
                        .get(1)
                        .is_some_and(|w| w.value == "clean" || w.value == "rm"))
                    || util::rm_targets(later).iter().any(|(p, _)| clears(p, &dir, default))
            });
            if cleaned {
                continue;
            }
            let what = format!("npm {}", sub.value);
            // cost: the npm cache of this install, 0.45–1.8 × its node_modules (size notes §4.4).
            let v = Violation::new(c.src(ctx, sub.range), format!("`{what}` leaves npm's download cache (`{dir}`) in this layer"))
                .note("npm keeps every downloaded tarball in its cache: 0.45–1.8 × the size of node_modules; cleaning it in a later RUN saves nothing");
            match crate::rules::shell::util::append_fix(ctx, idx, " && npm cache clean --force").filter(|_| configured) {
                Some(fix) => out.push(v.with_fix(fix)),
                None => out.push(v.fix_title(
                    "end this RUN with `npm cache clean --force`, or mount the cache: `RUN --mount=type=cache,target=/root/.npm`",
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires_without_cleanup() {
        let src = "FROM node:22\nRUN npm ci --omit=dev\n";
        assert_eq!(
            run(src, "SF1001"),
            vec![("ci".to_string(), "`npm ci` leaves npm's download cache (`/root/.npm`) in this layer".to_string())]
        );
        assert_eq!(texts("FROM node:22\nRUN npm install && npm run build\n", "SF1001"), ["install"]);
        // Cleaning before the install does not count; a later RUN does not either.
        assert_eq!(
            texts("FROM node\nRUN npm cache clean --force && npm i -g pm2\nRUN rm -rf ~/.npm\n", "SF1001"),
            ["i"]
        );
        // A custom cache dir that is not removed.
        assert_eq!(texts("FROM node\nRUN npm ci --cache /tmp/c && rm -rf /root/.npm\n", "SF1001"), ["ci"]);
        // ONBUILD RUN in the final stage.
        assert_eq!(texts("FROM node\nONBUILD RUN npm install\n", "SF1001"), ["install"]);
    }

    #[test]
    fn quiet_when_cleaned_or_mounted() {
        for src in [
            "FROM node\nRUN npm ci && npm cache clean --force\n",
            "FROM node\nRUN npm install; rm -rf /root/.npm\n",
            "FROM node\nUSER node\nRUN npm install && rm -rf ~/.npm /home/node/.npm\n",
            "FROM node\nRUN npm ci && rm -rf /root/.npm/_cacache\n",
            "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node\nRUN npm ci --cache /tmp/npm && rm -rf /tmp/npm\n",
            "FROM node\nENV npm_config_cache=/cache\nRUN --mount=type=cache,target=/cache npm ci\n",
            "FROM node\nRUN npm run build\n",
            // Only the final image counts.
            "FROM node AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n",
        ] {
            assert!(texts(src, "SF1001").is_empty(), "{src}");
        }
    }

    #[test]
    fn heredoc_and_multiline_ranges() {
        let src = "FROM node\nRUN <<EOF\nset -e\nnpm ci\nEOF\n";
        assert_eq!(texts(src, "SF1001"), ["ci"]);
        let src = "FROM node\nRUN set -eux; \\\n    npm \\\n      install\n";
        assert_eq!(texts(src, "SF1001"), ["install"]);
    }
}
