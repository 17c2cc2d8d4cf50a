use super::util::{self, cover, Cmd, Cover};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a cleanup in a RUN of the final image that removes what an
    /// *earlier* layer of the image created:
    /// * `rm` of files an earlier COPY/ADD copied, an earlier RUN downloaded
    ///   (`curl -o`, `wget`) or cloned (`git clone`) and left;
    /// * `rm -rf /var/lib/apt/lists/*` after an `apt-get update` in an earlier
    ///   RUN, and the same for the apk, pip, npm, yarn and yum/dnf caches;
    /// * `apt-get clean`, `yum clean all`, `apk cache clean`, `npm cache
    ///   clean`, `yarn cache clean`, `pip cache purge` after the install ran
    ///   in an earlier RUN;
    /// * `apt-get purge`/`remove`, `apk del` of packages an earlier RUN
    ///   installed.
    ///
    /// ## Why it matters
    /// Layers are immutable: a file deleted in a later layer is hidden, not
    /// removed, and the image still ships its bytes in the earlier layer. Such
    /// a cleanup saves nothing (it even adds a layer of whiteouts). The worked
    /// example in the project's size notes (danrue/dockerfile-presentation):
    /// `rm -rf /var/lib/apt/lists/*` in a separate RUN left the image at
    /// 231 MB; moving it into the installing RUN gave 192 MB (−39 MB). The
    /// apt lists alone are about 20 MB on Debian images and 25–60 MB on
    /// Ubuntu or where they are stored uncompressed (size notes §4.1). No
    /// other linter checks this: they only ask for the cleanup to exist.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix for the plain case: the cleanup is a RUN of that one command
    /// (no variables, no comment) and the files come from the RUN just
    /// before it in the same stage (only LABEL, EXPOSE, ENV or ARG between):
    /// the command is appended to that RUN with `&&` and its own RUN removed.
    /// Nothing between the two can see the difference. Otherwise the advice
    /// only: moving a command past other instructions can change what they
    /// see.
    ///
    /// ## Equivalents
    /// None: hadolint's DL3009 and the binnacle rules only check that the
    /// cleanup exists in the installing RUN. dive reports the waste after
    /// the build ("wasted space").
    pub static RULE = {
        code: "SF1010",
        name: "cleanup-in-later-layer",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "A cleanup in a later RUN saves nothing: the files stay in the earlier layer",
        check: check,
    }
}

/// Caches package managers leave, with the directory they live in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cache {
    AptLists,
    AptArchives,
    Apk,
    Pip,
    Npm,
    Yarn,
    Yum,
}

impl Cache {
    fn dirs(self) -> &'static [&'static str] {
        match self {
            Cache::AptLists => &["/var/lib/apt/lists"],
            Cache::AptArchives => &["/var/cache/apt"],
            Cache::Apk => &["/var/cache/apk"],
            Cache::Pip => &["/root/.cache/pip"],
            Cache::Npm => &["/root/.npm"],
            Cache::Yarn => &["/usr/local/share/.cache/yarn", "/root/.cache/yarn"],
            Cache::Yum => &["/var/cache/yum", "/var/cache/dnf"],
        }
    }
    fn producer(self) -> &'static str {
        match self {
            Cache::AptLists => "apt-get update",
            Cache::AptArchives => "apt-get install",
            Cache::Apk => "apk",
            Cache::Pip => "pip install",
            Cache::Npm => "npm install",
            Cache::Yarn => "yarn install",
            Cache::Yum => "yum install",
        }
    }
}

/// What a RUN or COPY left in its layer.
enum Left {
    /// A file or directory (download, clone, COPY destination); `whole`: a
    /// COPY of the whole build context, whose subpaths came from it too.
    Path {
        path: String,
        whole: bool,
    },
    Cache(Cache),
    Package(String),
}

