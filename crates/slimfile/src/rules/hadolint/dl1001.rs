use crate::ast::ItemKind;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags inline ignore pragmas (`# hadolint ignore=DL3008`). Off by
    /// default: enable it to forbid silencing findings instruction by
    /// instruction.
    ///
    /// ## Why it matters
    /// A team that wants every exception to live in one reviewed place (the
    /// configuration file's `ignored` list) can use this rule to keep
    /// pragmas out of Dockerfiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # .hadolint.yaml
    /// ignored: [DL3008]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: removing the pragma brings the silenced findings
    /// back.
    ///
    /// ## Equivalents
    /// hadolint DL1001 (also off by default). Only the per-instruction
    /// `ignore=` pragma counts, not `global ignore=` nor `shell=`, exactly as
    /// hadolint parses it.
    pub static RULE = {
        code: "DL1001",
        name: "inline-ignore-pragma",
        aliases: [],
        severity: Info,
        group: Hadolint,
        summary: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`",
        default_enabled: false,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for item in &ctx.df.items {
        if !matches!(item.kind, ItemKind::Comment | ItemKind::Directive(_)) {
            continue;
        }
        let text = ctx.text(item.content);
        let Some(body) = text.trim_start().strip_prefix('#') else { continue };
        if let Some(codes) = ignore_pragma(body) {
            out.push(
                Violation::new(item.content, format!("inline pragma ignores {}", codes.join(", ")))
                    .note("this project does not allow silencing findings in the Dockerfile")
                    .fix_title("remove the pragma and list the exception in the configuration's `ignored`"),
            );
        }
    }
}

fn spaces(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// hadolint's pragma grammar (after `#`): `hadolint` then at least one space,
/// `ignore`, `=`, then one or more codes made of `DLSC0-9` separated by
/// commas, each optionally followed by a `# comment`; nothing else may follow.
fn ignore_pragma(body: &str) -> Option<Vec<&str>> {
    let rest = spaces(body).strip_prefix("hadolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = spaces(rest).strip_prefix("ignore")?;
    let mut rest = spaces(spaces(rest).strip_prefix('=')?);
    let mut codes = Vec::new();
    loop {
        let end = rest.find(|c: char| !"DLSC0123456789".contains(c)).unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        codes.push(&rest[..end]);
        rest = spaces(&rest[end..]);
        if rest.starts_with('#') {
            // An inline comment runs to the end of the line.
            return Some(codes);
        }
        if rest.is_empty() {
            return Some(codes);
        }
        rest = spaces(rest.strip_prefix(',')?);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Config;
    use crate::rules::hadolint::common::test_util::run_with;

    fn enabled() -> Config {
        Config { enabled: vec!["DL1001".into()], ..Config::default() }
    }

    #[test]
    fn fires_on_inline_ignore_pragmas() {
        let src = "FROM alpine:3\n  #   hadolint ignore=DL3003, DL3004 # reason\nRUN cd /x\n";
        assert_eq!(
            run_with(src, "DL1001", &enabled()),
            [(
                "#   hadolint ignore=DL3003, DL3004 # reason".to_string(),
                "inline pragma ignores DL3003, DL3004".to_string()
            )]
        );
    }

    #[test]
    fn ignores_other_comments_and_malformed_pragmas() {
        for src in [
            "# hadolint shell=powershell\nRUN foo\n",
            "# hadolint global ignore=DL3003\nRUN foo\n",
            "#hadolint ignore=DL3003 because\nRUN foo\n",
            "# hadolint ignore=\nRUN foo\n",
            "# hadolint ignore=dl3003\nRUN foo\n",
            "# foobar\nRUN foo\n",
        ] {
            assert!(run_with(src, "DL1001", &enabled()).is_empty(), "{src}");
        }
        assert!(
            run_with("# hadolint ignore=DL3003\nRUN foo\n", "DL1001", &Config::default()).is_empty(),
            "off by default"
        );
    }

    #[test]
    fn grammar() {
        assert_eq!(ignore_pragma(" hadolint ignore=DL3003,SC2086"), Some(vec!["DL3003", "SC2086"]));
        assert_eq!(ignore_pragma("hadolint ignore = DL3003 #x"), Some(vec!["DL3003"]));
        assert_eq!(ignore_pragma("hadolintignore=DL3003"), None);
    }
}
