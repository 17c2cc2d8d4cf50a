//! Helpers shared by the hadolint rules: hadolint's view of words (quotes
//! dropped the way language-docker drops them), image names, label pairs,
//! COPY/ADD arguments, and the ranges aliased BuildKit checks need.

use crate::ast::{Args, Instruction, KeyValue, Keyword, Word};
use crate::expand::Lexer;
use crate::lint::Context;
use crate::TextRange;

/// hadolint's `dropQuotes`: every leading and trailing `"` or `'` removed.
pub(super) fn drop_quotes(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

/// A word with quotes and escapes processed but variables kept as written
/// (`"$A b"` is `$A b`), which is what hadolint compares label keys, label
/// values and ENV values with.
pub(super) fn unquote(escape: char, raw: &str) -> String {
    let mut lexer = Lexer::new(escape);
    lexer.skip_unset = true;
    match lexer.process_word(raw, &()) {
        Ok(e) => e.value,
        Err(_) => raw.to_string(),
    }
}

/// The instructions that are not ONBUILD triggers (hadolint's rules see
/// `ONBUILD X` as an ONBUILD instruction, not as an `X`).
pub(super) fn top_level<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
    ctx.df.instructions.iter().enumerate().filter(|(_, i)| i.keyword != Keyword::Onbuild)
}

/// For checks BuildKit reports too (an alias): BuildKit reports the line the
/// instruction starts on, so a narrow range on a continuation line falls back
/// to the keyword.
pub(super) fn on_start_line(ctx: &Context, inst: &Instruction, range: TextRange) -> TextRange {
    if ctx.df.line_of(range.start) == inst.start_line {
        range
    } else {
        inst.keyword_range
    }
}

/// The first `len` bytes of a word's range when the source there starts with
/// `prefix` (a name before `=` or `:`), else the whole word.
pub(super) fn prefix_range(ctx: &Context, word: &Word, prefix: &str) -> TextRange {
    if !prefix.is_empty() && ctx.text(word.range).starts_with(prefix) {
        TextRange::new(word.range.start, word.range.start + prefix.len())
    } else {
        word.range
    }
}

/// The words of an instruction's argument list (shell-like list or JSON).
pub(super) fn arg_words(inst: &Instruction) -> &[Word] {
    match &inst.args {
        Args::List(w) | Args::Exec(w) => w,
        _ => &[],
    }
}

/// COPY/ADD arguments: the sources and the destination (hadolint needs at
/// least one source).
pub(super) fn copy_args(inst: &Instruction) -> Option<(&[Word], &Word)> {
    let words = arg_words(inst);
    match words.split_last() {
        Some((dest, sources)) if !sources.is_empty() => Some((sources, dest)),
        _ => None,
    }
}

/// LABEL (or ENV) pairs of an instruction.
pub(super) fn pairs(inst: &Instruction) -> &[KeyValue] {
    match &inst.args {
        Args::KeyValues(kv) => kv,
        _ => &[],
    }
}

/// An image reference the way language-docker splits it: the registry is
/// the first path component when there is a `/` and that component has a
/// `.` (or a port); the name excludes registry, tag and digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct HImage<'a> {
    pub registry: Option<&'a str>,
    pub name: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

pub(super) fn parse_image(raw: &str) -> HImage<'_> {
    let (rest, digest) = match raw.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (raw, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match rest.get(last_slash..).and_then(|t| t.find(':')) {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    let (registry, name) = match path.split_once('/') {
        Some((first, name)) if first.contains('.') || first.contains(':') => (Some(first), name),
        _ => (None, path),
    };
    HImage { registry, name, tag, digest }
}

/// The FROM instruction's image word and its `AS` name word, if any.
pub(super) fn from_parts(inst: &Instruction) -> (Option<&Word>, Option<&Word>) {
    let words = arg_words(inst);
    let alias = match words {
        [_, as_kw, n, ..] if as_kw.value.eq_ignore_ascii_case("as") => Some(n),
        _ => None,
    };
    (words.first(), alias)
}

/// The configured label types, normalised: `text`, `url`, `semver`, `hash`,
/// `rfc3339`, `spdx`, `email` (hadolint's config spellings and the Haskell
/// constructor names its tests use are both accepted).
pub(super) fn label_type(ty: &str) -> &'static str {
    match ty.to_ascii_lowercase().as_str() {
        "url" => "url",
        "semver" => "semver",
        "hash" | "githash" => "hash",
        "rfc3339" => "rfc3339",
        "spdx" => "spdx",
        "email" => "email",
        _ => "text",
    }
}

