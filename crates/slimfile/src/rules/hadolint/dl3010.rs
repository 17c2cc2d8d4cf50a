use super::common::{copy_args, drop_quotes, top_level};
use crate::ast::{Args, Keyword};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags an archive that is `COPY`'d into the image and then extracted by
    /// a later `RUN` (`tar -x`, `unzip`, `gunzip`, ...) in the same stage.
    ///
    /// ## Why it matters
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it:
    /// the image carries both the archive and its extracted contents. `ADD`
    /// extracts a local tar archive while copying, in one layer, without
    /// keeping the archive.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /opt/
    /// RUN tar -xzf /opt/app.tar.gz -C /opt && rm /opt/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: `ADD` extracts into the destination directory,
    /// which may differ from where the `RUN` extracted it, and only tar
    /// formats (not zip).
    ///
    /// ## Equivalents
    /// hadolint DL3010 (same matching: archive file names by extension, the
    /// extracting command's non-flag arguments compared by base name).
    pub static RULE = {
        code: "DL3010",
        name: "copied-archive-extracted",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Use ADD for extracting archives into an image",
        check: check,
    }
}

/// hadolint's archive extensions.
pub(super) const ARCHIVE_EXTENSIONS: [&str; 15] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
];

pub(super) fn is_archive(path: &str) -> bool {
    let p = drop_quotes(path);
    ARCHIVE_EXTENSIONS.iter().any(|e| p.ends_with(e))
}

fn basename(path: &str) -> &str {
    let p = drop_quotes(path);
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

const UNZIP: [&str; 9] = ["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"];

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // (archive base name, the COPY word's range, COPY line) of the stage so far.
    let mut archives: Vec<(String, TextRange)> = Vec::new();
    let mut reported: Vec<TextRange> = Vec::new();
    for (idx, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::From => archives.clear(),
            Keyword::Copy if inst.flag("from").is_none() => {
                let Some((sources, dest)) = copy_args(inst) else { continue };
                if is_archive(&dest.value) {
                    archives.push((basename(&dest.value).to_string(), dest.range));
                } else {
                    for s in sources.iter().filter(|s| is_archive(&s.value)) {
                        archives.push((basename(&s.value).to_string(), s.range));
                    }
                }
            }
            Keyword::Run => {
                // Each simple command's words; an exec-form RUN is one command.
                let mut commands: Vec<Vec<&str>> = Vec::new();
                if let Args::Exec(words) = &inst.args {
                    commands.push(words.iter().map(|w| w.value.as_str()).collect());
                }
                for script in ctx.scripts_of(idx) {
                    commands.extend(
                        script.script.commands.iter().map(|c| c.words.iter().map(|w| w.value.as_str()).collect()),
                    );
                }
                for words in commands {
                    let Some((&name, args)) = words.split_first() else { continue };
                    let extracts = (name == "tar"
                        && args
                            .iter()
                            .any(|a| *a == "--extract" || *a == "--get" || (a.starts_with('-') && a.contains('x'))))
                        || UNZIP.contains(&name);
                    if !extracts {
                        continue;
                    }
                    let names: Vec<&str> = args.iter().filter(|a| !a.starts_with('-')).map(|a| basename(a)).collect();
                    for (archive, range) in &archives {
                        if names.contains(&archive.as_str()) && !reported.contains(range) {
                            reported.push(*range);
                            out.push(
                                Violation::new(
                                    *range,
                                    format!(
                                        "`{archive}` is copied into the image, then extracted by `{name}` on line {}",
                                        inst.start_line
                                    ),
                                )
                                .note("the archive stays in the COPY layer: the image holds it and its contents")
                                .fix_title("`ADD` the archive instead: ADD extracts local tar archives in one layer"),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_when_a_copied_archive_is_extracted() {
        assert_eq!(
            run("COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n", "DL3010"),
            [(
                "packaged-app.tar".to_string(),
                "`packaged-app.tar` is copied into the image, then extracted by `tar` on line 2".to_string()
            )]
        );
        let src = "COPY foo/bar/app.tar /foo.tar\nWORKDIR /\nRUN a && tar -xf foo.tar\n";
        assert_eq!(ranges(src, "DL3010"), ["/foo.tar"], "an archive destination is what is extracted");
        let src = "COPY build\\foo\\bar.tar.gz \"C:\\Program Files\\Foo\"\nRUN tar -xf \"C:\\Program Files\\Foo\\bar.tar.gz\"\n";
        assert_eq!(ranges(src, "DL3010"), ["build\\foo\\bar.tar.gz"]);
        assert_eq!(ranges("COPY a.gz /x/\nRUN gunzip /x/a.gz\n", "DL3010"), ["a.gz"]);
        assert_eq!(ranges("COPY a.tar /x/\nRUN [\"tar\", \"-xf\", \"/x/a.tar\"]\n", "DL3010"), ["a.tar"]);
    }

    #[test]
    fn quiet_without_extraction_in_the_same_stage() {
        for src in [
            "COPY packaged-app.tar /usr/src/app\nFROM debian:11 AS s\nRUN tar -xf packaged-app.tar\n",
            "COPY package.json /usr/src/app\n",
            "COPY --from=builder /x/some.tar /opt/some.tar\nRUN tar -xf /opt/some.tar\n",
            "COPY a.tar /x/\nRUN tar -cf a.tar /y\n",
            "COPY a.tar /x/\nONBUILD RUN tar -xf a.tar\n",
        ] {
            assert!(run(src, "DL3010").is_empty(), "{src}");
        }
    }
}
