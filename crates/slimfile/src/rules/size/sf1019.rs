use super::util::{self, cover, Cover};
use crate::ast::{Dockerfile, Keyword};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// In Dockerfiles that already use BuildKit (a `# syntax=` directive, or
    /// BuildKit-only syntax: `RUN --mount`/`--network`/`--security`, `COPY
    /// --link`/`--chmod`/`--parents`/`--exclude`, `ADD --checksum`,
    /// heredocs), suggests a cache mount where a RUN of the final image
    /// throws a package manager's cache away instead: `rm -rf
    /// /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install
    /// --no-cache-dir`, `npm cache clean`, `yarn cache clean`.
    ///
    /// Files that do not use BuildKit syntax are left alone: BuildKit is the
    /// default builder since Docker Engine 23, but cache mounts fail on the
    /// legacy builder, and the advice matters most to authors already
    /// tuning their builds. Being multi-stage is not taken as a sign, since
    /// the legacy builder builds multi-stage files too.
    ///
    /// ## Why it matters
    /// Deleting or disabling the cache keeps it out of the image, but every
    /// rebuild downloads everything again: the apt lists alone are about 20 MB
    /// on Debian images (project size notes §4.1), and pip's and npm's caches
    /// hold every downloaded package (§4.3–4.4). A cache mount keeps the cache
    /// out of the image *and* reuses it across builds. Size stays the same, so
    /// this is info.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM python:3.12-slim
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: apt on Debian images also needs the `docker-clean`
    /// configuration removed, and apk needs `/etc/apk/cache` linked to the
    /// mount.
    ///
    /// ## Equivalents
    /// None (hadolint only tolerates cache mounts; hadolint #1139 asks for
    /// this suggestion).
    pub static RULE = {
        code: "SF1019",
        name: "prefer-cache-mount",
        aliases: [],
        severity: Info,
        group: Size,
        summary: "A package cache is deleted where a BuildKit cache mount would keep and reuse it",
        check: check,
    }
}

/// Whether the file opts into BuildKit.
pub(crate) fn uses_buildkit(df: &Dockerfile) -> bool {
    if df.directive("syntax").is_some() {
        return true;
    }
    df.instructions.iter().map(|i| i.effective()).any(|i| {
        !i.heredocs.is_empty()
            || match i.keyword {
                Keyword::Run => i.flags.iter().any(|f| matches!(f.name.as_str(), "mount" | "network" | "security")),
                Keyword::Copy | Keyword::Add => i.flags.iter().any(|f| {
                    matches!(f.name.as_str(), "link" | "chmod" | "parents" | "exclude" | "checksum" | "keep-git-dir")
                }),
                _ => false,
            }
    })
}

