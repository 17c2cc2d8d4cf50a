//! Every lint rule, one per file, by group: `hadolint` (hadolint's
//! instruction-level checks), `shell` (checks on what RUN runs: package
//! managers, downloads, users; hadolint's codes), `buildkit` (Docker's build
//! checks), `size` (image-size checks no other tool has). A rule's doc comment is its
//! documentation page; `tests::docs_follow_the_template` keeps them uniform.

pub mod buildkit;
pub mod hadolint;
pub mod shell;
pub mod size;

use crate::lint::Rule;

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static Rule> = Vec::new();
        v.extend_from_slice(hadolint::RULES);
        v.extend_from_slice(shell::RULES);
        v.extend_from_slice(buildkit::RULES);
        v.extend_from_slice(size::RULES);
        crate::sort::sort_by(&mut v, |a, b| a.code.cmp(b.code));
        v
    })
}

/// A rule by code, name or alias.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.is_named(id))
}

#[cfg(test)]
pub(crate) mod test_util {
    /// (range text, message) of every finding with `code`, analysing `src`
    /// with an optional `.dockerignore` and the default configuration.
    pub fn findings(src: &str, ignore: Option<&str>, code: &str) -> Vec<(String, String)> {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: ignore, config: None });
        report
            .findings
            .iter()
            .filter(|f| f.diagnostic.code == code)
            .map(|f| (f.diagnostic.range.slice(src).to_string(), f.diagnostic.message.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "full-docs")] // without it, docs hold only the Example
    fn docs_follow_the_template() {
        for r in all() {
            let docs = r.docs_markdown();
            for heading in
                ["## What it does", "## Why it matters", "## Example", "## Use instead", "## Fix safety", "## Equivalents"]
            {
                assert!(docs.contains(heading), "{} ({}) docs lack `{heading}`", r.code, r.name);
            }
            assert!(!r.summary.is_empty());
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: name must be kebab-case",
                r.name
            );
        }
    }

    #[test]
    fn codes_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            assert!(seen.insert(r.code.to_ascii_lowercase()), "duplicate code {}", r.code);
            assert!(seen.insert(r.name.to_string()), "duplicate name {}", r.name);
        }
    }
}
