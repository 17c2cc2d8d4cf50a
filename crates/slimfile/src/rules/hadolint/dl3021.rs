use super::common::{copy_args, drop_quotes, top_level};
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY` with several sources whose destination does not end
    /// with `/`.
    ///
    /// ## Why it matters
    /// With more than one source the destination must be a directory, and
    /// Docker requires it to be written with a trailing `/`; without it the
    /// build fails (or, with a wildcard that happens to match one file, the
    /// file is renamed to the destination).
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Safe fix: appends `/` to the destination (inside its quotes, if
    /// quoted). Several sources can only go into a directory, so the result
    /// is what the instruction meant.
    ///
    /// ## Equivalents
    /// hadolint DL3021.
    pub static RULE = {
        code: "DL3021",
        name: "copy-dest-not-directory",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "COPY with more than 2 arguments requires the last argument to end with /",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Copy {
            continue;
        }
        let Some((sources, dest)) = copy_args(inst) else { continue };
        if sources.len() < 2 || drop_quotes(&dest.value).ends_with('/') {
            continue;
        }
        let written = ctx.text(dest.range);
        let at = if written.ends_with(['"', '\'']) && written.len() > 1 { dest.range.end - 1 } else { dest.range.end };
        out.push(
            Violation::new(
                dest.range,
                format!("`COPY` of {} sources into `{}`, which does not end with `/`", sources.len(), dest.value),
            )
            .note("with several sources the destination must be a directory written with a trailing `/`")
            .with_fix(Fix::safe("add a trailing `/` to the destination", vec![Edit::insert(at, "/")])),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{fixed, run};

    #[test]
    fn fires_on_multiple_sources_into_a_file_name() {
        assert_eq!(
            run("COPY foo bar baz\n", "DL3021"),
            [("baz".to_string(), "`COPY` of 2 sources into `baz`, which does not end with `/`".to_string())]
        );
        assert_eq!(fixed("COPY foo bar baz\n", "DL3021").as_deref(), Some("COPY foo bar baz/\n"));
        assert_eq!(fixed("COPY foo bar \"baz\"\n", "DL3021").as_deref(), Some("COPY foo bar \"baz/\"\n"));
        assert_eq!(
            fixed("COPY [\"foo\", \"bar\", \"/baz\"]\n", "DL3021").as_deref(),
            Some("COPY [\"foo\", \"bar\", \"/baz/\"]\n")
        );
    }

    #[test]
    fn quiet_for_one_source_or_a_directory() {
        assert!(
            run("COPY foo bar\nCOPY foo bar baz/\nCOPY foo bar \"baz/\"\nONBUILD COPY a b c\n", "DL3021").is_empty()
        );
    }
}