/// (manager, cache directory, mount to suggest).
const APT: (&str, &str, &str) = (
    "apt",
    "/var/lib/apt/lists",
    "--mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked",
);
const APK: (&str, &str, &str) = ("apk", "/var/cache/apk", "--mount=type=cache,target=/var/cache/apk");
const PIP: (&str, &str, &str) = ("pip", "/root/.cache/pip", "--mount=type=cache,target=/root/.cache/pip");
const NPM: (&str, &str, &str) = ("npm", "/root/.npm", "--mount=type=cache,target=/root/.npm");
const YARN: (&str, &str, &str) =
    ("yarn", "/usr/local/share/.cache/yarn", "--mount=type=cache,target=/usr/local/share/.cache/yarn");

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if !uses_buildkit(ctx.df) {
        return;
    }
    for idx in util::final_layers(ctx) {
        let inst = ctx.df.instructions[idx].effective();
        if inst.keyword != Keyword::Run {
            continue;
        }
        let mounts = util::cache_mount_targets(inst);
        let has_mount = |dir: &str| {
            mounts.iter().any(|m| matches!(cover(m, dir), Some(Cover::Exact | Cover::Parent | Cover::Inside)))
        };
        let cmds = util::commands(ctx, idx);
        let mut seen: Vec<&str> = Vec::new();
        let apt_used = cmds.iter().any(|c| matches!(c.name(), Some("apt-get" | "apt")));
        for c in &cmds {
            let mut hits: Vec<((&str, &str, &str), TextRange, String)> = Vec::new();
            for (path, w) in util::rm_targets(c) {
                if apt_used && matches!(cover(&path, APT.1), Some(Cover::Exact | Cover::Parent | Cover::Inside)) {
                    hits.push((APT, w.range, format!("`rm -rf {}`", w.value)));
                }
            }
            let pos: Vec<&str> = c.cmd.positional_args(&[]).iter().map(|w| w.value.as_str()).collect();
            let flag_word = |flag: &str| c.cmd.args().iter().find(|w| w.value == flag);
            match c.name() {
                Some("apk") if pos.first() == Some(&"add") => {
                    if let Some(w) = flag_word("--no-cache") {
                        hits.push((APK, w.range, "`apk add --no-cache`".into()));
                    }
                }
                Some("pip" | "pip3") | Some("python" | "python3") => {
                    if let Some(w) = flag_word("--no-cache-dir") {
                        hits.push((PIP, w.range, "`--no-cache-dir`".into()));
                    }
                }
                Some("npm") if pos.first() == Some(&"cache") && matches!(pos.get(1), Some(&("clean" | "rm"))) => {
                    hits.push((NPM, c.cmd.range, "`npm cache clean`".into()));
                }
                Some("yarn") if pos.get(..2) == Some(&["cache", "clean"]) => {
                    hits.push((YARN, c.cmd.range, "`yarn cache clean`".into()));
                }
                _ => {}
            }
            for ((mgr, dir, mount), range, what) in hits {
                if seen.contains(&mgr) || has_mount(dir) {
                    continue;
                }
                seen.push(mgr);
                out.push(
                    Violation::new(
                        c.src(ctx, range),
                        format!(
                            "{what} discards {mgr}'s cache; a cache mount would keep it out of the image and reuse it"
                        ),
                    )
                    .note("with a cache mount the cache is neither in the image nor downloaded again on every rebuild")
                    .fix_title(format!("use `RUN {mount} ...` instead")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires_with_buildkit_syntax() {
        let src =
            "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n";
        assert_eq!(
            run(src, "SF1019"),
            vec![(
                "--no-cache-dir".to_string(),
                "`--no-cache-dir` discards pip's cache; a cache mount would keep it out of the image and reuse it"
                    .to_string()
            )]
        );
        // BuildKit-only syntax elsewhere in the file.
        let src = "FROM debian\nCOPY --link a /a\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(texts(src, "SF1019"), ["/var/lib/apt/lists/*"]);
        let src = "FROM alpine\nRUN <<EOF\napk add --no-cache curl\nEOF\n";
        assert_eq!(texts(src, "SF1019"), ["--no-cache"]);
        let src = "# syntax=docker/dockerfile:1\nFROM node\nRUN npm ci && npm cache clean --force\n";
        assert_eq!(texts(src, "SF1019"), ["npm cache clean --force"]);
    }

    #[test]
    fn quiet() {
        for src in [
            // No BuildKit syntax (multi-stage alone does not count).
            "FROM python AS a\nRUN true\nFROM python:3.12-slim\nRUN pip install --no-cache-dir x\n",
            // Already mounted.
            "# syntax=docker/dockerfile:1\nFROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir x\n",
            // Not the final image.
            "# syntax=docker/dockerfile:1\nFROM python AS b\nRUN pip install --no-cache-dir x\nFROM scratch\n",
            // rm of lists without apt in the RUN: SF1010's business.
            "# syntax=docker/dockerfile:1\nFROM debian\nRUN rm -rf /var/lib/apt/lists/*\n",
        ] {
            assert!(texts(src, "SF1019").is_empty(), "{src}");
        }
    }
}