/// Whether a path pattern clears a cache directory.
fn clears(pattern: &str, cache: Cache) -> bool {
    cache.dirs().iter().any(|d| matches!(cover(pattern, d), Some(Cover::Exact | Cover::Parent | Cover::Inside)))
        || (cache == Cache::Npm && (pattern.ends_with("/.npm") || pattern.contains("/.npm/")))
}

/// The cache a cleanup command clears (`apt-get clean`, ...).
fn clean_command(c: &Cmd) -> Option<Cache> {
    if !matches!(c.name()?, "apt-get" | "apt" | "yum" | "dnf" | "apk" | "npm" | "yarn" | "pip" | "pip3") {
        return None;
    }
    let pos: Vec<&str> = c.cmd.positional_args(&[]).iter().map(|w| w.value.as_str()).collect();
    match (c.name()?, pos.as_slice()) {
        ("apt-get" | "apt", ["clean", ..]) => Some(Cache::AptArchives),
        ("yum" | "dnf", ["clean", "all", ..]) => Some(Cache::Yum),
        ("apk", ["cache", "clean" | "purge", ..]) => Some(Cache::Apk),
        ("npm", ["cache", "clean" | "rm", ..]) => Some(Cache::Npm),
        ("yarn", ["cache", "clean", ..]) => Some(Cache::Yarn),
        ("pip" | "pip3", ["cache", "purge" | "remove", ..]) => Some(Cache::Pip),
        _ => None,
    }
}

/// The cache an install command fills, if it does not avoid it itself.
fn fills(ctx: &Context, idx: usize, c: &Cmd) -> Option<Cache> {
    if !matches!(c.name()?, "apt-get" | "apt" | "apk" | "pip" | "pip3" | "npm" | "yarn" | "yum" | "dnf") {
        return None;
    }
    let pos: Vec<&str> = c.cmd.positional_args(&[]).iter().map(|w| w.value.as_str()).collect();
    let first = pos.first().copied().unwrap_or("");
    match c.name()? {
        "apt-get" | "apt" if first == "update" => Some(Cache::AptLists),
        "apt-get" | "apt" if first == "install" => Some(Cache::AptArchives),
        "apk" if (first == "add" || first == "update") && !c.cmd.has_flag(&["--no-cache"]) => Some(Cache::Apk),
        "pip" | "pip3" if first == "install" && !c.cmd.has_flag(&["--no-cache-dir"]) => {
            let scope = ctx.sem.scope_at(ctx.df, idx);
            let off = scope
                .get_var("PIP_NO_CACHE_DIR")
                .and_then(|v| v.value.as_deref())
                .is_some_and(|v| !matches!(v, "" | "0" | "false"));
            (!off).then_some(Cache::Pip)
        }
        "npm" if super::sf1001::npm_install(c).is_some() => Some(Cache::Npm),
        "yarn" if util::yarn_install(c).is_some() || first == "add" => Some(Cache::Yarn),
        "yum" | "dnf" if first == "install" => Some(Cache::Yum),
        _ => None,
    }
}

/// What RUN `idx` leaves in its layer.
fn leftovers(ctx: &Context, idx: usize) -> Vec<Left> {
    let cmds = util::commands(ctx, idx);
    let mut out = Vec::new();
    for (i, c) in cmds.iter().enumerate() {
        let later = &cmds[i + 1..];
        for d in util::downloads(c) {
            if !util::removed_after(&cmds, i, &d.path) && !util::mounted(ctx, idx, &d.path) {
                out.push(Left::Path { path: d.path, whole: false });
            }
        }
        if c.name() == Some("git") && c.cmd.args().first().is_some_and(|w| w.value == "clone") {
            let pos = c.cmd.positional_args(&[
                "-b",
                "--branch",
                "--depth",
                "-o",
                "--origin",
                "-c",
                "--config",
                "--reference",
            ]);
            let dir = match (pos.get(1), pos.get(2)) {
                (_, Some(d)) => Some(c.path(d)),
                (Some(url), None) => Some(c.path_str(util::basename(&url.value).trim_end_matches(".git"))),
                _ => None,
            };
            if let Some(dir) = dir.filter(|d| !util::removed_after(&cmds, i, d)) {
                out.push(Left::Path { path: dir, whole: false });
            }
        }
        if let Some(cache) = fills(ctx, idx, c) {
            let cleaned = later
                .iter()
                .any(|l| clean_command(l) == Some(cache) || util::rm_targets(l).iter().any(|(p, _)| clears(p, cache)));
            let mounted =
                util::cache_mount_targets(ctx.df.instructions[idx].effective()).iter().any(|m| clears(m, cache));
            if !cleaned && !mounted {
                out.push(Left::Cache(cache));
            }
        }
        if let Some((mgr, pkgs)) = util::package_install(c) {
            if mgr == "apt" || mgr == "apk" {
                let names = pkgs.iter().map(|w| package_name(&w.value).to_string());
                let virt = c
                    .cmd
                    .flag_value(&["-t", "--virtual"], &["-t", "--virtual"])
                    .filter(|_| mgr == "apk")
                    .map(str::to_string);
                out.extend(names.chain(virt).map(Left::Package));
            }
        }
    }
    out
}

