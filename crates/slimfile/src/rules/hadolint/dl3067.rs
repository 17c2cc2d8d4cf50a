use super::common::{copy_args, drop_quotes, top_level};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage> / /`: copying a whole filesystem from
    /// another stage or image.
    ///
    /// ## Why it matters
    /// Copying `/` over `/` duplicates every file of the source (package
    /// caches, shells, build tools) into a new layer on top of the base: the
    /// image carries both filesystems, and multi-stage builds lose their
    /// point. Copy the files you need instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY --from=build /app/dist /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which files the final image needs is yours to
    /// decide. (Building `FROM build` directly is the equivalent without
    /// duplication.)
    ///
    /// ## Equivalents
    /// hadolint DL3067.
    pub static RULE = {
        code: "DL3067",
        name: "copy-entire-filesystem",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Do not copy an entire filesystem from another stage",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Copy {
            continue;
        }
        let Some(from) = inst.flag("from") else { continue };
        let Some((sources, dest)) = copy_args(inst) else { continue };
        let Some(root) = sources.iter().find(|s| drop_quotes(&s.value) == "/") else { continue };
        if drop_quotes(&dest.value) != "/" {
            continue;
        }
        let name = from.value.as_deref().unwrap_or("");
        out.push(
            Violation::new(
                root.range.cover(dest.range),
                format!("`COPY --from={name}` copies the whole filesystem of `{name}` onto `/`"),
            )
            .note("every file of the source is duplicated into a new layer over the base image")
            .fix_title("copy only the directories the image needs"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_root_to_root() {
        assert_eq!(
            run("COPY --from=build / /\n", "DL3067"),
            [("/ /".to_string(), "`COPY --from=build` copies the whole filesystem of `build` onto `/`".to_string())]
        );
        assert_eq!(ranges("COPY --from=build \"/\" \"/\"\n", "DL3067"), ["\"/\" \"/\""]);
    }

    #[test]
    fn partial_copies_are_fine() {
        assert!(run("COPY / /\nCOPY --from=build /app /\nCOPY --from=build / /app\n", "DL3067").is_empty());
    }
}
