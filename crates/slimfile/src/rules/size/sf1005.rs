use super::sf1004::same_file;
use super::util;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a detached signature (`.asc`, `.sig`) that a RUN of the final
    /// image downloads and checks with `gpg --verify` (or `gpgv`) without
    /// removing it before the RUN ends.
    ///
    /// ## Why it matters
    /// Once verified, the signature is useless in the image. It is small (an
    /// ASCII-armoured signature is about 1 KB), so this is housekeeping rather
    /// than a big saving, which is why it is reported as info; the official
    /// images remove it in the same RUN. binnacle (ICSE 2020) mined this as
    /// the gold rule `gpgVerifyAscRmAsc`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// RUN wget -O app.tar.gz "$URL" && wget -O app.tar.gz.asc "$URL.asc" \
    ///  && gpg --batch --verify app.tar.gz.asc app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN wget -O app.tar.gz "$URL" && wget -O app.tar.gz.asc "$URL.asc" \
    ///  && gpg --batch --verify app.tar.gz.asc app.tar.gz \
    ///  && rm app.tar.gz.asc
    /// ```
    ///
    /// ## Fix safety
    /// Appends ` && rm -f PATH` to a plain shell-form RUN (not heredocs, not
    /// when the command ends in `;`, `&` or a comment) when the signature's
    /// path is a plain absolute path. Safe when no later instruction names
    /// the file; unsafe when one does.
    ///
    /// ## Equivalents
    /// binnacle / Parfum `gpgVerifyAscRmAsc`.
    pub static RULE = {
        code: "SF1005",
        name: "gpg-signature-kept",
        aliases: ["gpgVerifyAscRmAsc"],
        severity: Info,
        group: Size,
        summary: "A downloaded signature file is not removed after verification",
        check: check,
    }
}

fn is_signature(v: &str) -> bool {
    let n = util::basename(v).to_ascii_lowercase();
    n.ends_with(".asc") || n.ends_with(".sig")
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.instructions() {
        if inst.keyword != crate::Keyword::Run || !ctx.in_final_image(idx) {
            continue;
        }
        let cmds = util::commands(ctx, idx);
        for (i, c) in cmds.iter().enumerate() {
            for d in util::downloads(c) {
                if !is_signature(&d.path) {
                    continue;
                }
                let verified = cmds.iter().skip(i + 1).any(|v| {
                    let gpg = matches!(v.name(), Some("gpg" | "gpg2")) && v.cmd.has_flag(&["--verify"]);
                    (gpg || v.name() == Some("gpgv"))
                        && v.cmd.args().iter().any(|w| is_signature(&w.value) && same_file(&v.path(w), &d.path))
                });
                if !verified || util::removed_after(&cmds, i, &d.path) || util::mounted(ctx, idx, &d.path) {
                    continue;
                }
                let name = util::basename(&d.path);
                let v = Violation::new(
                    c.src(ctx, d.word.range),
                    format!("the signature `{name}` is verified but never removed in this RUN"),
                )
                .note("a verified signature is of no use in the image");
                out.push(match util::remove_file_fix(ctx, idx, &d.word.value, &cmds) {
                    Some(fix) => v.with_fix(fix),
                    None => v.fix_title(format!("remove `{name}` after `gpg --verify`")),
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
        let src = "FROM debian\nRUN wget -O a.tgz https://x/a.tgz && wget -O a.tgz.asc https://x/a.tgz.asc && gpg --batch --verify a.tgz.asc a.tgz && tar xf a.tgz && rm a.tgz\n";
        assert_eq!(
            run(src, "SF1005"),
            vec![(
                "a.tgz.asc".to_string(),
                "the signature `a.tgz.asc` is verified but never removed in this RUN".to_string()
            )]
        );
        let src = "FROM debian\nRUN curl -fsSLO https://x/SHASUMS256.txt.sig && gpgv --keyring k SHASUMS256.txt.sig SHASUMS256.txt\n";
        assert_eq!(texts(src, "SF1005"), ["https://x/SHASUMS256.txt.sig"]);
    }

    #[test]
    fn quiet_when_removed_or_not_verified() {
        for src in [
            "FROM debian\nRUN wget -O a.asc https://x/a.asc; gpg --batch --verify a.asc a; rm -rf \"$GNUPGHOME\" a.asc\n",
            "FROM debian\nRUN wget -O /tmp/a.asc https://x/a.asc; gpg --verify /tmp/a.asc a; rm -rf /tmp/*\n",
            "FROM debian\nRUN wget -O a.asc https://x/a.asc\n",
            "FROM debian AS x\nRUN wget -O a.asc https://x/a.asc; gpg --verify a.asc a\nFROM scratch\n",
        ] {
            assert!(texts(src, "SF1005").is_empty(), "{src}");
        }
    }
}
