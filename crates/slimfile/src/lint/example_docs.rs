//! Rule docs without the `full-docs` feature: only the `## Example` section.
//!
//! The web app needs a rule's example (`#example=CODE` links) but never shows
//! its full page (findings link to the static pages `slimfile docs` writes),
//! so its build (`default-features = false`) keeps just that section of each
//! doc comment. [`declare_rule!`](crate::declare_rule) cuts it at compile time
//! with [`example_section`] and copies it into an array of its own length with
//! [`to_bytes`]: the full text is then referenced by nothing and is not in the
//! binary (a slice of the literal would keep the whole literal alive).

/// Whether [`crate::lint::Rule::docs`] holds the whole page.
pub const FULL_DOCS: bool = cfg!(feature = "full-docs");

/// Whether `line` (one line of a doc comment, with or without its leading
/// space) is a `## ` heading.
const fn is_heading(bytes: &[u8], start: usize) -> bool {
    let mut i = start;
    if i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    i + 3 <= bytes.len() && bytes[i] == b'#' && bytes[i + 1] == b'#' && bytes[i + 2] == b' '
}

/// Whether the heading line at `start` is `## Example` (trailing spaces allowed).
const fn is_example_heading(bytes: &[u8], start: usize) -> bool {
    if !is_heading(bytes, start) {
        return false;
    }
    let mut i = start;
    if bytes[i] == b' ' {
        i += 1;
    }
    i += 3;
    let word = b"Example";
    let mut k = 0;
    while k < word.len() {
        if i + k >= bytes.len() || bytes[i + k] != word[k] {
            return false;
        }
        k += 1;
    }
    i += word.len();
    while i < bytes.len() && bytes[i] != b'\n' {
        if bytes[i] != b' ' && bytes[i] != b'\r' && bytes[i] != b'\t' {
            return false;
        }
        i += 1;
    }
    true
}

/// Byte range of the `## Example` section of `docs`: from the start of its
/// heading line to the start of the next `## ` heading line (or the end).
/// Empty when there is no such heading.
const fn example_range(docs: &str) -> (usize, usize) {
    let bytes = docs.as_bytes();
    let mut start = None;
    let mut line = 0;
    while line < bytes.len() {
        match start {
            None if is_example_heading(bytes, line) => start = Some(line),
            Some(s) if is_heading(bytes, line) => return (s, line),
            _ => {}
        }
        // Next line.
        while line < bytes.len() && bytes[line] != b'\n' {
            line += 1;
        }
        line += 1;
    }
    match start {
        Some(s) => (s, bytes.len()),
        None => (0, 0),
    }
}

/// The `## Example` section of `docs` (heading included), a slice of it.
pub const fn example_section(docs: &str) -> &str {
    let (start, end) = example_range(docs);
    // Both ends are at line starts (after a '\n' or at 0/len): char boundaries.
    let (_, rest) = docs.as_bytes().split_at(start);
    let (section, _) = rest.split_at(end - start);
    match core::str::from_utf8(section) {
        Ok(s) => s,
        Err(_) => "",
    }
}

/// `s` as an array of exactly `N` bytes (`N` must be `s.len()`; a shorter
/// `s` is padded with spaces, a longer one cut at `N`).
pub const fn to_bytes<const N: usize>(s: &str) -> [u8; N] {
    let bytes = s.as_bytes();
    let mut out = [b' '; N];
    let mut i = 0;
    while i < N && i < bytes.len() {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// The text of [`to_bytes`]'s array (empty if not UTF-8, which cannot happen
/// when `N` is the length of a `str` cut at line starts).
pub const fn as_str(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => "",
    }
}

/// The files a rule's docs show in one section (`## Example`, `## Use
/// instead`): the first ```` ```dockerfile ```` block, and the
/// `.dockerignore` that goes with it, if any: the first ```` ```text ````
/// block after the section mentions `.dockerignore`, or else a
/// `# .dockerignore: a, b and c` comment in the Dockerfile (one pattern a
/// line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleExample {
    pub dockerfile: String,
    pub dockerignore: Option<String>,
}