fn package_name(spec: &str) -> &str {
    spec.split(['=', '<', '>', '~']).next().unwrap_or(spec)
}

/// Commands that do not create files a later `rm` in the same RUN could
/// target.
const HARMLESS: &[&str] =
    &["rm", "set", "cd", "echo", "true", ":", "ls", "find", "chmod", "chown", "printf", "test", "["];

/// Moves the cleanup RUN `idx` (one command, `c`) into RUN `producer`.
fn move_fix(ctx: &Context, producer: usize, idx: usize, c: &util::Cmd) -> Option<crate::fix::Fix> {
    let df = ctx.df;
    let (p, r) = (df.instructions.get(producer)?, df.instructions.get(idx)?);
    if p.keyword != Keyword::Run || r.keyword != Keyword::Run || ctx.stage_of(producer) != ctx.stage_of(idx) {
        return None;
    }
    if ctx.is_onbuild(producer) || ctx.is_onbuild(idx) || !r.heredocs.is_empty() || !r.flags.is_empty() {
        return None;
    }
    let between = df.instructions.get(producer + 1..idx)?;
    if !between.iter().all(|i| matches!(i.keyword, Keyword::Label | Keyword::Expose | Keyword::Env | Keyword::Arg)) {
        return None;
    }
    let crate::ast::Args::Shell(_) = &r.args else { return None };
    let text = c.src(ctx, c.cmd.range);
    let cmd_text = ctx.text(text);
    if cmd_text.contains(['$', '#', '`']) {
        return None;
    }
    let run = crate::rules::shell::util::runs(ctx).into_iter().find(|run| run.idx == producer)?;
    let at = crate::rules::shell::util::append_point(ctx, &run)?;
    let src = &df.source;
    let line_start = src[..r.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[r.range.end..].find('\n').map_or(src.len(), |i| r.range.end + i + 1);
    let removed = TextRange::new(line_start, end);
    if !src[line_start..r.range.start].trim().is_empty() || removed.slice(src).contains('#') {
        return None;
    }
    // The RUN holds nothing but the command (and blanks).
    let args = ctx.text(r.args_range);
    if args.trim() != cmd_text.trim() {
        return None;
    }
    Some(crate::fix::Fix::safe(
        format!("move `{}` into the RUN on line {}", cmd_text.trim(), util::line_of(ctx, producer)),
        vec![crate::fix::Edit::insert(at, format!(" && {}", cmd_text.trim())), crate::fix::Edit::delete(removed)],
    ))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let layers = util::final_layers(ctx);
    // Leftovers per earlier instruction, computed lazily in layer order.
    let mut left: Vec<(usize, Vec<Left>)> = Vec::new();
    for &idx in &layers {
        let inst = ctx.df.instructions[idx].effective();
        match inst.keyword {
            Keyword::Copy | Keyword::Add => {
                let paths =
                    util::copied_paths(ctx, idx).into_iter().map(|(path, whole)| Left::Path { path, whole }).collect();
                left.push((idx, paths));
                continue;
            }
            Keyword::Run => {}
            _ => continue,
        }
        let cmds = util::commands(ctx, idx);
        let producer = |pred: &dyn Fn(&Left) -> bool| -> Option<usize> {
            left.iter().rev().find(|(_, ls)| ls.iter().any(pred)).map(|(i, _)| *i)
        };
        for (k, c) in cmds.iter().enumerate() {
            let before = &cmds[..k];
            let single = cmds.len() == 1;
            let mut report = |range: TextRange, what: String, producer: usize| {
                let line = util::line_of(ctx, producer);
                // cost: what the producing instruction left (its layer's share for these paths).
                let v = Violation::new(c.src(ctx, range), format!("{what} runs in a later layer than line {line}: it saves nothing"))
                    .note("a file deleted in a later layer is only hidden; its bytes stay in the earlier layer");
                out.push(match move_fix(ctx, producer, idx, c).filter(|_| single) {
                    Some(fix) => v.with_fix(fix),
                    None => v.fix_title(format!(
                        "do this cleanup in the instruction on line {line}, in the same RUN that creates the files"
                    )),
                });
            };
            // Cache cleanups by command.
            if let Some(cache) = clean_command(c) {
                let own = before.iter().any(|b| fills(ctx, idx, b) == Some(cache));
                if !own {
                    if let Some(p) = producer(&|l| matches!(l, Left::Cache(x) if *x == cache)) {
                        let text = c
                            .cmd
                            .positional_args(&[])
                            .iter()
                            .take(2)
                            .map(|w| w.value.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        report(c.cmd.range, format!("`{} {text}`", c.name().unwrap_or("")), p);
                    }
                }
            }
            // rm of caches or of produced paths.
            for (path, w) in util::rm_targets(c) {
                if util::mounted(ctx, idx, &path) {
                    continue;
                }
                let cache =
                    [Cache::AptLists, Cache::AptArchives, Cache::Apk, Cache::Pip, Cache::Npm, Cache::Yarn, Cache::Yum]
                        .into_iter()
                        .find(|cache| clears(&path, *cache));
                if let Some(cache) = cache {
                    let own = before.iter().any(|b| fills(ctx, idx, b) == Some(cache));
                    if !own {
                        if let Some(p) = producer(&|l| matches!(l, Left::Cache(x) if *x == cache)) {
                            report(w.range, format!("removing `{}` (filled by `{}`)", w.value, cache.producer()), p);
                        }
                    }
                    continue;
                }
                let only_cleanup = before.iter().all(|b| b.name().is_none_or(|n| HARMLESS.contains(&n)));
                let produced = producer(&|l| match l {
                    Left::Path { path: made, whole } => {
                        util::removes_path(&path, made)
                            || (*whole
                                && only_cleanup
                                && util::is_rooted(made)
                                && cover(&path, made) == Some(Cover::Inside))
                    }
                    _ => false,
                });
                if let Some(p) = produced {
                    let own =
                        before.iter().any(|b| util::downloads(b).iter().any(|d| util::removes_path(&path, &d.path)));
                    if !own {
                        let kw = ctx.df.instructions[p].effective().keyword;
                        let by = if kw == Keyword::Run { "created by a RUN" } else { "copied by a COPY/ADD" };
                        report(w.range, format!("removing `{}` ({by})", w.value), p);
                    }
                }
            }
            // Package removal.
            let removal = match c.name() {
                Some("apt-get" | "apt") => c
                    .cmd
                    .positional_args(&["-o"])
                    .first()
                    .is_some_and(|w| matches!(w.value.as_str(), "purge" | "remove")),
                Some("apk") => c.cmd.positional_args(&[]).first().is_some_and(|w| w.value == "del"),
                _ => false,
            };
            if removal {
                let takes: &[&str] = if c.name() == Some("apk") { &[] } else { &["-o"] };
                for w in c.cmd.positional_args(takes).into_iter().skip(1) {
                    let name = package_name(&w.value);
                    let own = before.iter().any(|b| {
                        util::package_install(b)
                            .is_some_and(|(_, ps)| ps.iter().any(|p| package_name(&p.value) == name))
                            || b.cmd.flag_value(&["-t", "--virtual"], &["-t", "--virtual"]) == Some(name)
                    });
                    if own {
                        continue;
                    }
                    if let Some(p) = producer(&|l| matches!(l, Left::Package(n) if n == name)) {
                        report(w.range, format!("removing the package `{name}`"), p);
                    }
                }
            }
        }
        left.push((idx, leftovers(ctx, idx)));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn apt_lists_and_clean() {
        let src = "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            run(src, "SF1010"),
            vec![(
                "/var/lib/apt/lists/*".to_string(),
                "removing `/var/lib/apt/lists/*` (filled by `apt-get update`) runs in a later layer than line 2: it saves nothing".to_string()
            )]
        );
        let src = "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get clean && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(texts(src, "SF1010"), ["apt-get clean", "/var/lib/apt/lists/*"]);
        // The parent stage's layer counts too.
        let src = "FROM alpine AS base\nRUN apk add curl\nFROM base\nRUN rm -rf /var/cache/apk/*\n";
        assert_eq!(texts(src, "SF1010"), ["/var/cache/apk/*"]);
    }

    #[test]
    fn files_from_earlier_layers() {
        let src =
            "FROM debian\nWORKDIR /tmp\nRUN curl -o app.tgz https://x/app.tgz && tar xf app.tgz\nRUN rm app.tgz\n";
        assert_eq!(
            run(src, "SF1010"),
            vec![(
                "app.tgz".to_string(),
                "removing `app.tgz` (created by a RUN) runs in a later layer than line 3: it saves nothing".to_string()
            )]
        );
        let src = "FROM node\nWORKDIR /app\nCOPY . .\nRUN rm -rf node_modules .git\n";
        assert_eq!(texts(src, "SF1010"), ["node_modules", ".git"]);
        let src = "FROM debian\nADD https://x/a.tar.gz /opt/\nRUN tar xf /opt/a.tar.gz -C /opt && rm /opt/a.tar.gz\n";
        assert_eq!(texts(src, "SF1010"), ["/opt/a.tar.gz"]);
        let src = "FROM debian\nRUN git clone https://x/repo.git /src\nRUN make -C /src install && rm -rf /src\n";
        assert_eq!(texts(src, "SF1010"), ["/src"]);
    }

    #[test]
    fn packages_from_earlier_layers() {
        let src = "FROM alpine\nRUN apk add --no-cache --virtual .bd gcc\nRUN make && apk del .bd\n";
        assert_eq!(texts(src, "SF1010"), [".bd"]);
        let src = "FROM debian\nRUN apt-get update && apt-get install -y gcc=4:12 && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y gcc\n";
        assert_eq!(texts(src, "SF1010"), ["gcc"]);
    }

    #[test]
    fn quiet() {
        for src in [
            // Same RUN.
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            // The later RUN fills the cache again itself.
            "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n",
            // Nothing earlier to clean.
            "FROM debian\nRUN rm -rf /var/lib/apt/lists/*\nRUN apt-get clean\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n",
            // The earlier RUN used a cache mount.
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n",
            // Files the RUN itself builds inside a copied tree.
            "FROM node\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && rm -rf node_modules/.cache\n",
            // A different stage's layers do not count.
            "FROM debian AS a\nRUN apt-get update\nFROM debian\nRUN rm -rf /var/lib/apt/lists/*\n",
            // Packages installed by the same RUN.
            "FROM alpine\nRUN apk add --virtual .bd gcc && make && apk del .bd\n",
            // Not the final image.
            "FROM debian AS b\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM scratch\n",
        ] {
            assert!(texts(src, "SF1010").is_empty(), "{src}");
        }
    }
}
