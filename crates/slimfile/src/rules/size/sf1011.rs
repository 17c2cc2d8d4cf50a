use super::util::{self, cover, Cover};
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `chown -R`, `chgrp -R` and `chmod -R` in a RUN of the final image
    /// over files an earlier layer put there: the destination of an earlier
    /// COPY/ADD (or a directory inside a COPY of the whole context), or the
    /// `node_modules` an earlier `npm`/`yarn`/`pnpm` install created.
    ///
    /// ## Why it matters
    /// Changing a file's owner or mode changes its metadata, and the layer
    /// system then stores the whole file again in the new layer: every byte
    /// the COPY added is shipped twice. For an application tree with its
    /// dependencies that is easily hundreds of MB (a Next.js `node_modules` is
    /// 358 MB in the project's size notes, §4.4). `COPY --chown` / `--chmod`
    /// set ownership and mode while copying, at no cost.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// COPY . /app
    /// RUN chown -R node:node /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY --chown=node:node . /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe fix for the plain case: a RUN that is only `chown -R OWNER DIR`
    /// (literal owner), where DIR is exactly the destination of one earlier
    /// COPY without `--chown`, and only ENV, ARG, LABEL, EXPOSE or USER lie
    /// between them: `--chown=OWNER` goes on the COPY and the RUN is removed.
    /// Unsafe because `chown -R` also changed the destination directory
    /// itself when it already existed (a WORKDIR made it, owned by root),
    /// which `COPY --chown` does not. `chmod`/`chgrp` get the advice only.
    ///
    /// ## Equivalents
    /// None among linters (KICS even discourages `COPY --chown`); dive shows
    /// the duplicated files after the build.
    pub static RULE = {
        code: "SF1011",
        name: "recursive-chown-after-copy",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "chown/chmod -R in a later RUN duplicates files copied in an earlier layer",
        check: check,
    }
}

/// What an earlier instruction put where.
struct Made {
    idx: usize,
    path: String,
    whole: bool,
    what: &'static str,
}

