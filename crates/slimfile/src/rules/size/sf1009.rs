use super::util;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apk add` of build-only packages (`*-dev`, `build-base`, `gcc`,
    /// `g++`, `make`, `cmake`, `linux-headers`, autotools, ...) in a RUN of the
    /// final image when the same RUN does not delete them again: either the
    /// packages are grouped with `--virtual .name` (`-t`) and `apk del .name`
    /// follows, or each is passed to `apk del`.
    ///
    /// ## Why it matters
    /// Compilers and headers are needed to build native extensions, not to run
    /// them. Left installed they are stored in the layer, and deleting them in
    /// a later RUN saves nothing. Alpine's package index is not embedded yet,
    /// so no Alpine figure is shown; for scale, Debian's `build-essential` is
    /// 308–321 MiB installed (project size notes §4.1), and Alpine's
    /// `build-base` is the same kind of toolchain. The official alpine-based
    /// images all group build dependencies with `--virtual .build-deps` and
    /// `apk del .build-deps` them in the same RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache gcc musl-dev libffi-dev \
    ///  && pip install --no-cache-dir cffi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \
    ///  && pip install --no-cache-dir cffi \
    ///  && apk del .build-deps
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe fix for a plain shell-form RUN: with a `--virtual` group,
    /// ` && apk del <group>` is appended; without one, when every package of
    /// that `apk add` is a build dependency, ` --virtual .build-deps` goes
    /// after `add` and ` && apk del .build-deps` at the end of the RUN.
    /// Unsafe because a `-dev` package can pull in a runtime library the
    /// program needs (keep that library installed by name), and a later RUN
    /// may still use the compiler. A mixed list gets the advice only.
    ///
    /// ## Equivalents
    /// dockerfilelint `apkadd-missing-virtual`; dockerfile-doctor DD063. For
    /// apt, yum and dnf see SF1014.
    pub static RULE = {
        code: "SF1009",
        name: "apk-build-deps-kept",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "apk build dependencies are not grouped with --virtual and deleted in the same RUN",
        check: check,
    }
}

/// Packages only needed to build.
pub(crate) fn is_build_package(name: &str) -> bool {
    let n = name.split(['=', '<', '>', '~']).next().unwrap_or(name);
    n.ends_with("-dev")
        || n.ends_with("-devel")
        || matches!(
            n,
            "build-base"
                | "build-essential"
                | "gcc"
                | "g++"
                | "gcc-c++"
                | "clang"
                | "make"
                | "cmake"
                | "autoconf"
                | "automake"
                | "libtool"
                | "linux-headers"
                | "pkgconf"
                | "pkgconfig"
                | "pkg-config"
                | "musl-dev"
                | "libc-dev"
                | "libc6-dev"
                | "dpkg-dev"
                | "bison"
                | "flex"
                | "re2c"
        )
}

const APK_VALUE: &[&str] =
    &["-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch", "--repositories-file", "--cache-dir"];

/// ` --virtual GROUP` after `add` (when `add` is given) and ` && apk del
/// GROUP` at the end of RUN `idx`.
fn group_fix(ctx: &Context, idx: usize, c: &util::Cmd, add: Option<&crate::shell::Word>, group: &str) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    let run = crate::rules::shell::util::runs(ctx).into_iter().find(|r| r.idx == idx)?;
    let at = crate::rules::shell::util::append_point(ctx, &run)?;
    let mut edits = vec![Edit::insert(at, format!(" && apk del {group}"))];
    let title = match add {
        Some(add) => {
            if add.value != "add" {
                return None;
            }
            edits.push(Edit::insert(c.src(ctx, add.range).end, format!(" --virtual {group}")));
            format!("group them with `--virtual {group}` and end the RUN with `apk del {group}`")
        }
        None => format!("end the RUN with `apk del {group}`"),
    };
    Some(Fix::unsafe_(title, edits))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            let Some(("apk", pkgs)) = util::package_install(c) else { continue };
            let build: Vec<&crate::shell::Word> = pkgs.iter().copied().filter(|w| is_build_package(&w.value)).collect();
            let Some(first) = build.first() else { continue };
            let virtual_name = c.cmd.flag_value(&["-t", "--virtual"], APK_VALUE);
            let deleted: Vec<String> = cmds[i + 1..]
                .iter()
                .filter(|l| {
                    l.name() == Some("apk")
                        && l.cmd.positional_args(APK_VALUE).first().is_some_and(|w| w.value == "del")
                })
                .flat_map(|l| l.cmd.positional_args(APK_VALUE).into_iter().skip(1).map(|w| w.value.clone()))
                .collect();
            // A group deleted by name, or one named as runtime dependencies
            // (`.ruby-rundeps`, `.runtime-deps`): kept on purpose.
            if virtual_name.is_some_and(|v| deleted.iter().any(|d| d == v) || v.to_ascii_lowercase().contains("run")) {
                continue;
            }
            let kept: Vec<&str> =
                build.iter().map(|w| w.value.as_str()).filter(|p| !deleted.iter().any(|d| d == p)).collect();
            if kept.is_empty() {
                continue;
            }
            let anchor = build.iter().find(|w| w.value == kept[0]).unwrap_or(first);
            let list = kept.iter().take(4).map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
            let more = if kept.len() > 4 { format!(" and {} more", kept.len() - 4) } else { String::new() };
            let (msg, fix) = match virtual_name {
                Some(v) => (
                    format!("build dependencies {list}{more} are grouped as `{v}` but not deleted in this RUN"),
                    format!("end the RUN with `apk del {v}`"),
                ),
                None => (
                    format!("build dependencies {list}{more} stay installed in the image"),
                    "install them with `--virtual .build-deps` and end the RUN with `apk del .build-deps`".to_string(),
                ),
            };
            let v = Violation::new(c.src(ctx, anchor.range), msg)
                .note("compilers and headers are only needed to build; deleting them in a later RUN saves nothing");
            let all_build = build.len() == pkgs.len();
            let auto = match virtual_name {
                Some(v) if !v.contains(['$', '`']) => group_fix(ctx, idx, c, None, v),
                None if all_build && !cmds.iter().any(|o| o.cmd.words.iter().any(|w| w.value == ".build-deps")) => {
                    group_fix(ctx, idx, c, c.cmd.positional_args(APK_VALUE).first().copied(), ".build-deps")
                }
                _ => None,
            };
            out.push(match auto {
                Some(f) => v.with_fix(f),
                None => v.fix_title(fix),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM python:3-alpine\nRUN apk add --no-cache gcc musl-dev libffi-dev curl && pip install cffi\n";
        assert_eq!(
            run(src, "SF1009"),
            vec![(
                "gcc".to_string(),
                "build dependencies `gcc`, `musl-dev`, `libffi-dev` stay installed in the image".to_string()
            )]
        );
        let src = "FROM alpine\nRUN apk add --virtual .bd build-base && make\n";
        assert_eq!(
            run(src, "SF1009"),
            vec![(
                "build-base".to_string(),
                "build dependencies `build-base` are grouped as `.bd` but not deleted in this RUN".to_string()
            )]
        );
        // Deleted in a later RUN: still kept in the layer; partly deleted.
        let src = "FROM alpine\nRUN apk add -t .bd gcc\nRUN apk del .bd\n";
        assert_eq!(texts(src, "SF1009"), ["gcc"]);
        let src = "FROM alpine\nRUN apk add gcc make && make && apk del gcc\n";
        assert_eq!(run(src, "SF1009")[0].1, "build dependencies `make` stay installed in the image");
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del --no-network .build-deps\n",
            "FROM alpine\nRUN apk add gcc && make && apk del gcc\n",
            "FROM alpine\nRUN apk add --no-network --virtual .ruby-rundeps libffi-dev yaml-dev\n",
            "FROM alpine\nRUN apk add --no-cache curl libffi\n",
            "FROM alpine AS build\nRUN apk add build-base && make\nFROM alpine\nCOPY --from=build /x /x\n",
        ] {
            assert!(texts(src, "SF1009").is_empty(), "{src}");
        }
    }
}
