use super::util::{self, Cmd};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN of the final image that builds software inside a
    /// `/usr/src/<name>` directory (runs `make`, `./configure`, `cmake`, ...
    /// there) and does not remove that directory before the RUN ends.
    ///
    /// ## Why it matters
    /// A source tree after a build holds the sources, the object files and
    /// often a static library: typically more than the installed result. It is
    /// stored in the layer unless the same RUN deletes it; deleting it in a
    /// later RUN saves nothing. The official images (python, ruby, redis, ...)
    /// all end their build RUN with `rm -rf /usr/src/<name>`; binnacle
    /// (ICSE 2020) mined this as the gold rule `mkdirUsrSrcThenRemove`. The
    /// size depends on the project and is not estimated here; Durieux (ICSE
    /// 2024) measured 48 MB (4.6%) of waste per image on average across the
    /// space smells of this family.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN mkdir -p /usr/src/redis \
    ///  && tar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1 \
    ///  && make -C /usr/src/redis install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN mkdir -p /usr/src/redis \
    ///  && tar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1 \
    ///  && make -C /usr/src/redis install \
    ///  && rm -rf /usr/src/redis
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the directory may be needed later (a test suite, a
    /// debug build).
    ///
    /// ## Equivalents
    /// binnacle / Parfum `mkdirUsrSrcThenRemove` (which only looks for
    /// `mkdir` then `rm`; this rule requires a build in the directory, so that
    /// `/usr/src/app` used as an application directory is not flagged).
    pub static RULE = {
        code: "SF1002",
        name: "usr-src-build-dir-kept",
        aliases: ["mkdirUsrSrcThenRemove"],
        severity: Warning,
        group: Size,
        summary: "A source tree built under /usr/src is not removed in the same RUN",
        check: check,
    }
}

/// Programs that build in their working directory.
const BUILDERS: &[&str] =
    &["make", "gmake", "cmake", "ninja", "meson", "configure", "gcc", "cc", "g++", "c++", "clang", "scons", "bazel"];

/// The `/usr/src/<name>` directory a path lies in.
fn src_dir(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/usr/src/")?;
    let name = rest.split('/').next().filter(|n| !n.is_empty() && !n.contains(['*', '?', '[']))?;
    Some(format!("/usr/src/{name}"))
}

/// The directory a build command builds in: `make -C dir`, else its cwd.
fn build_dir(c: &Cmd) -> Option<String> {
    let name = c.name()?;
    let is_build = BUILDERS.contains(&name)
        || name.ends_with("configure")
        || (name.starts_with("python") && c.cmd.args().first().is_some_and(|w| w.value == "setup.py"));
    if !is_build {
        return None;
    }
    if matches!(name, "make" | "gmake") {
        if let Some(d) = c.cmd.flag_value(&["-C", "--directory"], &["-C", "--directory", "-f", "-j", "-l", "-o", "-W"])
        {
            return Some(c.path_str(d));
        }
    }
    c.cwd.map(str::to_string)
}