/// [`RuleExample`] of the section under `heading` of Markdown `docs`.
pub fn section_files(docs: &str, heading: &str) -> Option<RuleExample> {
    let after = &docs[docs.find(heading)? + heading.len()..];
    let section = &after[..after.find("\n## ").unwrap_or(after.len())];
    let fenced = |text: &str, fence: &str| -> Option<String> {
        let start = text.find(fence)? + fence.len();
        let len = text[start..].find("```")?;
        Some(text[start..start + len].to_string())
    };
    let dockerfile = fenced(section, "```dockerfile\n")?;
    let block = section.find(".dockerignore").and_then(|at| fenced(&section[at..], "```text\n"));
    let dockerignore = block.or_else(|| {
        let line = dockerfile.lines().find_map(|l| l.strip_prefix("# .dockerignore:"))?;
        let patterns: Vec<&str> = line.split(',').flat_map(|p| p.split(" and ")).map(str::trim).filter(|p| !p.is_empty()).collect();
        (!patterns.is_empty()).then(|| patterns.join("\n") + "\n")
    });
    Some(RuleExample { dockerfile, dockerignore })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(docs: &str, heading: &str) -> Option<String> {
        section_files(docs, heading).map(|f| f.dockerfile)
    }

    fn section_dockerignore(docs: &str, heading: &str) -> Option<String> {
        section_files(docs, heading)?.dockerignore
    }

    fn markdown(docs: &str) -> String {
        docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
    }

    #[cfg(feature = "full-docs")]
    #[test]
    fn every_rules_example_section_keeps_its_example() {
        let mut n = 0;
        for r in crate::rules::all() {
            let section = example_section(r.docs);
            assert!(r.docs.contains(section), "{}: not a slice of its docs", r.code);
            let md = markdown(section);
            assert!(md.starts_with("## Example"), "{}: section starts {:?}", r.code, &md[..md.len().min(20)]);
            assert_eq!(md.matches("\n## ").count(), 0, "{}: more than one section kept", r.code);
            let full = r.docs_markdown();
            let example = block(&full, "## Example");
            assert!(example.is_some(), "{}: docs have no example", r.code);
            assert_eq!(block(&md, "## Example"), example, "{}: example differs", r.code);
            assert_eq!(section_dockerignore(&md, "## Example"), section_dockerignore(&full, "## Example"), "{}", r.code);
            // What the cut-down docs keep: well under the whole page.
            assert!(section.len() < r.docs.len(), "{}", r.code);
            n += 1;
        }
        assert!(n >= 100, "only {n} rules");
    }

    #[cfg(not(feature = "full-docs"))]
    #[test]
    fn docs_hold_only_the_example_section() {
        for r in crate::rules::all() {
            let md = r.docs_markdown();
            assert!(md.starts_with("## Example"), "{}: {:?}", r.code, &md[..md.len().min(20)]);
            assert!(block(&md, "## Example").is_some(), "{}: no example", r.code);
            assert!(!md.contains("## Use instead"), "{}", r.code);
        }
    }

    #[test]
    fn cuts_the_example_section() {
        let docs = " ## What it does\n x\n\n ## Example\n ```dockerfile\n FROM a\n ```\n\n ## Use instead\n y\n";
        assert_eq!(example_section(docs), " ## Example\n ```dockerfile\n FROM a\n ```\n\n");
        // Last section, no leading space, trailing spaces on the heading.
        assert_eq!(example_section("## A\n## Example  \nz"), "## Example  \nz");
        // `## Examples` is another heading; none at all gives "".
        assert_eq!(example_section("## Examples\nz\n"), "");
        assert_eq!(example_section(""), "");
        assert_eq!(example_section("no headings\n"), "");
    }

    #[test]
    fn copies_into_an_array_of_its_length() {
        const S: &str = example_section(" ## A\n ## Example\n é\n ## B\n");
        const B: [u8; S.len()] = to_bytes::<{ S.len() }>(S);
        assert_eq!(as_str(&B), " ## Example\n é\n");
        assert_eq!(&to_bytes::<3>("ab"), b"ab ");
    }
}
