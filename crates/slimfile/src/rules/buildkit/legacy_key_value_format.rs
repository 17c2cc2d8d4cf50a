use crate::ast::{Args, Keyword};
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` in the legacy whitespace form
    /// (`ENV NODE_ENV production`) instead of `key=value`.
    ///
    /// ## Why it matters
    /// The legacy form takes everything after the first space as the value,
    /// so `ENV A 1 B 2` sets `A` to `1 B 2`, not two variables. It can hold
    /// only one pair, reads differently from every other `ENV`, and Docker's
    /// documentation marks it as deprecated.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// ENV NODE_ENV production
    /// LABEL maintainer team@example.org
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV NODE_ENV=production
    /// LABEL maintainer=team@example.org
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix writes `key=value`, and wraps a value that contains
    /// spaces in double quotes. It is offered only when that gives the same
    /// value: not when the value has quotes or escapes of its own, or spans
    /// several lines.
    ///
    /// ## Equivalents
    /// BuildKit LegacyKeyValueFormat (same check and message).
    pub static RULE = {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "Legacy key/value format with whitespace separator should not be used",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let src = &df.source;
    for stage in &ctx.sem.stages {
        for idx in stage.instructions.clone() {
            let inst = &df.instructions[idx];
            if !matches!(inst.keyword, Keyword::Env | Keyword::Label) {
                continue;
            }
            let Args::KeyValues(kvs) = &inst.args else { continue };
            for kv in kvs.iter().filter(|kv| kv.legacy) {
                let k = &inst.keyword_text;
                let mut v = Violation::new(
                    kv.range,
                    format!("\"{k} key=value\" should be used instead of legacy \"{k} key value\" format"),
                )
                .note("the legacy form takes the rest of the line as one value and is deprecated");
                let gap = TextRange::new(kv.key.range.end, kv.value.range.start);
                let value = &kv.value.value;
                let plain_gap = !gap.is_empty() && gap.slice(src).chars().all(|c| c == ' ' || c == '\t');
                let single_line = kv.value.range.slice(src) == value.as_str() && !value.contains('\n');
                let special = value.chars().any(|c| matches!(c, '"' | '\'' | '`' | '\\') || c == df.escape);
                if plain_gap && single_line && !special && !value.is_empty() {
                    let mut edits = vec![Edit::replace(gap, "=")];
                    if value.chars().any(char::is_whitespace) {
                        edits.push(Edit::insert(kv.value.range.start, "\""));
                        edits.push(Edit::insert(kv.value.range.end, "\""));
                    }
                    v = v.with_fix(Fix::safe(format!("Write `{}={}`", kv.key.value, value), edits));
                } else {
                    v = v.fix_title(format!("Write {k} {}=<value>", kv.key.value));
                }
                out.push(v.on_instruction(idx));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed, has_fix};

    #[test]
    fn fires_on_legacy_pairs() {
        assert_eq!(
            findings("FROM scratch\nENV testkey value\nlabel key value\n", "LegacyKeyValueFormat"),
            [
                (
                    "testkey value".to_string(),
                    "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format".to_string()
                ),
                (
                    "key value".to_string(),
                    "\"label key=value\" should be used instead of legacy \"label key value\" format".to_string()
                ),
            ]
        );
    }

    #[test]
    fn quiet_on_key_value() {
        assert!(findings("FROM scratch\nENV a=b c=\"d e\"\nLABEL k=v\n", "LegacyKeyValueFormat").is_empty());
    }

    #[test]
    fn fixes() {
        assert_eq!(fixed("FROM scratch\nENV A 1\n", "LegacyKeyValueFormat"), "FROM scratch\nENV A=1\n");
        assert_eq!(
            fixed("FROM scratch\nENV A  one two\n", "LegacyKeyValueFormat"),
            "FROM scratch\nENV A=\"one two\"\n"
        );
        assert!(!has_fix("FROM scratch\nENV A say \"hi\"\n", "LegacyKeyValueFormat"));
    }
}