/// Where the directory `dir` was created or entered: a `mkdir` argument, a
/// `tar -C` value, a `git clone` target or the `cd` into it.
fn origin(cmds: &[Cmd], upto: usize, dir: &str) -> Option<(usize, TextRange)> {
    for (i, c) in cmds.iter().enumerate().take(upto + 1) {
        let words: Vec<&crate::shell::Word> = match c.name() {
            Some("mkdir") => c.cmd.positional_args(&["-m", "--mode"]),
            Some("tar") => c
                .cmd
                .args()
                .iter()
                .skip_while(|w| !matches!(w.value.as_str(), "-C" | "--directory"))
                .skip(1)
                .take(1)
                .collect(),
            Some("git") if c.cmd.args().first().is_some_and(|w| w.value == "clone") => c
                .cmd
                .positional_args(&["-b", "--branch", "--depth", "-o", "--origin", "-c", "--config"])
                .into_iter()
                .skip(2)
                .take(1)
                .collect(),
            _ => Vec::new(),
        };
        if let Some(w) = words.iter().find(|w| src_dir(&c.path(w)).as_deref() == Some(dir)) {
            return Some((i, w.range));
        }
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        let mut reported: Vec<String> = Vec::new();
        for (i, c) in cmds.iter().enumerate() {
            let Some(built) = build_dir(c) else { continue };
            let Some(dir) = src_dir(&built) else { continue };
            if reported.contains(&dir) || util::removed_after(&cmds, i, &dir) || util::mounted(ctx, idx, &built) {
                continue;
            }
            // An application directory (a WORKDIR of the stage) is kept on purpose.
            let stage = ctx.stage_of(idx);
            let app_dir = ctx.instructions().any(|(j, inst)| {
                ctx.stage_of(j) == stage
                    && matches!(inst.keyword, crate::Keyword::Workdir)
                    && matches!(&inst.args, crate::Args::Text(w) if util::resolve(&util::expand(ctx, j, &w.value), Some("/")).starts_with(&dir))
            });
            if app_dir {
                continue;
            }
            reported.push(dir.clone());
            let (script, range) = match origin(&cmds, i, &dir) {
                Some((k, r)) => (cmds[k].script, r),
                None => match c.cwd_origin {
                    Some(r) => (c.script, r),
                    None => (c.script, c.cmd.program().map(|p| p.range).unwrap_or(c.cmd.range)),
                },
            };
            let builder = c.name().unwrap_or("the build");
            out.push(
                Violation::new(
                    ctx.source_range(script, range),
                    format!("`{builder}` builds in `{dir}`, which this RUN does not remove"),
                )
                .note("the source tree and build objects stay in the layer; removing them in a later RUN saves nothing")
                .fix_title(format!("end the RUN with `rm -rf {dir}` (after installing)")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires_when_build_dir_kept() {
        let src = "FROM debian\nRUN mkdir -p /usr/src/redis && tar -xzf r.tgz -C /usr/src/redis && make -C /usr/src/redis install\n";
        assert_eq!(
            run(src, "SF1002"),
            vec![(
                "/usr/src/redis".to_string(),
                "`make` builds in `/usr/src/redis`, which this RUN does not remove".to_string()
            )]
        );
        // Entered with cd, built with configure; the range is the cd target.
        let src = "FROM debian\nRUN cd /usr/src && tar xf x.tar && cd x-1.0 && ./configure && make install\n";
        assert_eq!(texts(src, "SF1002"), ["x-1.0"]);
        // Removal in a later RUN does not help.
        let src = "FROM debian\nRUN mkdir /usr/src/app && cd /usr/src/app && make\nRUN rm -rf /usr/src/app\n";
        assert_eq!(texts(src, "SF1002"), ["/usr/src/app"]);
        // Removing only the build subdirectory leaves the source tree.
        let src = "FROM debian\nRUN mkdir -p /usr/src/x && cd /usr/src/x && mkdir b && cd b && cmake .. && make && rm -rf /usr/src/x/b\n";
        assert_eq!(texts(src, "SF1002"), ["/usr/src/x"]);
    }

    #[test]
    fn quiet_when_removed_or_not_built() {
        for src in [
            "FROM debian\nRUN mkdir -p /usr/src/py && cd /usr/src/py && make && make install && cd / && rm -rf /usr/src/py\n",
            "FROM debian\nRUN mkdir -p /usr/src/py && make -C /usr/src/py && rm -rf /usr/src/*\n",
            // An app directory: nothing is built there.
            "FROM node\nRUN mkdir -p /usr/src/app\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci\n",
            // Built there, but the directory is the app's WORKDIR afterwards.
            "FROM gcc\nRUN mkdir -p /usr/src/app && cd /usr/src/app && make\nWORKDIR /usr/src/app\n",
            // A dependency built inside the app directory and removed.
            "FROM ruby\nWORKDIR /usr/src/redmine\nRUN mkdir freetds && (cd freetds && ./configure && make install) && rm -rf freetds\n",
            // Not the final image.
            "FROM gcc AS b\nRUN mkdir /usr/src/x && cd /usr/src/x && make\nFROM scratch\nCOPY --from=b /x /x\n",
            "FROM debian\nRUN cd /tmp/x && make\n",
        ] {
            assert!(texts(src, "SF1002").is_empty(), "{src}");
        }
    }
}
