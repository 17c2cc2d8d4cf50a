use super::common::{copy_args, drop_quotes, top_level};
use super::dl3010::is_archive;
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ADD` used for plain local files and folders (anything that is
    /// neither a URL nor an archive).
    ///
    /// ## Why it matters
    /// `ADD` has hidden behaviour: it extracts local tar archives and fetches
    /// URLs. Using it for plain files makes readers wonder which one is
    /// meant, and a file that later turns into a tarball gets unpacked by
    /// surprise. `COPY` does only what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD app.py /srv/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY app.py /srv/
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix (`ADD` → `COPY`), offered only when every source is a local
    /// path that cannot be an archive `ADD` would unpack (no tar, gzip,
    /// bzip2, xz, zstd, lzma extension in any letter case), contains no
    /// variable or wildcard, and the instruction uses no ADD-only flag
    /// (`--checksum`, `--keep-git-dir`, `--unpack`). Then `COPY` copies the
    /// same files to the same place.
    ///
    /// ## Equivalents
    /// hadolint DL3020 (archives are recognised by hadolint's extension
    /// list; URLs are `http://` and `https://`); Trivy DS005; Checkov
    /// CKV_DOCKER_4.
    pub static RULE = {
        code: "DL3020",
        name: "add-instead-of-copy",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Use COPY instead of ADD for files and folders",
        check: check,
    }
}

fn is_url(src: &str) -> bool {
    let s = drop_quotes(src);
    s.starts_with("https://") || s.starts_with("http://")
}

/// Extensions of files `ADD` may unpack (its detection is by content, so
/// the list is broad and case-insensitive).
const UNPACKABLE: [&str; 21] = [
    ".tar", ".z", ".bz2", ".gz", ".lz", ".lzma", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
    ".zst", ".zstd", ".tzst", ".lz4", ".taz", ".tz", ".bz",
];

fn copy_equivalent(src: &str) -> bool {
    let s = drop_quotes(src).to_ascii_lowercase();
    !s.is_empty()
        && !s.contains("://")
        && !s.starts_with("git@")
        && !s.contains(['$', '*', '?', '['])
        && !UNPACKABLE.iter().any(|e| s.ends_with(e))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Add {
            continue;
        }
        let Some((sources, _)) = copy_args(inst) else { continue };
        let plain: Vec<&str> =
            sources.iter().map(|s| s.value.as_str()).filter(|s| !is_archive(s) && !is_url(s)).collect();
        if plain.is_empty() {
            continue;
        }
        let list = plain.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        let mut v = Violation::new(
            inst.keyword_range,
            format!("`ADD` is used to copy {list}, which is neither a URL nor an archive"),
        )
        .note("ADD also fetches URLs and unpacks archives; COPY only copies, which is what is meant here");
        let flags_ok = inst.flags.iter().all(|f| matches!(f.name.as_str(), "chown" | "chmod" | "link" | "exclude"));
        let sources_ok = sources.iter().all(|s| copy_equivalent(&s.value)) && inst.heredocs.is_empty();
        if flags_ok && sources_ok {
            let copy = if inst.keyword_text.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
            v = v.with_fix(Fix::safe("replace `ADD` with `COPY`", vec![Edit::replace(inst.keyword_range, copy)]));
        } else {
            v = v.fix_title("use `COPY` for local files and folders");
        }
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{fixed, ranges, run};

    #[test]
    fn fires_on_plain_files() {
        assert_eq!(
            run("ADD file /usr/src/app/\n", "DL3020"),
            [("ADD".to_string(), "`ADD` is used to copy `file`, which is neither a URL nor an archive".to_string())]
        );
        assert_eq!(
            ranges("ADD file.zip /a/\nADD \"file.zip\" /a/\nADD git@github.com:a/b.git /c\n", "DL3020").len(),
            3
        );
    }

    #[test]
    fn quiet_for_archives_and_urls() {
        let src = "ADD file.tar /a/\nADD file.gz /a/\nADD file.bz2 /a/\nADD file.xz /a/\nADD file.tgz /a/\n\
                   ADD http://file.com /a/\nADD \"file.tgz\" /a/\nADD \"http://file.com\" /a/\nONBUILD ADD x /y\n";
        assert!(run(src, "DL3020").is_empty());
    }

    #[test]
    fn fix_replaces_the_keyword_only_when_equivalent() {
        assert_eq!(
            fixed("FROM a:1\nADD --chown=1 app.py lib/ /srv/\n", "DL3020").as_deref(),
            Some("FROM a:1\nCOPY --chown=1 app.py lib/ /srv/\n")
        );
        assert_eq!(fixed("FROM a:1\nadd app.py /srv/\n", "DL3020").as_deref(), Some("FROM a:1\ncopy app.py /srv/\n"));
        for src in [
            "ADD rootfs.tar.zst /\n",
            "ADD $SRC /x\n",
            "ADD *.py /x/\n",
            "ADD --checksum=sha256:abc app.py /x\n",
            "ADD a.tar.gz b.py /x/\n",
            "ADD git@github.com:a/b.git /c\n",
        ] {
            assert_eq!(fixed(src, "DL3020"), None, "{src}");
        }
    }
}
