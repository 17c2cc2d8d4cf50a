use super::util::{self, cover};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags an archive that a RUN of the final image downloads (`curl -o`,
    /// `curl -O`, `wget`, `wget -O`) and extracts (`tar -x`, `unzip`, `7z x`)
    /// without removing it before the RUN ends.
    ///
    /// ## Why it matters
    /// After extraction the archive is a second, compressed copy of what was
    /// unpacked, and it is stored in the layer: for a language runtime that is
    /// tens of MB (the Node.js tarball layer of `node:slim` is 54.8 MB
    /// compressed, the CPython one of `python:slim` 12.4 MB; figures from
    /// docker-library/repo-info in the project's size notes). Removing it in a
    /// later RUN saves nothing. binnacle (ICSE 2020) mined this as the gold
    /// rule `tarSomethingRmTheSomething`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN curl -fsSLo node.tar.xz "https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz" \
    ///  && tar -xJf node.tar.xz -C /usr/local --strip-components=1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN curl -fsSLo node.tar.xz "https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz" \
    ///  && tar -xJf node.tar.xz -C /usr/local --strip-components=1 \
    ///  && rm node.tar.xz
    /// # or stream it: curl -fsSL "$URL" | tar -xJ -C /usr/local --strip-components=1
    /// ```
    ///
    /// ## Fix safety
    /// Appends ` && rm -f PATH` to a plain shell-form RUN (not heredocs, not
    /// when the command ends in `;`, `&` or a comment) when the archive's
    /// path is a plain absolute path. Safe when no later instruction names
    /// the file; unsafe when one does (it may still read the archive).
    ///
    /// ## Equivalents
    /// binnacle / Parfum `tarSomethingRmTheSomething`; dockerfile-doctor
    /// DD016. For an archive COPY'd into the image and extracted, see
    /// hadolint DL3010; for `ADD <url>` of an archive, SF1019.
    pub static RULE = {
        code: "SF1004",
        name: "downloaded-archive-kept",
        aliases: ["tarSomethingRmTheSomething"],
        severity: Warning,
        group: Size,
        summary: "A downloaded archive is extracted but not removed in the same RUN",
        check: check,
    }
}

/// Whether two resolved paths name the same file (by name when either is
/// relative to an unknown directory).
pub(crate) fn same_file(a: &str, b: &str) -> bool {
    if util::is_rooted(a) && util::is_rooted(b) {
        a == b
    } else {
        cover(a, b).is_some() && util::basename(a) == util::basename(b)
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            for d in util::downloads(c) {
                if !util::is_archive(&d.path) {
                    continue;
                }
                let extracted = cmds
                    .iter()
                    .skip(i + 1)
                    .position(|e| util::extracted_archive(e).is_some_and(|(p, _)| same_file(&p, &d.path)));
                if extracted.is_none() || util::removed_after(&cmds, i, &d.path) || util::mounted(ctx, idx, &d.path) {
                    continue;
                }
                let name = util::basename(&d.path);
                // cost: the downloaded archive's size.
                let v = Violation::new(c.src(ctx, d.word.range), format!("`{name}` is extracted but never removed in this RUN"))
                    .note("the archive stays in the layer next to its extracted files; removing it in a later RUN saves nothing");
                out.push(match util::remove_file_fix(ctx, idx, &d.word.value, &cmds) {
                    Some(fix) => v.with_fix(fix),
                    None => v.fix_title(format!("remove `{name}` after extracting it, or pipe the download into `tar`")),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires_when_kept() {
        let src = "FROM debian\nRUN curl -fsSLo node.tar.xz https://x.org/node.tar.xz && tar -xJf node.tar.xz -C /usr/local\n";
        assert_eq!(
            run(src, "SF1004"),
            vec![("node.tar.xz".to_string(), "`node.tar.xz` is extracted but never removed in this RUN".to_string())]
        );
        // curl -O: the name comes from the URL; old-style tar options.
        let src =
            "FROM debian\nWORKDIR /opt\nRUN curl -fsSLO \"https://x.org/a/app-1.0.tgz?dl=1\" && tar xzf app-1.0.tgz\n";
        assert_eq!(texts(src, "SF1004"), ["\"https://x.org/a/app-1.0.tgz?dl=1\""]);
        // wget without -O, unzip; removal in a later RUN does not count.
        let src = "FROM debian\nRUN cd /tmp && wget https://x.org/t.zip && unzip t.zip -d /opt\nRUN rm /tmp/t.zip\n";
        assert_eq!(texts(src, "SF1004"), ["https://x.org/t.zip"]);
        // --file= and --extract.
        let src =
            "FROM debian\nRUN wget -O /tmp/p.tar.gz https://x/p.tar.gz; tar --extract --file=/tmp/p.tar.gz -C /p\n";
        assert_eq!(texts(src, "SF1004"), ["/tmp/p.tar.gz"]);
    }

    #[test]
    fn quiet_when_removed_or_streamed() {
        for src in [
            "FROM debian\nRUN wget -O python.tar.xz https://x/p.tar.xz; tar --extract --directory /usr/src/p --file python.tar.xz; rm python.tar.xz\n",
            "FROM debian\nRUN curl -fsSL https://x/n.tar.gz | tar -xz -C /opt\n",
            "FROM debian\nRUN cd /tmp && curl -fO https://x/a.tgz && tar xf a.tgz && rm -rf /tmp/*\n",
            "FROM debian\nRUN d=\"$(mktemp -d)\" && curl -o \"$d/a.zip\" https://x/a.zip && unzip \"$d/a.zip\" && rm -rf \"$d\"\n",
            "FROM debian\nRUN curl -o a.tgz https://x/a.tgz && tar xf a.tgz && rm -f *.tgz\n",
            // Downloaded but not extracted (kept on purpose).
            "FROM debian\nRUN curl -o /app/app.jar https://x/app.jar && curl -o /opt/a.zip https://x/a.zip\n",
            // Not the final image.
            "FROM debian AS dl\nRUN curl -o a.tgz https://x/a.tgz && tar xf a.tgz\nFROM scratch\nCOPY --from=dl /a /a\n",
            "FROM debian\nRUN --mount=type=tmpfs,target=/dl curl -o /dl/a.tgz https://x/a.tgz && tar xf /dl/a.tgz\n",
        ] {
            assert!(texts(src, "SF1004").is_empty(), "{src}");
        }
    }
}
