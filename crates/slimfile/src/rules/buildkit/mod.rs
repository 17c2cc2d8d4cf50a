//! Docker's own build checks (`docker build --check`), by BuildKit's names.
//!
//! The checks follow BuildKit's linter (moby/buildkit
//! `frontend/dockerfile/linter`, the parse-time checks in
//! `instructions/parse.go` and the conversion-time ones in
//! `dockerfile2llb`), with BuildKit's wording as the message. Like
//! `docker build --check`, every stage is checked, not only the stages the
//! default target needs.
//!
//! Helpers shared by the checks live here: BuildKit's view of the comments
//! before an instruction (its `PrevComment`), the per-instruction
//! `# check=skip=...` comment, the "did you mean" suggestion, Go's `%q`
//! quoting, the predefined build args and the environment a stage sees.
//!
//! One check has no rule here because hadolint's rule is the same check and
//! carries BuildKit's name as an alias: MaintainerDeprecated (DL4000).

mod consistent_instruction_casing;
mod copy_ignored_file;
mod duplicate_stage_name;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod json_args_recommended;
mod legacy_key_value_format;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod redundant_target_platform;
mod reserved_stage_name;
mod secrets_used_in_arg_or_env;
mod stage_name_casing;
mod undefined_arg_in_from;
mod undefined_var;
mod workdir_relative_path;

use crate::ast::{Args, Dockerfile, Instruction, ItemKind, Keyword};
use crate::expand::{Env, Lexer, VarRef};
use crate::lint::{Context, Rule};
use crate::TextRange;

pub static RULES: &[&Rule] = &[
    &consistent_instruction_casing::RULE,
    &copy_ignored_file::RULE,
    &duplicate_stage_name::RULE,
    &expose_invalid_format::RULE,
    &expose_proto_casing::RULE,
    &from_as_casing::RULE,
    &from_platform_flag_const_disallowed::RULE,
    &invalid_default_arg_in_from::RULE,
    &invalid_definition_description::RULE,
    &json_args_recommended::RULE,
    &legacy_key_value_format::RULE,
    &multiple_instructions_disallowed::RULE,
    &no_empty_continuation::RULE,
    &redundant_target_platform::RULE,
    &reserved_stage_name::RULE,
    &secrets_used_in_arg_or_env::RULE,
    &stage_name_casing::RULE,
    &undefined_arg_in_from::RULE,
    &undefined_var::RULE,
    &workdir_relative_path::RULE,
];

/// A comment line as BuildKit's parser records it before an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PrevComment {
    /// BuildKit's text: the raw line without its first character, trimmed
    /// (so `# foo bar` is `foo bar`).
    pub text: String,
    /// The comment in the source (from `#`).
    pub range: TextRange,
}

/// The comments BuildKit attaches to instruction `idx` (its `PrevComment`):
/// the comment lines since the previous instruction; blank lines do not end
/// the run, an empty `#` line drops what came before it, parser directives
/// never count.
pub(crate) fn prev_comments(df: &Dockerfile, idx: usize) -> Vec<PrevComment> {
    // Items are in source order: find the instruction's item by its start.
    let start = df.instructions.get(idx).map_or(0, |i| i.range.start);
    let near = df.items.partition_point(|it| it.range.end <= start);
    let found = df.items.get(near).filter(|it| it.kind == ItemKind::Instruction(idx)).map(|_| near);
    let Some(pos) = found.or_else(|| df.items.iter().position(|it| it.kind == ItemKind::Instruction(idx))) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in df.items[..pos].iter().rev() {
        match item.kind {
            ItemKind::Comment => {
                let raw = TextRange::new(item.range.start, item.content.end).slice(&df.source);
                let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
                let mut chars = raw.chars();
                chars.next();
                let text = chars.as_str().trim();
                if text.is_empty() {
                    break; // BuildKit resets its comment list here
                }
                out.push(PrevComment { text: text.to_string(), range: item.content });
            }
            ItemKind::Blank => {}
            _ => break,
        }
    }
    out.reverse();
    out
}