/// The labels of the schema with a given type.
pub(super) fn schema_labels<'c>(ctx: &Context<'c>, ty: &'static str) -> impl Iterator<Item = &'c str> + 'c {
    ctx.config.label_schema.iter().filter(move |(_, t)| label_type(t) == ty).map(|(k, _)| k.as_str())
}

/// Every LABEL pair of the file (ONBUILD LABELs excluded, as in hadolint)
/// whose unquoted key is in `labels`, with its unquoted value.
pub(super) fn labelled<'c>(ctx: &Context<'c>, labels: &[&str]) -> Vec<(&'c KeyValue, String, String)> {
    let mut out = Vec::new();
    for (_, inst) in top_level(ctx) {
        if inst.keyword != Keyword::Label {
            continue;
        }
        for kv in pairs(inst) {
            let key = unquote(ctx.df.escape, &kv.key.value);
            if labels.contains(&key.as_str()) {
                let value = unquote(ctx.df.escape, &kv.value.value);
                out.push((kv, key, value));
            }
        }
    }
    out
}

/// Shared by the label-format rules (DL3052-DL3056, DL3058): every LABEL
/// pair whose key has type `ty` in the schema and whose value fails `valid`.
pub(super) fn check_label_format(
    ctx: &Context,
    out: &mut Vec<crate::lint::Violation>,
    ty: &'static str,
    valid: fn(&str) -> bool,
    what: &str,
    note: &str,
) {
    let labels: Vec<&str> = schema_labels(ctx, ty).collect();
    if labels.is_empty() {
        return;
    }
    for (kv, key, value) in labelled(ctx, &labels) {
        if !valid(&value) {
            out.push(
                crate::lint::Violation::new(kv.value.range, format!("label `{key}` is not {what}: `{value}`"))
                    .note(note.to_string())
                    .fix_title(format!("set `{key}` to {what}")),
            );
        }
    }
}

#[cfg(test)]
pub(super) mod test_util {
    use crate::lint::Config;

    /// (range text, message) of every finding with `code`.
    pub fn run_with(src: &str, code: &str, config: &Config) -> Vec<(String, String)> {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: Some(config) });
        report
            .findings
            .iter()
            .filter(|f| f.diagnostic.code == code)
            .map(|f| (f.diagnostic.range.slice(src).to_string(), f.diagnostic.message.clone()))
            .collect()
    }

    pub fn run(src: &str, code: &str) -> Vec<(String, String)> {
        run_with(src, code, &Config::default())
    }

    /// The range texts only.
    pub fn ranges(src: &str, code: &str) -> Vec<String> {
        run(src, code).into_iter().map(|(r, _)| r).collect()
    }

    /// A config with a label schema (`key`, `type`) pairs.
    pub fn schema(labels: &[(&str, &str)]) -> Config {
        Config {
            label_schema: labels.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect(),
            ..Config::default()
        }
    }

    /// Applies the fix of the only finding with `code`.
    pub fn fixed(src: &str, code: &str) -> Option<String> {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
        let f: Vec<_> = report.findings.iter().filter(|f| f.diagnostic.code == code).collect();
        assert_eq!(f.len(), 1, "{f:?}");
        f[0].diagnostic.fix.as_ref()?.apply(src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_split_like_language_docker() {
        let i = parse_image("gcr.io/distroless/static:nonroot");
        assert_eq!((i.registry, i.name, i.tag), (Some("gcr.io"), "distroless/static", Some("nonroot")));
        let i = parse_image("localhost/x:1");
        assert_eq!((i.registry, i.name), (None, "localhost/x"));
        let i = parse_image("ruby@sha256:abc");
        assert_eq!((i.name, i.tag, i.digest), ("ruby", None, Some("sha256:abc")));
        assert_eq!(parse_image("x:${TAG}").tag, Some("${TAG}"));
    }

    #[test]
    fn unquote_keeps_variables() {
        assert_eq!(unquote('\\', "\"$A b\""), "$A b");
        assert_eq!(unquote('\\', "'${A}'"), "${A}");
        assert_eq!(unquote('\\', "x${A:-y}"), "x${A:-y}");
        assert_eq!(drop_quotes("\"'/x'\""), "/x");
    }
}

/// The version tag the size data knows for `image:latest` (`python` →
/// `3.14.7`): a tag of the same data row, so it names the image `latest`
/// named when the data was taken. `None` when the data does not know it.
pub(crate) fn known_version_tag(image: &str) -> Option<String> {
    let row = crate::sizedata::base_image(image, "latest")?;
    let candidates = [row.version, Some(row.resolved_tag)];
    candidates.into_iter().flatten().filter(|t| *t != "latest").find_map(|t| {
        let same = crate::sizedata::base_image(image, t).is_some_and(|r| std::ptr::eq(r, row));
        same.then(|| t.to_string())
    })
}
