use super::common::{arg_words, pairs, top_level, unquote};
use crate::ast::Keyword;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ENV` that sets a variable and refers to it in the same
    /// instruction (`ENV A=1 B=$A`).
    ///
    /// ## Why it matters
    /// All values of one `ENV` are expanded with the variables as they were
    /// *before* the instruction: `$A` is not the `A` set next to it (it is
    /// empty, or an older value). The result is rarely what was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: splitting the instruction changes the value, which
    /// may or may not be what you want.
    ///
    /// ## Equivalents
    /// hadolint DL3044 (as in hadolint, a variable already set by an earlier
    /// `ENV` or `ARG` anywhere in the file is not reported, and
    /// `$NAMEsuffix` does not count as a reference to `NAME`).
    pub static RULE = {
        code: "DL3044",
        name: "env-self-reference",
        aliases: [],
        severity: Error,
        group: Hadolint,
        summary: "Do not refer to an environment variable within the same `ENV` statement where it is defined",
        check: check,
    }
}

fn is_var_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `${name}` anywhere, or `$name` followed by something that ends a name.
fn references(value: &str, name: &str) -> bool {
    if value.contains(&format!("${{{name}}}")) {
        return true;
    }
    let bare = format!("${name}");
    value.contains(&bare) && value.split(&bare).skip(1).any(|rest| !rest.starts_with(is_var_char))
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut defined: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (_, inst) in top_level(ctx) {
        match inst.keyword {
            Keyword::Arg => {
                for w in arg_words(inst) {
                    defined.insert(w.value.split('=').next().unwrap_or("").to_string());
                }
            }
            Keyword::Env => {
                let kvs = pairs(inst);
                let names: Vec<String> = kvs.iter().map(|kv| unquote(ctx.df.escape, &kv.key.value)).collect();
                let values: Vec<String> = kvs.iter().map(|kv| unquote(ctx.df.escape, &kv.value.value)).collect();
                let mut reported: Vec<&str> = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    if defined.contains(name) || reported.contains(&name.as_str()) {
                        continue;
                    }
                    let Some(j) = (0..kvs.len()).find(|&j| j != i && references(&values[j], name)) else { continue };
                    reported.push(name);
                    out.push(
                        Violation::new(
                            kvs[j].value.range,
                            format!("`{}` refers to `{name}`, which this same ENV sets", names[j]),
                        )
                        .note(format!(
                            "values are expanded before the ENV applies: `${name}` is not the value set here"
                        ))
                        .fix_title(format!("set `{name}` in an earlier ENV")),
                    );
                }
                defined.extend(names);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::hadolint::common::test_util::{ranges, run};

    #[test]
    fn fires_on_references_to_the_same_env() {
        assert_eq!(
            run("ENV BLA=\"blubb\" BLUBB=\"${BLA}/blubb\"\n", "DL3044"),
            [("\"${BLA}/blubb\"".to_string(), "`BLUBB` refers to `BLA`, which this same ENV sets".to_string())]
        );
        for src in [
            "ENV BLA=\"blubb\" BLUBB=\"$BLA/$BLAFOO/blubb\"\n",
            "ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n",
            "ENV BLA=\"blubb\" BLUBB=\"$BLA\"\n",
            "ENV A=$B B=1\n",
            "ENV C=1 D='$C'\n",
        ] {
            assert_eq!(ranges(src, "DL3044").len(), 1, "{src}");
        }
    }

    #[test]
    fn quiet_for_earlier_definitions_and_other_names() {
        for src in [
            "ENV BLA=\"blubb\"\nENV BLUBB=\"${BLA}/blubb\"\n",
            "ENV BLA=\"blubb\" BLUBB=\"${FOOBLA}/blubb\"\n",
            "ENV BLA=\"blubb\" BLUBB=\"$BLAFOO/blubb\"\n",
            "ENV BLA=\"blubb\" BLUBB=\"BLA/$BLAFOO/BLA\"\n",
            "ARG BLA\nENV BLA=${BLA}\n",
            "ENV BLA blubb\nENV BLA=${BLA}\n",
            "ENV PATH=/bla:${PATH}\n",
            "ENV H=1 I=${H:-x}\n",
        ] {
            assert!(run(src, "DL3044").is_empty(), "{src}");
        }
    }
}