/// The `skip=` list of a `# check=...` comment (BuildKit's per-instruction
/// check comment), or `None` when the comment is something else. Text after
/// `//` is a remark (`# check=skip=Rule // why`).
pub(crate) fn check_comment_skips(text: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix("check")?.trim_start().strip_prefix('=')?;
    let rest = rest.split("//").next().unwrap_or("").trim();
    let mut skips = Vec::new();
    for part in rest.split(';') {
        if let Some((k, v)) = part.split_once('=') {
            if k.trim().eq_ignore_ascii_case("skip") {
                skips.extend(v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            }
        }
    }
    Some(skips)
}


/// BuildKit's "did you mean" (`util/suggest`).
pub(crate) use crate::parser::suggest;

/// Go's `%q` (`strconv.Quote`), for the strings these messages quote.
pub(crate) use crate::dump::go_quote;

/// The build args BuildKit defines for every build (`defaultArgs`), with the
/// values of a linux/amd64 build; `TARGETSTAGE` is the target's name.
pub(crate) fn predefined_args(target: &str) -> Vec<(&'static str, String)> {
    vec![
        ("BUILDPLATFORM", "linux/amd64".into()),
        ("BUILDOS", "linux".into()),
        ("BUILDOSVERSION", String::new()),
        ("BUILDARCH", "amd64".into()),
        ("BUILDVARIANT", String::new()),
        ("TARGETPLATFORM", "linux/amd64".into()),
        ("TARGETOS", "linux".into()),
        ("TARGETOSVERSION", String::new()),
        ("TARGETARCH", "amd64".into()),
        ("TARGETVARIANT", String::new()),
        ("TARGETSTAGE", target.to_string()),
    ]
}

/// An ordered environment (names in insertion order, later values win), as
/// BuildKit's env lists keep them.
#[derive(Clone, Debug, Default)]
pub(crate) struct EnvList {
    vars: Vec<(String, String)>,
    /// Name -> index in `vars` (lookups in constant time: a stage may
    /// declare thousands of variables).
    index: std::collections::HashMap<String, usize>,
}

impl EnvList {
    pub fn set(&mut self, name: &str, value: String) {
        match self.index.get(name) {
            Some(&i) => self.vars[i].1 = value,
            None => {
                self.index.insert(name.to_string(), self.vars.len());
                self.vars.push((name.to_string(), value));
            }
        }
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|(n, _)| n.as_str())
    }
    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
}

impl Env for EnvList {
    fn get(&self, name: &str) -> Option<&str> {
        self.index.get(name).map(|&i| self.vars[i].1.as_str())
    }
}

/// BuildKit's global args for FROM lines: the predefined args plus the meta
/// ARGs (before the first FROM) that have a default, expanded in order.
/// Also returns every declared meta ARG name (with or without a value).
/// Computed once per analysis (five rules read them).
pub(crate) fn global_args<'c>(ctx: &'c Context) -> &'c (EnvList, Vec<String>) {
    ctx.global_args.get_or_init(|| compute_global_args(ctx))
}

fn compute_global_args(ctx: &Context) -> (EnvList, Vec<String>) {
    let df = ctx.df;
    let target = ctx.sem.stages.last().and_then(|s| s.name.clone()).unwrap_or_default();
    let mut env = EnvList::default();
    for (n, v) in predefined_args(&target) {
        env.set(n, v);
    }
    let lexer = Lexer::new(df.escape);
    let mut declared = Vec::new();
    let first_from = df.instructions.iter().position(|i| i.keyword == Keyword::From).unwrap_or(df.instructions.len());
    for inst in df.instructions.iter().take(first_from) {
        if inst.keyword != Keyword::Arg {
            continue;
        }
        for (name, value) in arg_pairs(inst) {
            declared.push(name.clone());
            if let Some(v) = value {
                let v = lexer.process_word(&v, &env).map(|e| e.value).unwrap_or(v);
                env.set(&name, v);
            }
        }
    }
    (env, declared)
}

/// The `NAME[=value]` pairs of an ARG instruction (value raw).
pub(crate) fn arg_pairs(inst: &Instruction) -> Vec<(String, Option<String>)> {
    let Args::List(words) = &inst.args else { return Vec::new() };
    words
        .iter()
        .map(|w| match w.value.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (w.value.clone(), None),
        })
        .collect()
}

