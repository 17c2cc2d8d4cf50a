use super::util::{self, Cover};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `gem update` in a RUN of the final image that leaves its
    /// leftovers in the layer:
    /// * `gem update --system` without removing root's gem directory
    ///   (`rm -rf /root/.gem`, `~/.gem`) afterwards in the same RUN;
    /// * `gem update` of gems without `gem cleanup` afterwards in the same RUN
    ///   (the old versions of every updated gem stay installed).
    ///
    /// A cache or tmpfs mount on `/root/.gem` satisfies the first case.
    ///
    /// ## Why it matters
    /// `gem update --system` leaves the specs cache and build files under
    /// `/root/.gem`; `gem update` keeps every previous version of the gems it
    /// updates, doubling their footprint. Removing them in a later RUN saves
    /// nothing. The size depends on the gems and is not estimated here; the
    /// official ruby images end their RubyGems update with `rm -r /root/.gem/`,
    /// and binnacle (ICSE 2020) mined this as the gold rule
    /// `gemUpdateSystemRmRootGem`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN gem update --system 3.5.9
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN gem update --system 3.5.9 && rm -r /root/.gem/
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix ends the RUN with `&& rm -rf /root/.gem` (after
    /// `gem update --system`) or `&& gem cleanup` (after `gem update`). Gems
    /// installed with `--user-install` live under `/root/.gem`, and a lock
    /// file may pin a version that `gem cleanup` removes, so review it.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `gemUpdateSystemRmRootGem` (the `--system` case).
    pub static RULE = {
        code: "SF1007",
        name: "gem-update-leftovers",
        aliases: ["gemUpdateSystemRmRootGem"],
        severity: Warning,
        group: Size,
        summary: "gem update leaves /root/.gem or old gem versions in the layer",
        check: check,
    }
}

fn clears_root_gem(p: &str) -> bool {
    matches!(util::cover(p, "/root/.gem"), Some(Cover::Exact | Cover::Parent | Cover::Inside))
}

/// `tail` appended to the RUN as an unsafe fix (see Fix safety), or the fix
/// title alone where the RUN has no place to append to.
fn unsafe_append(v: Violation, ctx: &Context, idx: usize, tail: &str) -> Violation {
    match crate::rules::shell::util::append_fix(ctx, idx, tail) {
        Some(fix) => v.with_fix(crate::fix::Fix::unsafe_(fix.title, fix.edits)),
        None => v.fix_title(format!("add `{}` at the end of this RUN", tail.trim_start())),
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            if c.name() != Some("gem") {
                continue;
            }
            let Some(sub) = c.cmd.subcommand() else { continue };
            if sub.value != "update" {
                continue;
            }
            let later = &cmds[i + 1..];
            if c.cmd.has_flag(&["--system"]) {
                let cleaned = later.iter().any(|l| util::rm_targets(l).iter().any(|(p, _)| clears_root_gem(p)));
                if cleaned || util::cache_mount_targets(inst).iter().any(|m| clears_root_gem(m)) {
                    continue;
                }
                let v = Violation::new(c.src(ctx, sub.range), "`gem update --system` leaves `/root/.gem` in this layer")
                    .note("the specs cache and build files under /root/.gem are of no use in the image");
                out.push(unsafe_append(v, ctx, idx, " && rm -rf /root/.gem"));
            } else {
                let cleaned = later
                    .iter()
                    .any(|l| l.name() == Some("gem") && l.cmd.subcommand().is_some_and(|w| w.value == "cleanup"));
                if cleaned {
                    continue;
                }
                let v = Violation::new(c.src(ctx, sub.range), "`gem update` keeps the old version of every gem it updates")
                    .note("without `gem cleanup` in the same RUN both versions are stored in the layer");
                out.push(unsafe_append(v, ctx, idx, " && gem cleanup"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        assert_eq!(
            run("FROM ruby\nRUN gem update --system 3.5.9\n", "SF1007"),
            vec![("update".to_string(), "`gem update --system` leaves `/root/.gem` in this layer".to_string())]
        );
        assert_eq!(
            run("FROM ruby\nRUN gem update\nRUN gem cleanup\n", "SF1007"),
            vec![("update".to_string(), "`gem update` keeps the old version of every gem it updates".to_string())]
        );
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM ruby\nRUN gem update --system \"$V\"; rm -r /root/.gem/\n",
            "FROM ruby\nRUN gem update --system && rm -rf ~/.gem\n",
            "FROM ruby\nRUN --mount=type=cache,target=/root/.gem gem update --system\n",
            "FROM ruby\nRUN gem update && gem cleanup\n",
            "FROM ruby\nRUN gem install rails\n",
            "FROM ruby AS x\nRUN gem update --system\nFROM scratch\n",
        ] {
            assert!(texts(src, "SF1007").is_empty(), "{src}");
        }
    }
}
