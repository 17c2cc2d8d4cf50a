use super::from_words;
use crate::ast::Keyword;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM ... AS name` whose `AS` keyword is not cased like its
    /// `FROM` keyword (`FROM image as name`, `from image AS name`).
    ///
    /// ## Why it matters
    /// Consistent keyword casing keeps the Dockerfile readable. BuildKit
    /// checks it only when `FROM` itself is all lowercase or all uppercase;
    /// mixed-case keywords are ConsistentInstructionCasing's business.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix recases `AS`; keywords are case-insensitive.
    ///
    /// ## Equivalents
    /// BuildKit FromAsCasing (same check and message).
    pub static RULE = {
        code: "FromAsCasing",
        name: "from-as-casing",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "The 'as' keyword should match the case of the 'from' keyword",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, inst) in ctx.df.instructions.iter().enumerate() {
        if inst.keyword != Keyword::From {
            continue;
        }
        let words = from_words(inst);
        if words.len() < 3 {
            continue;
        }
        let from = inst.keyword_text.as_str();
        let as_kw = &words[1];
        let (lower, upper) = (from == from.to_lowercase(), from == from.to_uppercase());
        let wanted = if lower {
            as_kw.value.to_lowercase()
        } else if upper {
            as_kw.value.to_uppercase()
        } else {
            continue;
        };
        if as_kw.value == wanted {
            continue;
        }
        let mut v =
            Violation::new(as_kw.range, format!("'{}' and '{}' keywords' casing do not match", as_kw.value, from))
                .note("the `AS` keyword should be cased like `FROM`");
        if as_kw.range.slice(&ctx.df.source) == as_kw.value {
            v = v.with_fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_kw.range, wanted)]));
        }
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_when_cases_differ() {
        assert_eq!(
            findings("FROM scratch as base2\n", "FromAsCasing"),
            [("as".to_string(), "'as' and 'FROM' keywords' casing do not match".to_string())]
        );
        assert_eq!(
            findings("from scratch AS base\n", "FromAsCasing")[0].1,
            "'AS' and 'from' keywords' casing do not match"
        );
    }

    #[test]
    fn quiet_when_matching_or_from_is_mixed() {
        assert!(findings("FROM scratch AS a\nfrom scratch as b\nFrom scratch as c\nFROM scratch\n", "FromAsCasing")
            .is_empty());
    }

    #[test]
    fn fix_recases_as() {
        assert_eq!(fixed("FROM scratch as base\n", "FromAsCasing"), "FROM scratch AS base\n");
        assert_eq!(fixed("from scratch As base\n", "FromAsCasing"), "from scratch as base\n");
    }
}