/// The variable references of a word, deduplicated by name (BuildKit reports
/// each unmatched name once per expansion), special parameters left out.
pub(crate) fn refs_by_name(text: &str, escape: char) -> Vec<VarRef> {
    let mut out: Vec<VarRef> = Vec::new();
    for r in crate::expand::variable_refs(text, escape) {
        if r.is_special() || out.iter().any(|o| o.name == r.name) {
            continue;
        }
        out.push(r);
    }
    out
}

/// The FROM instruction's image word, `AS` word and name word.
pub(crate) fn from_words(inst: &Instruction) -> &[crate::ast::Word] {
    match &inst.args {
        Args::List(w) => w,
        _ => &[],
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    /// (range text, message) of every finding with `code`.
    pub fn findings(src: &str, code: &str) -> Vec<(String, String)> {
        findings_with(src, None, code)
    }

    /// The same, with a `.dockerignore`.
    pub fn findings_with(src: &str, ignore: Option<&str>, code: &str) -> Vec<(String, String)> {
        crate::rules::test_util::findings(src, ignore, code)
    }

    /// The source after applying the fix of the only finding with `code`.
    pub fn fixed(src: &str, code: &str) -> String {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
        let found: Vec<_> = report.findings.iter().filter(|f| f.diagnostic.code == code).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        let fix = found[0].diagnostic.fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, crate::fix::Applicability::Safe);
        fix.apply(src).expect("applies")
    }

    /// Whether the only finding with `code` has no fix.
    pub fn has_fix(src: &str, code: &str) -> bool {
        let report = crate::analyze(&crate::Input { dockerfile: src, dockerignore: None, config: None });
        report.findings.iter().filter(|f| f.diagnostic.code == code).any(|f| f.diagnostic.fix.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_and_quoting() {
        assert_eq!(suggest("PAHT", ["PATH", "HOME"]), Some("PATH"));
        assert_eq!(suggest("DIR_ASSET", ["DIR_BINARIES", "DIR_ASSETS"]), Some("DIR_ASSETS"));
        assert_eq!(suggest("version", ["tag", "TARGETOSVERSION"]), None);
        assert_eq!(suggest("A", ["A", "B"]), None);
        assert_eq!(crate::parser::edit_distance("kitten", "sitting"), 3);
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn check_comments() {
        assert_eq!(check_comment_skips("check=skip=A // why"), Some(vec!["A".to_string()]));
        assert_eq!(check_comment_skips("check = skip=A,B;error=true"), Some(vec!["A".into(), "B".into()]));
        assert_eq!(check_comment_skips("checks are good"), None);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for src in [
            "",
            "FROM\n",
            "FROM a AS\nARG =x\nARG\nENV\nEXPOSE :/ ::: /TCP é/É\n",
            "\u{feff}# c\r\nFROM --platform= a AS É\r\nRUN a \\\r\n\r\n",
            "FROM a\nCOPY ${\nWORKDIR ${x:?}\nENV A B\\\n\nLABEL é ü\n",
            "ARG X=${\nFROM $X AS x\nFROM x\nCOPY --from=X a b\nONBUILD ENV a b\n# é\nARG é=1\n",
            "FROM a\nRUN --mount=type=cache,target=$T,id=\"${ true\nCMD x\nCMD y\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n",
            "# check=experimental=all\n  # é desc\nARG é\nFROM a AS b\nWORKDIR é\nEXPOSE $P/UDP\n",
        ] {
            for ignore in [None, Some("*\n"), Some("[\n!\n")] {
                let r = crate::analyze(&crate::Input { dockerfile: src, dockerignore: ignore, config: None });
                for f in r.findings.iter().filter(|f| f.file == crate::FileKind::Dockerfile) {
                    assert!(f.diagnostic.range.end <= src.len(), "{f:?} in {src:?}");
                    if let Some(fix) = &f.diagnostic.fix {
                        let _ = fix.apply(src);
                    }
                }
            }
        }
    }

    #[test]
    fn prev_comments_follow_buildkit() {
        let df = crate::parse("# check=skip=all\nFROM a\n# one\n\n# two\nRUN x\n#\n# three\nRUN y\n");
        let texts = |i| prev_comments(&df, i).into_iter().map(|c| c.text).collect::<Vec<_>>();
        assert!(texts(0).is_empty(), "directives are not comments");
        assert_eq!(texts(1), ["one", "two"]);
        assert_eq!(texts(2), ["three"]);
    }
}