/// `COPY src DIR` + `RUN chown -R OWNER DIR` → `COPY --chown=OWNER src DIR`.
fn chown_fix(ctx: &Context, copy: usize, run: usize, c: &util::Cmd, target: &crate::shell::Word) -> Option<Fix> {
    let df = ctx.df;
    let (ci, ri) = (df.instructions.get(copy)?, df.instructions.get(run)?);
    if ci.keyword != Keyword::Copy || ci.onbuild.is_some() || ri.onbuild.is_some() || ci.flag("chown").is_some() {
        return None;
    }
    if !ri.heredocs.is_empty() || !ri.flags.is_empty() || ctx.is_onbuild(copy) || ctx.is_onbuild(run) {
        return None;
    }
    let between = df.instructions.get(copy + 1..run)?;
    let harmless = [Keyword::Env, Keyword::Arg, Keyword::Label, Keyword::Expose, Keyword::User];
    if !between.iter().all(|i| harmless.contains(&i.keyword)) {
        return None;
    }
    // The RUN is exactly `chown -R OWNER DIR` with DIR the COPY's destination.
    let words = &c.cmd.words;
    let [_, a, b, d] = words.as_slice() else { return None };
    let (flag, owner) = if a.value == "-R" { (a, b) } else { (b, a) };
    if flag.value != "-R" || d.range != target.range || owner.has_expansion || owner.value.starts_with('-') {
        return None;
    }
    let dest = match &ci.args {
        crate::ast::Args::List(ws) | crate::ast::Args::Exec(ws) => ws.last()?.value.clone(),
        _ => return None,
    };
    if dest.trim_end_matches('/') != target.value.trim_end_matches('/') || !c.cmd.redirects.is_empty() {
        return None;
    }
    let src = &df.source;
    let line_start = src[..ri.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[ri.range.end..].find('\n').map_or(src.len(), |i| ri.range.end + i + 1);
    let removed = crate::TextRange::new(line_start, end);
    if removed.slice(src).contains('#') || !src[line_start..ri.range.start].trim().is_empty() {
        return None;
    }
    Some(Fix::unsafe_(
        format!("set the owner while copying: `COPY --chown={}` (and drop the RUN)", owner.value),
        vec![Edit::insert(ci.keyword_range.end, format!(" --chown={}", owner.value)), Edit::delete(removed)],
    ))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut made: Vec<Made> = Vec::new();
    for idx in util::final_layers(ctx) {
        let inst = ctx.df.instructions[idx].effective();
        match inst.keyword {
            Keyword::Copy | Keyword::Add => {
                for (path, whole) in util::copied_paths(ctx, idx) {
                    made.push(Made { idx, path, whole, what: "copied" });
                }
                continue;
            }
            Keyword::Run => {}
            _ => continue,
        }
        let cmds = util::commands(ctx, idx);
        for c in &cmds {
            let Some(name @ ("chown" | "chgrp" | "chmod")) = c.name() else { continue };
            if !c.cmd.has_flag(&["-R", "--recursive"]) {
                continue;
            }
            let pos = c.cmd.positional_args(&["--from", "--reference"]);
            let mode_like_option = |w: &crate::shell::Word| {
                w.value.len() > 1 && w.value.starts_with('-') && w.value[1..].chars().all(|ch| "rwxXst".contains(ch))
            };
            // The owner/mode operand comes first, unless `--reference` gives
            // it or chmod's mode was written like an option (`-R -w`).
            let no_operand =
                c.cmd.has_flag(&["--reference"]) || (name == "chmod" && c.cmd.args().iter().any(mode_like_option));
            let skip = usize::from(!no_operand);
            let hit = pos.iter().skip(skip).find_map(|w| {
                let t = c.path(w);
                let found: Vec<&Made> = made
                    .iter()
                    .filter(|m| {
                        util::is_rooted(&m.path)
                            && match cover(&t, &m.path) {
                                Some(Cover::Exact | Cover::Parent) => true,
                                Some(Cover::Inside) => m.whole,
                                None => false,
                            }
                    })
                    .collect();
                (!found.is_empty()).then_some((w, found))
            });
            let Some((w, found)) = hit else { continue };
            // "copied on lines 3, 5 and installed on line 4"
            let mut parts: Vec<String> = Vec::new();
            for what in ["copied", "installed"] {
                let mut lines: Vec<usize> =
                    found.iter().filter(|m| m.what == what).map(|m| util::line_of(ctx, m.idx)).collect();
                lines.dedup();
                match lines.as_slice() {
                    [] => {}
                    [l] => parts.push(format!("{what} on line {l}")),
                    ls => parts.push(format!(
                        "{what} on lines {}",
                        ls.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
                    )),
                }
            }
            let flag = if name == "chmod" { "--chmod" } else { "--chown" };
            let copy_line = found.iter().find(|m| m.what == "copied").map(|m| util::line_of(ctx, m.idx));
            let install_line = found.iter().find(|m| m.what == "installed").map(|m| util::line_of(ctx, m.idx));
            let fix = match (copy_line, install_line) {
                (Some(l), None) => format!("set it while copying: `COPY {flag}=...` on line {l}"),
                (Some(l), Some(i)) => {
                    format!("set it while copying (`COPY {flag}=...` on line {l}) and run the install on line {i} as that user")
                }
                (None, Some(i)) => format!("run the install on line {i} as the right user, or `{name}` in that RUN"),
                (None, None) => String::new(),
            };
            // cost: the size of the files the COPY (or install) put under the target path.
            let v = Violation::new(
                c.src(ctx, w.range),
                format!("`{name} -R` over `{}` stores the files {} a second time", w.value, parts.join(" and ")),
            )
            .note("changing owner or mode rewrites every file into the new layer; the originals stay in the earlier one");
            let auto = match found.as_slice() {
                [m] if name == "chown" && m.what == "copied" && cmds.len() == 1 => chown_fix(ctx, m.idx, idx, c, w),
                _ => None,
            };
            out.push(match auto {
                Some(f) => v.with_fix(f),
                None => v.fix_title(fix),
            });
        }
        // What this RUN installs: node_modules in the directory it runs in.
        for c in &cmds {
            let installs = super::sf1001::npm_install(c).is_some()
                || util::yarn_install(c).is_some()
                || (c.name() == Some("pnpm")
                    && c.cmd.subcommand().is_some_and(|w| matches!(w.value.as_str(), "install" | "i")));
            if installs && !c.cmd.has_flag(&["-g", "--global"]) {
                if let Some(cwd) = c.cwd {
                    made.push(Made {
                        idx,
                        path: util::resolve("node_modules", Some(cwd)),
                        whole: false,
                        what: "installed",
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM node\nCOPY . /app\nRUN chown -R node:node /app\n";
        assert_eq!(
            run(src, "SF1011"),
            vec![(
                "/app".to_string(),
                "`chown -R` over `/app` stores the files copied on line 2 a second time".to_string()
            )]
        );
        // WORKDIR-relative, a parent directory, chmod.
        let src = "FROM nginx\nWORKDIR /app\nCOPY start.sh .\nRUN chmod -R 755 / 2>/dev/null; chmod -R 755 .\n";
        assert_eq!(texts(src, "SF1011"), ["/", "."]);
        // A directory inside a whole-context copy.
        assert_eq!(
            texts("FROM node\nWORKDIR /app\nCOPY . .\nRUN chown -R node /app/public\n", "SF1011"),
            ["/app/public"]
        );
        // node_modules installed by an earlier RUN.
        let src = "FROM node\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nRUN chown -R node:node node_modules\n";
        assert_eq!(
            run(src, "SF1011")[0].1,
            "`chown -R` over `node_modules` stores the files installed on line 4 a second time"
        );
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM node\nCOPY --chown=node:node . /app\n",
            "FROM node\nRUN mkdir /data && chown -R node /data\n",
            "FROM node\nCOPY a.sh /usr/local/bin/\nRUN chown -R node /var/log/app\n",
            "FROM node\nCOPY . /app\nRUN chown node /app\n",
            // The copy is in a stage that does not reach the image.
            "FROM node AS b\nCOPY . /app\nFROM node\nRUN chown -R node /app\n",
        ] {
            assert!(texts(src, "SF1011").is_empty(), "{src}");
        }
    }
}
