use super::{from_words, global_args, predefined_args, refs_by_name, suggest};
use crate::expand::Env;
use crate::lint::{Context, Violation};
use crate::TextRange;

crate::declare_rule! {
    /// ## What it does
    /// Flags a variable in a `FROM` image or `--platform` value that no `ARG`
    /// before the first `FROM` declares and that is not one of BuildKit's
    /// predefined args (`TARGETPLATFORM`, `BUILDARCH`, ...). It suggests a
    /// declared name when one is close (`BULIDPLATFORM`: did you mean
    /// `BUILDPLATFORM`?).
    ///
    /// ## Why it matters
    /// `FROM` lines only see the ARGs declared before the first `FROM`. An
    /// undeclared variable expands to nothing: `FROM node:${VERSION}` becomes
    /// `FROM node:` and the build fails, or worse, silently picks another
    /// image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$BULIDPLATFORM golang:1.23
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: declare the ARG or correct the name.
    ///
    /// ## Equivalents
    /// BuildKit UndefinedArgInFrom (same check and message).
    pub static RULE = {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "FROM command must use declared ARGs",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let df = ctx.df;
    let (env, meta) = global_args(ctx);
    let mut declared: Vec<String> = meta.clone();
    for (n, _) in predefined_args("") {
        if !declared.iter().any(|d| d == n) {
            declared.push(n.to_string());
        }
    }
    for stage in &ctx.sem.stages {
        let inst = &df.instructions[stage.from_instruction];
        let mut texts: Vec<(&str, TextRange, TextRange)> = Vec::new();
        if let Some(w) = from_words(inst).first() {
            texts.push((&w.value, w.logical, w.range));
        }
        if let Some(f) = inst.flag("platform") {
            if let (Some(v), Some(r)) = (&f.value, f.value_range) {
                texts.push((v, TextRange::empty(0), r));
            }
        }
        for (i, (text, logical, range)) in texts.into_iter().enumerate() {
            for r in refs_by_name(text, df.escape) {
                if env.get(&r.name).is_some() || declared.contains(&r.name) {
                    continue;
                }
                // Point at the reference itself when the word is as written.
                let at = if i == 0 && range.slice(&df.source) == text {
                    inst.logical.range_to_source(r.range.shift(logical.start))
                } else if range.slice(&df.source) == text {
                    r.range.shift(range.start)
                } else {
                    range
                };
                let mut msg = format!("FROM argument '{}' is not declared", r.name);
                if let Some(s) = suggest(&r.name, declared.iter().map(String::as_str)) {
                    msg.push_str(&format!(" (did you mean {s}?)"));
                }
                let v = Violation::new(at, msg)
                    .note("FROM lines only see ARGs declared before the first FROM; this one expands to nothing")
                    .fix_title(format!("Declare `ARG {}` before the first FROM, or fix the name", r.name));
                out.push(v.on_instruction(stage.from_instruction));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::findings;

    #[test]
    fn fires_with_suggestions() {
        assert_eq!(
            findings("FROM --platform=$BULIDPLATFORM scratch\n", "UndefinedArgInFrom"),
            [(
                "$BULIDPLATFORM".to_string(),
                "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)".to_string()
            )]
        );
        assert_eq!(
            findings("ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n", "UndefinedArgInFrom")[0].1,
            "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"
        );
        assert_eq!(
            findings("ARG tag=latest\nFROM busybox:${tag}${version} AS b\n", "UndefinedArgInFrom"),
            [("${version}".to_string(), "FROM argument 'version' is not declared".to_string())]
        );
    }

    #[test]
    fn quiet_for_declared_and_predefined() {
        for src in [
            "ARG base=scratch\nFROM $base\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
            "ARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\n",
        ] {
            assert!(findings(src, "UndefinedArgInFrom").is_empty(), "{src}");
        }
    }
}
