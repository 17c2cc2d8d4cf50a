use super::util;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `mktemp -d` in a RUN of the final image when the same RUN does
    /// not remove the directory afterwards (`rm -rf "$dir"` for the variable
    /// that holds it, or any recursive `rm` when the name is not kept).
    ///
    /// ## Why it matters
    /// `mktemp -d` creates a directory under `/tmp`, and `/tmp` is not cleared
    /// between layers: whatever was put there (a GnuPG home with its keyring,
    /// a download, a build tree) is stored in the layer, and removing it in a
    /// later RUN saves nothing. The size depends on what the directory holds
    /// (a keyring is small, a build tree is not) and is not estimated here;
    /// Durieux (ICSE 2024) measured 48 MB (4.6%) of waste per image on
    /// average across the space smells of this family. binnacle (ICSE 2020)
    /// mined this as the gold rule `rmRecursiveAfterMktempD`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN export GNUPGHOME="$(mktemp -d)" \
    ///  && gpg --batch --recv-keys "$KEY" \
    ///  && gpg --batch --verify app.tar.gz.asc app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN export GNUPGHOME="$(mktemp -d)" \
    ///  && gpg --batch --recv-keys "$KEY" \
    ///  && gpg --batch --verify app.tar.gz.asc app.tar.gz \
    ///  && gpgconf --kill all \
    ///  && rm -rf "$GNUPGHOME"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: a daemon started from the directory (gpg-agent) may
    /// need stopping first.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `rmRecursiveAfterMktempD`.
    pub static RULE = {
        code: "SF1003",
        name: "mktemp-dir-kept",
        aliases: ["rmRecursiveAfterMktempD"],
        severity: Warning,
        group: Size,
        summary: "A directory made with mktemp -d is not removed in the same RUN",
        check: check,
    }
}

/// The variable a substitution's value is assigned to: `v="$(mktemp -d)"`,
/// `export v="$(mktemp -d)"`, `local v=...`.
fn assigned_var(script: &crate::shell::Script, cmd: usize) -> Option<String> {
    let c = script.commands.get(cmd)?;
    let block = script.blocks.get(c.block)?;
    let outer = script.commands.get(block.command?)?;
    if let Some(a) = outer.assignments.iter().find(|a| a.value.range.contains_range(c.range)) {
        return Some(a.name.clone());
    }
    if matches!(outer.name(), Some("export" | "local" | "declare" | "readonly" | "typeset")) {
        let w = outer.words.iter().find(|w| w.range.contains_range(c.range))?;
        return w.value.split_once('=').map(|(n, _)| n.to_string());
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            if c.name() != Some("mktemp")
                || !c.cmd.has_flag_with(&["-d", "--directory"], &["-p", "--tmpdir", "-t", "--suffix"])
            {
                continue;
            }
            let var = assigned_var(&c.script.script, c.index);
            let removed = cmds.iter().skip(i + 1).any(|later| {
                if later.name() != Some("rm") || !later.cmd.has_flag(&["-r", "-R", "--recursive"]) {
                    return false;
                }
                match &var {
                    Some(v) => later.cmd.positional_args(&[]).iter().any(|w| {
                        let p = util::resolve(&w.value, None);
                        p == format!("${v}")
                            || p.starts_with(&format!("${v}/"))
                            || p == "/tmp"
                            || p.starts_with("/tmp/*")
                    }),
                    None => true,
                }
            });
            if removed || util::mounted(ctx, idx, "/tmp") {
                continue;
            }
            let what = match &var {
                Some(v) => format!("the directory `mktemp -d` makes (`${v}`) is not removed in this RUN"),
                None => "the directory `mktemp -d` makes is not removed in this RUN".to_string(),
            };
            out.push(
                Violation::new(c.src(ctx, c.cmd.range), what)
                    .note("/tmp is stored in the layer like any other directory; removing it in a later RUN saves nothing")
                    .fix_title(match &var {
                        Some(v) => format!("end the RUN with `rm -rf \"${v}\"`"),
                        None => "keep the name in a variable and `rm -rf` it at the end of the RUN".to_string(),
                    }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires_when_kept() {
        let src = "FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\" && gpg --batch --recv-keys K\n";
        assert_eq!(
            run(src, "SF1003"),
            vec![(
                "mktemp -d".to_string(),
                "the directory `mktemp -d` makes (`$GNUPGHOME`) is not removed in this RUN".to_string()
            )]
        );
        // Removing another variable's directory does not count.
        let src = "FROM debian\nRUN tmp=\"$(mktemp -d)\"; cd \"$tmp\"; other=x; rm -rf \"$other\"\n";
        assert_eq!(texts(src, "SF1003"), ["mktemp -d"]);
        let src = "FROM debian\nRUN cd $(mktemp --directory) && make\n";
        assert_eq!(texts(src, "SF1003"), ["mktemp --directory"]);
    }

    #[test]
    fn quiet_when_removed() {
        for src in [
            "FROM debian\nRUN GNUPGHOME=\"$(mktemp -d)\"; export GNUPGHOME; gpg --verify a.asc a; gpgconf --kill all; rm -rf \"$GNUPGHOME\" a.asc\n",
            "FROM debian\nRUN d=`mktemp -d` && cd $d && make && rm -rf ${d}\n",
            "FROM debian\nRUN cd $(mktemp -d) && make && rm -rf /tmp/*\n",
            "FROM debian\nRUN f=$(mktemp) && echo > $f\n",
            "FROM debian\nRUN --mount=type=tmpfs,target=/tmp cd $(mktemp -d) && make\n",
            "FROM debian AS x\nRUN cd $(mktemp -d)\nFROM scratch\n",
        ] {
            assert!(texts(src, "SF1003").is_empty(), "{src}");
        }
    }
}
