use super::sf1004::same_file;
use super::util;
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ADD <url>` of an archive (`.tar.gz`, `.tgz`, `.tar.xz`, `.zip`,
    /// ...) in the final image when a later RUN extracts it.
    ///
    /// ## Why it matters
    /// ADD extracts local archives but not downloaded ones: a remote archive
    /// is stored as is in the ADD's layer. Extracting it in a later RUN adds
    /// the unpacked files in a second layer, and deleting the archive there
    /// saves nothing: the image carries both the compressed and the unpacked
    /// copy. For a runtime or SDK tarball that is tens of MB (the Node.js
    /// layer of `node:slim` is 54.8 MB compressed; project size notes §2.1).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ADD https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz /tmp/
    /// RUN tar -xJf /tmp/node-v22.0.0-linux-x64.tar.xz -C /usr/local --strip-components=1 \
    ///  && rm /tmp/node-v22.0.0-linux-x64.tar.xz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN curl -fsSL https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz \
    ///   | tar -xJ -C /usr/local --strip-components=1
    /// ```
    /// or download and extract in a builder stage and `COPY --from` the
    /// result.
    ///
    /// ## Fix safety
    /// No automatic fix: the RUN needs curl or wget in the image.
    ///
    /// ## Equivalents
    /// KICS `curl_or_wget_instead_of_add` and dockerfile-doctor DD059 flag
    /// every remote ADD. For an archive COPY'd from the context and
    /// extracted, see hadolint DL3010.
    pub static RULE = {
        code: "SF1020",
        name: "add-remote-archive",
        aliases: [],
        severity: Warning,
        group: Size,
        summary: "An archive downloaded with ADD <url> stays in its layer after a later RUN extracts it",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let layers = util::final_layers(ctx);
    for (pos, &idx) in layers.iter().enumerate() {
        let inst = ctx.df.instructions[idx].effective();
        if inst.keyword != Keyword::Add {
            continue;
        }
        let Some((srcs, _)) = util::copy_parts(inst) else { continue };
        let paths = util::copied_paths(ctx, idx);
        for (w, (path, _)) in srcs.iter().zip(paths) {
            let url = util::unquote(&w.value);
            let remote = url.starts_with("http://") || url.starts_with("https://");
            if !remote || !(util::is_archive(url) || util::is_archive(&path)) {
                continue;
            }
            let extracted = layers[pos + 1..].iter().find(|&&r| {
                ctx.df.instructions[r].effective().keyword == Keyword::Run
                    && util::commands(ctx, r)
                        .iter()
                        .any(|c| util::extracted_archive(c).is_some_and(|(p, _)| same_file(&p, &path)))
            });
            let Some(&r) = extracted else { continue };
            let line = util::line_of(ctx, r);
            let name = if util::is_archive(url) { util::basename(url) } else { util::basename(&path) };
            // cost: the archive's size (the extracted copy is counted on the RUN).
            out.push(
                Violation::new(w.range, format!("ADD does not extract the remote archive `{name}`: it stays in this layer after line {line} extracts it"))
                    .note("remote archives are stored as downloaded; the extracted copy is a second layer, and deleting the archive later saves nothing")
                    .fix_title("download and extract in one RUN (`curl -fsSL URL | tar -x ...`), or in a builder stage"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::size::util::test::{run, texts};

    #[test]
    fn fires() {
        let src = "FROM debian\nADD https://x.org/n.tar.xz /tmp/\nRUN tar -xJf /tmp/n.tar.xz -C /usr/local && rm /tmp/n.tar.xz\n";
        assert_eq!(
            run(src, "SF1020"),
            vec![(
                "https://x.org/n.tar.xz".to_string(),
                "ADD does not extract the remote archive `n.tar.xz`: it stays in this layer after line 3 extracts it"
                    .to_string()
            )]
        );
        // Renamed destination, WORKDIR-relative extraction.
        let src = "FROM debian\nWORKDIR /opt\nADD https://x.org/dl?id=3 app.zip\nRUN unzip app.zip\n";
        assert_eq!(
            run(src, "SF1020"),
            vec![(
                "https://x.org/dl?id=3".to_string(),
                "ADD does not extract the remote archive `app.zip`: it stays in this layer after line 4 extracts it"
                    .to_string()
            )]
        );
    }

    #[test]
    fn quiet() {
        for src in [
            "FROM debian\nADD https://x.org/app.jar /app.jar\n",
            "FROM debian\nADD https://x.org/n.tar.xz /tmp/\n",
            "FROM debian\nADD n.tar.xz /usr/local/\n",
            "FROM debian AS dl\nADD https://x.org/n.tgz /tmp/\nRUN tar xf /tmp/n.tgz\nFROM scratch\nCOPY --from=dl /n /n\n",
        ] {
            assert!(texts(src, "SF1020").is_empty(), "{src}");
        }
    }
}
